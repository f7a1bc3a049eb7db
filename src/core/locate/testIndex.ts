// The workspace's test declarations, kept up to date one file at a time, and the mapping from what CI printed
// (framework, suite, id) back to a file and line.
//
// Each source file is scanned once when it is set (rustLocator, goLocator). Qualified ids need more than one file:
// a Rust id is the module path from the crate root (`wait_notify::atomic_wait` needs `tests/all/main.rs`'s
// `mod wait_notify;`), a Go suite is the import path from the nearest go.mod. These are derived per Rust package or
// Go package folder, lazily, and only the package a change touches is derived again.

import type { TestDeclaration } from '../model';
import { parseCargoManifest, parseGoModulePath, type CargoManifest, type CargoTargetKind } from './buildManifests';
import { locateGoFile, type GoFileScan } from './goLocator';
import { locateRustFile, type RustDocTestMode, type RustFileScan } from './rustLocator';
import { basename, dirname, hasPathSuffix, joinPath, normalizePath, relativeTo } from './workspacePath';

/** A test as CI reported it. */
export interface ReportedTest {
  readonly framework: string;
  readonly suite: string;
  readonly id: string;
}

/**
 * A cheap filter for the file watcher: Rust sources, Go test files, `Cargo.toml` and `go.mod`, outside build
 * output and the folders the Go tool ignores (`testdata`, `vendor`, `_x`, `.x`).
 */
export function isTestFileCandidate(path: string): boolean {
  const normalized = normalizePath(path);
  const segments = normalized.split('/');
  const name = segments[segments.length - 1] ?? '';
  const folders = segments.slice(0, -1);
  if (folders.some((s) => s === 'node_modules' || s === '.git')) return false;
  if (name === 'Cargo.toml') return true;
  if (name.endsWith('.rs')) return !/(?:^|\/)target\/(?:debug|release|doc|tmp|package|[^/]+-[^/]+)\//.test(normalized) && folders[0] !== 'target';
  if (name === 'go.mod' || (name.endsWith('_test.go') && !name.startsWith('_') && !name.startsWith('.'))) {
    return !folders.some((s) => s === 'testdata' || s === 'vendor' || s.startsWith('.') || s.startsWith('_'));
  }
  return false;
}

interface RustPackage {
  readonly root: string;
  /** From Cargo.toml; undefined when the manifest is unknown. */
  readonly packageName?: string;
  /** The lib crate's name (`my_crate`), from the manifest or guessed from the folder. */
  readonly libName?: string;
  /** Folder that rustdoc's doc-test paths are relative to: the cargo workspace root, else the package root. */
  readonly docBase: string;
  readonly hasManifest: boolean;
}

interface RustTarget {
  readonly kind: CargoTargetKind;
  readonly name?: string;
  /** Relative to the package root: what cargo prints as the suite (`tests/all/main.rs`). */
  readonly relRoot: string;
  /** Relative to the workspace. */
  readonly rootFile: string;
}

interface Entry {
  readonly decl: TestDeclaration;
  /** Found through the crate's module tree, the manifest or go.mod; false when guessed from the file's path. */
  readonly certain: boolean;
  readonly rust?: { readonly target: RustTarget; readonly pkg: RustPackage };
  readonly go?: GoPackage;
  readonly docTest?: boolean;
  /** Rust attribute that made it a test (`rstest`), for parameterised ids. */
  readonly attribute?: string;
}

