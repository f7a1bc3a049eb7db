import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SyncError } from '../../../src/ci/syncError';
import { syncHistory } from '../../../src/ci/sync';
import { GitHubClient } from '../../../src/ci/githubClient';
import { findRepo, latestAttempt } from '../../fakeGithub/state';
import { fakeGitHubSession, NOW, TOKEN, type Session } from '../support/fakeGitHubSession';

async function rejectsWith(promise: Promise<unknown>, kind: SyncError['kind']): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SyncError, `expected a SyncError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected a ${kind} error`);
}

/** A failed job of the fake GitHub's sample history (its log is read at every first sync). */
function aFailedJob(session: Session): { id: number } {
  const job = findRepo(session.gh.state, 'acme', 'sample')
    ?.runs.flatMap((r) => r.jobs)
    .find((j) => j.conclusion === 'failure');
  assert.ok(job, 'the sample history has a failed job');
  return job;
}

describe('a first sync and an unchanged second one', () => {
  let session: Session;
  before(async () => {
    session = await fakeGitHubSession({ runs: 20 });
  });
  after(() => session.close());

  test('the first sync stores every run with its jobs and reads only the logs it needs', async () => {
    const result = await session.sync();
    const runs = result.state.history.runs;
    assert.equal(runs.length, 20);
    assert.equal(result.newRuns, 20);
    const jobs = runs.flatMap((r) => r.jobs);
    const failed = jobs.filter((j) => j.conclusion === 'failure');
    assert.ok(failed.length > 0);
    for (const job of failed) {
      assert.equal(job.logState, 'parsed', `failed job ${job.id} was not read`);
      assert.ok(job.outcomes.length > 0);
    }
    const successfulRead = jobs.filter((j) => j.conclusion === 'success' && j.logState === 'parsed');
    // At most one inventory log per job configuration.
    assert.ok(successfulRead.length <= 3, `${successfulRead.length} successful logs read`);
    assert.ok(result.logsRead < jobs.length, 'not every log should be read');
    assert.equal(result.logsRead, failed.length + successfulRead.length);
    assert.equal(session.gh.requests.filter((r) => r.path.includes('/logs')).length, result.logsRead);
    // Every request carried the token.
    assert.ok(session.gh.requests.every((r) => r.authorization));
  });

  test('a second sync with no new runs costs at most two requests, both not modified', async () => {
    const before = (await session.store.load('acme/sample')).history;
    session.gh.resetRequests();
    const result = await session.sync();
    // The editor keeps its history (and the statistics made from it) when a sync says nothing changed.
    assert.deepEqual(result.state.history, before);
    assert.ok(result.requests.total <= 2, `${result.requests.total} requests`);
    assert.equal(result.requests.notModified, result.requests.total);
    assert.equal(session.gh.requests.length, result.requests.total);
    assert.ok(session.gh.requests.every((r) => r.status === 304));
    assert.equal(result.changed, false);
  });

  test('the stored history holds no token', () => {
    const text = readFileSync(session.store.file, 'utf8');
    assert.ok(!text.includes(TOKEN));
    assert.ok(!/authorization/i.test(text));
  });

  test('a re-run of an old run is seen through its update and only that run\'s jobs are listed again', async () => {
    const repo = findRepo(session.gh.state, 'acme', 'sample');
    assert.ok(repo);
    const oldRun = repo.runs.find((r) => r.attempts.length === 1 && latestAttempt(r).conclusion === 'failure');
    assert.ok(oldRun, 'the history has a failed run that was not re-run');
    await fetch(`${session.gh.url}/repos/acme/sample/actions/runs/${oldRun.id}/rerun-failed-jobs`, { method: 'POST', headers: { authorization: `token ${TOKEN}` } });
    session.gh.resetRequests();
    const result = await session.sync();
    assert.equal(result.updatedRuns, 1);
    assert.equal(result.newRuns, 0);
    const jobListings = session.gh.requests.filter((r) => r.path.includes('/jobs?') || r.path.endsWith('/jobs'));
    assert.equal(jobListings.length, 1);
    assert.ok(jobListings[0]?.path.includes(String(oldRun.id)));
    const stored = result.state.history.runs.find((r) => r.id === oldRun.id);
    assert.equal(stored?.runAttempt, 2);
    assert.ok(stored?.jobs.some((j) => j.runAttempt === 2));
  });
});

