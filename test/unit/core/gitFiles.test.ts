// Where a folder's git files are without git: a `.git` folder, or a worktree's `.git` file naming its git dir, whose
// `commondir` names the main `.git` (its config, its remotes). Malformed or hostile content means unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  branchOfHead,
  commonDirOf,
  gitDirOf,
  locateGitDirectories,
  remotesOfGitConfig,
  type GitEntry,
  type ReadGitEntry,
} from '../../../src/core/gitFiles';

const file = (text: string): GitEntry => ({ kind: 'file', text });

/** A reader over a map of paths; a path not in it is absent. */
function entries(map: Record<string, GitEntry>): ReadGitEntry {
  return (path) => Promise.resolve(map[path] ?? { kind: 'absent' });
}

test('a .git folder is the git dir and the common dir', async () => {
  assert.equal(gitDirOf('/work/app', { kind: 'folder' }), '/work/app/.git');
  assert.deepEqual(await locateGitDirectories('/work/app', entries({ '/work/app/.git': { kind: 'folder' } })), {
    gitDir: '/work/app/.git',
    commonDir: '/work/app/.git',
  });
});

test('a worktree: the .git file names its git dir, whose commondir names the main .git', async () => {
  const read = entries({
    '/work/wt/.git': file('gitdir: /work/main/.git/worktrees/wt\n'),
    '/work/main/.git/worktrees/wt/commondir': file('../..\n'),
  });
  assert.deepEqual(await locateGitDirectories('/work/wt', read), { gitDir: '/work/main/.git/worktrees/wt', commonDir: '/work/main/.git' });
});

test('a relative gitdir is resolved against the folder, a relative commondir against the git dir', () => {
  assert.equal(gitDirOf('/work/wt', file('gitdir: ../main/.git/worktrees/wt\n')), '/work/main/.git/worktrees/wt');
  assert.equal(commonDirOf('/work/main/.git/worktrees/wt', file('../..\n')), '/work/main/.git');
  assert.equal(commonDirOf('/work/main/.git/worktrees/wt', file('/elsewhere/main.git\n')), '/elsewhere/main.git');
});

test('a git dir with no commondir file (a submodule) is its own common dir', async () => {
  const read = entries({ '/work/app/lib/.git': file('gitdir: ../.git/modules/lib') });
  assert.deepEqual(await locateGitDirectories('/work/app/lib', read), { gitDir: '/work/app/.git/modules/lib', commonDir: '/work/app/.git/modules/lib' });
});

test('CRLF line ends and spaces after gitdir: are read as git writes and Windows editors save them', () => {
  assert.equal(gitDirOf('/work/wt', file('gitdir: /work/main/.git/worktrees/wt\r\n')), '/work/main/.git/worktrees/wt');
  assert.equal(gitDirOf('/work/wt', file('gitdir:\t /work/main/.git/worktrees/wt  \r\n\r\n')), '/work/main/.git/worktrees/wt');
  assert.equal(commonDirOf('/work/main/.git/worktrees/wt', file('../..\r\n')), '/work/main/.git');
});

test('Windows paths resolve as Windows resolves them, whatever the platform', async () => {
  const read = entries({
    'C:\\work\\wt\\.git': file('gitdir: C:/work/main/.git/worktrees/wt\r\n'),
    'C:\\work\\main\\.git\\worktrees\\wt\\commondir': file('../..\r\n'),
  });
  assert.deepEqual(await locateGitDirectories('C:\\work\\wt', read), { gitDir: 'C:\\work\\main\\.git\\worktrees\\wt', commonDir: 'C:\\work\\main\\.git' });
  assert.equal(gitDirOf('C:\\work\\wt', file('gitdir: ..\\main\\.git\\worktrees\\wt')), 'C:\\work\\main\\.git\\worktrees\\wt');
  assert.equal(gitDirOf('C:\\work\\wt', { kind: 'folder' }), 'C:\\work\\wt\\.git');
  assert.equal(gitDirOf('\\\\srv\\share\\wt', file('gitdir: //srv/share/main/.git/worktrees/wt')), '\\\\srv\\share\\main\\.git\\worktrees\\wt');
});

