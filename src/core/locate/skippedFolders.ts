// The folders a workspace's tests are never looked for in: dependencies, build output, virtual environments and
// tools' state. One list for the CLI's walk of the disk, the editor's file search, and the index's own filter.

/** Folder names skipped wherever they are (dot-folders are skipped too, by each reader, except where noted). */
export const SKIPPED_FOLDERS: readonly string[] = [
  '.git',
  'node_modules',
  'target',
  'dist',
  'out',
  'build',
  'vendor',
  '.venv',
  'venv',
  '__pycache__',
  'site-packages',
  'coverage',
  'bower_components',
  'jspm_packages',
  '.vscode-test',
];

const SKIPPED = new Set(SKIPPED_FOLDERS);

/** Whether a folder of this name is skipped: one of {@link SKIPPED_FOLDERS}, or a dot-folder (`.github`, `.cache`). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED.has(name) || (name.startsWith('.') && name !== '.' && name !== '..');
}

/** {@link SKIPPED_FOLDERS} as an exclude glob for VS Code's file search. */
export const SKIPPED_FOLDERS_GLOB = `**/{${SKIPPED_FOLDERS.join(',')}}/**`;
