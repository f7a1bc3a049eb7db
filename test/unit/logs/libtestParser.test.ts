import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_MESSAGE_CHARS } from '../../../src/core/logs/failureText';
import { LibtestParser, binarySuite } from '../../../src/core/logs/libtestParser';
import type { TestOutcome } from '../../../src/core/model';
import { byId, fixtureText, parseLines } from './logFixtures';

function parse(name: string): TestOutcome[] {
  return parseLines(new LibtestParser(), fixtureText(name));
}

function parseText(text: string, onError?: (message: string) => void): TestOutcome[] {
  return parseLines(new LibtestParser({ onError }), text);
}

const summary = (outcomes: readonly TestOutcome[]): string[] => outcomes.map((o) => `${o.suite} | ${o.id} | ${o.outcome}`);

test('reads every test binary of a --no-fail-fast run', () => {
  const outcomes = parse('libtest-no-fail-fast.txt');
  assert.equal(outcomes.length, 16);
  assert.deepEqual(
    [...new Set(outcomes.map((o) => o.suite))],
    ['src/lib.rs', 'tests/all/main.rs', 'tests/smoke.rs', 'Doc-tests ticker'],
  );
});

test('maps ok, FAILED and ignored to pass, fail and skip', () => {
  const outcomes = parse('libtest-no-fail-fast.txt');
  assert.equal(byId(outcomes, 'tests::adds').outcome, 'pass');
  assert.equal(byId(outcomes, 'tests::adds_wrong').outcome, 'fail');
  assert.equal(byId(outcomes, 'tests::slow_one').outcome, 'skip');
});

test('an ignored test with a reason is a skip', () => {
  const outcomes = parse('libtest-no-fail-fast.txt');
  assert.equal(byId(outcomes, 'tests::fetches_remote').outcome, 'skip');
  assert.equal(byId(outcomes, 'tls::handshake').outcome, 'skip');
});

test('keeps the module path of unit tests in submodules and of integration test modules', () => {
  const outcomes = parse('libtest-no-fail-fast.txt');
  assert.equal(byId(outcomes, 'foo::bar::tests::doubles').suite, 'src/lib.rs');
  assert.equal(byId(outcomes, 'wait_notify::atomic_wait_timeout_length').suite, 'tests/all/main.rs');
});

test('keeps unicode test names', () => {
  assert.equal(byId(parse('libtest-no-fail-fast.txt'), 'tests::parses_port_ünïcode').outcome, 'fail');
});

test('doc-tests have the Doc-tests suite and their ids as printed', () => {
  const outcomes = parse('libtest-no-fail-fast.txt').filter((o) => o.suite === 'Doc-tests ticker');
  assert.deepEqual(summary(outcomes), [
    'Doc-tests ticker | src/lib.rs - Clock::now (line 26) | skip',
    'Doc-tests ticker | src/lib.rs - add (line 6) | pass',
    'Doc-tests ticker | src/lib.rs - parse_port (line 15) | fail',
  ]);
});

test('reports only the binary that ran when cargo stops at the first failing one', () => {
  const outcomes = parse('libtest-fail-fast.txt');
  assert.equal(outcomes.length, 7);
  assert.ok(outcomes.every((o) => o.suite === 'src/lib.rs'));
});

test('outcomes are libtest outcomes of attempt 1', () => {
  const outcomes = parse('libtest-fail-fast.txt');
  assert.ok(outcomes.every((o) => o.framework === 'libtest' && o.attempt === 1));
});

test("a failure's message is its captured output with the panic and the assertion values", () => {
  const failed = byId(parse('libtest-no-fail-fast.txt'), 'tests::adds_wrong');
  assert.match(failed.message ?? '', /^computing 2 \+ 2\n/);
  assert.match(failed.message ?? '', /panicked at src\/lib\.rs:46:9:\nassertion `left == right` failed: math is broken\n {2}left: 4\n right: 5/);
});

