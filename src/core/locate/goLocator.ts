// Finds the tests of one Go `_test.go` file: `TestXxx`/`BenchmarkXxx`/`ExampleXxx`/`FuzzXxx` functions, their
// `t.Run` subtests (literal names, nested, and table-driven ones whose names come from a table's `name:` field),
// testify suite methods, the package name, and the one OS the file builds on when its name or constraints say so.
//
// A linear scan over a token stream (comments, strings and runes skipped), not a parser.

import type { OperatingSystem } from '../model';
import { goFileOperatingSystem, readBuildConstraints } from './goBuildConstraints';
import { IndexList } from './indexList';
import { TokenBuffer, countNewlines } from './tokenBuffer';
import { basename } from './workspacePath';
import { WORD_PART, asciiTable, isWordStart as isIdentStart, nameEnd, numberEnd } from './identChars';

export type GoTestKind = 'test' | 'benchmark' | 'example' | 'fuzz';

export interface GoTestFunction {
  readonly name: string;
  readonly kind: GoTestKind;
  /** 1-based line of the function's name. */
  readonly line: number;
}

/** A subtest whose name is known from the source. */
export interface GoSubtest {
  /** The top-level test function. */
  readonly parent: string;
  /** The id `go test` prints: `TestX/a/with_spaces` (names rewritten as the testing package does). */
  readonly id: string;
  /** The names as written in the source, outermost first. */
  readonly names: readonly string[];
  /** 1-based line: the `t.Run(` call, or the table entry's line for table-driven subtests. */
  readonly line: number;
  readonly fromTable: boolean;
}

/** A `func (s *Suite) TestXxx()` method: testify runs it as `TestRunner/TestXxx`. */
export interface GoSuiteMethod {
  readonly receiverType: string;
  readonly name: string;
  readonly line: number;
  /** Its `s.Run("name", func() {…})` subtests, with ids relative to the runner (`TestXxx/name`). */
  readonly subtests: readonly GoSubtest[];
}

/** A `suite.Run(t, new(Suite))` call inside a test function: links a suite type to its runner test. */
export interface GoSuiteRun {
  readonly test: string;
  readonly suiteType: string;
}

export interface GoFileScan {
  readonly file: string;
  readonly packageName: string;
  /** Set when the file's name or build constraints leave exactly one CI OS it builds on. */
  readonly os?: OperatingSystem;
  /** The `//go:build` expression, when there is one. */
  readonly buildConstraint?: string;
  readonly tests: readonly GoTestFunction[];
  readonly subtests: readonly GoSubtest[];
  readonly suiteMethods: readonly GoSuiteMethod[];
  readonly suiteRuns: readonly GoSuiteRun[];
}

const IDENT = 1;
const PUNCT = 2;
const STRING = 3;
const RAW_STRING = 4;
const OTHER_LITERAL = 5;

/** Reused between scans; a scan is synchronous, so one buffer is enough. */
const TOKENS = new TokenBuffer();
/** Noted while tokenizing, for the passes that look for them: `Run` names, `*` and `:` tokens. */
const RUNS = new IndexList();
const STARS = new IndexList();
const COLONS = new IndexList();

/** What a character below 128 starts: one table lookup instead of a chain of comparisons per token. */
const C_PUNCT = 0;
const C_SPACE = 1;
const C_SLASH = 2;
const C_QUOTE = 3;
const C_BACKTICK = 4;
const C_IDENT = 5;
const C_DIGIT = 6;
const CHAR_CLASS = asciiTable((c) =>
  c === 10 || c === 32 || c === 9 || c === 13 ? C_SPACE
  : c === 47 ? C_SLASH
  : c === 34 || c === 39 ? C_QUOTE
  : c === 96 ? C_BACKTICK
  : isIdentStart(c) ? C_IDENT
  : c >= 48 && c <= 57 ? C_DIGIT
  : C_PUNCT,
);

