// The Python part of the test index: each file's pytest and unittest tests (pythonLocator), and the mapping from
// what CI printed back to them. Ids are read in every form the runners print:
// - pytest node ids, `tests/test_x.py::TestC::test_y[a-1]` (the path relative to pytest's rootdir, so matched as a
//   suffix; parameters dropped), or the id's part after the file with the file as suite;
// - unittest's `test_y (pkg.test_x.TestC.test_y)` and `test_y (pkg.test_x.TestC)`, and dotted names
//   `pkg.test_x.TestC.test_y`, also split as JUnit XML does (suite `pkg.test_x.TestC`, id `test_y`);
// tests a class inherits from a base class are found on the base's method.
// Doctests (any module's docstrings with `>>>` examples, pythonDocTests) by the name DocTestFinder gives them,
// `pkg.mod.Class.method`, in the forms unittest's DocTestSuite (`method (pkg.mod.Class)`, the dotted name) and
// pytest's --doctest-modules (`pkg/mod.py::pkg.mod.Class.method`; JUnit XML classname `pkg.mod`) print; the module
// part must name the file's path (a suffix of it). A module that is no test file and holds no `>>>` is not scanned.

import type { TestDeclaration } from '../model';
import { chooseDeclaration, fileSuiteScore } from './candidateChoice';
import { locatePythonFile, type PythonClass, type PythonDocTest, type PythonFileScan, type PythonTest } from './pythonLocator';

interface Entry {
  readonly decl: TestDeclaration;
  readonly test: PythonTest;
  /** The file's path as module parts: `tests/unit/test_x.py` → `['tests', 'unit', 'test_x']`. */
  readonly moduleParts: readonly string[];
}

interface DocEntry {
  readonly decl: TestDeclaration;
  readonly docTest: PythonDocTest;
  readonly moduleParts: readonly string[];
}

interface ClassEntry {
  readonly file: string;
  readonly cls: PythonClass;
}

function moduleParts(file: string): string[] {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts;
}

/** The dotted module name unittest would print, assuming the usual roots (`src/` left out). */
function dottedModule(file: string): string {
  const parts = moduleParts(file);
  if (parts[0] === 'src' && parts.length > 1) parts.shift();
  return parts.join('.');
}

/** pytest's and unittest's test file names: their tests are collected; other modules only hold doctests. */
export function isPythonTestFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.startsWith('test') || name.endsWith('_test.py');
}

const UNITTEST_VERBOSE = /^([\p{L}_][\p{L}\p{N}_]*) \(([\p{L}\p{N}_.]*)\)(?: \(.*\))?$/u;

export class PythonTestIndex {
  private readonly scans = new Map<string, PythonFileScan>();
  private readonly entries = new Map<string, Entry[]>();
  private readonly byName = new Map<string, Entry[]>();
  /** Methods only subclasses run (PythonFileScan.inheritable), by name. */
  private readonly inheritableByName = new Map<string, Entry[]>();
  private readonly classesByName = new Map<string, ClassEntry[]>();
  private readonly docEntries = new Map<string, DocEntry[]>();
  /** Doctests by the last part of their name (a module's: its own name). */
  private readonly docsByName = new Map<string, DocEntry[]>();
  /** Modules that are no test files and hold no `>>>`: known, never scanned. */
  private readonly plain = new Set<string>();

  hasFile(path: string): boolean {
    return this.scans.has(path) || this.plain.has(path);
  }

  *files(): IterableIterator<string> {
    yield* this.scans.keys();
    yield* this.plain;
  }

  setFile(path: string, source: string): void {
    this.removeFile(path);
    const testFile = isPythonTestFile(path);
    if (!testFile && source.indexOf('>>>') < 0) {
      this.plain.add(path);
      return;
    }
    const scan = locatePythonFile(path, source, { tests: testFile });
    this.scans.set(path, scan);
    const parts = moduleParts(path);
    const module = dottedModule(path);
    const entryOf = (test: PythonTest): Entry => {
      const decl: TestDeclaration = test.unittest
        ? {
            id: [module, ...test.classPath, test.name].join('.'),
            name: test.name,
            framework: 'unittest',
            file: path,
            line: test.line,
            container: [module, ...test.classPath].join('.'),
          }
        : {
            id: [path, ...test.classPath, test.name].join('::'),
            name: test.name,
            framework: 'pytest',
            file: path,
            line: test.line,
            container: [path, ...test.classPath].join('::'),
          };
      return { decl, test, moduleParts: parts };
    };
    const entries = scan.tests.map(entryOf);
    this.entries.set(path, entries);
    for (const e of entries) add(this.byName, e.test.name, e);
    for (const test of scan.inheritable) add(this.inheritableByName, test.name, entryOf(test));
    for (const cls of scan.classes) add(this.classesByName, cls.name, { file: path, cls });
    if (scan.docTests.length === 0) return;
    const docs = scan.docTests.map((docTest): DocEntry => {
      const name = module === '' ? docTest.path.join('.') : [module, ...docTest.path].join('.');
      const decl: TestDeclaration = {
        id: name,
        name: name.slice(name.lastIndexOf('.') + 1),
        framework: 'unittest',
        file: path,
        line: docTest.line,
        container: name.slice(0, Math.max(0, name.lastIndexOf('.'))),
      };
      return { decl, docTest, moduleParts: parts };
    });
    this.docEntries.set(path, docs);
    for (const d of docs) add(this.docsByName, d.decl.name, d);
  }

