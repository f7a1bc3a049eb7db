// The scenario generator: deterministic from its seed, exact about rates, general in its options, and its truth
// agrees with what the logs it serves say.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderJobLog } from '../../fakeGithub/githubLog';
import { stepTimeline } from '../../fakeGithub/jobPlan';
import { exactCount } from '../../fakeGithub/random';
import { generateFlakyHistory, type ScenarioTruth, type TruthFailure } from '../../fakeGithub/scenarios';
import { startFakeGitHub } from '../../fakeGithub/server';
import { latestAttempt, type FakeGitHubState, type FakeJob } from '../../fakeGithub/state';

function allJobs(state: FakeGitHubState): FakeJob[] {
  return state.repos.flatMap((r) => r.runs.flatMap((run) => run.jobs));
}

function testOf(truth: ScenarioTruth, id: string) {
  const test = truth.tests.find((t) => t.id === id);
  assert.ok(test, `no ${id} in the truth`);
  return test;
}

function firstAttemptFailures(truth: ScenarioTruth, id: string, os: string): TruthFailure[] {
  return truth.failures.filter((f) => f.id === id && f.os === os && f.runAttempt === 1);
}

/** The tests a log says failed: libtest `... FAILED` lines and Go `--- FAIL:` lines. */
function failedInLog(log: string): string[] {
  const failed: string[] = [];
  for (const line of log.split('\n')) {
    const text = line.replace(/^\ufeff?\S+Z /, '');
    const libtest = /^test (.+) \.\.\. FAILED$/.exec(text);
    if (libtest) failed.push((libtest[1] as string).replaceAll('\\', '/'));
    const go = /^\s*--- FAIL: (\S+) /.exec(text);
    if (go) failed.push(go[1] as string);
  }
  return failed.sort();
}

