// A server that takes a request and never answers: the request gives up after the answer timeout, as a network
// error that says so, where Node's fetch waited 300 s; a cancel still reads as a cancel.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { GitHubClient } from '../../../src/ci/githubClient';
import { toSyncError } from '../../../src/ci/syncError';

let server: Server;
let url = '';
let asked = 0;
const held: import('node:http').ServerResponse[] = [];
/** Called when the server has taken the next request. */
let onAsked: () => void = () => undefined;

before(async () => {
  // Takes each request and never answers (the answers are closed when the test ends).
  server = createServer((_req, res) => {
    asked++;
    held.push(res);
    onAsked();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('a request with no answer gives up after the answer timeout, as a network error that says so', async () => {
  asked = 0;
  const client = new GitHubClient({ apiUrl: url, token: async () => 'token', answerTimeoutMs: 50, retryDelayScale: 1 });
  const error = await client.getConditional('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'sample' }, undefined).then(
    () => assert.fail('expected no answer'),
    (e: unknown) => e,
  );
  const syncError = toSyncError(error, 'acme/sample', url);
  assert.equal(syncError.kind, 'network', syncError.message);
  assert.match(syncError.message, /did not answer within 0\.1 s/);
  assert.ok(asked >= 1, 'the request reached the server');
});

test('a cancel while waiting for the answer is a cancel, not a timeout', async () => {
  const client = new GitHubClient({ apiUrl: url, token: async () => 'token', answerTimeoutMs: 60_000, retryDelayScale: 1 });
  const controller = new AbortController();
  // Cancelled once the server has the request: that event is waited for, not a clock.
  const taken = new Promise<void>((resolve) => (onAsked = resolve));
  const request = client.getConditional('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'sample' }, undefined, controller.signal);
  await taken;
  controller.abort();
  const error = await request.then(
    () => assert.fail('expected the cancel'),
    (e: unknown) => e,
  );
  assert.equal(toSyncError(error, 'acme/sample', url).kind, 'cancelled');
});
