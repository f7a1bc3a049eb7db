import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locatePythonFile } from '../../../src/core/locate/pythonLocator';
import { isIndexCandidate, isTestFileCandidate } from '../../../src/core/locate/testIndex';
import { fixtureText, indexOf, lineOf } from './fixtureWorkspace';

// The expected lines are DocTestFinder's (DocTest.lineno + 1), checked with CPython 3.13's doctest on these files.
const UNITS = 'python-doctest/src/inventory/units.py';
const PRICING = 'python-doctest/src/inventory/pricing.py';
const INIT = 'python-doctest/src/inventory/__init__.py';
const TESTS = 'python-doctest/tests/test_units.py';
const sample = () => indexOf([{ folder: 'python-doctest' }]);
const where = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;
const at = (path: string, needle: string) => `${path.replace(/^python-doctest\//, '')}:${lineOf(path, needle)}`;
const docTests = (path: string, tests = false) =>
  locatePythonFile(path, fixtureText(path), { tests }).docTests.map((d) => `${d.path.join('.')}:${d.line}`);

describe('locatePythonFile: doctests', () => {
  test('finds the docstrings with examples of functions, methods, classes, nested classes and the module', () => {
    assert.deepEqual(docTests(UNITS), [
      `convert:${lineOf(UNITS, '"""Grams in')}`,
      `weigh:${lineOf(UNITS, '"""Weight of a known item.')}`,
      `one_line:${lineOf(UNITS, 'def one_line()')}`,
      `fetch:${lineOf(UNITS, "r'''Reads a raw docstring.")}`,
      `long_signature:${lineOf(UNITS, '>>> long_signature(1)') - 1}`,
      `continued:${lineOf(UNITS, '"""A prompt whose code')}`,
      `outer:${lineOf(UNITS, '"""Nested functions')}`,
      `Shelf:${lineOf(UNITS, '"""A shelf and its label.')}`,
      `Shelf.code:${lineOf(UNITS, ">>> Shelf('C3').code") - 1}`,
      `Shelf.parse:${lineOf(UNITS, ">>> Shelf.parse('D4')") - 1}`,
      `Shelf.Slot:${lineOf(UNITS, '"""A slot on a shelf.')}`,
      `Shelf.Slot.convert:${lineOf(UNITS, '"""Same name as the module function.')}`,
    ]);
    assert.deepEqual(docTests(INIT), [':1', `restock:${lineOf(INIT, '"""How many items')}`]);
  });

  test("counts from a function's first decorator, as CPython's co_firstlineno does, to its docstring", () => {
    const weigh = locatePythonFile(UNITS, fixtureText(UNITS)).docTests.find((d) => d.path.join('.') === 'weigh');
    assert.equal(weigh?.line, lineOf(UNITS, '"""Weight of a known item.'));
    assert.ok(lineOf(UNITS, '@logged') < lineOf(UNITS, 'def weigh'));
  });

  test('a class starts from the first `class NAME` line of the file, as DocTestFinder does', () => {
    assert.deepEqual(docTests(PRICING), [
      `convert:${lineOf(PRICING, '"""With tax')}`,
      `Money:${lineOf(PRICING, 'class Money:')}`,
      // Tax.Rate's docstring, not Discount.Rate's own.
      `Discount.Rate:${lineOf(PRICING, '"""The tax rate (no example).')}`,
    ]);
  });

  test('leaves out strings that are not docstrings, prompts without code, and what a function nests', () => {
    const names = docTests(UNITS).map((d) => d.split(':')[0]);
    for (const name of ['prompt_only', 'not_first', 'formatted', 'outer.inner', 'outer.Local', 'logged']) {
      assert.equal(names.includes(name), false, name);
    }
    // The module's first statement is an import: no module doctest, though HELP holds `>>>`.
    assert.equal(names.includes(''), false);
  });

  test('a file without `>>>` has no doctests, and a module read for doctests only has no tests', () => {
    assert.deepEqual(locatePythonFile('x.py', 'def f():\n    """Example: 1 + 1"""\n').docTests, []);
    const pricing = locatePythonFile(PRICING, fixtureText(PRICING), { tests: false });
    assert.deepEqual(pricing.tests, []);
    assert.equal(locatePythonFile(PRICING, fixtureText(PRICING)).tests[0]?.name, 'test_rate');
  });

  test('reads one-line bodies, concatenated pieces, escapes and continuations as Python does', () => {
    const scan = (source: string) => locatePythonFile('m.py', source).docTests.map((d) => `${d.path.join('.')}:${d.line}`);
    assert.deepEqual(scan('class C: """>>> 1"""\n'), ['C:1']);
    assert.deepEqual(scan('def f(x: dict = {1: 2}) -> "A:B": \'>>> 1\'\n'), ['f:1']);
    assert.deepEqual(scan('def f():\n    "Example." \\\n    "\\n>>> 1"\n'), ['f:2']);
    assert.deepEqual(scan('def f():\n    "Example:\\n    >>> 1"\n'), ['f:2']);
    // A backslash at the end of a line joins it to the next in a plain string, not in a raw one.
    assert.deepEqual(scan('def f():\n    """Ex\\\n    >>> 1"""\n'), []);
    assert.deepEqual(scan('def f():\n    r"""Ex\\\n    >>> 1"""\n'), ['f:2']);
    assert.deepEqual(scan('def f():\n    b""">>> 1"""\n\ndef g():\n    f""">>> 1"""\n'), []);
    assert.deepEqual(scan('def f():\n    """>>> 1""" + x\n'), []);
    assert.deepEqual(scan('\ufeff# coding: utf-8\n""">>> 1"""\n'), [':2']);
    assert.deepEqual(scan('def f(\n    x,  # a comment: "quoted"\n): """>>> 1"""\n'), ['f:2']);
  });
});

