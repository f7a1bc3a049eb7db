// Finds what one Rust source file contributes to its crate's tests: `#[test]`-like functions with their inline
// module path, `mod x;` declarations (the crate's module tree is assembled from these by the test index), and the
// code blocks of doc comments that rustdoc runs as doc-tests.
//
// A hand-written linear scan over a token stream, not a parser: it tracks braces, skipping strings, raw strings,
// char literals (told apart from lifetimes) and nested comments, and recognises only the few item forms it needs.

import { blockDocLines } from './rustBlockDocs';
import { TokenBuffer, countNewlines, lineEnd } from './tokenBuffer';
import { WORD_PART, asciiTable, isWordStart as isIdentStart, nameEnd } from './identChars';

/** A test function found in a file. */
export interface RustTestFunction {
  readonly name: string;
  /** Inline modules around the function inside this file, outermost first (`['tests']`). */
  readonly modulePath: readonly string[];
  /** 1-based line of the function's name. */
  readonly line: number;
  /** The attribute that makes the function a test, as written without arguments (`test`, `tokio::test`). */
  readonly attribute: string;
  /** True when the function also carries a plain `#[ignore]`. */
  readonly ignored: boolean;
}

/** A `mod name;` declaration: the module's body lives in another file. */
export interface RustModuleDeclaration {
  readonly name: string;
  /** Inline modules around the declaration inside this file (they add folders to the child's path). */
  readonly parentPath: readonly string[];
  readonly line: number;
  /** The value of a `#[path = "..."]` attribute on the declaration. */
  readonly pathAttribute?: string;
}

/** How rustdoc treats a doc-test code block; it shows in the test's name (`- compile`, `- compile fail`). */
export type RustDocTestMode = 'run' | 'no_run' | 'compile_fail' | 'ignore';

/** A code block in `///` or `//!` docs that rustdoc turns into a doc-test. */
export interface RustDocTest {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /**
   * The line rustdoc prints in the test's name, when it is not {@link line}: rustdoc counts from the item's first doc
   * comment through the lines of its docs, so blank lines or attributes between doc comments, and the lines rustc
   * drops from a block doc comment (`/*!`, `/**`: an empty first line, a blank last one), make it differ.
   */
  readonly listedLine?: number;
  /**
   * Path of the documented item inside this file, as rustdoc names it (`['Parser', 'parse']`, `['Stack<T>', 'push']`
   * for impl blocks); `[]` for the file's own module docs (`//!`); absent when the item was not recognised.
   */
  readonly itemPath?: readonly string[];
  readonly mode: RustDocTestMode;
}

/**
 * A `macro_rules!` whose expansion declares test functions named by one of its arguments:
 * `($name:ident, $input:expr) => { #[test] fn $name() { … } }`.
 */
export interface RustTestMacro {
  readonly name: string;
  readonly rules: readonly RustTestMacroRule[];
}

export interface RustTestMacroRule {
  /** The token that follows the name fragment in the matcher (`,`, `:`, `=>`), '' at its end. */
  readonly follower: string;
  /** Inside a `$(…)*` repetition: every argument in that position names a test. */
  readonly repeated: boolean;
  /** The name fragment's place among the matcher's comma-separated parts. */
  readonly fragment: number;
}

/** An identifier in the arguments of a macro call at module level: a test that a macro declares may be named by it. */
export interface RustMacroArgument {
  readonly text: string;
  readonly line: number;
  /** Outside any bracket of the call's arguments. */
  readonly topLevel: boolean;
  /** First token of a top-level comma- or semicolon-separated part. */
  readonly leading: boolean;
  /** Which top-level comma-separated part it is in. */
  readonly fragment: number;
  /** The token after it, when punctuation (`:`, `,`, `=`), else ''. */
  readonly follower: string;
}

/** A macro call where items may appear (module level), whose expansion may declare tests. */
export interface RustMacroCall {
  readonly name: string;
  readonly modulePath: readonly string[];
  readonly line: number;
  readonly arguments: readonly RustMacroArgument[];
}

