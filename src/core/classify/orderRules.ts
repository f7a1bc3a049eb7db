// Order: the test shares state with other tests (globals, statics, singletons, environment variables, the working
// directory, database rows), so it passes or fails depending on which tests ran before it, or beside it.

import type { CategoryRules, MessageRule, Signal, SourceRule } from './signals';
import { sourceSignal } from './signals';
import type { SourceView } from './sourceText';

/** Class names whose static calls change no shared state (assertions, mocks, value factories, utilities). */
const STATELESS_CLASSES =
  'Assert|Assertions|Assume|Mockito|BDDMockito|EasyMock|PowerMockito|Matchers|CoreMatchers|Truth|Preconditions|Thread|System|Collections|Arrays|Objects|Math|StrictMath|String|Integer|Long|Double|Float|Short|Byte|Boolean|Character|TimeUnit|Duration|Instant|List|Map|Set|Optional|Stream|IntStream|LongStream|Collectors|Files|Paths|Path|UUID|Executors|CompletableFuture|ImmutableList|ImmutableMap|ImmutableSet|Lists|Maps|Sets|Iterables|Iterators|LoggerFactory|Logger|StandardCharsets|Pattern|Class|Object|BigDecimal|BigInteger|Stopwatch|StringUtils|IOUtils|FileUtils';
/** `Registry.register(…)`, `ConnectionFactory.setDefaultTimeout(…)`, `Plugins.initialize(…)`. */
const STATIC_STATE_CALL = new RegExp(
  `\\b(?!(?:${STATELESS_CLASSES})\\.)[A-Z][a-z]\\w{0,40}\\.(?:set|reset|clear|register|unregister|init|initialize|install|uninstall|enable|disable|configure|override)[A-Z]?\\w{0,40}\\s*\\(`,
);

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
  // A singleton or a shared default looked up, not changed: every test with a fixture reads some shared object, so
  // this alone says little (a change to class-level state, below, is the polluter's sign).
  { id: 'singleton', weight: 0.15, pattern: /\.getInstance\s*\(\s*\)|\bINSTANCE\b|\bSingleton\b|\bsingleton\b|\bshared(?:Instance|Manager)\b|\.getDefault\s*\(\s*\)|\b[A-Z][a-z]\w{0,40}\.(?:get|current|instance|getGlobal)\s*\(\s*\)/ },
  // A class-level (static) setter or registry called from a test: the change outlives the test.
  { id: 'static-state-call', weight: 0.3, pattern: STATIC_STATE_CALL, languages: ['java', 'kotlin', 'unknown'] },
  // The test resets shared state itself, or resets mocks that other tests share.
  { id: 'state-reset', weight: 0.2, pattern: /\b(?:super|this)\.\w{0,30}(?:[Rr]eset|[Cc]lean[Uu]p|[Cc]lear|[Rr]estore)\w{0,30}\s*\(|(?<![\w.])(?:reset|resetAll|clearAll|cleanUp|cleanup|restoreDefaults)\w{0,20}\s*\(|\bMockito\.(?:reset|clearInvocations)\s*\(/ },
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
    const index = source.bare.findIndex((line) => rule.pattern.test(line));
    if (index >= 0) signals.push(sourceSignal(source, index, 'order', rule.id, rule.weight));
  }
  return signals;
};

/** Java and Kotlin words that are not a variable a test could declare. */
const NOT_A_RECEIVER = new Set(['this', 'super', 'java', 'javax', 'org', 'com', 'net', 'io', 'it', 'kotlin', 'android']);
const DECLARATION =
  /(?:^\s*|[;({,]\s*|\bfinal\s+)(?:[A-Z][\w.]{0,80}(?:<[^;=(){}]{0,160}>)?(?:\[\])*|int|long|double|float|boolean|char|byte|short|var|val)\s+([a-z_]\w{0,60})\s*(?:=|;|:|,|\)|$)/g;
const LAMBDA_PARAMETERS = /\(\s*([a-z_][\w\s,]{0,200})\)\s*->|(?<![\w.])([a-z_]\w{0,60})\s*->/g;
const RECEIVER = /(?<![\w.$])([a-z_]\w{0,60})\s*\.\s*[A-Za-z_]\w{0,60}\s*\(|\bthis\.([a-z_]\w{0,60})\b/g;

/**
 * Java/Kotlin: the test works on objects it does not create (fields set up elsewhere: a server, a repository, a
 * receiver), which other tests of the class can leave in another state. Too common to count beside real signs, it
 * is what is left when a test shows no other sign: order dependence is the most common cause of flaky Java tests
 * (iDFlakies), and the body of such a test shows nothing else.
 */
const sharedFixture: SourceRule = (source) => {
  if (source.related || (source.language !== 'java' && source.language !== 'kotlin')) return [];
  const declared = new Set<string>();
  const parameters = /\(([^()]{0,600})\)/.exec(source.bare.slice(0, 4).join(' '))?.[1] ?? '';
  for (const parameter of parameters.split(',')) {
    const name = /([a-z_]\w{0,60})\s*$/.exec(parameter.trim())?.[1];
    if (name !== undefined) declared.add(name);
  }
  for (const line of source.bare) {
    for (const match of line.matchAll(DECLARATION)) if (match[1] !== undefined) declared.add(match[1]);
    for (const match of line.matchAll(LAMBDA_PARAMETERS)) {
      for (const name of (match[1] ?? match[2] ?? '').split(',')) declared.add(name.trim().split(/\s+/).pop() ?? '');
    }
  }
  for (let index = 0; index < source.bare.length; index += 1) {
    for (const match of (source.bare[index] ?? '').matchAll(RECEIVER)) {
      const name = match[1] ?? match[2];
      if (name !== undefined && !declared.has(name) && !NOT_A_RECEIVER.has(name)) {
        return [sourceSignal(source, index, 'order', 'shared-fixture', 0.12, { focus: match.index })];
      }
    }
  }
  return [];
};

export const orderRules: CategoryRules = {
  messageRules,
  sourceRules: [sharedState, sharedFixture],
};
