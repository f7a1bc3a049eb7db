// Readings rewritten to take linear time on hostile lines (a long run of whitespace or `=` that almost matches) give
// what the regular expressions they replace gave, on seeded random lines built from the pieces that matter. Their
// speed is shown by `npm run bench hostile`, not here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { titlesMatcher } from '../../../src/core/locate/jsTestIndex';
import { simpleType, withoutDisplaySuffix, withoutIndexes } from '../../../src/core/locate/jvmTestIndex';
import { junitNameTitle, matchesName, titleStretches, type TestTitle } from '../../../src/core/locate/testTitle';
import { docTestIdParts } from '../../../src/core/locate/testIndex';
import { parseJobLog } from '../../../src/core/logs/jobLogReader';
import { withoutPercent, withoutTrailingRule } from '../../../src/core/logs/pytestParser';
import { failedTestName } from '../../../src/core/logs/surefireParser';
import { seededRandom as random } from '../support/seededRandom';

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

test('JVM parameter types: generics are removed as the regular expression removed them', () => {
  const byExpression = (type: string) => {
    const base = type.replace(/<.*>/s, '').replace(/\[\]|\.\.\./g, '').trim();
    return base.slice(base.lastIndexOf('.') + 1);
  };
  const pieces = ['java.util.List', '<', '>', 'String', '[]', '...', ' ', '\n', '.', 'Map', ', ', '?', 'extends '];
  for (const type of [...lines(pieces, 7, 40_000), 'java.util.Map<String, List<Integer>>', 'int[]', 'String...', 'Foo.Bar<T>[]']) {
    assert.equal(simpleType(type), byExpression(type), JSON.stringify(type));
  }
  assert.equal(simpleType('<'.repeat(60_000)), '<'.repeat(60_000));
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

/** The regular expression source a title used to be matched with (testTitle.ts before `matchesName`). */
function titleExpression(title: TestTitle, normalize: (text: string) => string = (t) => t): string {
  const escape = (text: string): string => normalize(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return title.pieces
    .map((p, i) => {
      if (i === 0) return escape(p);
      const gap = title.gaps?.[i - 1];
      return `${gap ? `(?:${gap.map(escape).join('|')})` : '[^]*?'}${escape(p)}`;
    })
    .join('');
}

/** The JavaScript index's expression for titles (jsTestIndex.ts before `titlesMatcher`). */
function jsTitlesExpression(titles: readonly TestTitle[], floating: boolean): RegExp {
  const normalizePiece = (piece: string) => piece.replace(/(?<!\s)\s+[›>]\s+/g, ' ').replace(/\s+/g, ' ');
  const body = titles
    .map((t) => titleExpression(t, normalizePiece).trim())
    .join(' ')
    .replace(/ /g, ' ?');
  return new RegExp(`${floating ? '(?:^|^.* )' : '^'}${body}$`);
}

function randomTitles(next: () => number): TestTitle[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const pieces = ['', 'a', ' ', 'a b', 'b', ' x ', '.', '(a)', '  ', ' › ', 'a\tb'];
  const values = ['a', 'b ', '', ' ', 'a b', 'x.'];
  return Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    const count = 1 + Math.floor(next() * 4);
    const own = Array.from({ length: count }, () => pick(pieces));
    const gaps = Array.from({ length: count - 1 }, () => (next() < 0.5 ? undefined : Array.from({ length: Math.floor(next() * 3) }, () => pick(values))));
    return { written: own.join('%s'), pieces: own, gaps };
  });
}

/** A name that fits the titles, or nearly: unknown stretches filled, some spaces dropped or doubled, a prefix. */
function nameFor(titles: readonly TestTitle[], next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const fill = ['', 'a', 'b b', ' ', 'x.', '\n', 'a b a', '\u2028'];
  let name = titles
    .map((t) => t.pieces.map((p, i) => (i === 0 ? p : `${t.gaps?.[i - 1] && next() < 0.8 ? pick(t.gaps[i - 1] as string[]) || '' : pick(fill)}${p}`)).join(''))
    .join(pick([' ', '', '  ']));
  if (next() < 0.3) name = `${pick(['a', 'x y', 'a\nb', ''])} ${name}`;
  if (next() < 0.3) name = name.replace(/ /g, () => pick(['', ' ', '  ']));
  if (next() < 0.2) name = name.trim().replace(/\s+/g, ' ');
  return name;
}

test('test titles: names match a title as the regular expressions matched them', () => {
  const next = random(6);
  let matched = 0;
  let jvmMatched = 0;
  for (let round = 0; round < 4000; round++) {
    const titles = randomTitles(next);
    const floating = next() < 0.4;
    const js = jsTitlesExpression(titles, floating);
    const jsMatcher = titlesMatcher(titles, floating);
    const jvmTitle = titles[0] as TestTitle;
    const jvm = new RegExp(`^${titleExpression(jvmTitle)}$`);
    for (let k = 0; k < 8; k++) {
      const name = nameFor(titles, next);
      const expected = js.test(name);
      assert.equal(matchesName(jsMatcher, name), expected, `${js.source} ${JSON.stringify(name)}`);
      if (expected) matched++;
      const printed = nameFor([jvmTitle], next);
      assert.equal(matchesName({ stretches: titleStretches(jvmTitle) }, printed), jvm.test(printed), `${jvm.source} ${JSON.stringify(printed)}`);
      if (jvm.test(printed)) jvmMatched++;
    }
  }
  assert.ok(matched > 5000 && jvmMatched > 5000, `${matched} and ${jvmMatched} names matched`);
  for (const [pattern, printed] of [
    ['{0} + {1} = {2}', '1 + 2 = 3'],
    ['[{index}] {arguments}', '[1] 2, 3'],
    ['{displayName} {currentRepetition}/{totalRepetitions}', 'repeat 2/5'],
    ["'{0}' is ''odd''", "'3' is 'odd'"],
    ['{0} is even', '3 is odd'],
  ] as const) {
    const title = junitNameTitle(pattern);
    assert.equal(matchesName({ stretches: titleStretches(title) }, printed), new RegExp(`^${titleExpression(title)}$`).test(printed), pattern);
  }
});

test('test titles: a long hostile name against a title with three placeholders is matched or not as the expression did', () => {
  const title: TestTitle = { written: 'x %s y %s z %s w', pieces: ['x ', ' y ', ' z ', ' w'] };
  const name = `x ${'y z '.repeat(16_000)}`;
  assert.equal(matchesName(titlesMatcher([title], false), `${name}!`), false);
  assert.equal(matchesName(titlesMatcher([title], false), `${name}w`), true);
  assert.equal(matchesName(titlesMatcher([title], true), `a b ${name}w`), true);
  const junit = junitNameTitle('{0} and {1} and {2} end');
  assert.equal(matchesName({ stretches: titleStretches(junit) }, ` and${' and'.repeat(16_000)} x`), false);
  assert.equal(matchesName({ stretches: titleStretches(junit) }, ` and${' and'.repeat(16_000)} end`), true);
});
