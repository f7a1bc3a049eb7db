import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locateJsFile } from '../../../src/core/locate/jsLocator';
import { fixtureText, lineOf } from './fixtureWorkspace';

const PARSER = 'js/src/parser.test.ts';
const LOGIN = 'js/e2e/login.spec.ts';

const scanOf = (path: string) => locateJsFile(path, fixtureText(path));
const titlesOf = (path: string) => scanOf(path).tests.map((t) => t.titles.map((x) => x.written).join(' › '));
const testAt = (path: string, line: number) => scanOf(path).tests.find((t) => t.line === line);

describe('locateJsFile', () => {
  test('finds it/test calls on the line of their title, nested in their describe blocks', () => {
    const found = testAt(PARSER, lineOf(PARSER, "it('parses an integer'"));
    assert.deepEqual(found?.titles.map((t) => t.written), ['Parser', 'numbers', 'parses an integer']);
  });

  test('reads titles built from constants, object constants and class names', () => {
    const known = (needle: string) => testAt(PARSER, lineOf(PARSER, needle))?.titles.map((t) => t.pieces.join('*'));
    assert.deepEqual(known('a negative integer'), ['Parser', 'numbers', 'parses a negative integer']);
    assert.deepEqual(known("PREFIX + ' a float'"), ['Parser', 'numbers', 'parses a float']);
    assert.deepEqual(known('it(TITLES.empty'), ['Parser', 'rejects the empty string']);
  });

  test('turns .each placeholders and unknown template parts into wildcards', () => {
    const pieces = (needle: string) => testAt(PARSER, lineOf(PARSER, needle))?.titles.at(-1)?.pieces;
    assert.deepEqual(pieces("('adds %i + %i'"), ['adds ', ' + ', '']);
    assert.deepEqual(pieces("('reads hex $input'"), ['reads hex ', '']);
    assert.deepEqual(pieces('rejects ${kind} literals'), ['rejects ', ' literals for now']);
    assert.deepEqual(testAt(PARSER, lineOf(PARSER, "it('parses a list'"))?.titles[0]?.pieces, ['in ', ' mode']);
  });

  test('accepts .only, .skip, .todo and .concurrent, and a title on the line after the call', () => {
    const titles = titlesOf(PARSER);
    for (const t of ['keeps whitespace', 'handles comments /* not a comment */', 'reads exponents', 'parses in parallel']) {
      assert.ok(titles.includes(`Parser › ${t}`), t);
    }
    assert.equal(testAt(PARSER, lineOf(PARSER, "'wraps a long title"))?.titles.at(-1)?.written, 'wraps a long title onto its own line');
  });

  test('is not misled by braces and quotes in strings, comments and regular expressions', () => {
    const found = testAt(PARSER, lineOf(PARSER, "it.concurrent('parses in parallel'"));
    assert.deepEqual(found?.titles.map((t) => t.written), ['Parser', 'parses in parallel']);
    assert.equal(testAt(PARSER, lineOf(PARSER, "it('parses a list'"))?.titles.length, 2);
  });

  test('leaves out method calls named test and describe', () => {
    assert.equal(titlesOf(PARSER).some((t) => t.includes('not a test')), false);
  });

  test('marks tests declared inside a helper function as floating', () => {
    const shared = testAt(PARSER, lineOf(PARSER, "it('is shared between suites'"));
    assert.equal(shared?.floating, true);
    assert.equal(testAt(PARSER, lineOf(PARSER, "it('parses an integer'"))?.floating, false);
  });

  test('reads Playwright suites, and leaves out steps, hooks, configure and conditional skips', () => {
    assert.deepEqual(titlesOf(LOGIN), ['login › shows the form', 'login › rejects a wrong password', 'login › with two factors › asks for a code']);
  });

  test('names the framework that the imports name', () => {
    assert.equal(scanOf(LOGIN).frameworkHint, 'playwright');
    assert.equal(scanOf('js/packages/web/src/format.test.ts').frameworkHint, 'vitest');
    assert.equal(scanOf('js/tools/math.test.mjs').frameworkHint, 'node');
    assert.equal(scanOf(PARSER).frameworkHint, undefined);
  });

  test('finds node:test subtests made through the test context', () => {
    assert.deepEqual(titlesOf('js/tools/math.test.mjs'), ['math › adds', 'rounding', 'rounding › half up', 'rounding › half down']);
  });

  test('reads mocha context, specify and pending tests', () => {
    assert.deepEqual(titlesOf('js/packages/legacy/test/store.js'), ['Store › when empty › returns nothing', 'Store › counts keys', 'Store › is pending']);
  });

  test('skips JSX text, whose apostrophes and slashes are not JS strings, comments or regular expressions', () => {
    const source = [
      "describe('Greeting', () => {",
      "  it('renders', () => {",
      "    render(<p title=\"a'b\">Don't panic {'}'} // not a comment</p>);",
      '    const half = total / 2; const re = /a\\/b/g;',
      '  });',
      "  it('still finds this one', () => {});",
      '});',
    ].join('\n');
    assert.deepEqual(locateJsFile('greeting.test.tsx', source).tests.map((t) => [t.line, t.titles.map((x) => x.written).join(' › ')]), [
      [2, 'Greeting › renders'],
      [6, 'Greeting › still finds this one'],
    ]);
  });

  test('reads a file with template literals nested in template literals', () => {
    const source = 'describe(`a ${`b ${"}"}`}`, () => {\n  it(`c ${x}`, () => {});\n});\nit("after", () => {});\n';
    assert.deepEqual(locateJsFile('x.test.js', source).tests.map((t) => [t.line, t.titles.map((x) => x.pieces.join('*')).join(' › ')]), [
      [2, 'a b } › c *'],
      [4, 'after'],
    ]);
  });
});
