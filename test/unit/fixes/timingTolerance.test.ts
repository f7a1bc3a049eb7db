// Widening a literal timing tolerance in the assertion a timing verdict points at: lower bounds one timer tick
// smaller, upper bounds twice as large (at least one tick more), in the literal's own unit and form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Language } from '../../../src/core/classify/language';
import { parseEvidence } from '../../../src/core/fixes/evidenceLine';
import { applyEdits } from '../../../src/core/fixes/textEdit';
import { widenToleranceFixes } from '../../../src/core/fixes/timingTolerance';

function widen(language: Language, text: string, evidence: string) {
  const at = parseEvidence(evidence);
  assert.ok(at, evidence);
  const outcome = widenToleranceFixes({ evidence: at, language, text });
  return { outcome, fix: outcome.fixes[0], result: outcome.fixes[0] ? applyEdits(text, outcome.fixes[0].edits) : undefined };
}

const POLL = [
  'func TestPoll(t *testing.T) {',
  '\tt.Run("timeout", func(t *testing.T) {',
  '\t\tok, elapsed := Poll(filepath.Join(dir, "missing"), 10*time.Millisecond, 50*time.Millisecond)',
  '\t\tif ok {',
  '\t\t\tt.Fatal("Poll saw a file that does not exist")',
  '\t\t}',
  '\t\tif elapsed < 50*time.Millisecond {',
  '\t\t\tt.Errorf("poll returned after %v, expected at least 50ms", elapsed)',
  '\t\t}',
  '\t})',
  '}',
  '',
].join('\n');

test('Go: the poll test\'s lower bound (an if that fails when elapsed is below it) gets one tick smaller', () => {
  const { fix, result } = widen('go', POLL, 'sysfs/poll_test.go:7: if elapsed < 50*time.Millisecond {');
  assert.ok(fix);
  assert.equal(fix.title, 'Widen the timing tolerance: 50*time.Millisecond → 34*time.Millisecond');
  assert.equal(fix.file, 'sysfs/poll_test.go');
  assert.equal(fix.description, 'if elapsed < 50*time.Millisecond { → if elapsed < 34*time.Millisecond { (the lower bound one timer tick smaller (Windows timers tick every 15.6 ms))');
  assert.equal(result, POLL.replace('if elapsed < 50*time.Millisecond', 'if elapsed < 34*time.Millisecond'));
});

