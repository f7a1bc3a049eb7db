// Randomness: unseeded generators in source, property-testing and seed reports in messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, fixtureSource, verdict } from './classifyFixtures';

const source = (language: 'rust' | 'go' | 'java' | 'python' | 'typescript', text: string) =>
  classify({ language, testSource: { file: 'test_file', text, startLine: 1 } });

describe('randomness signs', () => {
  it('reads an unseeded Python random draw as randomness, quoting it', () => {
    const result = classify({ language: 'python', testSource: fixtureSource('python/test_sampling.py', 'tests/test_sampling.py') });
    assert.equal(result.category, 'randomness');
    assert.deepEqual(verdict(result, 'randomness')?.evidence, ['tests/test_sampling.py:9: k = random.randint(1, 20)']);
  });

  it('does not read a seeded Python generator as randomness', () => {
    assert.ok(!categoriesOf(source('python', 'random.seed(1234)\nk = random.randint(1, 20)\nassert k > 0')).includes('randomness'));
  });

  it('reads new Random() in Java as randomness', () => {
    assert.equal(source('java', 'Random random = new Random();\nint n = random.nextInt(10);\nassertTrue(n != 7);').category, 'randomness');
  });

  it('does not read new Random(42) in Java as randomness', () => {
    assert.ok(!categoriesOf(source('java', 'Random random = new Random(42);\nint n = random.nextInt(10);\nassertTrue(n < 10);')).includes('randomness'));
  });

  it('reads math/rand in Go as randomness', () => {
    assert.equal(source('go', 'n := rand.Intn(100)\nif n == 42 {\n\tt.Fatal("unlucky")\n}').category, 'randomness');
  });

  it('does not read a Go generator seeded with a constant as randomness', () => {
    assert.ok(!categoriesOf(source('go', 'r := rand.New(rand.NewSource(1))\nn := rand.Intn(100)\n_ = r')).includes('randomness'));
  });

  it('reads a Go generator seeded from the clock as randomness', () => {
    assert.equal(source('go', 'r := rand.New(rand.NewSource(time.Now().UnixNano()))\nn := r.Intn(100)\nif n == 42 {\n\tt.Fatal("x")\n}').category, 'randomness');
  });

  it('reads Math.random in TypeScript as randomness and suggests a seeded generator', () => {
    const result = source('typescript', "const id = Math.floor(Math.random() * 1000);\nexpect(lookup(id)).toBeDefined();");
    assert.equal(result.category, 'randomness');
    assert.match(result.suggestion, /seeded generator/);
  });

  it('reads thread_rng in Rust as randomness', () => {
    assert.equal(source('rust', 'let mut rng = rand::thread_rng();\nlet x: u8 = rng.gen();\nassert_ne!(x, 0);').category, 'randomness');
  });

  it('does not read a Rust StdRng seeded with a constant as randomness', () => {
    assert.ok(!categoriesOf(source('rust', 'let mut rng = StdRng::seed_from_u64(7);\nlet x: u8 = rng.gen();\nassert!(x < 255);')).includes('randomness'));
  });

  it('reads a Hypothesis falsifying example as randomness', () => {
    assert.equal(classify({ language: 'python', messages: ['Falsifying example: test_roundtrip(\n    s=\'\\x00\',\n)'] }).category, 'randomness');
  });
});
