// The reader finds the next line holding any current marker in one search (MarkerSearch): the line it gives must be
// the one that searching each marker on its own finds, for markers that overlap, share prefixes, hold characters
// special to regular expressions or wider than Latin-1, and for a reader that goes back to a set of markers it had.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobLogReader, MarkerSearch, type JobLogReaderOptions, type JobLogResult } from '../../../src/core/logs/jobLogReader';
import type { Framework } from '../../../src/core/model';
import { fixtureText, seededChunks } from './logFixtures';

/** The start of the first line in [pos, to) holding a marker, by one indexOf per marker (what the search replaces). */
function lineByEachMarker(text: string, pos: number, to: number, markers: readonly string[]): number {
  let first = -1;
  for (const marker of markers) {
    const at = text.indexOf(marker, pos);
    if (at !== -1 && at < to && (first === -1 || at < first)) first = at;
  }
  return first === -1 ? to : Math.max(pos, text.lastIndexOf('\n', first - 1) + 1);
}

/** Every line start of `text` in [0, to]. */
function lineStarts(text: string, to: number): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1 && at + 1 <= to; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const OVERLAPPING = ['RUN  ', 'RUN \x1b', 'PASS', 'PASSED', 'aa', 'aaa', 'FAIL', 'AIL [', '⎯', '✓', '==', '::', '##['];
const SPECIAL = ['[gw', '.py ', '%]', '(x)', 'a|b', '\\d', '$^', '+*?', '{2}', '/', '::'];

test('one search finds the line that each marker searched alone finds, from every line start', () => {
  const pieces = ['RUN', ' ', '\x1b', 'PASS', 'ED', 'a', 'aa', 'FAIL', ' [', '⎯', '✓', '=', ':', '#', '[', 'gw', '.py', '%', ']', '(x)', '|', 'b', '\\d', '$', '^', '+*?', '{2}', '/', 'x', 'y z', '\n', '\n', '\n'];
  const next = random(7);
  // Few markers are searched each on its own, many in one pass: both ways, with overlaps and special characters.
  for (const markers of [OVERLAPPING, SPECIAL, ['aa'], ['✓', '×'], ['PASS', 'PASSED', 'aa', 'aaa', '[gw', '.py '], ['RUN  ', 'RUN \x1b', '⎯', '$^'], [...OVERLAPPING, ...SPECIAL]]) {
    const search = MarkerSearch.of(markers);
    assert.ok(search);
    for (let round = 0; round < 60; round++) {
      let text = '';
      const length = 1 + Math.floor(next() * 80);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      text += '\n';
      // A text read up to its last newline, and one whose unfinished last line must not count (`to` before it).
      for (const [to, tail] of [
        [text.length, ''],
        [text.length, 'PASS aa ✓ [gw'],
      ] as const) {
        const whole = text + tail;
        const textId = -(round * 2 + (tail === '' ? 1 : 2));
        for (const pos of lineStarts(whole, to)) {
          if (pos >= to) continue;
          assert.equal(search.lineAt(whole, pos, to, textId), lineByEachMarker(whole, pos, to, markers), `${JSON.stringify(markers)} in ${JSON.stringify(whole)} from ${pos}`);
        }
      }
    }
  }
});

test('a search kept from before answers only for the text it read, and only ahead of where it found its marker', () => {
  const search = MarkerSearch.of(['PASS', 'FAIL']);
  assert.ok(search);
  const text = 'noise\nPASS a\nnoise\nnoise\nFAIL b\nnoise\n';
  assert.equal(search.lineAt(text, 0, text.length, -1), 6);
  // Asked again from a later line of the same text: the kept answer is behind, so it searches again.
  assert.equal(search.lineAt(text, 13, text.length, -1), 25);
  assert.equal(search.lineAt(text, 19, text.length, -1), 25);
  assert.equal(search.lineAt(text, 32, text.length, -1), text.length);
  // Another text with the same positions is searched, not answered from the first.
  const other = 'PASS c\nnoise\nnoise\nnoise\nnoise\nnoise\n';
  assert.equal(search.lineAt(other, 0, other.length, -2), 0);
  assert.equal(search.lineAt(other, 7, other.length, -2), other.length);
});

test('an empty marker or one holding a newline makes every line matter', () => {
  assert.equal(MarkerSearch.of(['PASS', '']), undefined);
  assert.equal(MarkerSearch.of(['a\nb']), undefined);
  assert.ok(MarkerSearch.of(['PASS']));
});

function read(chunks: readonly Uint8Array[], options: JobLogReaderOptions): JobLogResult {
  const reader = new JobLogReader(options);
  for (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

/** Runner output with many markers (vitest's 12, go test's 13, Playwright's 11), each line timestamped. */
function manyMarkerLog(): Uint8Array {
  const parts: string[] = [];
  for (const name of ['vitest3-verbose.txt', 'gotest-v.txt', 'playwright-list.txt', 'nextest.txt', 'gotestsum-testname.txt']) {
    parts.push('##[group]Run tests', ...fixtureText(name).split('\n'), 'between steps: PASS [ FAIL ✓ × ⎯ RUN  ::', '##[endgroup]');
  }
  const stamped = parts.map((line) => `2026-10-01T08:00:00.1234567Z ${line}`).join('\n');
  return new TextEncoder().encode(`${stamped}\n`);
}

test('logs of parsers with many markers read the same with and without skipping, whatever their chunks', () => {
  const bytes = manyMarkerLog();
  for (const formats of [['vitest'], ['gotest'], ['playwright'], ['nextest'], undefined] as (Framework[] | undefined)[]) {
    const options = formats ? { formats } : {};
    const expected = read([bytes], { ...options, readEveryLine: true });
    assert.ok(expected.outcomes.length > 0);
    assert.deepEqual(read([bytes], options), expected, `${formats?.join() ?? 'all'} whole`);
    for (const [seed, size] of [
      [11, 7],
      [12, 64],
      [13, 999],
    ] as const) {
      assert.deepEqual(read(seededChunks(bytes, seed, size), options), expected, `${formats?.join() ?? 'all'} in chunks up to ${size} bytes`);
    }
  }
});

test('a marker cut at every byte between two chunks is found as in one chunk', () => {
  const log = [
    '2026-10-01T08:00:00.1234567Z ##[group]Run npx vitest run',
    '2026-10-01T08:00:00.1234567Z  RUN  v3.2.4 /home/runner/work/app',
    '2026-10-01T08:00:00.1234567Z noise PASSED noise ⎯⎯ noise',
    '2026-10-01T08:00:00.1234567Z  ✓ src/a.test.ts > adds 2ms',
    '2026-10-01T08:00:00.1234567Z  × src/a.test.ts > subtracts 3ms',
    '2026-10-01T08:00:00.1234567Z    → expected 1 to be 2',
    '2026-10-01T08:00:00.1234567Z  ↓ src/a.test.ts > skipped one',
    '2026-10-01T08:00:00.1234567Z  Test Files  1 failed (1)',
  ].join('\n');
  const bytes = new TextEncoder().encode(`${log}\n`);
  const expected = read([bytes], { formats: ['vitest'], readEveryLine: true });
  assert.equal(expected.outcomes.length, 3);
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(read([bytes.subarray(0, cut), bytes.subarray(cut)], { formats: ['vitest'] }), expected, `cut at ${cut}`);
  }
});
