import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobLogReader, LOG_FORMATS, parseJobLog, type JobLogResult } from '../../../src/core/logs/jobLogReader';
import { LibtestParser } from '../../../src/core/logs/libtestParser';
import { byId, fixtureBytes, fixtureText, parseLines, seededChunks } from './logFixtures';

function readChunks(chunks: readonly (Uint8Array | string)[], options?: { maxBytes?: number }): JobLogResult {
  const reader = new JobLogReader(options);
  for (const chunk of chunks) reader.push(chunk);
  return reader.end();
}

/** Line number (1-based) of the first line containing `needle`. */
function lineOf(name: string, needle: string): number {
  return fixtureText(name).split('\n').findIndex((line) => line.includes(needle)) + 1;
}

test('reads the outcomes of a GitHub cargo log like those of the raw cargo output', () => {
  const result = parseJobLog(fixtureBytes('github-cargo.log'));
  const raw = parseLines(new LibtestParser(), fixtureText('libtest-color.txt'));
  assert.deepEqual(result.outcomes, raw);
  assert.deepEqual(result.frameworks, ['libtest']);
});

test('a CRLF log gives the same result as an LF log', () => {
  const lf = parseJobLog(fixtureBytes('github-cargo.log'));
  const crlf = parseJobLog(fixtureBytes('github-cargo-crlf.log'));
  assert.deepEqual({ ...crlf, bytes: 0 }, { ...lf, bytes: 0 });
});

test('the BOM and timestamps do not reach the parsers', () => {
  const result = parseJobLog(fixtureBytes('github-cargo.log'));
  assert.equal(byId(result.outcomes, 'tests::adds_wrong').failureLocation, 'src/lib.rs:46:9');
  assert.match(byId(result.outcomes, 'tests::adds_wrong').message ?? '', /^computing 2 \+ 2\n/);
});

test('each Run group is a step with its line', () => {
  const result = parseJobLog(fixtureBytes('github-mixed.log'));
  assert.deepEqual(result.steps, [
    { title: 'Run actions/checkout@v4', line: lineOf('github-mixed.log', '##[group]Run actions/checkout@v4') },
    { title: 'Run cargo test', line: lineOf('github-mixed.log', '##[group]Run cargo test') },
    { title: 'Run go test ./...', line: lineOf('github-mixed.log', '##[group]Run go test ./...') },
  ]);
});

test('error annotations are kept', () => {
  assert.deepEqual(parseJobLog(fixtureBytes('github-cargo.log')).errors, ['Process completed with exit code 101.']);
});

test('one log with cargo and go output reports both frameworks, with build failures among the errors', () => {
  const result = parseJobLog(fixtureBytes('github-mixed.log'));
  assert.deepEqual(result.frameworks, ['libtest', 'gotest']);
  assert.equal(result.outcomes.filter((o) => o.framework === 'libtest').length, 7);
  assert.equal(byId(result.outcomes, 'TestPoll/timeout').suite, 'github.com/acme/poller/poll');
  assert.deepEqual(result.errors, [
    'Process completed with exit code 101.',
    'go: github.com/acme/poller/broken [build failed]: broken/broken.go:3:27: cannot use "not an int" (untyped string constant) as int value in return statement',
    'Process completed with exit code 1.',
  ]);
});

test('a GitHub go log reports the verbose outcomes', () => {
  const result = parseJobLog(fixtureBytes('github-go.log'));
  assert.deepEqual(result.frameworks, ['gotest']);
  assert.equal(result.outcomes.length, 13);
});

test('a log without test output reports no outcomes and no frameworks', () => {
  const result = parseJobLog('2024-05-01T10:11:12.1234567Z ##[group]Run make\n2024-05-01T10:11:12.2234567Z done\n');
  assert.deepEqual(result.outcomes, []);
  assert.deepEqual(result.frameworks, []);
  assert.deepEqual(result.steps, [{ title: 'Run make', line: 1 }]);
});

test('feeding the log one byte at a time gives the same result', () => {
  const bytes = fixtureBytes('github-mixed.log');
  const oneByOne = readChunks(Array.from(bytes, (b) => new Uint8Array([b])));
  assert.deepEqual(oneByOne, parseJobLog(bytes));
});

test('feeding the log in random-size chunks gives the same result', () => {
  for (const name of ['github-cargo.log', 'github-cargo-crlf.log', 'github-go.log']) {
    const bytes = fixtureBytes(name);
    for (const seed of [1, 2, 3]) assert.deepEqual(readChunks(seededChunks(bytes, seed, 97)), parseJobLog(bytes), `${name} seed ${seed}`);
  }
});

