// The commands against the fake GitHub: re-running failed jobs, and a failed sync that keeps the last good data and
// says what happened. Faults are set through the fake server's control endpoints (it runs in the test runner's
// process, not in this extension host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHub as control, fakeRequests as requests, idleFlakelens as api } from './extensionUnderTest';

suite('Flakelens commands against the fake GitHub', () => {
  teardown(async () => {
    await control('DELETE', '/_fake/faults');
  });

  test('Re-run Failed CI Jobs re-runs the latest failed run of the branch', async () => {
    await api();
    await control('POST', '/_fake/requests/reset');
    const runId = await vscode.commands.executeCommand<number | undefined>('flakelens.rerunFailedJobs', { latest: true, branch: 'main' });
    assert.ok(runId, 'no run was re-run');
    const posts = (await requests()).filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => [r.path, r.status]),
      [[`/repos/acme/sample/actions/runs/${runId}/rerun-failed-jobs`, 201]],
    );
  });

  test('Refresh after a re-run sees the new attempt with at most a few requests', async () => {
    const extension = await api();
    await control('POST', '/_fake/requests/reset');
    await vscode.commands.executeCommand('flakelens.refresh');
    const state = extension.syncState();
    assert.equal(state?.kind, 'synced');
    const seen = await requests();
    const jobListings = seen.filter((r) => /\/actions\/runs\/\d+\/jobs/.test(r.path));
    assert.equal(jobListings.length, 1, 'only the re-run run has its jobs listed again');
  });

  test('an unchanged history costs two not-modified requests', async () => {
    const extension = await api();
    await control('POST', '/_fake/requests/reset');
    await vscode.commands.executeCommand('flakelens.refresh');
    assert.equal(extension.syncState()?.kind, 'synced');
    const seen = await requests();
    assert.equal(seen.length, 2);
    assert.ok(seen.every((r) => r.status === 304));
  });

  test('a rejected token keeps the last good findings and says to sign in again', async () => {
    const extension = await api();
    const before = extension.findings()?.tests.map((t) => `${t.id} ${t.status}`);
    assert.ok(before && before.length > 0);
    await control('POST', '/_fake/faults', { match: '/repos/acme/sample', status: 401 });
    await vscode.commands.executeCommand('flakelens.refresh');
    const state = extension.syncState();
    assert.equal(state?.kind, 'error');
    assert.ok(state?.kind === 'error' && state.error.kind === 'bad-credentials', JSON.stringify(state));
    assert.match(state.error.message, /sign in again or set a new token/);
    assert.deepEqual(extension.findings()?.tests.map((t) => `${t.id} ${t.status}`), before);
  });

  test('a used-up rate limit says when it resets', async () => {
    const extension = await api();
    const reset = Math.floor(Date.UTC(2030, 0, 1, 13, 45) / 1000);
    await control('POST', '/_fake/faults', { match: '/repos/acme/sample', status: 403, rateLimitedUntil: reset });
    await vscode.commands.executeCommand('flakelens.refresh');
    const state = extension.syncState();
    assert.ok(state?.kind === 'error' && state.error.kind === 'rate-limited', JSON.stringify(state));
    assert.match(state.error.message, /resets at 13:45 UTC/);
  });
});

suite('Signing in and tokens', () => {
  let savedToken: string | undefined;
  setup(() => {
    savedToken = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
  });
  teardown(async () => {
    process.env.GITHUB_TOKEN = savedToken;
    await vscode.commands.executeCommand('flakelens.clearToken');
  });

  test('without any token a refresh says to sign in, and the last findings stay', async () => {
    const extension = await api();
    const before = extension.findings()?.tests.length;
    await vscode.commands.executeCommand('flakelens.refresh');
    const state = extension.syncState();
    assert.ok(state?.kind === 'error' && state.error.kind === 'not-signed-in', JSON.stringify(state));
    assert.match(state.error.message, /sign in/i);
    assert.equal(extension.findings()?.tests.length, before);
  });

  test('a token set with Set GitHub Token is used, and Clear GitHub Token forgets it', async () => {
    const extension = await api();
    await control('POST', '/_fake/requests/reset');
    await vscode.commands.executeCommand('flakelens.setToken', 'ghp_set_by_the_test');
    await extension.whenIdle();
    assert.equal(extension.syncState()?.kind, 'synced');
    const seen = await requests();
    assert.ok(seen.length > 0 && seen.every((r) => (r as { authorization?: boolean }).authorization), 'every request carried the token');
    await vscode.commands.executeCommand('flakelens.clearToken');
    await vscode.commands.executeCommand('flakelens.refresh');
    const state = extension.syncState();
    assert.ok(state?.kind === 'error' && state.error.kind === 'not-signed-in', JSON.stringify(state));
  });
});
