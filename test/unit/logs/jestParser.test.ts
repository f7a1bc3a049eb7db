import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JestParser } from '../../../src/core/logs/jestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(name: string, errors?: string[]): TestOutcome[] {
  return parseLines(new JestParser({ onError: (e) => errors?.push(e) }), fixtureText(name));
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome} | ${o.attempt}`);

test('--verbose gives every test, ids joined by › through the describe blocks, the file as suite', () => {
  assert.deepEqual(summary(parse('jest-verbose.txt')), [
    'src/__tests__/cart.test.js | top-level test with :: in name | pass | 1',
    'src/__tests__/cart.test.js | Cart › syncs with the server | skip | 1',
    'src/__tests__/cart.test.js | Cart › supports gift cards | skip | 1',
    'src/__tests__/cart.test.js | Cart › totals › adds line items | pass | 1',
    'src/__tests__/cart.test.js | Cart › totals › applies [promo] codes › 10% off | pass | 1',
    'src/__tests__/cart.test.js | Cart › totals › rounds to cents | fail | 1',
    'src/__tests__/cart.test.js | Cart › ünïcode ✓ names › keeps émojis 🎉 in names | pass | 1',
    'src/__tests__/poller.test.js | Poller › eventually responds | flaky | 2',
    'src/__tests__/poller.test.js | Poller › always fails | fail | 3',
    'test/math.spec.js | math › sums | pass | 1',
    'test/math.spec.js | math › sum(1, 1) = 2 | pass | 1',
    'test/math.spec.js | math › sum(2, 2) = 5 | fail | 1',
  ]);
});

test('without --verbose the failure blocks name the failed tests', () => {
  assert.deepEqual(summary(parse('jest-default.txt')), [
    'src/__tests__/cart.test.js | Cart › totals › rounds to cents | fail | 1',
    'src/__tests__/poller.test.js | Poller › always fails | fail | 3',
    'test/math.spec.js | math › sum(2, 2) = 5 | fail | 1',
  ]);
});

test("a failure's message is its ● block without the code frame, its location the test file's frame", () => {
  const failed = byId(parse('jest-verbose.txt'), 'Cart › totals › rounds to cents');
  assert.equal(failed.message, 'expect(received).toBe(expected) // Object.is equality\nExpected: 0.3\nReceived: 0.30000000000000004\n  at Object.toBe (src/__tests__/cart.test.js:10:25)');
  assert.equal(failed.failureLocation, 'src/__tests__/cart.test.js:10:25');
});

test('a test retried by retryTimes that passed is flaky, with the retried error as message', () => {
  const flaky = byId(parse('jest-verbose.txt'), 'Poller › eventually responds');
  assert.equal(flaky.outcome, 'flaky');
  assert.match(flaky.message ?? '', /^timed out after 50ms \(attempt 1\)/);
});

test('a file that failed to run is an error', () => {
  const errors: string[] = [];
  parse('jest-verbose.txt', errors);
  assert.deepEqual(errors, ["jest: test/boom.test.js failed to run: Cannot find module './does-not-exist' from 'test/boom.test.js'"]);
});

test('a passing file without --verbose passed as a whole', () => {
  const outcomes = parseLines(new JestParser(), 'PASS src/ok.test.ts (5.2 s)\nTests:       3 passed, 3 total\n');
  assert.deepEqual(outcomes, [{ id: '', suite: 'src/ok.test.ts', framework: 'jest', outcome: 'pass', attempt: 1, packageResult: true }]);
});

test('lines of other runners are not jest results', () => {
  assert.deepEqual(parse('gotestsum-rerun-testname.txt'), []);
  assert.deepEqual(parse('vitest4-verbose.txt'), []);
  assert.deepEqual(parse('mocha-spec.txt'), []);
});