test('a string log gives the same result as its bytes', () => {
  assert.deepEqual(parseJobLog(fixtureText('github-go.log')), parseJobLog(fixtureBytes('github-go.log')));
});

test('counts bytes and lines', () => {
  const bytes = fixtureBytes('github-cargo.log');
  const result = parseJobLog(bytes);
  assert.equal(result.bytes, bytes.length);
  assert.equal(result.lines, fixtureText('github-cargo.log').split('\n').length - 1);
  assert.equal(result.truncated, false);
});

test('past maxBytes parsing stops and the result says truncated', () => {
  const bytes = fixtureBytes('github-mixed.log');
  const maxBytes = fixtureText('github-mixed.log').indexOf('##[group]Run go test');
  const result = readChunks(seededChunks(bytes, 7, 500), { maxBytes });
  assert.equal(result.truncated, true);
  assert.equal(result.bytes, maxBytes);
  assert.deepEqual(result.frameworks, ['libtest']);
  assert.equal(result.outcomes.length, 7);
});

test('a chunk pushed after the cut is ignored', () => {
  const reader = new JobLogReader({ maxBytes: 10 });
  reader.push('0123456789abc\n');
  reader.push('running 1 test\n');
  const result = reader.end();
  assert.equal(result.bytes, 10);
  assert.equal(result.lines, 0);
});

test('errors are bounded in number and length', () => {
  const lines = Array.from({ length: 50 }, (_, i) => `##[error]failure ${i} ${'x'.repeat(1000)}`);
  const result = parseJobLog(lines.join('\n'));
  assert.equal(result.errors.length, 20);
  assert.ok(result.errors.every((e) => e.length <= 500));
  assert.match(result.errors[0] ?? '', /^failure 0 x/);
});

test('workflow-command errors count as errors', () => {
  assert.deepEqual(parseJobLog('::error file=src/lib.rs,line=3::bad thing\n').errors, ['bad thing']);
});

test('a several-megabyte line does not disturb the lines after it', () => {
  const log = fixtureText('github-cargo.log');
  const at = log.indexOf('running 7 tests');
  const withHugeLine = `${log.slice(0, at)}${'#'.repeat(5 * 1024 * 1024)}\n${log.slice(at)}`;
  const result = parseJobLog(new TextEncoder().encode(withHugeLine));
  assert.deepEqual(result.outcomes, parseJobLog(log).outcomes);
});

test('lines of characters past ASCII are cut at the line bound by characters, not bytes, from bytes as from a string', () => {
  // A chunk's whole lines (after its first) are read where they lie, not by the splitter: the bound must count their
  // characters as the splitter does, whatever their bytes.
  const log = ['first', '##[error]' + '✓'.repeat(60), '##[error]' + 'é'.repeat(25), '##[error]' + 'x'.repeat(31), 'plain', ''].join('\n');
  const fromBytes = parseJobLog(Buffer.from(log, 'utf8'), { maxLineLength: 40 });
  assert.deepEqual(fromBytes.errors, ['✓'.repeat(31), 'é'.repeat(25), 'x'.repeat(31)]);
  assert.deepEqual(fromBytes, parseJobLog(log, { maxLineLength: 40 }));
});

test('invalid UTF-8 bytes do not stop the parsing', () => {
  const text = fixtureBytes('libtest-fail-fast.txt');
  const garbage = new Uint8Array([0xff, 0xfe, 0x80, 0x0a, 0xc3, 0x28, 0x0a]);
  const joined = new Uint8Array(garbage.length + text.length);
  joined.set(garbage);
  joined.set(text, garbage.length);
  assert.equal(parseJobLog(joined).outcomes.length, 7);
});

test('doubling a log doubles its outcomes and lines', () => {
  const text = fixtureText('github-go.log');
  const once = parseJobLog(text);
  const twice = parseJobLog(text + text);
  assert.equal(twice.lines, 2 * once.lines);
  assert.equal(twice.outcomes.length, 2 * once.outcomes.length);
});

/** A GitHub job log around runner outputs: one `##[group]Run ...` step each, timestamps on every line. */
function githubLog(steps: readonly (readonly [string, string])[]): string {
  const lines: string[] = [];
  for (const [command, output] of steps) {
    lines.push(`##[group]Run ${command}`, command, '##[endgroup]', ...output.replace(/\n$/, '').split('\n'));
  }
  return lines.map((line, i) => `2024-05-01T10:11:${String(12 + (i % 40)).padStart(2, '0')}.${String(i).padStart(7, '0')}Z ${line}`).join('\n') + '\n';
}

