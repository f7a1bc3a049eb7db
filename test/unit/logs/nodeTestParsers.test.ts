import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeSpecParser } from '../../../src/core/logs/nodeSpecParser';
import { TapParser } from '../../../src/core/logs/tapParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

const EXPECTED = [
  'Cart › totals › adds line items | pass',
  'Cart › totals › applies [promo] codes › 10% off | pass',
  'Cart › totals › rounds to cents | fail',
  'Cart › ünïcode ✓ names › keeps émojis 🎉 in names | pass',
  'Cart › syncs with the server | skip',
  'Cart › supports gift cards | skip',
  'top-level test with :: in name | pass',
  'parent with subtests › first # not a comment | pass',
  'parent with subtests › second fails | fail',
];

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.id} | ${o.outcome}`);

test('the spec reporter gives the leaf tests, ids joined by › through suites and parent tests', () => {
  assert.deepEqual(summary(parseLines(new NodeSpecParser(), fixtureText('node-spec.txt'))), EXPECTED);
});

test('TAP gives the same tests, # unescaped, describe blocks and parents left out', () => {
  assert.deepEqual(summary(parseLines(new TapParser(), fixtureText('node-tap.txt'))), EXPECTED);
});

test("a failure's message: the error under it (spec) or in its YAML block (TAP)", () => {
  const spec = byId(parseLines(new NodeSpecParser(), fixtureText('node-spec.txt')), 'parent with subtests › second fails');
  assert.match(spec.message ?? '', /^Error: boom: connection reset\n/);
  assert.equal(spec.failureLocation, '/home/runner/work/api/api/test/cart.test.mjs:18:46');
  const tap = byId(parseLines(new TapParser(), fixtureText('node-tap.txt')), 'Cart › totals › rounds to cents');
  assert.match(tap.message ?? '', /^Expected values to be strictly equal:\n\+ actual - expected/);
  assert.equal(tap.failureLocation, '/home/runner/work/api/api/test/cart.test.mjs:7:5');
});

test('the failing tests list after the summary is not counted again', () => {
  const outcomes = parseLines(new NodeSpecParser(), fixtureText('node-spec.txt'));
  assert.equal(outcomes.filter((o) => o.id.endsWith('rounds to cents')).length, 1);
});

test('TAP is only read after a TAP version line', () => {
  assert.deepEqual(parseLines(new TapParser(), 'ok 1 - not TAP at all\nnot ok 2 - nor this\n'), []);
  assert.equal(parseLines(new TapParser(), 'TAP version 13\nok 1 - plain\nnot ok 2 - broken # TODO later\n1..2\n').length, 2);
});

test('lines of other runners are not node results', () => {
  assert.deepEqual(parseLines(new NodeSpecParser(), fixtureText('mocha-spec.txt')), []);
  assert.deepEqual(parseLines(new NodeSpecParser(), fixtureText('gotestsum-pkgname.txt')), []);
});
