import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJUnitXml } from '../../../src/core/reports/junitXml';
import { workspacePath } from '../../../src/core/reports/junitDialects';
import { corpusBytes, outcomeOf, reportBytes, summary } from './reportFixtures';

const parse = (name: string) => parseJUnitXml(reportBytes(name));

test('a Surefire report is the jvm dialect with the fully qualified class as suite and the method as id', () => {
  const report = parse('surefire-TEST-com.example.RetryClientTest.xml');
  assert.equal(report.dialect, 'jvm');
  assert.equal(report.framework, 'junit');
  assert.deepEqual(summary(report.outcomes), [
    'com.example.RetryClientTest | connectsToServer | flaky (attempt 2)',
    'com.example.RetryClientTest | parsesRetryAfter(String)[1] | pass',
    'com.example.RetryClientTest | parsesRetryAfter(String)[2] | fail (attempt 3)',
    'com.example.RetryClientTest | closesIdleConnections | fail',
    'com.example.RetryClientTest | usesProxy | skip',
    'com.example.RetryClientTest$Backoff | Nested › handles 429 & backs off | pass',
  ]);
});

test('a Surefire flakyFailure gives the flaky outcome the failed attempt’s stack trace, not its output', () => {
  const flaky = outcomeOf(parse('surefire-TEST-com.example.RetryClientTest.xml').outcomes, 'connectsToServer');
  assert.match(flaky.message ?? '', /^org\.opentest4j\.AssertionFailedError: expected: <200> but was: <503>\n/);
  assert.match(flaky.message ?? '', /RetryClientTest\.java:42/);
  assert.doesNotMatch(flaky.message ?? '', /GET http/);
});

test('a Surefire error element is a failure with its exception as message', () => {
  const failed = outcomeOf(parse('surefire-TEST-com.example.RetryClientTest.xml').outcomes, 'closesIdleConnections');
  assert.equal(failed.outcome, 'fail');
  assert.match(failed.message ?? '', /^java\.net\.SocketException: Connection reset/);
  assert.equal(failed.duration, 1.501);
});

test('a skipped test case carries no message', () => {
  assert.equal(outcomeOf(parse('surefire-TEST-com.example.RetryClientTest.xml').outcomes, 'usesProxy').message, undefined);
});

test('a Gradle report reads as the jvm dialect with parameterized names kept whole', () => {
  const report = parse('gradle-TEST-com.example.ParserTest.xml');
  assert.equal(report.dialect, 'jvm');
  assert.deepEqual(summary(report.outcomes), [
    'com.example.ParserTest | parsesNumbers(String)[1] | pass',
    'com.example.ParserTest | parsesNumbers(String)[2] | fail',
    'com.example.ParserTest | rejectsEmpty() | pass',
    'com.example.ParserTest | parsesUnicode() | skip',
  ]);
});

test('a pytest report gives node ids with classes, nested classes and parameters', () => {
  const report = parse('pytest-xunit2.xml');
  assert.equal(report.dialect, 'pytest');
  assert.equal(report.framework, 'pytest');
  assert.deepEqual(summary(report.outcomes).slice(0, 4), [
    'tests/test_sampling.py | tests/test_sampling.py::TestReservoir::test_keeps_k_items[10-3] | pass',
    'tests/test_sampling.py | tests/test_sampling.py::TestReservoir::test_keeps_k_items[a::b-1] | pass',
    'tests/test_sampling.py | tests/test_sampling.py::TestReservoir::TestWeighted::test_prefers_heavy_items | fail',
    'tests/test_greeting.py | tests/test_greeting.py::test_greets[Zo\\xeb] | pass',
  ]);
});

test('pytest skips and expected failures are skips', () => {
  const outcomes = parse('pytest-xunit2.xml').outcomes;
  assert.equal(outcomeOf(outcomes, 'tests/test_net.py::test_fetches_example').outcome, 'skip');
  assert.equal(outcomeOf(outcomes, 'tests/test_net.py::test_known_bug').outcome, 'skip');
});

test('a pytest setup error is a failure whose message starts with pytest’s own summary', () => {
  const failed = outcomeOf(parse('pytest-xunit2.xml').outcomes, 'tests/test_db.py::test_query');
  assert.equal(failed.outcome, 'fail');
  assert.match(failed.message ?? '', /^failed on setup with "ConnectionRefusedError: \[Errno 111\] Connection refused"\n/);
});

test('a pytest module that failed to import is an error, not a test, as the console parser has it', () => {
  const report = parse('pytest-xunit2.xml');
  assert.ok(report.outcomes.every((o) => o.suite !== 'tests/test_broken.py'));
  assert.deepEqual(report.errors, ["pytest: error collecting tests/test_broken.py: ModuleNotFoundError: No module named 'numpyy'"]);
});

