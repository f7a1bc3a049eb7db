// Timing: elapsed times compared with literal bounds, timestamps, time budgets, and timeout or duration messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { durationMillis } from '../../../src/core/classify/codePatterns';
import { categoriesOf, confidenceOf, verdict } from './classifyFixtures';

describe('timing signs in source', () => {
  it('reads a Rust assertion on elapsed() against a duration as timing, quoting the comparing line', () => {
    const text = [
      '#[test]',
      'fn wait_times_out() {',
      '    let start = Instant::now();',
      '    let woke = cv.wait_timeout(guard, Duration::from_millis(100)).unwrap();',
      '    assert!(start.elapsed() >= Duration::from_millis(100));',
      '}',
    ].join('\n');
    const result = classify({ language: 'rust', testSource: { file: 'tests/all/wait_notify.rs', text, startLine: 8 } });
    assert.equal(result.category, 'timing');
    assert.equal(verdict(result, 'timing')?.evidence[0], 'tests/all/wait_notify.rs:12: assert!(start.elapsed() >= Duration::from_millis(100));');
  });

  it('reads a Java assertion on currentTimeMillis differences as timing', () => {
    const text = 'long start = System.currentTimeMillis();\ncache.refresh();\nlong took = System.currentTimeMillis() - start;\nassertTrue(took < 1000);';
    assert.equal(classify({ language: 'java', testSource: { file: 'CacheTest.java', text, startLine: 1 } }).category, 'timing');
  });

  it('reads a TypeScript matcher on performance.now() as timing', () => {
    const text = 'const t0 = performance.now();\nawait render();\nexpect(performance.now() - t0).toBeLessThan(50);';
    assert.equal(classify({ language: 'typescript', testSource: { file: 'render.test.ts', text, startLine: 1 } }).category, 'timing');
  });

  it('reads a Python assertion on time.monotonic() as timing', () => {
    const text = 'def test_fast():\n    start = time.monotonic()\n    run()\n    assert time.monotonic() - start < 0.5\n';
    assert.equal(classify({ language: 'python', testSource: { file: 'test_speed.py', text, startLine: 1 } }).category, 'timing');
  });

  it('puts the compared duration in the suggestion', () => {
    const text = 'start := time.Now()\nrun()\nif d := time.Since(start); d > 200*time.Millisecond {\n\tt.Fatalf("took %v", d)\n}';
    assert.match(classify({ language: 'go', testSource: { file: 'a_test.go', text, startLine: 1 } }).suggestion, /`200\*time\.Millisecond`/);
  });

  it('does not take a deadline loop for an elapsed-time assertion', () => {
    const text = 'let deadline = Instant::now() + Duration::from_secs(5);\nwhile Instant::now() < deadline {\n    if ready() { break; }\n    thread::sleep(Duration::from_millis(10));\n}\nassert!(ready());';
    const result = classify({ language: 'rust', testSource: { file: 'src/lib.rs', text, startLine: 1 } });
    assert.ok(!(verdict(result, 'timing')?.evidence ?? []).some((line) => line.includes('while')));
    assert.ok(confidenceOf(result, 'timing') < 0.5);
  });

  it('counts elapsed-time assertions for less under a fake clock', () => {
    const text = 'const t0 = Date.now();\nadvance();\nexpect(Date.now() - t0).toBeGreaterThanOrEqual(100);';
    const real = classify({ language: 'typescript', testSource: { file: 'a.test.ts', text, startLine: 1 } });
    const fake = classify({ language: 'typescript', testSource: { file: 'a.test.ts', text: 'vi.useFakeTimers();\n' + text, startLine: 1 } });
    assert.ok(confidenceOf(fake, 'timing') < confidenceOf(real, 'timing'));
  });

  it('reads a JUnit time budget as timing', () => {
    const text = '@Test(timeout = 2000)\npublic void importsLargeFile() throws Exception {\n    importer.run(bigFile);\n}';
    assert.equal(classify({ language: 'java', testSource: { file: 'ImportTest.java', text, startLine: 1 } }).category, 'timing');
  });

  it('reads an assertion on timestamp arithmetic as timing', () => {
    const text = 'assertEquals(2000, message.getExpiration() - message.getTimestamp());';
    assert.equal(classify({ language: 'java', testSource: { file: 'ExpiryTest.java', text, startLine: 1 } }).category, 'timing');
  });

  it('reads the current date in a test as a timing sign', () => {
    const text = 'LocalDate today = LocalDate.now();\nassertEquals("2024-01-31", formatter.format(today.minusDays(1)));';
    assert.ok(categoriesOf(classify({ language: 'java', testSource: { file: 'DateTest.java', text, startLine: 1 } })).includes('timing'));
  });
});

describe('timing signs in messages', () => {
  it('reads a measured duration against its bound as timing', () => {
    assert.equal(classify({ language: 'unknown', messages: ['expected elapsed >= 100ms, got 93.4ms'] }).category, 'timing');
  });

  it('reads a failed assertion on an elapsed time, printed with its expression, as timing', () => {
    const message = "thread 'wait_notify::atomic_wait_timeout_length' panicked at tests/all/wait_notify.rs:20:5:\nassertion failed: start.elapsed() >= Duration::from_millis(200)";
    const result = classify({ language: 'rust', messages: [message] });
    assert.equal(result.category, 'timing');
    assert.ok(confidenceOf(result, 'timing') >= 0.6);
  });

  it('reads a Go context deadline as timing', () => {
    assert.equal(classify({ language: 'go', messages: ['server_test.go:88: shutdown: context deadline exceeded'] }).category, 'timing');
  });

  it('reads a Jest test timeout as timing', () => {
    assert.equal(classify({ language: 'typescript', messages: ['thrown: "Exceeded timeout of 5000 ms for a test.'] }).category, 'timing');
  });

  it('does not read the duration of a runner summary line as timing', () => {
    assert.equal(classify({ language: 'go', messages: ['--- FAIL: TestParse (0.00s)\n    parse_test.go:12: got "a", want "b"'] }).category, 'unknown');
  });

  it('trusts timing more when the test fails only on Windows', () => {
    const messages = ['took 18ms, expected at most 16ms'];
    const windows = classify({ language: 'unknown', messages, pattern: { failingOs: ['windows'], allOs: ['linux', 'windows'] } });
    const linux = classify({ language: 'unknown', messages, pattern: { failingOs: ['linux'], allOs: ['linux', 'windows'] } });
    assert.ok(confidenceOf(windows, 'timing') > confidenceOf(linux, 'timing'));
  });
});

describe('durationMillis', () => {
  it('reads Go, Rust, Java and plain durations in milliseconds', () => {
    assert.deepEqual(
      ['50*time.Millisecond', 'Duration::from_secs(5)', 'Duration.ofSeconds(2)', '250ms', '1.5s'].map(durationMillis),
      [50, 5000, 2000, 250, 1500],
    );
  });

  it('answers undefined when the unit is not written', () => {
    assert.equal(durationMillis('1000'), undefined);
  });
});

describe('time budgets', () => {
  it('reads a tight timeout as a timing sign', () => {
    const result = classify({ language: 'go', testSource: { file: 'a_test.go', text: 'ctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)\ndefer cancel()', startLine: 1 } });
    assert.ok(categoriesOf(result).includes('timing'));
  });

  it('does not read a generous timeout as a timing sign', () => {
    const result = classify({ language: 'go', testSource: { file: 'a_test.go', text: 'ctx, cancel := context.WithTimeout(ctx, 30*time.Second)\ndefer cancel()', startLine: 1 } });
    assert.equal(result.category, 'unknown');
  });
});
