// The workspace's test declarations, kept up to date one file at a time, and the mapping from what CI printed
// (framework, suite, id) back to a file and line.
//
// Each source file is scanned once when it is set (rustLocator, goLocator, jsLocator, pythonLocator, jvmLocator).
// Qualified ids need more than one file: a Rust id is the module path from the crate root (`wait_notify::atomic_wait`
// needs `tests/all/main.rs`'s `mod wait_notify;`), a Go suite is the import path from the nearest go.mod. These are
// derived per Rust package or Go package folder, lazily, and only the package a change touches is derived again.
// JavaScript/TypeScript, Python, Java and Kotlin ids need only their own file (and, for JS, the nearest package.json
// to name the framework): those indexes (jsTestIndex, pythonTestIndex, jvmTestIndex) update per file.

import type { OperatingSystem, TestDeclaration } from '../model';
import { parseCargoManifest, parseGoModulePath, type CargoManifest } from './buildManifests';
import { locateGoFile, type GoFileScan } from './goLocator';
import { SegmentedId } from './idPrefixes';
import { JsTestIndex } from './jsTestIndex';
import { JvmTestIndex } from './jvmTestIndex';
import { PythonTestIndex, isPythonTestFile } from './pythonTestIndex';
import {
  conventionalPlace,
  crateName,
  crateTargets,
  moduleFileCandidates,
  rustSuiteScore,
  targetName,
  type RustPackage,
  type RustTarget,
} from './rustCrateLayout';
import { isSkippedOrOutputFolder } from './skippedFolders';
import { locateRustFile, type RustDocTestMode, type RustFileScan, type RustTestMacro } from './rustLocator';
import { basename, dirname, hasPathSuffix, joinPath, normalizePath, relativeTo } from './workspacePath';

/** A test as CI reported it. */
export interface ReportedTest {
  readonly framework: string;
  readonly suite: string;
  readonly id: string;
  /** The OS of the job that ran it, when known: tells apart Go tests of one name in `_windows`/`_linux` files. */
  readonly os?: OperatingSystem;
}

/** Cargo's build output (`target/debug/build/…/out/gen.rs`), wherever the target folder is. */
const CARGO_OUTPUT = /(?:^|\/)target\/(?:debug|release|doc|tmp|package|[^/]+-[^/]+)\//;

const JS_SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
/** jest's and vitest's default test file names, and the usual variants (`.e2e-spec.ts`, `.it.js`). */
const JS_TEST_NAME = /[._-](?:test|spec|tests|specs|e2e|e2e-spec|it|unit|integration)\.(?:[cm]?[jt]s|[jt]sx)$/;
/** Folders whose JS files are tests by convention (jest's `__tests__`, mocha's `test`). */
const JS_TEST_FOLDERS = new Set(['__tests__', '__test__', 'test', 'tests', 'spec', 'specs', 'e2e']);
/** JVM test sources: Surefire's and Failsafe's default class names, and every file of a test source set. */
const JVM_TEST_NAME = /(?:^Test.*|Tests?|TestCase|IT|ITCase|Spec)\.(?:java|kt)$/;
const JVM_TEST_SOURCE_SET = /(?:^|\/)src\/(?:test|it|[A-Za-z]*Test)\/(?:java|kotlin)\//;

/**
 * A cheap filter for the file watcher: Rust sources, Go test files, `Cargo.toml` and `go.mod` (outside build output
 * and the folders the Go tool ignores: `testdata`, `vendor`, `_x`, `.x`); JS/TS test files (`*.test.ts`,
 * `*.spec.js`, `__tests__/`, `test/`) and `package.json`; Python `test*.py` and `*_test.py`; Java and Kotlin test
 * classes (`*Test.java`, `*Tests.kt`, `*IT.java`, anything under `src/test/java`) — outside dependencies and output.
 */
export function isTestFileCandidate(path: string): boolean {
  return isCandidate(path, false);
}

/**
 * The files the index reads: {@link isTestFileCandidate}'s, and every other Python module (outside dependencies and
 * output), for its doctests; one without `>>>` costs an indexOf.
 */
export function isIndexCandidate(path: string): boolean {
  return isCandidate(path, true);
}

function isCandidate(path: string, pythonModules: boolean): boolean {
  const normalized = normalizePath(path);
  const segments = normalized.split('/');
  const name = segments[segments.length - 1] ?? '';
  const folders = segments.slice(0, -1);
  if (folders.some((s) => s === 'node_modules' || s === '.git')) return false;
  if (name === 'Cargo.toml') return true;
  if (name.endsWith('.rs')) return folders[0] !== 'target' && !CARGO_OUTPUT.test(normalized);
  if (name === 'go.mod' || (name.endsWith('_test.go') && !name.startsWith('_') && !name.startsWith('.'))) {
    return !folders.some((s) => s === 'testdata' || s === 'vendor' || s.startsWith('.') || s.startsWith('_'));
  }
  if (folders.some(isSkippedOrOutputFolder)) return false;
  if (name === 'package.json') return true;
  if (JS_SOURCE.test(name)) {
    if (/\.d\.[cm]?ts$/.test(name)) return false;
    return JS_TEST_NAME.test(name) || folders.some((s) => JS_TEST_FOLDERS.has(s));
  }
  if (name.endsWith('.py')) return pythonModules || isPythonTestFile(name);
  if (name.endsWith('.java') || name.endsWith('.kt')) return JVM_TEST_NAME.test(name) || JVM_TEST_SOURCE_SET.test(normalized);
  return false;
}