describe('errors say what happened and keep the last good data', () => {
  let session: Session;
  before(async () => {
    session = await fakeGitHubSession({ runs: 6 });
    await session.sync();
  });
  after(() => session.close());

  test('a rejected token is a bad-credentials error and the stored history is untouched', async () => {
    const before = readFileSync(session.store.file, 'utf8');
    session.gh.state.faults.push({ match: '/repos/acme/sample', status: 401, times: 1 });
    await rejectsWith(session.sync(), 'bad-credentials');
    assert.equal(readFileSync(session.store.file, 'utf8'), before);
  });

  test('an unknown repository is a no-access error that names it', async () => {
    const error = await rejectsWith(session.sync({ repo: 'does-not-exist' }), 'no-access');
    assert.match(error.message, /acme\/does-not-exist/);
  });

  test('a used-up rate limit says when it resets', async () => {
    const reset = Math.floor(NOW.getTime() / 1000) + 1800;
    session.gh.state.faults.push({ match: '/repos/acme/sample', status: 403, rateLimitedUntil: reset, times: 3 });
    const error = await rejectsWith(session.sync(), 'rate-limited');
    assert.equal(error.resetAt, new Date(reset * 1000).toISOString());
    assert.match(error.message, /resets at \d\d:\d\d UTC/);
    session.gh.state.faults.length = 0;
  });

  test('server errors are retried, and a lasting one is reported as a server error', async () => {
    session.gh.state.faults.push({ match: '/repos/acme/sample', status: 502, times: 1 });
    const before = (await session.store.load('acme/sample')).history;
    session.gh.resetRequests();
    const result = await session.sync();
    assert.equal(result.changed, false, 'one 502 is retried transparently');
    assert.deepEqual(result.state.history, before);
    session.gh.state.faults.push({ match: '/repos/acme/sample', status: 503 });
    await rejectsWith(session.sync(), 'server');
    session.gh.state.faults.length = 0;
  });

  test('an unreachable server is a network error', async () => {
    const client = new GitHubClient({ apiUrl: 'http://127.0.0.1:9', token: async () => TOKEN, retryDelayScale: 1 });
    await rejectsWith(syncHistory(client, session.store, { owner: 'acme', repo: 'sample', maxRuns: 10, maxDays: 60, now: NOW }), 'network');
  });

  test('a page that is not the API (a wrong API URL, a sign-in portal) or an answer cut off is said so, not a bug', async () => {
    for (const [type, body] of [
      ['text/html', '<html>Sign in to the Wi-Fi</html>'],
      ['application/json', ''],
    ] as const) {
      const server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': type });
        response.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const client = new GitHubClient({ apiUrl, token: async () => TOKEN, retryDelayScale: 1 });
        const error = await rejectsWith(syncHistory(client, session.store, { owner: 'acme', repo: 'sample', maxRuns: 10, maxDays: 60, now: NOW }), 'network');
        assert.match(error.message, /was not GitHub's API .*check the API URL setting/, type);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    }
  });

  test('a cancelled sync stops with a cancelled error', async () => {
    const controller = new AbortController();
    controller.abort();
    await rejectsWith(session.sync({ signal: controller.signal }), 'cancelled');
  });

  test('a branch without runs is a no-runs error that names the branch', async () => {
    const error = await rejectsWith(session.sync({ branches: ['no-such-branch'], maxRuns: 10 }), 'no-runs');
    assert.match(error.message, /no-such-branch/);
  });

  test('a corrupt stored history is set aside with a message, never deleted, and synced anew', async () => {
    writeFileSync(session.store.file, '{ not json');
    const problems: string[] = [];
    const result = await session.sync({ onProblem: (m) => problems.push(m) });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /unreadable/);
    assert.equal(readFileSync(`${session.store.file}.unreadable`, 'utf8'), '{ not json');
    assert.equal(result.state.history.runs.length, 6);
  });
});

describe('logs that cannot be read', () => {
  test('expired logs are recorded as expired and the sync goes on', async () => {
    const session = await fakeGitHubSession({ runs: 12, expiredLogRuns: 12 });
    try {
      const result = await session.sync();
      const failed = result.state.history.runs.flatMap((r) => r.jobs).filter((j) => j.conclusion === 'failure');
      assert.ok(failed.length > 0);
      assert.ok(failed.every((j) => j.logState === 'expired'));
    } finally {
      await session.close();
    }
  });

  test('a log cut off mid-transfer is read again at the next sync', async () => {
    const session = await fakeGitHubSession({ runs: 8 });
    try {
      session.gh.state.faults.push({ match: '/_blobs/job-logs/', cutOff: { bytes: 200 }, times: 1 });
      const first = await session.sync();
      const pending = first.state.history.runs.flatMap((r) => r.jobs).filter((j) => j.logState === 'pending' && j.logNote);
      assert.equal(pending.length, 1);
      const second = await session.sync();
      const again = second.state.history.runs.flatMap((r) => r.jobs).find((j) => j.id === pending[0]?.id);
      assert.equal(again?.logState, 'parsed');
      assert.doesNotMatch(again?.logNote ?? '', /cut off|read again/, 'the note of the cut-off reading goes once the log is read');
    } finally {
      await session.close();
    }
  });

  test('a log GitHub keeps refusing is left pending with a note, the sync goes on, and only that log is asked again', async () => {
    const session = await fakeGitHubSession({ runs: 10 });
    try {
      const failedJob = aFailedJob(session);
      const logPath = `/actions/jobs/${failedJob.id}/logs`;
      session.gh.state.faults.push({ match: (_method, path) => path.endsWith(logPath), status: 500 });
      const first = await session.sync();
      const job = first.state.history.runs.flatMap((r) => r.jobs).find((j) => j.id === failedJob.id);
      assert.equal(job?.logState, 'pending');
      assert.match(job?.logNote ?? '', /GitHub answered 500 .* read again at the next sync/);
      assert.ok(first.logsRead > 1, 'the other logs were read');
      session.gh.resetRequests();
      const second = await session.sync();
      const logsAsked = session.gh.requests.filter((r) => /\/actions\/jobs\/\d+\/logs$/.test(r.path)).map((r) => r.path);
      assert.ok(logsAsked.length >= 1 && logsAsked.every((p) => p.endsWith(logPath)), logsAsked.join(' '));
      assert.equal(second.state.history.runs.length, first.state.history.runs.length);
      session.gh.state.faults.length = 0;
      const third = await session.sync();
      const read = third.state.history.runs.flatMap((r) => r.jobs).find((j) => j.id === failedJob.id);
      assert.equal(read?.logState, 'parsed');
      assert.doesNotMatch(read?.logNote ?? '', /GitHub answered 500|read again/, 'the note of the failed reading goes once the log is read');
    } finally {
      await session.close();
    }
  });
});

describe('a log the storage refuses', () => {
  test('a 403 from the storage a log is redirected to leaves that log pending with a note; a 403 from the API still stops the sync', async () => {
    const session = await fakeGitHubSession({ runs: 10 });
    try {
      const failedJob = aFailedJob(session);
      session.gh.state.faults.push({ match: (_method, path) => path.startsWith(`/_blobs/job-logs/${failedJob.id}?`), status: 403 });
      const first = await session.sync();
      const job = first.state.history.runs.flatMap((r) => r.jobs).find((j) => j.id === failedJob.id);
      assert.equal(job?.logState, 'pending');
      assert.match(job?.logNote ?? '', /storage GitHub keeps this job's log in refused the download \(403\)/);
      assert.ok(first.logsRead > 1, 'the other logs were read');
      session.gh.state.faults.length = 0;
      // The API's own 403 (no access to logs) concerns every request: the sync stops and says so.
      session.gh.state.faults.push({ match: (_method, path) => path.endsWith(`/actions/jobs/${failedJob.id}/logs`), status: 403 });
      await rejectsWith(session.sync(), 'no-access');
    } finally {
      session.gh.state.faults.length = 0;
      await session.close();
    }
  });
});

describe('pagination and windows', () => {
  test('a window made smaller and then larger again gets its runs back', async () => {
    const session = await fakeGitHubSession({ runs: 40, days: 40 });
    try {
      assert.equal((await session.sync({ maxRuns: 30 })).state.history.runs.length, 30);
      assert.equal((await session.sync({ maxRuns: 5 })).state.history.runs.length, 5);
      assert.equal((await session.sync({ maxRuns: 30 })).state.history.runs.length, 30);
      const fewDays = (await session.sync({ maxRuns: 30, maxDays: 10 })).state.history.runs.length;
      assert.ok(fewDays > 0 && fewDays < 30, `${fewDays} runs in 10 days`);
      assert.equal((await session.sync({ maxRuns: 30, maxDays: 60 })).state.history.runs.length, 30);
      // An unchanged window lists with ETags again: two requests, both not modified.
      session.gh.resetRequests();
      const same = await session.sync({ maxRuns: 30, maxDays: 60 });
      assert.deepEqual(same.requests, { total: 2, notModified: 2 });
    } finally {
      await session.close();
    }
  });

  test('a run deleted on GitHub leaves the history; one running again (not in the listing of completed runs) stays', async () => {
    const session = await fakeGitHubSession({ runs: 20 });
    try {
      await session.sync();
      const repo = findRepo(session.gh.state, 'acme', 'sample');
      assert.ok(repo);
      const victim = repo.runs.find((r) => r.jobs.some((j) => j.conclusion === 'failure'));
      assert.ok(victim);
      repo.runs.splice(repo.runs.indexOf(victim), 1);
      // Another run seems missing too: GitHub still has it (a re-run under way), so it must stay.
      const running = repo.runs.find((r) => r.id !== victim.id);
      assert.ok(running);
      const latest = running.attempts[running.attempts.length - 1] as { status: string };
      latest.status = 'in_progress';
      const after = await session.sync();
      const ids = after.state.history.runs.map((r) => r.id);
      assert.ok(!ids.includes(victim.id), 'the deleted run is gone');
      assert.ok(ids.includes(running.id), 'the run GitHub still has stays');
      assert.equal(after.state.history.runs.length, 19);
    } finally {
      await session.close();
    }
  });

  test('the run listings of earlier days leave no ETags behind', async () => {
    const session = await fakeGitHubSession({ runs: 6 });
    try {
      const days = [0, 1, 2, 3].map((d) => new Date(NOW.getTime() + d * 86_400_000));
      let etags: Record<string, string> = {};
      for (const now of days) etags = { ...(await session.sync({ now })).state.etags };
      const runKeys = Object.keys(etags).filter((k) => k.startsWith('runs:'));
      assert.ok(runKeys.length >= 1);
      const since = (await session.sync({ now: days[3] })).state.etags;
      assert.deepEqual(Object.keys(since).filter((k) => k.startsWith('runs:')).sort(), runKeys.sort());
      assert.equal(new Set(runKeys.map((k) => k.split(':')[4])).size, 1, runKeys.join(' '));
    } finally {
      await session.close();
    }
  });

  test('more runs than one page are read through the Link header', async () => {
    const session = await fakeGitHubSession({ runs: 130, days: 40 });
    try {
      const result = await session.sync({ maxRuns: 120 });
      assert.equal(result.state.history.runs.length, 120);
      const pages = session.gh.requests.filter((r) => /actions\/runs\?/.test(r.path) && !r.path.includes('/jobs'));
      assert.equal(pages.length, 2);
    } finally {
      await session.close();
    }
  });

  test('a re-run of a run on the second page is seen the same day, and an unchanged listing costs one 304 per page', async () => {
    const session = await fakeGitHubSession({ runs: 130, days: 40 });
    try {
      await session.sync({ maxRuns: 120 });
      const repo = findRepo(session.gh.state, 'acme', 'sample');
      assert.ok(repo);
      // The runs of the second page: the oldest, as runs are listed newest first.
      const byAge = [...repo.runs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
      const old = byAge.slice(100, 120).find((r) => r.attempts.length === 1 && latestAttempt(r).conclusion === 'failure');
      assert.ok(old, 'the second page has a failed run that was not re-run');
      session.gh.resetRequests();
      const unchanged = await session.sync({ maxRuns: 120 });
      assert.deepEqual(unchanged.requests, { total: 3, notModified: 3 }, 'the repository and two pages, all 304');
      await fetch(`${session.gh.url}/repos/acme/sample/actions/runs/${old.id}/rerun-failed-jobs`, { method: 'POST', headers: { authorization: `token ${TOKEN}` } });
      const result = await session.sync({ maxRuns: 120 });
      assert.equal(result.updatedRuns, 1);
      assert.equal(result.state.history.runs.find((r) => r.id === old.id)?.runAttempt, 2);
      assert.equal(result.state.history.runs.length, 120);
    } finally {
      await session.close();
    }
  });

  test('a new run costs the lists, its jobs, its artifacts list and its needed logs only', async () => {
    const session = await fakeGitHubSession({ runs: 10 });
    try {
      const repo = findRepo(session.gh.state, 'acme', 'sample');
      assert.ok(repo);
      // Hide the newest run from the first sync, then let it appear.
      const newest = repo.runs.reduce((a, b) => (a.createdAt > b.createdAt ? a : b));
      repo.runs.splice(repo.runs.indexOf(newest), 1);
      await session.sync();
      repo.runs.push(newest);
      session.gh.resetRequests();
      const result = await session.sync();
      assert.equal(result.newRuns, 1);
      const jobListings = session.gh.requests.filter((r) => /\/actions\/runs\/\d+\/jobs/.test(r.path));
      assert.equal(jobListings.length, 1);
      assert.ok(jobListings[0]?.path.includes(String(newest.id)));
      const failedJobs = latestAttempt(newest).conclusion === 'failure' ? newest.jobs.filter((j) => j.conclusion === 'failure').length : 0;
      // Its failed jobs' logs, plus at most one inventory log per configuration (3).
      assert.ok(result.logsRead >= failedJobs && result.logsRead <= failedJobs + 3, `${result.logsRead} logs for ${failedJobs} failed jobs`);
      const artifactListings = session.gh.requests.filter((r) => /\/actions\/runs\/\d+\/artifacts/.test(r.path));
      assert.equal(artifactListings.length, result.logsRead > 0 ? 1 : 0);
      assert.equal(result.reportsRead, 0);
      assert.equal(result.requests.total, 2 + 1 + artifactListings.length + result.logsRead, 'repository, runs list, one jobs list, one artifacts list, the logs');
    } finally {
      await session.close();
    }
  });
});