  removeFile(path: string): void {
    if (this.plain.delete(path)) return;
    const scan = this.scans.get(path);
    if (!scan) return;
    for (const d of this.docEntries.get(path) ?? []) remove(this.docsByName, d.decl.name, (x) => x === d);
    this.docEntries.delete(path);
    for (const e of this.entries.get(path) ?? []) remove(this.byName, e.test.name, (x) => x === e);
    for (const test of scan.inheritable) remove(this.inheritableByName, test.name, (x) => x.decl.file === path);
    for (const cls of scan.classes) remove(this.classesByName, cls.name, (x) => x.file === path);
    this.entries.delete(path);
    this.scans.delete(path);
  }

  declarationsIn(path: string): TestDeclaration[] {
    const tests = (this.entries.get(path) ?? []).map((e) => e.decl);
    const docs = this.docEntries.get(path);
    if (!docs) return tests;
    return [...tests, ...docs.map((d) => d.decl)].sort((a, b) => a.line - b.line);
  }

  resolve(suite: string, id: string): TestDeclaration | undefined {
    const trimmed = id.trim();
    const verbose = UNITTEST_VERBOSE.exec(trimmed);
    if (verbose) {
      const name = verbose[1] ?? '';
      const dotted = verbose[2] ?? '';
      if (dotted === '') return this.resolveDocTest([name], undefined); // a top-level module's doctest
      const test = this.resolveDotted(dotted.endsWith(`.${name}`) ? dotted : `${dotted}.${name}`);
      // unittest's test cases are methods: a module-level function in this form is a doctest (`name (module)`).
      if (test && (test.framework === 'unittest' || test.container?.includes('::') === true)) return test;
      return this.resolveDocTest([...dotted.split('.'), name], undefined) ?? test;
    }
    // Parameters may hold any character: split the id before them.
    const bracket = trimmed.indexOf('[');
    const head = bracket >= 0 ? trimmed.slice(0, bracket) : trimmed;
    const s = suite.trim().replace(/\\/g, '/');
    if (head.includes('::')) {
      const parts = head.replace(/\\/g, '/').split('::');
      const file = /\.py$/.test(parts[0] ?? '') ? (parts.shift() ?? '') : /\.py$/.test(s) ? s : '';
      return this.resolveNode(file, parts);
    }
    if (/\.py$/.test(s)) return this.resolveNode(s, [head]);
    const dotted = s !== '' && !head.includes('.') ? `${s}.${head}` : head;
    return this.resolveDotted(dotted) ?? this.resolveDocTest(dotted.split('.'), undefined);
  }

  /**
   * A node id: the file as printed (maybe relative to another root) and the class path and function, or a doctest's
   * name (`pkg/mod.py::pkg.mod.func`; a top-level module's own, `mod.py::mod`, holds no dot).
   */
  private resolveNode(file: string, path: readonly string[]): TestDeclaration | undefined {
    const name = path[path.length - 1] ?? '';
    const doc = (): TestDeclaration | undefined => this.resolveDocTest(name.split('.'), file === '' ? undefined : file);
    if (path.length === 1 && name.includes('.')) return doc();
    return this.resolveNodeTest(file, path) ?? (path.length === 1 ? doc() : undefined);
  }

  private resolveNodeTest(file: string, path: readonly string[]): TestDeclaration | undefined {
    const name = path[path.length - 1] ?? '';
    const classes = path.slice(0, -1);
    const candidates = this.byName.get(name) ?? [];
    const direct = candidates.filter((e) => sameList(e.test.classPath, classes));
    const score = (e: Entry): number[] => [fileSuiteScore(file, e.decl.file)];
    const found = chooseDeclaration(direct, (e) => e.decl, score);
    if (found || direct.some((e) => fileSuiteScore(file, e.decl.file) >= 0)) return found?.decl;
    return this.inherited(name, candidates, classes, (f) => fileSuiteScore(file, f));
  }