type Language = 'rust' | 'go' | 'js' | 'python' | 'jvm';

function languageOf(name: string): Language | undefined {
  if (name.endsWith('.rs')) return 'rust';
  if (name.endsWith('_test.go')) return 'go';
  if (JS_SOURCE.test(name)) return 'js';
  if (name.endsWith('.py')) return 'python';
  if (name.endsWith('.java') || name.endsWith('.kt')) return 'jvm';
  return undefined;
}

interface Entry {
  readonly decl: TestDeclaration;
  /** Found through the crate's module tree, the manifest or go.mod; false when guessed from the file's path. */
  readonly certain: boolean;
  readonly rust?: { readonly target: RustTarget; readonly pkg: RustPackage };
  readonly go?: GoPackage;
  readonly docTest?: boolean;
  /** A doc-test's line as rustdoc prints it in the test's name, when it is not the fence's (`decl.line`). */
  readonly docLine?: number;
  /** Rust attribute that made it a test (`rstest`), for parameterised ids. */
  readonly attribute?: string;
}

interface View {
  readonly byFile: Map<string, Entry[]>;
  readonly byId: Map<string, Entry[]>;
}

/** Frameworks whose tests the JS index locates. */
const JS_FRAMEWORKS = new Set(['jest', 'vitest', 'mocha', 'node', 'playwright']);

/** Where a Rust file sits in a crate target: the module path of its top level. */
interface Placement {
  readonly target: RustTarget;
  readonly prefix: readonly string[];
  /** Reached through the module tree; false when guessed from the file's path. */
  readonly certain: boolean;
}

interface RustView extends View {
  readonly pkg: RustPackage;
  /** Kept so that an edit which leaves a file's `mod` declarations alone re-derives that file only. */
  readonly placements: Map<string, Placement[]>;
  /** The package's `macro_rules!` that declare tests, by name. */
  readonly testMacros: Map<string, RustTestMacro>;
  /** Identifiers in module-level macro calls, by the id a test they name would have: tests of unknown macros. */
  readonly macroArguments: Map<string, Entry[]>;
}

interface GoPackage {
  readonly dir: string;
  /** From the nearest go.mod; undefined when none is known. */
  readonly importPath?: string;
}

interface GoView extends View {
  readonly pkg: GoPackage;
  /** testify suite methods whose runner was not found, by method name. */
  readonly unlinkedMethods: Map<string, Entry>;
}

const PARAMETERISED_ATTRIBUTES = new Set(['rstest', 'test_case', 'test_matrix']);
const DOC_TEST_SUFFIX: Record<RustDocTestMode, string> = {
  run: '',
  ignore: '',
  no_run: ' - compile',
  compile_fail: ' - compile fail',
};

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function removeFrom<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)?.filter((v) => v !== value);
  if (list === undefined) return;
  if (list.length > 0) map.set(key, list);
  else map.delete(key);
}

/** Whether two scans of a file declare the same test macros (else the package's other files need deriving again). */
function sameTestMacros(a: RustFileScan, b: RustFileScan): boolean {
  return JSON.stringify(a.testMacros) === JSON.stringify(b.testMacros);
}

/** The tests that module-level calls of a file make with the package's test macros: names and lines. */
function macroTests(scan: RustFileScan, macros: Map<string, RustTestMacro>): { modulePath: readonly string[]; name: string; line: number }[] {
  const out: { modulePath: readonly string[]; name: string; line: number }[] = [];
  if (macros.size === 0) return out;
  for (const call of scan.macroCalls) {
    const macro = macros.get(call.name);
    if (!macro) continue;
    for (const rule of macro.rules) {
      const named = call.arguments.filter((a) =>
        a.leading && (rule.repeated ? a.follower === rule.follower : a.fragment === rule.fragment),
      );
      const names = rule.repeated ? named : named.slice(0, 1);
      for (const a of names) out.push({ modulePath: call.modulePath, name: a.text, line: a.line });
      if (names.length > 0) break;
    }
  }
  return out;
}

/** The names under which a Rust file is found: its tests' and its module-level macro calls' identifiers. */
function rustNames(scan: RustFileScan): Set<string> {
  const names = new Set<string>();
  for (const t of scan.tests) names.add(t.name);
  for (const call of scan.macroCalls) for (const a of call.arguments) names.add(a.text);
  return names;
}

function addName(map: Map<string, Set<string>>, name: string, value: string): void {
  let set = map.get(name);
  if (!set) map.set(name, (set = new Set()));
  set.add(value);
}

function removeName(map: Map<string, Set<string>>, name: string, value: string): void {
  const set = map.get(name);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(name);
}

