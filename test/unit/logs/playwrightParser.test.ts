import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlaywrightParser } from '../../../src/core/logs/playwrightParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(name: string): TestOutcome[] {
  return parseLines(new PlaywrightParser(), fixtureText(name));
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome} | ${o.attempt}`);

test('the list reporter gives every test of every project once, retries folded, ids without project', () => {
  assert.deepEqual(summary(parse('playwright-list.txt')), [
    'tests/checkout.spec.js | Checkout › payment › card › accepts a valid card | pass | 1',
    'tests/checkout.spec.js | Checkout › payment › card › shows [3-D Secure] challenge | flaky | 2',
    'tests/checkout.spec.js | Checkout › applies ünïcode coupon 🎉 | pass | 1',
    'tests/checkout.spec.js | Checkout › pays with gift card | skip | 1',
    'tests/checkout.spec.js | Checkout › rejects an expired card | fail | 3',
    'tests/login.spec.js | logs in with :: in name | pass | 1',
    'tests/login.spec.js | Login › remembers the user | skip | 1',
    'tests/login.spec.js | logs in with :: in name | pass | 1',
    'tests/login.spec.js | Login › remembers the user | skip | 1',
  ]);
});

test('the line reporter gives the failed and flaky tests of its summary', () => {
  assert.deepEqual(summary(parse('playwright-line.txt')), [
    'tests/checkout.spec.js | Checkout › payment › card › shows [3-D Secure] challenge | flaky | 2',
    'tests/checkout.spec.js | Checkout › rejects an expired card | fail | 3',
  ]);
});

test("a failure's message is its first attempt's error, its location the spec file's frame", () => {
  for (const fixture of ['playwright-list.txt', 'playwright-line.txt']) {
    const failed = byId(parse(fixture), 'Checkout › rejects an expired card');
    assert.match(failed.message ?? '', /^Error: expect\(received\)\.toEqual\(expected\) \/\/ deep equality\n/);
    assert.doesNotMatch(failed.message ?? '', /Retry #1/);
    assert.equal(failed.failureLocation, '/home/runner/work/e2e/e2e/tests/checkout.spec.js:18:36');
    const flaky = byId(parse(fixture), 'Checkout › payment › card › shows [3-D Secure] challenge');
    assert.match(flaky.message ?? '', /^Error: Timed out 5000ms waiting for expect\(locator\)\.toBeVisible\(\)/);
  }
});

test('with the line reporter and nothing skipped, the started tests not listed passed', () => {
  const text = [
    'Running 2 tests using 1 worker',
    '[1/2] tests/a.spec.ts:3:5 › works',
    '[2/2] tests/a.spec.ts:8:5 › breaks',
    '  1) tests/a.spec.ts:8:5 › breaks ──────',
    '    Error: boom',
    '  1 failed',
    '    tests/a.spec.ts:8:5 › breaks ───────',
    '  1 passed (1.2s)',
  ];
  assert.deepEqual(summary(parseLines(new PlaywrightParser(), text.join('\n'))), ['tests/a.spec.ts | breaks | fail | 1', 'tests/a.spec.ts | works | pass | 1']);
});

test('nothing is read outside a run', () => {
  assert.deepEqual(parse('jest-verbose.txt'), []);
  assert.deepEqual(parse('vitest4-verbose.txt'), []);
});