function tokenize(source: string): TokenBuffer {
  const n = source.length;
  const tokens = TOKENS;
  tokens.reset(n);
  RUNS.reset();
  STARS.reset();
  COLONS.reset();
  let i = 0;
  let line = 1;
  while (i < n) {
    const c = source.charCodeAt(i);
    const cls = c < 128 ? (CHAR_CLASS[c] ?? C_PUNCT) : C_IDENT;
    let end = i + 1;
    switch (cls) {
      case C_SPACE: {
        // A run of whitespace in one step.
        if (c === 10) line++;
        while (end < n) {
          const x = source.charCodeAt(end);
          if (x === 10) line++;
          else if (x !== 32 && x !== 9 && x !== 13) break;
          end++;
        }
        break;
      }
      case C_IDENT: {
        end = nameEnd(source, end, n, WORD_PART);
        if (end - i === 3 && c === 82 && source.charCodeAt(i + 1) === 117 && source.charCodeAt(i + 2) === 110) RUNS.push(tokens.count);
        tokens.pushNested(IDENT, i, end, line, c, false);
        break;
      }
      case C_SLASH: {
        const next = source.charCodeAt(i + 1);
        if (next === 47) {
          // A line comment: read to the end of its line (shorter than a call to indexOf for comments of a few words).
          end = i + 2;
          while (end < n && source.charCodeAt(end) !== 10) end++;
        } else if (next === 42) {
          const close = source.indexOf('*/', i + 2);
          end = close < 0 ? n : close + 2;
          line += countNewlines(source, i, end);
        } else {
          tokens.pushNested(PUNCT, i, end, line, c, false);
        }
        break;
      }
      case C_QUOTE: {
        let j = i + 1;
        while (j < n) {
          const x = source.charCodeAt(j);
          if (x === 92) j += 2;
          else if (x === c || x === 10) break;
          else j++;
        }
        end = j + 1;
        tokens.pushNested(c === 34 ? STRING : OTHER_LITERAL, i, end, line, c, false);
        break;
      }
      case C_BACKTICK: {
        const close = source.indexOf('`', i + 1);
        end = close < 0 ? n : close + 1;
        tokens.pushNested(RAW_STRING, i, end, line, c, false);
        line += countNewlines(source, i, end);
        break;
      }
      case C_DIGIT: {
        end = numberEnd(source, end, n, WORD_PART);
        tokens.pushNested(OTHER_LITERAL, i, end, line, c, false);
        break;
      }
      default: {
        if (c === 42) STARS.push(tokens.count);
        else if (c === 58) COLONS.push(tokens.count);
        // Brackets are paired as they come (TokenBuffer.partners): no pass and no array of its own per scan.
        tokens.pushNested(PUNCT, i, end, line, c, c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125);
      }
    }
    i = end;
  }
  tokens.finishBrackets();
  return tokens.finish(n);
}

