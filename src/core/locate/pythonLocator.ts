// Finds the tests of one Python file as pytest and unittest collect them: `test*` functions at module level,
// `test*` methods of `Test*` classes (nested ones included) and of `unittest.TestCase` subclasses, with the class
// path and base classes that CI ids and inherited tests need.
//
// A linear scan of logical lines (strings, triple-quoted strings, comments and bracketed continuations skipped),
// reading only the indentation and the `class`/`def` statements that start them: not a parser. In a file that holds
// `>>>`, also the docstrings with doctest examples (pythonDocTests).

import { asciiTable, isWordStart } from './identChars';
import { DocTestLines, docstringAt, skipBlanks, skipBlanksAndContinuations } from './pythonDocTests';
import { lineEnd } from './tokenBuffer';

export interface PythonTest {
  readonly name: string;
  /** Enclosing classes, outermost first (`['TestParser', 'TestNested']`); empty for module-level functions. */
  readonly classPath: readonly string[];
  /** 1-based line of the `def`. */
  readonly line: number;
  /** Declared in a `unittest.TestCase` subclass: CI may print it in unittest's dotted form. */
  readonly unittest: boolean;
}

export interface PythonClass {
  readonly name: string;
  readonly classPath: readonly string[];
  readonly line: number;
  /** Base classes as written, without arguments (`unittest.TestCase`, `BaseTests`). */
  readonly bases: readonly string[];
  readonly unittest: boolean;
}

/** A docstring with a doctest example, as doctest.DocTestFinder finds it. */
export interface PythonDocTest {
  /** The object's path in its module (`['Outer', 'Inner', 'method']`); empty for the module's docstring. */
  readonly path: readonly string[];
  /** 1-based line that DocTestFinder gives (DocTest.lineno + 1): its docstring's, usually (pythonDocTests). */
  readonly line: number;
}

export interface PythonFileScan {
  readonly file: string;
  readonly tests: readonly PythonTest[];
  /** Doctests of the module, its classes, functions and methods (not of what is nested in a function). */
  readonly docTests: readonly PythonDocTest[];
  readonly classes: readonly PythonClass[];
  /**
   * `test*` methods of classes that are not collected themselves (mixins, bases not named `Test*`): tests of the
   * subclasses that inherit them, found through those subclasses' ids.
   */
  readonly inheritable: readonly PythonTest[];
}

interface Block {
  readonly indent: number;
  readonly kind: 'class' | 'def';
  readonly name: string;
  readonly collectible: boolean;
  readonly unittest: boolean;
}

const DEF = /(?:async[ \t]+)?def[ \t]+([\p{L}_][\p{L}\p{N}_]*)/uy;
const CLASS = /class[ \t]+([\p{L}_][\p{L}\p{N}_]*)[ \t]*(\(([^)]*)\))?/uy;

const TEST_CASE_BASE = /(?:^|\.)(?:\w*TestCase|TestBase|\w*Case|AsyncioTestCase|IsolatedAsyncioTestCase)$/;

/** Base classes whose subclasses unittest (and pytest) collect regardless of their name. */
function looksLikeTestCase(base: string): boolean {
  return TEST_CASE_BASE.test(base);
}

/**
 * What a character below 128 means to the skip to a logical line's end: 0 for most (nothing to do), else 1. Any
 * character above 127 means nothing there either.
 */
const SPECIAL = asciiTable((c) => ([10, 35, 92, 34, 39, 40, 91, 123, 41, 93, 125].includes(c) ? 1 : 0));

/** 1 for an ASCII letter or `_`, 2 for an ASCII digit: where a name starts and goes on, read without DEF and CLASS. */
const NAME_CHAR = asciiTable((c) => (isWordStart(c) ? 1 : c >= 48 && c <= 57 ? 2 : 0));