describe('the default scenario', () => {
  const { state, truth } = generateFlakyHistory({ seed: 7 });

  it('has 100 runs of CI on main in acme/sample, each with the three OS jobs', () => {
    const repo = state.repos[0];
    assert.equal(truth.repository, 'acme/sample');
    assert.equal(repo?.runs.length, 100);
    for (const run of repo?.runs ?? []) {
      assert.deepEqual(
        run.attempts[0]?.jobIds.map((id) => run.jobs.find((j) => j.id === id)?.name).sort(),
        ['Test Linux x86_64', 'Test Windows MSVC x86_64', 'Test macOS aarch64'],
      );
    }
  });

  it('expects the TLS test flaky, the poll timeout flaky and the config test failing', () => {
    assert.equal(testOf(truth, 'tls::tls_sample_application').expected, 'flaky');
    assert.equal(testOf(truth, 'TestPoll/timeout').expected, 'flaky');
    assert.equal(testOf(truth, 'config::tests::parses_default_path').expected, 'failing');
    const others = truth.tests.filter((t) => !['tls::tls_sample_application', 'TestPoll/timeout', 'TestPoll', 'config::tests::parses_default_path'].includes(t.id));
    assert.ok(others.length >= 15 && others.length <= 25, String(others.length));
    assert.ok(others.every((t) => t.expected === 'stable'));
  });

  it('marks TestPoll as failing with its timeout subtest, and expects it stable itself', () => {
    const parent = testOf(truth, 'TestPoll');
    assert.equal(parent.failsWith, 'TestPoll/timeout');
    assert.equal(parent.expected, 'stable');
    assert.equal(parent.failures, testOf(truth, 'TestPoll/timeout').failures);
  });

  it('fails the TLS test on every OS and the poll timeout on Windows only', () => {
    const tls = testOf(truth, 'tls::tls_sample_application');
    for (const os of ['linux', 'windows', 'macos'] as const) assert.ok((tls.rateByOs?.[os] ?? 0) > 0, os);
    const poll = testOf(truth, 'TestPoll/timeout');
    assert.deepEqual(poll.rateByOs, { linux: 0, windows: poll.rateByOs?.windows, macos: 0 });
    assert.ok((poll.rateByOs?.windows ?? 0) > 0.1);
  });

  it('places exactly round(rate × runs) first-attempt flaky failures per job', () => {
    for (const os of ['linux', 'windows', 'macos']) {
      assert.equal(firstAttemptFailures(truth, 'tls::tls_sample_application', os).length, exactCount(0.07, 100), os);
    }
    assert.equal(firstAttemptFailures(truth, 'TestPoll/timeout', 'windows').length, exactCount(0.2, 100));
  });

  it('fails the config test in every job of every run from 70% of the history on', () => {
    const failing = testOf(truth, 'config::tests::parses_default_path');
    const runs = [...(state.repos[0]?.runs ?? [])].sort((a, b) => a.runNumber - b.runNumber);
    assert.equal(failing.failingSince?.runId, runs[70]?.id);
    const failedRuns = new Set(truth.failures.filter((f) => f.id === failing.id && f.runAttempt === 1).map((f) => f.runId));
    assert.deepEqual(
      runs.map((r) => failedRuns.has(r.id)),
      runs.map((_, i) => i >= 70),
    );
    assert.ok(truth.failures.filter((f) => f.id === failing.id).every((f) => f.kind === 'regression'));
  });

  it('re-ran half of the failed runs, re-running only their failed jobs', () => {
    const runs = state.repos[0]?.runs ?? [];
    const failedFirst = runs.filter((r) => r.attempts[0]?.conclusion === 'failure');
    assert.equal(truth.reruns.length, exactCount(0.5, failedFirst.length));
    for (const { runId } of truth.reruns) {
      const run = runs.find((r) => r.id === runId);
      const second = run?.jobs.filter((j) => j.runAttempt === 2) ?? [];
      const failedInFirst = run?.jobs.filter((j) => j.runAttempt === 1 && j.conclusion === 'failure') ?? [];
      assert.deepEqual(second.map((j) => j.name).sort(), failedInFirst.map((j) => j.name).sort());
      assert.ok(Date.parse(latestAttempt(run as NonNullable<typeof run>).updatedAt) > Date.parse(run?.attempts[0]?.updatedAt ?? ''));
    }
  });

  it('says in every log exactly the failures the truth lists', () => {
    const expected = new Map<number, string[]>();
    for (const f of truth.failures) expected.set(f.jobId, [...(expected.get(f.jobId) ?? []), f.id]);
    for (const job of allJobs(state)) {
      assert.ok(job.plan);
      assert.deepEqual(failedInLog(renderJobLog(job.plan)), (expected.get(job.id) ?? []).sort(), `job ${job.id}`);
    }
  });

  it('gives the jobs API the conclusions the logs show', () => {
    for (const job of allJobs(state)) {
      const log = renderJobLog(job.plan as NonNullable<FakeJob['plan']>);
      assert.equal(job.conclusion === 'failure', log.includes('##[error]Process completed with exit code'), `job ${job.id}`);
    }
  });

  it('runs the Go step after a failed cargo step, as if: always() does', () => {
    const failed = allJobs(state).find((j) => j.steps.find((s) => s.name.startsWith('Run cargo test'))?.conclusion === 'failure');
    const go = failed?.steps.find((s) => s.name === 'Run go test -v ./...');
    assert.ok(go && go.conclusion !== 'skipped');
  });
});

describe('determinism', () => {
  it('gives the same state, truth and logs for the same seed', () => {
    const a = generateFlakyHistory({ seed: 42, runs: 30 });
    const b = generateFlakyHistory({ seed: 42, runs: 30 });
    assert.equal(JSON.stringify(a.state), JSON.stringify(b.state));
    assert.deepEqual(a.truth, b.truth);
    const logsA = allJobs(a.state).map((j) => renderJobLog(j.plan as NonNullable<FakeJob['plan']>));
    const logsB = allJobs(b.state).map((j) => renderJobLog(j.plan as NonNullable<FakeJob['plan']>));
    assert.deepEqual(logsA, logsB);
  });

  it('places the failures elsewhere for another seed', () => {
    const positions = (seed: number) =>
      generateFlakyHistory({ seed, runs: 100 })
        .truth.failures.filter((f) => f.id === 'tls::tls_sample_application' && f.runAttempt === 1)
        .map((f) => `${f.runNumber}/${f.os}`)
        .sort();
    assert.notDeepEqual(positions(1), positions(2));
    assert.equal(positions(1).length, positions(2).length);
  });
});