  /** A dotted name: module parts (a suffix of the file's), classes, function. */
  private resolveDotted(dotted: string): TestDeclaration | undefined {
    const parts = dotted.split('.');
    const name = parts[parts.length - 1] ?? '';
    const candidates = this.byName.get(name) ?? [];
    const matched = (e: Entry): number => {
      const full = [...e.moduleParts, ...e.test.classPath, name];
      if (parts.length > full.length) return -1;
      for (let i = 1; i <= parts.length; i++) if (full[full.length - i] !== parts[parts.length - i]) return -1;
      // The class path must be named whole: `test_y` alone does not name `TestC.test_y`.
      return parts.length > e.test.classPath.length ? parts.length : -1;
    };
    const found = chooseDeclaration(candidates, (e) => e.decl, (e) => [matched(e)]);
    if (found) return found.decl;
    // An inherited test: the last class named is the subclass; the module parts before it name its file.
    for (let c = parts.length - 2; c >= 0; c--) {
      const cls = parts[c] ?? '';
      if (!this.classesByName.has(cls)) continue;
      const moduleTail = parts.slice(0, c);
      const fileScore = (file: string): number => {
        const mod = moduleParts(file);
        return moduleTail.every((p, i) => mod[mod.length - moduleTail.length + i] === p) ? moduleTail.length : -1;
      };
      return this.inherited(name, candidates, parts.slice(c, -1), fileScore);
    }
    return undefined;
  }

  /**
   * A doctest by its dotted name (`pkg.mod.Class.method`): the module part, at least one name of it, a suffix of the
   * file's module path; the longest match wins. `file` when the runner printed it (pytest).
   */
  private resolveDocTest(parts: readonly string[], file: string | undefined): TestDeclaration | undefined {
    const candidates = this.docsByName.get(parts[parts.length - 1] ?? '');
    if (!candidates) return undefined;
    const score = (e: DocEntry): number[] => {
      const path = e.docTest.path;
      const moduleCount = parts.length - path.length;
      if (moduleCount < 1 || moduleCount > e.moduleParts.length) return [-1];
      for (let i = 0; i < path.length; i++) if (parts[moduleCount + i] !== path[i]) return [-1];
      for (let i = 1; i <= moduleCount; i++) {
        if (e.moduleParts[e.moduleParts.length - i] !== parts[moduleCount - i]) return [-1];
      }
      return file === undefined ? [moduleCount] : [fileSuiteScore(file, e.decl.file), moduleCount];
    };
    return chooseDeclaration(candidates, (e) => e.decl, score)?.decl;
  }

  /** A test that the class `classes` (in a file `fileScore` accepts) inherits from a base class's method. */
  private inherited(
    name: string,
    collected: readonly Entry[],
    classes: readonly string[],
    fileScore: (file: string) => number,
  ): TestDeclaration | undefined {
    const last = classes[classes.length - 1];
    if (last === undefined) return undefined;
    const candidates = [...collected, ...(this.inheritableByName.get(name) ?? [])];
    const owners = (this.classesByName.get(last) ?? []).filter(
      (c) => fileScore(c.file) >= 0 && sameList(c.cls.classPath, classes),
    );
    const seen = new Set<PythonClass>();
    let frontier = owners;
    for (let depth = 0; depth < 6 && frontier.length > 0; depth++) {
      const next: ClassEntry[] = [];
      for (const owner of frontier) {
        if (seen.has(owner.cls)) continue;
        seen.add(owner.cls);
        for (const base of owner.cls.bases) {
          const baseName = base.slice(base.lastIndexOf('.') + 1);
          const bases = this.classesByName.get(baseName) ?? [];
          // A base in the same file shadows others of that name.
          const sameFile = bases.filter((b) => b.file === owner.file);
          next.push(...(sameFile.length > 0 ? sameFile : bases));
        }
      }
      const hits = candidates.filter((e) =>
        next.some((b) => b.file === e.decl.file && sameList(b.cls.classPath, e.test.classPath)),
      );
      const found = chooseDeclaration(hits, (e) => e.decl, () => [0]);
      if (found) return found.decl;
      frontier = next;
    }
    return undefined;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function remove<K, V>(map: Map<K, V[]>, key: K, drop: (v: V) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((v) => !drop(v));
  if (rest.length > 0) map.set(key, rest);
  else map.delete(key);
}
