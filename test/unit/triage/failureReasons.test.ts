// A test's failures grouped by reason, for the hover's "two unrelated reasons".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureReasons, headlineOf } from '../../../src/core/history/failureReasons';
import type { TestExecution } from '../../../src/core/model';
import { scanHistory } from '../../../src/core/scan/scanResult';
import { buildHistory, type RunSpec } from '../support/historyBuilder';

function failure(day: number, message: string, extra: Partial<TestExecution> = {}): TestExecution {
  return {
    runId: day,
    runAttempt: 1,
    jobId: 100 + day,
    jobUrl: `https://github.com/acme/sample/actions/runs/${day}/job/${100 + day}`,
    runUrl: `https://github.com/acme/sample/actions/runs/${day}`,
    sha: `sha${day}`,
    branch: 'main',
    createdAt: `2026-10-${String(day).padStart(2, '0')}T10:00:00Z`,
    configuration: { key: 'CI / Test Linux', workflow: 'CI', job: 'Test Linux', os: 'linux' },
    outcome: 'fail',
    message,
    ...extra,
  };
}

const RESET = (n: number) => `thread 'net::connects' panicked at tests/net.rs:${n}:5:\nconnection reset by peer (os error 104) after ${n}ms`;
const TIMEOUT = (n: number) => `thread 'net::connects' panicked at tests/net.rs:40:9:\nelapsed ${n}ms, expected at most 50ms`;

test('failures with two unrelated causes make two reasons, most frequent first, with counts and the last one', () => {
  const reasons = failureReasons([failure(1, RESET(12)), failure(3, TIMEOUT(61)), failure(5, RESET(7)), failure(9, RESET(30))], 'net::connects');
  assert.equal(reasons.length, 2);
  assert.deepEqual(
    reasons.map((r) => [r.count, r.firstAt.slice(0, 10), r.lastAt.slice(0, 10)]),
    [
      [3, '2026-10-01', '2026-10-09'],
      [1, '2026-10-03', '2026-10-03'],
    ],
  );
  assert.equal(reasons[0]?.headline, 'connection reset by peer (os error 104) after 30ms');
  assert.equal(reasons[0]?.lastUrl, 'https://github.com/acme/sample/actions/runs/9/job/109');
  assert.match(reasons[1]?.example ?? '', /expected at most 50ms/);
});

test('numbers, durations and the runner\'s backtrace hint do not split a reason', () => {
  const reasons = failureReasons(
    [failure(1, `${RESET(12)}\nnote: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace`), failure(2, RESET(999))],
    'net::connects',
  );
  assert.equal(reasons.length, 1);
  assert.equal(reasons[0]?.count, 2);
});

test('systemic failures and passes are left out', () => {
  const reasons = failureReasons([failure(1, RESET(1)), failure(2, 'No space left on device', { failureKind: 'systemic' }), failure(3, '', { outcome: 'pass' })], 'net::connects');
  assert.deepEqual(
    reasons.map((r) => r.count),
    [1],
  );
});

test('the headline skips the lines that only say where and how to get a backtrace', () => {
  assert.equal(headlineOf("thread 'a' (42) panicked at src/a.rs:1:1:\nassertion failed: ok\nnote: run with `RUST_BACKTRACE=1`"), 'assertion failed: ok');
  assert.equal(headlineOf('    poll_test.go:29: poll returned after 45ms'), 'poll_test.go:29: poll returned after 45ms');
});

test('the scan gives every test its failure reasons', () => {
  const runs: RunSpec[] = Array.from({ length: 12 }, (_, i) => ({
    jobs: [{ name: 'Test Linux', outcomes: { 'net::connects': i === 3 ? { outcome: 'fail', message: RESET(3) } : i === 7 ? { outcome: 'fail', message: TIMEOUT(70) } : 'pass', 'math::adds': 'pass' } }],
  }));
  const result = scanHistory({ history: buildHistory(runs), options: { maxRuns: 100, minFlakeRate: 0, all: true } });
  const flaky = result.tests.find((t) => t.id === 'net::connects');
  assert.equal(flaky?.status, 'flaky');
  assert.equal(flaky?.failureReasons?.length, 2);
  assert.deepEqual(result.tests.find((t) => t.id === 'math::adds')?.failureReasons, []);
});
