// How cargo lays out a package: its targets (by manifest and by convention), where a `mod` declaration's file is,
// the module path a file would have when no crate root reaches it, and how a printed suite names a target.

import type { CargoManifest, CargoTargetKind } from './buildManifests';
import { basename, dirname, hasPathSuffix, joinPath, normalizePath, relativeTo } from './workspacePath';

export interface RustPackage {
  readonly root: string;
  /** From Cargo.toml; undefined when the manifest is unknown. */
  readonly packageName?: string;
  /** The lib crate's name (`my_crate`), from the manifest or guessed from the folder. */
  readonly libName?: string;
  /** Folder that rustdoc's doc-test paths are relative to: the cargo workspace root, else the package root. */
  readonly docBase: string;
  readonly hasManifest: boolean;
}

export interface RustTarget {
  readonly kind: CargoTargetKind;
  readonly name?: string;
  /** Relative to the package root: what cargo prints as the suite (`tests/all/main.rs`). */
  readonly relRoot: string;
  /** Relative to the workspace. */
  readonly rootFile: string;
}

/** Crate names as rustc sees them: dashes of package names become underscores. */
export const crateName = (name: string): string => name.replace(/-/g, '_');

/** Where cargo would find a module's file, first choice first. */
export function moduleFileCandidates(
  parentFile: string,
  parentIsModRs: boolean,
  decl: { name: string; parentPath: readonly string[]; pathAttribute?: string },
): string[] {
  const dir = dirname(parentFile);
  const base = parentIsModRs ? dir : joinPath(dir, basename(parentFile).replace(/\.rs$/, ''));
  if (decl.pathAttribute !== undefined) {
    // Outside inline modules a path is relative to the file's folder; inside them, like a nested `mod` file.
    if (decl.parentPath.length === 0) return [joinPath(dir, decl.pathAttribute)];
    return [joinPath(base, ...decl.parentPath, decl.pathAttribute)];
  }
  const folder = joinPath(base, ...decl.parentPath);
  return [joinPath(folder, `${decl.name}.rs`), joinPath(folder, decl.name, 'mod.rs')];
}

/** The module path a file would have under cargo's conventional layout, for files no crate root reaches. */
export function conventionalPlace(rel: string): { relRoot: string; kind: CargoTargetKind; prefix: string[] } {
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

/** A target's name from its conventional root (`tests/all/main.rs` → `all`). */
export function targetName(relRoot: string): string | undefined {
  const m = /^(?:src\/bin|tests|benches|examples)\/([^/]+?)(?:\.rs|\/main\.rs)$/.exec(relRoot);
  return m?.[1];
}

/** How well a cargo/nextest suite names a target: higher is better, negative contradicts. */
export function rustSuiteScore(suite: string, target: RustTarget, pkg: RustPackage, nextest: boolean): number {
  const s = suite.trim().replace(/\\/g, '/').replace(/^unittests\s+/, '');
  if (s === '') return 0;
  if (s.startsWith('Doc-tests ')) {
    const crate = crateName(s.slice('Doc-tests '.length).trim());
    return target.kind === 'lib' && pkg.libName !== undefined && crate === crateName(pkg.libName) ? 3 : -1;
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

/** The targets of a package: those its manifest declares, then those cargo finds by convention among `files`. */
export function crateTargets(
  pkg: RustPackage,
  files: ReadonlySet<string>,
  manifest: CargoManifest | undefined,
): RustTarget[] {
  const targets: RustTarget[] = [];
  const binName = pkg.packageName ?? (pkg.root === '' ? undefined : basename(pkg.root));
  const add = (kind: CargoTargetKind, relRoot: string, name: string | undefined): void => {
    if (targets.some((t) => t.relRoot === relRoot)) return;
    targets.push({ kind, relRoot, rootFile: joinPath(pkg.root, relRoot), ...(name !== undefined ? { name } : {}) });
  };
  const folders: Record<CargoTargetKind, string> = {
    lib: 'src',
    bin: 'src/bin',
    test: 'tests',
    bench: 'benches',
    example: 'examples',
  };
  for (const t of manifest?.targets ?? []) {
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
