// A real `git worktree add`: from the worktree's folder, where `.git` is a file, the files the git-extension-less
// fallback reads (the main `.git`'s config, the worktree's own HEAD) name the repository and the branch.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  branchOfHead,
  gitFilePath,
  locateGitDirectories,
  MAX_POINTER_FILE_BYTES,
  remotesOfGitConfig,
  type GitEntry,
} from '../../../src/core/gitFiles';
import { pickRemote } from '../../../src/core/remoteUrl';
import { scratchDir } from '../support/scratchDir';

/** The same rules as the extension's reader (repositoryDetection.ts), through node's fs. */
async function readEntry(path: string, maxBytes = MAX_POINTER_FILE_BYTES): Promise<GitEntry> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { kind: 'folder' };
    if (!info.isFile() || info.size > maxBytes) return { kind: 'unreadable' };
    return { kind: 'file', text: await readFile(path, 'utf8') };
  } catch {
    return { kind: 'absent' };
  }
}

async function text(dir: string, name: string): Promise<string> {
  const entry = await readEntry(gitFilePath(dir, name), 1024 * 1024);
  assert.equal(entry.kind, 'file', `${name} in ${dir}`);
  return entry.kind === 'file' ? entry.text : '';
}

function makeWorktree(): { main: string; worktree: string } {
  const root = scratchDir('worktree');
  const main = join(root, 'main');
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  git(root, 'init', '-q', '-b', 'main', main);
  git(main, 'remote', 'add', 'origin', 'https://github.com/acme/sample.git');
  git(main, 'commit', '-q', '--allow-empty', '-m', 'first');
  git(main, 'worktree', 'add', '-q', '../wt', '-b', 'feature');
  return { main, worktree: join(root, 'wt') };
}

test('from a real worktree folder, the main .git\'s config names acme/sample and the worktree\'s HEAD names feature', async () => {
  const { main, worktree } = makeWorktree();
  const dirs = await locateGitDirectories(worktree, readEntry);
  assert.ok(dirs, 'the worktree\'s git files are found');
  assert.equal(realpathSync(dirs.commonDir), realpathSync(join(main, '.git')), 'the common dir is the main .git');
  assert.deepEqual(pickRemote(remotesOfGitConfig(await text(dirs.commonDir, 'config'))), { host: 'github.com', owner: 'acme', repo: 'sample' });
  assert.equal(branchOfHead(await text(dirs.gitDir, 'HEAD')), 'feature');
});

test('from the main folder of the same repository, its own .git gives the same remote and its branch', async () => {
  const { main } = makeWorktree();
  const dirs = await locateGitDirectories(main, readEntry);
  assert.deepEqual(dirs, { gitDir: join(main, '.git'), commonDir: join(main, '.git') });
  assert.equal(pickRemote(remotesOfGitConfig(await text(dirs.commonDir, 'config')))?.repo, 'sample');
  assert.equal(branchOfHead(await text(dirs.gitDir, 'HEAD')), 'main');
});
