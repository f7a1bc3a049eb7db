// Quarantine a flaky test with its framework's own idiom, citing the reason: Rust `#[ignore = "…"]` (a doc-test:
// `ignore` in its code fence, which takes no reason), Go `t.Skip("…")` as the first statement, jest/vitest/mocha
// `it.skip`/`test.skip` with the reason in a comment above, pytest `@pytest.mark.flaky(reruns=N)` or
// `@pytest.mark.skip(reason="…")` (with `import pytest` when missing), a Python doctest `# doctest: +SKIP` on its
// examples (no reason either), JUnit 5 `@Disabled("…")` and JUnit 4 `@Ignore("…")` (with their import). A test
// already quarantined gets nothing.
import type { Language } from '../classify/language';
import type { TestDeclaration } from '../model';
import { codeOnly } from './codeText';
import { lineComment, oneLine, stringLiteral } from './reasonText';
import { shown, type FixOutcome, type QuickFix } from './quickFix';
import { indentationOf, insertLines, replaceInLine, sourceLines, type SourceLines, type TextEdit } from './textEdit';

export interface QuarantineInput {
  readonly declaration: Pick<TestDeclaration, 'name' | 'line' | 'file' | 'framework'>;
  readonly language: Language;
  /** The text of the declaration's file, as the editor has it now. */
  readonly text: string;
  /** The reason (see quarantineReason): cleaned and escaped here. */
  readonly reason: string;
  /** The test's flake rate (0..1), for the number of reruns. */
  readonly flakeRate: number;
}

const none = (reason: string): FixOutcome => ({ fixes: [], refused: [{ kind: 'quarantine', reason }] });

export function quarantineFixes(input: QuarantineInput): FixOutcome {
  const source = sourceLines(input.text);
  const index = input.declaration.line - 1;
  if (index < 0 || index >= source.lines.length) return none('the declaration is not in the file');
  switch (input.language) {
    case 'rust':
      return rust(input, source, index);
    case 'go':
      return go(input, source, index);
    case 'typescript':
    case 'javascript':
      return script(input, source, index);
    case 'python':
      if (input.declaration.framework === 'pytest') return python(input, source, index);
      return pythonDocTest(source, input, index) ?? none('only pytest tests and doctests are quarantined in Python');
    case 'java':
    case 'kotlin':
      return jvm(input, source, index);
    default:
      return none(`no quarantine idiom for ${input.language}`);
  }
}

function lastName(name: string): string {
  return name.split(/::|\/|\.| › /).pop() ?? name;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The lines above `index` that belong to the same item (attributes, annotations, decorators, comments). */
function headerAbove(source: SourceLines, index: number, isHeader: (trimmed: string) => boolean): string[] {
  const header: string[] = [];
  for (let i = index - 1; i >= 0 && header.length < 30; i--) {
    const trimmed = (source.lines[i] ?? '').trim();
    if (trimmed === '' || !isHeader(trimmed)) break;
    header.push(trimmed);
  }
  return header;
}

function fix(input: QuarantineInput, title: string, before: string, after: string, edits: TextEdit[]): QuickFix {
  return {
    kind: 'quarantine',
    title,
    label: `Quarantine ${oneLine(lastName(input.declaration.name), 80)}`,
    description: `${shown(before)} → ${shown(after)}`,
    file: input.declaration.file,
    edits,
  };
}

// A doc-test's code fence in a doc comment (`/// ```rust`, `//! ````, ` * ```` or a bare fence inside a `/** … */`
// block): what is before the fence, the fence, and its info string.
const DOC_TEST_FENCE = /^(\s*(?:\/\/[/!]|\/\*[*!]|\*)?\s*)(`{3,}|~{3,})([^`]*)$/;