/** Whether source[at…] starts with `word` (ASCII). */
function startsWithAt(source: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (source.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The end of an ASCII name starting at `at`, -1 when there is none, or -2 when a character above 127 is met (the
 * regular expressions then decide, as before).
 */
function asciiNameEnd(source: string, at: number): number {
  const c = source.charCodeAt(at);
  if (c >= 128) return -2;
  if (NAME_CHAR[c] !== 1) return -1;
  let j = at + 1;
  for (;;) {
    const x = source.charCodeAt(j);
    if (x >= 128) return -2;
    if (NAME_CHAR[x] === 0 || x !== x) return j; // x !== x: NaN past the end
    j++;
  }
}

/** The name a `def` (or `async def`) statement at `at` declares, or undefined (DEF's match). */
function defName(source: string, at: number): string | undefined {
  let j = at;
  if (startsWithAt(source, j, 'async')) {
    const after = skipBlanks(source, j + 5);
    if (after > j + 5 && startsWithAt(source, after, 'def')) j = after;
  }
  if (startsWithAt(source, j, 'def')) {
    const nameStart = skipBlanks(source, j + 3);
    if (nameStart > j + 3) {
      const end = asciiNameEnd(source, nameStart);
      if (end >= 0) return source.slice(nameStart, end);
      if (end === -1) return undefined;
    } else return undefined;
  } else return undefined;
  DEF.lastIndex = at;
  const m = DEF.exec(source);
  return m ? (m[1] ?? '') : undefined;
}

/** The name and base list (what is inside the parentheses, '' without) of a `class` statement at `at` (CLASS's match). */
function classHeader(source: string, at: number): { name: string; bases: string } | undefined {
  if (!startsWithAt(source, at, 'class')) return undefined;
  const nameStart = skipBlanks(source, at + 5);
  if (nameStart === at + 5) return undefined;
  const end = asciiNameEnd(source, nameStart);
  if (end === -1) return undefined;
  if (end >= 0) {
    const open = skipBlanks(source, end);
    const close = source.charCodeAt(open) === 40 ? source.indexOf(')', open + 1) : -1;
    return { name: source.slice(nameStart, end), bases: close < 0 ? '' : source.slice(open + 1, close) };
  }
  CLASS.lastIndex = at;
  const m = CLASS.exec(source);
  return m ? { name: m[1] ?? '', bases: m[3] ?? '' } : undefined;
}

/** The dotted name a decorator at `at` (`@`) names, or undefined (DECORATOR's match). */
function decoratorName(source: string, at: number): string | undefined {
  const start = skipBlanks(source, at + 1);
  let j = start;
  for (;;) {
    const x = source.charCodeAt(j);
    if (x < 128 && (NAME_CHAR[x] !== 0 || x === 46)) j++;
    else break;
  }
  return j > start ? source.slice(start, j) : undefined;
}

/** The base classes of a class statement's parenthesized list: trimmed, keyword arguments (`metaclass=M`) left out. */
function baseList(list: string): string[] {
  const bases: string[] = [];
  if (list === '') return bases;
  let from = 0;
  for (;;) {
    const comma = list.indexOf(',', from);
    const b = list.slice(from, comma < 0 ? list.length : comma).trim();
    if (b !== '' && !b.includes('=')) bases.push(b);
    if (comma < 0) return bases;
    from = comma + 1;
  }
}

/**
 * Where the body of the `def` or `class` statement at `at` starts when it is on the same line (`def f(): ...`):
 * after the header's colon and blanks; -1 when the body is on the next lines.
 */
function inlineBody(source: string, at: number): number {
  const n = source.length;
  let depth = 0;
  let i = at;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 58 /* : */ && depth === 0) {
      const j = skipBlanksAndContinuations(source, i + 1);
      const x = source.charCodeAt(j);
      return j >= n || x === 10 || x === 13 || x === 35 ? -1 : j;
    }
    if (c === 34 || c === 39) {
      const triple = source.charCodeAt(i + 1) === c && source.charCodeAt(i + 2) === c;
      let j = i + (triple ? 3 : 1);
      while (j < n) {
        const x = source.charCodeAt(j);
        if (x === 92) j += 2;
        else if (x === c && (!triple || (source.charCodeAt(j + 1) === c && source.charCodeAt(j + 2) === c))) break;
        else if (x === 10 && !triple) return -1;
        else j++;
      }
      i = j + (triple ? 3 : 1);
      continue;
    }
    if (c === 35 /* # */) {
      if (depth === 0) return -1;
      i = lineEnd(source, i);
      continue;
    }
    if (c === 10 && depth === 0) return -1;
    if (c === 92 /* \ */) i++;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    i++;
  }
  return -1;
}

