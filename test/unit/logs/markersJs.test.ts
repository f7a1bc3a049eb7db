// The JavaScript runners' parsers (jest, vitest, mocha, node's spec and TAP reporters, Playwright) let the reader skip
// the lines that hold none of their markers: these logs put where a wrong marker would show the lines it must catch
// (colours inside a runner's words, other tools' lines with the same words, a failure's message past its bound with
// its location after, lines that end a state without a marker of their own). Each is read as without skipping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobLogReader, type JobLogReaderOptions, type JobLogResult } from '../../../src/core/logs/jobLogReader';
import type { Framework } from '../../../src/core/model';
import { fixtureText, seededChunks } from './logFixtures';

const JS_FORMATS: readonly Framework[] = ['jest', 'vitest', 'mocha', 'node', 'playwright'];

function read(chunks: readonly Uint8Array[], options: JobLogReaderOptions): JobLogResult {
  const reader = new JobLogReader(options);
  for (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

/** Reads `text` with skipping (whole, and in chunks of several sizes) and without; returns the result. */
function assertSameAsEveryLine(text: string, formats: readonly Framework[], what: string): JobLogResult {
  const bytes = new TextEncoder().encode(text);
  const expected = read([bytes], { formats, readEveryLine: true });
  assert.deepEqual(read([bytes], { formats }), expected, `${what}, whole`);
  for (const [seed, size] of [
    [1, 7],
    [2, 300],
    [3, 70_000],
  ] as const) {
    assert.deepEqual(read(seededChunks(bytes, seed, size), { formats }), expected, `${what}, chunks up to ${size} bytes`);
  }
  return expected;
}

function timestamped(lines: readonly string[]): string {
  return `${lines.map((line) => `2026-10-01T08:00:00.1234567Z ${line}`).join('\n')}\n`;
}

/** Other tools' lines holding the runners' words and signs, none of them a runner's line. */
const NOISE = [
  '2026-10-01 08:00:00.123 INFO  [main] c.a.shop.OrderService - order 4821 reserved 3 items in 12 ms',
  'payment 12 FAILED validation: card expired; PASS-through mode off, test ok',
  'PASSWORD policy: FAILOVER enabled',
  '#5 [build 2/9] RUN make -j4 && echo ok',
  'Running 3 tasks using 2 threads',
  'error: 1 failed, 2 passed, 3 skipped, 1 flaky, 0 interrupted, 2 did not run (4 passing)',
  'ok 1 - not TAP: no version line before it',
  '# Subtest: not TAP either',
  'Test Files are copied › dist/ (done) ✓ ✔ × ✕ ❯ ▶ → ⎯',
  'what is at stake: nothing',
  '',
];

test('noise between, before and after each runner output changes nothing, and the output is read whole', () => {
  const fixtures: readonly (readonly [Framework, string])[] = [
    ['jest', 'jest-verbose.txt'],
    ['jest', 'jest-default.txt'],
    ['vitest', 'vitest3-default.txt'],
    ['vitest', 'vitest4-verbose.txt'],
    ['vitest', 'vitest1-verbose.txt'],
    ['mocha', 'mocha-spec.txt'],
    ['node', 'node-spec.txt'],
    ['node', 'node-tap.txt'],
    ['playwright', 'playwright-list.txt'],
    ['playwright', 'playwright-line.txt'],
  ];
  for (const [format, name] of fixtures) {
    const runner = fixtureText(name).replace(/\n$/, '').split('\n');
    const alone = read([new TextEncoder().encode(runner.join('\n'))], { formats: [format], readEveryLine: true });
    assert.ok(alone.outcomes.length > 0, name);
    const noise: string[] = [];
    for (let i = 0; i < 3000; i++) noise.push((NOISE[i % NOISE.length] as string).replace('12', String(i)));
    // (After the output, `ok 1 - ...` is TAP's until the step ends: the noise before it only, here.)
    const once = assertSameAsEveryLine(['##[group]Run tests', ...noise, ...runner].join('\n'), [format], `${name} after noise`);
    assert.deepEqual(once.outcomes, alone.outcomes, `${name} after noise: what the output alone holds`);
    const lines = ['##[group]Run tests', ...noise, ...runner, ...noise, '##[group]Run tests again', ...noise, ...runner, ...noise];
    assertSameAsEveryLine(lines.join('\n'), [format], `${name} twice in noise`);
    assertSameAsEveryLine(timestamped(lines), [format], `${name} in noise, timestamped`);
    assertSameAsEveryLine(timestamped(lines), JS_FORMATS, `${name} in noise, timestamped, every JavaScript parser`);
  }
});

test('runner words in colours: the markers are found with the colours around them', () => {
  const log = timestamped([
    'the first line of a chunk is always read: this one',
    // jest: a colour right after the word
    '\x1b[1mPASS\x1b[22m src/a.test.js',
    '  \x1b[32m✓\x1b[39m adds (3 ms)',
    'Tests: 1 passed',
    // vitest's banner, its colours between `RUN` and the version, and a Docker step's RUN before it
    '#5 [build 2/9] RUN make',
    '\x1b[7m\x1b[1m\x1b[36m RUN \x1b[39m\x1b[22m\x1b[27m \x1b[36mv3.2.4\x1b[39m \x1b[90m/work\x1b[39m',
    ' \x1b[32m✓\x1b[39m test/a.test.ts \x1b[2m(1 test)\x1b[22m 3ms',
    '\x1b[2m Test Files \x1b[22m 1 passed (1)',
    // mocha's summary, its two leading spaces coloured apart
    '',
    '  Cart',
    '    \x1b[32m  ✔\x1b[0m\x1b[90m adds\x1b[0m',
    '',
    '\x1b[92m \x1b[0m\x1b[32m 1 passing\x1b[0m\x1b[90m (5ms)\x1b[0m',
    '',
    // mocha's summary of no test, then a line that the failures list takes in, not the tree
    'Done.',
    '\x1b[92m \x1b[0m\x1b[32m 0 passing\x1b[0m\x1b[90m (1ms)\x1b[0m',
    '  1 pending',
    '    ✔ under no describe',
    '  1 passing (1ms)',
    'Done.',
    // Playwright's summary in colours
    'Running 2 tests using 1 worker',
    '  \x1b[32m✓\x1b[39m  1 [chromium] › a.spec.ts:3:5 › pays (1.2s)',
    '  \x1b[31m✘\x1b[39m  2 [chromium] › a.spec.ts:9:5 › refunds (1.0s)',
    '\x1b[31m  1 failed\x1b[39m',
    '    [chromium] › a.spec.ts:9:5 › refunds ───',
    '\x1b[32m  1 passed\x1b[39m\x1b[2m (3.0s)\x1b[22m',
  ]);
  const result = assertSameAsEveryLine(log, JS_FORMATS, 'coloured');
  const ids = result.outcomes.map((o) => `${o.framework}:${o.id}:${o.outcome}`);
  for (const id of ['jest:adds:pass', 'vitest::pass', 'mocha:Cart adds:pass', 'mocha:under no describe:pass', 'playwright:pays:pass', 'playwright:refunds:fail']) {
    assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  }
});

/** Lines that fill a failure's message past its bound (2000 characters). */
const LONG = Array.from({ length: 30 }, (_, i) => `    detail ${i} ${'x'.repeat(100)}`);

test('a failure message past its bound still takes the location that comes after, and its block still ends', () => {
  const vitest = [
    ' RUN  v3.2.4 /work',
    ' ❯ test/a.test.ts (2 tests | 2 failed) 5ms',
    '   × A > one 2ms',
    '   × A > two 2ms',
    ' FAIL  test/a.test.ts > A > one',
    'AssertionError: expected 1 to be 2',
    ...LONG,
    'some text at the end of the message',
    '\x1b[36m \x1b[2m❯\x1b[22m test/a.test.ts:\x1b[2m11:25\x1b[22m\x1b[39m',
    'more text',
    '⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/2]⎯',
    '',
    ' FAIL  test/a.test.ts > A > two',
    'Error: short',
    ' ❯ test/a.test.ts:20:3',
    '⎯⎯⎯⎯⎯⎯⎯[2/2]⎯',
    '',
    ' Test Files  1 failed (1)',
  ];
  const mocha = [
    '',
    '  A',
    '    1) one',
    '    2) two',
    '',
    '  0 passing (5ms)',
    '  2 failing',
    '',
    '  1) A',
    '       one:',
    '     Error: boom',
    ...LONG,
    '      at Context.<anonymous> (test/a.spec.js:4:11)',
    '      at process.processImmediate (node:internal/timers:476:21)',
    '  2) A',
    '       two:',
    '     Error: short',
    '      at Context.<anonymous> (test/a.spec.js:8:11)',
  ];
  const playwright = [
    'Running 2 tests using 1 worker',
    '  ✘  1 [chromium] › a.spec.ts:3:5 › one (1.0s)',
    '  ✘  2 [chromium] › a.spec.ts:9:5 › two (1.0s)',
    '',
    '  1) [chromium] › a.spec.ts:3:5 › one ───────────',
    '    Error: boom',
    ...LONG,
    '      at /work/a.spec.ts:4:11',
    '  2) [chromium] › a.spec.ts:9:5 › two ───────────',
    '    Error: short',
    '      at /work/a.spec.ts:10:11',
    '',
    '  2 failed',
    '    [chromium] › a.spec.ts:3:5 › one ───────────',
    '    [chromium] › a.spec.ts:9:5 › two ───────────',
  ];
  for (const [format, lines] of [
    ['vitest', vitest],
    ['mocha', mocha],
    ['playwright', playwright],
  ] as const) {
    for (const log of [lines.join('\n'), timestamped(lines)]) {
      const result = assertSameAsEveryLine(log, [format], `${format}, long message`);
      const failed = result.outcomes.filter((o) => o.outcome === 'fail');
      assert.equal(failed.length, 2, format);
      assert.ok(failed[0]?.message?.endsWith('…'), `${format}: the first message is cut`);
      assert.ok(failed[0]?.failureLocation?.endsWith(':4:11') || failed[0]?.failureLocation?.endsWith(':11:25'), `${format}: ${failed[0]?.failureLocation}`);
      assert.ok(failed[1]?.message?.includes('short'), `${format}: the second message is its own`);
    }
  }
});

test('lines without a marker that end a state are read: node under a failure, mocha after a stray indented line', () => {
  const node = [
    '▶ A',
    '  ✖ one (1.5ms)',
    '    Error: boom',
    'a line of another tool, which ends the failure',
    '    ✔ deeper, but not under the failure any more (0.5ms)',
    '  ✔ two (0.5ms)',
    '✔ A (3.1ms)',
  ];
  const mocha = [
    '  a stray line, indented as a describe title',
    'a line of another tool, which ends the stray describe',
    '',
    '    ✔ under no describe',
    '  Cart',
    '    ✔ adds',
    '',
    '  2 passing (5ms)',
  ];
  for (const [format, lines] of [
    ['node', node],
    ['mocha', mocha],
  ] as const) {
    for (const log of [lines.join('\n'), timestamped(lines), timestamped([...NOISE, ...lines, ...NOISE])]) {
      const result = assertSameAsEveryLine(log, [format], format);
      assert.ok(result.outcomes.length >= 2, format);
      // node: the line that ended the failure lets the deeper result be one; mocha: the stray title names nothing
      const ids = result.outcomes.map((o) => o.id).join(', ');
      assert.ok(format === 'node' ? ids.includes('deeper') : !ids.includes('stray'), `${format}: ${ids}`);
    }
  }
  const jest = [
    ' LOGGING RETRY ERRORS  Poller eventually responds',
    ' RETRY 1 ',
    '',
    '    timed out after 50ms (attempt 1)',
    '',
    'PASS src/poller.test.js',
    '  Poller',
    '    ✓ eventually responds (5 ms)',
    'Tests: 1 passed',
  ];
  const retried = assertSameAsEveryLine(timestamped([...NOISE, ...jest]), ['jest'], 'jest retries');
  assert.deepEqual(
    retried.outcomes.map((o) => `${o.id}:${o.outcome}:${o.attempt}`),
    ['Poller › eventually responds:flaky:2'],
  );
  const tap = ['TAP version 13', '# Subtest: a', 'oK 1 - a', '  ---', '  duration_ms: 1.5', '  ...', 'not ok 2 - b', '  ---', "  error: 'boom'", '  ...', '1..2'];
  const result = assertSameAsEveryLine(timestamped([...NOISE, ...tap, 'what is at stake: nothing', '']), ['node'], 'tap');
  assert.deepEqual(
    result.outcomes.map((o) => `${o.id}:${o.outcome}`),
    ['a:pass', 'b:fail'],
  );
});

test("Playwright: a retry's stack frame is not taken for the first attempt's location when its message filled up without one", () => {
  const detail = Array.from({ length: 40 }, (_, i) => `    Error detail line ${i}: ${'x'.repeat(60)}`);
  const playwright = [
    'Running 1 test using 1 worker',
    '  ✘  1 [chromium] › tests/a.spec.ts:3:5 › pays (10ms)',
    '  ✘  2 [chromium] › tests/a.spec.ts:3:5 › pays (retry #1) (10ms)',
    '',
    '  1) [chromium] › tests/a.spec.ts:3:5 › pays ─────────',
    '',
    '    Error: page.goto: net::ERR_CONNECTION_REFUSED',
    ...detail,
    '        at Object.goto (/home/runner/work/e2e/e2e/node_modules/playwright-core/lib/client/page.js:1:1)',
    '',
    '    Retry #1 ───────────────────────────────────────',
    '',
    '    Error: expect(received).toBe(expected)',
    '        at /home/runner/work/e2e/e2e/tests/a.spec.ts:9:20',
    '',
    '  1 failed',
    '    [chromium] › tests/a.spec.ts:3:5 › pays ─────',
  ];
  const result = assertSameAsEveryLine(timestamped([...NOISE, ...playwright]), ['playwright'], 'playwright retry after a full message');
  assert.equal(result.outcomes.length, 1);
  assert.equal(result.outcomes[0]?.failureLocation, undefined);
});

test('jest without --verbose: the same failing test in two runs (or two steps) is two outcomes, its repeat in one run is not', () => {
  const run = (title: string) => [
    'FAIL test/math.spec.js',
    `  ● math › ${title}`,
    '',
    '    expect(received).toBe(expected)',
    '',
    '      at toBe (test/math.spec.js:4:86)',
    '',
    'Summary of all failing tests',
    'FAIL test/math.spec.js',
    `  ● math › ${title}`,
    '',
    '    expect(received).toBe(expected)',
    '',
    'Test Suites: 1 failed, 1 total',
    'Tests:       1 failed, 1 total',
  ];
  const twoRuns = assertSameAsEveryLine(timestamped([...NOISE, ...run('sums'), ...NOISE, ...run('sums')]), ['jest'], 'jest twice in one step');
  assert.deepEqual(twoRuns.outcomes.map((o) => `${o.suite}|${o.id}:${o.outcome}`), ['test/math.spec.js|math › sums:fail', 'test/math.spec.js|math › sums:fail']);
  const steps = ['##[group]Run npx jest', '##[endgroup]', ...run('sums'), '##[group]Run npx jest', '##[endgroup]', ...run('sums')];
  const twoSteps = assertSameAsEveryLine(timestamped(steps), ['jest'], 'jest in two steps');
  assert.equal(twoSteps.outcomes.length, 2);
});
