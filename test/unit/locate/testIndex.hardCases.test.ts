import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTestFileCandidate } from '../../../src/core/locate/testIndex';
import { fixtureText, indexOf, lineOf } from './fixtureWorkspace';

const GAUGES = 'rust/gauges/src/lib.rs';
const SUITE = 'go/store_suite_test.go';
const gauges = () => indexOf([{ folder: 'rust/gauges' }]);
const libtest = (id: string) => ({ framework: 'libtest', suite: 'src/lib.rs', id });
const gotest = (id: string) => ({ framework: 'gotest', suite: 'github.com/acme/sample', id });
const where = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;

describe('TestIndex with tests that Rust macros declare', () => {
  test('declares the tests of a repeated macro_rules arm on the names the call gives', () => {
    const decls = gauges().declarationsIn('src/lib.rs').map((d) => [d.id, d.line]);
    assert.deepEqual(decls.slice(0, 2), [
      ['tests::parses_zero', lineOf(GAUGES, 'parses_zero:')],
      ['tests::parses_ten', lineOf(GAUGES, 'parses_ten:')],
    ]);
  });

  test('uses a test macro defined in another file of the crate', () => {
    const index = gauges();
    assert.equal(where(index.resolve(libtest('tests::roundtrips_max'))), `src/lib.rs:${lineOf(GAUGES, 'roundtrip_test!(roundtrips_max')}`);
    assert.equal(where(index.resolve(libtest('tests::roundtrips_min'))), `src/lib.rs:${lineOf(GAUGES, '        roundtrips_min,')}`);
  });

  test('places a test of a macro it does not know on the name in the call, or the module the call names', () => {
    const index = gauges();
    assert.equal(where(index.resolve(libtest('tests::reads_gauge_level'))), `src/lib.rs:${lineOf(GAUGES, 'reads_gauge_level,')}`);
    assert.equal(where(index.resolve(libtest('tests::sensors::reads_sensor'))), `src/lib.rs:${lineOf(GAUGES, 'sensor_module!(sensors)')}`);
    assert.equal(index.resolve(libtest('tests::nowhere')), undefined);
  });

  test('re-derives macro tests when the macro definition changes', () => {
    const index = gauges();
    index.setFile('src/macros.rs', '// no macros any more\n');
    assert.deepEqual(index.declarationsIn('src/lib.rs').map((d) => d.id), ['tests::parses_zero', 'tests::parses_ten']);
    index.setFile('src/macros.rs', fixtureText('rust/gauges/src/macros.rs'));
    assert.equal(index.declarationsIn('src/lib.rs').length, 4);
  });
});

describe('TestIndex with testify suites, examples and fuzz targets', () => {
  const sample = () => indexOf([{ folder: 'go' }]);

  test('resolves s.Run subtests of a suite method, nested and table-driven', () => {
    const index = sample();
    assert.equal(where(index.resolve(gotest('TestStoreSuite/TestGet/missing_key'))), `store_suite_test.go:${lineOf(SUITE, 's.Run("missing key"')}`);
    assert.equal(where(index.resolve(gotest('TestStoreSuite/TestGet/missing_key/with_default'))), `store_suite_test.go:${lineOf(SUITE, 's.Run("with default"')}`);
    assert.equal(where(index.resolve(gotest('TestStoreSuite/TestGet/present_key'))), `store_suite_test.go:${lineOf(SUITE, 'name: "present key"')}`);
    assert.equal(where(index.resolve(gotest('TestStoreSuite/TestGet/unknown'))), `store_suite_test.go:${lineOf(SUITE, 'TestGet()')}`);
  });

  test('resolves examples, fuzz targets and their seed corpus entries', () => {
    const index = sample();
    assert.equal(where(index.resolve(gotest('ExampleStore'))), `store_suite_test.go:${lineOf(SUITE, 'func ExampleStore(')}`);
    assert.equal(where(index.resolve(gotest('FuzzStoreKey/seed#0'))), `store_suite_test.go:${lineOf(SUITE, 'func FuzzStoreKey(')}`);
  });
});

describe('isTestFileCandidate for JavaScript, Python, Java and Kotlin', () => {
  test('accepts test files by the names and folders each ecosystem uses, and package.json', () => {
    for (const path of [
      'src/a.test.ts', 'src/a.spec.js', 'src/a.test.tsx', 'src/a.e2e-spec.ts', 'src/__tests__/a.ts', 'test/api.js',
      'lib/a.test.mjs', 'package.json', 'packages/web/package.json', 'tests/test_x.py', 'pkg/x_test.py',
      'src/test/java/com/acme/FooTest.java', 'src/test/java/com/acme/Helpers.java', 'app/src/FooTests.kt',
      'src/integrationTest/kotlin/a/Checks.kt', 'src/it/FooIT.java',
    ]) {
      assert.equal(isTestFileCandidate(path), true, path);
    }
  });

  test('rejects sources, type declarations, dependencies and build output', () => {
    for (const path of [
      'src/app.ts', 'src/a.test.d.ts', 'node_modules/x/a.test.js', 'dist/a.test.js', 'build/test/a.js',
      'coverage/a.test.js', '.venv/lib/test_x.py', 'pkg/helpers.py', 'src/main/java/Foo.java',
      'target/test-classes/FooTest.java', '.next/a.test.js',
    ]) {
      assert.equal(isTestFileCandidate(path), false, path);
    }
  });
});
