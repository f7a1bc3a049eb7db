import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnittestParser } from '../../../src/core/logs/unittestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(text: string, errors?: string[]): TestOutcome[] {
  return parseLines(new UnittestParser({ onError: (e) => errors?.push(e) }), text);
}

test('reads each test with its dotted class as suite and its dotted name as id', () => {
  const outcomes = parse(fixtureText('unittest-v.txt'));
  assert.deepEqual(
    outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}`),
    [
      'shop.test_cart.TestTotals | shop.test_cart.TestTotals.test_adds_line_items | pass',
      'shop.test_cart.TestTotals | shop.test_cart.TestTotals.test_errors | fail',
      'shop.test_cart.TestTotals | shop.test_cart.TestTotals.test_known_bug | skip',
      'shop.test_cart.TestTotals | shop.test_cart.TestTotals.test_rounds_to_cents | fail',
      'shop.test_cart.TestTotals | shop.test_cart.TestTotals.test_sandbox | skip',
      'shop.test_cart.TestTotals | shop.test_cart.TestTotals.test_subtests | fail',
      'shop.test_cart.TestTotals | shop.test_cart.TestTotals.test_ünïcode_name | pass',
    ],
  );
});

test("a failure's message is the exception at the end of its traceback", () => {
  const outcomes = parse(fixtureText('unittest-v.txt'));
  assert.equal(byId(outcomes, 'shop.test_cart.TestTotals.test_rounds_to_cents').message, 'AssertionError: 0.30000000000000004 != 0.3');
  assert.equal(byId(outcomes, 'shop.test_cart.TestTotals.test_rounds_to_cents').failureLocation, '/home/runner/work/shop/shop/shop/test_cart.py:8');
  assert.equal(byId(outcomes, 'shop.test_cart.TestTotals.test_errors').message, 'ConnectionResetError: connection reset by peer');
});

test('a failed subtest fails its test once', () => {
  const outcomes = parse(fixtureText('unittest-v.txt'));
  assert.equal(outcomes.filter((o) => o.id === 'shop.test_cart.TestTotals.test_subtests').length, 1);
  assert.equal(byId(outcomes, 'shop.test_cart.TestTotals.test_subtests').message, 'AssertionError: 2 not less than 2');
});

test('a failing setUpClass is an error, not a test', () => {
  const errors: string[] = [];
  const outcomes = parse(fixtureText('unittest-v.txt'), errors);
  assert.ok(outcomes.every((o) => o.suite !== 'shop.test_cart.TestSetupFails'));
  assert.deepEqual(errors, ['unittest: setUpClass (shop.test_cart.TestSetupFails): RuntimeError: database unavailable']);
});

test('the form before Python 3.11, without the method in parentheses, gives the same ids', () => {
  const outcomes = parse('test_adds (shop.tests.CartTest) ... ok\ntest_breaks (shop.tests.CartTest) ... FAIL\n');
  assert.deepEqual(outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}`), ['shop.tests.CartTest | shop.tests.CartTest.test_adds | pass', 'shop.tests.CartTest | shop.tests.CartTest.test_breaks | fail']);
});

