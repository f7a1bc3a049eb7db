// The few facts the test index needs from build manifests: a Cargo.toml's package name, workspace flag and explicit
// targets, and a go.mod's module path. Read line by line; neither format needs a full parser for this.

export type CargoTargetKind = 'lib' | 'bin' | 'test' | 'bench' | 'example';

export interface CargoTargetDeclaration {
  readonly kind: CargoTargetKind;
  readonly name?: string;
  /** Relative to the package root, as written. */
  readonly path?: string;
}

export interface CargoManifest {
  /** `[package] name`, when the manifest declares a package. */
  readonly packageName?: string;
  /** True when the manifest has a `[workspace]` table: doc-test paths are printed relative to it. */
  readonly isWorkspace: boolean;
  readonly targets: readonly CargoTargetDeclaration[];
}

function stringValue(raw: string): string | undefined {
  const m = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/.exec(raw);
  return m ? (m[1] ?? m[2]) : undefined;
}

export function parseCargoManifest(text: string): CargoManifest {
  let packageName: string | undefined;
  let isWorkspace = false;
  const targets: { kind: CargoTargetKind; name?: string; path?: string }[] = [];
  let section = '';
  let current: { kind: CargoTargetKind; name?: string; path?: string } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      section = header[1] ?? '';
      current = undefined;
      if (section === 'workspace') isWorkspace = true;
      const kind = ({ lib: 'lib', bin: 'bin', test: 'test', bench: 'bench', example: 'example' } as const)[
        section as CargoTargetKind
      ];
      if (kind !== undefined) {
        current = { kind };
        targets.push(current);
      }
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1] ?? '';
    const value = stringValue(kv[2] ?? '');
    if (section === 'package' && key === 'name' && value !== undefined) packageName = value;
    else if (current && (key === 'name' || key === 'path') && value !== undefined) current[key] = value;
  }
  return { ...(packageName !== undefined ? { packageName } : {}), isWorkspace, targets };
}

/** The `module` path of a go.mod, or undefined when there is none. */
export function parseGoModulePath(text: string): string | undefined {
  const m = /^\s*module\s+("?)([^\s"/][^\s"]*)\1\s*(?:\/\/.*)?$/m.exec(text);
  return m?.[2];
}
