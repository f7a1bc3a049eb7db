// `file.ext:line` mentions in untrusted text (a panic's location, a stack frame, `x_test.go:42:`), found by position.
// The regular expressions they replace (`[\w./\\-]+\.(?:rs|go|…):\d+`) tried each place of a long run of path
// characters, each to the run's end: quadratic on a failure message of `a.a.a…` (8 KiB: 150 ms, per message).

/** What a mention looks like: the regular expression it stands for is given with each use. */
export interface MentionShape {
  /** The extensions (without the dot, lower case letters) a mentioned file may have. */
  readonly extensions: ReadonlySet<string>;
  /** The characters a file's name and folders are made of (`[\w./\\-]`), the `.ext` included. */
  readonly pathChar: (c: number) => boolean;
  /** Characters before the `.ext` at most (`{1,200}`); any number when undefined. */
  readonly maxStemChars?: number;
  /** The mention starts where a word starts or ends (`\b`). */
  readonly wordStart?: boolean;
  /** Where what follows the colon (a line, a column) ends, or undefined when it is not a mention's. */
  readonly tail: (text: string, colon: number) => number | undefined;
}

/** One mention: `text.slice(start, colon)` is the file, `text.slice(colon, end)` the colon and the line number. */
export interface FileLineMention {
  readonly start: number;
  readonly colon: number;
  readonly end: number;
}

/**
 * The mentions in `text`, left to right, as the regular expression with the `g` flag finds them. A mention's file
 * runs from its start to the colon over path characters only, and the colon is not one: so the colon that follows a
 * run of path characters is the only one a match there can end at, and each run is walked once.
 */
export function* fileLineMentions(text: string, shape: MentionShape): Generator<FileLineMention> {
  let searched = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', Math.max(colon + 1, searched))) {
    const end = shape.tail(text, colon);
    if (end === undefined) continue;
    // `.ext` just before the colon.
    let dot = colon - 1;
    while (dot >= 0 && colon - dot <= 8 && isLowerLetter(text.charCodeAt(dot))) dot--;
    if (dot < 0 || text.charCodeAt(dot) !== 46 /* . */ || !shape.extensions.has(text.slice(dot + 1, colon))) continue;
    // The leftmost start the expression can take: after the last mention, within the bound, on path characters.
    const lowest = Math.max(searched, shape.maxStemChars === undefined ? 0 : dot - shape.maxStemChars);
    let start = dot;
    while (start > lowest && shape.pathChar(text.charCodeAt(start - 1))) start--;
    if (shape.wordStart) {
      while (start < dot && isWordChar(text.charCodeAt(start - 1)) === isWordChar(text.charCodeAt(start))) start++;
    }
    if (start >= dot) continue;
    yield { start, colon, end };
    searched = end;
  }
}

/** `text` with each mention replaced by `replacement`, as `text.replace(expression, replacement)` with the `g` flag. */
export function replaceMentions(text: string, shape: MentionShape, replacement: string): string {
  let out = '';
  let kept = 0;
  for (const mention of fileLineMentions(text, shape)) {
    out += text.slice(kept, mention.start) + replacement;
    kept = mention.end;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/** `[A-Za-z0-9_]`: a word character of a regular expression without the `u` flag. */
export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `[\w./\\-]`: a character of a path as messages print it. */
export function isPathChar(c: number): boolean {
  return isWordChar(c) || c === 46 || c === 47 || c === 92 || c === 45;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The end of the run of digits at `from` (`from` itself when there is none). */
export function digitsEnd(text: string, from: number): number {
  let at = from;
  while (isDigit(text.charCodeAt(at))) at++;
  return at;
}

function isLowerLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