test('a pytest test case repeated by pytest-rerunfailures is one outcome: flaky when the last attempt passed', () => {
  const outcomes = parse('pytest-xunit2.xml').outcomes;
  assert.deepEqual(summary(outcomes.filter((o) => o.suite === 'tests/test_timing.py')), [
    'tests/test_timing.py | tests/test_timing.py::test_debounce | flaky (attempt 2)',
    'tests/test_timing.py | tests/test_timing.py::test_always_late | fail (attempt 3)',
  ]);
});

test('pytest-rerunfailures flakyFailure elements make a passing test flaky with the failure as message', () => {
  const flaky = outcomeOf(parse('pytest-flakyfailure.xml').outcomes, 'tests/test_random.py::test_random');
  assert.equal(flaky.outcome, 'flaky');
  assert.equal(flaky.attempt, 3);
  assert.match(flaky.message ?? '', /E {7}assert False$/);
});

test('unittest-xml-reporting reports give the dotted class, completed from the file attribute, and the method', () => {
  const report = parseJUnitXml(corpusBytes('python-xunit-unittest.xml'));
  assert.equal(report.dialect, 'unittest');
  assert.equal(report.framework, 'unittest');
  assert.deepEqual(summary(report.outcomes).slice(0, 2), ['tests.test_lib.TestAcme | test_always_pass | pass', 'tests.test_lib.TestAcme | test_parameterized_0_param1 | pass']);
});

test('a unittest classname that is already dotted is the suite as it is', () => {
  const xml = '<testsuite name="x"><testcase classname="pkg.mod.TestC" name="test_y" file="pkg/mod.py"/></testsuite>';
  assert.deepEqual(summary(parseJUnitXml(xml).outcomes), ['pkg.mod.TestC | test_y | pass']);
});

test('jest-junit with default templates keeps the test’s full name as id and the file attribute as suite', () => {
  const report = parse('jest-junit-default.xml');
  assert.equal(report.dialect, 'jest');
  assert.deepEqual(summary(report.outcomes), [
    'src/cart.test.ts | Cart adds an item | pass',
    'src/cart.test.ts | Cart totals with a coupon applies 10% | fail',
    'src/cart.test.ts | Cart removes an item | pass',
    'src/cart.test.ts | Cart persists to storage | skip',
    'src/format.test.ts | formatPrice formats ¥ without decimals | pass',
  ]);
});

test('jest-junit with a › separator joins describe and test with ›, and the file from the testsuite name', () => {
  const report = parseJUnitXml(corpusBytes('jest-junit.xml'));
  assert.equal(report.dialect, 'jest');
  assert.deepEqual(summary(report.outcomes).slice(0, 2), ['__tests__/main.test.js | Test 1 › Passing test | pass', '__tests__/main.test.js | Test 1 › Test 1.1 › Failing test | fail']);
  assert.equal(report.outcomes[4]?.id, 'Timeout test');
});

test('a jest test file that failed to run is an error, not a test, as the console parser has it', () => {
  const report = parseJUnitXml(corpusBytes('test-errors/jest/jest-test-results.xml'));
  assert.deepEqual(report.outcomes, []);
  assert.deepEqual(report.errors, [
    "jest: libs/foo.spec.ts failed to run: tsconfig.json:13:3 - error TS6258: 'typeRoots' should be set inside the 'compilerOptions' object of the config json file",
    "jest: libs/bar.spec.ts failed to run: tsconfig.json:13:3 - error TS6258: 'typeRoots' should be set inside the 'compilerOptions' object of the config json file",
  ]);
});

test('vitest reports join describe and test with › under the file, as the console parser does', () => {
  const report = parse('vitest-junit.xml');
  assert.equal(report.dialect, 'vitest');
  assert.deepEqual(summary(report.outcomes), [
    'src/debounce.test.ts | debounce › fires once after the delay | pass',
    'src/debounce.test.ts | debounce › cancels a pending call | fail',
    'src/debounce.test.ts | debounce › flushes on unmount | skip',
    'src/utils/clamp.test.ts | clamps into [min, max] | pass',
  ]);
});

test('Playwright reports give the project in brackets before the title path, and flaky retries', () => {
  const report = parse('playwright-junit.xml');
  assert.equal(report.dialect, 'playwright');
  assert.deepEqual(summary(report.outcomes), [
    'checkout.spec.ts | [chromium] › checkout › pays with a saved card | flaky (attempt 2)',
    'checkout.spec.ts | [chromium] › checkout › shows the total | fail',
    'checkout.spec.ts | [chromium] › checkout › applies a gift card | skip',
    'checkout.spec.ts | [firefox] › checkout › pays with a saved card | pass',
  ]);
  assert.match(report.outcomes[0]?.message ?? '', /^Error: Timed out 5000ms waiting for expect\(locator\)\.toBeVisible\(\)/);
});