describe('locatePythonFile: what DocTestFinder keeps (checked with CPython 3.11.7)', () => {
  const scan = (source: string) => locatePythonFile('m.py', source, { tests: false }).docTests.map((d) => `${d.path.join('.')}:${d.line}`);
  const doc = (body: string) => `    """\n${body}    """\n`;

  test('a name bound twice: the last binding, and what it holds, is the doctest', () => {
    assert.deepEqual(scan(`def f():\n${doc('    >>> 1\n    1\n')}\ndef f():\n${doc('    >>> 2\n    2\n')}`), ['f:8']);
    // The last has no examples: none.
    assert.deepEqual(scan(`def f():\n${doc('    >>> 1\n')}\ndef f():\n    """No examples."""\n`), []);
    // A class bound again loses the first one's methods; DocTestFinder starts from the first `class A` line.
    assert.deepEqual(scan(`class A:\n${doc('    >>> 1\n')}    def m(self):\n        """>>> 2"""\n\nclass A:\n${doc('    >>> 3\n')}`), ['A:2']);
    // An if/else pair: Python binds the branch taken; the last in the source is the guess.
    assert.deepEqual(scan(`if X:\n    def g():\n    ${doc('        >>> 1\n    ')}else:\n    def g():\n    ${doc('        >>> 2\n    ')}`), ['g:8']);
  });

  test("a property's setter and deleter keep the getter's docstring; `@x.getter` replaces it", () => {
    // The name and the docstring are DocTestFinder's; it gives a property no line (3.11), the docstring's is kept.
    const property = (first: string, then: string, second: string) =>
      `class C:\n    @property\n    def x(self):\n        """${first}"""\n\n    @x.${then}\n    def x(self, v=None):\n        """${second}"""\n`;
    assert.deepEqual(scan(property('>>> 1', 'setter', '>>> 2')), ['C.x:4']);
    assert.deepEqual(scan(property('No examples.', 'setter', '>>> 2')), []);
    assert.deepEqual(scan(property('No examples.', 'deleter', '>>> 2')), []);
    assert.deepEqual(scan(property('>>> 1', 'getter', '>>> 2')), ['C.x:8']);
  });

  test('a prompt without source is no example: bare, a comment, or with one empty `...` line after it', () => {
    assert.deepEqual(scan('"""\n>>>\n"""\n'), []);
    assert.deepEqual(scan(`def f():\n${doc('    >>>\n    ...\n')}`), []);
    assert.deepEqual(scan(`def f():\n${doc('    >>> # c\n    ... \n')}`), []);
    assert.deepEqual(scan(`def f():\n    """\n    >>>\n    ... """\n`), []);
    // Code on the `...` line, or two `...` lines: an example (doctest's source is then more than one blank line).
    assert.deepEqual(scan(`def f():\n${doc('    >>>\n    ... 1\n')}`), ['f:2']);
    assert.deepEqual(scan(`def f():\n${doc('    >>>\n    ...\n    ...\n')}`), ['f:2']);
    assert.deepEqual(scan(`def f():\n${doc('    >>> # c\n    ... # d\n')}`), ['f:2']);
  });
});

