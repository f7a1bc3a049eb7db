// Python doctests as doctest.DocTestFinder finds them (CPython's Lib/doctest.py): the docstring of a module, class,
// function or method (the first statement of its body, a str literal) that holds an example (a `>>>` line), and the
// line DocTestFinder gives it (DocTest.lineno + 1, `_find_lineno`): from the object's first line (a module's line 1,
// a function's co_firstlineno, which is its first decorator's line, the first line of the file that matches
// `^\s*class\s*NAME\b` for a class), the first line that matches `(^|.*:)\s*\w*("|')`: its docstring's, usually.
// Linear scans of the source; pythonLocator says where the docstrings are.

/** Python's `\s` on one code unit (str patterns: Unicode whitespace). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** The end of a run of Python `\w` characters (letters, digits, `_`) from `at`. */
function wordEnd(source: string, at: number, end: number): number {
  let j = at;
  while (j < end) {
    const c = source.charCodeAt(j);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) j++;
    else if (c < 128) break;
    else {
      const cp = source.codePointAt(j) ?? 0;
      if (!LETTER_OR_DIGIT.test(String.fromCodePoint(cp))) break;
      j += cp > 0xffff ? 2 : 1;
    }
  }
  return j;
}

/** Whether `\s*\w*("|')` matches at `at` (before `end`). */
function wordsThenQuote(source: string, at: number, end: number): boolean {
  let j = at;
  while (j < end && isSpace(source.charCodeAt(j))) j++;
  j = wordEnd(source, j, end);
  const c = source.charCodeAt(j);
  return j < end && (c === 34 || c === 39);
}

/** The lines of one source, and the two line searches of `_find_lineno`, each done once per line at most. */
export class DocTestLines {
  /** Offset of each line's first character. */
  private readonly starts: number[] = [0];
  /** Per line (1-based): the first matching line at or after it, -1 for none, 0 not known yet. */
  private readonly next: Int32Array;
  private classLines: Map<string, number> | undefined;

  constructor(private readonly source: string) {
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.next = new Int32Array(this.starts.length + 1);
  }

  /** The 1-based line of offset `at`. */
  lineAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** `(^|.*:)\s*\w*("|')` on line `line`: it starts with a quote, maybe after a word (a prefix), or a colon does. */
  private quoted(line: number): boolean {
    const s = this.starts[line - 1] ?? 0;
    const e = line < this.starts.length ? (this.starts[line] ?? 0) - 1 : this.source.length;
    if (wordsThenQuote(this.source, s, e)) return true;
    for (let p = s; p < e; p++) if (this.source.charCodeAt(p) === 58 && wordsThenQuote(this.source, p + 1, e)) return true;
    return false;
  }

  /** The first line at or after `line` that `_find_lineno` takes for the docstring's; undefined when none is. */
  quotedFrom(line: number): number | undefined {
    const walked: number[] = [];
    let found = -1;
    for (let k = line; k <= this.starts.length; k++) {
      const known = this.next[k] ?? 0;
      if (known !== 0) {
        found = known;
        break;
      }
      walked.push(k);
      if (this.quoted(k)) {
        found = k;
        break;
      }
    }
    for (const k of walked) this.next[k] = found;
    return found > 0 ? found : undefined;
  }

  /** The first line that matches `^\s*class\s*NAME\b`, anywhere (strings too); undefined when none does. */
  classLine(name: string): number | undefined {
    if (!this.classLines) {
      const lines = new Map<string, number>();
      const source = this.source;
      for (let p = source.indexOf('class'); p >= 0; p = source.indexOf('class', p + 5)) {
        let b = p - 1;
        while (b >= 0 && source.charCodeAt(b) !== 10 && isSpace(source.charCodeAt(b))) b--;
        if (b >= 0 && source.charCodeAt(b) !== 10) continue;
        let q = p + 5;
        while (q < source.length && source.charCodeAt(q) !== 10 && isSpace(source.charCodeAt(q))) q++;
        const end = wordEnd(source, q, source.length);
        if (end === q) continue;
        const word = source.slice(q, end);
        if (!lines.has(word)) lines.set(word, this.lineAt(p));
      }
      this.classLines = lines;
    }
    return this.classLines.get(name);
  }
}

/** What is carried from one piece of a docstring to the next (`"a" "b"` is one string). */
interface DocText {
  /** The next character of the value starts a line. */
  lineStart: boolean;
  /**
   * 1: the last line was a `>>>` prompt with nothing (or a comment) after it; 2: then one empty `...` line. doctest
   * skips an example whose source matches `^[ ]*(#.*)?$` (one line, maybe with a newline after it).
   */
  prompt: 0 | 1 | 2;
  examples: boolean;
}

/**
 * Whether the statement at `at` is a docstring (one str literal, or several side by side, without `b` or `f` and
 * with nothing after them but a comment or `;`), and then whether it holds an example: a line of its value that starts
 * with `>>>` after spaces, with code after it (doctest leaves out prompts with nothing or a comment, unless a `...` line
 * with code, or two `...` lines, follow). undefined when it is no docstring. Not read: a docstring in parentheses.
 */
