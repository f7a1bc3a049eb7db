import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectExecutions, SYSTEMIC_MIN_TESTS } from '../../../src/core/history/executions';
import type { History, TestReport } from '../../../src/core/model';
import { scanHistory } from '../../../src/core/scan/scanResult';
import { testReports } from '../../../src/core/stats/flakeStats';
import { buildHistory, seriesHistory, type JobSpec, type RunSpec } from '../support/historyBuilder';

function reports(history: History, minFlakeRate = 0): Map<string, TestReport> {
  const collected = collectExecutions(history.runs);
  return new Map(testReports(collected.tests.values(), { minFlakeRate }).map((r) => [r.id, r]));
}

function report(history: History, id = 'net::connects', minFlakeRate = 0): TestReport {
  const r = reports(history, minFlakeRate).get(id);
  assert.ok(r, `no report for ${id}`);
  return r;
}

test('a failure that passed on a re-run of the same commit is a confirmed flaky failure', () => {
  const r = report(seriesHistory(10, [4], { rerunPasses: [4] }));
  assert.equal(r.confirmedFlakyFailures, 1);
  assert.equal(r.likelyFlakyFailures, 0);
  assert.equal(r.status, 'flaky');
  assert.equal(r.executions, 11);
  assert.equal(r.flakeRate.failures, 1);
});

test('an isolated failure between passes is a likely flaky failure', () => {
  const r = report(seriesHistory(20, [7]));
  assert.equal(r.likelyFlakyFailures, 1);
  assert.equal(r.status, 'flaky');
  assert.equal(r.flakyFailures, 1);
  assert.equal(r.executions, 20);
});

test('failures from some run on to the newest make the test failing, not flaky', () => {
  const r = report(seriesHistory(30, [25, 26, 27, 28, 29]));
  assert.equal(r.status, 'failing');
  assert.equal(r.regressionFailures, 5);
  assert.equal(r.flakyFailures, 0);
  assert.equal(r.failingSince?.runId, 26);
});

test('a long streak that ended with a fix is a regression, not flakiness', () => {
  const r = report(seriesHistory(40, [10, 11, 12, 13, 14, 15]));
  assert.equal(r.status, 'stable');
  assert.equal(r.regressionFailures, 6);
  assert.equal(r.flakyFailures, 0);
});

test('two failures in a row of a test that often flakes are still flaky failures', () => {
  // 20 failures in 100 runs, two of them back to back: chance, not a regression.
  const failAt = [3, 8, 14, 15, 22, 27, 33, 38, 44, 49, 55, 60, 66, 71, 77, 82, 86, 90, 93, 96];
  const r = report(seriesHistory(100, failAt));
  assert.equal(r.status, 'flaky');
  assert.equal(r.flakyFailures, 20);
  assert.equal(r.regressionFailures, 0);
});

test('a failure on the newest run alone is not counted as flaky: there is no evidence yet', () => {
  const r = report(seriesHistory(10, [9]));
  assert.equal(r.flakyFailures, 0);
  assert.equal(r.status, 'stable');
  assert.equal(r.failures, 1);
  assert.equal(r.recentFailures[0]?.failureKind, 'unexplained');
});

test('a stable test has a zero rate with its sample size', () => {
  const r = report(seriesHistory(12, []));
  assert.equal(r.status, 'stable');
  assert.equal(r.flakeRate.executions, 12);
  assert.equal(r.flakeRate.rate, 0);
});

test('the per-OS breakdown shows a test that flakes only on Windows', () => {
  const runs: RunSpec[] = [];
  for (let i = 0; i < 30; i++) {
    const windowsFails = i % 5 === 2;
    runs.push({
      jobs: [
        { name: 'Test Linux x86_64', labels: ['ubuntu-latest'], outcomes: { 'net::connects': 'pass' } },
        { name: 'Test Windows MSVC x86_64', labels: ['windows-latest'], outcomes: { 'net::connects': windowsFails ? 'fail' : 'pass' } },
      ],
    });
  }
  const r = report(buildHistory(runs));
  assert.equal(r.status, 'flaky');
  const windows = r.byOs.find((o) => o.os === 'windows');
  const linux = r.byOs.find((o) => o.os === 'linux');
  assert.equal(windows?.flakyFailures, 6);
  assert.equal(windows?.executions, 30);
  assert.equal(linux?.flakyFailures, 0);
  assert.equal(r.byJob[0]?.configuration.job, 'Test Windows MSVC x86_64');
});

/** 40 runs alternating between main and release/1.x; `net::connects` fails on every fourth release run only. */
function twoBranchHistory(): History {
  const runs: RunSpec[] = [];
  for (let i = 0; i < 40; i++) {
    const branch = i % 2 === 0 ? 'main' : 'release/1.x';
    const fails = branch === 'release/1.x' && i % 8 === 3;
    runs.push({ branch, jobs: [{ name: 'Test Linux', outcomes: { 'net::connects': fails ? 'fail' : 'pass', 'math::adds': 'pass' } }] });
  }
  return buildHistory(runs);
}

