// The fake GitHub's pull-request branch runs (scenarios.ts `pullRequests`): off by default and additive (main's
// history and truth are the same with them), every verdict covered, and a truth that agrees with the logs served.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderJobLog } from '../../fakeGithub/githubLog';
import { generateFlakyHistory, generatePullRequestSpecs, DEFAULT_FLAKY, DEFAULT_REGRESSIONS } from '../../fakeGithub/scenarios';
import { DEFAULT_JOBS } from '../../fakeGithub/sampleRepo';
import { latestAttempt, type FakeJob } from '../../fakeGithub/state';
import type { PullRequestFailureTruth, PullRequestInfrastructureTruth } from '../../fakeGithub/scenarios';

test('pull-request runs are off by default, and adding them leaves main\'s history and truth as they were', () => {
  const without = generateFlakyHistory({ seed: 3, runs: 40 });
  const withPrs = generateFlakyHistory({ seed: 3, runs: 40, pullRequests: 6 });
  assert.deepEqual(without.truth.pullRequests, []);
  const { pullRequests, ...mainTruth } = withPrs.truth;
  const { pullRequests: _none, ...mainTruthWithout } = without.truth;
  assert.deepEqual(mainTruth, mainTruthWithout);
  assert.equal(pullRequests.length, 6);
  const mainRuns = withPrs.state.repos[0]?.runs.filter((r) => r.headBranch === 'main');
  assert.deepEqual(
    mainRuns?.map((r) => [r.id, r.headSha, r.jobs.map((j) => j.id)]),
    without.state.repos[0]?.runs.map((r) => [r.id, r.headSha, r.jobs.map((j) => j.id)]),
  );
});

test('pull-request runs come after main\'s history, as pull_request events on their own branches', () => {
  const { state, truth } = generateFlakyHistory({ seed: 8, runs: 30, pullRequests: 6 });
  const runs = state.repos[0]?.runs ?? [];
  for (const pr of truth.pullRequests) {
    const run = runs.find((r) => r.id === pr.runId);
    assert.equal(run?.event, 'pull_request');
    assert.equal(run?.headBranch, pr.branch);
    assert.ok(Date.parse(pr.createdAt) > Date.parse(truth.window.to));
    const newest = runs.filter((r) => r.headBranch === pr.branch).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
    assert.equal(newest?.id, pr.runId, 'the run to sort is the branch\'s newest');
  }
  assert.equal(new Set(truth.pullRequests.map((p) => p.branch)).size, 6);
});

test('the generated branches cover every verdict, an infrastructure fault before the tests and a mass failure', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const specs = generatePullRequestSpecs(6, { seed, jobs: DEFAULT_JOBS, flaky: DEFAULT_FLAKY, regressions: DEFAULT_REGRESSIONS });
    const { truth } = generateFlakyHistory({ seed, runs: 30, pullRequests: specs });
    const verdicts = new Set(truth.pullRequests.flatMap((p) => p.failures.map((f) => f.verdict)));
    assert.deepEqual([...verdicts].sort(), ['failing-on-base', 'known-flaky', 'new'], `seed ${seed}`);
    assert.ok(truth.pullRequests.some((p) => p.infrastructure.some((i) => i.step === 'Install Rust')), `seed ${seed}`);
    assert.ok(truth.pullRequests.some((p) => p.infrastructure.some((i) => i.kind === 'systemic' && (i.failedTests ?? 0) >= 10)), `seed ${seed}`);
    assert.ok(truth.pullRequests.some((p) => p.rerunMayPass), `seed ${seed}`);
  }
});

test('each branch run\'s truth agrees with what its logs say failed', () => {
  const { state, truth } = generateFlakyHistory({ seed: 6, runs: 30, pullRequests: 8 });
  for (const pr of truth.pullRequests) {
    const run = state.repos[0]?.runs.find((r) => r.id === pr.runId);
    assert.ok(run);
    for (const jobId of latestAttempt(run).jobIds) {
      const job: FakeJob | undefined = run.jobs.find((j) => j.id === jobId);
      assert.ok(job?.plan);
      const log: string = renderJobLog(job.plan);
      const systemic: PullRequestInfrastructureTruth | undefined = pr.infrastructure.find((i) => i.job === job.name && i.kind === 'systemic');
      for (const f of pr.failures.filter((x) => x.job === job.name)) {
        const shown = f.framework === 'gotest' ? `--- FAIL: ${f.id} ` : `test ${f.id} ... FAILED`;
        assert.ok(log.includes(shown), `${pr.branch} ${job.name}: ${f.id}`);
      }
      assert.equal(job.conclusion === 'failure', pr.failures.some((f) => f.job === job.name) || pr.infrastructure.some((i) => i.job === job.name), `${pr.branch} ${job.name}`);
      if (systemic) assert.equal(log.split('No space left on device').length - 1, systemic.failedTests);
      if (pr.infrastructure.some((i) => i.job === job.name && i.step === 'Install Rust')) assert.match(log, /could not download file/);
    }
  }
});

test('a live re-run of a branch run lets known flakes and infrastructure pass, and keeps the real failures', () => {
  const { state, truth } = generateFlakyHistory({ seed: 1, runs: 30, pullRequests: 1 });
  const pr = truth.pullRequests[0];
  const run = state.repos[0]?.runs.find((r) => r.id === pr?.runId);
  assert.ok(pr && run && state.onRerun);
  for (const jobId of latestAttempt(run).jobIds) {
    const previous: FakeJob | undefined = run.jobs.find((j) => j.id === jobId);
    assert.ok(previous);
    const decision = state.onRerun({ state, repo: state.repos[0] as NonNullable<(typeof state.repos)[0]>, run, previous, attempt: 2, startedAt: state.now });
    assert.ok(decision && typeof decision === 'object' && 'plan' in decision);
    const log: string = renderJobLog(decision.plan);
    const stays: PullRequestFailureTruth[] = pr.failures.filter((f) => f.job === previous.name && f.verdict !== 'known-flaky');
    const here: PullRequestFailureTruth[] = pr.failures.filter((x) => x.job === previous.name);
    for (const f of here) {
      assert.equal(log.includes(`test ${f.id} ... FAILED`) || log.includes(`--- FAIL: ${f.id} `), stays.includes(f), `${previous.name} ${f.id}`);
    }
    assert.doesNotMatch(log, /could not download file|No space left on device/);
  }
});