/** A body whose first statement may be its docstring: the module, a class or a def (pythonDocTests). */
interface DocOwner {
  readonly path: string[];
  /** The line DocTestFinder starts from: the first decorator's, the statement's; 0 for a class (found by name). */
  readonly from: number;
  /** The header's indentation (-1 for the module): the body is deeper. */
  readonly indent: number;
}

export interface PythonScanOptions {
  /** Collect pytest and unittest tests (default); false for a module only read for its doctests. */
  readonly tests?: boolean;
}

/** Scans one Python file. `file` is only echoed back. */
export function locatePythonFile(file: string, source: string, options: PythonScanOptions = {}): PythonFileScan {
  const n = source.length;
  const collectTests = options.tests !== false;
  const tests: PythonTest[] = [];
  const inheritable: PythonTest[] = [];
  const classes: PythonClass[] = [];
  const stack: Block[] = [];
  const testCaseClasses = new Set<string>();
  let decorators: string[] = [];

  // Doctests: only in a file that holds `>>>`.
  const docTests: PythonDocTest[] = [];
  const docs = source.indexOf('>>>') >= 0;
  let docLines: DocTestLines | undefined;
  /** The paths of the defs and classes met so far: one met again is a new binding that replaces the first. */
  const docNames = new Set<string>();
  let pendingDoc: DocOwner | undefined = docs ? { path: [], from: 1, indent: -1 } : undefined;
  /** The line of the first decorator of the statement being decorated, 0 when none. */
  let decoratorLine = 0;
  const addDocTest = (owner: DocOwner, at: number): void => {
    if (docstringAt(source, at) !== true) return;
    docLines ??= new DocTestLines(source);
    const name = owner.path[owner.path.length - 1];
    const from = owner.from > 0 ? owner.from : ((name !== undefined ? docLines.classLine(name) : undefined) ?? docLines.lineAt(at));
    docTests.push({ path: owner.path, line: docLines.quotedFrom(from) ?? docLines.lineAt(at) });
  };
  /** A def or class header whose object DocTestFinder reaches (nothing but classes around it). */
  const docOwner = (name: string, from: number, indent: number, at: number): void => {
    if (!stack.every((b) => b.kind === 'class')) return;
    const owner: DocOwner = { path: [...stack.map((b) => b.name), name], from, indent };
    const key = owner.path.join('.');
    if (docNames.has(key)) {
      // Bound again (an `if`/`else` pair too): the last binding is the module's, with what is in it.
      for (let k = docTests.length - 1; k >= 0; k--) {
        const p = docTests[k]?.path.join('.') ?? '';
        if (p === key || p.startsWith(`${key}.`)) docTests.splice(k, 1);
      }
    }
    docNames.add(key);
    const body = inlineBody(source, at);
    if (body >= 0) addDocTest(owner, body);
    else pendingDoc = owner;
  };

  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    // At the start of a logical line: measure its indentation.
    let indent = 0;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 32) indent++;
      else if (c === 9) indent = (indent + 8) & ~7;
      else if (c === 12 || c === 13) indent = 0;
      else break;
      i++;
    }
    const first = source.charCodeAt(i);
    const lineStart = i;
    const startLine = line;
    if (first !== 10 && first !== 35 /* # */ && i < n) {
      if (pendingDoc !== undefined) {
        // The first statement of a module, class or def body: its docstring when it is a string.
        if (indent > pendingDoc.indent) addDocTest(pendingDoc, i);
        pendingDoc = undefined;
      }
      while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
      const top = stack[stack.length - 1];
      if (first === 64 /* @ */) {
        const decorator = decoratorName(source, i);
        if (decorator !== undefined) decorators.push(decorator);
        if (decoratorLine === 0) decoratorLine = startLine;
      } else if (first === 100 /* d */ || first === 97 /* a */) {
        const name = defName(source, i);
        if (name !== undefined) {
          const inClass = top?.kind === 'class';
          const collectible = (stack.length === 0 || (inClass && top.collectible)) && name.startsWith('test');
          const fixture = decorators.length > 0 && decorators.some((d) => d === 'fixture' || d.endsWith('.fixture'));
          if (!collectTests) {
            // A module read for its doctests only.
          } else if (collectible && !fixture) {
            const classPath = stack.map((b) => b.name);
            tests.push({ name, classPath, line: startLine, unittest: inClass && top.unittest });
          } else if (inClass && name.startsWith('test') && stack.every((b) => b.kind === 'class')) {
            inheritable.push({ name, classPath: stack.map((b) => b.name), line: startLine, unittest: false });
          }
          // CPython's co_firstlineno is the first decorator's line. A property's setter or deleter keeps the
          // property's docstring (its getter's).
          const accessor = decorators.includes(`${name}.setter`) || decorators.includes(`${name}.deleter`);
          if (docs && !accessor) docOwner(name, decoratorLine > 0 ? decoratorLine : startLine, indent, i);
          stack.push({ indent, kind: 'def', name, collectible: false, unittest: false });
        }
        if (decorators.length > 0) decorators = [];
        decoratorLine = 0;
      } else if (first === 99 /* c */) {
        const header = classHeader(source, i);
        if (header !== undefined) {
          const name = header.name;
          const bases = baseList(header.bases);
          let unittest = false;
          for (const b of bases) {
            if (looksLikeTestCase(b) || testCaseClasses.has(b)) {
              unittest = true;
              break;
            }
          }
          if (unittest) testCaseClasses.add(name);
          // pytest collects `Test*` classes at module level and inside collected classes; unittest any TestCase.
          let inside = stack.length === 0 || stack[stack.length - 1]?.kind === 'class';
          for (let b = 0; inside && b < stack.length; b++) inside = stack[b]?.collectible === true;
          const collectible = inside && (unittest || name.startsWith('Test'));
          const classPath = stack.map((b) => b.name);
          classPath.push(name);
          if (collectTests) classes.push({ name, classPath, line: startLine, bases, unittest });
          if (docs) docOwner(name, 0, indent, i);
          stack.push({ indent, kind: 'class', name, collectible, unittest });
        }
        if (decorators.length > 0) decorators = [];
        decoratorLine = 0;
      } else {
        if (decorators.length > 0) decorators = [];
        decoratorLine = 0;
      }
    }
    // Skip to the end of the logical line: strings, comments and brackets may carry it over several lines.
    let depth = 0;
    i = lineStart;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c >= 128 || SPECIAL[c] === 0) {
        i++;
        continue;
      }
      if (c === 10) {
        line++;
        i++;
        if (depth === 0) break;
        continue;
      }
      if (c === 35 /* # */) {
        i = lineEnd(source, i);
        continue;
      }
      if (c === 92 /* \ */) {
        if (source.charCodeAt(i + 1) === 10) line++;
        else if (source.charCodeAt(i + 1) === 13 && source.charCodeAt(i + 2) === 10) {
          line++;
          i++;
        }
        i += 2;
        continue;
      }
      if (c === 34 || c === 39) {
        const triple = source.charCodeAt(i + 1) === c && source.charCodeAt(i + 2) === c;
        if (triple) {
          let j = i + 3;
          while (j < n) {
            const x = source.charCodeAt(j);
            if (x === 92) {
              if (source.charCodeAt(j + 1) === 10) line++;
              j += 2;
            } else if (x === c && source.charCodeAt(j + 1) === c && source.charCodeAt(j + 2) === c) {
              j += 3;
              break;
            } else {
              if (x === 10) line++;
              j++;
            }
          }
          i = Math.min(j, n);
          continue;
        }
        let j = i + 1;
        while (j < n) {
          const x = source.charCodeAt(j);
          if (x === 92) {
            if (source.charCodeAt(j + 1) === 10) line++;
            j += 2;
          } else if (x === c || x === 10) break;
          else j++;
        }
        i = source.charCodeAt(j) === 10 ? j : j + 1;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
      i++;
    }
  }
  return { file, tests, docTests, classes, inheritable };
}
