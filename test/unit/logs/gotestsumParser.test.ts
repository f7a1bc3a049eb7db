import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GotestsumParser } from '../../../src/core/logs/gotestsumParser';
import { parseJobLog } from '../../../src/core/logs/jobLogReader';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(name: string): TestOutcome[] {
  return parseLines(new GotestsumParser(), fixtureText(name));
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome} | ${o.attempt}`);

test('the testname format gives every test, named as gotestsum prints its package', () => {
  assert.deepEqual(summary(parse('gotestsum-testname.txt')), [
    'calc | TestAdd | pass | 1',
    'calc | TestTable/one_plus_one | pass | 1',
    'calc | TestTable/ünïcode_name | pass | 1',
    'calc | TestTable/a::b_[x] | pass | 1',
    'calc | TestTable | pass | 1',
    'poll | TestPoll/fast_path | pass | 1',
    'poll | TestPoll/timeout | fail | 1',
    'poll | TestPoll | fail | 1',
    'poll | TestEventually | fail | 1',
  ]);
});

test('failures get their output from the summary', () => {
  const failed = byId(parse('gotestsum-testname.txt'), 'TestPoll/timeout');
  assert.equal(failed.message, 'poll_test.go:15: waited 2ms\npoll_test.go:16: expected at least 50ms');
  assert.equal(failed.failureLocation, 'poll_test.go:15');
});

test('with --rerun-fails a failure that passed on a rerun is flaky, one that never passed fails on its last run', () => {
  for (const fixture of ['gotestsum-rerun-testname.txt', 'gotestsum-rerun-pkgname.txt']) {
    const outcomes = parse(fixture);
    const flaky = byId(outcomes, 'TestEventually');
    assert.equal(flaky.outcome, 'flaky', fixture);
    assert.equal(flaky.attempt, 2, fixture);
    assert.equal(flaky.message, 'poll_test.go:24: connection refused');
    assert.equal(byId(outcomes, 'TestPoll/timeout').outcome, 'fail');
    assert.equal(byId(outcomes, 'TestPoll/timeout').attempt, 3);
    assert.equal(outcomes.filter((o) => o.id === 'TestPoll/timeout').length, 1);
  }
});

test('the package formats name failures and skips from the summary, and passing packages as a whole', () => {
  for (const fixture of ['gotestsum-pkgname.txt', 'gotestsum-short.txt', 'gotestsum-pkgname-and-test-fails.txt']) {
    assert.deepEqual(summary(parse(fixture)), [
      'poll | TestNeedsDocker | skip | 1',
      'poll | TestPoll/timeout | fail | 1',
      'poll | TestPoll | fail | 1',
      'poll | TestEventually | fail | 1',
      'calc |  | pass | 1',
    ], fixture);
    assert.equal(parse(fixture).at(-1)?.packageResult, true);
  }
});

test('the dots format names failures and skips', () => {
  assert.equal(parse('gotestsum-dots.txt').length, 4);
});

test("the standard-verbose format is left to the go test parser, which folds the reruns", () => {
  assert.deepEqual(parse('gotestsum-rerun-verbose.txt'), []);
  const outcomes = parseJobLog(fixtureText('gotestsum-rerun-verbose.txt')).outcomes;
  assert.equal(outcomes.length, 10);
  const flaky = byId(outcomes, 'TestEventually');
  assert.equal(flaky.suite, 'github.com/acme/poller/poll');
  assert.equal(flaky.outcome, 'flaky');
  assert.equal(flaky.attempt, 2);
  assert.equal(byId(outcomes, 'TestPoll/timeout').attempt, 3);
});

test('in the job log reader, each gotestsum format is read once', () => {
  for (const fixture of ['gotestsum-testname.txt', 'gotestsum-pkgname-and-test-fails.txt', 'gotestsum-rerun-testname.txt']) {
    const outcomes = parseJobLog(fixtureText(fixture)).outcomes;
    assert.deepEqual(summary(outcomes), summary(parse(fixture)), fixture);
  }
});
