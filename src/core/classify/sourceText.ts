// Source text as the source rules read it: bounded, split into lines, with comments blanked out so that a comment
// that mentions `sleep` or `example.com` is not taken for code. Original lines are kept for the evidence.

import { singleQuoteIsString, type Language } from './language';

/** Upper bound of one source text, in characters; the rest is not read. */
export const MAX_SOURCE_CHARS = 200 * 1024;
/** Upper bound of one line as the rules match it. */
export const MAX_RULE_LINE_CHARS = 2000;

export interface SourceInput {
  readonly file: string;
  readonly text: string;
  readonly startLine: number;
}

/** One source file prepared for the rules. */
export interface SourceView {
  readonly file: string;
  readonly language: Language;
  /** Lines with comments replaced by spaces (strings kept), each cut at {@link MAX_RULE_LINE_CHARS}. */
  readonly code: readonly string[];
  /** The same lines with the contents of string literals removed too: what the code does, not the data it holds. */
  readonly bare: readonly string[];
  /** The lines as written, for evidence. */
  readonly original: readonly string[];
  /** 1-based line of `code[0]` in its file. */
  readonly startLine: number;
  /** True for a source that a stack trace points at, rather than the test function itself. */
  readonly related: boolean;
}

export function sourceView(source: SourceInput, language: Language, related: boolean): SourceView {
  const text = source.text.length > MAX_SOURCE_CHARS ? source.text.slice(0, MAX_SOURCE_CHARS) : source.text;
  const original = text.split(/\r?\n/);
  const code = stripComments(text, language)
    .split(/\r?\n/)
    .map((line) => (line.length > MAX_RULE_LINE_CHARS ? line.slice(0, MAX_RULE_LINE_CHARS) : line));
  const startLine = Number.isFinite(source.startLine) && source.startLine >= 1 ? Math.floor(source.startLine) : 1;
  const bare = code.map((line) => (line.includes('"') || line.includes("'") || line.includes('`') ? withoutStrings(line, language) : line));
  return { file: source.file, language, code, bare, original, startLine, related };
}

/**
 * The text with every comment replaced by spaces (newlines kept, so lines stay aligned). One linear pass; strings
 * are skipped so that `"http://…"` is not read as a comment. Good enough for rules, not a full lexer: Rust nested
 * block comments and JavaScript regex literals are approximated. Everything but the comments is copied as it is, in
 * runs (a string built a character at a time took an eighth of the classifier's time on a large source).
 */
export function stripComments(text: string, language: Language): string {
  const hashComments = language === 'python';
  const slashComments = language !== 'python';
  const quoteStrings = singleQuoteIsString(language);
  const backtickStrings = language === 'go' || language === 'typescript' || language === 'javascript';
  const tripleQuotes = language === 'python' || language === 'java' || language === 'kotlin';
  const rawStrings = language === 'rust';
  const out: string[] = [];
  /** Where the text not yet copied starts. */
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!(c === SLASH || c === HASH || c === DOUBLE_QUOTE || c === SINGLE_QUOTE || c === BACKTICK || (c === LOWER_R && rawStrings))) {
      i += 1;
      continue;
    }
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    let end: number;
    let comment = false;
    if (slashComments && c === SLASH && next === SLASH) {
      end = indexOrEnd(text, '\n', i);
      comment = true;
    } else if (slashComments && c === SLASH && next === STAR) {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? n : close + 2;
      comment = true;
    } else if (hashComments && c === HASH) {
      end = indexOrEnd(text, '\n', i);
      comment = true;
    } else if ((c === DOUBLE_QUOTE || (c === SINGLE_QUOTE && quoteStrings)) && tripleQuotes && next === c && i + 2 < n && text.charCodeAt(i + 2) === c) {
      const quotes = c === DOUBLE_QUOTE ? '"""' : "'''";
      const close = text.indexOf(quotes, i + 3);
      end = close < 0 ? n : close + 3;
    } else if (rawStrings && c === LOWER_R && (next === DOUBLE_QUOTE || next === HASH) && !isWordChar(text[i - 1])) {
      end = rawRustStringEnd(text, i);
    } else if (c === DOUBLE_QUOTE || (c === SINGLE_QUOTE && quoteStrings)) {
      end = quotedStringEnd(text, i, text[i] as string);
    } else if (c === BACKTICK && backtickStrings) {
      const close = text.indexOf('`', i + 1);
      end = close < 0 ? n : close + 1;
    } else if (c === SINGLE_QUOTE && !quoteStrings) {
      // A character literal ('"', '\'') must not open a string; a Rust lifetime ('a) is left alone.
      end = charLiteralEnd(text, i);
    } else {
      end = i + 1;
    }
    if (comment) {
      out.push(text.slice(copied, i), blank(text, i, end));
      copied = end;
    }
    i = end;
  }
  out.push(text.slice(copied));
  return out.join('');
}

