import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_MESSAGE_CHARS } from '../../../src/core/logs/failureText';
import { GoTestParser } from '../../../src/core/logs/goTestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

const POLL = 'github.com/acme/poller/poll';
const CRASH = 'github.com/acme/poller/crash';
const CALC = 'github.com/acme/poller/calc';

function parse(name: string, errors?: string[]): TestOutcome[] {
  return parseText(fixtureText(name), errors);
}

function parseText(text: string, errors?: string[]): TestOutcome[] {
  return parseLines(new GoTestParser({ onError: (e) => errors?.push(e) }), text);
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}`);

test('a plain ok package with no per-test lines is one package-level pass', () => {
  const outcomes = parse('gotest-plain.txt').filter((o) => o.suite === CALC);
  assert.deepEqual(outcomes, [{ id: '', suite: CALC, framework: 'gotest', outcome: 'pass', attempt: 1, packageResult: true }]);
});

test('a cached ok package is a package-level pass too', () => {
  const outcomes = parse('gotest-plain-cached.txt').filter((o) => o.suite === CALC);
  assert.equal(outcomes[0]?.packageResult, true);
});

test('a package without test files reports nothing', () => {
  assert.ok(parse('gotest-plain.txt').every((o) => o.suite !== 'github.com/acme/poller/notests'));
});

test('plain mode reports the printed failures under their package import path', () => {
  assert.deepEqual(summary(parse('gotest-plain.txt')), [
    `${CALC} |  | pass`,
    `${CRASH} | TestNilConn | fail`,
    `${POLL} | TestPoll | fail`,
    `${POLL} | TestPoll/timeout | fail`,
  ]);
});

test("a failed subtest's messages are its indented lines, without their indentation", () => {
  const failed = byId(parse('gotest-plain.txt'), 'TestPoll/timeout');
  assert.match(failed.message ?? '', /^poll_test\.go:19: waited [\d.]+ms\npoll_test\.go:21: expected at least 50ms, got [\d.]+ms$/);
});

test('the failure location is the first test file line mentioned', () => {
  assert.equal(byId(parse('gotest-plain.txt'), 'TestPoll/timeout').failureLocation, 'poll_test.go:19');
});

test('a parent that failed through its subtest shows the subtest message', () => {
  const outcomes = parse('gotest-plain.txt');
  assert.equal(byId(outcomes, 'TestPoll').message, byId(outcomes, 'TestPoll/timeout').message);
});

test('unindented output after a failure is not part of its message', () => {
  assert.doesNotMatch(byId(parse('gotest-plain.txt'), 'TestPoll/timeout').message ?? '', /parallel A running/);
});

test('durations are read from the result lines', () => {
  assert.equal(byId(parse('gotest-plain.txt'), 'TestPoll').duration, 0.02);
});

test('verbose mode reports every test and subtest with its outcome', () => {
  assert.deepEqual(summary(parse('gotest-v.txt')), [
    `${CALC} | TestAdd | pass`,
    `${CALC} | TestAddNegative | pass`,
    `${CRASH} | TestBefore | pass`,
    `${CRASH} | TestNilConn | fail`,
    `${POLL} | TestPoll | fail`,
    `${POLL} | TestPoll/fast_path | pass`,
    `${POLL} | TestPoll/timeout | fail`,
    `${POLL} | TestNeedsDocker | skip`,
    `${POLL} | TestTableDriven | pass`,
    `${POLL} | TestTableDriven/one_plus_one | pass`,
    `${POLL} | TestTableDriven/ünïcode_name | pass`,
    `${POLL} | TestParallelA | pass`,
    `${POLL} | TestParallelB | pass`,
  ]);
});

test('a verbose ok package has no package-level result', () => {
  assert.ok(parse('gotest-v.txt').every((o) => !o.packageResult));
});

test("in verbose mode a failure's message is the output after its RUN line", () => {
  const failed = byId(parse('gotest-v.txt'), 'TestPoll/timeout');
  assert.match(failed.message ?? '', /^poll_test\.go:19: waited [\d.]+ms\npoll_test\.go:21: expected at least 50ms, got [\d.]+ms$/);
  assert.equal(failed.failureLocation, 'poll_test.go:19');
});

test('passing and skipped tests carry no message', () => {
  assert.ok(parse('gotest-v.txt').filter((o) => o.outcome !== 'fail').every((o) => o.message === undefined));
});

test('a panic after a test failed becomes part of its message', () => {
  for (const fixture of ['gotest-plain.txt', 'gotest-v.txt']) {
    const failed = byId(parse(fixture), 'TestNilConn');
    assert.match(failed.message ?? '', /^crash_test\.go:9: dialing\npanic: runtime error: invalid memory address/);
    assert.match(failed.message ?? '', /goroutine \d+ \[running\]:/);
    assert.equal(failed.failureLocation, 'crash_test.go:9');
  }
});

test('a panic with no failure line is charged to the test in its stack trace', () => {
  const text = fixtureText('gotest-plain.txt')
    .split('\n')
    .filter((line) => !line.startsWith('--- FAIL: TestNilConn') && !line.includes('crash_test.go:9: dialing'))
    .join('\n');
  const failed = byId(parseText(text), 'TestNilConn', CRASH);
  assert.equal(failed.outcome, 'fail');
  assert.match(failed.message ?? '', /^panic: runtime error/);
  assert.match(failed.failureLocation ?? '', /crash\/crash_test\.go:10$/);
});

test('a panic in verbose mode with no failure line is charged to the running test', () => {
  const text = ['=== RUN   TestHang', '    hang_test.go:5: starting', 'panic: boom', '', 'goroutine 1 [running]:', 'FAIL\tgithub.com/acme/hang\t0.01s'];
  const failed = byId(parseText(text.join('\n')), 'TestHang', 'github.com/acme/hang');
  assert.equal(failed.outcome, 'fail');
  assert.match(failed.message ?? '', /^hang_test\.go:5: starting\npanic: boom/);
});

test('a plain-mode timeout is charged to the test found in the goroutine traces', () => {
  const outcomes = parse('gotest-timeout.txt');
  assert.deepEqual(summary(outcomes), ['github.com/acme/poller/slow | TestStuck | fail']);
  assert.match(outcomes[0]?.message ?? '', /^panic: test timed out after 1s\n/);
  assert.match(outcomes[0]?.failureLocation ?? '', /slow\/slow_test\.go:12$/);
});

test('a verbose-mode timeout is charged to the running test', () => {
  const outcomes = parse('gotest-timeout-v.txt');
  assert.deepEqual(summary(outcomes), ['github.com/acme/poller/slow | TestQuick | pass', 'github.com/acme/poller/slow | TestStuck | fail']);
  assert.match(byId(outcomes, 'TestStuck').message ?? '', /^slow_test\.go:11: waiting for the server\npanic: test timed out after 1s/);
});

test('a timeout that lists its running tests (Go 1.21+) is charged to the listed test', () => {
  const text = [
    'panic: test timed out after 1s',
    'running tests:',
    '\tTestStuck (1s)',
    '',
    'goroutine 5 [running]:',
    'github.com/acme/poller/slow.TestOther(0xc0000829c0?)',
    'FAIL\tgithub.com/acme/poller/slow\t1.006s',
  ];
  assert.deepEqual(summary(parseText(text.join('\n'))), ['github.com/acme/poller/slow | TestStuck | fail']);
});

test('a panic outside any test is an error, not an outcome', () => {
  const errors: string[] = [];
  const text = [
    'panic: init failed',
    '',
    'goroutine 1 [running]:',
    'github.com/acme/boot.init.0()',
    '\t/home/runner/work/boot/boot/boot.go:7 +0x25',
    'FAIL\tgithub.com/acme/boot\t0.004s',
  ];
  assert.deepEqual(parseText(text.join('\n'), errors), []);
  assert.deepEqual(errors, ['go: panic outside a test in github.com/acme/boot: panic: init failed']);
});

test('a package that fails to build is an error with its first compile error', () => {
  const errors: string[] = [];
  const outcomes = parse('gotest-v.txt', errors);
  assert.ok(outcomes.every((o) => o.suite !== 'github.com/acme/poller/broken'));
  assert.deepEqual(errors, [
    'go: github.com/acme/poller/broken [build failed]: broken/broken.go:3:27: cannot use "not an int" (untyped string constant) as int value in return statement',
  ]);
});

test("results of a package whose final line never came are dropped", () => {
  const text = fixtureText('gotest-v.txt');
  const cut = text.slice(0, text.indexOf('FAIL\tgithub.com/acme/poller/poll'));
  assert.ok(parseText(cut).every((o) => o.suite !== POLL));
});

test('output after CONT and NAME lines belongs to the named test', () => {
  const text = [
    '=== RUN   TestA',
    '=== PAUSE TestA',
    '=== RUN   TestB',
    '=== PAUSE TestB',
    '=== CONT  TestA',
    '=== CONT  TestB',
    '=== NAME  TestA',
    '    a_test.go:10: a failed',
    '=== NAME  TestB',
    '    b_test.go:20: b says hi',
    '--- FAIL: TestA (0.00s)',
    '--- PASS: TestB (0.00s)',
    'FAIL',
    'FAIL\tgithub.com/acme/par\t0.01s',
  ];
  const outcomes = parseText(text.join('\n'));
  assert.equal(byId(outcomes, 'TestA').message, 'a_test.go:10: a failed');
  assert.equal(byId(outcomes, 'TestA').failureLocation, 'a_test.go:10');
  assert.equal(byId(outcomes, 'TestB').outcome, 'pass');
});

test('a test that prints a huge output gets a bounded message that starts with its first lines', () => {
  const lines = ['=== RUN   TestNoisy'];
  for (let i = 0; i < 50_000; i++) lines.push(`    noisy_test.go:${i + 1}: line ${i}`);
  lines.push('--- FAIL: TestNoisy (1.00s)', 'FAIL', 'FAIL\tgithub.com/acme/noisy\t1.2s');
  const failed = byId(parseText(lines.join('\n')), 'TestNoisy');
  const message = failed.message ?? '';
  assert.ok(message.length <= MAX_MESSAGE_CHARS + 2, `message has ${message.length} chars`);
  assert.match(message, /^noisy_test\.go:1: line 0\n/);
  assert.equal(failed.failureLocation, 'noisy_test.go:1');
});

test('ok lines with coverage are package-level passes', () => {
  const outcomes = parseText('ok  \tgithub.com/acme/cov\t0.5s\tcoverage: 81.2% of statements\n');
  assert.equal(outcomes[0]?.suite, 'github.com/acme/cov');
  assert.equal(outcomes[0]?.packageResult, true);
});

test('outcomes are gotest outcomes of attempt 1', () => {
  assert.ok(parse('gotest-v.txt').every((o) => o.framework === 'gotest' && o.attempt === 1));
});

test('a parser that saw no go test output reports nothing', () => {
  assert.deepEqual(parse('libtest-no-fail-fast.txt'), []);
});

test('a race report printed before the failure it causes (plain mode) becomes its message', () => {
  const failed = byId(parse('gotest-race.txt'), 'TestCounter');
  assert.equal(failed.outcome, 'fail');
  assert.match(failed.message ?? '', /^==================\nWARNING: DATA RACE\nRead at 0x[0-9a-f]+ by goroutine \d+:/);
  assert.match(failed.message ?? '', /race_test\.go:16: n = 2\ntesting\.go:\d+: race detected during execution of test/);
});

test('a race report in verbose mode belongs to the running test', () => {
  const outcomes = parse('gotest-race-v.txt');
  assert.match(byId(outcomes, 'TestCounter').message ?? '', /WARNING: DATA RACE/);
  assert.equal(byId(outcomes, 'TestCalm').outcome, 'pass');
});

test("gotestsum's own formats are not read as go test output", () => {
  assert.deepEqual(parse('gotestsum-testname.txt'), []);
  assert.deepEqual(parse('gotestsum-pkgname-and-test-fails.txt'), []);
});