/** The value of a Go string literal (interpreted or raw) as written in the source. */
export function goStringValue(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  const body = literal.slice(1, -1);
  if (!body.includes('\\')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'a':
        return '\u0007';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      default:
        return /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}

function isGoSpace(cp: number): boolean {
  if (cp < 0x2000) return cp === 9 || cp === 10 || cp === 11 || cp === 12 || cp === 13 || cp === 32 ||
    cp === 0x85 || cp === 0xa0 || cp === 0x1680;
  return cp <= 0x200a || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * A subtest name as `go test` prints it (the testing package's rewrite): spaces become `_`, characters that are not
 * printable become Go escapes (`\x07`, `\u200b`).
 */
export function goSubtestName(name: string): string {
  // Printable ASCII and spaces, the common case: spaces become `_`, without a regular expression.
  let plain = true;
  let spaces = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      plain = false;
      break;
    }
    if (c === 32) spaces = true;
  }
  if (plain) {
    if (!spaces) return name;
    // Pieces between spaces joined with `_`: cheaper than replaceAll for names of a few words.
    let out = '';
    let from = 0;
    for (let i = 0; i < name.length; i++) {
      if (name.charCodeAt(i) !== 32) continue;
      out += name.slice(from, i) + '_';
      from = i + 1;
    }
    return out + name.slice(from);
  }
  let out = '';
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x20 && cp < 0x7f) out += ch;
    else if (isGoSpace(cp)) out += '_';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** One parameter of type `*testing.T` (or B, F), the package possibly renamed or dot-imported. */
const TESTING_PARAM = /^\s*[\p{L}_][\p{L}\p{N}_]*\s+\*\s*(?:[\p{L}_][\p{L}\p{N}_]*\s*\.\s*)?([TBF])\s*$/u;

/** Starts with a lower-case letter (Go's rule for what follows `Test`); hoisted: the bundle compiles it once. */
const LOWER_FIRST = /^\p{Ll}/u;

const TEST_PREFIXES: readonly (readonly [string, GoTestKind, string])[] = [
  ['Test', 'test', 'T'],
  ['Benchmark', 'benchmark', 'B'],
  ['Example', 'example', ''],
  ['Fuzz', 'fuzz', 'F'],
];

/** Whether `s` starts with a lower-case letter (\p{Ll}); ASCII without a regular expression. */
function isLowerFirst(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return c >= 97 && c <= 122;
  return LOWER_FIRST.test(s);
}

/** The kind of test a top-level function is, from its name and parameters (`t *testing.T`), or undefined. */
function testKind(name: string, params: string): GoTestKind | undefined {
  for (const [prefix, kind, type] of TEST_PREFIXES) {
    if (!name.startsWith(prefix)) continue;
    // Go's rule: `TestXxx` where Xxx does not start with a lower-case letter.
    const rest = name.slice(prefix.length);
    if (rest !== '' && isLowerFirst(rest)) return undefined;
    if (type === '') return params.trim() === '' ? kind : undefined;
    const m = TESTING_PARAM.exec(params);
    return m?.[1] === type ? kind : undefined;
  }
  return undefined;
}

/** The names outside every subtest (shared: name lists are never changed). */
const NO_NAMES: readonly string[] = [];

/** `names` and then `name`, as a new list (sized literals for the usual depths). */
function withName(names: readonly string[], name: string): string[] {
  if (names.length === 0) return [name];
  if (names.length === 1) return [names[0] ?? '', name];
  return [...names, name];
}

/** Scans one Go test file. `file` is echoed back and its base name read for GOOS/GOARCH suffixes. */
export function locateGoFile(file: string, source: string): GoFileScan {
  const { kinds, starts, ends, lines, firsts, partners, count } = tokenize(source);
  const text = (k: number): string => (k < count ? source.slice(starts[k], ends[k]) : '');
  const kindAt = (k: number): number => (k < count ? (kinds[k] ?? 0) : 0);
  const lineAt = (k: number): number => lines[k] ?? 0;
  // Past the last token the buffer reads kind 0 (TokenBuffer.finish): `k < count` is implied by the kind.
  const isPunct = (k: number, ch: string): boolean => kinds[k] === PUNCT && k < count && firsts[k] === ch.charCodeAt(0);
  const isWord = (k: number, word: string): boolean =>
    k < count &&
    kinds[k] === IDENT &&
    (ends[k] ?? 0) - (starts[k] ?? 0) === word.length &&
    source.startsWith(word, starts[k]);
  const isString = (k: number): boolean => kindAt(k) === STRING || kindAt(k) === RAW_STRING;
  // Names bound to *testing.T/B/F anywhere in the file: the receivers of `x.Run(...)` subtests.
  const receivers = new Set<string>();
  for (let s = 0; s < STARS.count; s++) {
    const k = STARS.items[s] ?? 0;
    if (kinds[k - 1] === IDENT && kinds[k + 1] === IDENT && isPunct(k + 2, '.') && k + 3 < count) {
      const type = text(k + 3);
      if (type === 'T' || type === 'B' || type === 'F') receivers.add(text(k - 1));
    }
  }
  // The closing bracket of an opening one: `(`→`)`, `[`→`]`, `{`→`}` (count when unclosed).
  // Any other token reads 0 (partners holds nothing for it).
  const matching = (k: number): number => {
    if (k >= count) return count;
    const c = firsts[k];
    return kinds[k] === PUNCT && (c === 40 || c === 91 || c === 123) ? (partners[k] ?? count) : 0;
  };


  let packageName = '';
  const tests: GoTestFunction[] = [];
  const subtests: GoSubtest[] = [];
  const suiteMethods: GoSuiteMethod[] = [];
  const suiteRuns: GoSuiteRun[] = [];
  const bodies: { readonly start: number; readonly end: number }[] = [];
  const pendingTables: {
    test: string;
    prefix: readonly string[];
    field: string | undefined;
    bodyStart: number;
    bodyEnd: number;
    sink: GoSubtest[];
  }[] = [];
  /** Where subtests go: the file's, or a suite method's while its body is scanned. */
  let subtestSink = subtests;
  const addSubtest = (test: string, names: readonly string[], line: number, fromTable: boolean): void => {
    let id = test;
    for (const name of names) id += '/' + goSubtestName(name);
    subtestSink.push({ parent: test, id, names, line, fromTable });
  };

  /** `suiteReceiver`: in a testify suite method, the receiver whose `Run` makes subtests (`s.Run("x", func() {…})`). */
  const scanBody = (test: string, bodyStart: number, bodyEnd: number, suiteReceiver?: string): void => {
    const scopes: { names: readonly string[]; end: number }[] = [];
    // Only where a `Run` name is two tokens ahead (noted while tokenizing); scopes end as they would token by token.
    for (let r = RUNS.lowerBound(bodyStart + 2); r < RUNS.count; r++) {
      const k = (RUNS.items[r] ?? 0) - 2;
      if (k >= bodyEnd) break;
      while (scopes.length > 0 && k > (scopes[scopes.length - 1]?.end ?? 0)) scopes.pop();
      if (kinds[k] !== IDENT) continue;
      if (!isPunct(k + 1, '.') || !isPunct(k + 3, '(')) continue;
      const prefix = scopes[scopes.length - 1]?.names ?? NO_NAMES;
      const arg = k + 4;
      if (!receivers.has(text(k)) && text(k) !== suiteReceiver) {
        // testify: suite.Run(t, new(MySuite)) or suite.Run(t, &MySuite{...})
        if (kindAt(arg) === IDENT && isPunct(arg + 1, ',')) {
          if (text(arg + 2) === 'new' && isPunct(arg + 3, '(') && kindAt(arg + 4) === IDENT) {
            suiteRuns.push({ test, suiteType: text(arg + 4) });
          } else if (isPunct(arg + 2, '&') && kindAt(arg + 3) === IDENT && isPunct(arg + 4, '{')) {
            suiteRuns.push({ test, suiteType: text(arg + 3) });
          }
        }
        continue;
      }
      if (isString(arg) && isPunct(arg + 1, ',')) {
        const names = withName(prefix, goStringValue(text(arg)));
        addSubtest(test, names, lineAt(k), false);
        if (text(arg + 2) === 'func' && isPunct(arg + 3, '(')) {
          const paramsEnd = matching(arg + 3);
          let brace = paramsEnd + 1;
          while (brace < bodyEnd && !isPunct(brace, '{')) brace++;
          scopes.push({ names, end: matching(brace) });
        }
      } else if (kindAt(arg) === IDENT && isPunct(arg + 1, '.') && kindAt(arg + 2) === IDENT && isPunct(arg + 3, ',')) {
        pendingTables.push({ test, prefix, field: text(arg + 2), bodyStart, bodyEnd, sink: subtestSink });
      } else if (kindAt(arg) === IDENT && isPunct(arg + 1, ',')) {
        pendingTables.push({ test, prefix, field: undefined, bodyStart, bodyEnd, sink: subtestSink });
      }
    }
  };

  let depth = 0;
  for (let k = 0; k < count; k++) {
    if (isPunct(k, '{')) depth++;
    else if (isPunct(k, '}')) depth--;
    if (depth !== 0 || kindAt(k) !== IDENT) continue;
    const word = text(k);
    if (word === 'package' && packageName === '' && kindAt(k + 1) === IDENT) {
      packageName = text(k + 1);
      continue;
    }
    if (word !== 'func') continue;
    let receiverType: string | undefined;
    let receiverName: string | undefined;
    let at = k + 1;
    if (isPunct(at, '(')) {
      // `(s *Suite)`, `(*Suite)`, `(s *Suite[T])`: the last name outside the type parameters.
      const close = matching(at);
      for (let j = at + 1; j < close; j++) {
        if (isPunct(j, '[')) j = matching(j);
        else if (kindAt(j) === IDENT) {
          if (receiverType !== undefined && receiverName === undefined) receiverName = receiverType;
          receiverType = text(j);
        }
      }
      at = close + 1;
    }
    if (kindAt(at) !== IDENT) continue;
    const nameToken = at;
    const name = text(at);
    at++;
    if (isPunct(at, '[')) at = matching(at) + 1;
    if (!isPunct(at, '(')) continue;
    const paramsEnd = matching(at);
    const params = source.slice(ends[at] ?? 0, starts[paramsEnd] ?? 0);
    let open = paramsEnd + 1;
    while (open < count && !isPunct(open, '{') && !(kindAt(open) === IDENT && text(open) === 'func')) open++;
    if (!isPunct(open, '{')) continue;
    const close = matching(open);
    bodies.push({ start: open, end: close });
    if (receiverType !== undefined) {
      if (name.startsWith('Test') && !isLowerFirst(name.slice(4)) && params.trim() === '') {
        const methodSubtests: GoSubtest[] = [];
        suiteMethods.push({ receiverType, name, line: lineAt(nameToken), subtests: methodSubtests });
        if (receiverName !== undefined && receiverName !== '_') {
          subtestSink = methodSubtests;
          scanBody(name, open + 1, close, receiverName);
          subtestSink = subtests;
        }
      }
    } else {
      const kind = testKind(name, params);
      if (kind !== undefined && name !== 'TestMain') {
        tests.push({ name, kind, line: lineAt(nameToken) });
        scanBody(name, open + 1, close);
      }
    }
    k = close; // the body's braces are skipped, depth stays 0
  }

  for (const table of pendingTables) {
    let entries = tableEntries(table.field, table.bodyStart, table.bodyEnd);
    if (entries.length === 0) {
      // The table may be a package-level variable: look outside every function body.
      entries = [];
      let from = 0;
      for (const body of bodies) {
        entries.push(...tableEntries(table.field, from, body.start));
        from = body.end + 1;
      }
      entries.push(...tableEntries(table.field, from, count));
    }
    subtestSink = table.sink;
    for (const entry of entries) {
      addSubtest(table.test, withName(table.prefix, entry.name), entry.line, true);
    }
    subtestSink = subtests;
  }

  // `field: "name"` entries of a struct table, or `"name": {` entries of a map table when `field` is undefined.
  function tableEntries(field: string | undefined, from: number, to: number): { name: string; line: number }[] {
    const found: { name: string; line: number }[] = [];
    // Both forms have a `:` after token k (noted while tokenizing).
    for (let c = COLONS.lowerBound(from + 1); c < COLONS.count; c++) {
      const k = (COLONS.items[c] ?? 0) - 1;
      if (k >= to) break;
      if (field !== undefined) {
        if (kinds[k] === IDENT && isString(k + 2) && isPunct(k + 1, ':') && isWord(k, field)) {
          found.push({ name: goStringValue(text(k + 2)), line: lineAt(k + 2) });
        }
      } else if (isString(k) && isPunct(k + 1, ':') && isPunct(k + 2, '{')) {
        if (!isPunct(k - 1, '{') && !isPunct(k - 1, ',')) continue;
        found.push({ name: goStringValue(text(k)), line: lineAt(k) });
      }
    }
    return found;
  }

  const constraints = readBuildConstraints(source);
  const os = goFileOperatingSystem(basename(file), constraints);
  return {
    file,
    packageName,
    ...(os !== undefined ? { os } : {}),
    ...(constraints.goBuild !== undefined ? { buildConstraint: constraints.goBuild } : {}),
    tests,
    subtests,
    suiteMethods,
    suiteRuns,
  };
}