/** Everything one file contributes. Lines are 1-based. */
export interface RustFileScan {
  readonly file: string;
  readonly tests: readonly RustTestFunction[];
  readonly modules: readonly RustModuleDeclaration[];
  readonly docTests: readonly RustDocTest[];
  readonly testMacros: readonly RustTestMacro[];
  readonly macroCalls: readonly RustMacroCall[];
}

// Token kinds.
const IDENT = 1;
const PUNCT = 2;
const LITERAL = 3;
const LIFETIME = 4;
const DOC_OUTER = 5;
const DOC_INNER = 6;
const ARROW = 7;

/** Reused between scans; a scan is synchronous, so one buffer is enough. */
const TOKENS = new TokenBuffer();
/**
 * The first doc token of each block doc comment (`/*!`, `/**`), by token index, with the line of the comment's
 * opener: rustdoc numbers a doc from there. Filled by the latest tokenize.
 */
const BLOCK_DOC_OPENERS = new Map<number, number>();

/** What a character below 128 starts: one table lookup instead of a chain of comparisons per token. */
const C_PUNCT = 0;
const C_NEWLINE = 1;
const C_SPACE = 2;
const C_SLASH = 3;
const C_QUOTE = 4;
const C_APOSTROPHE = 5;
const C_IDENT = 6;
const C_DIGIT = 7;
const C_MINUS = 8;
const CHAR_CLASS = asciiTable((c) =>
  c === 10 ? C_NEWLINE
  : c === 32 || c === 9 || c === 13 || c === 12 || c === 11 ? C_SPACE
  : c === 47 ? C_SLASH
  : c === 34 ? C_QUOTE
  : c === 39 ? C_APOSTROPHE
  : isIdentStart(c) ? C_IDENT
  : c >= 48 && c <= 57 ? C_DIGIT
  : c === 45 ? C_MINUS
  : C_PUNCT,
);
/** The end of the identifier characters from `from` (isWordPart). */
function identEnd(source: string, from: number): number {
  return nameEnd(source, from, source.length, WORD_PART);
}