const SLASH = 0x2f;
const STAR = 0x2a;
const HASH = 0x23;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKTICK = 0x60;
const LOWER_R = 0x72;

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

function blank(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^\n]/g, ' ');
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /\w/.test(c);
}

/** End (exclusive) of a one-line string opened at `from`; an unterminated string ends at the line's end. */
function quotedStringEnd(text: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i;
    else i += 1;
  }
  return text.length;
}

function rawRustStringEnd(text: string, from: number): number {
  let hashes = 0;
  let i = from + 1;
  while (text[i] === '#' && hashes < 256) {
    hashes += 1;
    i += 1;
  }
  if (text[i] !== '"') return from + 1;
  const close = text.indexOf('"' + '#'.repeat(hashes), i + 1);
  return close < 0 ? text.length : close + 1 + hashes;
}

function charLiteralEnd(text: string, from: number): number {
  if (text[from + 1] === '\\') {
    const close = text.indexOf("'", from + 2);
    return close > 0 && close - from <= 12 ? close + 1 : from + 1;
  }
  return text[from + 2] === "'" ? from + 3 : from + 1;
}

/** How many continuation lines of a statement {@link withChain} joins. */
const MAX_CHAIN_LINES = 4;
/** Characters of a joined statement at most (keeps the rules' matching bounded). */
const MAX_CHAIN_CHARS = 4000;

/**
 * The line with the continuation lines of its statement joined with spaces: a method chain (`assertThat(x)` then
 * `.isLessThan(y)` on the next line), a call whose arguments run on (`assertEquals("msg",` then `expected, actual);`)
 * or an assignment whose value is on the next line (`List<String> expected =` then `Arrays.asList(…);`). How a
 * statement is wrapped depends on the formatter, not on what the test does, so the rules read it whole.
 */
export function withChain(lines: readonly string[], index: number): string {
  let joined = lines[index] ?? '';
  let open = unclosedParentheses(joined);
  for (let next = index + 1; next <= index + MAX_CHAIN_LINES; next += 1) {
    const line = lines[next];
    if (line === undefined || joined.length > MAX_CHAIN_CHARS) break;
    const ended = /[;{}]\s*$/.test(joined);
    const continues = line.trimStart().startsWith('.') || (!ended && (open > 0 || /(?:[=,+&|(]|&&|\|\|)\s*$/.test(joined)));
    if (!continues || /^\s*[{}]/.test(line)) break;
    joined += ' ' + line.trim();
    open = unclosedParentheses(joined);
  }
  return joined;
}

/** Parentheses opened and not closed on a line of code (strings not told apart: a bound, not a parser). */
function unclosedParentheses(line: string): number {
  let depth = 0;
  for (const c of line) {
    if (c === '(') depth += 1;
    else if (c === ')') depth = Math.max(0, depth - 1);
  }
  return depth;
}

/** The contents of the string literals on one line of code (without their quotes, escapes left as written). */
export function stringLiterals(line: string, language: Language): string[] {
  const literals: string[] = [];
  const quoteStrings = singleQuoteIsString(language);
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '"' || c === '`' || (c === "'" && quoteStrings)) {
      const end = c === '`' ? indexOrEnd(line, '`', i + 1) + 1 : quotedStringEnd(line, i, c);
      literals.push(line.slice(i + 1, Math.max(i + 1, end - 1)));
      i = Math.max(end, i + 1);
    } else if (c === "'") {
      i = charLiteralEnd(line, i);
    } else {
      i += 1;
    }
  }
  return literals;
}

/** The line with the contents of its string literals removed (quotes kept), for rules about code, not data. */
export function withoutStrings(line: string, language: Language): string {
  const quoteStrings = singleQuoteIsString(language);
  const out: string[] = [];
  // What is not a string literal is copied in runs, as stripComments does.
  let copied = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '"' || c === '`' || (c === "'" && quoteStrings)) {
      const end = c === '`' ? indexOrEnd(line, '`', i + 1) + 1 : quotedStringEnd(line, i, c);
      out.push(line.slice(copied, i), c + c);
      i = Math.max(end, i + 1);
      copied = i;
    } else if (c === "'") {
      i = charLiteralEnd(line, i);
    } else {
      i += 1;
    }
  }
  out.push(line.slice(copied));
  return out.join('');
}