test('a gitdir on another machine\'s share, a device path or a drive-relative path is unknown', () => {
  assert.equal(gitDirOf('C:\\work\\wt', file('gitdir: \\\\attacker\\share\\x')), undefined);
  assert.equal(gitDirOf('C:\\work\\wt', file('gitdir: //attacker/share/x')), undefined);
  assert.equal(gitDirOf('\\\\srv\\share\\wt', file('gitdir: \\\\other\\share\\x')), undefined);
  assert.equal(gitDirOf('C:\\work\\wt', file('gitdir: \\\\.\\pipe\\x')), undefined);
  assert.equal(gitDirOf('C:\\work\\wt', file('gitdir: \\\\?\\C:\\work\\main\\.git')), undefined);
  assert.equal(gitDirOf('C:\\work\\wt', file('gitdir: D:work\\main\\.git')), undefined);
  assert.equal(commonDirOf('C:\\work\\main\\.git\\worktrees\\wt', file('\\\\attacker\\share')), undefined);
});

test('a Windows gitdir read on Linux or macOS, or a folder that is no absolute path, is unknown', () => {
  assert.equal(gitDirOf('/work/wt', file('gitdir: C:/work/main/.git/worktrees/wt')), undefined);
  assert.equal(gitDirOf('work/wt', file('gitdir: /work/main/.git/worktrees/wt')), undefined);
  assert.equal(gitDirOf('', { kind: 'folder' }), undefined);
});

test('junk in a .git file is unknown, never an exception', () => {
  for (const text of ['', '\n', 'hello', 'gitdir:', 'gitdir:   \n', 'GITDIR: /x', ' gitdir: /x', 'gitdir: /x\nrm -rf /', 'gitdir: /x\0y', '\uFEFFgitdir: /x', 'gitdir: /x\u2028/y']) {
    assert.equal(gitDirOf('/work/wt', file(text)), undefined, JSON.stringify(text));
  }
  assert.equal(commonDirOf('/g', file('')), undefined);
  assert.equal(commonDirOf('/g', file('../..\n../x')), undefined);
});

test('a gitdir line of a megabyte is unknown', () => {
  assert.equal(gitDirOf('/work/wt', file(`gitdir: /${'a'.repeat(1024 * 1024)}`)), undefined);
  assert.equal(commonDirOf('/g', file(`/${'a/'.repeat(4096)}`)), undefined);
});

test('no .git, an unreadable one, or an unreadable or malformed commondir is unknown', async () => {
  assert.equal(await locateGitDirectories('/work/app', entries({})), undefined);
  assert.equal(await locateGitDirectories('/work/app', entries({ '/work/app/.git': { kind: 'unreadable' } })), undefined);
  const worktree = (commondir: GitEntry) => entries({ '/w/.git': file('gitdir: /m/.git/worktrees/w'), '/m/.git/worktrees/w/commondir': commondir });
  assert.equal(await locateGitDirectories('/w', worktree({ kind: 'unreadable' })), undefined);
  assert.equal(await locateGitDirectories('/w', worktree({ kind: 'folder' })), undefined);
  assert.equal(await locateGitDirectories('/w', worktree(file('a\0b'))), undefined);
  assert.equal(await locateGitDirectories('/w', () => Promise.reject(new Error('EACCES'))), undefined);
});

test('the remotes of a config file are listed in order, with CRLF line ends', () => {
  const config = '[core]\r\n\tbare = false\r\n[remote "origin"]\r\n\turl = https://github.com/acme/sample.git\r\n\tfetch = +refs/heads/*:refs/remotes/origin/*\r\n[branch "main"]\r\n\tremote = origin\r\n[remote "fork"]\r\n\turl = git@github.com:me/sample.git\r\n';
  assert.deepEqual(remotesOfGitConfig(config), [
    { name: 'origin', url: 'https://github.com/acme/sample.git' },
    { name: 'fork', url: 'git@github.com:me/sample.git' },
  ]);
});

test('HEAD names a branch, or nothing when detached or malformed', () => {
  assert.equal(branchOfHead('ref: refs/heads/feature/x\n'), 'feature/x');
  assert.equal(branchOfHead('ref: refs/heads/feature\r\n'), 'feature');
  assert.equal(branchOfHead('3f2c0a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a\n'), undefined);
  assert.equal(branchOfHead(''), undefined);
});