function tokenize(source: string): TokenBuffer {
  const n = source.length;
  const tokens = TOKENS;
  tokens.reset(n);
  BLOCK_DOC_OPENERS.clear();
  const push = (kind: number, start: number, end: number, line: number): void =>
    tokens.push(kind, start, end, line, source.charCodeAt(start));
  /**
   * A block doc comment's text from `from` to `to` (between its opener and its `*\/`), opened on line `first`: one
   * doc token per line that rustdoc counts (rustBlockDocs), its decoration taken off.
   */
  const pushBlockDoc = (kind: number, from: number, to: number, first: number): void => {
    const docLines = blockDocLines(source, from, to);
    const head = docLines[0];
    if (head) BLOCK_DOC_OPENERS.set(tokens.count, first);
    for (const d of docLines) push(kind, d.start, d.end, first + d.lineOffset);
  };

  let i = 0;
  let line = 1;
  // Skips a quoted string whose opening quote is at `open`; returns the index after the closing quote.
  const skipQuoted = (open: number): number => {
    let j = open + 1;
    while (j < n) {
      const x = source.charCodeAt(j);
      if (x === 92 /* \ */) {
        if (source.charCodeAt(j + 1) === 10) line++;
        j += 2;
      } else if (x === 34 /* " */) {
        return j + 1;
      } else {
        if (x === 10) line++;
        j++;
      }
    }
    return n;
  };
  // Skips a char literal (`'a'`, `'\n'`, `'\u{1F600}'`) or reads a lifetime/label at the quote `open`.
  const quoteToken = (open: number, tokenStart: number): number => {
    const d = source.charCodeAt(open + 1);
    if (d === 92 /* \ */) {
      let j = open + 3;
      while (j < n && source.charCodeAt(j) !== 39 && source.charCodeAt(j) !== 10) j++;
      push(LITERAL, tokenStart, j + 1, line);
      return j + 1;
    }
    const width = d >= 0xd800 && d <= 0xdbff ? 2 : 1;
    if (d !== 10 && source.charCodeAt(open + 1 + width) === 39) {
      push(LITERAL, tokenStart, open + 2 + width, line);
      return open + 2 + width;
    }
    const j = identEnd(source, open + 1);
    if (j === open + 1) {
      push(PUNCT, open, open + 1, line);
      return open + 1;
    }
    push(LIFETIME, tokenStart, j, line);
    return j;
  };

  while (i < n) {
    const c = source.charCodeAt(i);
    const cls = c < 128 ? (CHAR_CLASS[c] ?? C_PUNCT) : C_IDENT;
    if (cls === C_NEWLINE) {
      line++;
      i++;
      continue;
    }
    if (cls === C_SPACE) {
      i++;
      while (i < n) {
        const x = source.charCodeAt(i);
        if (x !== 32 && x !== 9 && x !== 13) break;
        i++;
      }
      continue;
    }
    if (cls === C_IDENT) {
      // Literal prefixes: b"..", c"..", b'.', r"..", r#".."#, br#".."#, cr"..", and raw identifiers r#name.
      if (c === 98 /* b */ || c === 99 /* c */ || c === 114 /* r */) {
        let p = i;
        const next = source.charCodeAt(i + 1);
        if (c !== 114) {
          if (next === 34) {
            const startLine = line;
            const end = skipQuoted(i + 1);
            push(LITERAL, i, end, startLine);
            i = end;
            continue;
          }
          if (c === 98 && next === 39) {
            i = quoteToken(i + 1, i);
            continue;
          }
          if (next === 114) p = i + 1;
        }
        if (source.charCodeAt(p) === 114) {
          let j = p + 1;
          while (source.charCodeAt(j) === 35 /* # */) j++;
          const hashes = j - p - 1;
          if (source.charCodeAt(j) === 34) {
            const close = `"${'#'.repeat(hashes)}`;
            const found = source.indexOf(close, j + 1);
            const end = found < 0 ? n : found + close.length;
            push(LITERAL, i, end, line);
            line += countNewlines(source, j + 1, end);
            i = end;
            continue;
          }
          if (p === i && hashes === 1 && isIdentStart(source.charCodeAt(j))) {
            const e = identEnd(source, j + 1);
            push(IDENT, j, e, line);
            i = e;
            continue;
          }
        }
      }
      const j = identEnd(source, i + 1);
      tokens.push(IDENT, i, j, line, c);
      i = j;
      continue;
    }
    switch (cls) {
      case C_SLASH: {
        const d = source.charCodeAt(i + 1);
        if (d === 47) {
          const end = lineEnd(source, i + 2);
          const e = source.charCodeAt(i + 2);
          if (e === 47 && source.charCodeAt(i + 3) !== 47) push(DOC_OUTER, i + 3, end, line);
          else if (e === 33 /* ! */) push(DOC_INNER, i + 3, end, line);
          i = end;
          continue;
        }
        if (d === 42 /* * */) {
          // `/*!` documents the enclosing item, `/**` the next one (not `/**/` nor `/***`).
          const e = source.charCodeAt(i + 2);
          const f = source.charCodeAt(i + 3);
          const docKind = e === 33 ? DOC_INNER : e === 42 && f !== 42 && f !== 47 ? DOC_OUTER : 0;
          const docLine = line;
          let depth = 1;
          let j = i + 2;
          while (j < n) {
            const x = source.charCodeAt(j);
            if (x === 42 && source.charCodeAt(j + 1) === 47) {
              j += 2;
              if (--depth === 0) break;
            } else if (x === 47 && source.charCodeAt(j + 1) === 42) {
              depth++;
              j += 2;
            } else {
              if (x === 10) line++;
              j++;
            }
          }
          if (docKind !== 0 && depth === 0) pushBlockDoc(docKind, i + 3, j - 2, docLine);
          i = j;
          continue;
        }
        break;
      }
      case C_QUOTE: {
        const startLine = line;
        const end = skipQuoted(i);
        push(LITERAL, i, end, startLine);
        i = end;
        continue;
      }
      case C_APOSTROPHE:
        i = quoteToken(i, i);
        continue;
      case C_DIGIT: {
        const j = identEnd(source, i + 1);
        push(LITERAL, i, j, line);
        i = j;
        continue;
      }
      case C_MINUS:
        if (source.charCodeAt(i + 1) === 62 /* > */) {
          push(ARROW, i, i + 2, line);
          i += 2;
          continue;
        }
        break;
    }
    tokens.push(PUNCT, i, i + 1, line, c);
    i++;
  }
  return tokens.finish(n);
}