test("doctests that DocTestSuite adds: the doctest's dotted name, its failure with doctest's report", () => {
  const outcomes = parse(fixtureText('unittest-doctest.txt'));
  assert.deepEqual(outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}`), [
    'shop.test_prices.PriceTests | shop.test_prices.PriceTests.test_total | pass',
    'shop | shop.prices | fail',
    'shop.prices.Cart | shop.prices.Cart.add | pass',
    'shop.prices | shop.prices.total | fail',
  ]);
  const total = byId(outcomes, 'shop.prices.total');
  assert.equal(
    total.message,
    'AssertionError: Failed doctest test for shop.prices.total\n\nFailed example:\n    total([0.1, 0.2])\nExpected:\n    0.3\nGot:\n    0.30000000000000004',
  );
  assert.equal(total.failureLocation, '/home/runner/work/shop/shop/shop/prices.py:11');
  // The module's own doctest: its block's title `prices (shop)` names no dotted class.
  assert.equal(byId(outcomes, 'shop.prices').failureLocation, '/home/runner/work/shop/shop/shop/prices.py:3');
});

test("a doctest's block without doctest's report (its setUp raised) ends at the next block's rule", () => {
  // Python 3.11, `DocTestSuite(shop, setUp=…)` whose setUp raises, then a failing test.
  const setUpError = [
    '======================================================================',
    'ERROR: prices (shop)',
    'Doctest: shop.prices',
    '----------------------------------------------------------------------',
    'Traceback (most recent call last):',
    '  File "/opt/py/lib/python3.11/doctest.py", line 2207, in setUp',
    '    self._dt_setUp(test)',
    '  File "/w/run.py", line 4, in setUp',
    '    raise RuntimeError("db down")',
    'RuntimeError: db down',
    '',
  ];
  const end = ['----------------------------------------------------------------------', 'Ran 2 tests in 0.003s', '', 'FAILED (failures=1, errors=1)'];
  const errors: string[] = [];
  const quiet = parse(
    [
      'EF',
      ...setUpError,
      '======================================================================',
      'FAIL: test_z (__main__.T.test_z)',
      '----------------------------------------------------------------------',
      'Traceback (most recent call last):',
      '  File "/w/run.py", line 8, in test_z',
      '    self.assertEqual(1, 2)',
      'AssertionError: 1 != 2',
      '',
      ...end,
    ].join('\n'),
    errors,
  );
  const show = (outcomes: TestOutcome[]) => outcomes.map((o) => `${o.id} | ${o.outcome} | ${o.message ?? ''} | ${o.failureLocation ?? ''}`);
  assert.deepEqual(show(quiet), ['shop.prices | fail | RuntimeError: db down | /w/run.py:4', '__main__.T.test_z | fail | AssertionError: 1 != 2 | /w/run.py:8']);
  assert.deepEqual(errors, []);
  // -v, a failing doctest next: its message and location are its own.
  const verbose = parse(
    [
      'prices (shop)',
      'Doctest: shop.prices ... ERROR',
      'total (shop)',
      'Doctest: shop.total ... FAIL',
      '',
      ...setUpError,
      '======================================================================',
      'FAIL: total (shop)',
      'Doctest: shop.total',
      '----------------------------------------------------------------------',
      'Traceback (most recent call last):',
      '  File "/opt/py/lib/python3.11/doctest.py", line 2241, in runTest',
      '    raise self.failureException(self.format_failure(new.getvalue()))',
      'AssertionError: Failed doctest test for shop.total',
      '  File "/w/shop.py", line 8, in total',
      '',
      '----------------------------------------------------------------------',
      'File "/w/shop.py", line 10, in shop.total',
      'Failed example:',
      '    total([0.1, 0.2])',
      'Expected:',
      '    0.3',
      'Got:',
      '    0.30000000000000004',
      '',
      '',
      ...end,
    ].join('\n'),
    errors,
  );
  assert.deepEqual(show(verbose), [
    'shop.prices | fail | RuntimeError: db down | /w/run.py:4',
    'shop.total | fail | AssertionError: Failed doctest test for shop.total\n\nFailed example:\n    total([0.1, 0.2])\nExpected:\n    0.3\nGot:\n    0.30000000000000004 | /w/shop.py:10',
  ]);
  // The last block: the rule above `Ran 2 tests` is no report.
  assert.deepEqual(show(parse([...setUpError, ...end].join('\n'))), ['shop.prices | fail | RuntimeError: db down | /w/run.py:4']);
  assert.deepEqual(errors, []);
});

test('a docstring line that only looks like a doctest\'s does not take a test\'s failure', () => {
  const errors: string[] = [];
  const log = [
    'test_x (pkg.tests.T.test_x)',
    'Doctest: pkg.tests.T.test_x ... FAIL',
    '',
    '======================================================================',
    'FAIL: test_x (pkg.tests.T.test_x)',
    'Doctest: pkg.other',
    '----------------------------------------------------------------------',
    'Traceback (most recent call last):',
    '  File "/w/pkg/tests.py", line 3, in test_x',
    '    self.fail("no")',
    'AssertionError: no',
    '',
  ].join('\n');
  const outcomes = parse(log, errors);
  assert.deepEqual(outcomes.map((o) => `${o.id} | ${o.outcome} | ${o.message ?? ''}`), ['pkg.tests.T.test_x | fail | AssertionError: no']);
  assert.deepEqual(errors, []);
});

test('lines of other runners are not tests', () => {
  assert.deepEqual(parse(fixtureText('pytest-v.txt')), []);
  assert.deepEqual(parse(fixtureText('gotest-timeout.txt')), []);
});