test('the per-branch breakdown shows a test that flakes only on one branch', () => {
  const r = report(twoBranchHistory());
  assert.equal(r.status, 'flaky');
  assert.equal(r.flakyFailures, 5);
  const release = r.byBranch.find((b) => b.branch === 'release/1.x');
  const main = r.byBranch.find((b) => b.branch === 'main');
  assert.deepEqual(r.byBranch.map((b) => b.branch), ['release/1.x', 'main'], 'highest flake rate first');
  assert.equal(release?.executions, 20);
  assert.equal(release?.failures, 5);
  assert.equal(release?.flakyFailures, 5);
  assert.equal(release?.flakeRate.rate, 0.25);
  assert.equal(main?.executions, 20);
  assert.equal(main?.flakyFailures, 0);
  assert.equal(main?.flakeRate.rate, 0);
  const branchExecutions = r.byBranch.reduce((n, b) => n + b.executions, 0);
  assert.equal(branchExecutions, r.executions, 'every counted execution is on one branch');
});

test('the scan result carries the per-branch breakdown, beside byOs (an added field of the JSON contract)', () => {
  const result = scanHistory({ history: twoBranchHistory(), options: { branches: ['main', 'release/1.x'], maxRuns: 100, minFlakeRate: 0, all: true } });
  assert.deepEqual(result.window.branches, ['main', 'release/1.x']);
  const flaky = result.tests.find((t) => t.id === 'net::connects');
  assert.ok(flaky);
  assert.equal(flaky.status, 'flaky');
  assert.ok(flaky.byOs.length > 0, 'byOs is kept');
  const release = flaky.byBranch?.find((b) => b.branch === 'release/1.x');
  assert.deepEqual(
    { executions: release?.executions, flakyFailures: release?.flakyFailures, flakeRate: release?.flakeRate },
    { executions: 20, flakyFailures: 5, flakeRate: 0.25 },
  );
  assert.ok(release && release.interval[0] < 0.25 && release.interval[1] > 0.25);
  assert.deepEqual(flaky.byBranch?.find((b) => b.branch === 'main'), { branch: 'main', executions: 20, flakyFailures: 0, flakeRate: 0, interval: flaky.byBranch?.find((b) => b.branch === 'main')?.interval });
  const stable = result.tests.find((t) => t.id === 'math::adds');
  assert.deepEqual(stable?.byBranch?.map((b) => [b.branch, b.executions, b.flakyFailures]), [['main', 20, 0], ['release/1.x', 20, 0]]);
});

test('only the selected branches are broken down: the default branch alone by default', () => {
  const result = scanHistory({ history: twoBranchHistory(), options: { maxRuns: 100, minFlakeRate: 0, all: true } });
  const t = result.tests.find((x) => x.id === 'net::connects');
  assert.deepEqual(t?.byBranch?.map((b) => b.branch), ['main']);
  assert.equal(t?.status, 'stable');
});

test('many tests failing at once with one message are a systemic event, not flaky failures', () => {
  const ids = Array.from({ length: SYSTEMIC_MIN_TESTS + 2 }, (_, i) => `disk::writes_${i}`);
  const runs: RunSpec[] = [];
  for (let i = 0; i < 10; i++) {
    const outcomes: JobSpec['outcomes'] = {};
    for (const id of ids) {
      (outcomes as Record<string, unknown>)[id] = i === 5 ? { outcome: 'fail', message: `thread '${id}' panicked at src/lib.rs:${10 + ids.indexOf(id)}:5:\nNo space left on device (os error 28)` } : 'pass';
    }
    (outcomes as Record<string, unknown>)['net::connects'] = i === 5 ? { outcome: 'fail', message: 'connection reset by peer' } : 'pass';
    runs.push({ jobs: [{ name: 'Test Linux', outcomes }] });
  }
  const history = buildHistory(runs);
  const collected = collectExecutions(history.runs);
  assert.equal(collected.events.length, 1);
  assert.equal(collected.events[0]?.failedTests, ids.length);
  assert.match(collected.events[0]?.message ?? '', /No space left/);
  const all = reports(history);
  for (const id of ids) {
    assert.equal(all.get(id)?.status, 'stable', id);
    assert.equal(all.get(id)?.systemicFailures, 1);
    assert.equal(all.get(id)?.executions, 9);
  }
  // The one test that failed with its own message in the same job stays detectable.
  assert.equal(all.get('net::connects')?.status, 'flaky');
});

test('fewer tests than the systemic threshold failing together still count against each test', () => {
  const runs: RunSpec[] = [];
  for (let i = 0; i < 10; i++) {
    runs.push({ jobs: [{ name: 'Test Linux', outcomes: { 'a::one': i === 4 ? { outcome: 'fail', message: 'fixture broken' } : 'pass', 'a::two': i === 4 ? { outcome: 'fail', message: 'fixture broken' } : 'pass' } }] });
  }
  const all = reports(buildHistory(runs));
  assert.equal(all.get('a::one')?.status, 'flaky');
  assert.equal(all.get('a::two')?.status, 'flaky');
});