export function docstringAt(source: string, at: number): boolean | undefined {
  const text: DocText = { lineStart: true, prompt: 0, examples: false };
  let i = at;
  let pieces = 0;
  for (;;) {
    let q = i;
    let raw = false;
    const c = source.charCodeAt(q);
    if (c === 114 || c === 82) {
      raw = true;
      q++;
    } else if (c === 117 || c === 85) {
      q++;
    }
    const quote = source.charCodeAt(q);
    if (quote !== 34 && quote !== 39) {
      if (pieces === 0) return undefined;
      break;
    }
    const end = stringEnd(source, q, raw, text);
    if (end < 0) return undefined;
    pieces++;
    i = end;
    // Spaces and line continuations up to the next piece or the statement's end.
    i = skipBlanksAndContinuations(source, i);
  }
  const next = source.charCodeAt(i);
  const ends = i >= source.length || next === 10 || next === 13 || next === 35 || next === 59;
  return ends ? text.examples : undefined;
}

/** After spaces and tabs from `at`: the index of the first other character. */
export function skipBlanks(source: string, at: number): number {
  let j = at;
  for (let c = source.charCodeAt(j); c === 32 || c === 9; c = source.charCodeAt(++j));
  return j;
}

/** After spaces, tabs, form feeds and backslash line continuations from `at`: the index of the first other character. */
export function skipBlanksAndContinuations(source: string, at: number): number {
  let i = at;
  for (;;) {
    const x = source.charCodeAt(i);
    if (x === 32 || x === 9 || x === 12) i++;
    else if (x === 92 && source.charCodeAt(i + 1) === 10) i += 2;
    else if (x === 92 && source.charCodeAt(i + 1) === 13 && source.charCodeAt(i + 2) === 10) i += 3;
    else return i;
  }
}

/** The end of the string literal whose quote is at `q` (after it), or -1 when it does not end; reads its lines. */
function stringEnd(source: string, q: number, raw: boolean, text: DocText): number {
  const n = source.length;
  const quote = source.charCodeAt(q);
  const triple = source.charCodeAt(q + 1) === quote && source.charCodeAt(q + 2) === quote;
  let i = q + (triple ? 3 : 1);
  while (i < n) {
    if (text.lineStart) {
      text.lineStart = false;
      if (!text.examples) i = valueLine(source, i, quote, triple, raw, text);
      continue;
    }
    const c = source.charCodeAt(i);
    if (c === 92 /* \ */) {
      const x = source.charCodeAt(i + 1);
      // A backslash before a line break: the break stays in a raw string's value, else it joins the lines.
      if (x === 10) text.lineStart = raw;
      else if (x === 13 && source.charCodeAt(i + 2) === 10) {
        text.lineStart = raw;
        i++;
      } else if (x === 110 /* n */ && !raw) text.lineStart = true;
      i += 2;
    } else if (c === quote) {
      if (!triple) return i + 1;
      if (source.charCodeAt(i + 1) === quote && source.charCodeAt(i + 2) === quote) return i + 3;
      i++;
    } else if (c === 10) {
      if (!triple) return -1;
      text.lineStart = true;
      i++;
    } else {
      i++;
    }
  }
  return -1;
}

/** At the start of a line of a docstring's value: notes a `>>>` example or a `...` line; returns where reading goes on. */
function valueLine(source: string, at: number, quote: number, triple: boolean, raw: boolean, text: DocText): number {
  const j = skipBlanks(source, at);
  if (source.charCodeAt(j) === 62 && source.charCodeAt(j + 1) === 62 && source.charCodeAt(j + 2) === 62) {
    const k = skipBlanks(source, j + 3);
    if (source.charCodeAt(k) === 35 || lineEnds(source, k, quote, triple, raw)) text.prompt = 1;
    else text.examples = true;
    return j + 3;
  }
  if (text.prompt !== 0 && source.charCodeAt(j) === 46 && source.charCodeAt(j + 1) === 46 && source.charCodeAt(j + 2) === 46) {
    // The source is the prompt's line and `...` lines' text after `... `: a first empty one keeps it blank.
    const k = source.charCodeAt(j + 3) === 32 ? j + 4 : j + 3;
    if (text.prompt === 1 && lineEnds(source, k, quote, triple, raw)) {
      text.prompt = 2;
      return j + 3;
    }
    text.examples = true;
  }
  text.prompt = 0;
  return j;
}

/** Whether the docstring's line ends at `k`: a line break (`\n` too, outside a raw string) or the closing quote. */
function lineEnds(source: string, k: number, quote: number, triple: boolean, raw: boolean): boolean {
  const c = source.charCodeAt(k);
  const closes = c === quote && (!triple || (source.charCodeAt(k + 1) === quote && source.charCodeAt(k + 2) === quote));
  return k >= source.length || c === 10 || c === 13 || closes || (c === 92 && !raw && source.charCodeAt(k + 1) === 110);
}
