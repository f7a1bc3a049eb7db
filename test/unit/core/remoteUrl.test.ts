import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiUrlForHost, hostOfApiUrl, parseGitHubRemote, pickRemote as pickRemoteForTest, trustedApiUrl } from '../../../src/core/remoteUrl';

test('https remotes of github.com name the repository, with or without .git', () => {
  assert.deepEqual(parseGitHubRemote('https://github.com/bytecodealliance/wasmtime.git'), { host: 'github.com', owner: 'bytecodealliance', repo: 'wasmtime' });
  assert.deepEqual(parseGitHubRemote('https://github.com/tetratelabs/wazero'), { host: 'github.com', owner: 'tetratelabs', repo: 'wazero' });
  assert.deepEqual(parseGitHubRemote('https://user@github.com/acme/sample.git/'), { host: 'github.com', owner: 'acme', repo: 'sample' });
});

test('ssh remotes in both scp and URL forms name the repository', () => {
  assert.deepEqual(parseGitHubRemote('git@github.com:acme/sample.git'), { host: 'github.com', owner: 'acme', repo: 'sample' });
  assert.deepEqual(parseGitHubRemote('ssh://git@github.com:22/acme/sample.git'), { host: 'github.com', owner: 'acme', repo: 'sample' });
  assert.deepEqual(parseGitHubRemote('org-123@github.com:acme/sample.git'), { host: 'github.com', owner: 'acme', repo: 'sample' });
});

test('GitHub Enterprise Server hosts are kept, and their API lives under /api/v3', () => {
  const ref = parseGitHubRemote('git@ghe.acme.internal:platform/build-tools.git');
  assert.deepEqual(ref, { host: 'ghe.acme.internal', owner: 'platform', repo: 'build-tools' });
  assert.equal(apiUrlForHost('ghe.acme.internal'), 'https://ghe.acme.internal/api/v3');
  assert.equal(apiUrlForHost('github.com'), 'https://api.github.com');
  assert.equal(hostOfApiUrl('https://api.github.com'), 'github.com');
  assert.equal(hostOfApiUrl('https://ghe.acme.internal/api/v3'), 'ghe.acme.internal');
});

test('the setting form OWNER/NAME means github.com', () => {
  assert.deepEqual(parseGitHubRemote('acme/sample'), { host: 'github.com', owner: 'acme', repo: 'sample' });
});

test('local paths and malformed remotes name no repository', () => {
  for (const url of ['/home/me/src/sample', 'C:\\src\\sample', 'https://github.com/acme', 'https://github.com/a/b/c', 'not a url', '', 'git@github.com:acme/sa mple.git']) {
    assert.equal(parseGitHubRemote(url), undefined, url);
  }
});

test('origin wins over upstream, and upstream over other remotes', () => {
  assert.equal(
    pickRemoteForTest([
      { name: 'fork', url: 'git@github.com:me/sample.git' },
      { name: 'upstream', url: 'https://github.com/acme/sample.git' },
      { name: 'origin', url: 'https://github.com/me2/sample.git' },
    ])?.owner,
    'me2',
  );
  assert.equal(pickRemoteForTest([{ name: 'fork', url: 'git@github.com:me/sample.git' }, { name: 'upstream', url: 'https://github.com/acme/sample.git' }])?.owner, 'acme');
  assert.equal(pickRemoteForTest([{ name: 'origin', url: '/local/mirror' }, { name: 'upstream', url: 'https://github.com/acme/sample.git' }])?.owner, 'acme');
});

test('a GitHub Enterprise host is trusted only when the user configured it, since the token goes there', () => {
  assert.equal(trustedApiUrl('github.com', '', ''), 'https://api.github.com');
  assert.equal(trustedApiUrl('ghe.acme.internal', '', 'https://ghe.acme.internal'), 'https://ghe.acme.internal/api/v3');
  assert.equal(trustedApiUrl('evil.example', '', 'https://ghe.acme.internal'), undefined);
  assert.equal(trustedApiUrl('evil.example', '', ''), undefined);
  assert.equal(trustedApiUrl('anything', 'http://127.0.0.1:4000/', ''), 'http://127.0.0.1:4000');
});
