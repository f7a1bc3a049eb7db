// The prefixes of a test id the index tries when the whole id names nothing: the same texts as the segments joined,
// longest first, none longer than a report's name but the whole id; and a long hostile id still finds its test.
// Their speed is shown by `npm run bench hostile`, not here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_PREFIX_CHARS, SegmentedId } from '../../../src/core/locate/idPrefixes';
import { TestIndex } from '../../../src/core/locate/testIndex';

describe('the prefixes of an id', () => {
  test('are the segments joined, the whole id first, then those that fit, longest first', () => {
    let a = 3;
    const next = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 2000; round++) {
      const parts = Array.from({ length: 1 + Math.floor(next() * 40) }, () => 'x'.repeat(Math.floor(next() * 3) ** 5));
      const separator = ['::', '/', ' › '][round % 3] as string;
      const id = new SegmentedId(parts, separator);
      const longest = Math.floor(next() * (parts.length + 1));
      const expected: number[] = [];
      for (let n = longest; n >= 1; n--) {
        if (n === parts.length || parts.slice(0, n).join(separator).length <= MAX_PREFIX_CHARS) expected.push(n);
      }
      assert.deepEqual([...id.prefixCounts(longest)], expected);
      for (let n = 0; n <= parts.length; n++) assert.equal(id.prefix(n), parts.slice(0, n).join(separator));
    }
  });
});

describe('a long hostile id', () => {
  const index = new TestIndex();
  index.setFile('Cargo.toml', '[package]\nname = "demo"\n');
  index.setFile('src/lib.rs', '#[cfg(test)]\nmod tests {\n    #[rstest]\n    #[case(1)]\n    fn parses(#[case] n: u32) {}\n}\n');
  index.setFile('go.mod', 'module example.com/demo\n');
  index.setFile('demo_test.go', 'package demo\n\nfunc TestStore(t *testing.T) {\n\tt.Run("get", func(t *testing.T) {})\n}\n');
  index.setFile('package.json', JSON.stringify({ devDependencies: { jest: '29' } }));
  index.setFile('src/store.test.js', "describe('store', () => {\n  test('gets', () => {});\n});\n");

  test('of Rust segments finds the rstest function its short prefix names', () => {
    const found = index.resolve({ framework: 'libtest', suite: 'src/lib.rs', id: `tests::parses::${'case::'.repeat(12_000)}x` });
    assert.deepEqual([found?.file, found?.line], ['src/lib.rs', 5]);
  });

  test('of Go subtests finds the nearest known subtest', () => {
    const found = index.resolve({ framework: 'gotest', suite: 'example.com/demo', id: `TestStore/get/${'a/'.repeat(30_000)}b` });
    assert.deepEqual([found?.id, found?.line], ['TestStore/get', 4]);
  });

  test('of jest titles finds the suite its first title names', () => {
    const found = index.resolve({ framework: 'jest', suite: 'src/store.test.js', id: `store › ${'x › '.repeat(15_000)}y` });
    assert.deepEqual([found?.file, found?.line], ['src/store.test.js', 1]);
  });
});
