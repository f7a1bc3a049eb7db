// Unordered collections: hash iteration, Go map ranges, Python sets, reflection and listings compared in a fixed
// order; failures whose expected and actual values are the same items in another order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { isPermutation } from '../../../src/core/classify/unorderedCollectionRules';
import { categoriesOf, confidenceOf, fixtureSource, verdict } from './classifyFixtures';

describe('unordered-collection signs in source', () => {
  it('reads a Java HashMap keySet joined and compared with a literal as unordered-collection', () => {
    const result = classify({ language: 'java', testSource: fixtureSource('java/ReportFormatterTest.java') });
    assert.equal(result.category, 'unordered-collection');
    assert.ok((verdict(result, 'unordered-collection')?.evidence ?? []).includes('java/ReportFormatterTest.java:18: for (String column : widths.keySet()) {'));
  });

  it('reads a Go map range compared with a fixed string as unordered-collection', () => {
    const result = classify({ language: 'go', testSource: fixtureSource('go/labels_test.go') });
    assert.equal(result.category, 'unordered-collection');
    assert.deepEqual(verdict(result, 'unordered-collection')?.evidence, ['go/labels_test.go:11: for k, v := range labels {']);
  });

  it('suggests sorting or ElementsMatch for Go', () => {
    assert.match(classify({ language: 'go', testSource: fixtureSource('go/labels_test.go') }).suggestion, /ElementsMatch/);
  });

  it('does not read a Go map range as unordered once the result is sorted', () => {
    const text = 'labels := map[string]string{"a": "1", "b": "2"}\nvar keys []string\nfor k := range labels {\n\tkeys = append(keys, k)\n}\nsort.Strings(keys)\nrequire.Equal(t, []string{"a", "b"}, keys)';
    assert.equal(classify({ language: 'go', testSource: { file: 'a_test.go', text, startLine: 1 } }).category, 'unknown');
  });

  it('does not read a range over a slice as unordered', () => {
    const text = 'names := []string{"a", "b"}\nvar out []string\nfor _, n := range names {\n\tout = append(out, n)\n}\nrequire.Equal(t, []string{"a", "b"}, out)';
    assert.equal(classify({ language: 'go', testSource: { file: 'a_test.go', text, startLine: 1 } }).category, 'unknown');
  });

  it('reads Rust HashMap keys collected into a Vec and compared with vec! as unordered-collection', () => {
    const text = 'let mut m = HashMap::new();\nm.insert("a", 1);\nm.insert("b", 2);\nlet keys: Vec<_> = m.keys().cloned().collect();\nassert_eq!(keys, vec!["a", "b"]);';
    assert.equal(classify({ language: 'rust', testSource: { file: 'src/lib.rs', text, startLine: 1 } }).category, 'unordered-collection');
  });

  it('does not read a comparison of two Rust HashSets as unordered', () => {
    const text = 'let got: HashSet<_> = items.iter().map(|i| i.name()).collect();\nassert_eq!(got, HashSet::from(["a", "b"]));';
    assert.ok(!categoriesOf(classify({ language: 'rust', testSource: { file: 'src/lib.rs', text, startLine: 1 } })).includes('unordered-collection'));
  });

  it('reads a Python set turned into a list as unordered-collection', () => {
    const text = 'def test_tags():\n    tags = {"red", "green", "blue"}\n    assert list(tags) == ["red", "green", "blue"]\n';
    assert.equal(classify({ language: 'python', testSource: { file: 'test_tags.py', text, startLine: 1 } }).category, 'unordered-collection');
  });

  it('reads a JSON object with several keys compared as text as unordered-collection', () => {
    const text = 'String json = serializer.encode(request);\nassertEquals("{\\"operation\\":\\"get\\",\\"user\\":\\"nobody\\"}", json);';
    assert.equal(classify({ language: 'java', testSource: { file: 'RequestTest.java', text, startLine: 1 } }).category, 'unordered-collection');
  });

  it('does not read a JSON object with one key compared as text as unordered', () => {
    const text = 'String json = serializer.encode(request);\nassertEquals("{\\"operation\\":\\"get\\"}", json);';
    assert.ok(!categoriesOf(classify({ language: 'java', testSource: { file: 'RequestTest.java', text, startLine: 1 } })).includes('unordered-collection'));
  });

  it('reads Java reflection order as unordered-collection', () => {
    const text = 'Method[] methods = Service.class.getDeclaredMethods();\nassertEquals("start", methods[0].getName());';
    assert.equal(classify({ language: 'java', testSource: { file: 'ServiceTest.java', text, startLine: 1 } }).category, 'unordered-collection');
  });
});

describe('unordered-collection signs in messages', () => {
  it('reads a JUnit failure with the same items in another order as unordered-collection', () => {
    const result = classify({ language: 'java', messages: ['org.junit.ComparisonFailure: expected:<[alpha, beta, gamma]> but was:<[beta, alpha, gamma]>'] });
    assert.equal(result.category, 'unordered-collection');
    assert.ok(confidenceOf(result, 'unordered-collection') >= 0.7);
  });

  it('reads a Rust assert_eq! failure with reordered items as unordered-collection', () => {
    const message = 'assertion `left == right` failed\n  left: ["b", "a", "c"]\n right: ["a", "b", "c"]';
    assert.equal(classify({ language: 'rust', messages: [message] }).category, 'unordered-collection');
  });

  it('reads a testify failure with reordered items as unordered-collection', () => {
    const message = 'Error:      \tNot equal: \n\t            \texpected: []string{"x", "y"}\n\t            \tactual  : []string{"y", "x"}';
    assert.equal(classify({ language: 'go', messages: [message] }).category, 'unordered-collection');
  });

  it('reads a pytest failure with reordered items as unordered-collection', () => {
    assert.equal(classify({ language: 'python', messages: ["E       AssertionError: assert ['b', 'a'] == ['a', 'b']"] }).category, 'unordered-collection');
  });
});

describe('isPermutation', () => {
  it('holds for the same items in another order', () => {
    assert.equal(isPermutation('[1, 2, 3]', '[3, 1, 2]'), true);
  });

  it('holds for JSON objects whose keys come in another order', () => {
    assert.equal(isPermutation('{"a":1,"b":2}', '{"b":2,"a":1}'), true);
  });

  it('does not hold for swapped values under the same keys', () => {
    assert.equal(isPermutation('{a=1, b=2}', '{a=2, b=1}'), false);
  });

  it('does not hold for equal values', () => {
    assert.equal(isPermutation('[1, 2]', '[1, 2]'), false);
  });

  it('does not hold for a single reordered word', () => {
    assert.equal(isPermutation('"abc"', '"cab"'), false);
  });
});
