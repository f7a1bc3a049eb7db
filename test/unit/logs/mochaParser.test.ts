import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MochaParser } from '../../../src/core/logs/mochaParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(text: string, errors?: string[]): TestOutcome[] {
  return parseLines(new MochaParser({ onError: (e) => errors?.push(e) }), text);
}

test("reads the spec tree, ids as mocha's fullTitle(): the titles joined by a space", () => {
  assert.deepEqual(
    parse(fixtureText('mocha-spec.txt')).map((o) => `${o.id} | ${o.outcome}`),
    [
      'top-level test with :: in name | pass',
      'Cart syncs with the server | skip',
      'Cart is pending without a body | skip',
      'Cart totals adds line items | pass',
      'Cart totals applies [promo] codes › 10% off | pass',
      'Cart totals rounds to cents | fail',
      'Cart ünïcode ✓ names keeps émojis 🎉 in names | pass',
      'Poller eventually responds | pass',
      'Poller always fails | fail',
      'Poller is slow | pass',
    ],
  );
});

test('numbered failures get their error from the failures list', () => {
  const failed = byId(parse(fixtureText('mocha-spec.txt')), 'Poller always fails');
  assert.match(failed.message ?? '', /^AssertionError \[ERR_ASSERTION\]: Expected values to be strictly deep-equal:/);
  assert.equal(failed.failureLocation, 'test/poller.spec.js:10:12');
});

test('a failing hook is an error, not a test', () => {
  const errors: string[] = [];
  parse(fixtureText('mocha-spec.txt'), errors);
  assert.deepEqual(errors, ['mocha: Poller › hooks › "before all" hook for "never runs" failed']);
});

test('a tree without its passing summary is not believed', () => {
  assert.deepEqual(parse('  ✔ looks like mocha\n  ✔ but is not\n'), []);
  assert.deepEqual(parse(fixtureText('node-spec.txt')), []);
  assert.deepEqual(parse(fixtureText('jest-verbose.txt')), []);
});

test('the suite is empty: mocha prints no file', () => {
  assert.ok(parse(fixtureText('mocha-spec.txt')).every((o) => o.suite === '' && o.framework === 'mocha'));
});