const FRAMEWORK_OF_FIXTURE: readonly (readonly [string, string])[] = [
  ['nextest-legacy.txt', 'nextest'],
  ['nextest.txt', 'nextest'],
  ['gotest-json.txt', 'gotest'],
  ['gotestsum-testname.txt', 'gotest'],
  ['gotestsum-pkgname.txt', 'gotest'],
  ['gotestsum-rerun-verbose.txt', 'gotest'],
  ['pytest-v.txt', 'pytest'],
  ['pytest-xdist.txt', 'pytest'],
  ['pytest-rA.txt', 'pytest'],
  ['unittest-v.txt', 'unittest'],
  ['unittest-doctest.txt', 'unittest'],
  ['jest-verbose.txt', 'jest'],
  ['jest-default.txt', 'jest'],
  ['vitest1-verbose.txt', 'vitest'],
  ['vitest3-default.txt', 'vitest'],
  ['vitest4-verbose.txt', 'vitest'],
  ['mocha-spec.txt', 'mocha'],
  ['node-spec.txt', 'node'],
  ['node-tap.txt', 'node'],
  ['playwright-list.txt', 'playwright'],
  ['playwright-line.txt', 'playwright'],
  ['maven-surefire3-rerun.txt', 'junit'],
  ['maven-surefire2-junit4-rerun.txt', 'junit'],
  ['gradle-junit5.txt', 'junit'],
  ['gradle-junit4.txt', 'junit'],
  ['dotnet-test.txt', 'dotnet'],
];

test('each runner output is found by its own parser and no other', () => {
  for (const [fixture, framework] of FRAMEWORK_OF_FIXTURE) {
    assert.deepEqual(parseJobLog(fixtureText(fixture)).frameworks, [framework], fixture);
  }
});

test("nextest's captured libtest output is not counted again as libtest outcomes", () => {
  for (const fixture of ['nextest-legacy.txt', 'nextest.txt']) {
    const result = parseJobLog(githubLog([['cargo nextest run --retries 2', fixtureText(fixture)]]));
    assert.deepEqual(result.frameworks, ['nextest'], fixture);
    assert.equal(result.outcomes.filter((o) => o.id === 'tests::adds_wrong').length, 1);
  }
});

test('a cargo test step after a nextest step is read by the libtest parser', () => {
  const result = parseJobLog(
    githubLog([
      ['cargo nextest run', fixtureText('nextest-legacy.txt')],
      ['cargo test', fixtureText('libtest-fail-fast.txt')],
    ]),
  );
  assert.deepEqual(result.frameworks, ['nextest', 'libtest']);
  assert.equal(result.outcomes.filter((o) => o.framework === 'libtest').length, 7);
});

test('several runners in one job are each read, step by step', () => {
  const result = parseJobLog(
    githubLog([
      ['pytest -v', fixtureText('pytest-v.txt')],
      ['npx jest --verbose', fixtureText('jest-verbose.txt')],
      ['go test -json ./...', fixtureText('gotest-json.txt')],
      ['mvn test', fixtureText('maven-surefire3-rerun.txt')],
    ]),
  );
  assert.deepEqual(result.frameworks, ['gotest', 'pytest', 'jest', 'junit']);
  assert.equal(result.outcomes.length, 12 + 12 + 12 + 5);
});

test('formats forces the parsers that run', () => {
  const log = githubLog([
    ['pytest -v', fixtureText('pytest-v.txt')],
    ['npx jest --verbose', fixtureText('jest-verbose.txt')],
  ]);
  const onlyJest = parseJobLog(log, { formats: ['jest'] });
  assert.deepEqual(onlyJest.frameworks, ['jest']);
  assert.deepEqual(onlyJest.errors, ["jest: test/boom.test.js failed to run: Cannot find module './does-not-exist' from 'test/boom.test.js'"]);
  assert.deepEqual(parseJobLog(log, { formats: [] }).frameworks, ['pytest', 'jest']);
  assert.deepEqual(parseJobLog(log, { formats: ['dotnet'] }).outcomes, []);
});

test('every framework a format can be forced to has a parser', () => {
  assert.deepEqual([...LOG_FORMATS].sort(), ['dotnet', 'gotest', 'jest', 'junit', 'libtest', 'mocha', 'nextest', 'node', 'playwright', 'pytest', 'unittest', 'vitest']);
});

test('feeding a multi-runner log in random-size chunks gives the same result', () => {
  const bytes = new TextEncoder().encode(
    githubLog([
      ['cargo nextest run', fixtureText('nextest.txt')],
      ['npx vitest run', fixtureText('vitest4-default.txt')],
      ['npx playwright test', fixtureText('playwright-list.txt')],
    ]),
  );
  for (const seed of [1, 2]) assert.deepEqual(readChunks(seededChunks(bytes, seed, 61)), parseJobLog(bytes), `seed ${seed}`);
});