type FrameKind = 'root' | 'mod' | 'fn' | 'impl' | 'trait' | 'type' | 'macro' | 'macro_rules' | 'block';

interface Frame {
  readonly kind: FrameKind;
  readonly name: string;
}

/** The frame of a plain block (shared: frames are only read). */
const BLOCK_FRAME: Frame = { kind: 'block', name: '' };

interface Attribute {
  readonly path: string;
  readonly text: string;
}

interface PendingDocTest {
  readonly line: number;
  readonly listedLine?: number;
  readonly mode: RustDocTestMode;
}

/** First letters of the item keywords the scan reacts to (mod, fn, impl, trait, struct, enum, union, const...). */
const KEYWORD_FIRST_CHARS = new Set([...'mfitseucm'].map((c) => c.charCodeAt(0)));

/** Words that precede a field or variant name without being it. */
const FIELD_PREFIXES = new Set(['pub', 'crate', 'super', 'self', 'in', 'where']);

/** True for attributes that make a function a test: `#[test]`, `#[tokio::test]`, `#[rstest]`, `#[test_case(..)]`... */
export function isRustTestAttribute(path: string): boolean {
  const last = path.slice(path.lastIndexOf(':') + 1);
  return (
    last.endsWith('test') ||
    last === 'test_case' ||
    last === 'test_matrix' ||
    last === 'quickcheck' ||
    last === 'bench'
  );
}

/** How rustdoc treats a code block with this info string, or undefined when it is not Rust (```text, ```sh). */
export function docTestMode(info: string): RustDocTestMode | undefined {
  let rust = false;
  let foreign = false;
  let mode: RustDocTestMode = 'run';
  for (const raw of info.split(/[\s,{}]+/)) {
    if (raw === '') continue;
    const word = raw.startsWith('.') ? raw.slice(1) : raw;
    if (word === 'rust') rust = true;
    else if (word === 'ignore') mode = 'ignore';
    else if (word === 'compile_fail') mode = mode === 'ignore' ? mode : 'compile_fail';
    else if (word === 'no_run') mode = mode === 'run' ? 'no_run' : mode;
    else if (
      word === 'should_panic' ||
      word === 'test_harness' ||
      word === 'standalone_crate' ||
      word === 'allow_fail' ||
      word.startsWith('ignore-') ||
      /^edition\d+$/.test(word) ||
      /^E\d{4}$/.test(word)
    ) {
      // Rust code block attributes that keep the block a doc-test.
    } else foreign = true;
  }
  return rust || !foreign ? mode : undefined;
}