test('mocha-junit-reporter reports rebuild the describe path, with no suite as mocha’s console has none', () => {
  const report = parse('mocha-junit-reporter.xml');
  assert.equal(report.dialect, 'mocha');
  assert.deepEqual(summary(report.outcomes), [
    ' | Queue › drains in order | pass',
    ' | Queue › retries a failed job | fail',
    ' | Queue › pauses when empty | pass',
    ' | Queue › retry policy › backs off twice | pass',
    ' | Queue › retry policy › with jitter › spreads retries | pass',
  ]);
});

test('gotestsum reports give package and test names, and a rerun that passed makes the failure flaky', () => {
  const report = parse('gotestsum-rerun.xml');
  assert.equal(report.dialect, 'go');
  assert.equal(report.framework, 'gotest');
  assert.deepEqual(summary(report.outcomes), [
    'github.com/acme/poller/poll | TestPoll/fast | pass',
    'github.com/acme/poller/poll | TestPoll/timeout | flaky (attempt 2)',
    'github.com/acme/poller/poll | TestPoll | flaky (attempt 2)',
    'github.com/acme/poller/poll | TestSkipsOffline | skip',
    'github.com/acme/poller/calc | TestAdd | pass',
  ]);
});

test('a Go failure message is what the test logged, without go test’s framing lines', () => {
  assert.equal(outcomeOf(parse('gotestsum-rerun.xml').outcomes, 'TestPoll/timeout').message, 'poll_test.go:21: expected at least 50ms, got 31ms');
});

test('Go tests repeated without a failure stay separate executions', () => {
  const xml =
    '<testsuites><testsuite name="example.com/m"><properties><property name="go.version" value="go1.23"/></properties>' +
    '<testcase classname="example.com/m" name="TestA"/><testcase classname="example.com/m" name="TestA"/></testsuite></testsuites>';
  assert.deepEqual(summary(parseJUnitXml(xml).outcomes), ['example.com/m | TestA | pass', 'example.com/m | TestA | pass']);
});

test('nextest reports give binary id and test path, flaky retries and retried failures', () => {
  const report = parse('nextest-junit.xml');
  assert.equal(report.dialect, 'nextest');
  assert.equal(report.framework, 'nextest');
  assert.deepEqual(summary(report.outcomes), [
    'beacon::all | wait_notify::atomic_wait_timeout_length | flaky (attempt 2)',
    'beacon::all | tls::tls_sample_application | fail (attempt 2)',
    'beacon::all | config::parses_default_path | pass',
    'beacon | parser::tokens::splits_on_whitespace | pass',
  ]);
});

test('a nextest flaky attempt’s panic is read from its system-err when it has no other text', () => {
  const flaky = outcomeOf(parse('nextest-junit.xml').outcomes, 'wait_notify::atomic_wait_timeout_length');
  assert.match(flaky.message ?? '', /^thread 'wait_notify::atomic_wait_timeout_length' panicked at tests\/all\/wait_notify\.rs:18:5:\nassertion failed: elapsed >= timeout/);
});

test('PHPUnit reports use the PHP class as suite', () => {
  const report = parseJUnitXml(corpusBytes('phpunit/phpunit.xml'));
  assert.equal(report.dialect, 'phpunit');
  const test = outcomeOf(report.outcomes, 'testHasNoCollectedEventsWhenFlushedImmediatelyAfterCreation');
  assert.equal(test.suite, 'PHPUnit\\Event\\CollectingDispatcherTest');
});

test('a gtest test case that did not run is a skip', () => {
  const xml = '<testsuites><testsuite name="Math"><testcase name="Adds" status="run" classname="Math"/><testcase name="DISABLED_Divides" status="notrun" classname="Math"/></testsuite></testsuites>';
  assert.deepEqual(summary(parseJUnitXml(xml).outcomes), ['Math | Adds | pass', 'Math | DISABLED_Divides | skip']);
});

test('a report of no particular tool is read the generic way: classname as suite, name as id', () => {
  const report = parseJUnitXml('<testsuite name="Checks"><testcase name="lint ok"/><testcase name="format" classname="style"><failure message="bad"/></testcase></testsuite>');
  assert.equal(report.dialect, 'generic');
  assert.deepEqual(summary(report.outcomes), ['Checks | lint ok | pass', 'style | format | fail']);
  assert.equal(report.outcomes[1]?.message, 'bad');
});

test('workspace paths lose the GitHub runner’s checkout prefix and use forward slashes', () => {
  assert.equal(workspacePath('/home/runner/work/shop/shop/src/a.test.ts'), 'src/a.test.ts');
  assert.equal(workspacePath('D:\\a\\shop\\shop\\src\\a.test.ts'), 'src/a.test.ts');
  assert.equal(workspacePath('/Users/runner/work/shop/shop/tests/x.py'), 'tests/x.py');
  assert.equal(workspacePath('./src/b.test.js'), 'src/b.test.js');
  assert.equal(workspacePath('/srv/app/test.js'), '/srv/app/test.js');
});