/** A doc-test is quarantined in its fence: rustdoc lists an `ignore` block as ignored and does not run it. */
function rustDocTest(input: QuarantineInput, index: number, line: string, fence: RegExpExecArray): FixOutcome {
  const info = (fence[3] ?? '').trimEnd();
  const words = info.split(/[\s,]+/).filter((w) => w !== '');
  if (words.includes('ignore')) return none('already ```ignore');
  const withIgnore = info.trim() === '' ? 'ignore' : `${info},ignore`;
  const at = (fence[1] ?? '').length + (fence[2] ?? '').length;
  const after = `${line.slice(0, at)}${withIgnore}`;
  return {
    fixes: [fix(input, `Quarantine: ${fence[2] ?? ''}${withIgnore} (rustdoc lists this doc-test as ignored)`, line, after, [replaceInLine(index, at, line.length - at, withIgnore)])],
    refused: [],
  };
}

function rust(input: QuarantineInput, source: SourceLines, index: number): FixOutcome {
  const line = source.lines[index] ?? '';
  const fence = DOC_TEST_FENCE.exec(line);
  if (fence) return rustDocTest(input, index, line, fence);
  if (!new RegExp(`\\bfn\\s+${escapeRegExp(lastName(input.declaration.name))}\\b`).test(line)) return none('the declaration line is not a `fn` (a macro-made test?)');
  const header = headerAbove(source, index, (t) => t.startsWith('#[') || t.startsWith('//') || /^[\w\s"'=,:()<>.-]*\)?\]$/.test(t));
  // Attributes can share the fn's line (`#[test] #[ignore = "…"] fn f()`): a second #[ignore] does not compile.
  const code = codeOnly([line], 'rust')[0] ?? '';
  const sameLine = code.slice(0, Math.max(0, code.search(/\bfn\s/)));
  if (/#\[\s*ignore\b/.test(sameLine) || header.some((t) => /^#\[\s*ignore\b/.test(t))) return none('already #[ignore]d');
  const attribute = `#[ignore = ${stringLiteral('rust', input.reason)}]`;
  return { fixes: [fix(input, `Quarantine: ${shown(attribute, 60)}`, line, `${attribute} ${line.trim()}`, [insertLines(source, index, [indentationOf(line) + attribute])])], refused: [] };
}

function go(input: QuarantineInput, source: SourceLines, index: number): FixOutcome {
  // The function literal or declaration starts on the declaration's line; its signature can wrap, so its body's
  // brace is the first one outside parentheses on the next few lines. A search for a line ending in `{` would
  // run past a one-line test into the next function.
  const code = codeOnly(source.lines.slice(index, index + 4), 'go');
  const func = /\bfunc\b/.exec(code[0] ?? '');
  if (!func) return none('no func on the declaration line');
  let open = -1;
  let column = -1;
  let depth = 0;
  scan: for (let l = 0; l < code.length; l++) {
    const line = code[l] ?? '';
    for (let c = l === 0 ? func.index : 0; c < line.length; c++) {
      const ch = line[c];
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (depth === 0 && ch === '{') {
        open = index + l;
        column = c;
        break scan;
      } else if (depth === 0 && (ch === '}' || ch === ';')) break scan;
    }
  }
  if (open < 0) return none('no opening brace after the declaration');
  const opening = code[open - index] ?? '';
  if (opening.slice(column + 1).trim() !== '') return none('the body starts on the line of its opening brace (a one-line test): skip it by hand');
  const signature = [(code[0] ?? '').slice(func.index), ...code.slice(1, open - index + 1)].join(' ');
  const param = [...signature.matchAll(/\b(\w+)\s+\*testing\.[TB]\b/g)].pop()?.[1];
  const receiver = /\bfunc\s*\(\s*(\w+)\s+\*?[\w.]+\s*\)\s*Test\w*\s*\(\s*\)/.exec(signature)?.[1];
  const target = param ?? (receiver ? `${receiver}.T()` : undefined);
  if (!target) return none('no *testing.T parameter to skip with');
  let next = open + 1;
  while (next < source.lines.length && /^\s*(?:\/\/.*)?$/.test(source.lines[next] ?? '')) next++;
  const first = source.lines[next] ?? '';
  if (new RegExp(`^\\s*${escapeRegExp(target)}\\.Skip(?:f|Now)?\\s*\\(`).test(first)) return none('already skipped');
  const declIndent = indentationOf(source.lines[index] ?? '');
  const bodyIndent = indentationOf(first).length > declIndent.length ? indentationOf(first) : `${declIndent}\t`;
  const statement = `${target}.Skip(${stringLiteral('go', input.reason)})`;
  return {
    fixes: [fix(input, `Quarantine: ${shown(statement, 60)}`, source.lines[open] ?? '', `${(source.lines[open] ?? '').trim()} ${statement}`, [insertLines(source, open + 1, [bodyIndent + statement])])],
    refused: [],
  };
}

const JS_CALL = /(?<![\w.$])(x|f)?(it|test)((?:\.(?:only|skip|concurrent|each|failing|todo|fails|sequential|serial))*)(?=\s*[(`])/;

function script(input: QuarantineInput, source: SourceLines, index: number): FixOutcome {
  // The declaration's line is the title's; the call can start a line or two above it. A title can hold `test (`:
  // calls are looked for outside strings and comments.
  const from = Math.max(0, index - 2);
  const code = codeOnly(source.lines.slice(from, index + 1), 'javascript');
  for (let i = index; i >= from; i--) {
    const line = source.lines[i] ?? '';
    const match = JS_CALL.exec(code[i - from] ?? '');
    if (!match) continue;
    const [whole, prefix, base, modifiers = ''] = match;
    const parts = modifiers.split('.').filter(Boolean);
    if (prefix === 'x' || parts.includes('skip') || parts.includes('todo')) return none('already skipped');
    if (prefix === 'f') return none('a focused test (fit/ftest): unfocus it first');
    const kept = parts.filter((p) => p !== 'only');
    const at = kept.findIndex((p) => p === 'each' || p === 'failing' || p === 'fails');
    kept.splice(at < 0 ? kept.length : at, 0, 'skip');
    const call = [base, ...kept].join('.');
    const comment = lineComment('//', `${input.reason} (quarantined)`);
    // One edit (the comment line and the renamed call): two edits starting at one place would overlap.
    const edits = [replaceInLine(i, 0, match.index + whole.length, `${indentationOf(line)}${comment}${source.eol}${line.slice(0, match.index)}${call}`)];
    const after = `${line.slice(0, match.index)}${call}${line.slice(match.index + whole.length)}`;
    return { fixes: [fix(input, `Quarantine: ${call}(…) with the reason in a comment`, line, after, edits)], refused: [] };
  }
  return none('no it(…)/test(…) call at the declaration');
}

function python(input: QuarantineInput, source: SourceLines, index: number): FixOutcome {
  const line = source.lines[index] ?? '';
  if (!/^\s*(?:async\s+)?def\s+\w+/.test(line)) return none('the declaration line is not a def');
  const indent = indentationOf(line);
  const header = headerAbove(source, index, (t) => t.startsWith('@') || t.startsWith('#') || /^[)\]}]/.test(t) || t.endsWith(','));
  if (header.some((t) => /^@(?:pytest\.)?mark\.(?:skip|skipif|xfail)\b|^@unittest\.skip/.test(t))) return none('already skipped');
  const hasFlaky = header.some((t) => /^@(?:pytest\.)?mark\.flaky\b/.test(t));
  const importAt = hasPytestImport(source) ? -1 : importLine(source);
  // At the def's own line (a file that starts with the test), the import joins the decorator's insertion.
  const importEdit = importAt < 0 || importAt === index ? [] : [insertLines(source, importAt, ['import pytest'])];
  const importHere = importAt === index ? ['import pytest', ''] : [];
  const reruns = rerunsFor(input.flakeRate);
  const fixes: QuickFix[] = [];
  if (!hasFlaky) {
    const marker = `@pytest.mark.flaky(reruns=${reruns})`;
    fixes.push(
      fix(input, `Quarantine: ${marker} (pytest-rerunfailures re-runs it)`, line, `${marker} ${line.trim()}`, [
        ...importEdit,
        insertLines(source, index, [...importHere, indent + lineComment('#', input.reason), indent + marker]),
      ]),
    );
  }
  const skip = `@pytest.mark.skip(reason=${stringLiteral('python', input.reason)})`;
  fixes.push(fix(input, `Quarantine: ${shown(skip, 60)}`, line, `${skip} ${line.trim()}`, [...importEdit, insertLines(source, index, [...importHere, indent + skip])]));
  return { fixes, refused: hasFlaky ? [{ kind: 'quarantine', reason: 'already @pytest.mark.flaky: only skip is offered' }] : [] };
}

/**
 * A doctest (its docstring opens on line `index`, where DocTestFinder places it): `# doctest: +SKIP` on each
 * example's prompt line, which doctest then skips. A directive takes no reason text. Undefined when no triple-quoted
 * docstring with examples opens there.
 */
function pythonDocTest(source: SourceLines, input: QuarantineInput, index: number): FixOutcome | undefined {
  const lines = source.lines;
  const open = /(?:^|[^\w])[rRuU]?("""|''')/.exec(lines[index] ?? '');
  if (!open?.[1]) return undefined;
  const quote = open[1];
  const bodyStart = open.index + open[0].length;
  let close = -1;
  for (let i = index; i < lines.length && close < 0; i++) if ((lines[i] ?? '').indexOf(quote, i === index ? bodyStart : 0) >= 0) close = i;
  if (close < 0) return undefined;
  const prompts: number[] = [];
  for (let i = index; i <= close; i++) {
    const text = i === index ? (lines[i] ?? '').slice(bodyStart) : (lines[i] ?? '');
    if (/^\s*>>>(?:\s|$)/.test(text)) prompts.push(i);
  }
  if (prompts.length === 0) return undefined;
  const edits: TextEdit[] = [];
  for (const i of prompts) {
    const line = lines[i] ?? '';
    // Already skipped; or a prompt with only a comment, which cannot fail and where a directive is an error.
    if (/#\s*doctest:.*\+SKIP\b/.test(line) || /^\s*>>>\s*(?:#.*)?$/.test(line)) continue;
    // The directive must end the example's first line, inside the docstring and outside any string of its own.
    if (i === index || i === close) return none('a doctest example on the docstring\'s first or last line');
    if (line.trimEnd().endsWith('\\') || /"""|'''/.test(line)) return none('a doctest example whose line goes on (a backslash or a triple quote)');
    edits.push(replaceInLine(i, line.length, 0, /#\s*doctest:/.test(line) ? ' +SKIP' : '  # doctest: +SKIP'));
  }
  if (edits.length === 0) return none('already # doctest: +SKIP');
  const first = lines[prompts[0] ?? index] ?? '';
  const title = `Quarantine: # doctest: +SKIP on ${edits.length === 1 ? 'its example' : `its ${edits.length} examples`}`;
  return { fixes: [fix(input, title, first.trim(), `${first.trim()}  # doctest: +SKIP`, edits)], refused: [] };
}

/** Reruns so that a flaky failure fails the job about once in a thousand runs, between 1 and 5. */
export function rerunsFor(rate: number): number {
  if (!(rate > 0 && rate < 1)) return 2;
  return Math.min(5, Math.max(1, Math.ceil(Math.log(0.001) / Math.log(rate)) - 1));
}

/** A top-level `import pytest` (one inside a function does not bind the module's name), after the docstring. */
function hasPytestImport(source: SourceLines): boolean {
  return source.lines.slice(afterDocstring(source)).some((l) => /^import\s+(?:[\w.]+(?:\s+as\s+\w+)?\s*,\s*)*pytest\s*(?:,|#|$)/.test(l));
}

/** The index of the line after the module docstring (after the leading comments when there is none). */
function afterDocstring(source: SourceLines): number {
  const lines = source.lines;
  let i = 0;
  while (i < lines.length && /^\s*(?:#.*)?$/.test(lines[i] ?? '')) i++;
  const docstring = /^[rRuU]?("""|''')/.exec(lines[i] ?? '');
  if (docstring) {
    const quote = docstring[1] ?? '"""';
    const rest = (lines[i] ?? '').slice((lines[i] ?? '').indexOf(quote) + 3);
    if (!rest.includes(quote)) {
      i++;
      while (i < lines.length && !(lines[i] ?? '').includes(quote)) i++;
    }
    i++;
  }
  return Math.min(i, lines.length);
}

/**
 * Where `import pytest` goes: before the first import (after `from __future__` ones), else after the docstring.
 * Imports are looked for after the docstring: a line of its text can start with `import `.
 */
function importLine(source: SourceLines): number {
  const lines = source.lines;
  const start = afterDocstring(source);
  let lastFuture = -1;
  for (let j = start; j < lines.length; j++) {
    const l = lines[j] ?? '';
    if (/^from\s+__future__\s+import\b/.test(l)) lastFuture = j;
    else if (/^(?:import|from)\s/.test(l)) return Math.max(j, lastFuture + 1);
  }
  return lastFuture >= 0 ? lastFuture + 1 : start;
}

/**
 * The annotations and comments above a JVM method, code only (strings and comments blanked), trimmed. A line inside
 * an annotation's parentheses (`@CsvSource({\n "1, 2",\n })`) belongs to the block whatever it starts with.
 */
function annotationsAbove(source: SourceLines, index: number): string[] {
  const header: string[] = [];
  let unclosed = 0;
  for (let i = index - 1; i >= 0 && header.length < 60; i--) {
    const raw = (source.lines[i] ?? '').trim();
    const code = (codeOnly([raw], 'java')[0] ?? '').trim();
    const comment = /^(?:\/\/|\/?\*)/.test(raw);
    if (unclosed === 0 && (raw === '' || !(raw.startsWith('@') || comment || /^[)\]}]/.test(raw)))) break;
    // A doc comment's `a)` is prose: only code lines open and close parentheses.
    if (!comment) unclosed += (code.match(/\)/g)?.length ?? 0) - (code.match(/\(/g)?.length ?? 0);
    if (unclosed < 0) break;
    header.push(code);
  }
  return header;
}

function jvm(input: QuarantineInput, source: SourceLines, index: number): FixOutcome {
  const line = source.lines[index] ?? '';
  const kotlin = input.language === 'kotlin';
  const text = source.lines.join('\n');
  if (/^\s*import\s+org\.testng\b/m.test(text)) return none('TestNG: use @Test(enabled = false)');
  const junit4 = !/\borg\.junit\.jupiter\b/.test(text) && /^\s*import\s+org\.junit\.(?:Test|\*)\b/m.test(text);
  const annotation = junit4 ? 'Ignore' : 'Disabled';
  const header = annotationsAbove(source, index);
  const declared = codeOnly([line], 'java')[0] ?? '';
  if ([declared.trim(), ...header].some((t) => /(?:^|[\s(])@(?:[\w.]+\.)?(?:Disabled|Ignore)\b/.test(t))) return none('already disabled');
  const qualified = junit4 ? 'org.junit.Ignore' : 'org.junit.jupiter.api.Disabled';
  const wildcard = junit4 ? /^\s*import\s+org\.junit\.\*/m : /^\s*import\s+org\.junit\.jupiter\.api\.\*/m;
  const imported = new RegExp(`^\\s*import\\s+${escapeRegExp(qualified)}\\b`, 'm').test(text) || wildcard.test(text);
  // Another type imported under the same name (org.junit.Disabled, an alias): a second import of the name does not
  // compile, and it would shadow a wildcard import, so the annotation is written with its package.
  const clash = [...text.matchAll(/^\s*import\s+([\w.]+)(?:\s+as\s+(\w+))?\s*;?\s*$/gm)].some(
    ([, path = '', alias]) => (alias ?? path.split('.').pop()) === annotation && (path !== qualified || alias !== undefined),
  );
  const edits: TextEdit[] = [];
  if (!imported && !clash) {
    let last = -1;
    let pkg = -1;
    source.lines.forEach((l, i) => {
      if (/^\s*import\s/.test(l)) last = i;
      else if (/^\s*package\s/.test(l)) pkg = i;
    });
    const at = last >= 0 ? last + 1 : pkg + 1;
    edits.push(insertLines(source, at, [`import ${qualified}${kotlin ? '' : ';'}`]));
  }
  const written = `@${clash ? qualified : annotation}(${stringLiteral(kotlin ? 'kotlin' : 'java', input.reason)})`;
  edits.push(insertLines(source, index, [indentationOf(line) + written]));
  return { fixes: [fix(input, `Quarantine: ${shown(written, 60)}`, line, `${written} ${line.trim()}`, edits)], refused: [] };
}
