// Order: the test shares state with other tests (globals, statics, singletons, environment variables, the working
// directory, database rows), so it passes or fails depending on which tests ran before it, or beside it.

import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { sourceSignal } from './signals';
import type { SourceView } from './sourceText';

interface StateRule {
  readonly id: string;
  readonly weight: number;
  readonly pattern: RegExp;
  readonly languages?: readonly SourceView['language'][];
}

const SHARED_STATE: readonly StateRule[] = [
  // Process-wide state that every test in the process sees.
  { id: 'environment', weight: 0.45, pattern: /\benv::(?:set_var|remove_var)\s*\(|\bos\.(?:Setenv|Unsetenv|Clearenv)\s*\(|\bSystem\.(?:setProperty|clearProperty|setProperties)\s*\(|\bprocess\.env(?:\.\w+|\[[^\]]{1,80}\])\s*=(?!=)|\bdelete\s+process\.env\b|\bos\.environ(?:\[[^\]]{1,80}\])?\s*=(?!=)|\bos\.environ\.(?:update|pop|setdefault|clear)\s*\(|\bos\.(?:putenv|unsetenv)\s*\(/ },
  { id: 'working-directory', weight: 0.5, pattern: /\bset_current_dir\s*\(|\bos\.Chdir\s*\(|\bos\.chdir\s*\(|\bprocess\.chdir\s*\(|\bSystem\.setProperty\s*\(\s*"user\.dir"/ },
  { id: 'global-default', weight: 0.5, pattern: /\b(?:Locale|TimeZone)\.setDefault\s*\(|\bCharset\.defaultCharset\b|\bhttp\.DefaultClient\.\w+\s*=|\bhttp\.DefaultTransport\s*=|\blog\.Set(?:Output|Flags|Prefix)\s*\(|\bslog\.SetDefault\s*\(|\bset_(?:global_)?(?:logger|default)\w*\s*\(|\bsetGlobal\w*\s*\(|\bflag\.Set\s*\(/ },
  { id: 'global-registration', weight: 0.45, pattern: /\bhttp\.Handle(?:Func)?\s*\(|\bprometheus\.(?:MustRegister|Register)\s*\(|\bsql\.Register\s*\(|\bgob\.Register\s*\(|\bsignal\.Notify\s*\(/ },
  // Statics and globals.
  { id: 'static-mut', weight: 0.55, pattern: /\bstatic\s+mut\b/, languages: ['rust', 'unknown'] },
  { id: 'global-cell', weight: 0.4, pattern: /\blazy_static!|\bstatic\s+\w+\s*:\s*(?:[\w:]+::)?(?:Mutex|RwLock|Atomic\w+|OnceLock|OnceCell|LazyLock|Lazy|RefCell|Cell)\b/, languages: ['rust', 'unknown'] },
  { id: 'static-field', weight: 0.4, pattern: /^\s*(?:(?:private|protected|public|internal)\s+)?static\s+(?!final\b|class\b|void\b|\{|import\b|async\b|readonly\b|[\w<>[\], ]{1,80}\()[\w<>[\], ]{1,80}\s+\w+\s*(?:=|;)/, languages: ['java', 'kotlin', 'typescript', 'javascript', 'unknown'] },
  { id: 'global-statement', weight: 0.45, pattern: /^\s*(?:global|nonlocal)\s+\w+/, languages: ['python'] },
  { id: 'global-object', weight: 0.4, pattern: /\b(?:globalThis|global|window)\.\w+\s*=(?!=)|\.prototype\.\w+\s*=(?!=)/, languages: ['typescript', 'javascript'] },
  { id: 'module-state', weight: 0.35, pattern: /\bsys\.modules\[|\bimportlib\.reload\s*\(|\bcls\.\w+\s*=(?!=)|\bsetattr\s*\(\s*[A-Z]\w*\s*,/, languages: ['python'] },
  { id: 'singleton', weight: 0.3, pattern: /\.getInstance\s*\(\s*\)|\bINSTANCE\b|\bSingleton\b|\bsingleton\b|\bshared(?:Instance|Manager)\b|\.getDefault\s*\(\s*\)/ },
  { id: 'order-annotation', weight: 0.35, pattern: /@FixMethodOrder\b|@Order\s*\(|@TestMethodOrder\b|@pytest\.mark\.order\b|@depends\b|\bdependsOnMethods\b/ },
  { id: 'shared-database', weight: 0.25, pattern: /\b(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+TABLE|DROP\s+TABLE|TRUNCATE\s+TABLE)\b/i },
];

const messageRules: readonly MessageRule[] = [
  { id: 'already-set', category: 'order', weight: 0.45, all: [/\balready (?:registered|initiali[sz]ed|defined|declared|been (?:set|initiali[sz]ed|registered|called)|set|started|configured)\b|\bmultiple registrations for\b|\bduplicate (?:metrics )?collector registration\b|attempted to set a logger/i] },
  { id: 'duplicate-row', category: 'order', weight: 0.45, all: [/duplicate key|UNIQUE constraint failed|unique constraint|violates unique|Duplicate entry|IntegrityError|ConstraintViolation/i] },
  { id: 'leftover-entity', category: 'order', weight: 0.4, all: [/already exists/i, /\b(?:table|database|schema|index|relation|topic|queue|bucket|user|record|row|key|namespace|collection)\b/i] },
  { id: 'poisoned-by-other-test', category: 'order', weight: 0.3, all: [/PoisonError|poisoned lock|lock poisoned/i] },
];

const sharedState: SourceRule = (source) => {
  const signals: Signal[] = [];
  for (const rule of SHARED_STATE) {
    if (rule.languages !== undefined && !rule.languages.includes(source.language)) continue;
    const index = source.code.findIndex((line) => rule.pattern.test(line));
    if (index >= 0) signals.push(sourceSignal(source, index, 'order', rule.id, rule.weight));
  }
  return signals;
};

export const orderRules: CategoryRules = {
  messageRules,
  sourceRules: [sharedState],
};