test('the minimum flake rate setting keeps rare flakes out of the flaky status', () => {
  const history = seriesHistory(100, [50]);
  assert.equal(report(history, 'net::connects', 0).status, 'flaky');
  assert.equal(report(history, 'net::connects', 0.05).status, 'stable');
});

test('a successful job whose log was not read counts its configuration\'s inventory as passes', () => {
  const runs: RunSpec[] = [];
  for (let i = 0; i < 6; i++) {
    runs.push({ jobs: [{ name: 'Test Linux', outcomes: { 'net::connects': i === 2 ? 'fail' : 'pass', 'other::ok': 'pass' }, ...(i === 2 || i === 5 ? {} : { logState: 'inferred' as const }) }] });
  }
  const r = report(buildHistory(runs));
  assert.equal(r.executions, 6);
  assert.equal(r.likelyFlakyFailures, 1);
});

test('a failed job whose log expired gives no executions and is counted as unreadable', () => {
  const runs: RunSpec[] = [{ jobs: [{ name: 'Test Linux', outcomes: { 'x::y': 'pass' } }] }, { jobs: [{ name: 'Test Linux', outcomes: { 'x::y': 'fail' }, logState: 'expired' }] }];
  const history = buildHistory(runs);
  const collected = collectExecutions(history.runs);
  assert.equal(collected.unreadableFailedJobs, 1);
  assert.equal(collected.tests.values().next().value?.executions.length, 1);
});

test('a Go parent test that failed only through its subtest is not counted as failing itself', () => {
  const runs: RunSpec[] = [];
  for (let i = 0; i < 10; i++) {
    const fail = i === 3;
    runs.push({ jobs: [{ name: 'Test Windows', outcomes: { TestPoll: fail ? 'fail' : 'pass', 'TestPoll/timeout': fail ? { outcome: 'fail', message: 'poll_test.go:42: too early' } : 'pass' } }] });
  }
  const all = reports(buildHistory(runs, { framework: 'gotest', suite: 'github.com/acme/sample/sysfs' }));
  assert.equal(all.get('TestPoll/timeout')?.status, 'flaky');
  assert.equal(all.get('TestPoll')?.status, 'stable');
  assert.equal(all.get('TestPoll')?.failures, 0);
});

test('Go package-level ok lines count as passes of the package\'s known tests', () => {
  const runs: RunSpec[] = Array.from({ length: 5 }, (_, i) => ({
    jobs: [{ name: 'Test Linux', outcomes: (i === 2 ? { TestRace: { outcome: 'fail', message: 'race' } } : { '': 'pass' }) as JobSpec['outcomes'] }],
  }));
  const history = buildHistory(runs, { framework: 'gotest', suite: 'github.com/acme/sample/queue' });
  const r = report(history, 'TestRace');
  assert.equal(r.executions, 5);
  assert.equal(r.likelyFlakyFailures, 1);
});

test('cancelled jobs are left out of the executions', () => {
  const history = buildHistory([
    { jobs: [{ name: 'Test Linux', outcomes: { 'x::y': 'pass' } }] },
    { jobs: [{ name: 'Test Linux', outcomes: { 'x::y': 'fail' }, conclusion: 'cancelled' }] },
  ]);
  assert.equal(report(history, 'x::y').executions, 1);
});

test('a flaky test that has since passed long enough to rule out its old rate is fixed, and stable', () => {
  // 10% flaky over 100 runs, then 100 clean runs: (0.9)^100 is far below 0.001.
  const failAt = Array.from({ length: 10 }, (_, i) => 5 + i * 10);
  const r = report(seriesHistory(200, failAt));
  assert.equal(r.status, 'stable');
  assert.ok(r.fixedSince, 'fixedSince is set');
  assert.equal(r.fixedSince.runId, 97);
  assert.equal(r.flakyFailures, 10);
});

test('a quiet patch too short for the test\'s rate does not make a flaky test fixed', () => {
  // 7 failures in the first 70 runs, then 40 clean: (0.9)^40 ≈ 0.015, not below 0.001.
  const failAt = [3, 13, 23, 33, 43, 53, 63];
  const r = report(seriesHistory(110, failAt));
  assert.equal(r.status, 'flaky');
  assert.equal(r.fixedSince, undefined);
});

test('the trend cuts the window into spans of runs, oldest first, with the flaky failures of each', () => {
  const failAt = [1, 2, 3, 4, 12, 31, 35];
  const r = report(seriesHistory(40, failAt));
  assert.equal(r.trend.length, 10);
  assert.deepEqual(r.trend.map((p) => p.executions), Array(10).fill(4));
  assert.equal(r.trend.reduce((n, p) => n + p.flakyFailures, 0), r.flakyFailures);
  assert.ok((r.trend[0]?.from ?? '') < (r.trend[9]?.from ?? ''));
});