describe('exact-count sampling', () => {
  for (const [rate, runs] of [
    [0.05, 60],
    [0.13, 100],
    [0.5, 37],
  ] as const) {
    it(`fails a test at ${rate} in exactly ${exactCount(rate, runs)} of ${runs} first attempts`, () => {
      const { truth } = generateFlakyHistory({ seed: 11, runs, flaky: [{ id: 'wait_notify::atomic_wait_timeout_length', rate }], regressions: [] });
      for (const os of ['linux', 'windows', 'macos']) {
        assert.equal(firstAttemptFailures(truth, 'wait_notify::atomic_wait_timeout_length', os).length, exactCount(rate, runs), os);
      }
    });
  }
});

describe('scenario options', () => {
  it('takes any OS list, flaky test, rate and regression', () => {
    const { state, truth } = generateFlakyHistory({
      seed: 5,
      runs: 40,
      start: '2026-09-01T00:00:00Z',
      days: 10,
      owner: 'octo',
      repo: 'demo',
      jobs: [
        { name: 'Test Linux x86_64', os: 'linux', label: 'ubuntu-latest' },
        { name: 'Test Windows MSVC x86_64', os: 'windows', label: 'windows-latest' },
      ],
      flaky: [{ id: 'TestReadDirNames/sorted', rate: { linux: 0.25 } }],
      regressions: [{ id: 'duration::tests::parses_seconds', from: 10, os: ['windows'] }],
      rerunFraction: 0,
    });
    assert.equal(truth.repository, 'octo/demo');
    assert.equal(state.repos[0]?.runs[0]?.jobs.length, 2);
    assert.equal(testOf(truth, 'TestReadDirNames/sorted').expected, 'flaky');
    assert.equal(firstAttemptFailures(truth, 'TestReadDirNames/sorted', 'linux').length, 10);
    assert.equal(testOf(truth, 'TestReadDirNames').failsWith, 'TestReadDirNames/sorted');
    assert.equal(testOf(truth, 'duration::tests::parses_seconds').expected, 'failing');
    assert.equal(truth.failures.filter((f) => f.id === 'duration::tests::parses_seconds').length, 30);
    assert.equal(testOf(truth, 'tls::tls_sample_application').expected, 'stable');
    assert.equal(testOf(truth, 'config::tests::parses_default_path').expected, 'stable');
    assert.equal(truth.reruns.length, 0);
    assert.ok(truth.window.from.startsWith('2026-09-01'));
  });

  it('leaves Windows-only tests out of a matrix without Windows', () => {
    const { truth } = generateFlakyHistory({ seed: 1, runs: 5, jobs: [{ name: 'Test Linux x86_64', os: 'linux', label: 'ubuntu-latest' }] });
    assert.ok(!truth.tests.some((t) => t.id === 'TestLongPath'));
    assert.equal(testOf(truth, 'TestPoll/timeout').expected, 'stable');
  });

  it('stops cargo at the first failing test binary without --no-fail-fast', () => {
    const { state, truth } = generateFlakyHistory({ seed: 3, runs: 20, noFailFast: false, regressions: [{ id: 'config::tests::parses_default_path', from: 10 }] });
    const tls = testOf(truth, 'tls::tls_sample_application');
    const config = testOf(truth, 'config::tests::parses_default_path');
    assert.ok(tls.executions < config.executions, `${tls.executions} < ${config.executions}`);
    const failing = allJobs(state).find((j) => j.plan && failedInLog(renderJobLog(j.plan)).includes('config::tests::parses_default_path'));
    const log = renderJobLog(failing?.plan as NonNullable<FakeJob['plan']>);
    assert.ok(!log.includes('tests/all/main.rs') && !log.includes('tests\\all\\main.rs'), 'tests/all ran after the failing lib');
    assert.ok(log.includes('Run cargo test --workspace\n'));
  });

  it('adds infrastructure failures that skip the Rust tests', () => {
    const { state, truth } = generateFlakyHistory({ seed: 9, runs: 20, infrastructureFailures: 3, rerunFraction: 0 });
    assert.equal(truth.infrastructure.length, 3);
    for (const event of truth.infrastructure) {
      const job = allJobs(state).find((j) => j.id === event.jobId);
      assert.equal(event.step, 'Install Rust');
      const steps = Object.fromEntries(job?.steps.map((s) => [s.name, s.conclusion]) ?? []);
      assert.equal(steps['Install Rust'], 'failure');
      assert.equal(steps['Run cargo test --workspace --no-fail-fast'], 'skipped');
      assert.notEqual(steps['Run go test -v ./...'], 'skipped');
    }
  });

  it('adds systemic events that do not make stable tests flaky', () => {
    const { truth } = generateFlakyHistory({ seed: 9, runs: 20, systemicEvents: 2, flaky: [], regressions: [] });
    assert.equal(truth.systemic.length, 2);
    assert.ok(truth.systemic.every((e) => e.failedTests >= 10));
    assert.ok(truth.failures.every((f) => f.kind === 'systemic'));
    assert.ok(truth.tests.every((t) => t.expected === 'stable'));
    assert.ok(testOf(truth, 'tests::version_is_semver').systemicFailures >= 1);
  });

  it('expires the logs of the oldest runs', async () => {
    const { state } = generateFlakyHistory({ seed: 2, runs: 10, expiredLogRuns: 3 });
    const runs = [...(state.repos[0]?.runs ?? [])].sort((a, b) => a.runNumber - b.runNumber);
    const gh = await startFakeGitHub(state);
    try {
      const old = await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${runs[0]?.jobs[0]?.id}/logs`);
      assert.equal(old.status, 410);
      await old.text();
      const recent = await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${runs[5]?.jobs[0]?.id}/logs`);
      assert.equal(recent.status, 200);
      await recent.text();
    } finally {
      await gh.close();
    }
  });

  it('keeps a regression failing when a regressed run is re-run over HTTP', async () => {
    const { state, truth } = generateFlakyHistory({ seed: 4, runs: 10, rerunFraction: 0, flaky: [] });
    const runId = truth.failures.find((f) => f.id === 'config::tests::parses_default_path')?.runId;
    const gh = await startFakeGitHub(state);
    try {
      const response = await fetch(`${gh.url}/repos/acme/sample/actions/runs/${runId}/rerun-failed-jobs`, { method: 'POST', headers: { authorization: 'token t' } });
      assert.equal(response.status, 201);
      await response.text();
      const run = state.repos[0]?.runs.find((r) => r.id === runId);
      const rerun = run?.jobs.filter((j) => j.runAttempt === 2) ?? [];
      assert.equal(rerun.length, 3);
      for (const job of rerun) assert.deepEqual(failedInLog(renderJobLog(job.plan as NonNullable<FakeJob['plan']>)), ['config::tests::parses_default_path']);
    } finally {
      await gh.close();
    }
  });

  it('gives a passing re-run of a flaky failure a passing log', async () => {
    const { state, truth } = generateFlakyHistory({ seed: 8, runs: 30, regressions: [], rerunFraction: 0, flaky: [{ id: 'tls::tls_sample_application', rate: 0.1 }] });
    const failure = truth.failures[0];
    const gh = await startFakeGitHub(state);
    try {
      await fetch(`${gh.url}/repos/acme/sample/actions/jobs/${failure?.jobId}/rerun`, { method: 'POST', headers: { authorization: 'token t' } }).then((r) => r.text());
      const run = state.repos[0]?.runs.find((r) => r.id === failure?.runId);
      const rerun = run?.jobs.find((j) => j.runAttempt === 2);
      const timeline = stepTimeline(rerun?.plan as NonNullable<FakeJob['plan']>);
      assert.equal(timeline.length, rerun?.steps.length);
      assert.equal(rerun?.conclusion === 'failure', failedInLog(renderJobLog(rerun?.plan as NonNullable<FakeJob['plan']>)).length > 0);
    } finally {
      await gh.close();
    }
  });
});
