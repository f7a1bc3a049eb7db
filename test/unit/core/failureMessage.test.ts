import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeFailureMessage } from '../../../src/core/history/failureMessage';

test('numbers, durations, hex ids, paths and the test name are normalized away', () => {
  const a = normalizeFailureMessage("thread 'a::one' panicked at src/a.rs:10:5:\nwrite /tmp/x-1234/data.bin failed after 12.5ms: 0xdeadbeef", 'a::one');
  const b = normalizeFailureMessage("thread 'a::two' panicked at src/b.rs:99:1:\nwrite /tmp/x-9876/data.bin failed after 3ms: 0x1", 'a::two');
  assert.equal(a, b);
});

test('different causes stay different', () => {
  assert.notEqual(normalizeFailureMessage('connection reset by peer'), normalizeFailureMessage('No space left on device'));
});

test('an empty or missing message normalizes to nothing', () => {
  assert.equal(normalizeFailureMessage(undefined), '');
  assert.equal(normalizeFailureMessage('\n\n  \n'), '');
});

test('huge messages are bounded', () => {
  assert.ok(normalizeFailureMessage('word '.repeat(1_000_000)).length <= 4096);
});
