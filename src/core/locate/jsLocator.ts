// Finds the tests of one JavaScript/TypeScript test file: `describe`/`it`/`test`/`suite`/`context`/`specify` calls
// and their modifiers (`.only`, `.skip`, `.todo`, `.concurrent`, `.each(table)`, `.each\`table\``, `.for`,
// `.skipIf(cond)`, Playwright's `test.describe.serial`...), nested, with titles that are literal, built from
// constants of the same file, or templates whose unknown parts become wildcards; node:test subtests (`t.test`);
// and the framework the file's imports name.
//
// A linear scan over a token stream (comments, strings, template literals with nested `${}` and regular expression
// literals skipped), not a parser: the few call shapes it needs are recognised on the tokens.

import type { Framework } from '../model';
import { concatTitles, eachTitle, isKnown, knownTitle, oneOfTitle, unknownTitle, type TestTitle } from './testTitle';
import { TokenBuffer, countNewlines, lineEnd } from './tokenBuffer';
import { DOLLAR_WORD_PART, asciiTable, isDollarWordStart as isIdentStart, nameEnd, numberEnd } from './identChars';

export interface JsTestDeclaration {
  readonly kind: 'suite' | 'test';
  /** The titles of the enclosing suites (and tests, for node:test subtests), outermost first, then its own. */
  readonly titles: readonly TestTitle[];
  /** 1-based line of the title (the call's line when the title is not on it). */
  readonly line: number;
  /**
   * Declared inside a helper function rather than in a suite's body: the suites it runs in are not known from this
   * file, so CI's name for it ends with its titles but may start with any suite's.
   */
  readonly floating: boolean;
}

export interface JsFileScan {
  readonly file: string;
  /** The framework the file's imports name (`vitest`, `@playwright/test`, `node:test`...), when they name one. */
  readonly frameworkHint?: Framework;
  readonly tests: readonly JsTestDeclaration[];
  readonly suites: readonly JsTestDeclaration[];
}

const IDENT = 1;
const PUNCT = 2;
const STRING = 3;
const TEMPLATE = 4;
const NUMBER = 5;
const REGEX = 6;

/** Reused between scans; a scan is synchronous, so one buffer is enough. */
const TOKENS = new TokenBuffer();

/** Words after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield',
  'await', 'extends',
]);

/**
 * Newlines that the skipping functions below passed over (as they count them): a scan reads it after each call
 * instead of passing a callback, so that its own line counter stays a local variable.
 */
let skippedNewlines = 0;

/** The index after a `${ … }` expression of a template literal whose `${` ends at `from`. */
function skipTemplateExpression(source: string, from: number): number {
  const n = source.length;
  let depth = 0;
  let j = from;
  while (j < n) {
    const c = source.charCodeAt(j);
    if (c === 125 /* } */) {
      if (depth === 0) return j + 1;
      depth--;
      j++;
    } else if (c === 123 /* { */) {
      depth++;
      j++;
    } else if (c === 96 /* ` */) {
      j = skipTemplate(source, j);
    } else if (c === 34 || c === 39) {
      j++;
      while (j < n) {
        const x = source.charCodeAt(j);
        if (x === 92) j += 2;
        else if (x === c || x === 10) break;
        else j++;
      }
      j++;
    } else if (c === 47 && source.charCodeAt(j + 1) === 47) {
      j = lineEnd(source, j);
    } else if (c === 47 && source.charCodeAt(j + 1) === 42) {
      const close = source.indexOf('*/', j + 2);
      const end = close < 0 ? n : close + 2;
      skippedNewlines += countNewlines(source, j, end);
      j = end;
    } else {
      if (c === 10) skippedNewlines++;
      j++;
    }
  }
  return n;
}

/** The index after the template literal whose opening backtick is at `open`. */
function skipTemplate(source: string, open: number): number {
  const n = source.length;
  let j = open + 1;
  while (j < n) {
    const c = source.charCodeAt(j);
    if (c === 92 /* \ */) {
      if (source.charCodeAt(j + 1) === 10) skippedNewlines++;
      j += 2;
    } else if (c === 96) {
      return j + 1;
    } else if (c === 36 /* $ */ && source.charCodeAt(j + 1) === 123) {
      j = skipTemplateExpression(source, j + 2);
    } else {
      if (c === 10) skippedNewlines++;
      j++;
    }
  }
  return n;
}

/**
 * The index after a JSX element opening at `open` (`<div …>…</div>`, `<x />`, `<>…</>`): its text may hold quotes
 * and slashes that mean nothing to JS. Attributes' strings and `{…}` expressions are skipped whole.
 */
