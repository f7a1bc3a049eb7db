// Floating point: exact comparisons of float results, and rounding residue in messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { LONG_FRACTION } from '../../../src/core/classify/floatingPointRules';
import { categoriesOf } from './classifyFixtures';

const source = (language: 'rust' | 'go' | 'java' | 'python' | 'typescript', text: string) =>
  classify({ language, testSource: { file: 'test_file', text, startLine: 1 } });

describe('floating-point signs', () => {
  it('reads assert_eq! on a float literal as floating-point', () => {
    assert.equal(source('rust', 'let total = prices.iter().sum::<f64>();\nassert_eq!(total, 0.3);').category, 'floating-point');
  });

  it('does not read a Rust comparison with a tolerance as floating-point', () => {
    assert.equal(source('rust', 'assert!((total - 0.3).abs() < 1e-9);').category, 'unknown');
  });

  it('reads a two-argument assertEquals on a double as floating-point', () => {
    assert.equal(source('java', 'assertEquals(0.3, calculator.add(0.1, 0.2));').category, 'floating-point');
  });

  it('does not read assertEquals with a delta as floating-point', () => {
    assert.ok(!categoriesOf(source('java', 'assertEquals(0.3, calculator.add(0.1, 0.2), 1e-9);')).includes('floating-point'));
  });

  it('reads toBe on a float as floating-point and suggests toBeCloseTo', () => {
    const result = source('typescript', 'expect(average([0.1, 0.2])).toBe(0.15);');
    assert.equal(result.category, 'floating-point');
    assert.match(result.suggestion, /toBeCloseTo/);
  });

  it('does not read toBeCloseTo as floating-point', () => {
    assert.equal(source('typescript', 'expect(average([0.1, 0.2])).toBeCloseTo(0.15);').category, 'unknown');
  });

  it('reads a Python equality with a float as floating-point', () => {
    assert.equal(source('python', 'def test_mean():\n    assert mean([0.1, 0.2]) == 0.15\n').category, 'floating-point');
  });

  it('does not read pytest.approx as floating-point', () => {
    assert.equal(source('python', 'def test_mean():\n    assert mean([0.1, 0.2]) == pytest.approx(0.15)\n').category, 'unknown');
  });

  it('does not read a version string as a float', () => {
    assert.ok(!categoriesOf(source('java', 'assertEquals("1.5", parser.version());')).includes('floating-point'));
  });

  it('reads rounding residue in a message as floating-point', () => {
    assert.equal(classify({ language: 'unknown', messages: ['expected: 0.3\n  actual: 0.30000000000000004'] }).category, 'floating-point');
  });

  it('finds the numbers of a message line that the unanchored expression found', () => {
    let a = 9;
    const next = () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['0', '1', '9', '.', '000000', '999999', '123', ' ', 'x', '-', 'e'];
    for (let i = 0; i < 30_000; i++) {
      let line = '';
      for (let k = 1 + Math.floor(next() * 12); k > 0; k--) line += pieces[Math.floor(next() * pieces.length)];
      assert.deepEqual(line.match(LONG_FRACTION), line.match(/\d+\.\d{6,}/g), line);
    }
  });

  it('reads rounding residue at the end of a message line of 1,000 digits', () => {
    const line = `${'1'.repeat(980)} 0.30000000000000004`;
    assert.equal(classify({ language: 'unknown', messages: [line] }).category, 'floating-point');
    assert.equal(classify({ language: 'unknown', messages: ['1'.repeat(999)] }).category, 'unknown');
  });
});