test('the failure location is where the test panicked', () => {
  const outcomes = parse('libtest-no-fail-fast.txt');
  assert.equal(byId(outcomes, 'tests::adds_wrong').failureLocation, 'src/lib.rs:46:9');
  assert.equal(byId(outcomes, 'wait_notify::atomic_wait_timeout_length').failureLocation, 'tests/all/wait_notify.rs:9:5');
});

test('an unwrap on Err keeps the error value in the message', () => {
  const failed = byId(parse('libtest-no-fail-fast.txt'), 'tls::connects_to_example_com');
  assert.equal(failed.failureLocation, 'tests/all/tls.rs:4:7');
  assert.match(failed.message ?? '', /called `Result::unwrap\(\)` on an `Err` value: "connection refused \(os error 111\)"/);
});

test('a failed doc-test gets its block as message', () => {
  const failed = byId(parse('libtest-no-fail-fast.txt'), 'src/lib.rs - parse_port (line 15)');
  assert.match(failed.message ?? '', /^Test executable failed \(exit status: 101\)\./);
  assert.match(failed.message ?? '', / right: 8080/);
});

test('passing and skipped tests carry no message', () => {
  const outcomes = parse('libtest-no-fail-fast.txt');
  assert.ok(outcomes.filter((o) => o.outcome !== 'fail').every((o) => o.message === undefined));
});

test('with --nocapture the output printed between name and result is the message', () => {
  const outcomes = parse('libtest-nocapture.txt');
  const failed = byId(outcomes, 'tests::adds_wrong');
  assert.equal(failed.outcome, 'fail');
  assert.match(failed.message ?? '', /^computing 2 \+ 2\n[\s\S]*math is broken/);
  assert.equal(failed.failureLocation, 'src/lib.rs:46:9');
});

test('with --nocapture a test that printed on its name line still gets its result', () => {
  const outcomes = parse('libtest-nocapture.txt');
  assert.equal(byId(outcomes, 'foo::bar::tests::doubles').outcome, 'pass');
  assert.equal(outcomes.length, 11);
});

test('coloured output gives the same outcomes as plain output', () => {
  const plain = parse('libtest-no-fail-fast.txt');
  const coloured = parse('libtest-color.txt');
  const key = (o: TestOutcome): string => `${o.suite} | ${o.id} | ${o.outcome} | ${o.failureLocation ?? ''}`;
  assert.deepEqual(coloured.map(key).sort(), plain.map(key).sort());
});

test('a backtrace is cut to the message bound and keeps the panic and first frames', () => {
  const failed = byId(parse('libtest-backtrace.txt'), 'tls::connects_to_example_com');
  const message = failed.message ?? '';
  assert.ok(message.length <= MAX_MESSAGE_CHARS + 2);
  assert.match(message, /^thread 'tls::connects_to_example_com' \(\d+\) panicked at tests\/all\/tls\.rs:4:7:/);
  assert.match(message, /stack backtrace:\n\s+0: __rustc::rust_begin_unwind/);
});

test('a huge captured output is bounded and keeps its first lines and the panic', () => {
  const printed = Array.from({ length: 20_000 }, (_, i) => `log line ${i}`).join('\n');
  const outcomes = parseText(
    [
      '     Running unittests src/lib.rs (target/debug/deps/big-0123456789abcdef)',
      '',
      'running 1 test',
      'test noisy ... FAILED',
      '',
      'failures:',
      '',
      '---- noisy stdout ----',
      printed,
      "thread 'noisy' panicked at src/lib.rs:3:5:",
      'boom',
      '',
      'failures:',
      '    noisy',
      '',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s',
    ].join('\n'),
  );
  const message = byId(outcomes, 'noisy').message ?? '';
  assert.ok(message.length <= MAX_MESSAGE_CHARS + 2, `message has ${message.length} chars`);
  assert.match(message, /^log line 0\n/);
  assert.match(message, /log line 19999\nthread 'noisy' panicked at src\/lib\.rs:3:5:\nboom/);
  assert.equal(byId(outcomes, 'noisy').failureLocation, 'src/lib.rs:3:5');
});