/** An impl block's self type as rustdoc names it in doc-test ids: pretty-printed, then every space removed. */
function implTypeName(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Scans one Rust source file. `file` is only echoed back in the result. */
export function locateRustFile(file: string, source: string): RustFileScan {
  const { kinds, starts, ends, lines, firsts, count } = tokenize(source);
  const tests: RustTestFunction[] = [];
  const modules: RustModuleDeclaration[] = [];
  const docTests: RustDocTest[] = [];
  const testMacros: RustTestMacro[] = [];
  const macroCalls: RustMacroCall[] = [];

  /** The token after the bracket group opening at `open`'s matching close (or `count`). */
  const groupEnd = (open: number): number => {
    const o = source.charCodeAt(starts[open] ?? 0);
    const c = o === 40 ? 41 : o === 91 ? 93 : 125;
    let depth = 0;
    for (let j = open; j < count; j++) {
      if (kindAt(j) !== PUNCT) continue;
      const x = source.charCodeAt(starts[j] ?? 0);
      if (x === o) depth++;
      else if (x === c && --depth === 0) return j;
    }
    return count;
  };
  const isOpen = (k: number): boolean => isPunct(k, 40) || isPunct(k, 91) || isPunct(k, 123);

  /** Reads the rules of a `macro_rules!` body (tokens `open`..its close) that expand to test functions. */
  const readTestMacro = (name: string, open: number): void => {
    const close = groupEnd(open);
    const rules: RustTestMacroRule[] = [];
    let k = open + 1;
    while (k < close) {
      if (!isOpen(k)) {
        k++;
        continue;
      }
      const matcherEnd = groupEnd(k);
      const arrow = matcherEnd + 1;
      if (!(isPunct(arrow, 61) && isPunct(arrow + 1, 62)) || !isOpen(arrow + 2)) {
        k = matcherEnd + 1;
        continue;
      }
      const bodyEnd = groupEnd(arrow + 2);
      // The parameter that names a test function in the expansion: `#[test] … fn $name`.
      let param: string | undefined;
      let sawTest = false;
      for (let j = arrow + 3; j < bodyEnd; j++) {
        if (isPunct(j, 35) && isPunct(j + 1, 91)) {
          let p = j + 2;
          while (kindAt(p) === IDENT || isPunct(p, 58)) p++;
          if (isRustTestAttribute(source.slice(starts[j + 2] ?? 0, ends[p - 1] ?? 0))) sawTest = true;
        } else if (sawTest && kindAt(j) === IDENT && textAt(j) === 'fn' && isPunct(j + 1, 36) && kindAt(j + 2) === IDENT) {
          param = textAt(j + 2);
          break;
        }
      }
      if (param !== undefined) {
        let depth = 0;
        let repetition = -1;
        let fragment = 0;
        for (let j = k + 1; j < matcherEnd; j++) {
          if (isPunct(j, 36) && isOpen(j + 1)) {
            repetition = depth;
            depth++;
            j++;
            continue;
          }
          if (isOpen(j)) depth++;
          else if (isPunct(j, 41) || isPunct(j, 93) || isPunct(j, 125)) depth--;
          else if (depth === 0 && isPunct(j, 44)) fragment++;
          else if (isPunct(j, 36) && textAt(j + 1) === param && isPunct(j + 2, 58)) {
            const after = j + 4;
            const follower = after < matcherEnd && kindAt(after) === PUNCT ? textAt(after) : '';
            rules.push({ follower, repeated: repetition >= 0 && depth > repetition, fragment });
            break;
          }
        }
      }
      k = bodyEnd + 1;
    }
    if (rules.length > 0) testMacros.push({ name, rules });
  };

  /** Records a module-level macro call `name!(…)` with the identifiers of its arguments. */
  const readMacroCall = (name: string, open: number): void => {
    const close = groupEnd(open);
    const args: RustMacroArgument[] = [];
    let depth = 0;
    let fragment = 0;
    let leading = true;
    for (let j = open + 1; j < close && args.length < 512; j++) {
      if (isOpen(j)) {
        depth++;
        leading = false;
        continue;
      }
      if (isPunct(j, 41) || isPunct(j, 93) || isPunct(j, 125)) {
        depth--;
        continue;
      }
      if (depth === 0 && (isPunct(j, 44) || isPunct(j, 59))) {
        if (isPunct(j, 44)) fragment++;
        leading = true;
        continue;
      }
      if (kindAt(j) === IDENT) {
        const follower = kindAt(j + 1) === PUNCT ? textAt(j + 1) : '';
        args.push({ text: textAt(j), line: lineAt(j), topLevel: depth === 0, leading: leading && depth === 0, fragment, follower });
      }
      if (depth === 0) leading = false;
    }
    macroCalls.push({ name, modulePath: modulePath(), line: lineAt(open - 2), arguments: args });
  };

  const kindAt = (k: number): number => (k < count ? (kinds[k] ?? 0) : 0);
  const textAt = (k: number): string => source.slice(starts[k] ?? 0, ends[k] ?? 0);
  const lineAt = (k: number): number => lines[k] ?? 0;
  // A token's first character is kept by the buffer (`firsts`): the same as reading the source at its start.
  const isPunct = (k: number, ch: number): boolean => kindAt(k) === PUNCT && firsts[k] === ch;

  const frames: Frame[] = [{ kind: 'root', name: '' }];
  let attributes: Attribute[] = [];
  let pendingKind: FrameKind | undefined;
  let pendingName = '';
  let pendingDocs: PendingDocTest[] = [];
  let fenceChar = 0;
  let fenceLength = 0;

  const modulePath = (): string[] => {
    const path: string[] = [];
    for (const f of frames) if (f.kind === 'mod') path.push(f.name);
    return path;
  };
  const docPath = (): string[] => {
    const path: string[] = [];
    for (const f of frames) {
      // rustdoc names doc-tests after every enclosing named item, functions included.
      if (f.kind === 'mod' || f.kind === 'impl' || f.kind === 'trait' || f.kind === 'type' || f.kind === 'fn') {
        path.push(f.name);
      }
    }
    return path;
  };
  // libtest only collects tests reachable through modules: not inside functions, impls, traits or macro_rules.
  const collectible = (): boolean =>
    frames.every((f) => f.kind === 'root' || f.kind === 'mod' || f.kind === 'macro' || f.kind === 'block');
  const nameDocs = (name: string): void => {
    if (pendingDocs.length === 0) return;
    const itemPath = [...docPath(), name];
    for (const d of pendingDocs) docTests.push({ ...d, itemPath });
    pendingDocs = [];
  };
  const endItem = (): void => {
    // New lists only when there was something in them: this runs at every `;`, `{` and `}`.
    if (pendingDocs.length > 0) {
      for (const d of pendingDocs) docTests.push(d);
      pendingDocs = [];
    }
    if (attributes.length > 0) attributes = [];
    pendingKind = undefined;
    pendingName = '';
  };
  const setPending = (kind: FrameKind, name: string): void => {
    pendingKind = kind;
    pendingName = name;
  };

  // rustdoc joins an item's doc comments (`///` lines and `/** */` blocks, attributes between them) into one text and
  // numbers a doc-test from the line of the first comment on, counting the text's lines: blank lines between comments
  // do not count, and a block counts the lines rustc keeps of it (see tokenize). The same for a module's `//!`.
  let outerStart = 0;
  let outerCount = 0;
  let innerStart = 0;
  let innerCount = 0;

  for (let k = 0; k < count; k++) {
    const kind = kindAt(k);
    if (kind === DOC_OUTER || kind === DOC_INNER) {
      let listedLine: number;
      if (kind === DOC_OUTER) {
        if (outerStart === 0) outerStart = BLOCK_DOC_OPENERS.get(k) ?? lineAt(k);
        listedLine = outerStart + outerCount++;
      } else {
        if (innerStart === 0) innerStart = BLOCK_DOC_OPENERS.get(k) ?? lineAt(k);
        listedLine = innerStart + innerCount++;
      }
      // Most doc lines open no fence: their first character after ASCII blanks says so without cutting them out.
      let b = starts[k] ?? 0;
      const e = ends[k] ?? 0;
      for (let x = source.charCodeAt(b); b < e && (x === 32 || (x >= 9 && x <= 13)); x = source.charCodeAt(++b));
      const first = b < e ? source.charCodeAt(b) : -1;
      if (first !== 96 && first !== 126 && first !== -1 && first < 128) continue;
      const body = textAt(k).trimStart();
      const ch = body.charCodeAt(0);
      if (ch !== 96 /* ` */ && ch !== 126 /* ~ */) continue;
      let run = 1;
      while (body.charCodeAt(run) === ch) run++;
      if (run < 3) continue;
      if (fenceChar !== 0) {
        if (ch === fenceChar && run >= fenceLength && body.slice(run).trim() === '') fenceChar = 0;
        continue;
      }
      fenceChar = ch;
      fenceLength = run;
      const mode = docTestMode(body.slice(run));
      if (mode === undefined) continue;
      const line = lineAt(k);
      const listed = listedLine !== line ? { listedLine } : {};
      if (kind === DOC_INNER) docTests.push({ line, ...listed, itemPath: docPath(), mode });
      else pendingDocs.push({ line, ...listed, mode });
      continue;
    }
    // Any other token ends a doc comment, and an unterminated fence with it; any but an attribute ends the docs.
    fenceChar = 0;
    if (outerStart !== 0 || innerStart !== 0) {
      if (kind !== PUNCT || firsts[k] !== 35 /* # */) outerStart = outerCount = innerStart = innerCount = 0;
    }

    if (kind === PUNCT) {
      const ch = firsts[k];
      if (ch === 35 /* # */) {
        let j = k + 1;
        const inner = isPunct(j, 33 /* ! */);
        if (inner) j++;
        if (!isPunct(j, 91 /* [ */)) continue;
        let depth = 0;
        let e = j;
        for (; e < count; e++) {
          if (isPunct(e, 91)) depth++;
          else if (isPunct(e, 93 /* ] */) && --depth === 0) break;
        }
        if (!inner) {
          let p = j + 1;
          while (kindAt(p) === IDENT || isPunct(p, 58 /* : */)) p++;
          const path = source.slice(starts[j + 1] ?? 0, p > j + 1 ? (ends[p - 1] ?? 0) : (starts[j + 1] ?? 0));
          attributes.push({ path, text: source.slice(ends[j] ?? 0, starts[e] ?? source.length) });
        }
        k = e;
      } else if (ch === 123 /* { */) {
        const frame: Frame = pendingKind === undefined && pendingName === '' ? BLOCK_FRAME : { kind: pendingKind ?? 'block', name: pendingName };
        endItem();
        frames.push(frame);
      } else if (ch === 125 /* } */) {
        endItem();
        if (frames.length > 1) frames.pop();
      } else if (ch === 59 /* ; */) {
        endItem();
      } else if (ch === 44 /* , */ && frames[frames.length - 1]?.kind === 'type') {
        endItem();
      }
      continue;
    }
    if (kind !== IDENT) continue;

    const next = k + 1;
    // Most identifiers are not item keywords: skip slicing them unless they may start a macro call or name a field.
    const length = (ends[k] ?? 0) - (starts[k] ?? 0);
    if (length > 11 || !KEYWORD_FIRST_CHARS.has(source.charCodeAt(starts[k] ?? 0))) {
      if (!isPunct(next, 33 /* ! */) && pendingDocs.length === 0) continue;
    }
    const word = textAt(k);
    switch (word) {
      case 'mod': {
        if (kindAt(next) !== IDENT) break;
        const name = textAt(next);
        nameDocs(name);
        if (isPunct(next + 1, 59 /* ; */)) {
          if (collectible()) {
            const pathAttr = attributes.find((a) => a.path === 'path');
            const value = pathAttr ? /"((?:[^"\\]|\\.)*)"/.exec(pathAttr.text)?.[1] : undefined;
            modules.push({
              name,
              parentPath: modulePath(),
              line: lineAt(next),
              ...(value !== undefined ? { pathAttribute: value } : {}),
            });
          }
        } else {
          setPending('mod', name);
        }
        k = next;
        break;
      }
      case 'fn': {
        if (kindAt(next) !== IDENT || pendingKind === 'fn') break;
        const name = textAt(next);
        const testAttribute = attributes.find((a) => isRustTestAttribute(a.path));
        if (testAttribute && collectible() && frames[frames.length - 1]?.kind !== 'macro_rules') {
          tests.push({
            name,
            modulePath: modulePath(),
            line: lineAt(next),
            attribute: testAttribute.path,
            ignored: attributes.some((a) => a.path === 'ignore'),
          });
        }
        nameDocs(name);
        setPending('fn', name);
        k = next;
        break;
      }
      case 'impl': {
        // `impl` also appears in signatures (`-> impl Iterator`): only an item when no other item is pending.
        if (pendingKind !== undefined) break;
        let j = next;
        if (isPunct(j, 60 /* < */)) {
          let depth = 0;
          for (; j < count; j++) {
            if (isPunct(j, 60)) depth++;
            else if (isPunct(j, 62 /* > */) && --depth === 0) break;
          }
          j++;
        }
        const typeStart = j;
        let forAt = -1;
        let depth = 0;
        for (; j < count; j++) {
          if (isPunct(j, 60)) depth++;
          else if (isPunct(j, 62)) depth--;
          else if (depth === 0 && (isPunct(j, 123) || isPunct(j, 59))) break;
          else if (depth === 0 && kindAt(j) === IDENT) {
            const w = textAt(j);
            if (w === 'where') break;
            if (w === 'for' && forAt < 0) forAt = j;
          }
        }
        const from = forAt >= 0 ? forAt + 1 : typeStart;
        const name = j > from ? implTypeName(source.slice(starts[from] ?? 0, ends[j - 1] ?? 0)) : '';
        nameDocs(name);
        setPending('impl', name);
        k = j - 1;
        break;
      }
      case 'trait':
      case 'struct':
      case 'enum':
      case 'union': {
        if (kindAt(next) !== IDENT || pendingKind === 'fn') break;
        if (word === 'union' && !(isPunct(next + 1, 123) || isPunct(next + 1, 60))) break;
        const name = textAt(next);
        nameDocs(name);
        setPending(word === 'trait' ? 'trait' : 'type', name);
        k = next;
        break;
      }
      case 'const':
      case 'static':
      case 'type': {
        let j = next;
        if (textAt(j) === 'mut') j++;
        if (kindAt(j) !== IDENT || pendingKind === 'fn') break;
        const name = textAt(j);
        if (name === 'fn' || name === 'unsafe' || name === 'async' || name === 'extern') break;
        nameDocs(name);
        k = j;
        break;
      }
      case 'macro_rules': {
        if (!isPunct(next, 33 /* ! */) || kindAt(next + 1) !== IDENT) break;
        if (isOpen(next + 2)) readTestMacro(textAt(next + 1), next + 2);
        nameDocs(textAt(next + 1));
        setPending('macro_rules', textAt(next + 1));
        k = next + 1;
        break;
      }
      default: {
        if (isPunct(next, 33 /* ! */) && (isPunct(next + 1, 123) || isPunct(next + 1, 40) || isPunct(next + 1, 91))) {
          if (pendingKind === undefined && collectible() && !isPunct(k - 1, 46)) {
            readMacroCall(word, next + 1);
          }
          if (pendingKind === undefined) setPending('macro', word);
          k = next;
        } else if (pendingDocs.length > 0 && frames[frames.length - 1]?.kind === 'type' && !FIELD_PREFIXES.has(word)) {
          // A documented field or variant.
          nameDocs(word);
          if (isPunct(next, 123)) setPending('type', word);
        }
      }
    }
  }
  endItem();
  docTests.sort((a, b) => a.line - b.line);
  return { file, tests, modules, docTests, testMacros, macroCalls };
}