function sameModules(a: RustFileScan, b: RustFileScan): boolean {
  return (
    a.modules.length === b.modules.length &&
    a.modules.every((m, i) => {
      const o = b.modules[i];
      return (
        o !== undefined &&
        m.name === o.name &&
        m.pathAttribute === o.pathAttribute &&
        m.parentPath.join('::') === o.parentPath.join('::')
      );
    })
  );
}

/** How well a Go suite (the import path) names a package folder. */
function goSuiteScore(suite: string, pkg: GoPackage): number {
  const s = suite.trim();
  if (s === '') return 0;
  if (pkg.importPath !== undefined) return s === pkg.importPath ? 3 : -1;
  if (pkg.dir === '') return 0;
  const folders = pkg.dir.split('/');
  const parts = s.split('/');
  let matched = 0;
  const same = (i: number): boolean => folders[folders.length - 1 - i] === parts[parts.length - 1 - i];
  while (matched < folders.length && same(matched)) matched++;
  if (matched === folders.length) return 2 + matched / 100;
  return matched > 0 ? 1 + matched / 100 : -1;
}

/** Keeps one entry per location, the best-scored one. */
function pickBest(entries: readonly Entry[], score: (e: Entry) => number, suiteGiven: boolean): Entry | undefined {
  let best = -Infinity;
  let winners: Entry[] = [];
  for (const e of entries) {
    let s = suiteGiven ? score(e) : 0;
    if (s < 0) continue;
    if (e.certain) s += 0.25;
    if (s > best) {
      best = s;
      winners = [e];
    } else if (s === best) {
      winners.push(e);
    }
  }
  const first = winners[0];
  if (first === undefined) return undefined;
  const sameLocation = winners.every((w) => w.decl.file === first.decl.file && w.decl.line === first.decl.line);
  return sameLocation ? first : undefined;
}