describe('TestIndex with doctests', () => {
  test('declares each doctest by its DocTestFinder name, on its line, beside the tests of test files', () => {
    const index = sample();
    assert.deepEqual(index.declarationsIn('src/inventory/units.py').find((d) => d.name === 'convert'), {
      id: 'inventory.units.convert',
      name: 'convert',
      framework: 'unittest',
      file: 'src/inventory/units.py',
      line: lineOf(UNITS, '"""Grams in'),
      container: 'inventory.units',
    });
    assert.deepEqual(
      index.declarationsIn('tests/test_units.py').map((d) => d.id),
      ['tests/test_units.py::test_convert', 'tests.test_units.test_convert'],
    );
    assert.deepEqual(index.declarationsIn('src/inventory/plain.py'), []);
    assert.equal(index.declarationsIn('src/inventory/pricing.py').some((d) => d.name === 'test_rate'), false);
  });

  test("resolves unittest's DocTestSuite names: `name (module or class)` and the dotted name", () => {
    const index = sample();
    const resolve = (id: string, suite = '') => where(index.resolve({ framework: 'unittest', suite, id }));
    assert.equal(resolve('convert (inventory.units)'), at(UNITS, '"""Grams in'));
    assert.equal(resolve('convert (inventory.pricing)'), at(PRICING, '"""With tax'));
    assert.equal(resolve('convert (inventory.units.Shelf.Slot)'), at(UNITS, '"""Same name as the module function.'));
    assert.equal(resolve('parse (inventory.units.Shelf)'), `src/inventory/units.py:${lineOf(UNITS, ">>> Shelf.parse('D4')") - 1}`);
    assert.equal(resolve('inventory (inventory)'), undefined);
    assert.equal(resolve('inventory.units.Shelf.Slot'), at(UNITS, '"""A slot on a shelf.'));
    assert.equal(resolve('inventory.units.weigh', 'inventory.units'), at(UNITS, '"""Weight of a known item.'));
    assert.equal(resolve('restock (inventory)'), at(INIT, '"""How many items'));
    // The module's own docstring is named by the module (unittest prints a top-level one as `inventory ()`).
    assert.equal(resolve('inventory'), 'src/inventory/__init__.py:1');
    assert.equal(resolve('inventory ()'), 'src/inventory/__init__.py:1');
    // The module part must be named: the name alone, or another module, is not enough.
    assert.equal(resolve('convert'), undefined);
    assert.equal(resolve('inventory.stock.convert'), undefined);
    assert.equal(resolve('convert (inventory)'), undefined);
  });

  test("resolves pytest's --doctest-modules node ids and its JUnit XML classname and name", () => {
    const index = sample();
    const pytest = (id: string) => where(index.resolve({ framework: 'pytest', suite: id.split('::')[0] ?? '', id }));
    assert.equal(pytest('src/inventory/units.py::inventory.units.convert'), at(UNITS, '"""Grams in'));
    assert.equal(pytest('src/inventory/pricing.py::inventory.pricing.convert'), at(PRICING, '"""With tax'));
    assert.equal(pytest('src/inventory/__init__.py::inventory'), 'src/inventory/__init__.py:1');
    assert.equal(pytest('inventory/units.py::inventory.units.Shelf.Slot.convert'), at(UNITS, '"""Same name as the module function.'));
    // The file must be the module's.
    assert.equal(pytest('src/inventory/pricing.py::inventory.units.convert'), undefined);
    const junit = (suite: string, id: string) => where(index.resolve({ framework: 'junit', suite, id }));
    assert.equal(junit('src.inventory.units', 'inventory.units.convert'), at(UNITS, '"""Grams in'));
    assert.equal(junit('inventory.pricing', 'convert'), at(PRICING, '"""With tax'));
  });

  test('a test function with a doctest: its node id names the test, the DocTestSuite form the doctest', () => {
    const index = sample();
    assert.equal(where(index.resolve({ framework: 'pytest', suite: '', id: 'tests/test_units.py::test_convert' })), at(TESTS, 'def test_convert'));
    assert.equal(where(index.resolve({ framework: 'unittest', suite: '', id: 'test_convert (tests.test_units)' })), at(TESTS, '"""A test with an example'));
    // The dotted name is both's: the function (ACCURACY.md, more-itertools).
    assert.equal(where(index.resolve({ framework: 'unittest', suite: 'tests.test_units', id: 'tests.test_units.test_convert' })), at(TESTS, 'def test_convert'));
  });

  test('sees a module lose its examples, and a module removed', () => {
    const index = sample();
    index.setFile('src/inventory/units.py', 'def convert(amount, unit):\n    """No example."""\n');
    assert.equal(index.resolve({ framework: 'unittest', suite: '', id: 'convert (inventory.units)' }), undefined);
    assert.equal(index.resolve({ framework: 'unittest', suite: '', id: 'convert (inventory.pricing)' })?.file, 'src/inventory/pricing.py');
    index.setFile('src/inventory/units.py', 'def convert():\n    """\n    >>> convert()\n    """\n');
    assert.equal(index.resolve({ framework: 'unittest', suite: '', id: 'convert (inventory.units)' })?.line, 2);
    index.removeFile('src/inventory');
    assert.deepEqual([...new Set(index.allDeclarations().map((d) => d.file))], ['tests/test_units.py']);
  });

  test('every Python module is read for doctests, outside dependencies and output', () => {
    for (const path of ['pkg/helpers.py', 'src/inventory/units.py', 'tests/test_x.py']) assert.equal(isIndexCandidate(path), true, path);
    for (const path of ['.venv/lib/helpers.py', 'env/lib/python3.12/site-packages/x.py', 'build/lib/pkg/x.py', 'node_modules/a/x.py']) {
      assert.equal(isIndexCandidate(path), false, path);
    }
    assert.equal(isTestFileCandidate('pkg/helpers.py'), false);
  });
});
