// Readings rewritten to take linear time on hostile lines (a long run of whitespace or `=` that almost matches) give
// what the regular expressions they replace gave, on seeded random lines built from the pieces that matter. Their
// speed is shown by `npm run bench hostile`, not here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withoutDisplaySuffix, withoutIndexes } from '../../../src/core/locate/jvmTestIndex';
import { docTestIdParts } from '../../../src/core/locate/testIndex';
import { parseJobLog } from '../../../src/core/logs/jobLogReader';
import { withoutPercent, withoutTrailingRule } from '../../../src/core/logs/pytestParser';
import { failedTestName } from '../../../src/core/logs/surefireParser';

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lines(pieces: readonly string[], seed: number, count = 20_000): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let line = '';
    const parts = 1 + Math.floor(next() * 7);
    for (let i = 0; i < parts; i++) line += pieces[Math.floor(next() * pieces.length)];
    return line;
  });
}

test('pytest: the progress and the banner rule are removed as the regular expressions removed them', () => {
  const PERCENT = /\s+\[\s*\d{1,3}%\]$/;
  for (const line of lines(['tests/a.py::t', ' PASSED', ' ', '\t', '[', ']', ' 10', '%', '[100%]', '[ 5%]', 'x', '::', '[1000%]'], 1)) {
    assert.equal(withoutPercent(line), line.replace(PERCENT, ''), JSON.stringify(line));
  }
  for (const line of lines(['=', '==', ' ', 'test session starts', 'x', ' =', '= '], 2)) {
    assert.equal(withoutTrailingRule(line), line.replace(/ ?=+$/, ''), JSON.stringify(line));
  }
});

test('surefire: a failed test line names the test the regular expression named', () => {
  const TEST_FAILED = /^(.+?)(?: --| {2}|\s)\s*Time elapsed: [\d.,]+ s(?:ec)?\s+<<< (FAILURE|ERROR)!$/;
  const pieces = ['bar(com.acme.FooTest)', ' ', '  ', ' --', '--', '\t', 'Time elapsed: ', '0.01', ' s', ' sec', '  <<< FAILURE!', ' <<< ERROR!', 'x', '-'];
  for (const line of lines(pieces, 3, 40_000)) {
    assert.equal(failedTestName(line), TEST_FAILED.exec(line)?.[1]?.trim() || undefined, JSON.stringify(line));
  }
  assert.equal(failedTestName('bar(com.acme.FooTest)  Time elapsed: 0.01 s  <<< FAILURE!'), 'bar(com.acme.FooTest)');
});

test('JVM test ids: the display suffix and the invocation indexes are removed as the regular expressions removed them', () => {
  for (const id of lines(['size()', ' ', '\t', '»', ' » ', 'x', '\u2028', '\n', '[1]', '[', ']', '12', '[]'], 4, 40_000)) {
    assert.equal(withoutDisplaySuffix(id), id.replace(/\s+».*$/, ''), JSON.stringify(id));
    assert.equal(withoutIndexes(id), id.replace(/(?:\[\d+\])+$/, ''), JSON.stringify(id));
  }
});

/** What the regular expression that {@link docTestIdParts} replaces read, in its form. */
function docTestIdByExpression(id: string): { file: string; item: string; line: number } | undefined {
  const match = /^(\S.*?\.rs) - (.*?)\(line (\d+)\)(?: - [a-z ]+)?$/.exec(id);
  return match ? { file: match[1] ?? '', item: match[2] ?? '', line: Number(match[3]) } : undefined;
}

test('Rust doc-test ids: the file, the item and the line are read as the regular expression read them', () => {
  const pieces = ['src/lib.rs - ', 'a.rs', '.rs - ', ' - ', 'Beacon::new ', '(line 12)', '(line 3)', '(line ', '12', ')', ' - compile', ' - compile fail', 'x', ' ', '\t', '\n', '\u2028', '-', '('];
  let read = 0;
  for (const [i, random] of lines(pieces, 5, 60_000).entries()) {
    const id = `${i % 3 === 0 ? 'src/lib.rs - ' : ''}${random}${i % 4 === 0 ? '(line 4)' : ''}`;
    const parts = docTestIdParts(id);
    assert.deepEqual(parts, docTestIdByExpression(id), JSON.stringify(id));
    if (parts) read++;
  }
  assert.ok(read > 5000, `${read} ids read`);
  const fixtures = ['libtest-no-fail-fast.txt', 'github-cargo.log', 'github-cargo-crlf.log', 'libtest-color.txt', 'libtest-extras.txt'];
  const ids = fixtures.flatMap((name) => parseJobLog(readFileSync(join(__dirname, '../../fixtures/logs', name), 'utf8')).outcomes)
    .filter((o) => o.suite.startsWith('Doc-tests '))
    .map((o) => o.id);
  assert.ok(ids.length >= 10);
  for (const id of [...ids, ...ids.map((i) => `${i} - compile fail`), 'src/lib.rs - (line 3)', 'src/wire/mod.rs - wire::Frame (line 1)', 'a.rs - b.rs - c (line 1)']) {
    assert.ok(docTestIdParts(id), id);
    assert.deepEqual(docTestIdParts(id), docTestIdByExpression(id), id);
  }
});

test('Rust doc-test ids: a long hostile id of repeated `.rs - ` reads as the expression read it', () => {
  const id = `a${'.rs - '.repeat(20_000)}(line 7) - compile`;
  assert.deepEqual(docTestIdParts(id), { file: 'a.rs', item: '.rs - '.repeat(19_999), line: 7 });
  assert.equal(docTestIdParts(`a${'.rs - (line 1)'.repeat(5000)}x`), undefined);
});