function skipJsxElement(source: string, open: number): number {
  const n = source.length;
  let depth = 0;
  let j = open;
  while (j < n) {
    const c = source.charCodeAt(j);
    if (c === 60 /* < */) {
      const closing = source.charCodeAt(j + 1) === 47;
      // A tag: read to its `>`, skipping attribute strings and expressions.
      let k = j + 1;
      let selfClosing = false;
      while (k < n) {
        const x = source.charCodeAt(k);
        if (x === 62 /* > */) break;
        if (x === 34 || x === 39) {
          const close = source.indexOf(String.fromCharCode(x), k + 1);
          const end = close < 0 ? n : close;
          for (let m = source.indexOf('\n', k); m >= 0 && m < end; m = source.indexOf('\n', m + 1)) skippedNewlines++;
          k = end + 1;
          continue;
        }
        if (x === 123) {
          k = skipTemplateExpression(source, k + 1);
          continue;
        }
        if (x === 10) skippedNewlines++;
        if (x === 47 && source.charCodeAt(k + 1) === 62) selfClosing = true;
        k++;
      }
      j = k + 1;
      if (closing) depth--;
      else if (!selfClosing) depth++;
      if (depth <= 0) return j;
    } else if (c === 123) {
      j = skipTemplateExpression(source, j + 1);
    } else {
      if (c === 10) skippedNewlines++;
      j++;
    }
  }
  return n;
}

// What a character starts, for the tokenizer's dispatch: one table lookup instead of a chain of comparisons.
const C_PUNCT = 0;
const C_NEWLINE = 1;
const C_SPACE = 2;
const C_SLASH = 3;
const C_LESS = 4;
const C_QUOTE = 5;
const C_BACKTICK = 6;
const C_IDENT = 7;
const C_DIGIT = 8;
/** The class of each ASCII character (C_*). Above 127: U+FEFF is a space, anything else an identifier. */
const CHAR_CLASS = asciiTable((c) =>
  c === 10 ? C_NEWLINE
  : c === 32 || c === 9 || c === 13 || c === 12 || c === 11 ? C_SPACE
  : c === 47 ? C_SLASH
  : c === 60 ? C_LESS
  : c === 34 || c === 39 ? C_QUOTE
  : c === 96 ? C_BACKTICK
  : isIdentStart(c) || c === 35 /* # */ ? C_IDENT
  : c >= 48 && c <= 57 ? C_DIGIT
  : C_PUNCT,
);
/** The index after the identifier characters (isDollarWordPart) from `from`. */
function identEnd(source: string, from: number, n: number): number {
  return nameEnd(source, from, n, DOLLAR_WORD_PART);
}

/**
 * Whether a `/` (or a JSX `<`) after token `last` (-1: none) starts a regular expression (an element) rather than an
 * operator: after punctuation other than a closing bracket, or a word such as `return`.
 */
function regexAllowed(tokens: TokenBuffer, last: number, source: string): boolean {
  if (last < 0) return true;
  const kind = tokens.kinds[last];
  if (kind === IDENT) return REGEX_AFTER_WORDS.has(source.slice(tokens.starts[last], tokens.ends[last]));
  if (kind === PUNCT) {
    const c = tokens.firsts[last];
    return c !== 41 /* ) */ && c !== 93 /* ] */ && c !== 125 /* } */;
  }
  return false;
}

