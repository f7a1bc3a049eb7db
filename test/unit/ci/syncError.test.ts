// What a user is told when a sync fails: the kind of failure decides what they are sent to check.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toSyncError } from '../../../src/ci/syncError';

const API = 'https://api.github.com';

test('a failure of Flakelens itself is not blamed on the network', () => {
  const error = toSyncError(new RangeError('Maximum call stack size exceeded'), 'acme/sample', API);
  assert.equal(error.kind, 'internal');
  assert.match(error.message, /RangeError: Maximum call stack size exceeded/);
  assert.match(error.message, /acme\/sample/);
  assert.doesNotMatch(error.message, /network|Could not reach/);
});

test('an internal failure quotes its message on one bounded line', () => {
  const error = toSyncError(new TypeError(`bad\n${'x'.repeat(5000)}`), 'acme/sample', API);
  assert.equal(error.kind, 'internal');
  assert.ok(!error.message.includes('\n'));
  assert.ok(error.message.length < 400, `${error.message.length} characters`);
});

test('a request that never got an answer is a network failure', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  assert.equal(toSyncError(refused, 'acme/sample', API).kind, 'network');
  const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
  assert.equal(toSyncError(fetchFailed, 'acme/sample', API).kind, 'network');
  const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  assert.equal(toSyncError(socket, 'acme/sample', API).kind, 'network');
});

test('the cache folder failing is said to be the cache folder, not the network', () => {
  for (const code of ['ENOENT', 'ENOTDIR', 'EACCES', 'ENOSPC', 'EROFS']) {
    const error = Object.assign(new Error(`${code}: open '/home/u/.cache/flakelens/acme/sample.json.tmp'`), { code });
    const mapped = toSyncError(error, 'acme/sample', API);
    assert.equal(mapped.kind, 'local', code);
    assert.match(mapped.message, /stored history .*sample\.json\.tmp.*cache folder/, code);
  }
});
