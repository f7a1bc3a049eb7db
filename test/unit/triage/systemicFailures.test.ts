// Systemic failures (DESIGN.md: many tests of one job attempt failing at once with one shared message): what counts
// as one shared message, and that the tests hit by one are not made flaky while a genuine flake beside them is seen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectExecutions, SYSTEMIC_MIN_TESTS } from '../../../src/core/history/executions';
import { isAssertionKey, sharedCauseKey } from '../../../src/core/history/failureMessage';
import type { Outcome } from '../../../src/core/model';
import { testReports } from '../../../src/core/stats/flakeStats';
import { buildHistory, type RunSpec } from '../support/historyBuilder';

type Outcomes = Record<string, Outcome | { outcome: Outcome; message?: string }>;

function panic(id: string, file: string, message: string, first = false): string {
  return `thread '${id}' (${1000 + file.length}) panicked at ${file}:12:5:\n${message}${first ? '\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace' : ''}`;
}

function historyWithEventAt(eventRun: number, eventOutcomes: (ids: string[]) => Outcomes, ids: string[]): RunSpec[] {
  const runs: RunSpec[] = [];
  for (let i = 0; i < 12; i++) {
    const outcomes: Outcomes = Object.fromEntries(ids.map((id) => [id, 'pass']));
    if (i === eventRun) Object.assign(outcomes, eventOutcomes(ids));
    runs.push({ jobs: [{ name: 'Test Linux', outcomes }] });
  }
  return runs;
}

test('one message hitting tests in different files, with the backtrace hint on the first only, is one event', () => {
  const ids = Array.from({ length: SYSTEMIC_MIN_TESTS + 1 }, (_, i) => `mod${i}::writes`);
  const files = ['src/lib.rs', 'src/config.rs', 'tests/all/config_file.rs', 'tests\\all\\tls.rs', 'C:\\a\\b\\c.rs', 'src/x.rs'];
  const runs = historyWithEventAt(
    6,
    (all) => Object.fromEntries(all.map((id, i) => [id, { outcome: 'fail', message: panic(id, files[i % files.length] as string, 'No space left on device (os error 28)', i === 0) }])),
    ids,
  );
  const collected = collectExecutions(buildHistory(runs).runs);
  assert.equal(collected.events.length, 1);
  assert.equal(collected.events[0]?.failedTests, ids.length);
  for (const report of testReports(collected.tests.values(), { minFlakeRate: 0 })) {
    assert.equal(report.status, 'stable', report.id);
    assert.equal(report.systemicFailures, 1);
    assert.equal(report.executions, 11);
  }
});

test('two causes each hitting many tests of one job are two events', () => {
  const disk = Array.from({ length: SYSTEMIC_MIN_TESTS }, (_, i) => `disk::t${i}`);
  const net = Array.from({ length: SYSTEMIC_MIN_TESTS + 2 }, (_, i) => `net::t${i}`);
  const runs = historyWithEventAt(
    4,
    () => ({
      ...Object.fromEntries(disk.map((id) => [id, { outcome: 'fail' as const, message: panic(id, 'src/disk.rs', 'No space left on device (os error 28)') }])),
      ...Object.fromEntries(net.map((id) => [id, { outcome: 'fail' as const, message: panic(id, 'src/net.rs', 'Connection refused (os error 111)') }])),
    }),
    [...disk, ...net],
  );
  const collected = collectExecutions(buildHistory(runs).runs);
  assert.deepEqual(
    collected.events.map((e) => e.failedTests),
    [net.length, disk.length],
  );
  assert.ok(testReports(collected.tests.values(), { minFlakeRate: 0 }).every((r) => r.status === 'stable'));
});

test('many tests failing one assertion at once still count against each test', () => {
  const ids = Array.from({ length: SYSTEMIC_MIN_TESTS + 2 }, (_, i) => `parse::case${i}`);
  const runs = historyWithEventAt(5, (all) => Object.fromEntries(all.map((id) => [id, { outcome: 'fail', message: panic(id, 'src/parse.rs', 'assertion `left == right` failed') }])), ids);
  const collected = collectExecutions(buildHistory(runs).runs);
  assert.equal(collected.events.length, 0);
  assert.ok(testReports(collected.tests.values(), { minFlakeRate: 0 }).every((r) => r.status === 'flaky'));
});

test('a genuinely flaky test failing its own way inside a mass failure stays flaky, at its own rate', () => {
  const ids = Array.from({ length: SYSTEMIC_MIN_TESTS + 3 }, (_, i) => `disk::t${i}`);
  const runs: RunSpec[] = [];
  for (let i = 0; i < 20; i++) {
    const outcomes: Outcomes = Object.fromEntries(ids.map((id) => [id, i === 10 ? { outcome: 'fail', message: panic(id, `src/d${id}.rs`, 'No space left on device (os error 28)') } : 'pass']));
    outcomes['net::flaky'] = i === 10 || i === 4 ? { outcome: 'fail', message: panic('net::flaky', 'tests/net.rs', 'connection reset by peer') } : 'pass';
    runs.push({ jobs: [{ name: 'Test Linux', outcomes }] });
  }
  const reports = new Map(testReports(collectExecutions(buildHistory(runs).runs).tests.values(), { minFlakeRate: 0 }).map((r) => [r.id, r]));
  const flaky = reports.get('net::flaky');
  assert.equal(flaky?.status, 'flaky');
  assert.equal(flaky?.flakyFailures, 2);
  assert.equal(flaky?.executions, 20);
  for (const id of ids) assert.equal(reports.get(id)?.status, 'stable', id);
});

test('the shared cause leaves out where a failure happened, and tells assertions apart', () => {
  assert.equal(sharedCauseKey(panic('a::b', 'src/a.rs', 'No space left')), sharedCauseKey(panic('c::d', 'tests/all/c.rs', 'No space left', true)));
  assert.notEqual(sharedCauseKey('No space left on device'), sharedCauseKey('Connection refused'));
  assert.ok(isAssertionKey(sharedCauseKey('assertion failed: x.is_ok()')));
  assert.ok(isAssertionKey(sharedCauseKey('AssertionError: expected 1 to equal 2')));
  assert.ok(!isAssertionKey(sharedCauseKey('Os { code: 28, kind: StorageFull, message: "No space left on device" }')));
});