/** The tokens of a source, with their brackets paired (TokenBuffer.pushNested). */
function tokenize(source: string, jsx: boolean): TokenBuffer {
  const n = source.length;
  const tokens = TOKENS;
  tokens.reset(n);
  let i = 0;
  let line = 1;

  while (i < n) {
    const c = source.charCodeAt(i);
    const cls = c < 128 ? CHAR_CLASS[c] : c === 0xfeff ? C_SPACE : C_IDENT;
    if (cls === C_IDENT) {
      const j = identEnd(source, i + 1, n);
      tokens.pushNested(IDENT, i, j, line, c, false);
      i = j;
    } else if (cls === C_SPACE) {
      i++;
      // The rest of the run (indentation) in one step.
      while (i < n) {
        const x = source.charCodeAt(i);
        if (x !== 32 && x !== 9 && x !== 13) break;
        i++;
      }
    } else if (cls === C_PUNCT) {
      tokens.pushNested(PUNCT, i, i + 1, line, c, c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125);
      i++;
    } else if (cls === C_NEWLINE) {
      line++;
      i++;
    } else if (cls === C_QUOTE) {
      let j = i + 1;
      const startLine = line;
      while (j < n) {
        const x = source.charCodeAt(j);
        if (x === 92) {
          if (source.charCodeAt(j + 1) === 10) line++;
          j += 2;
        } else if (x === c || x === 10) break;
        else j++;
      }
      const end = Math.min(j + 1, n);
      tokens.pushNested(STRING, i, end, startLine, c, false);
      i = end;
    } else if (cls === C_SLASH) {
      const d = source.charCodeAt(i + 1);
      if (d === 47) {
        i = lineEnd(source, i);
        continue;
      }
      if (d === 42) {
        const close = source.indexOf('*/', i + 2);
        const end = close < 0 ? n : close + 2;
        line += countNewlines(source, i, end);
        i = end;
        continue;
      }
      if (regexAllowed(tokens, tokens.count - 1, source)) {
        let j = i + 1;
        let inClass = false;
        while (j < n) {
          const x = source.charCodeAt(j);
          if (x === 10) break;
          if (x === 92) j += 2;
          else {
            if (x === 91) inClass = true;
            else if (x === 93) inClass = false;
            else if (x === 47 && !inClass) break;
            j++;
          }
        }
        if (j < n && source.charCodeAt(j) === 47) {
          j = identEnd(source, j + 1, n);
          tokens.pushNested(REGEX, i, j, line, c, false);
          i = j;
          continue;
        }
      }
      tokens.pushNested(PUNCT, i, i + 1, line, c, false);
      i++;
    } else if (cls === C_BACKTICK) {
      skippedNewlines = 0;
      const end = skipTemplate(source, i);
      tokens.pushNested(TEMPLATE, i, end, line, c, false);
      line += skippedNewlines;
      i = end;
    } else if (cls === C_DIGIT) {
      const j = numberEnd(source, i + 1, n, DOLLAR_WORD_PART);
      tokens.pushNested(NUMBER, i, j, line, c, false);
      i = j;
    } else {
      // C_LESS: a JSX element where an expression may start, else an operator.
      if (jsx && regexAllowed(tokens, tokens.count - 1, source)) {
        const d = source.charCodeAt(i + 1);
        if (d === 62 || (isIdentStart(d) && d !== 36)) {
          skippedNewlines = 0;
          const end = skipJsxElement(source, i);
          tokens.pushNested(STRING, i, end, line, c, false);
          line += skippedNewlines;
          i = end;
          continue;
        }
      }
      tokens.pushNested(PUNCT, i, i + 1, line, c, false);
      i++;
    }
  }
  tokens.finishBrackets();
  return tokens.finish(n);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The value of a JS string literal's body (between the quotes). */
export function cookJsString(body: string): string {
  let slash = body.indexOf('\\');
  if (slash < 0) return body;
  let out = '';
  let from = 0;
  const n = body.length;
  while (slash >= 0) {
    out += body.slice(from, slash);
    const e = body.charCodeAt(slash + 1);
    let next = slash + 2;
    if (e === 117 /* u */ && body.charCodeAt(slash + 2) === 123 /* { */) {
      const close = body.indexOf('}', slash + 3);
      let hex = close > slash + 3;
      for (let j = slash + 3; hex && j < close; j++) hex = isHexDigit(body.charCodeAt(j));
      if (hex) {
        out += String.fromCodePoint(parseInt(body.slice(slash + 3, close), 16));
        next = close + 1;
      } else out += 'u';
    } else if (e === 117 || e === 120 /* x */) {
      const digits = e === 117 ? 4 : 2;
      let hex = slash + 2 + digits <= n;
      for (let j = slash + 2; hex && j < slash + 2 + digits; j++) hex = isHexDigit(body.charCodeAt(j));
      if (hex) {
        out += String.fromCharCode(parseInt(body.slice(slash + 2, slash + 2 + digits), 16));
        next = slash + 2 + digits;
      } else out += e === 117 ? 'u' : 'x';
    } else if (e === 13 /* \r */ && body.charCodeAt(slash + 2) === 10) {
      next = slash + 3; // a line continuation
    } else if (e === 10) {
      // a line continuation: nothing
    } else if (slash + 1 < n && e !== 13 && e !== 0x2028 && e !== 0x2029) {
      const ch = body[slash + 1] ?? '';
      out += SIMPLE_ESCAPES[ch] ?? ch;
    } else {
      out += '\\'; // kept as written
      next = slash + 1;
    }
    from = next;
    slash = body.indexOf('\\', from);
  }
  return out + body.slice(from);
}

/** The literal parts and `${}` expressions of a template literal's source text. */
function templateParts(text: string): { quasis: string[]; expressions: string[] } {
  const quasis: string[] = [];
  const expressions: string[] = [];
  let from = 1;
  let j = 1;
  const end = text.endsWith('`') && text.length > 1 ? text.length - 1 : text.length;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (c === 92) {
      j += 2;
    } else if (c === 36 && text.charCodeAt(j + 1) === 123) {
      const close = skipTemplateExpression(text, j + 2);
      quasis.push(cookJsString(text.slice(from, j)));
      expressions.push(text.slice(j + 2, close - 1).trim());
      j = close;
      from = j;
    } else {
      j++;
    }
  }
  quasis.push(cookJsString(text.slice(from, j)));
  return { quasis, expressions };
}