function uniqueDeclarations(entries: readonly Entry[]): TestDeclaration[] {
  const seen = new Set<string>();
  const out: TestDeclaration[] = [];
  for (const e of entries) {
    const key = `${e.decl.id}\u001f${e.decl.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e.decl);
  }
  return out.sort((a, b) => a.line - b.line || a.id.localeCompare(b.id));
}

export class TestIndex {
  private readonly rustScans = new Map<string, RustFileScan>();
  private readonly goScans = new Map<string, GoFileScan>();
  private readonly cargoManifests = new Map<string, CargoManifest>();
  private readonly goModules = new Map<string, string>();

  /** Rust file → package root; undefined after a Cargo.toml change until the next query. */
  private rustPackageOf: Map<string, string> | undefined = new Map();
  private readonly rustFilesByPackage = new Map<string, Set<string>>();
  private readonly rustViews = new Map<string, RustView>();
  private readonly goFilesByDir = new Map<string, Set<string>>();
  private readonly goViews = new Map<string, GoView>();
  /**
   * Rust files by the names of the tests they declare (and the identifiers of their module-level macro calls):
   * resolving an id derives only the packages of files that may declare it. Kept up to date per file.
   */
  private readonly rustFilesByName = new Map<string, Set<string>>();
  /** Go package folders by the names of their top-level tests: resolving derives only those packages. */
  private readonly goDirsByName = new Map<string, Set<string>>();
  private readonly js = new JsTestIndex();
  private readonly python = new PythonTestIndex();
  private readonly jvm = new JvmTestIndex();

  /** Adds or replaces a file (workspace-relative path). Files that {@link isIndexCandidate} rejects are ignored. */
  setFile(file: string, source: string): void {
    const path = normalizePath(file);
    if (!isIndexCandidate(path)) return;
    const name = basename(path);
    const language = languageOf(name);
    if (name === 'Cargo.toml') {
      this.cargoManifests.set(dirname(path), parseCargoManifest(source));
      this.invalidateRustLayout(dirname(path));
    } else if (name === 'package.json') {
      this.js.setManifest(dirname(path), source);
    } else if (language === 'js') {
      this.js.setFile(path, source);
    } else if (language === 'python') {
      this.python.setFile(path, source);
    } else if (language === 'jvm') {
      this.jvm.setFile(path, source);
    } else if (name === 'go.mod') {
      const modulePath = parseGoModulePath(source);
      if (modulePath !== undefined) this.goModules.set(dirname(path), modulePath);
      else this.goModules.delete(dirname(path));
      this.invalidateGoModule(dirname(path));
    } else if (name.endsWith('.rs')) {
      const before = this.rustScans.get(path);
      const scan = locateRustFile(path, source);
      this.rustScans.set(path, scan);
      if (before) for (const name of rustNames(before)) removeName(this.rustFilesByName, name, path);
      for (const name of rustNames(scan)) addName(this.rustFilesByName, name, path);
      const root =
        before && sameModules(before, scan) && sameTestMacros(before, scan) ? this.rustPackageOf?.get(path) : undefined;
      const view = root !== undefined ? this.rustViews.get(root) : undefined;
      if (view) this.refreshRustFile(view, path);
      else this.placeRustFile(path);
    } else {
      const before = this.goScans.get(path);
      const scan = locateGoFile(path, source);
      this.goScans.set(path, scan);
      const dir = dirname(path);
      if (before) for (const t of before.tests) this.dropGoName(t.name, dir, path);
      for (const t of scan.tests) addName(this.goDirsByName, t.name, dir);
      let files = this.goFilesByDir.get(dir);
      if (!files) this.goFilesByDir.set(dir, (files = new Set()));
      files.add(path);
      this.dropGoView(dir);
    }
  }

  /** Forgets a file; a path that is no known file is taken as a deleted folder and everything under it goes. */
  removeFile(file: string): void {
    const path = normalizePath(file);
    const name = basename(path);
    const known =
      this.rustScans.has(path) ||
      this.goScans.has(path) ||
      this.js.hasFile(path) ||
      this.python.hasFile(path) ||
      this.jvm.hasFile(path) ||
      (name === 'package.json' && this.js.hasManifest(dirname(path))) ||
      (name === 'Cargo.toml' && this.cargoManifests.has(dirname(path))) ||
      (name === 'go.mod' && this.goModules.has(dirname(path)));
    if (!known) {
      const inFolder = (f: string): boolean => relativeTo(path, f) !== undefined;
      const inside = [
        ...this.rustScans.keys(),
        ...this.goScans.keys(),
        ...this.js.files(),
        ...this.python.files(),
        ...this.jvm.files(),
      ].filter((f) => f !== path && inFolder(f));
      for (const dir of [...this.cargoManifests.keys()].filter(inFolder)) inside.push(joinPath(dir, 'Cargo.toml'));
      for (const dir of [...this.goModules.keys()].filter(inFolder)) inside.push(joinPath(dir, 'go.mod'));
      for (const f of inside) this.removeFile(f);
      // package.json files are not listed by folder: dropping them all under a deleted folder is cheap.
      if (path !== '') this.js.removeManifestsUnder(path);
      return;
    }
    if (this.js.hasFile(path)) this.js.removeFile(path);
    else if (this.python.hasFile(path)) this.python.removeFile(path);
    else if (this.jvm.hasFile(path)) this.jvm.removeFile(path);
    else if (name === 'package.json') this.js.setManifest(dirname(path), undefined);
    else if (name === 'Cargo.toml') {
      if (this.cargoManifests.delete(dirname(path))) this.invalidateRustLayout(dirname(path));
    } else if (name === 'go.mod') {
      if (this.goModules.delete(dirname(path))) this.invalidateGoModule(dirname(path));
    } else if (this.rustScans.has(path)) {
      for (const n of rustNames(this.rustScans.get(path) as RustFileScan)) removeName(this.rustFilesByName, n, path);
      this.rustScans.delete(path);
      const root = this.rustPackageOf?.get(path);
      if (root !== undefined) {
        this.rustPackageOf?.delete(path);
        this.rustFilesByPackage.get(root)?.delete(path);
        this.dropRustView(root);
      }
    } else if (this.goScans.has(path)) {
      const dir = dirname(path);
      const scan = this.goScans.get(path) as GoFileScan;
      this.goScans.delete(path);
      for (const t of scan.tests) this.dropGoName(t.name, dir, path);
      this.goFilesByDir.get(dir)?.delete(path);
      this.dropGoView(dir);
    }
  }

  /** The tests declared in a file, with the ids CI prints for them, by line. */
  declarationsIn(file: string): readonly TestDeclaration[] {
    const path = normalizePath(file);
    if (this.rustScans.has(path)) {
      const root = this.rustLayout().get(path);
      return root === undefined ? [] : uniqueDeclarations(this.rustView(root).byFile.get(path) ?? []);
    }
    if (this.goScans.has(path)) return uniqueDeclarations(this.goView(dirname(path)).byFile.get(path) ?? []);
    if (this.js.hasFile(path)) return this.js.declarationsIn(path);
    if (this.python.hasFile(path)) return this.python.declarationsIn(path);
    if (this.jvm.hasFile(path)) return this.jvm.declarationsIn(path);
    return [];
  }

  /** Every declaration in the workspace, by file then line. */
  allDeclarations(): readonly TestDeclaration[] {
    const files = [
      ...this.rustScans.keys(),
      ...this.goScans.keys(),
      ...this.js.files(),
      ...this.python.files(),
      ...this.jvm.files(),
    ].sort();
    return files.flatMap((f) => this.declarationsIn(f));
  }

  /**
   * Where a test that CI reported is declared: an exact id match first (chosen by suite when the id repeats across
   * crates, targets or packages), then the forms that need more thought (doc-tests by file and line, parameterised
   * Rust tests, Go subtests by their nearest known parent). Undefined rather than a guess when nothing fits.
   */
  resolve(test: ReportedTest): TestDeclaration | undefined {
    const { framework, suite, id } = test;
    switch (framework) {
      case 'libtest':
      case 'nextest':
        return this.resolveRust(suite, id, framework === 'nextest');
      case 'gotest':
        return this.resolveGo(suite, id, test.os);
      case 'pytest':
      case 'unittest':
        return this.python.resolve(suite, id);
      default:
        if (JS_FRAMEWORKS.has(framework)) return this.js.resolve(suite, id);
        // JUnit XML (and reports of unknown origin) come from any language: read the suite's and id's shape.
        if (/\.py\b/.test(suite) || /\.py::/.test(id)) return this.python.resolve(suite, id);
        if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(suite.trim())) return this.js.resolve(suite, id);
        return this.jvm.resolve(suite, id) ?? this.python.resolve(suite, id) ?? this.js.resolve(suite, id);
    }
  }

  // ---- Rust ----

  private packageRootOf(file: string): string {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const manifest = this.cargoManifests.get(dir);
      if (manifest && (manifest.packageName !== undefined || !manifest.isWorkspace)) return dir;
      if (dir === '') break;
    }
    // No manifest known: the folder above the conventional `src`, `tests`, `benches`, `examples`.
    const segments = file.split('/');
    for (let i = segments.length - 2; i >= 0; i--) {
      const s = segments[i];
      if (s === 'src' || s === 'tests' || s === 'benches' || s === 'examples') return segments.slice(0, i).join('/');
    }
    return dirname(file);
  }

  private placeRustFile(path: string): void {
    const layout = this.rustPackageOf;
    if (!layout) return;
    const before = layout.get(path);
    const root = this.packageRootOf(path);
    if (before !== undefined && before !== root) {
      this.rustFilesByPackage.get(before)?.delete(path);
      this.dropRustView(before);
    }
    layout.set(path, root);
    let files = this.rustFilesByPackage.get(root);
    if (!files) this.rustFilesByPackage.set(root, (files = new Set()));
    files.add(path);
    this.dropRustView(root);
  }

  /** A Cargo.toml changed in `dir`: packages at, under or above it may have gained or lost files. */
  private invalidateRustLayout(dir: string): void {
    this.rustPackageOf = undefined;
    for (const root of [...this.rustViews.keys()]) {
      if (relativeTo(dir, root) !== undefined || relativeTo(root, dir) !== undefined) this.dropRustView(root);
    }
  }

  private rustLayout(): Map<string, string> {
    if (this.rustPackageOf) return this.rustPackageOf;
    const layout = new Map<string, string>();
    const before = new Map<string, Set<string>>(this.rustFilesByPackage);
    this.rustFilesByPackage.clear();
    for (const file of this.rustScans.keys()) {
      const root = this.packageRootOf(file);
      layout.set(file, root);
      let files = this.rustFilesByPackage.get(root);
      if (!files) this.rustFilesByPackage.set(root, (files = new Set()));
      files.add(file);
    }
    // Packages whose files changed are derived again; the others keep their view.
    for (const [root, files] of this.rustFilesByPackage) {
      const old = before.get(root);
      if (!old || old.size !== files.size || [...files].some((f) => !old.has(f))) this.dropRustView(root);
    }
    for (const root of before.keys()) if (!this.rustFilesByPackage.has(root)) this.dropRustView(root);
    this.rustPackageOf = layout;
    return layout;
  }

  private rustPackage(root: string): RustPackage {
    const manifest = this.cargoManifests.get(root);
    const packageName = manifest?.packageName;
    const libTarget = manifest?.targets.find((t) => t.kind === 'lib');
    const guessed = root === '' ? undefined : basename(root);
    const libName = libTarget?.name ?? (packageName ?? guessed);
    let docBase = root;
    for (let dir = root; ; dir = dirname(dir)) {
      if (this.cargoManifests.get(dir)?.isWorkspace) {
        docBase = dir;
        break;
      }
      if (dir === '') break;
    }
    return {
      root,
      ...(packageName !== undefined ? { packageName } : {}),
      ...(libName !== undefined ? { libName: crateName(libName) } : {}),
      docBase,
      hasManifest: manifest !== undefined,
    };
  }

  /** The declarations of one Rust file at one place in a crate. */
  private rustEntries(file: string, place: Placement, pkg: RustPackage): Entry[] {
    const scan = this.rustScans.get(file);
    if (!scan) return [];
    const { target, prefix, certain } = place;
    const entries: Entry[] = [];
    const tests = [
      ...scan.tests,
      ...macroTests(scan, this.rustViews.get(pkg.root)?.testMacros ?? this.pendingMacros).map((t) => ({
        ...t,
        attribute: 'macro_rules',
      })),
    ];
    for (const test of tests) {
      const container = [...prefix, ...test.modulePath].join('::');
      entries.push({
        decl: {
          id: container === '' ? test.name : `${container}::${test.name}`,
          name: test.name,
          framework: 'libtest',
          file,
          line: test.line,
          container,
        },
        certain,
        rust: { target, pkg },
        attribute: test.attribute,
      });
    }
    if (target.kind !== 'lib') return entries;
    // rustdoc prints paths relative to the cargo workspace root.
    const docFile = relativeTo(pkg.docBase, file) ?? file;
    for (const doc of scan.docTests) {
      if (doc.itemPath === undefined) continue;
      const item = [...prefix, ...doc.itemPath].join('::');
      entries.push({
        decl: {
          id: `${docFile} - ${item === '' ? '' : `${item} `}(line ${doc.listedLine ?? doc.line})${DOC_TEST_SUFFIX[doc.mode]}`,
          name: item === '' ? (pkg.libName ?? docFile) : item,
          framework: 'libtest',
          file,
          line: doc.line,
          container: prefix.join('::'),
        },
        certain,
        rust: { target, pkg },
        docTest: true,
        ...(doc.listedLine !== undefined ? { docLine: doc.listedLine } : {}),
      });
    }
    return entries;
  }

  /** Re-derives one file's entries in place, after an edit that kept its `mod` declarations. */
  private refreshRustFile(view: RustView, file: string): void {
    for (const e of view.byFile.get(file) ?? []) removeFrom(view.byId, e.decl.id, e);
    view.byFile.delete(file);
    for (const [id, entries] of [...view.macroArguments]) {
      const rest = entries.filter((e) => e.decl.file !== file);
      if (rest.length > 0) view.macroArguments.set(id, rest);
      else view.macroArguments.delete(id);
    }
    for (const place of view.placements.get(file) ?? []) {
      for (const e of this.rustEntries(file, place, view.pkg)) {
        addTo(view.byFile, file, e);
        addTo(view.byId, e.decl.id, e);
      }
      this.addMacroArguments(view, file, place);
    }
  }

  /** The test macros of the package whose view is being built (rustEntries reads them before the view exists). */
  private pendingMacros = new Map<string, RustTestMacro>();

  private rustView(root: string): RustView {
    const cached = this.rustViews.get(root);
    if (cached) return cached;
    const files = this.rustFilesByPackage.get(root) ?? new Set<string>();
    const pkg = this.rustPackage(root);
    const testMacros = new Map<string, RustTestMacro>();
    for (const file of files) for (const m of this.rustScans.get(file)?.testMacros ?? []) testMacros.set(m.name, m);
    this.pendingMacros = testMacros;
    const targets = crateTargets(pkg, files, this.cargoManifests.get(root));
    const placements = new Map<string, Placement[]>();

    for (const target of targets) {
      const visited = new Set<string>();
      const walk = (file: string, prefix: readonly string[], isModRs: boolean): void => {
        if (visited.has(file) || !this.rustScans.has(file)) return;
        visited.add(file);
        addTo(placements, file, { target, prefix, certain: true });
        for (const decl of this.rustScans.get(file)?.modules ?? []) {
          const child = moduleFileCandidates(file, isModRs, decl).find((c) => this.rustScans.has(c));
          if (child === undefined) continue;
          // Files loaded through #[path] behave like mod.rs files.
          const childIsModRs = decl.pathAttribute !== undefined || basename(child) === 'mod.rs';
          walk(child, [...prefix, ...decl.parentPath, decl.name], childIsModRs);
        }
      };
      walk(target.rootFile, [], true);
    }

    // Files no crate root reaches (the root is not indexed yet, or a `mod` is generated): guess from the layout.
    for (const file of files) {
      if (placements.has(file)) continue;
      const rel = relativeTo(root, file) ?? file;
      const place = conventionalPlace(rel);
      const name = place.kind === 'lib' ? pkg.libName : targetName(place.relRoot);
      const target = targets.find((t) => t.relRoot === place.relRoot) ?? {
        kind: place.kind,
        relRoot: place.relRoot,
        rootFile: joinPath(root, place.relRoot),
        ...(name !== undefined ? { name } : {}),
      };
      placements.set(file, [{ target, prefix: place.prefix, certain: false }]);
    }

    const view: RustView = { pkg, placements, testMacros, macroArguments: new Map(), byFile: new Map(), byId: new Map() };
    for (const [file, places] of placements) {
      for (const place of places) {
        for (const e of this.rustEntries(file, place, pkg)) {
          addTo(view.byFile, file, e);
          addTo(view.byId, e.decl.id, e);
        }
        this.addMacroArguments(view, file, place);
      }
    }
    this.rustViews.set(root, view);
    this.pendingMacros = new Map();
    return view;
  }

  private addMacroArguments(view: RustView, file: string, place: Placement): void {
    for (const call of this.rustScans.get(file)?.macroCalls ?? []) {
      const container = [...place.prefix, ...call.modulePath].join('::');
      for (const arg of call.arguments) {
        const id = container === '' ? arg.text : `${container}::${arg.text}`;
        addTo(view.macroArguments, id, {
          decl: { id, name: arg.text, framework: 'libtest', file, line: arg.line, container },
          certain: place.certain,
          rust: { target: place.target, pkg: view.pkg },
        });
      }
    }
  }

  private dropRustView(root: string): void {
    this.rustViews.delete(root);
  }

  /** The views of the packages whose files declare one of `names`: the only ones an id with them can be in. */
  private rustViewsNaming(names: readonly string[]): RustView[] {
    const layout = this.rustLayout();
    const roots = new Set<string>();
    for (const name of names) {
      for (const file of this.rustFilesByName.get(name.replace(/^r#/, '')) ?? []) {
        const root = layout.get(file);
        if (root !== undefined) roots.add(root);
      }
    }
    return [...roots].map((root) => this.rustView(root));
  }

  private resolveRust(suite: string, id: string, nextest: boolean): TestDeclaration | undefined {
    const score = (e: Entry): number => (e.rust ? rustSuiteScore(suite, e.rust.target, e.rust.pkg, nextest) : -1);
    const suiteGiven = suite.trim() !== '';
    const doc = docTestIdParts(id);
    if (doc) return this.resolveRustDocTest(suite, id, doc.file, doc.item.trim(), doc.line);

    const parts = id.split('::');
    const views = this.rustViewsNaming(parts);
    const withId = (key: string): Entry[] => views.flatMap((v) => v.byId.get(key) ?? []);
    const exact = withId(id);
    if (exact.length > 0) return pickBest(exact, score, suiteGiven)?.decl;

    // rstest cases and test_case ids: `tests::parses::case_1` for `#[rstest] fn parses`.
    const segmented = new SegmentedId(parts, '::');
    for (const n of segmented.prefixCounts(parts.length - 1)) {
      const candidates = withId(segmented.prefix(n)).filter((e) => {
        const attribute = e.attribute ?? '';
        return PARAMETERISED_ATTRIBUTES.has(attribute.slice(attribute.lastIndexOf(':') + 1));
      });
      if (candidates.length > 0) return pickBest(candidates, score, suiteGiven)?.decl;
    }

    // A test made by a macro whose definition is not in the workspace (or not understood): the identifier in a
    // module-level macro call that names it, or names the module it sits in (`tests::my_case::works`).
    for (const n of segmented.prefixCounts(parts.length)) {
      const key = segmented.prefix(n);
      const candidates = views.flatMap((v) => v.macroArguments.get(key) ?? []);
      if (candidates.length > 0) {
        const found = pickBest(candidates, score, suiteGiven);
        return found && { ...found.decl, id };
      }
    }
    return undefined;
  }

  private resolveRustDocTest(
    suite: string,
    id: string,
    filePart: string,
    item: string,
    line: number,
  ): TestDeclaration | undefined {
    const wanted = normalizePath(filePart);
    const layout = this.rustLayout();
    const candidates: Entry[] = [];
    for (const [file, root] of layout) {
      if (!hasPathSuffix(file, wanted)) continue;
      const view = this.rustView(root);
      const known = (view.byFile.get(file) ?? []).filter((e) => e.docTest && (e.docLine ?? e.decl.line) === line);
      if (known.length > 0) {
        candidates.push(...known);
        continue;
      }
      const pkg = this.rustPackage(root);
      const target: RustTarget = {
        kind: 'lib',
        relRoot: 'src/lib.rs',
        rootFile: joinPath(root, 'src/lib.rs'),
        ...(pkg.libName !== undefined ? { name: pkg.libName } : {}),
      };
      candidates.push({
        decl: { id, name: item === '' ? (pkg.libName ?? wanted) : item, framework: 'libtest', file, line },
        certain: relativeTo(pkg.docBase, file) === wanted,
        rust: { target, pkg },
        docTest: true,
      });
    }
    const score = (e: Entry): number => {
      if (!e.rust) return -1;
      const s = suite.trim();
      return s.startsWith('Doc-tests ') ? rustSuiteScore(s, e.rust.target, e.rust.pkg, false) : 0;
    };
    const found = pickBest(candidates, score, suite.trim() !== '');
    return found ? { ...found.decl, id } : undefined;
  }

  // ---- Go ----

  private dropGoView(dir: string): void {
    this.goViews.delete(dir);
  }

  /** Forgets that `file` declared top-level test `name` in `dir`, unless another file of the folder does too. */
  private dropGoName(name: string, dir: string, file: string): void {
    const others = [...(this.goFilesByDir.get(dir) ?? [])].some(
      (f) => f !== file && this.goScans.get(f)?.tests.some((t) => t.name === name),
    );
    if (!others) removeName(this.goDirsByName, name, dir);
  }

  private invalidateGoModule(dir: string): void {
    for (const d of [...this.goViews.keys()]) if (relativeTo(dir, d) !== undefined) this.dropGoView(d);
  }

  private goPackage(dir: string): GoPackage {
    for (let d = dir; ; d = dirname(d)) {
      const modulePath = this.goModules.get(d);
      if (modulePath !== undefined) {
        const rel = relativeTo(d, dir) ?? '';
        return { dir, importPath: rel === '' ? modulePath : `${modulePath}/${rel}` };
      }
      if (d === '') return { dir };
    }
  }

  private goView(dir: string): GoView {
    const cached = this.goViews.get(dir);
    if (cached) return cached;
    const pkg = this.goPackage(dir);
    const byFile = new Map<string, Entry[]>();
    const byId = new Map<string, Entry[]>();
    const unlinkedMethods = new Map<string, Entry>();
    const container = dir === '' ? '.' : dir;
    const scans = [...(this.goFilesByDir.get(dir) ?? [])].sort().flatMap((f) => this.goScans.get(f) ?? []);
    const add = (file: string, id: string, name: string, line: number, os: GoFileScan['os']): Entry => {
      const entry: Entry = {
        decl: { id, name, framework: 'gotest', file, line, container, ...(os !== undefined ? { os } : {}) },
        certain: pkg.importPath !== undefined,
        go: pkg,
      };
      addTo(byFile, file, entry);
      addTo(byId, id, entry);
      return entry;
    };
    const runners = new Map<string, string[]>();
    for (const scan of scans) for (const run of scan.suiteRuns) addTo(runners, run.suiteType, run.test);
    for (const scan of scans) {
      for (const test of scan.tests) add(scan.file, test.name, test.name, test.line, scan.os);
      for (const sub of scan.subtests) {
        add(scan.file, sub.id, sub.names[sub.names.length - 1] ?? sub.id, sub.line, scan.os);
      }
      for (const method of scan.suiteMethods) {
        const linked = runners.get(method.receiverType) ?? [];
        for (const runner of linked) {
          add(scan.file, `${runner}/${method.name}`, method.name, method.line, scan.os);
          for (const sub of method.subtests) {
            add(scan.file, `${runner}/${sub.id}`, sub.names[sub.names.length - 1] ?? sub.id, sub.line, scan.os);
          }
        }
        if (linked.length === 0) {
          const entry: Entry = {
            decl: {
              id: method.name,
              name: method.name,
              framework: 'gotest',
              file: scan.file,
              line: method.line,
              container,
            },
            certain: false,
            go: pkg,
          };
          unlinkedMethods.set(method.name, entry);
        }
      }
    }
    const view: GoView = { pkg, byFile, byId, unlinkedMethods };
    this.goViews.set(dir, view);
    return view;
  }

  private resolveGo(suite: string, id: string, os: OperatingSystem | undefined): TestDeclaration | undefined {
    const segments = id.split('/');
    const top = segments[0] ?? '';
    const parents = [...(this.goDirsByName.get(top) ?? [])].flatMap((dir) => {
      const view = this.goView(dir);
      return (view.byId.get(top) ?? []).map((entry) => ({ entry, view }));
    });
    const score = (e: Entry): number => {
      const base = e.go ? goSuiteScore(suite, e.go) : -1;
      if (os === undefined || e.decl.os === undefined || base < 0) return base;
      return e.decl.os === os ? base + 0.5 : -1;
    };
    const parent = pickBest(parents.map((p) => p.entry), score, suite.trim() !== '' || os !== undefined);
    const view = parent && parents.find((p) => p.entry === parent)?.view;
    if (!parent || !view) return undefined;
    // The nearest known subtest: `TestX/a/b`, then `TestX/a`; Go adds `#01` to repeated names.
    const stripped = segments.map((s) => s.replace(/#\d+$/, ''));
    const named = new SegmentedId(segments, '/');
    const plain = new SegmentedId(stripped, '/');
    for (const n of named.prefixCounts(segments.length, 2)) {
      for (const candidate of [named.prefix(n), plain.prefix(n)]) {
        // Subtests live beside their parent; a suite method may live in another file of the package.
        const found = view.byId.get(candidate) ?? [];
        const match =
          found.find((e) => e.decl.file === parent.decl.file) ?? (found.length === 1 ? found[0] : undefined);
        if (match) return match.decl;
      }
    }
    const method = segments.length >= 2 ? view.unlinkedMethods.get(stripped[1] ?? '') : undefined;
    if (method) return { ...method.decl, id: `${top}/${stripped[1]}` };
    return parent.decl;
  }
}

/** The parts of a doc-test's id: `src/lib.rs - Beacon::new (line 12)`, maybe with ` - compile` after. */
export interface DocTestIdParts {
  readonly file: string;
  /** What is between the file and `(line N)`, untrimmed (`''` for the crate's own docs). */
  readonly item: string;
  readonly line: number;
}

/** `[a-z ]`: what a mode suffix (` - compile fail`) is made of. */
function isModeChar(c: number): boolean {
  return c === 32 || (c >= 97 && c <= 122);
}

/**
 * A doc-test's id read as `/^(\S.*?\.rs) - (.*?)\(line (\d+)\)(?: - [a-z ]+)?$/` read it, found by position: that
 * expression tried each ` - ` after each `.rs` to the end (a 128 KiB id of `.rs - ` took 0.9 s in resolve).
 * Undefined for any other id.
 */
export function docTestIdParts(id: string): DocTestIdParts | undefined {
  // `.` stops at line breaks and `\S` is not whitespace: the expression spans the whole id.
  if (/[\n\r\u2028\u2029]/.test(id) || id === '' || /\s/.test(id.charAt(0))) return undefined;
  // The tail: `(line N)` then maybe ` - ` and a mode; no `)` after the one that closes `(line N)`.
  const close = id.lastIndexOf(')');
  if (close < 0) return undefined;
  if (close + 1 < id.length) {
    if (!id.startsWith(' - ', close + 1) || close + 4 >= id.length) return undefined;
    for (let i = close + 4; i < id.length; i++) if (!isModeChar(id.charCodeAt(i))) return undefined;
  }
  let digits = close;
  while (digits > 0 && isDigit(id.charCodeAt(digits - 1))) digits--;
  const tail = digits - '(line '.length;
  if (digits === close || tail < 0 || !id.startsWith('(line ', tail)) return undefined;
  // The file: the shortest that ends in `.rs` followed by ` - `, with the tail after that.
  const dash = id.indexOf('.rs - ', 1);
  if (dash < 0 || dash + 6 > tail) return undefined;
  return { file: id.slice(0, dash + 3), item: id.slice(dash + 6, tail), line: Number(id.slice(digits, close)) };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