test('Go: the evidence line is found where it moved to when lines were added above', () => {
  const { result } = widen('go', `// header\n\n${POLL}`, 'sysfs/poll_test.go:7: if elapsed < 50*time.Millisecond {');
  assert.match(result ?? '', /if elapsed < 34\*time\.Millisecond \{/);
});

test('Go: an upper bound (d > timeout fails) doubles; seconds that stop being whole become milliseconds', () => {
  assert.equal(widen('go', '\tif d > 2 * time.Second {\n', 'a_test.go:1: if d > 2 * time.Second {').result, '\tif d > 4 * time.Second {\n');
  assert.equal(widen('go', '\tif d < time.Second {\n', 'a_test.go:1: if d < time.Second {').result, '\tif d < 984*time.Millisecond {\n');
});

test('Rust: assert!(elapsed < …) is an upper bound; a lower bound within one tick is not widened into nothing', () => {
  assert.equal(
    widen('rust', '    assert!(start.elapsed() < Duration::from_millis(100), "slow");\n', 'a.rs:1: assert!(start.elapsed() < Duration::from_millis(100), "slow");').result,
    '    assert!(start.elapsed() < Duration::from_millis(200), "slow");\n',
  );
  assert.equal(widen('rust', 'assert!(elapsed >= Duration::from_millis(50));\n', 'a.rs:1: assert!(elapsed >= Duration::from_millis(50));').result, 'assert!(elapsed >= Duration::from_millis(34));\n');
  const tight = widen('rust', 'assert!(elapsed >= Duration::from_millis(10));\n', 'a.rs:1: assert!(elapsed >= Duration::from_millis(10));');
  assert.equal(tight.fix, undefined);
  assert.match(tight.outcome.refused[0]?.reason ?? '', /within one timer tick/);
  assert.equal(widen('rust', 'assert!(e < Duration::from_secs_f64(0.5));\n', 'a.rs:1: assert!(e < Duration::from_secs_f64(0.5));').result, 'assert!(e < Duration::from_secs_f64(1.0));\n');
});

test('jest: toBeLessThan(500) doubles, toBeGreaterThanOrEqual(50) gets one tick smaller, .not is left alone', () => {
  assert.equal(widen('typescript', '    expect(elapsed).toBeLessThan(500);\n', 'a.test.ts:1: expect(elapsed).toBeLessThan(500);').result, '    expect(elapsed).toBeLessThan(1000);\n');
  assert.equal(widen('typescript', 'expect(Date.now() - start).toBeGreaterThanOrEqual(50);\n', 'a.test.ts:1: expect(Date.now() - start).toBeGreaterThanOrEqual(50);').result, 'expect(Date.now() - start).toBeGreaterThanOrEqual(34);\n');
  assert.equal(widen('typescript', 'expect(elapsed).not.toBeLessThan(50);\n', 'a.test.ts:1: expect(elapsed).not.toBeLessThan(50);').fix, undefined);
});

test('pytest: assert elapsed < 0.5 (seconds) becomes 1.0; a lower bound 0.05 becomes 0.034', () => {
  assert.equal(widen('python', '    assert elapsed < 0.5, f"took {elapsed}"\n', 'test_x.py:1: assert elapsed < 0.5, f"took {elapsed}"').result, '    assert elapsed < 1.0, f"took {elapsed}"\n');
  assert.equal(widen('python', '    assert time.monotonic() - start >= 0.05  # at least one poll\n', 'test_x.py:1: assert time.monotonic() - start >= 0.05  # at least one poll').result, '    assert time.monotonic() - start >= 0.034  # at least one poll\n');
  assert.equal(widen('python', '        self.assertLess(elapsed, 2)\n', 'test_x.py:1: self.assertLess(elapsed, 2)').result, '        self.assertLess(elapsed, 4)\n');
});

test('two literal bounds, or none, are not mechanical', () => {
  assert.equal(widen('python', 'assert 0.4 < elapsed < 0.6\n', 't.py:1: assert 0.4 < elapsed < 0.6').fix, undefined);
  assert.equal(widen('go', 'deadline := time.Now().Add(time.Second)\n', 'a_test.go:1: deadline := time.Now().Add(time.Second)').fix, undefined);
});

test('an assertion inside a one-line if is refused, never read as the if\'s failure condition and tightened', () => {
  const cases: [Language, string][] = [
    ['javascript', 'if (process.env.CI) assert.ok(elapsed < 100);'],
    ['rust', 'if cfg!(target_os = "linux") { assert!(elapsed < Duration::from_millis(100)); }'],
    ['python', 'if CI: assert elapsed < 0.5'],
  ];
  assertRefused(cases, /inside an if/);
});

/** Each line, as the evidence of a file holding it, gets no fix and a refusal whose reason matches `reason`. */
function assertRefused(cases: readonly [Language, string][], reason: RegExp): void {
  for (const [language, line] of cases) {
    const { outcome } = widen(language, `x\n${line}\n`, `a:2: ${line}`);
    assert.deepEqual(outcome.fixes, [], line);
    assert.match(outcome.refused[0]?.reason ?? '', reason, line);
  }
}

test('negated assertions (assertFalse, False, toBe(false), toBeFalsy, not, !) are refused, never tightened', () => {
  const cases: [Language, string][] = [
    ['python', 'self.assertFalse(elapsed > 0.5)'],
    ['python', 'assert not elapsed > 0.5'],
    ['go', 'assert.False(t, elapsed > 50*time.Millisecond)'],
    ['go', 'if !(elapsed < 50*time.Millisecond) {'],
    ['typescript', 'expect(elapsed > 100).toBe(false);'],
    ['typescript', 'expect(elapsed > 100).toBeFalsy();'],
    ['javascript', 'assert.notOk(elapsed > 100);'],
    ['rust', 'assert!(!(elapsed > Duration::from_millis(100)));'],
    ['rust', 'assert_eq!(elapsed > Duration::from_millis(100), false);'],
  ];
  assertRefused(cases, /negated/);
});

test("TypeScript's non-null assertion is no negation: the bound is widened", () => {
  const line = 'expect(durations[0]!).toBeLessThan(500);';
  assert.equal(widen('typescript', `const durations = [elapsed];\n${line}\n`, `a.test.ts:2: ${line}`).result, 'const durations = [elapsed];\nexpect(durations[0]!).toBeLessThan(1000);\n');
});

test('numbers and operators in strings and comments are not bounds: the real bound is widened, or none', () => {
  assert.equal(widen('python', 'assert elapsed < 0.5, "took > 2 s"  # was < 0.2\n', 't.py:1: assert elapsed < 0.5, "took > 2 s"  # was < 0.2').result, 'assert elapsed < 1.0, "took > 2 s"  # was < 0.2\n');
  assert.equal(widen('javascript', "assert.ok(elapsed < 100, 'elapsed > 50 ms'); // not < 20\n", "a.js:1: assert.ok(elapsed < 100, 'elapsed > 50 ms'); // not < 20").result, "assert.ok(elapsed < 200, 'elapsed > 50 ms'); // not < 20\n");
  assert.equal(widen('python', 'assert elapsed < TIMEOUT, "took > 2 s"\n', 't.py:1: assert elapsed < TIMEOUT, "took > 2 s"').fix, undefined);
  assert.equal(widen('javascript', "assert.ok(elapsed < LIMIT_MS, 'elapsed > 50 ms');\n", "a.js:1: assert.ok(elapsed < LIMIT_MS, 'elapsed > 50 ms');").fix, undefined);
  assert.equal(widen('rust', 'assert!(elapsed < limit, "over Duration::from_millis(5)");\n', 'a.rs:1: assert!(elapsed < limit, "over Duration::from_millis(5)");').fix, undefined);
  assert.equal(widen('go', '\tif elapsed < limit { t.Errorf("want > 50*time.Millisecond") }\n', 'a_test.go:1: if elapsed < limit { t.Errorf("want > 50*time.Millisecond") }').fix, undefined);
});

test('an evidence line no longer in the file gives no fix', () => {
  const { outcome } = widen('go', 'package x\n', 'a_test.go:1: if elapsed < 50*time.Millisecond {');
  assert.deepEqual(outcome.fixes, []);
  assert.match(outcome.refused[0]?.reason ?? '', /no longer in the file/);
});

test('CRLF files keep their line endings', () => {
  const text = POLL.replace(/\n/g, '\r\n');
  const { result } = widen('go', text, 'sysfs/poll_test.go:7: if elapsed < 50*time.Millisecond {');
  assert.equal(result, text.replace('if elapsed < 50*time', 'if elapsed < 34*time'));
});

test('a plain number that bounds something other than a time (a price) is not widened', () => {
  const { outcome } = widen('typescript', '      expect(total).toBeLessThan(100);\n', 'src/cart.test.ts:1: expect(total).toBeLessThan(100);');
  assert.deepEqual(outcome.fixes, []);
  assert.match(outcome.refused[0]?.reason ?? '', /does not read as a time/);
});
