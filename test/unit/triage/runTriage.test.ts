// What triage fetches: the failed jobs' log lines kept by the sync, the run chosen for a branch, and a whole triage
// in process against the fake GitHub (the CLI's end-to-end tests spawn the command).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseRun, fetchRunForTriage, triageBranch } from '../../../src/ci/runTriage';
import { fakeGitHubSession, NOW } from '../support/fakeGitHubSession';

test('the sync keeps a failed job\'s runner errors and the last lines of its failed step', async () => {
  const session = await fakeGitHubSession({ seed: 9, runs: 20, infrastructureFailures: 3, rerunFraction: 0, flaky: [], regressions: [] });
  try {
    const result = await session.sync();
    const faulty = session.truth.infrastructure.map((i) => i.jobId);
    const jobs = result.state.history.runs.flatMap((r) => r.jobs).filter((j) => faulty.includes(j.id));
    assert.equal(jobs.length, 3);
    for (const job of jobs) {
      assert.deepEqual(job.errors, ['Process completed with exit code 1.']);
      assert.equal(job.failedSteps?.length, 1);
      assert.match(job.failedSteps?.[0]?.title ?? '', /^Run rustup update stable/);
      assert.match(job.failedSteps?.[0]?.lines.at(-1) ?? '', /^error: could not download file .*Temporary failure in name resolution/);
    }
    const passed = result.state.history.runs.flatMap((r) => r.jobs).filter((j) => j.conclusion === 'success' && j.logState === 'parsed');
    assert.ok(passed.length > 0 && passed.every((j) => j.failedSteps === undefined), 'successful jobs keep no excerpt');
  } finally {
    await session.close();
  }
});

test('a branch\'s run to sort is its newest, or the newest failed one of its newest commit', () => {
  const runs = [
    { id: 1, head_sha: 'a', conclusion: 'failure', created_at: '2026-10-01T10:00:00Z' },
    { id: 2, head_sha: 'b', conclusion: 'failure', created_at: '2026-10-02T10:00:00Z' },
    { id: 3, head_sha: 'b', conclusion: 'success', created_at: '2026-10-02T10:05:00Z' },
  ];
  assert.equal(chooseRun(runs)?.id, 2);
  assert.equal(chooseRun([runs[0] as (typeof runs)[number], { ...(runs[2] as (typeof runs)[number]) }])?.id, 3);
  assert.equal(chooseRun([]), undefined);
});

test('a triage in process gives the truth\'s verdicts, and a second one reuses the cached base history', async () => {
  const session = await fakeGitHubSession({ seed: 4, pullRequests: 2 });
  try {
    const [owner, repo] = session.truth.repository.split('/') as [string, string];
    const pr = session.truth.pullRequests[0];
    assert.ok(pr);
    const options = { owner, repo, branch: pr.branch, maxRuns: 100, maxDays: 60, minFlakeRate: 0, now: NOW };
    const first = await triageBranch(session.client, session.store, options);
    assert.deepEqual(
      first.triage.failures.map((f) => `${f.job} ${f.id} ${f.verdict}`).sort(),
      pr.failures.map((f) => `${f.job} ${f.id} ${f.verdict}`).sort(),
    );
    assert.deepEqual(
      first.triage.infrastructure.map((i) => i.step),
      pr.infrastructure.map((i) => i.step),
    );
    assert.equal(first.triage.rerunMayPass, pr.rerunMayPass);
    assert.equal(first.base.window.runs, session.truth.runs);
    const second = await triageBranch(session.client, session.store, options);
    assert.equal(second.sync.logsRead, 0);
    assert.equal(second.sync.requests.notModified, second.sync.requests.total);
    assert.deepEqual(second.triage, first.triage);
  } finally {
    await session.close();
  }
});

test('the run sorted last time is reused while it is still the branch\'s newest: one request, no jobs, no logs', async () => {
  const session = await fakeGitHubSession({ seed: 4, pullRequests: 2 });
  try {
    const [owner, repo] = session.truth.repository.split('/') as [string, string];
    const pr = session.truth.pullRequests[0];
    assert.ok(pr);
    const first = await fetchRunForTriage(session.client, { owner, repo, branch: pr.branch });
    const before = { ...session.client.counts };
    const again = await fetchRunForTriage(session.client, { owner, repo, branch: pr.branch, known: first });
    assert.equal(again, first, 'the known run itself');
    assert.equal(session.client.counts.total - before.total, 1, 'only the listing of the branch\'s runs');
    // A known run that is not the newest any more (another attempt, say) is read again.
    const stale = { ...first, runAttempt: first.runAttempt + 1 };
    const reread = await fetchRunForTriage(session.client, { owner, repo, branch: pr.branch, known: stale });
    assert.notEqual(reread, stale);
    assert.deepEqual(reread, first);
  } finally {
    await session.close();
  }
});
