// The markers of the nextest, go test (plain, -json, gotestsum), unittest, JUnit (Surefire, Gradle) and dotnet
// parsers: a log where their runners' output sits among unrelated lines, some of them near misses (`PASS`, `ok`,
// `--- FAIL`, `Tests run:`, `:task`, long lines that fill a message, lines that give a location), reads the same with
// and without skipping the lines that hold no marker, whatever the chunks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobLogReader, type JobLogReaderOptions, type JobLogResult } from '../../../src/core/logs/jobLogReader';
import type { Framework } from '../../../src/core/model';
import { fixtureText, seededChunks } from './logFixtures';

function read(chunks: readonly Uint8Array[], options: JobLogReaderOptions): JobLogResult {
  const reader = new JobLogReader(options);
  for (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

const LONG = `long ${'x'.repeat(3000)}`;

/** Unrelated lines, many holding the words and shapes the parsers look for, without being their runners'. */
const NOISE = [
  '2026-10-01 08:00:00.123 INFO [main] c.a.shop.OrderService - order 4821 reserved 3 items in 12 ms',
  'test fixture loaded: PASS count 3, FAIL count 0, ok',
  'ERROR: could not reach the cache, retrying',
  'FAIL',
  'PASS',
  '',
  '   ',
  '    indented application output',
  '\tat com.acme.shop.Service.handle(Service.java:42)',
  '    at com.acme.CartTest.adds(CartTest.java:12)',
  'poll_test.go:15: a location in passing',
  '=== RUN   TestNoise',
  '--- FAIL: TestNoise (0.00s)',
  'ok  \tgithub.com/acme/noise\t0.01s',
  '[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0',
  ':noise:compileJava',
  '> Task :noise:test',
  '  Passed Noise.Tests.Thing [1 ms]',
  '  Error Message:',
  'Failed!  - Failed: 1, Passed: 0',
  'test_noise (noise.mod.NoiseTest.test_noise) ... ok',
  '----------------------------------------------------------------------',
  '------------',
  '  stdout ───',
  '        PASS [   0.001s] noise tests::noise',
  '        FAIL [   0.002s] noise tests::broken',
  '  Skipped Noise.Tests.Other [< 1 ms]',
  '[WARNING] Flakes: ',
  'com.acme.NoiseTest.flaky',
  '  Run 2: PASS',
  '[calc]',
  '[INFO]',
  'WARNING: DATA RACE',
  '==================',
  'panic: noise',
  '# github.com/acme/noise',
  '{"Action":"pass","Package":"noise","Test":"TestNoise"}',
  LONG,
];

/** The fixture's lines with unrelated ones between them (each gap 0-3 lines), as GitHub writes a log. */
function noisyLog(fixture: string, seed: number): Uint8Array {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const lines: string[] = ['##[group]Run tests'];
  const noise = (count: number): void => {
    for (let i = 0; i < count; i++) lines.push(NOISE[next(NOISE.length)] ?? '');
  };
  noise(40);
  for (const line of fixtureText(fixture).split('\n')) {
    lines.push(line);
    if (next(4) === 0) noise(next(4));
  }
  noise(40);
  return new TextEncoder().encode(lines.map((l) => `2026-10-01T08:00:00.1234567Z ${l}`).join('\n'));
}

/** Application logging that no runner would take for its own, though it holds their words. */
const PLAIN_NOISE = [
  '2026-10-01 08:00:00.123 INFO [main] c.a.shop.OrderService - order 4821 reserved 3 items in 12 ms',
  '2026-10-01 08:00:00.124 ERROR [main] c.a.shop.Inventory - error: test stock PASS/FAIL check failed: ok=false',
  'npm http fetch GET 200 https://registry.npmjs.org/test-utils 12ms (cache hit)',
];

/** The fixture surrounded by thousands of unrelated lines, its own lines untouched. */
function surroundedLog(fixture: string): Uint8Array {
  const lines: string[] = ['##[group]Run tests'];
  for (let i = 0; i < 3000; i++) lines.push(PLAIN_NOISE[i % PLAIN_NOISE.length] ?? '');
  lines.push(...fixtureText(fixture).split('\n'), '##[group]Run the next step');
  for (let i = 0; i < 3000; i++) lines.push(PLAIN_NOISE[i % PLAIN_NOISE.length] ?? '');
  return new TextEncoder().encode(lines.map((l) => `2026-10-01T08:00:00.1234567Z ${l}`).join('\n'));
}

function assertSame(bytes: Uint8Array, format: Framework, what: string): JobLogResult {
  const expected = read([bytes], { formats: [format], readEveryLine: true });
  assert.deepEqual(read([bytes], { formats: [format] }), expected, `${what}, whole`);
  for (const size of [7, 900, 20_000]) {
    assert.deepEqual(read(seededChunks(bytes, size, size), { formats: [format] }), expected, `${what}, chunks up to ${size}`);
  }
  return expected;
}

const FIXTURES: readonly (readonly [Framework, readonly string[]])[] = [
  ['nextest', ['nextest.txt', 'nextest-legacy.txt']],
  [
    'gotest',
    [
      'gotest-v.txt',
      'gotest-plain.txt',
      'gotest-race-v.txt',
      'gotest-race.txt',
      'gotest-timeout-v.txt',
      'gotest-timeout.txt',
      'gotest-json.txt',
      'gotestsum-dots.txt',
      'gotestsum-testname.txt',
      'gotestsum-rerun-verbose.txt',
      'gotestsum-rerun-testname.txt',
      'gotestsum-pkgname-and-test-fails.txt',
    ],
  ],
  ['unittest', ['unittest-v.txt', 'unittest-doctest.txt']],
  ['junit', ['maven-surefire3-rerun.txt', 'maven-surefire2-junit5.txt', 'maven-surefire2-junit4-rerun.txt', 'gradle-junit5.txt', 'gradle-junit4.txt']],
  ['dotnet', ['dotnet-test.txt']],
];

for (const [format, fixtures] of FIXTURES) {
  test(`${format}: output among unrelated lines reads the same with and without skipping`, () => {
    for (const fixture of fixtures) {
      for (const seed of [1, 2, 3, 4, 5]) assertSame(noisyLog(fixture, seed), format, `${fixture}, seed ${seed}`);
      const surrounded = assertSame(surroundedLog(fixture), format, `${fixture} surrounded`);
      // The unrelated lines around a runner's output add nothing to it.
      const alone = read([new TextEncoder().encode(fixtureText(fixture))], { formats: [format], readEveryLine: true });
      assert.deepEqual(surrounded.outcomes, alone.outcomes, `${fixture} surrounded, outcomes`);
    }
  });
}

test('gotest: a full test output, race report and panic are read to their ends with skipping', () => {
  const filler = Array.from({ length: 40 }, (_, i) => `    noise line ${i} ${'y'.repeat(80)}`);
  const log = [
    '=== RUN   TestFull',
    ...filler,
    'unrelated PASS line',
    '    full_test.go:33: late location',
    '--- FAIL: TestFull (0.01s)',
    ...filler,
    'WARNING: DATA RACE',
    ...filler.map((l) => l.trim()),
    '==================',
    '=== RUN   TestPanics',
    'panic: boom [recovered]',
    'goroutine 7 [running]:',
    'github.com/acme/pkg.TestPanics(0xc000)',
    ...filler,
    'FAIL\tgithub.com/acme/pkg\t0.02s',
    '# github.com/acme/broken',
    'unrelated line that is the build error',
    'FAIL\tgithub.com/acme/broken [build failed]',
  ];
  const bytes = new TextEncoder().encode(log.map((l) => `2026-10-01T08:00:00.1234567Z ${l}`).join('\n'));
  const result = assertSame(bytes, 'gotest', 'full outputs');
  assert.deepEqual(
    result.outcomes.map((o) => [o.id, o.outcome, o.failureLocation]),
    [
      ['TestFull', 'fail', 'full_test.go:33'],
      ['TestPanics', 'fail', undefined],
    ],
  );
  assert.ok(result.errors.some((e) => e.includes('unrelated line that is the build error')));
});

test('gotestsum: a dots line is known by its dots or the next package, not by a lone [word]', () => {
  const summary = ['', '=== Failed', '=== FAIL: calc TestAdd (0.00s)', '    calc_test.go:9: wrong', '', 'DONE 3 tests, 1 failure in 0.1s'];
  const dots = (line: string): JobLogResult => {
    const bytes = new TextEncoder().encode([...NOISE.slice(0, 5), line, ...summary].join('\n'));
    return assertSame(bytes, 'gotest', line);
  };
  assert.equal(dots('[calc]\u00b7\u2716').outcomes.length, 1);
  assert.equal(dots('[calc][poll]').outcomes.length, 1);
  assert.equal(dots('[INFO]').outcomes.length, 0);
});

test('gradle: after a failure, a new task makes a later run of the same test a new execution', () => {
  const log = [
    '> Task :a:test',
    'CartTest > adds() FAILED',
    '    java.lang.AssertionError at CartTest.java:12',
    ...NOISE,
    ':b:test',
    ...NOISE,
    'CartTest > adds() PASSED',
  ];
  const bytes = new TextEncoder().encode(log.map((l) => `2026-10-01T08:00:00.1234567Z ${l}`).join('\n'));
  const result = assertSame(bytes, 'junit', 'gradle tasks');
  assert.deepEqual(
    result.outcomes.filter((o) => o.suite === 'CartTest').map((o) => o.outcome),
    ['fail', 'pass'],
  );
});

test('nextest: a rule ends the latest test, whose output a header after it no longer names', () => {
  const log = [
    '    Starting 2 tests across 1 binary',
    '        FAIL [   0.002s] crate tests::broken',
    ...NOISE.slice(0, 3),
    '------------',
    ...NOISE.slice(0, 3),
    '  stdout ───',
    '    output that belongs to no test',
    '        PASS [   0.001s] crate tests::fine',
    '     Summary [   0.010s] 2 tests run: 1 passed, 1 failed',
    '        SLOW [  61.000s] crate tests::slow',
  ];
  const bytes = new TextEncoder().encode(log.map((l) => `2026-10-01T08:00:00.1234567Z ${l}`).join('\n'));
  const result = assertSame(bytes, 'nextest', 'rule');
  assert.deepEqual(
    result.outcomes.map((o) => [o.id, o.outcome, o.message]),
    [
      ['tests::broken', 'fail', undefined],
      ['tests::fine', 'pass', undefined],
      ['tests::slow', 'pass', undefined],
    ],
  );
});

test('gotestsum: an EMPTY package line makes the summary its own', () => {
  const log = [...NOISE.slice(0, 5), 'EMPTY internal/tools', '', '=== Skipped', '=== SKIP: calc TestSlow (0.00s)', '', 'DONE 3 tests, 1 skipped in 0.1s'];
  const result = assertSame(new TextEncoder().encode(log.join('\n')), 'gotest', 'EMPTY');
  assert.deepEqual(
    result.outcomes.map((o) => [o.id, o.outcome]),
    [
      ['TestSlow', 'skip'],
      ['', 'pass'],
    ],
  );
});
