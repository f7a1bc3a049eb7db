// The folders a workspace's tests are never looked for in. One list for the CLI's walk of the disk, the editor's
// file search and the index's own filter, in two parts: folders no walk enters, and build output, which the walks
// enter (Go and Rust packages may bear those names: `go/build`, `internal/coverage`) and the index judges by language.

/** Dependencies, virtual environments, build trees of Cargo and Maven, tools' state: no walk enters them. */
export const SKIPPED_FOLDERS: readonly string[] = [
  '.git',
  'node_modules',
  'vendor',
  'target',
  '.venv',
  'venv',
  '__pycache__',
  'site-packages',
  'bower_components',
  'jspm_packages',
  '.vscode-test',
];

/** Build output: JS, Python and JVM files there are copies of the sources (compiled tests, `build/lib`). */
export const OUTPUT_FOLDERS: readonly string[] = ['dist', 'build', 'out', 'coverage'];

const SKIPPED = new Set(SKIPPED_FOLDERS);
const OUTPUT = new Set(OUTPUT_FOLDERS);

/** Whether a walk skips a folder of this name: one of {@link SKIPPED_FOLDERS}, or a dot-folder (`.github`, `.cache`). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED.has(name) || (name.startsWith('.') && name !== '.' && name !== '..');
}

/** Whether JS, Python and JVM files under a folder of this name are no sources: skipped, or build output. */
export function isSkippedOrOutputFolder(name: string): boolean {
  return OUTPUT.has(name) || isSkippedFolder(name);
}

/** {@link SKIPPED_FOLDERS} as an exclude glob for VS Code's file search. */
export const SKIPPED_FOLDERS_GLOB = `**/{${SKIPPED_FOLDERS.join(',')}}/**`;
