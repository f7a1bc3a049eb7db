import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PytestParser } from '../../../src/core/logs/pytestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(name: string, errors?: string[]): TestOutcome[] {
  return parseLines(new PytestParser({ onError: (e) => errors?.push(e) }), fixtureText(name));
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.id} | ${o.outcome} | ${o.attempt}`);

const VERBOSE = [
  'tests/test_cart.py::test_adds_line_items | pass | 1',
  'tests/test_cart.py::test_promo[SAVE10-90] | pass | 1',
  'tests/test_cart.py::test_promo[\\xfcn\\xefcode-100] | pass | 1',
  'tests/test_cart.py::test_promo[a::b-100] | pass | 1',
  'tests/test_cart.py::test_promo[with space-100] | pass | 1',
  'tests/test_cart.py::TestTotals::test_rounds_to_cents | fail | 1',
  'tests/test_cart.py::TestTotals::test_sandbox | skip | 1',
  'tests/test_cart.py::TestTotals::test_known_bug | skip | 1',
  'tests/test_cart.py::TestTotals::test_fixed | pass | 1',
  'tests/test_cart.py::test_uses_fixture | fail | 1',
  'tests/test_poller.py::test_eventually_responds | flaky | 2',
  'tests/test_poller.py::test_always_fails | fail | 2',
];

test('-v gives every test by node id, parameters with spaces and :: included', () => {
  assert.deepEqual(summary(parse('pytest-v.txt')), VERBOSE);
});

test('pytest-xdist workers report the same tests', () => {
  assert.deepEqual(summary(parse('pytest-xdist.txt')).sort(), VERBOSE.slice().sort());
});

test('the suite is the test file', () => {
  assert.ok(parse('pytest-v.txt').every((o) => o.suite === o.id.slice(0, o.id.indexOf('::'))));
});

test('a RERUN that then passed is one flaky outcome, one that failed again a failure', () => {
  const outcomes = parse('pytest-v.txt');
  assert.equal(outcomes.filter((o) => o.id === 'tests/test_poller.py::test_eventually_responds').length, 1);
  assert.equal(byId(outcomes, 'tests/test_poller.py::test_always_fails').attempt, 2);
});

test("a failure's message is its E lines, its location the line pytest points at", () => {
  for (const fixture of ['pytest-v.txt', 'pytest-xdist.txt', 'pytest-plain.txt', 'pytest9-v.txt']) {
    const failed = byId(parse(fixture), 'tests/test_cart.py::TestTotals::test_rounds_to_cents');
    assert.equal(failed.message, 'assert (0.1 + 0.2) == 0.3', fixture);
    assert.equal(failed.failureLocation, 'tests/test_cart.py:12', fixture);
  }
  const dict = byId(parse('pytest-v.txt'), 'tests/test_poller.py::test_always_fails');
  assert.match(dict.message ?? '', /^AssertionError: assert \{'status': 'down'\} == \{'status': 'up'\}\n {2}Differing items:/);
});

test('a fixture error at setup is a failure of its test', () => {
  const failed = byId(parse('pytest-v.txt'), 'tests/test_cart.py::test_uses_fixture');
  assert.equal(failed.outcome, 'fail');
  assert.equal(failed.message, 'RuntimeError: database unavailable');
});

test('a module that fails to import is an error, not a test', () => {
  for (const fixture of ['pytest-v.txt', 'pytest-rA.txt', 'pytest-plain.txt']) {
    const errors: string[] = [];
    const outcomes = parse(fixture, errors);
    assert.ok(outcomes.every((o) => o.suite !== 'tests/test_broken.py'));
    assert.deepEqual(errors, ["pytest: error collecting tests/test_broken.py: ModuleNotFoundError: No module named 'does_not_exist'"], fixture);
  }
});

test('-rA names the passing tests in its short summary', () => {
  const outcomes = parse('pytest-rA.txt');
  assert.equal(byId(outcomes, 'tests/test_cart.py::test_promo[with space-100]').outcome, 'pass');
  assert.equal(byId(outcomes, 'tests/test_cart.py::TestTotals::test_known_bug').outcome, 'skip');
  assert.equal(byId(outcomes, 'tests/test_cart.py::TestTotals::test_fixed').outcome, 'pass');
  assert.equal(outcomes.filter((o) => o.outcome === 'fail').length, 3);
});

test('the default mode names its failures from the short summary', () => {
  assert.deepEqual(summary(parse('pytest-plain.txt')), [
    'tests/test_cart.py::TestTotals::test_rounds_to_cents | fail | 1',
    'tests/test_poller.py::test_always_fails | fail | 1',
    'tests/test_cart.py::test_uses_fixture | fail | 1',
  ]);
});

test('in the default mode a file whose dots show no failure passed as a whole', () => {
  const text = [
    '============================= test session starts ==============================',
    'collected 3 items',
    '',
    'tests/test_ok.py ..s                                                     [100%]',
    '',
    '========================= 2 passed, 1 skipped in 0.01s =========================',
  ];
  const outcomes = parseLines(new PytestParser(), text.join('\n'));
  assert.deepEqual(outcomes, [{ id: '', suite: 'tests/test_ok.py', framework: 'pytest', outcome: 'pass', attempt: 1, packageResult: true }]);
});

test('outside a pytest session nothing is read', () => {
  assert.deepEqual(parse('unittest-v.txt'), []);
  assert.deepEqual(parseLines(new PytestParser(), 'tests/test_x.py::test_y PASSED [100%]'), []);
});
