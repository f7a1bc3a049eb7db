// The character classes and name ends the hand-written scanners share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOLLAR_WORD_PART, WORD_PART, nameEnd, numberEnd } from '../../../src/core/locate/identChars';

test('a name ends at the first ASCII character that cannot continue it; non-ASCII continues it', () => {
  const text = 'fn añadir_1(x) $tmp';
  assert.equal(text.slice(3, nameEnd(text, 3, text.length, WORD_PART)), 'añadir_1');
  assert.equal(nameEnd(text, 15, text.length, WORD_PART), 15, '`$` starts no Go or Rust name');
  assert.equal(text.slice(15, nameEnd(text, 15, text.length, DOLLAR_WORD_PART)), '$tmp');
  assert.equal(nameEnd(text, 3, 6, WORD_PART), 6, 'never past the bound');
});

test('a number literal takes its letters, digits, underscores and dots', () => {
  const text = 'x = 1_000.5e3u64; y = 0x1F)';
  assert.equal(text.slice(4, numberEnd(text, 4, text.length, WORD_PART)), '1_000.5e3u64');
  assert.equal(text.slice(22, numberEnd(text, 22, text.length, DOLLAR_WORD_PART)), '0x1F');
});