// Hoisted out of the scan: the bundle compiles a regular expression with \p{…} anew each time its literal runs.
/** A template's `${…}` that is a name or a dotted name (`${kind}`, `${cases.first}`). */
const DOTTED_NAME = /^[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u;
const TEMPLATE_EXPRESSION = /^`[^]*`$/;
const STRING_EXPRESSION = /^(['"])[^]*\1$/;
/** A name that looks like a class's (`Parser`): `describe(Parser, …)` prints it. */
const CLASS_LIKE_NAME = /^[A-Z][a-z0-9]\w*$/;

const SUITE_WORDS = ['describe', 'suite', 'context', 'fdescribe', 'xdescribe', 'xcontext'];
const TEST_WORDS = ['it', 'test', 'specify', 'fit', 'xit', 'xtest', 'xspecify'];
/** Those words by length, with the kind each declares: an identifier is compared with the few of its length. */
const DECLARATION_WORDS: (readonly [string, 'suite' | 'test'])[][] = [];
for (const [words, kind] of [[SUITE_WORDS, 'suite'], [TEST_WORDS, 'test']] as const) {
  for (const word of words) (DECLARATION_WORDS[word.length] ??= []).push([word, kind]);
}
/** The first letters of those words (by character code): other identifiers are passed over without slicing. */
const DECLARATION_STARTS = new Uint8Array(128);
for (const word of [...SUITE_WORDS, ...TEST_WORDS]) DECLARATION_STARTS[word.charCodeAt(0)] = 1;
/** Members of `test`/`it`/`describe` that are hooks, helpers or steps, not test declarations. */
const NOT_DECLARATIONS = new Set([
  'step', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'before', 'after', 'use', 'extend', 'info', 'setTimeout',
  'configure', 'expect', 'mock', 'poll', 'slow', 'call', 'apply', 'bind', 'timeout', 'retries',
]);
/** Modifiers whose call takes arguments before the declaration's own: `.each(table)`, `.skipIf(cond)`. */
const CALLED_MODIFIERS = new Set(['each', 'for', 'skipIf', 'runIf', 'extend']);

const FRAMEWORK_MODULES: readonly (readonly [RegExp, Framework])[] = [
  [/^vitest(?:\/|$)/, 'vitest'],
  [/^@jest\/globals$/, 'jest'],
  [/^(?:@playwright\/test|playwright\/test|@playwright\/experimental-ct-)/, 'playwright'],
  [/^(?:node:)?test$/, 'node'],
  [/^mocha$/, 'mocha'],
  [/^bun:test$/, 'jest'],
];

/** A declaration the scan found: its title is read once the whole file has been seen (constants may come later). */
interface Site {
  readonly kind: 'suite' | 'test';
  /** Token index of the call's opening parenthesis; its title is tokens (open, titleEnd). */
  readonly open: number;
  readonly titleEnd: number;
  /** A `.each`/`.for` row formatter. */
  readonly each: boolean;
  readonly line: number;
  readonly floating: boolean;
  /** The enclosing declaration's index in the sites, or -1. */
  readonly parent: number;
}

/** A loop over a list (`for (const x of CASES)`, `CASES.forEach((x) => …)`): its values are read after the scan. */
interface LoopSite {
  /** The loop variable. */
  readonly name: string;
  /** Tokens [from, to) of the expression looped over; `keysOf`: a `for … in`. */
  readonly from: number;
  readonly to: number;
  readonly keysOf: boolean;
  /** The tokens of its body. */
  readonly start: number;
  readonly end: number;
}

/**
 * Scans one JS/TS file. `file` is only echoed back.
 *
 * One pass over the tokens finds constants, loops over lists and the declarations' calls (the nesting of
 * suites included); the titles, which may use constants declared further down, are read after it.
 */
export function locateJsFile(file: string, source: string): JsFileScan {
  // JSX may appear in .jsx/.tsx and plain JavaScript files; in .ts files `<` starts a type argument.
  const tokens = tokenize(source, !/\.[cm]?ts$/.test(file));
  const { kinds, starts, ends, lines, firsts, count } = tokens;
  // Matching brackets and the bracket depth of every token, paired by the tokenizer.
  const partner = tokens.partners;
  const depthOf = tokens.depths;
  const kindAt = (k: number): number => (k >= 0 && k < count ? (kinds[k] ?? 0) : 0);
  const text = (k: number): string => (k >= 0 && k < count ? source.slice(starts[k], ends[k]) : '');
  /** `text(k) === word`, without slicing. */
  const isWord = (k: number, word: string): boolean => {
    if (k < 0 || k >= count) return false;
    const start = starts[k] ?? 0;
    if ((ends[k] ?? 0) - start !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (source.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
    return true;
  };
  const lineAt = (k: number): number => lines[k] ?? 0;
  // The buffer is padded with kind-0 tokens after `count` (TokenBuffer.finish): a short lookahead needs no check.
  const isPunct = (k: number, ch: number): boolean => k >= 0 && kinds[k] === PUNCT && firsts[k] === ch;
  // Most identifiers are none of the few words each pass looks for: tell by length and first letter before slicing.
  const lengthOf = (k: number): number => (ends[k] ?? 0) - (starts[k] ?? 0);

  const matching = (k: number): number => (k < count ? (partner[k] ?? count) : count);
  /** The end of the call argument starting at token `from` (its `,` or the call's `)` at `close`). */
  const argumentEnd = (from: number, close: number): number => {
    let a = from;
    while (a < close && !isPunct(a, 44)) a = isPunct(a, 40) || isPunct(a, 91) || isPunct(a, 123) ? matching(a) + 1 : a + 1;
    return Math.min(a, close);
  };

  // Constants (`const A = 'x'`, `const T = { a: 'x' }`), class and function names, and imported modules.
  const constants = new Map<string, TestTitle | undefined>();
  const namedThings = new Set<string>();
  /** Constant arrays of known strings (`const CASES = ['a', 'b']`), and the keys of constant objects. */
  type Scoped = { at: number; end: number; values: readonly string[] };
  const lists = new Map<string, Scoped[]>();
  const objectKeys = new Map<string, Scoped[]>();
  /** The values of the declaration of `name` in scope at token `at` (the nearest one before it). */
  const scoped = (map: Map<string, Scoped[]>, name: string, at: number): readonly string[] | undefined => {
    const found = (map.get(name) ?? []).filter((d) => d.at < at && at < d.end);
    return found[found.length - 1]?.values;
  };
  const declare = (map: Map<string, Scoped[]>, name: string, at: number, values: readonly string[]): void => {
    // The bracket the declaration sits in (a `const`'s scope ends at its partner), found by walking back.
    let opener = at - 1;
    while (opener >= 0 && (depthOf[opener] ?? 0) >= (depthOf[at] ?? 0)) opener--;
    const list = map.get(name) ?? [];
    list.push({ at, end: opener < 0 ? count : matching(opener), values });
    map.set(name, list);
  };
  /** Loops over such lists: `for (const x of CASES)`, `CASES.forEach((x) => …)`; their variable and body tokens. */
  const loops: { name: string; values: readonly string[]; start: number; end: number }[] = [];
  /** The token of the call whose title is being read: the loops around it give a bare identifier its values. */
  let titleAt = -1;
  let frameworkHint: Framework | undefined;
  const setConstant = (name: string, value: TestTitle | undefined): void => {
    if (!constants.has(name)) constants.set(name, value);
    else if (constants.get(name)?.written !== value?.written) constants.set(name, undefined);
  };

  /** Evaluates tokens [from, to) as a title: literals, constants and `+`; undefined when it is anything else. */
  const evaluate = (from: number, to: number): TestTitle | undefined => {
    if (to === from + 1) {
      // One literal (most titles): what the loop below would make of it, without joining one part.
      const kind = kindAt(from);
      if (kind === STRING) return knownTitle(cookJsString(text(from).slice(1, -1)));
      if (kind === TEMPLATE) return templateTitle(text(from));
      if (kind === NUMBER) return knownTitle(text(from));
    }
    const parts: TestTitle[] = [];
    let k = from;
    let expectOperand = true;
    while (k < to) {
      if (!expectOperand) {
        if (!isPunct(k, 43 /* + */)) return undefined;
        k++;
        expectOperand = true;
        continue;
      }
      const kind = kindAt(k);
      if (kind === STRING) {
        parts.push(knownTitle(cookJsString(text(k).slice(1, -1))));
        k++;
      } else if (kind === TEMPLATE) {
        parts.push(templateTitle(text(k)));
        k++;
      } else if (kind === NUMBER) {
        parts.push(knownTitle(text(k)));
        k++;
      } else if (kind === IDENT) {
        let name = text(k);
        let j = k + 1;
        while (isPunct(j, 46 /* . */) && kindAt(j + 1) === IDENT) {
          name += `.${text(j + 1)}`;
          j += 2;
        }
        if (isPunct(j, 40) || isPunct(j, 91)) return undefined; // a call or an index: not a constant
        parts.push(identifierTitle(name));
        k = j;
      } else if (isPunct(k, 40 /* ( */)) {
        const close = matching(k);
        const inner = evaluate(k + 1, close);
        if (!inner) return undefined;
        parts.push(inner);
        k = close + 1;
      } else {
        return undefined;
      }
      expectOperand = false;
    }
    return parts.length > 0 ? concatTitles(parts) : undefined;
  };

  const identifierTitle = (name: string): TestTitle => {
    const value = constants.get(name);
    if (value) return value;
    for (let i = loops.length - 1; i >= 0; i--) {
      const loop = loops[i];
      if (loop && loop.name === name && titleAt > loop.start && titleAt < loop.end) return oneOfTitle(name, loop.values);
    }
    // `describe(Parser, …)` and `describe(Parser.name, …)` print the class's name.
    if (namedThings.has(name)) return knownTitle(name);
    if (name.endsWith('.name') && namedThings.has(name.slice(0, -5))) return knownTitle(name.slice(0, -5));
    return unknownTitle(name);
  };
  /** A title that is one identifier: an imported class (`describe(Parser, …)`) prints its name, as jest does. */
  const bareTitle = (name: string): TestTitle => {
    const title = identifierTitle(name);
    return isKnown(title) || !CLASS_LIKE_NAME.test(name) ? title : knownTitle(name);
  };

  const templateTitle = (raw: string): TestTitle => {
    const { quasis, expressions } = templateParts(raw);
    const parts: TestTitle[] = [];
    quasis.forEach((q, i) => {
      parts.push(knownTitle(q));
      const expression = expressions[i];
      if (expression === undefined) return;
      const simple = DOTTED_NAME.test(expression);
      if (simple) parts.push(identifierTitle(expression));
      else if (TEMPLATE_EXPRESSION.test(expression)) parts.push(templateTitle(expression));
      else if (STRING_EXPRESSION.test(expression)) parts.push(knownTitle(cookJsString(expression.slice(1, -1))));
      else parts.push(unknownTitle(`\${${expression}}`));
    });
    const title = concatTitles(parts);
    return { written: raw.slice(1, -1), pieces: title.pieces };
  };

  /** The values of an array literal of known strings opening at token `open`, or undefined. */
  const literalList = (open: number): string[] | undefined => {
    const close = matching(open);
    const values: string[] = [];
    let from = open + 1;
    for (let j = open + 1; j <= close; j++) {
      if (j < close && !(isPunct(j, 44) && depthOf[j] === (depthOf[open] ?? 0) + 1)) continue;
      if (j > from) {
        const value = evaluate(from, j);
        if (!value || !isKnown(value)) return undefined;
        values.push(value.pieces[0] ?? '');
      }
      from = j + 1;
    }
    return values.length > 0 ? values : undefined;
  };
  /** The values a loop over the expression at tokens [from, to) takes: a listed array, an object's keys. */
  const loopValues = (from: number, to: number, keysOf: boolean): readonly string[] | undefined => {
    if (to === from + 1 && kindAt(from) === IDENT) return scoped(keysOf ? objectKeys : lists, text(from), from);
    if (!keysOf && isPunct(from, 91) && matching(from) === to - 1) return literalList(from);
    // Object.keys(OBJ)
    if (!keysOf && isWord(from, 'Object') && isWord(from + 2, 'keys') && isPunct(from + 3, 40) && to === from + 6) {
      return scoped(objectKeys, text(from + 4), from);
    }
    return undefined;
  };

  /** Imports: `import … from 'vitest'`, `require('mocha')`, `import('node:test')`. */
  const importAt = (k: number): void => {
    const fromWord = kindAt(k - 1) === IDENT && lengthOf(k - 1) === 4 && isWord(k - 1, 'from');
    const call = isPunct(k - 1, 40) && kindAt(k - 2) === IDENT && (lengthOf(k - 2) === 7 || lengthOf(k - 2) === 6);
    if (fromWord || (call && (isWord(k - 2, 'require') || isWord(k - 2, 'import')))) {
      const module = cookJsString(text(k).slice(1, -1));
      for (const [pattern, framework] of FRAMEWORK_MODULES) {
        if (frameworkHint === undefined && pattern.test(module)) frameworkHint = framework;
      }
    }
  };

  /** `class X`, `function f`, `const A = …` (a word followed by an identifier): names, lists and constants. */
  const constantAt = (k: number): void => {
    const word = text(k);
    if (word === 'class' || word === 'function') {
      namedThings.add(text(k + 1));
      return;
    }
    if ((word !== 'const' && word !== 'let' && word !== 'var') || !isPunct(k + 2, 61)) return;
    const name = text(k + 1);
    const valueStart = k + 3;
    if (isPunct(valueStart, 91 /* [ */)) {
      const values = literalList(valueStart);
      if (values) declare(lists, name, k, values);
      return;
    }
    if (isPunct(valueStart, 123 /* { */)) {
      // An object of string constants, one level deep.
      const close = matching(valueStart);
      const keys: string[] = [];
      for (let j = valueStart + 1; j < close; j++) {
        if (depthOf[j] !== (depthOf[valueStart] ?? 0) + 1 || !isPunct(j + 1, 58)) continue;
        if (!(isPunct(j - 1, 123) || isPunct(j - 1, 44))) continue;
        if (kindAt(j) === IDENT) keys.push(text(j));
        else if (kindAt(j) === STRING) keys.push(cookJsString(text(j).slice(1, -1)));
      }
      declare(objectKeys, name, k, keys);
      for (let j = valueStart + 1; j < close; j++) {
        const key = kindAt(j) === IDENT || kindAt(j) === STRING ? text(j).replace(/^['"]|['"]$/g, '') : undefined;
        if (key === undefined || !isPunct(j + 1, 58 /* : */)) continue;
        let e = j + 2;
        while (e < close && !isPunct(e, 44) && depthOf[e] === depthOf[j]) e++;
        const value = evaluate(j + 2, e);
        if (value) setConstant(`${name}.${key}`, value);
        j = e;
      }
      return;
    }
    let e = valueStart;
    const startDepth = depthOf[valueStart] ?? 0;
    while (e < count && !(depthOf[e] === startDepth && (isPunct(e, 59) || isPunct(e, 44)))) {
      if (lineAt(e) !== lineAt(e - 1) && e > valueStart && !isPunct(e, 43) && !isPunct(e - 1, 43)) break;
      if ((depthOf[e] ?? 0) < startDepth) break;
      e++;
    }
    const value = evaluate(valueStart, e);
    if (value) setConstant(name, value);
  };

  const loopSites: LoopSite[] = [];
  /** `for (` and `.forEach(`/`.map(` at token k (an identifier before a `(`): a loop over a list, maybe. */
  const loopAt = (k: number): void => {
    const word = text(k);
    if (word === 'for') {
      // for (const x of LIST) …, for (const key in OBJECT) …
      const close = matching(k + 1);
      const decl = ['const', 'let', 'var'].includes(text(k + 2)) ? k + 3 : k + 2;
      const how = text(decl + 1);
      if (kindAt(decl) !== IDENT || (how !== 'of' && how !== 'in')) return;
      const end = isPunct(close + 1, 123) ? matching(close + 1) : Math.min(count, close + 64);
      loopSites.push({ name: text(decl), from: decl + 2, to: close, keysOf: how === 'in', start: close, end });
    } else if ((word === 'forEach' || word === 'map') && isPunct(k - 1, 46)) {
      // LIST.forEach((x) => …), ['a', 'b'].forEach(function (x) { … })
      let p = k + 2;
      if (isWord(p, 'async')) p++;
      if (isWord(p, 'function')) p++;
      if (isPunct(p, 40)) p++;
      if (kindAt(p) !== IDENT) return;
      let from = k - 2;
      if (isPunct(from, 93)) {
        // An array literal: find its opening bracket.
        let depth = 0;
        for (; from >= 0; from--) {
          if (isPunct(from, 93)) depth++;
          else if (isPunct(from, 91) && --depth === 0) break;
        }
      } else if (kindAt(from) !== IDENT) return;
      loopSites.push({ name: text(p), from, to: k - 1, keysOf: false, start: k + 1, end: matching(k + 1) });
    }
  };

  const sites: Site[] = [];
  // The declarations whose call is open around the current token, innermost last (the first `depth` entries): the
  // sites, their calls' closing parenthesis, and (node:test) their test context parameter's name (`t` in
  // `test('x', (t) => …)`).
  const scopeSites: number[] = [];
  const scopeEnds: number[] = [];
  const scopeContexts: (string | undefined)[] = [];
  let depth = 0;
  /** Declarations are not looked for up to this token: a declaration's member chain and `.each(table)` arguments. */
  let skipTo = -1;

  for (let k = 0; k < count; k++) {
    const kind = kinds[k];
    if (kind === STRING) {
      // After `from` or `(`.
      const before = k > 0 ? kinds[k - 1] : 0;
      if ((before === IDENT && lengthOf(k - 1) === 4) || (before === PUNCT && firsts[k - 1] === 40)) importAt(k);
      continue;
    }
    if (kind !== IDENT) continue;
    const c0 = firsts[k] ?? 0;
    const next = kinds[k + 1]; // the buffer is padded after its last token
    if (next === IDENT) {
      if (c0 === 99 /* c */ || c0 === 102 /* f */ || c0 === 108 /* l */ || c0 === 118 /* v */) constantAt(k);
      continue;
    }
    if (next !== PUNCT) continue;
    const after = firsts[k + 1];
    if (after === 40 /* ( */ && (c0 === 102 /* f */ || c0 === 109 /* m */)) loopAt(k);
    if ((after !== 40 && after !== 46) || k <= skipTo) continue;

    // A declaration: describe(…), it.each(table)(…), test.describe.serial(…), t.test(…).
    while (depth > 0 && k > (scopeEnds[depth - 1] ?? 0)) depth--;
    if (isPunct(k - 1, 46 /* . */) || isPunct(k - 1, 35 /* # */)) continue;
    if (lengthOf(k) > 9) continue;
    const context = depth > 0 ? scopeContexts[depth - 1] : undefined;
    if (!(c0 < 128 && DECLARATION_STARTS[c0] === 1) && context?.charCodeAt(0) !== c0) continue;
    // The declaration word at k, if it is one (compared in place: most candidates are, and slicing costs more).
    let base: string | undefined;
    let declared: 'suite' | 'test' | undefined;
    for (const [word, wordKind] of DECLARATION_WORDS[lengthOf(k)] ?? []) {
      if (word.charCodeAt(0) === c0 && isWord(k, word)) {
        base = word;
        declared = wordKind;
        break;
      }
    }
    base ??= text(k);
    if (declared === undefined && context === base && after === 46 && isWord(k + 2, 'test')) {
      declared = 'test';
    } else if (declared === undefined) {
      continue;
    }
    if (isWord(k - 1, 'function') || isWord(k - 1, 'class') || isPunct(k + 1, 61 /* = */) || isPunct(k + 1, 58)) {
      continue;
    }
    // The member chain: test.describe.serial.only, it.concurrent.each(table), describe.each`table`.
    let j = k + 1;
    let each = false;
    let todo = false;
    let rejected = false;
    while (isPunct(j, 46) && kindAt(j + 1) === IDENT) {
      const member = text(j + 1);
      j += 2;
      if (NOT_DECLARATIONS.has(member) || (base === context && member !== 'test')) {
        rejected = true;
        break;
      }
      if (member === 'describe') declared = 'suite';
      if (member === 'todo') todo = true;
      if (member === 'each' || member === 'for') each = true;
      if (CALLED_MODIFIERS.has(member)) {
        if (isPunct(j, 40)) j = matching(j) + 1;
        else if (kindAt(j) === TEMPLATE) j++;
        else if (member === 'extend') rejected = true;
      }
    }
    if (rejected || !isPunct(j, 40)) continue;
    const open = j;
    const close = matching(open);
    // The first argument is the title; a declaration also passes a function (or is a `todo`, or a bare pending title).
    // Arguments are stepped over bracket by bracket: a suite's body is not read here, only its first tokens.
    const titleEnd = argumentEnd(open + 1, close);
    if (titleEnd === open + 1) continue;
    let hasFunction = false;
    let contextName: string | undefined;
    for (let a = titleEnd + 1; a < close; a = argumentEnd(a, close) + 1) {
      const w = kindAt(a) === IDENT ? text(a) : '';
      if (w === 'function' || w === 'async' || isPunct(a, 40) || (kindAt(a) === IDENT && isPunct(a + 1, 61) && isPunct(a + 2, 62))) {
        hasFunction = true;
        // The first parameter: `(t) =>`, `t =>`, `function (t)`, `async (t) =>`.
        let p = a;
        if (isWord(p, 'async')) p++;
        if (isWord(p, 'function')) p++;
        if (kindAt(p) === IDENT && isWord(p - 1, 'function')) p++;
        if (isPunct(p, 40)) p++;
        if (kindAt(p) === IDENT) contextName = text(p);
        break;
      }
      if (kindAt(a) === IDENT && !isPunct(a + 1, 40) && !isPunct(a + 1, 46)) {
        // A function passed by name: `it('works', checkWorks)`.
        hasFunction = isPunct(a + 1, 41) || isPunct(a + 1, 44);
        if (hasFunction) break;
      }
    }
    const singleLiteral = titleEnd === open + 2 && (kindAt(open + 1) === STRING || kindAt(open + 1) === TEMPLATE);
    if (!hasFunction && !todo && !(singleLiteral && titleEnd === close)) continue;
    if (kindAt(open + 1) === PUNCT && !isPunct(open + 1, 40)) continue; // `test({…})`, `it([…])`: not a title
    const parent = depth > 0 ? (scopeSites[depth - 1] ?? -1) : -1;
    const floating = depth === 0 ? (depthOf[k] ?? 0) > 0 : false;
    scopeSites[depth] = sites.length;
    scopeEnds[depth] = close;
    scopeContexts[depth] = contextName;
    depth++;
    sites.push({ kind: declared, open, titleEnd, each, line: lineAt(open + 1), floating, parent });
    // Skip the member chain (and `.each(table)` arguments) but not the body: nested calls are found in it.
    skipTo = open;
  }

  // The loops' values, now that every constant is known.
  for (const loop of loopSites) {
    const values = loopValues(loop.from, loop.to, loop.keysOf);
    if (values) loops.push({ name: loop.name, values, start: loop.start, end: loop.end });
  }

  // The titles, each after its enclosing declarations' (which come first in the sites).
  const tests: JsTestDeclaration[] = [];
  const suites: JsTestDeclaration[] = [];
  const titlesOf: (readonly TestTitle[])[] = [];
  let floatingSuites = false;
  for (const site of sites) {
    const { open, titleEnd } = site;
    titleAt = open;
    const single = titleEnd === open + 2 && kindAt(open + 1) === IDENT;
    const evaluated = single
      ? bareTitle(text(open + 1))
      : (evaluate(open + 1, titleEnd) ?? unknownTitle(source.slice(starts[open + 1], ends[titleEnd - 1])));
    const own = site.each ? eachTitle(evaluated) : evaluated;
    // The enclosing titles, then this one: sized literals for the usual depths (a copy and a push grow the array).
    const outer = site.parent < 0 ? undefined : titlesOf[site.parent];
    const titles =
      outer === undefined || outer.length === 0
        ? [own]
        : outer.length === 1
          ? [outer[0] as TestTitle, own]
          : outer.length === 2
            ? [outer[0] as TestTitle, outer[1] as TestTitle, own]
            : [...outer, own];
    titlesOf.push(titles);
    const decl: JsTestDeclaration = { kind: site.kind, titles, line: site.line, floating: site.floating };
    if (site.kind === 'suite') {
      suites.push(decl);
      if (site.floating) floatingSuites = true;
    } else {
      tests.push(decl);
    }
  }
  const base = { file, ...(frameworkHint !== undefined ? { frameworkHint } : {}) };
  if (!floatingSuites) return { ...base, tests, suites };
  // A floating declaration's enclosing scopes are floating too.
  const floatingTitles = new Set<readonly TestTitle[]>();
  for (const s of suites) if (s.floating) floatingTitles.add(s.titles);
  const fixed = (d: JsTestDeclaration): JsTestDeclaration => {
    if (d.floating || floatingTitles.size === 0) return d;
    for (const s of suites) {
      if (s.floating && s.titles.length < d.titles.length && s.titles.every((t, i) => d.titles[i] === t)) {
        return { ...d, floating: true };
      }
    }
    return d;
  };
  return { ...base, tests: tests.map(fixed), suites: suites.map(fixed) };
}
