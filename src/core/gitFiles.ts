// What Flakelens reads from a folder's git files when VS Code's git extension cannot tell: where they are (a `.git`
// folder, or the directory a worktree's or submodule's `.git` file names), the remotes the config lists and the
// branch HEAD names. The files are repository content: the caller reads them with a bounded size, and a path found
// in them is only a place to read `HEAD` and `config` from. Anything malformed means "unknown", never an exception.
import { posix, win32 } from 'node:path';

/** The largest `.git` or `commondir` file read: each holds one path. */
export const MAX_POINTER_FILE_BYTES = 4096;

/** One file-system entry as the caller found it; `unreadable` covers too large, not a regular file, or a read error. */
export type GitEntry =
  | { readonly kind: 'folder' }
  | { readonly kind: 'file'; readonly text: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unreadable' };

/** Reads the entry at an absolute path (in the folder's own path style). */
export type ReadGitEntry = (path: string) => Promise<GitEntry>;

export interface GitDirectories {
  /** Where this checkout's `HEAD` is: `<folder>/.git`, or a worktree's `<main>/.git/worktrees/<name>`. */
  readonly gitDir: string;
  /** Where the repository's `config` (its remotes) is: the git dir itself, or the main `.git` of a worktree. */
  readonly commonDir: string;
}

type PathStyle = typeof posix;

/** Windows paths (`C:\…`, `\\server\share\…`) are resolved as Windows resolves them, on any platform. */
function styleOf(folder: string): PathStyle | undefined {
  if (/^[A-Za-z]:[\\/]/.test(folder) || /^\\\\[^\\?.]/.test(folder)) {
    return win32;
  }
  return folder.startsWith('/') ? posix : undefined;
}

/** `\\server\share` of a UNC path, lower-cased; undefined for a drive path. */
function uncRoot(path: string): string | undefined {
  return /^\\\\([^\\]+\\[^\\]+)/.exec(path)?.[1]?.toLowerCase();
}

/**
 * The one path a pointer file holds (`gitdir: <path>` in `.git`, `<path>` in `commondir`), resolved against `base`.
 * Undefined when the text is too long, holds more than one line or a control character, or the path is one that
 * cannot be resolved without the process's state (a drive-relative `C:x`) or that leaves the folder's machine.
 */
function pointedPath(base: string, text: string, prefix: RegExp): string | undefined {
  const style = styleOf(base);
  if (!style || text.length > MAX_POINTER_FILE_BYTES) {
    return undefined;
  }
  const line = prefix.exec(text.replace(/\s+$/, ''));
  const value = line ? line[1] : undefined;
  // eslint-disable-next-line no-control-regex -- control characters (a second line, NUL) make the file malformed
  if (!value || /[\u0000-\u001f\u007f]/.test(value)) {
    return undefined;
  }
  if (style === posix) {
    // A Windows path in a file read on Linux or macOS names nothing here.
    return /^[A-Za-z]:[\\/]/.test(value) ? undefined : posix.resolve(base, value);
  }
  if (/^[A-Za-z]:(?![\\/])/.test(value) || /^[\\/]{2}[?.][\\/]/.test(value)) {
    return undefined; // drive-relative (depends on that drive's current directory), or a device path
  }
  const resolved = win32.resolve(base, value);
  // Reading from another machine's share makes Windows sign in to it: only the folder's own share is read.
  const root = uncRoot(resolved);
  return root === undefined || root === uncRoot(win32.resolve(base)) ? resolved : undefined;
}

/** The git dir of `folder` from its `.git` entry: the folder itself, or the path a `gitdir:` file names. */
export function gitDirOf(folder: string, dotGit: GitEntry): string | undefined {
  const style = styleOf(folder);
  if (!style) {
    return undefined;
  }
  if (dotGit.kind === 'folder') {
    return style.join(folder, '.git');
  }
  return dotGit.kind === 'file' ? pointedPath(folder, dotGit.text, /^gitdir:[ \t]*(.*)$/) : undefined;
}

/** The common dir of a git dir: the path its `commondir` file names, else (no such file) the git dir itself. */
export function commonDirOf(gitDir: string, commondir: GitEntry): string | undefined {
  if (commondir.kind === 'absent') {
    return gitDir;
  }
  return commondir.kind === 'file' ? pointedPath(gitDir, commondir.text, /^(.*)$/) : undefined;
}

/** Where a folder's git files are, through `read`; undefined when unknown (no `.git`, or anything malformed). */
export async function locateGitDirectories(folder: string, read: ReadGitEntry): Promise<GitDirectories | undefined> {
  const style = styleOf(folder);
  if (!style) {
    return undefined;
  }
  try {
    const gitDir = gitDirOf(folder, await read(style.join(folder, '.git')));
    if (gitDir === undefined) {
      return undefined;
    }
    const commonDir = commonDirOf(gitDir, await read(style.join(gitDir, 'commondir')));
    return commonDir === undefined ? undefined : { gitDir, commonDir };
  } catch {
    return undefined; // a reader that throws knows nothing either
  }
}

/** A path inside a git dir, in that path's style. */
export function gitFilePath(dir: string, name: string): string {
  return (styleOf(dir) ?? posix).join(dir, name);
}

/** The remotes a git config file lists, in its order (`[remote "name"]` sections with a `url`). */
export function remotesOfGitConfig(text: string): { name: string; url: string }[] {
  const remotes: { name: string; url: string }[] = [];
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[remote\s+"([^"]+)"\]\s*$/.exec(line);
    if (section) {
      current = section[1];
      continue;
    }
    if (/^\s*\[/.test(line)) {
      current = undefined;
      continue;
    }
    const url = /^\s*url\s*=\s*(.+?)\s*$/.exec(line);
    if (current && url?.[1]) {
      remotes.push({ name: current, url: url[1] });
    }
  }
  return remotes;
}

/** The branch a `HEAD` file names; undefined when detached (a commit id) or malformed. */
export function branchOfHead(text: string): string | undefined {
  return /^ref: refs\/heads\/(.+)$/m.exec(text)?.[1]?.trim() || undefined;
}
