// Readings rewritten to take linear time on hostile lines (a long run of whitespace or `=` that almost matches) give
// what the regular expressions they replace gave, on seeded random lines built from the pieces that matter. Their
// speed is shown by `npm run bench hostile`, not here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutDisplaySuffix, withoutIndexes } from '../../../src/core/locate/jvmTestIndex';
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
