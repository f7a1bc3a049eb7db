// The reader skips, unread, the lines that hold none of the markers of its parsers (OutcomeParser.markers): its
// result must be the one it gives reading every line, whatever the chunks, colours, line endings and line lengths.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { JobLogReader, LOG_FORMATS, type JobLogReaderOptions, type JobLogResult } from '../../../src/core/logs/jobLogReader';
import type { Framework } from '../../../src/core/model';
import { fixtureBytes, fixturePath, fixtureText, seededChunks } from './logFixtures';

function read(chunks: readonly Uint8Array[], options: JobLogReaderOptions): JobLogResult {
  const reader = new JobLogReader(options);
  for (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

/** Asserts that skipping changes nothing, for the whole log at once and for chunks of several sizes. */
function assertSameAsEveryLine(bytes: Uint8Array, formats: readonly Framework[] | undefined, what: string): void {
  const options = formats ? { formats } : {};
  const expected = read([bytes], { ...options, readEveryLine: true });
  assert.deepEqual(read([bytes], options), expected, `${what}, whole`);
  assert.deepEqual(read([bytes], { ...options, adaptiveSkipping: false }), expected, `${what}, whole, searching always`);
  for (const [seed, size] of [
    [1, 3],
    [2, 17],
    [3, 300],
    [4, 5000],
  ] as const) {
    // Skipping alone, never paused, whatever the size of future fixtures (the pause has tests of its own below).
    assert.deepEqual(read(seededChunks(bytes, seed, size), { ...options, adaptiveSkipping: false }), expected, `${what}, chunks up to ${size} bytes`);
  }
}

const FIXTURES = readdirSync(fixturePath('.')).filter((name) => /\.(txt|log)$/.test(name));

/** A fixture as GitHub writes it: every line timestamped, in a step. */
function asGithubLog(text: string): Uint8Array {
  const lines = text.split('\n').map((line) => `2026-10-01T08:00:00.1234567Z ${line}`);
  return new TextEncoder().encode(`2026-10-01T08:00:00.1234567Z ##[group]Run tests\n${lines.join('\n')}\n`);
}

for (const format of LOG_FORMATS) {
  test(`skipping lines changes nothing for ${format} on every fixture`, () => {
    for (const name of FIXTURES) {
      const bytes = fixtureBytes(name);
      assertSameAsEveryLine(bytes, [format], `${format} on ${name}`);
      assertSameAsEveryLine(asGithubLog(new TextDecoder().decode(bytes)), [format], `${format} on ${name} as a GitHub log`);
    }
  });
}

test('skipping lines changes nothing with every parser on every fixture', () => {
  for (const name of FIXTURES) assertSameAsEveryLine(fixtureBytes(name), undefined, `all on ${name}`);
});

test('a marker cut across chunks, colours around markers, CRLF, a BOM and invalid bytes are read as without skipping', () => {
  const log = [
    '\ufeff2026-10-01T08:00:00.1234567Z ##[group]Run cargo test',
    '2026-10-01T08:00:00.1234567Z \x1b[1m\x1b[92m     Running\x1b[0m unittests src/lib.rs (target/debug/deps/a-0123abcd)',
    'noise \xff\xfe that no parser reads',
    '',
    'running 3 tests',
    'test a::one ... \x1b[32mok\x1b(B\x1b[m',
    'test a::two ... \x1b[31mFAILED\x1b(B\x1b[m',
    'test a::three ... ignored',
    '',
    'failures:',
    '',
    '---- a::two stdout ----',
    "thread 'a::two' panicked at src/lib.rs:3:5:",
    'boom',
    '',
    'failures:',
    '    a::two',
    '',
    'test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s',
  ].join('\r\n');
  const bytes = Buffer.from(log, 'latin1');
  // Every cut: each marker is split across two chunks once.
  const expected = read([bytes], { formats: ['libtest'], readEveryLine: true });
  assert.equal(expected.outcomes.length, 3);
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(read([bytes.subarray(0, cut), bytes.subarray(cut)], { formats: ['libtest'] }), expected, `cut at ${cut}`);
  }
});

test('lines longer than a chunk and than the line bound, with and without markers, are counted and read alike', () => {
  const long = 'x'.repeat(200_000);
  const log = `${long}\nrunning 1 test\n${long} test a::b ... ok\ntest c::d ... ok\n${long} test e::f ... ok\ntest result: ok. 1 passed\n${long}`;
  const bytes = new TextEncoder().encode(log);
  const expected = read([bytes], { formats: ['libtest'], readEveryLine: true });
  assert.deepEqual(
    expected.outcomes.map((o) => o.id),
    ['c::d'],
  );
  assert.equal(expected.lines, 7);
  assertSameAsEveryLine(bytes, ['libtest'], 'long lines');
});

/** A libtest run of `tests` passing tests, then `noise` lines no parser reads, `times` over; each line timestamped. */
function libtestLog(tests: number, noise: number, times: number): Uint8Array {
  const lines: string[] = [];
  for (let t = 0; t < times; t++) {
    lines.push('##[group]Run cargo test', 'running tests');
    for (let i = 0; i < tests; i++) lines.push(`test m${t}::case_${i} ... ok`);
    lines.push(`test result: ok. ${tests} passed; 0 failed`);
    for (let i = 0; i < noise; i++) lines.push(`worker-${i % 7} | ${i} events processed, queue depth ${i % 40}`);
  }
  return new TextEncoder().encode(lines.map((line) => `2026-10-01T08:00:00.1234567Z ${line}\n`).join(''));
}

/** Reads in chunks of up to 64 KiB; `chunks`: how many (a line a chunk starts in goes through the splitter, read). */
function readCounting(bytes: Uint8Array, options: JobLogReaderOptions): { result: JobLogResult; skipped: number; chunks: number } {
  const reader = new JobLogReader(options);
  const chunks = seededChunks(bytes, 5, 64 * 1024);
  for (const chunk of chunks) reader.push(chunk);
  return { result: reader.end(), skipped: reader.skippedLines, chunks: chunks.length };
}

test('where most lines hold a marker the search pauses, and resumes where they stop: the result is the same', () => {
  // 3,000 results in a row (every line found), then 20,000 lines of noise (none), twice.
  const bytes = libtestLog(3000, 20_000, 2);
  const expected = read([bytes], { formats: ['libtest'], readEveryLine: true });
  assert.equal(expected.outcomes.length, 6000);
  const adaptive = readCounting(bytes, { formats: ['libtest'] });
  const always = readCounting(bytes, { formats: ['libtest'], adaptiveSkipping: false });
  assert.deepEqual(adaptive.result, expected);
  assert.deepEqual(always.result, expected);
  // Pausing and resuming across chunk edges of other sizes, lines cut across them.
  for (const [seed, size] of [
    [6, 300],
    [7, 5000],
  ] as const) {
    assert.deepEqual(read(seededChunks(bytes, seed, size), { formats: ['libtest'] }), expected, `chunks up to ${size} bytes`);
  }
  assert.ok(always.skipped >= 40_000 - always.chunks && always.skipped <= 40_000, `searching always skips the noise: ${always.skipped}`);
  // Paused after the first 256 results found, for 4,096 lines each time: those of the noise are read, the rest skipped.
  assert.ok(adaptive.skipped < always.skipped, `paused: ${adaptive.skipped} skipped`);
  assert.ok(adaptive.skipped > 30_000, `resumed in the noise: ${adaptive.skipped} skipped`);
});

test('where few lines hold a marker the search never pauses', () => {
  // Results one in 20 lines.
  const bytes = libtestLog(10, 200, 300);
  const expected = read([bytes], { formats: ['libtest'], readEveryLine: true });
  const adaptive = readCounting(bytes, { formats: ['libtest'] });
  const always = readCounting(bytes, { formats: ['libtest'], adaptiveSkipping: false });
  assert.deepEqual(adaptive.result, expected);
  assert.equal(adaptive.skipped, always.skipped);
  assert.ok(always.skipped >= 200 * 300 - always.chunks, `${always.skipped} skipped`);
});

test('pausing and resuming around captured output (nextest holding libtest lines), with every parser: the same result', () => {
  // nextest's captured `running 1 test` blocks, 200 runs in their own steps, and 3,000 noise lines after every 50th.
  const run = fixtureText('nextest-legacy.txt').split('\n');
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    lines.push(`##[group]Run cargo nextest run # ${i}`, ...run);
    if (i % 50 === 49) for (let n = 0; n < 3000; n++) lines.push(`worker-${n % 7} | ${n} events processed, queue depth ${n % 40}`);
  }
  const bytes = new TextEncoder().encode(lines.map((line) => `2026-10-01T08:00:00.1234567Z ${line}\n`).join(''));
  for (const formats of [undefined, ['nextest', 'libtest'] as Framework[]]) {
    const options = formats ? { formats } : {};
    const expected = read([bytes], { ...options, readEveryLine: true });
    assert.ok(expected.outcomes.some((o) => o.framework === 'nextest'));
    assert.ok(!expected.outcomes.some((o) => o.framework === 'libtest'), 'the captured libtest lines are nextest\'s');
    for (const [seed, size] of [
      [8, 300],
      [9, 5000],
      [10, 64 * 1024],
    ] as const) {
      assert.deepEqual(read(seededChunks(bytes, seed, size), options), expected, `${formats?.join('+') ?? 'all'}, chunks up to ${size} bytes`);
    }
  }
  // With every parser, nextest's output holds some marker on most lines: the search pauses there.
  const adaptive = readCounting(bytes, {});
  const always = readCounting(bytes, { adaptiveSkipping: false });
  assert.ok(adaptive.skipped < always.skipped, `paused: ${adaptive.skipped} < ${always.skipped}`);
});