interface View {
  readonly byFile: Map<string, Entry[]>;
  readonly byId: Map<string, Entry[]>;
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
const DOC_TEST_ID = /^(\S.*?\.rs) - (.*?)\(line (\d+)\)(?: - [a-z ]+)?$/;
const DOC_TEST_SUFFIX: Record<RustDocTestMode, string> = {
  run: '',
  ignore: '',
  no_run: ' - compile',
  compile_fail: ' - compile fail',
};

const crateName = (name: string): string => name.replace(/-/g, '_');

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Where cargo would find a module's file, first choice first. */
function moduleFileCandidates(
  parentFile: string,
  parentIsModRs: boolean,
  decl: { name: string; parentPath: readonly string[]; pathAttribute?: string },
): string[] {
  const dir = dirname(parentFile);
  const base = parentIsModRs ? dir : joinPath(dir, basename(parentFile).replace(/\.rs$/, ''));
  if (decl.pathAttribute !== undefined) {
    return [decl.parentPath.length === 0 ? joinPath(dir, decl.pathAttribute) : joinPath(base, ...decl.parentPath, decl.pathAttribute)];
  }
  const folder = joinPath(base, ...decl.parentPath);
  return [joinPath(folder, `${decl.name}.rs`), joinPath(folder, decl.name, 'mod.rs')];
}

/** The module path a file would have under cargo's conventional layout, for files no crate root reaches. */
function conventionalPlace(rel: string): { relRoot: string; kind: CargoTargetKind; prefix: string[] } {
  const segments = rel.split('/');
  const moduleOf = (parts: string[]): string[] => {
    const path = parts.map((p) => p.replace(/\.rs$/, ''));
    if (path[path.length - 1] === 'mod') path.pop();
    return path;
  };
  const [top = '', second = ''] = segments;
  if (top === 'src' && second === 'bin' && segments.length >= 3) {
    if (segments.length === 3) return { relRoot: rel, kind: 'bin', prefix: [] };
    return { relRoot: `src/bin/${segments[2]}/main.rs`, kind: 'bin', prefix: moduleOf(segments.slice(3)) };
  }
  if (top === 'src' && segments.length >= 2) {
    if (rel === 'src/main.rs') return { relRoot: rel, kind: 'bin', prefix: [] };
    return { relRoot: 'src/lib.rs', kind: 'lib', prefix: rel === 'src/lib.rs' ? [] : moduleOf(segments.slice(1)) };
  }
  const kinds: Record<string, CargoTargetKind> = { tests: 'test', benches: 'bench', examples: 'example' };
  const kind = kinds[top];
  if (kind !== undefined && segments.length >= 2) {
    if (segments.length === 2) return { relRoot: rel, kind, prefix: [] };
    return { relRoot: `${top}/${second}/main.rs`, kind, prefix: moduleOf(segments.slice(2)) };
  }
  return { relRoot: rel, kind: 'test', prefix: [] };
}

function targetName(relRoot: string): string | undefined {
  const m = /^(?:src\/bin|tests|benches|examples)\/([^/]+?)(?:\.rs|\/main\.rs)$/.exec(relRoot);
  return m?.[1];
}

/** How well a cargo/nextest suite names a target: higher is better, negative contradicts. */
function rustSuiteScore(suite: string, target: RustTarget, pkg: RustPackage, nextest: boolean): number {
  const s = suite.trim().replace(/\\/g, '/').replace(/^unittests\s+/, '');
  if (s === '') return 0;
  if (s.startsWith('Doc-tests ')) {
    return target.kind === 'lib' && pkg.libName !== undefined && crateName(s.slice(10).trim()) === crateName(pkg.libName) ? 3 : -1;
  }
  if (s.endsWith('.rs')) {
    if (s === target.relRoot) return 3;
    return hasPathSuffix(target.rootFile, s) || hasPathSuffix(s, target.rootFile) ? 2 : -1;
  }
  const separator = s.indexOf('::');
  if (separator >= 0) {
    // nextest binary ids: `my-crate`, `my-crate::all`, `my-crate::bin/tool`, `my-crate::example/demo`.
    const pkgPart = s.slice(0, separator);
    const rest = s.slice(separator + 2);
    if (pkg.packageName !== undefined && crateName(pkgPart) !== crateName(pkg.packageName)) return -1;
    const slash = rest.indexOf('/');
    const kind = slash >= 0 ? rest.slice(0, slash) : 'test';
    const name = slash >= 0 ? rest.slice(slash + 1) : rest;
    return kind === target.kind && target.name !== undefined && crateName(name) === crateName(target.name) ? 4 : -1;
  }
  if (nextest) {
    // A nextest binary id without `::` is a package's lib.
    const name = pkg.packageName ?? target.name;
    if (name === undefined) return 0;
    return target.kind === 'lib' && crateName(s) === crateName(name) ? 4 : pkg.hasManifest ? -1 : 0;
  }
  // A test binary's name without its hash: the lib's and the main binary's unit tests share the crate's name.
  if (target.name !== undefined && crateName(s) === crateName(target.name)) return 2;
  return pkg.hasManifest ? -1 : 0;
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
  while (matched < folders.length && folders[folders.length - 1 - matched] === parts[parts.length - 1 - matched]) matched++;
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
  private readonly rustViews = new Map<string, View>();
  private readonly goFilesByDir = new Map<string, Set<string>>();
  private readonly goViews = new Map<string, GoView>();

  /** Adds or replaces a file (workspace-relative path). Files that {@link isTestFileCandidate} rejects are ignored. */
  setFile(file: string, source: string): void {
    const path = normalizePath(file);
    if (!isTestFileCandidate(path)) return;
    const name = basename(path);
    if (name === 'Cargo.toml') {
      this.cargoManifests.set(dirname(path), parseCargoManifest(source));
      this.invalidateRustLayout(dirname(path));
    } else if (name === 'go.mod') {
      const modulePath = parseGoModulePath(source);
      if (modulePath !== undefined) this.goModules.set(dirname(path), modulePath);
      else this.goModules.delete(dirname(path));
      this.invalidateGoModule(dirname(path));
    } else if (name.endsWith('.rs')) {
      this.rustScans.set(path, locateRustFile(path, source));
      this.placeRustFile(path);
    } else {
      this.goScans.set(path, locateGoFile(path, source));
      const dir = dirname(path);
      let files = this.goFilesByDir.get(dir);
      if (!files) this.goFilesByDir.set(dir, (files = new Set()));
      files.add(path);
      this.goViews.delete(dir);
    }
  }

  removeFile(file: string): void {
    const path = normalizePath(file);
    const name = basename(path);
    if (name === 'Cargo.toml') {
      if (this.cargoManifests.delete(dirname(path))) this.invalidateRustLayout(dirname(path));
    } else if (name === 'go.mod') {
      if (this.goModules.delete(dirname(path))) this.invalidateGoModule(dirname(path));
    } else if (this.rustScans.delete(path)) {
      const root = this.rustPackageOf?.get(path);
      if (root !== undefined) {
        this.rustPackageOf?.delete(path);
        this.rustFilesByPackage.get(root)?.delete(path);
        this.rustViews.delete(root);
      }
    } else if (this.goScans.delete(path)) {
      const dir = dirname(path);
      this.goFilesByDir.get(dir)?.delete(path);
      this.goViews.delete(dir);
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
    return [];
  }

  /** Every declaration in the workspace, by file then line. */
  allDeclarations(): readonly TestDeclaration[] {
    const files = [...this.rustScans.keys(), ...this.goScans.keys()].sort();
    return files.flatMap((f) => this.declarationsIn(f));
  }

  /**
   * Where a test that CI reported is declared: an exact id match first (chosen by suite when the id repeats across
   * crates, targets or packages), then the forms that need more thought (doc-tests by file and line, parameterised
   * Rust tests, Go subtests by their nearest known parent). Undefined rather than a guess when nothing fits.
   */
  resolve(test: ReportedTest): TestDeclaration | undefined {
    switch (test.framework) {
      case 'libtest':
      case 'nextest':
        return this.resolveRust(test.suite, test.id, test.framework === 'nextest');
      case 'gotest':
        return this.resolveGo(test.suite, test.id);
      default:
        return undefined;
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
      this.rustViews.delete(before);
    }
    layout.set(path, root);
    let files = this.rustFilesByPackage.get(root);
    if (!files) this.rustFilesByPackage.set(root, (files = new Set()));
    files.add(path);
    this.rustViews.delete(root);
  }

  /** A Cargo.toml changed in `dir`: packages at, under or above it may have gained or lost files. */
  private invalidateRustLayout(dir: string): void {
    this.rustPackageOf = undefined;
    for (const root of [...this.rustViews.keys()]) {
      if (relativeTo(dir, root) !== undefined || relativeTo(root, dir) !== undefined) this.rustViews.delete(root);
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
      if (!old || old.size !== files.size || [...files].some((f) => !old.has(f))) this.rustViews.delete(root);
    }
    for (const root of before.keys()) if (!this.rustFilesByPackage.has(root)) this.rustViews.delete(root);
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

  private rustTargets(pkg: RustPackage, files: ReadonlySet<string>): RustTarget[] {
    const targets: RustTarget[] = [];
    const binName = pkg.packageName ?? (pkg.root === '' ? undefined : basename(pkg.root));
    const add = (kind: CargoTargetKind, relRoot: string, name: string | undefined): void => {
      if (targets.some((t) => t.relRoot === relRoot)) return;
      targets.push({ kind, relRoot, rootFile: joinPath(pkg.root, relRoot), ...(name !== undefined ? { name } : {}) });
    };
    const folders: Record<CargoTargetKind, string> = { lib: 'src', bin: 'src/bin', test: 'tests', bench: 'benches', example: 'examples' };
    for (const t of this.cargoManifests.get(pkg.root)?.targets ?? []) {
      if (t.kind === 'lib') {
        add('lib', normalizePath(t.path ?? 'src/lib.rs'), pkg.libName);
      } else if (t.path !== undefined) {
        add(t.kind, normalizePath(t.path), t.name);
      } else if (t.name !== undefined) {
        const single = `${folders[t.kind]}/${t.name}.rs`;
        const folder = `${folders[t.kind]}/${t.name}/main.rs`;
        const relRoot = t.kind === 'bin' && t.name === pkg.packageName && files.has(joinPath(pkg.root, 'src/main.rs'))
          ? 'src/main.rs'
          : files.has(joinPath(pkg.root, folder)) ? folder : single;
        add(t.kind, relRoot, t.name);
      }
    }
    for (const file of files) {
      const rel = relativeTo(pkg.root, file);
      if (rel === undefined) continue;
      if (rel === 'src/lib.rs') add('lib', rel, pkg.libName);
      else if (rel === 'src/main.rs') add('bin', rel, binName);
      else {
        const m = /^(src\/bin|tests|benches|examples)\/([^/]+?)(?:\.rs|\/main\.rs)$/.exec(rel);
        if (m) {
          const kind = ({ 'src/bin': 'bin', tests: 'test', benches: 'bench', examples: 'example' } as const)[
            m[1] as 'src/bin' | 'tests' | 'benches' | 'examples'
          ];
          add(kind, rel, m[2]);
        }
      }
    }
    return targets;
  }

  private rustView(root: string): View {
    const cached = this.rustViews.get(root);
    if (cached) return cached;
    const files = this.rustFilesByPackage.get(root) ?? new Set<string>();
    const pkg = this.rustPackage(root);
    const targets = this.rustTargets(pkg, files);
    const byFile = new Map<string, Entry[]>();
    const byId = new Map<string, Entry[]>();
    const reached = new Set<string>();

    const addFile = (file: string, target: RustTarget, prefix: readonly string[], certain: boolean): void => {
      const scan = this.rustScans.get(file);
      if (!scan) return;
      for (const test of scan.tests) {
        const container = [...prefix, ...test.modulePath].join('::');
        const entry: Entry = {
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
        };
        addTo(byFile, file, entry);
        addTo(byId, entry.decl.id, entry);
      }
      if (target.kind !== 'lib') return;
      const docFile = relativeTo(pkg.docBase, file) ?? file;
      for (const doc of scan.docTests) {
        if (doc.itemPath === undefined) continue;
        const item = [...prefix, ...doc.itemPath].join('::');
        const entry: Entry = {
          decl: {
            id: `${docFile} - ${item === '' ? '' : `${item} `}(line ${doc.line})${DOC_TEST_SUFFIX[doc.mode]}`,
            name: item === '' ? (pkg.libName ?? docFile) : item,
            framework: 'libtest',
            file,
            line: doc.line,
            container: prefix.join('::'),
          },
          certain,
          rust: { target, pkg },
          docTest: true,
        };
        addTo(byFile, file, entry);
        addTo(byId, entry.decl.id, entry);
      }
    };

    for (const target of targets) {
      const visited = new Set<string>();
      const walk = (file: string, prefix: readonly string[], isModRs: boolean): void => {
        if (visited.has(file) || !this.rustScans.has(file)) return;
        visited.add(file);
        reached.add(file);
        addFile(file, target, prefix, true);
        for (const decl of this.rustScans.get(file)?.modules ?? []) {
          const child = moduleFileCandidates(file, isModRs, decl).find((c) => this.rustScans.has(c));
          if (child === undefined) continue;
          walk(child, [...prefix, ...decl.parentPath, decl.name], decl.pathAttribute !== undefined || basename(child) === 'mod.rs');
        }
      };
      walk(target.rootFile, [], true);
    }

    // Files no crate root reaches (the root is not indexed yet, or a `mod` is generated): guess from the layout.
    for (const file of files) {
      if (reached.has(file)) continue;
      const rel = relativeTo(root, file) ?? file;
      const place = conventionalPlace(rel);
      const name = place.kind === 'lib' ? pkg.libName : targetName(place.relRoot);
      const target = targets.find((t) => t.relRoot === place.relRoot) ?? {
        kind: place.kind,
        relRoot: place.relRoot,
        rootFile: joinPath(root, place.relRoot),
        ...(name !== undefined ? { name } : {}),
      };
      addFile(file, target, place.prefix, false);
    }

    const view = { byFile, byId };
    this.rustViews.set(root, view);
    return view;
  }

  private allRustViews(): View[] {
    const layout = this.rustLayout();
    return [...new Set(layout.values())].map((root) => this.rustView(root));
  }

  private resolveRust(suite: string, id: string, nextest: boolean): TestDeclaration | undefined {
    const views = this.allRustViews();
    const score = (e: Entry): number => (e.rust ? rustSuiteScore(suite, e.rust.target, e.rust.pkg, nextest) : -1);
    const suiteGiven = suite.trim() !== '';
    const exact = views.flatMap((v) => v.byId.get(id) ?? []);
    if (exact.length > 0) return pickBest(exact, score, suiteGiven)?.decl;

    const doc = DOC_TEST_ID.exec(id);
    if (doc) return this.resolveRustDocTest(suite, id, doc[1] ?? '', (doc[2] ?? '').trim(), Number(doc[3]));

    // rstest cases and test_case ids: `tests::parses::case_1` for `#[rstest] fn parses`.
    const parts = id.split('::');
    for (let n = parts.length - 1; n >= 1; n--) {
      const prefix = parts.slice(0, n).join('::');
      const candidates = views
        .flatMap((v) => v.byId.get(prefix) ?? [])
        .filter((e) => e.attribute !== undefined && PARAMETERISED_ATTRIBUTES.has(e.attribute.slice(e.attribute.lastIndexOf(':') + 1)));
      if (candidates.length > 0) return pickBest(candidates, score, suiteGiven)?.decl;
    }
    return undefined;
  }

  private resolveRustDocTest(suite: string, id: string, filePart: string, item: string, line: number): TestDeclaration | undefined {
    const wanted = normalizePath(filePart);
    const layout = this.rustLayout();
    const candidates: Entry[] = [];
    for (const [file, root] of layout) {
      if (!hasPathSuffix(file, wanted)) continue;
      const view = this.rustView(root);
      const known = (view.byFile.get(file) ?? []).filter((e) => e.docTest && e.decl.line === line);
      if (known.length > 0) {
        candidates.push(...known);
        continue;
      }
      const pkg = this.rustPackage(root);
      const target: RustTarget = { kind: 'lib', relRoot: 'src/lib.rs', rootFile: joinPath(root, 'src/lib.rs'), ...(pkg.libName !== undefined ? { name: pkg.libName } : {}) };
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

  private invalidateGoModule(dir: string): void {
    for (const d of [...this.goViews.keys()]) if (relativeTo(dir, d) !== undefined) this.goViews.delete(d);
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
      for (const sub of scan.subtests) add(scan.file, sub.id, sub.names[sub.names.length - 1] ?? sub.id, sub.line, scan.os);
      for (const method of scan.suiteMethods) {
        const linked = runners.get(method.receiverType) ?? [];
        for (const runner of linked) add(scan.file, `${runner}/${method.name}`, method.name, method.line, scan.os);
        if (linked.length === 0) {
          const entry: Entry = {
            decl: { id: method.name, name: method.name, framework: 'gotest', file: scan.file, line: method.line, container },
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

  private resolveGo(suite: string, id: string): TestDeclaration | undefined {
    const segments = id.split('/');
    const top = segments[0] ?? '';
    const parents: Entry[] = [];
    const viewOf = new Map<Entry, GoView>();
    for (const dir of this.goFilesByDir.keys()) {
      const view = this.goView(dir);
      for (const e of view.byId.get(top) ?? []) {
        parents.push(e);
        viewOf.set(e, view);
      }
    }
    const parent = pickBest(parents, (e) => (e.go ? goSuiteScore(suite, e.go) : -1), suite.trim() !== '');
    const view = parent && viewOf.get(parent);
    if (!parent || !view) return undefined;
    // The nearest known subtest: `TestX/a/b`, then `TestX/a`; Go adds `#01` to repeated names.
    const stripped = segments.map((s) => s.replace(/#\d+$/, ''));
    for (let n = segments.length; n >= 2; n--) {
      for (const candidate of [segments, stripped]) {
        const found = view.byId.get(candidate.slice(0, n).join('/'));
        if (found?.[0]) return found[0].decl;
      }
    }
    const method = segments.length >= 2 ? view.unlinkedMethods.get(stripped[1] ?? '') : undefined;
    if (method) return { ...method.decl, id: `${top}/${stripped[1]}` };
    return parent.decl;
  }
}
