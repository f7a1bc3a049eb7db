import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NextestParser } from '../../../src/core/logs/nextestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(name: string): TestOutcome[] {
  return parseLines(new NextestParser(), fixtureText(name));
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome} | ${o.attempt}`);

test('reads one outcome per test, with the binary id as suite and the test path as id', () => {
  assert.deepEqual(summary(parse('nextest-legacy.txt')), [
    'ticker | tests::adds | pass | 1',
    'ticker | foo::bar::tests::doubles | pass | 1',
    'ticker | tests::slow_one | skip | 1',
    'ticker | tests::adds_wrong | fail | 1',
    'ticker::all | wait_notify::atomic_wait_basic | pass | 1',
    'ticker::all | wait_notify::atomic_wait_timeout_length | flaky | 2',
    'ticker::all | parse::parses_port_ünïcode | pass | 1',
    'ticker::all | ffi::reads_null_pointer | fail | 1',
    'ticker::all | process::spawns_helper | pass | 1',
    'ticker::smoke | net::connects_to_example_com | fail | 2',
    'ticker::smoke | net::downloads_index | fail | 1',
    'ticker::bin/tick | cli::parses_args | pass | 1',
    'ticker::bin/tick | cli::prints_help | pass | 1',
  ]);
});

test('the recap after Summary adds nothing that the run printed', () => {
  const outcomes = parse('nextest.txt');
  assert.equal(outcomes.filter((o) => o.id === 'tests::adds_wrong').length, 1);
  assert.equal(outcomes.length, 7);
});

test('a test that failed and passed on a retry is one flaky outcome with the passing attempt', () => {
  for (const fixture of ['nextest-legacy.txt', 'nextest.txt']) {
    const flaky = byId(parse(fixture), 'wait_notify::atomic_wait_timeout_length');
    assert.equal(flaky.outcome, 'flaky');
    assert.equal(flaky.attempt, 2);
    assert.match(flaky.message ?? '', /waited 9\.87ms, expected at least 10ms/);
    assert.equal(flaky.failureLocation, 'tests/all/wait_notify.rs:9:5');
  }
});

test('a test that failed on every try is a failure of its last attempt', () => {
  const failed = byId(parse('nextest-legacy.txt'), 'net::connects_to_example_com');
  assert.equal(failed.outcome, 'fail');
  assert.equal(failed.attempt, 2);
  assert.match(failed.message ?? '', /ConnectionRefused/);
});

test("a failure's message is the test's own output without libtest's frame around it", () => {
  for (const fixture of ['nextest-legacy.txt', 'nextest.txt']) {
    const failed = byId(parse(fixture), 'tests::adds_wrong');
    assert.match(failed.message ?? '', /^computing 2 \+ 2\nthread 'tests::adds_wrong' panicked at src\/lib\.rs:46:9:\nassertion `left == right` failed/);
    assert.doesNotMatch(failed.message ?? '', /running 1 test|test result:|failures:/);
    assert.equal(failed.failureLocation, 'src/lib.rs:46:9');
  }
});

test('crashes, timeouts and leaks are failures that say so', () => {
  const legacy = parse('nextest-legacy.txt');
  assert.equal(byId(legacy, 'ffi::reads_null_pointer').message, 'nextest: test crashed (SIGSEGV) after 0.150s');
  assert.equal(byId(legacy, 'net::downloads_index').message, 'nextest: test timed out after 120.002s');
  const current = parse('nextest.txt');
  assert.match(byId(current, 'process::spawns_helper').message ?? '', /^nextest: test failed and leaked handles after 0\.030s\nthread/);
});

test('LEAK and TIMEOUT-PASS are passes, SKIP a skip, SLOW while running nothing', () => {
  const current = parse('nextest.txt');
  assert.equal(byId(current, 'process::leaks_handle').outcome, 'pass');
  assert.equal(byId(current, 'cli::waits_for_input').outcome, 'pass');
  const legacy = parse('nextest-legacy.txt');
  assert.equal(byId(legacy, 'tests::slow_one').outcome, 'skip');
  assert.equal(legacy.filter((o) => o.id === 'net::downloads_index').length, 1);
});

test('the counter and stress index before the test are not part of its name', () => {
  const text = ['        PASS [   0.004s] ( 1/7) ticker tests::adds', '   FLAKY 2/2 [   2.000s] [3/3] (  20/5000) ticker tests::adds'];
  assert.deepEqual(summary(parseLines(new NextestParser(), text.join('\n'))), ['ticker | tests::adds | flaky | 2']);
});

test('a FLAKY line in the recap marks a test whose retries were not printed', () => {
  const text = ['        PASS [   0.004s] ticker tests::retried', '------------', '     Summary [   0.021s] 1 test run: 1 passed (1 flaky)', '   FLAKY 3/3 [   0.002s] ticker tests::retried'];
  assert.deepEqual(summary(parseLines(new NextestParser(), text.join('\n'))), ['ticker | tests::retried | flaky | 3']);
});

test('says it is capturing while inside a captured output block', () => {
  const parser = new NextestParser();
  parser.line('        FAIL [   0.006s] ticker tests::adds_wrong');
  assert.equal(parser.capturing, false);
  parser.line('  stdout ───');
  parser.line('    running 1 test');
  assert.equal(parser.capturing, true);
  parser.line('        PASS [   0.004s] ticker tests::adds');
  assert.equal(parser.capturing, false);
});

test('outcomes are nextest outcomes', () => {
  assert.ok(parse('nextest.txt').every((o) => o.framework === 'nextest'));
});

test('a parser that saw no nextest output reports nothing', () => {
  assert.deepEqual(parse('libtest-no-fail-fast.txt'), []);
  assert.deepEqual(parse('gotest-v.txt'), []);
});
