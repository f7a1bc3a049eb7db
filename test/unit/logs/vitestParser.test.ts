import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VitestParser } from '../../../src/core/logs/vitestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(name: string): TestOutcome[] {
  return parseLines(new VitestParser(), fixtureText(name));
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome} | ${o.attempt}`);

test('the verbose reporter gives every test, ids joined by ›, the file as suite (v4)', () => {
  assert.deepEqual(summary(parse('vitest4-verbose.txt')), [
    'test/poller.test.ts | Poller › eventually responds | flaky | 2',
    'test/poller.test.ts | Poller › always fails | fail | 2',
    'test/cart.test.ts | Cart › totals › adds line items | pass | 1',
    'test/cart.test.ts | Cart › totals › applies [promo] codes › 10% off | pass | 1',
    'test/cart.test.ts | Cart › totals › rounds to cents | fail | 1',
    'test/cart.test.ts | Cart › ünïcode ✓ names › keeps émojis 🎉 in names | pass | 1',
    'test/cart.test.ts | Cart › syncs with the server | skip | 1',
    'test/cart.test.ts | Cart › supports gift cards | skip | 1',
    'test/cart.test.ts | top-level test with :: in name | pass | 1',
    'test/math.test.ts | math › sums | pass | 1',
    'test/math.test.ts | math › sum(1, 1) = 2 | pass | 1',
    'test/math.test.ts | math › sum(2, 2) = 4 | pass | 1',
  ]);
});

test('every version and reporter gives the same ids', () => {
  const ids = new Set(parse('vitest4-verbose.txt').map((o) => `${o.suite} ${o.id}`));
  for (const fixture of ['vitest3-default.txt', 'vitest3-verbose.txt', 'vitest1-verbose.txt', 'vitest1-default.txt', 'vitest4-default.txt']) {
    for (const o of parse(fixture)) if (!o.packageResult) assert.ok(ids.has(`${o.suite} ${o.id}`), `${fixture}: ${o.id}`);
  }
});

test('the default reporter of v3 lists the tests of failed files, retries included', () => {
  const outcomes = parse('vitest3-default.txt');
  assert.equal(byId(outcomes, 'Poller › eventually responds').outcome, 'flaky');
  assert.equal(byId(outcomes, 'Cart › syncs with the server').outcome, 'skip');
});

test('a file the default reporter does not expand passed as a whole', () => {
  for (const fixture of ['vitest1-default.txt', 'vitest3-default.txt', 'vitest4-default.txt']) {
    const whole = parse(fixture).filter((o) => o.packageResult);
    assert.deepEqual(summary(whole), ['test/math.test.ts |  | pass | 1'], fixture);
  }
});

test("a failure's message is its FAIL block without the code frame", () => {
  for (const fixture of ['vitest1-default.txt', 'vitest3-verbose.txt', 'vitest4-default.txt']) {
    const failed = byId(parse(fixture), 'Cart › totals › rounds to cents');
    assert.match(failed.message ?? '', /^AssertionError: expected 0\.30000000000000004 to be 0\.3 \/\/ Object\.is equality\n/, fixture);
    assert.doesNotMatch(failed.message ?? '', /\| +\^/);
    assert.equal(failed.failureLocation, 'test/cart.test.ts:11:25', fixture);
  }
});

test('v1 has no durations after the names, v2 and later do', () => {
  assert.equal(byId(parse('vitest1-verbose.txt'), 'math › sums').outcome, 'pass');
  assert.equal(byId(parse('vitest3-verbose.txt'), 'math › sums').outcome, 'pass');
});

test('lines of other runners are not vitest results', () => {
  assert.deepEqual(parse('jest-verbose.txt'), []);
  assert.deepEqual(parse('playwright-list.txt'), []);
});
