import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locatePythonFile } from '../../../src/core/locate/pythonLocator';
import { fixtureText, indexOf, lineOf } from './fixtureWorkspace';

const PARSER = 'python/tests/test_parser.py';
const STORE = 'python/tests/unit/test_store.py';
const sample = () => indexOf([{ folder: 'python' }]);
const reported = (framework: string, suite: string, id: string) => ({ framework, suite, id });
const where = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;
const at = (path: string, needle: string) => `${path.replace(/^python\//, '')}:${lineOf(path, needle)}`;

describe('locatePythonFile', () => {
  test('finds test functions, Test classes, nested classes and async tests on their def line', () => {
    const tests = locatePythonFile('t.py', fixtureText(PARSER)).tests.map((t) => [...t.classPath, t.name].join('.'));
    assert.deepEqual(tests, [
      'test_parses',
      'test_parses_values',
      'test_parses_async',
      'TestParser.test_rejects_empty',
      'TestParser.TestUnicode.test_accepts_accents',
      'test_after_a_string',
    ]);
  });

  test('leaves out fixtures, helpers, nested functions, classes pytest does not collect and text in strings', () => {
    const names = locatePythonFile('t.py', fixtureText(PARSER)).tests.map((t) => t.name);
    for (const name of ['test_data', 'helper', 'test_nested_function', 'test_not_collected', 'test_in_docstring', 'test_inside_a_string']) {
      assert.equal(names.includes(name), false, name);
    }
  });

  test('tells unittest TestCase methods apart, and keeps a mixin\'s methods for the classes that inherit them', () => {
    const scan = locatePythonFile('t.py', fixtureText(STORE));
    assert.deepEqual(scan.tests.map((t) => [t.name, t.unittest]), [
      ['test_parses', false],
      ['test_is_empty_after_clear', true],
      ['test_writes_to_disk', true],
    ]);
    assert.deepEqual(scan.inheritable.map((t) => `${t.classPath.join('.')}.${t.name}`), ['StoreBehaviour.test_keeps_values']);
  });
});

describe('TestIndex with Python tests', () => {
  test('declares pytest tests with their node id and unittest tests with their dotted name', () => {
    const index = sample();
    assert.deepEqual(index.declarationsIn('tests/test_parser.py').find((d) => d.name === 'test_rejects_empty'), {
      id: 'tests/test_parser.py::TestParser::test_rejects_empty',
      name: 'test_rejects_empty',
      framework: 'pytest',
      file: 'tests/test_parser.py',
      line: lineOf(PARSER, 'def test_rejects_empty'),
      container: 'tests/test_parser.py::TestParser',
    });
    assert.equal(index.declarationsIn('src/shop/test_cart.py')[0]?.id, 'shop.test_cart.CartTest.test_adds_item');
  });

  test('resolves pytest node ids, with parameters, classes and nested classes', () => {
    const index = sample();
    const resolve = (id: string) => where(index.resolve(reported('pytest', '', id)));
    assert.equal(resolve('tests/test_parser.py::test_parses_values[[2]-value1]'), at(PARSER, 'def test_parses_values'));
    assert.equal(resolve('tests/test_parser.py::TestParser::TestUnicode::test_accepts_accents'), at(PARSER, 'def test_accepts_accents'));
  });

  test('chooses between same-named tests of two files by the node id path', () => {
    const index = sample();
    assert.equal(where(index.resolve(reported('pytest', '', 'tests/test_parser.py::test_parses'))), at(PARSER, 'def test_parses():'));
    assert.equal(where(index.resolve(reported('pytest', '', 'tests/unit/test_store.py::test_parses'))), at(STORE, 'def test_parses():'));
    assert.equal(index.resolve(reported('pytest', '', 'test_parses')), undefined);
  });

  test('matches node ids relative to another rootdir, and Windows paths', () => {
    const index = sample();
    assert.equal(index.resolve(reported('pytest', '', 'unit/test_store.py::test_parses'))?.file, 'tests/unit/test_store.py');
    assert.equal(index.resolve(reported('pytest', '', 'tests\\unit\\test_store.py::test_parses'))?.file, 'tests/unit/test_store.py');
    assert.equal(index.resolve(reported('pytest', 'tests/unit/test_store.py', 'test_parses'))?.file, 'tests/unit/test_store.py');
  });

  test('resolves JUnit XML classnames (module, then class) with the test name', () => {
    const index = sample();
    assert.equal(where(index.resolve(reported('junit', 'tests.test_parser.TestParser', 'test_rejects_empty'))), at(PARSER, 'def test_rejects_empty'));
    assert.equal(where(index.resolve(reported('junit', 'tests.unit.test_store', 'test_parses'))), at(STORE, 'def test_parses():'));
  });

  test("reads unittest's verbose forms, old and new, and dotted names", () => {
    const index = sample();
    const line = at(STORE, 'def test_is_empty_after_clear');
    for (const id of [
      'test_is_empty_after_clear (tests.unit.test_store.MemoryStoreTests.test_is_empty_after_clear)',
      'test_is_empty_after_clear (tests.unit.test_store.MemoryStoreTests)',
      'test_is_empty_after_clear (test_store.MemoryStoreTests) (i=1)',
      'tests.unit.test_store.MemoryStoreTests.test_is_empty_after_clear',
    ]) {
      assert.equal(where(index.resolve(reported('unittest', '', id))), line, id);
    }
    assert.equal(where(index.resolve(reported('unittest', '', 'shop.test_cart.CartTest.test_adds_item'))), 'src/shop/test_cart.py:5');
  });

  test('finds inherited tests on the base class method, mixins included', () => {
    const index = sample();
    const inherited = at(STORE, 'def test_is_empty_after_clear');
    assert.equal(where(index.resolve(reported('unittest', '', 'tests.unit.test_store.FileStoreTests.test_is_empty_after_clear'))), inherited);
    assert.equal(where(index.resolve(reported('pytest', '', 'tests/unit/test_store.py::FileStoreTests::test_keeps_values'))), at(STORE, 'def test_keeps_values'));
  });

  test('sees a file replaced and removed', () => {
    const index = sample();
    index.setFile('tests/test_parser.py', 'def test_other():\n    pass\n');
    assert.equal(index.resolve(reported('pytest', '', 'tests/test_parser.py::test_parses')), undefined);
    assert.equal(index.resolve(reported('pytest', '', 'tests/test_parser.py::test_other'))?.line, 1);
    index.removeFile('tests');
    assert.deepEqual(index.allDeclarations().map((d) => d.file), ['src/shop/test_cart.py']);
  });
});