const OLD_FORMAT = [
  '     Running target/debug/deps/oldcrate-3f1a2b3c4d5e6f70',
  '',
  'running 2 tests',
  'test tests::one ... FAILED',
  'test tests::two ... FAILED',
  '',
  'failures:',
  '',
  '---- tests::one stdout ----',
  "thread 'tests::one' panicked at 'called `Option::unwrap()` on a `None` value', src/lib.rs:12:5",
  'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
  '',
  '---- tests::two stdout ----',
  "thread 'tests::two' panicked at 'assertion failed: `(left == right)`",
  '  left: `1`,',
  " right: `2`', src/lib.rs:20:9",
  '',
  '',
  'failures:',
  '    tests::one',
  '    tests::two',
  '',
  'test result: FAILED. 0 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out',
].join('\n');

test('reads the panic location in the form before Rust 1.73', () => {
  assert.equal(byId(parseText(OLD_FORMAT), 'tests::one').failureLocation, 'src/lib.rs:12:5');
});

test('reads the old-form panic location after a multi-line message', () => {
  assert.equal(byId(parseText(OLD_FORMAT), 'tests::two').failureLocation, 'src/lib.rs:20:9');
});

test('a binary printed without its source path is named without its hash', () => {
  assert.equal(byId(parseText(OLD_FORMAT), 'tests::one').suite, 'oldcrate');
});

test('suites use forward slashes and no .exe on Windows', () => {
  assert.equal(binarySuite('unittests src\\lib.rs (target\\debug\\deps\\ticker-33637962a7c36a96.exe)'), 'src/lib.rs');
  assert.equal(binarySuite('tests\\all\\main.rs (target\\debug\\deps\\all-dbc42eeff78c637c.exe)'), 'tests/all/main.rs');
  assert.equal(binarySuite('target\\debug\\deps\\foo-0123abcd.exe'), 'foo');
});

test('doc-test ids use forward slashes on Windows', () => {
  const outcomes = parseText(['   Doc-tests ticker', '', 'running 1 test', 'test src\\lib.rs - add (line 6) ... ok'].join('\n'));
  assert.equal(outcomes[0]?.id, 'src/lib.rs - add (line 6)');
});

test('the should-panic and compile-fail suffixes are not part of the id', () => {
  const outcomes = parse('libtest-extras.txt');
  assert.equal(byId(outcomes, 'tests::panics_ok').outcome, 'pass');
  assert.equal(byId(outcomes, 'tests::does_not_panic').outcome, 'fail');
  assert.equal(byId(outcomes, 'src/lib.rs - f (line 1)').outcome, 'pass');
});

test('a should-panic test that did not panic points at the test', () => {
  const failed = byId(parse('libtest-extras.txt'), 'tests::does_not_panic');
  assert.equal(failed.failureLocation, 'src/lib.rs:18:8');
  assert.equal(failed.message, 'note: test did not panic as expected at src/lib.rs:18:8');
});

test('a crashed test binary is reported as an error and the tests before it are kept', () => {
  const errors: string[] = [];
  const outcomes = parseLines(new LibtestParser({ onError: (e) => errors.push(e) }), fixtureText('libtest-extras.txt'));
  assert.equal(byId(outcomes, 'a_fine', 'tests/crash.rs').outcome, 'pass');
  assert.equal(errors.length, 1);
  assert.match(errors[0] ?? '', /^test binary tests\/crash\.rs crashed: .*signal: 6, SIGABRT/);
});

test('a compile error is reported as an error with its cause, not as outcomes', () => {
  const errors: string[] = [];
  const outcomes = parseLines(new LibtestParser({ onError: (e) => errors.push(e) }), fixtureText('libtest-compile-error.txt'));
  assert.deepEqual(outcomes, []);
  assert.equal(errors[0], 'could not compile `extras` (lib) due to 1 previous error: error[E0308]: mismatched types at src/lib.rs:23:21');
});

test('test lines outside a running section are ignored', () => {
  assert.deepEqual(parseText('echo\ntest foo ... ok\ntest_add (tests.TestCalc) ... ok\n'), []);
});

test('a parser that saw no libtest output reports nothing', () => {
  assert.deepEqual(parse('gotest-v.txt'), []);
});
