import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDocTests } from '../../../bench/docTestCheck';
import { TestIndex } from '../../../src/core/locate/testIndex';

test("locateAccuracy's doctest check reports declared doctests that DocTestFinder does not list", () => {
  const files: Record<string, string> = {
    'shop/prices.py': ['def total(xs):', '    """', '    >>> total([1])', '    1', '    """', '', 'class Cart:', '    """>>> Cart()"""', ''].join('\n'),
    'tests/test_prices.py': ['import unittest', 'class T(unittest.TestCase):', '    def test_a(self):', '        pass', ''].join('\n'),
  };
  const index = new TestIndex();
  for (const [file, text] of Object.entries(files)) index.setFile(file, text);
  const check = checkDocTests(Object.keys(files), index.allDeclarations(), (file) => (files[file] ?? '').split('\n'), new Map([['shop.prices.total', { file: 'shop/prices.py', line: 2 }]]));
  assert.equal(check.same, 1);
  assert.deepEqual(check.mismatches, []);
  assert.equal(check.declared, 2);
  assert.deepEqual(check.unlisted.map((d) => `${d.file}:${d.line} ${d.id}`), ['shop/prices.py:8 shop.prices.Cart']);
});
