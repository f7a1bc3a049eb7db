import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TestIndex } from '../../../src/core/locate/testIndex';
import { fixtureText, indexOf, lineOf } from './fixtureWorkspace';

const PARSER = 'js/src/parser.test.ts';
const sample = () => indexOf([{ folder: 'js' }]);
const reported = (framework: string, suite: string, id: string) => ({ framework, suite, id });
const where = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;
const at = (path: string, needle: string) => `${path.replace(/^js\//, '')}:${lineOf(path, needle)}`;

describe('TestIndex with JavaScript and TypeScript tests', () => {
  test('declares tests with the id jest prints, titles joined with ›', () => {
    const decl = sample().declarationsIn('src/parser.test.ts').find((d) => d.name === 'parses an integer');
    assert.deepEqual(decl, {
      id: 'Parser › numbers › parses an integer',
      name: 'parses an integer',
      framework: 'jest',
      file: 'src/parser.test.ts',
      line: lineOf(PARSER, "it('parses an integer'"),
      container: 'Parser › numbers',
    });
  });

  test('resolves a jest id to the test in the file its suite names', () => {
    const index = sample();
    const id = 'Parser › numbers › parses an integer';
    assert.equal(where(index.resolve(reported('jest', 'src/parser.test.ts', id))), at(PARSER, "it('parses an integer'"));
    assert.equal(where(index.resolve(reported('jest', 'src/lexer.spec.js', id))), at('js/src/lexer.spec.js', "it('parses an integer'"));
  });

  test('returns undefined for a name that repeats in several files when no suite tells them apart', () => {
    assert.equal(sample().resolve(reported('jest', '', 'Parser › numbers › parses an integer')), undefined);
  });

  test('matches suites printed as absolute or Windows paths, or relative to a package folder', () => {
    const index = sample();
    const id = 'Parser › numbers › parses an integer';
    assert.equal(index.resolve(reported('jest', '/home/runner/work/app/app/src/parser.test.ts', id))?.file, 'src/parser.test.ts');
    assert.equal(index.resolve(reported('jest', 'D:\\a\\app\\app\\src\\lexer.spec.js', id))?.file, 'src/lexer.spec.js');
    assert.equal(index.resolve(reported('vitest', 'src/format.test.ts', 'format › parses an integer'))?.file, 'packages/web/src/format.test.ts');
  });

  test('accepts ›, > and single spaces between titles', () => {
    const index = sample();
    const line = at(PARSER, "it.only('keeps whitespace'");
    for (const id of ['Parser › keeps whitespace', 'Parser > keeps whitespace', 'Parser keeps whitespace']) {
      assert.equal(where(index.resolve(reported('jest', 'src/parser.test.ts', id))), line, id);
    }
  });

  test('resolves concrete names of .each rows, tagged templates and describe.each', () => {
    const index = sample();
    const resolve = (id: string) => where(index.resolve(reported('jest', 'src/parser.test.ts', id)));
    assert.equal(resolve('Parser › numbers › adds 1 + 2'), at(PARSER, "('adds %i + %i'"));
    assert.equal(resolve("Parser › numbers › reads hex '0x1'"), at(PARSER, "('reads hex $input'"));
    assert.equal(resolve('in loose mode › parses a list'), at(PARSER, "it('parses a list'"));
    assert.equal(resolve('Parser › rejects octal literals for now'), at(PARSER, 'rejects ${kind} literals'));
  });

  test('resolves tests made in loops over literal lists and objects to the loop whose values name them', () => {
    const index = new TestIndex();
    index.setFile('a.test.js', [
      "describe('one', () => {",
      "  const cases = { '': 1, 'x/y': 2 };",
      '  for (const input in cases) {',
      '    test(input, () => {});',
      '  }',
      "  for (const input of ['a', 'b']) {",
      '    test(input, () => {});',
      '  }',
      "  ['c', 'd'].forEach((name) => it(`handles ${name}`, () => {}));",
      '});',
      "describe('two', () => {",
      "  const cases = { z: 1 };",
      '  for (const input in cases) test(input, () => {});',
      '});',
    ].join('\n'));
    const line = (id: string) => index.resolve(reported('vitest', 'a.test.js', id))?.line;
    assert.equal(line('one > x/y'), 4);
    assert.equal(line('one > '), 4);
    assert.equal(line('one > b'), 7);
    assert.equal(line('one > handles d'), 9);
    assert.equal(line('two > z'), 13);
    assert.equal(line('two > x/y'), 11, 'not a value of the loop in two: the suite');
  });

  test('resolves titles built from constants and class names', () => {
    const index = sample();
    const resolve = (id: string) => where(index.resolve(reported('jest', 'src/parser.test.ts', id)));
    assert.equal(resolve('Parser › numbers › parses a negative integer'), at(PARSER, 'a negative integer'));
    assert.equal(resolve('Parser › numbers › parses a float'), at(PARSER, "PREFIX + ' a float'"));
    assert.equal(resolve('Parser › rejects the empty string'), at(PARSER, 'it(TITLES.empty'));
  });

  test('declares the concrete title of a template built from constants', () => {
    const ids = sample().declarationsIn('src/parser.test.ts').map((d) => d.id);
    assert.ok(ids.includes('Parser › numbers › parses a negative integer'));
    assert.ok(ids.includes('Parser › numbers › adds %i + %i'));
  });

  test('resolves a test declared in a helper function under whichever suite calls it', () => {
    const found = sample().resolve(reported('jest', 'src/parser.test.ts', 'shared › is shared between suites'));
    assert.equal(where(found), at(PARSER, "it('is shared between suites'"));
  });

  test('resolves a test the source does not name to its suite, and a suite-level failure to the suite', () => {
    const index = sample();
    const suiteLine = at(PARSER, 'describe(GROUP');
    assert.equal(where(index.resolve(reported('jest', 'src/parser.test.ts', 'Parser › numbers › generated elsewhere'))), suiteLine);
    assert.equal(where(index.resolve(reported('jest', 'src/parser.test.ts', 'Parser › numbers'))), suiteLine);
    assert.equal(index.resolve(reported('jest', 'src/parser.test.ts', 'Unknown › thing')), undefined);
  });

  test('reads Playwright ids with a project and a file location', () => {
    const found = sample().resolve(reported('playwright', '', '[chromium] › e2e/login.spec.ts:21:9 › login › with two factors › asks for a code'));
    assert.equal(where(found), at('js/e2e/login.spec.ts', "test('asks for a code'"));
    assert.equal(found?.framework, 'playwright');
  });

  test('takes each file framework from its imports, else the nearest package.json', () => {
    const index = sample();
    const frameworkOf = (file: string) => index.declarationsIn(file)[0]?.framework;
    assert.equal(frameworkOf('src/parser.test.ts'), 'jest');
    assert.equal(frameworkOf('packages/web/src/format.test.ts'), 'vitest');
    assert.equal(frameworkOf('packages/legacy/test/store.js'), 'mocha');
    assert.equal(frameworkOf('tools/math.test.mjs'), 'node');
  });

  test('declares mocha tests with its full title, titles joined by spaces', () => {
    const ids = sample().declarationsIn('packages/legacy/test/store.js').map((d) => d.id);
    assert.deepEqual(ids, ['Store when empty returns nothing', 'Store counts keys', 'Store is pending']);
    const found = sample().resolve(reported('mocha', '', 'Store when empty returns nothing'));
    assert.equal(where(found), at('js/packages/legacy/test/store.js', "it('returns nothing'"));
  });

  test('resolves node:test subtests and vitest test.for rows', () => {
    const index = sample();
    assert.equal(where(index.resolve(reported('node', 'tools/math.test.mjs', 'rounding › half down'))), at('js/tools/math.test.mjs', "t.test('half down'"));
    assert.equal(where(index.resolve(reported('vitest', 'packages/web/src/format.test.ts', 'format > upper-cases a'))), at('js/packages/web/src/format.test.ts', "('upper-cases %s'"));
  });

  test('updates ids when a package.json changes the framework', () => {
    const index = sample();
    index.setFile('package.json', '{ "devDependencies": { "mocha": "10" } }');
    assert.equal(index.declarationsIn('src/lexer.spec.js')[0]?.id, 'Parser numbers parses an integer');
    index.removeFile('package.json');
    assert.equal(index.declarationsIn('src/lexer.spec.js')[0]?.framework, 'jest');
  });

  test('sees a test file replaced, removed, or its folder removed', () => {
    const index = sample();
    index.setFile('src/lexer.spec.js', fixtureText('js/src/lexer.spec.js').replace("'parses an integer'", "'parses a digit'"));
    const renamed = index.resolve(reported('jest', 'src/lexer.spec.js', 'Parser › numbers › parses an integer'));
    assert.equal(where(renamed), at('js/src/lexer.spec.js', "describe('numbers'"), 'the nearest suite still there');
    assert.ok(index.resolve(reported('jest', 'src/lexer.spec.js', 'Parser › numbers › parses a digit')));
    index.removeFile('src/lexer.spec.js');
    assert.equal(index.resolve(reported('jest', '', 'Parser › numbers › parses an integer'))?.file, 'src/parser.test.ts');
    index.removeFile('packages');
    assert.deepEqual(index.allDeclarations().filter((d) => d.file.startsWith('packages/')), []);
  });

  test('reads JUnit XML of jest (suite a file, framework junit) through the JS index', () => {
    const found = sample().resolve(reported('junit', 'src\\parser.test.ts', 'Parser › keeps whitespace'));
    assert.equal(where(found), at(PARSER, "it.only('keeps whitespace'"));
  });

  test('indexes only test files: not declarations, sources or dependencies', () => {
    const index = new TestIndex();
    index.setFile('src/app.ts', "describe('x', () => { it('y', () => {}); });");
    index.setFile('node_modules/lib/a.test.js', "it('y', () => {});");
    index.setFile('types/a.test.d.ts', "it('y', () => {});");
    assert.deepEqual(index.allDeclarations(), []);
  });
});
