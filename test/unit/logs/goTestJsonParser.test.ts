import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GoTestJsonParser } from '../../../src/core/logs/goTestJsonParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

const POLL = 'github.com/acme/poller/poll';

function parse(text: string, errors?: string[]): TestOutcome[] {
  return parseLines(new GoTestJsonParser({ onError: (e) => errors?.push(e) }), text);
}

test('reads every test event with its package as suite', () => {
  const outcomes = parse(fixtureText('gotest-json.txt'));
  assert.equal(outcomes.length, 12);
  assert.equal(byId(outcomes, 'TestTable/ünïcode_name').suite, 'github.com/acme/poller/calc');
  assert.equal(byId(outcomes, 'TestTable/a::b_[x]').outcome, 'pass');
  assert.equal(byId(outcomes, 'TestNeedsDocker', POLL).outcome, 'skip');
  assert.ok(outcomes.every((o) => o.framework === 'gotest' && o.attempt === 1));
});

test("a failure's message is its output events without the framing lines", () => {
  const failed = byId(parse(fixtureText('gotest-json.txt')), 'TestPoll/timeout');
  assert.equal(failed.outcome, 'fail');
  assert.equal(failed.message, 'poll_test.go:15: waited 2ms\npoll_test.go:16: expected at least 50ms');
  assert.equal(failed.failureLocation, 'poll_test.go:15');
});

test('a parent that failed through its subtest shows the subtest message', () => {
  const outcomes = parse(fixtureText('gotest-json.txt'));
  assert.equal(byId(outcomes, 'TestPoll').message, byId(outcomes, 'TestPoll/timeout').message);
});

test('a data race is kept in the message of the test it ran in', () => {
  const failed = byId(parse(fixtureText('gotest-json.txt')), 'TestCounter');
  assert.equal(failed.outcome, 'fail');
  assert.match(failed.message ?? '', /WARNING: DATA RACE\nRead at 0x[0-9a-f]+ by goroutine \d+:/);
});

test('durations come from Elapsed', () => {
  assert.equal(typeof byId(parse(fixtureText('gotest-json.txt')), 'TestAdd').duration, 'number');
});

test('a test still running when its package failed (a timeout) is a failure', () => {
  const lines = [
    '{"Action":"run","Package":"example.com/slow","Test":"TestStuck"}',
    '{"Action":"output","Package":"example.com/slow","Test":"TestStuck","Output":"panic: test timed out after 1s\\n"}',
    '{"Action":"fail","Package":"example.com/slow","Elapsed":1.01}',
  ];
  const outcomes = parse(lines.join('\n'));
  assert.deepEqual(
    outcomes.map((o) => [o.id, o.outcome, o.message]),
    [['TestStuck', 'fail', 'panic: test timed out after 1s']],
  );
});

test('a package that failed without a failed test is an error', () => {
  const errors: string[] = [];
  const lines = [
    '{"Action":"output","Package":"example.com/broken","Output":"# example.com/broken\\n"}',
    '{"Action":"output","Package":"example.com/broken","Output":"broken.go:3:1: syntax error\\n"}',
    '{"Action":"fail","Package":"example.com/broken","Elapsed":0}',
  ];
  assert.deepEqual(parse(lines.join('\n'), errors), []);
  assert.deepEqual(errors, ['go: example.com/broken failed: # example.com/broken']);
});

test("gives the counts of test-reporter's real go test -json output", () => {
  const text = readFileSync(`${__dirname}/../../../../shared/corpus/test-reporter/__tests__/fixtures/golang-json.json`, 'utf8');
  const counts = { pass: 0, fail: 0, skip: 0, flaky: 0 };
  for (const o of parse(text)) counts[o.outcome]++;
  // __tests__/__outputs__/golang-json.md: 5 passed, 6 failed, 1 skipped.
  assert.deepEqual(counts, { pass: 5, fail: 6, skip: 1, flaky: 0 });
});

test('lines that are not test2json events are ignored', () => {
  assert.deepEqual(parse(fixtureText('gotest-v.txt')), []);
  assert.deepEqual(parse('{"not":"an event"}\n{"Action":"pass"'), []);
});
