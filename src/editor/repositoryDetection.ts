// Which GitHub repository a workspace folder belongs to: the `flakelens.repository` setting, else the folder's git
// remotes through the built-in git extension (origin first, then upstream, then any GitHub remote), else the
// `.git/config` file when the git extension is unavailable.
import * as vscode from 'vscode';
import { parseGitHubRemote, pickRemote, type GitHubRepositoryRef } from '../core/remoteUrl';
import { isWithin } from '../core/pathWithin';

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

/** Remotes read from `.git/config` directly: a fallback that costs one small file read. */
async function remotesFromConfig(folder: vscode.Uri): Promise<{ name: string; url: string }[]> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, '.git', 'config'));
    const text = new TextDecoder().decode(bytes);
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
  } catch {
    return [];
  }
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
 * The branch `.git/HEAD` names: read when that file has just changed, before the git extension's state follows.
 * Undefined when detached, or when `.git` is no folder (a worktree's file).
 */
export async function headFileBranch(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  try {
    const head = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.git', 'HEAD')));
    return /^ref: refs\/heads\/(.+)$/m.exec(head)?.[1]?.trim();
  } catch {
    return undefined;
  }
}
