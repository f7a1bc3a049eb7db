// Which GitHub repository a workspace folder belongs to: the `flakelens.repository` setting, else the folder's git
// remotes through the built-in git extension (origin first, then upstream, then any GitHub remote), else the
// repository's git config file when the git extension is unavailable (in a worktree, the main `.git`'s).
import * as vscode from 'vscode';
import { parseGitHubRemote, pickRemote, type GitHubRepositoryRef } from '../core/remoteUrl';
import { isWithin } from '../core/pathWithin';
import {
  branchOfHead,
  gitFilePath,
  locateGitDirectories,
  MAX_POINTER_FILE_BYTES,
  remotesOfGitConfig,
  type GitDirectories,
  type GitEntry,
} from '../core/gitFiles';

interface GitRemote {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly remotes: readonly GitRemote[]; readonly HEAD?: { readonly name?: string } };
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}


async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) {
    return undefined;
  }
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

/** Git files larger than this are not read: a config is a few KB, a HEAD or a pointer file one line. */
const MAX_GIT_FILE_BYTES = 1024 * 1024;

/** One entry, read only when it is a regular file of at most `maxBytes`. */
async function readGitEntry(uri: vscode.Uri, maxBytes: number): Promise<GitEntry> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (error) {
    return error instanceof vscode.FileSystemError && error.code === 'FileNotFound' ? { kind: 'absent' } : { kind: 'unreadable' };
  }
  if (stat.type & vscode.FileType.Directory) {
    return { kind: 'folder' };
  }
  // Not a FIFO or a device (a read could block), nor anything large.
  if (!(stat.type & vscode.FileType.File) || stat.size > maxBytes) {
    return { kind: 'unreadable' };
  }
  try {
    return { kind: 'file', text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
  } catch {
    return { kind: 'unreadable' };
  }
}

/** Where a folder's git files are: `.git`, or in a worktree (where `.git` is a file) its git dir and the main `.git`. */
export async function gitDirectories(folder: vscode.Uri): Promise<GitDirectories | undefined> {
  if (folder.scheme !== 'file') {
    return undefined;
  }
  return locateGitDirectories(folder.fsPath, (path) => readGitEntry(vscode.Uri.file(path), MAX_POINTER_FILE_BYTES));
}

/** The text of a file in a git dir, bounded; undefined when absent or unreadable. */
async function gitFileText(dir: string, name: string): Promise<string | undefined> {
  const entry = await readGitEntry(vscode.Uri.file(gitFilePath(dir, name)), MAX_GIT_FILE_BYTES);
  return entry.kind === 'file' ? entry.text : undefined;
}

/** Remotes read from the repository's config directly (a worktree's is in the main `.git`): one small file read. */
async function remotesFromConfig(folder: vscode.Uri): Promise<{ name: string; url: string }[]> {
  const dirs = await gitDirectories(folder);
  const text = dirs && (await gitFileText(dirs.commonDir, 'config'));
  return text ? remotesOfGitConfig(text) : [];
}

export interface DetectedRepository {
  readonly ref: GitHubRepositoryRef;
  readonly from: 'setting' | 'git';
  /** The checked-out branch, when git tells. */
  readonly branch?: string;
}

export async function detectRepository(folder: vscode.WorkspaceFolder, setting: string): Promise<DetectedRepository | undefined> {
  const api = await gitApi();
  const gitRepo = api?.getRepository(folder.uri) ?? api?.repositories.find((r) => isWithin(folder.uri.fsPath, r.rootUri.fsPath));
  const branch = gitRepo?.state.HEAD?.name;
  if (setting) {
    const ref = parseGitHubRemote(setting);
    return ref ? { ref, from: 'setting', ...(branch ? { branch } : {}) } : undefined;
  }
  let remotes: { name: string; url: string }[] = [];
  if (gitRepo) {
    remotes = gitRepo.state.remotes.flatMap((r) => {
      const url = r.fetchUrl ?? r.pushUrl;
      return url ? [{ name: r.name, url }] : [];
    });
  }
  if (remotes.length === 0) {
    remotes = await remotesFromConfig(folder.uri);
  }
  const ref = pickRemote(remotes);
  return ref ? { ref, from: 'git', ...(branch ? { branch } : {}) } : undefined;
}

/** The current branch of the folder, through the git extension. */
export async function currentBranch(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const api = await gitApi();
  const repo = api?.getRepository(folder.uri);
  if (repo?.state.HEAD?.name) {
    return repo.state.HEAD.name;
  }
  return headFileBranch(folder);
}

/**
 * The branch the folder's `HEAD` names (`.git/HEAD`, or a worktree's own): read when that file has just changed,
 * before the git extension's state follows, and when there is no git extension. Undefined when detached or unknown.
 */
export async function headFileBranch(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const dirs = await gitDirectories(folder.uri);
  const head = dirs && (await gitFileText(dirs.gitDir, 'HEAD'));
  return head ? branchOfHead(head) : undefined;
}
