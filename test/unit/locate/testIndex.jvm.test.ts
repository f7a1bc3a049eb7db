import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locateJvmFile } from '../../../src/core/locate/jvmLocator';
import { fixtureText, indexOf, lineOf } from './fixtureWorkspace';

const CALC = 'jvm/src/test/java/com/acme/CalculatorTest.java';
const WALLET = 'jvm/src/test/kotlin/com/acme/WalletTest.kt';
const sample = () => indexOf([{ folder: 'jvm' }]);
const junit = (suite: string, id: string) => ({ framework: 'junit', suite, id });
const where = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;
const at = (path: string, needle: string) => `${path.replace(/^jvm\//, '')}:${lineOf(path, needle)}`;

describe('locateJvmFile', () => {
  test('an annotation named like a property of every object (@constructor, @toString) is no test annotation', () => {
    const source = 'class WeirdTest {\n  @constructor fun a() {}\n  @toString fun b() {}\n  @Test fun c() {}\n}\n';
    assert.deepEqual(locateJvmFile('WeirdTest.kt', source).tests.map((t) => t.name), ['c']);
  });
  test('finds @Test, @ParameterizedTest, @RepeatedTest and @TestFactory methods with their package and classes', () => {
    const scan = locateJvmFile('CalculatorTest.java', fixtureText(CALC));
    assert.equal(scan.packageName, 'com.acme');
    assert.deepEqual(scan.tests.map((t) => [t.classPath.join('$'), t.name, t.kind, t.line]), [
      ['CalculatorTest', 'adds', 'test', lineOf(CALC, 'void adds()')],
      ['CalculatorTest', 'subtracts', 'test', lineOf(CALC, 'void subtracts()')],
      ['CalculatorTest', 'detectsEven', 'parameterized', lineOf(CALC, 'void detectsEven(')],
      ['CalculatorTest', 'adds', 'parameterized', lineOf(CALC, 'void adds(final String text)')],
      ['CalculatorTest', 'isStable', 'repeated', lineOf(CALC, 'void isStable()')],
      ['CalculatorTest', 'generated', 'factory', lineOf(CALC, 'generated()')],
      ['CalculatorTest$WhenNegative', 'addsNegatives', 'test', lineOf(CALC, 'void addsNegatives()')],
    ]);
  });

  test('reads display names, name patterns and parameter types', () => {
    const tests = locateJvmFile('CalculatorTest.java', fixtureText(CALC)).tests;
    assert.equal(tests.find((t) => t.name === 'subtracts')?.displayName, 'subtracts two numbers');
    assert.equal(tests.find((t) => t.name === 'detectsEven')?.invocationName, '{0} is even');
    assert.deepEqual(tests.filter((t) => t.name === 'adds').map((t) => t.parameters), [[], ['String']]);
  });

  test('reads Kotlin backticked names, nested inner classes, templates and nested comments', () => {
    const scan = locateJvmFile('WalletTest.kt', fixtureText(WALLET));
    assert.deepEqual(scan.tests.map((t) => [t.classPath.join('$'), t.name, t.parameters.join(',')]), [
      ['WalletTest', 'adds money to the wallet', ''],
      ['WalletTest', 'spends', ''],
      ['WalletTest', 'accepts', 'Int'],
      ['WalletTest$WhenEmpty', 'refuses to spend', ''],
    ]);
  });

  test('reads on after a Kotlin class without a body: the annotations and modifiers of what follows are kept', () => {
    const source = [
      'package com.acme',
      'class GeometryTest {',
      '  class Fixture(val x: Int)',
      '  @Nested',
      '  inner class WhenEmpty {',
      '    @Test fun b() {}',
      '  }',
      '  data class Row(val a: Int)',
      '  @Test fun `after a row`() {}',
      '  class Marker',
      '  @ParameterizedTest @ValueSource(ints = [1, 2]) fun param(x: Int) {}',
      '}',
      'private class Helper @Inject constructor(val p: Int) : Base()',
      '@Test',
      'class NgTest {',
      '  fun startsService() {}',
      '}',
    ].join('\n');
    const scan = locateJvmFile('GeometryTest.kt', source);
    assert.deepEqual(scan.tests.map((t) => [t.classPath.join('$'), t.name, t.kind, t.line]), [
      ['GeometryTest$WhenEmpty', 'b', 'test', 6],
      ['GeometryTest', 'after a row', 'test', 9],
      ['GeometryTest', 'param', 'parameterized', 11],
      ['NgTest', 'startsService', 'test', 16],
    ]);
  });

  test('reads TestNG classes annotated @Test and JUnit 3 TestCase classes', () => {
    const names = (path: string) => locateJvmFile(path, fixtureText(path)).tests.map((t) => t.name);
    assert.deepEqual(names('jvm/src/test/java/com/acme/NgServiceTest.java'), ['startsService', 'stopsService']);
    assert.deepEqual(names('jvm/src/test/java/com/acme/LegacyTest.java'), ['testOldStyle']);
  });
});

describe('TestIndex with Java and Kotlin tests', () => {
  test('declares methods with the binary class name as container', () => {
    const decl = sample().declarationsIn('src/test/java/com/acme/CalculatorTest.java').find((d) => d.name === 'addsNegatives');
    assert.deepEqual(decl, {
      id: 'addsNegatives',
      name: 'addsNegatives',
      framework: 'junit',
      file: 'src/test/java/com/acme/CalculatorTest.java',
      line: lineOf(CALC, 'void addsNegatives()'),
      container: 'com.acme.CalculatorTest$WhenNegative',
    });
  });

  test('resolves Surefire and JUnit XML forms: class and method, with or without parameters', () => {
    const index = sample();
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', 'adds'))), at(CALC, 'void adds()'));
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', 'adds()'))), at(CALC, 'void adds()'));
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', 'adds(String)[2]'))), at(CALC, 'void adds(final String text)'));
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', 'detectsEven(int)[1]'))), at(CALC, 'void detectsEven('));
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest$WhenNegative', 'addsNegatives'))), at(CALC, 'void addsNegatives()'));
  });

  test('chooses between classes of one simple name by package, and refuses to guess without one', () => {
    const index = sample();
    assert.equal(index.resolve(junit('com.acme.other.CalculatorTest', 'adds'))?.file, 'src/test/java/com/acme/other/CalculatorTest.java');
    assert.equal(index.resolve(junit('CalculatorTest', 'adds')), undefined);
  });

  test("resolves Gradle's `Class > method` forms, nested classes and invocations", () => {
    const index = sample();
    assert.equal(where(index.resolve(junit('', 'com.acme.CalculatorTest > subtracts()'))), at(CALC, 'void subtracts()'));
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', 'CalculatorTest > WhenNegative > addsNegatives()'))), at(CALC, 'void addsNegatives()'));
    assert.equal(where(index.resolve(junit('', 'com.acme.CalculatorTest > detectsEven(int) > [1] 2'))), at(CALC, 'void detectsEven('));
  });

  test("resolves Surefire's summary form with no suite", () => {
    const index = sample();
    assert.equal(where(index.resolve(junit('', 'com.acme.CalculatorTest.isStable:52'))), at(CALC, 'void isStable()'));
    assert.equal(where(index.resolve(junit('', 'com.acme.CalculatorTest#subtracts'))), at(CALC, 'void subtracts()'));
  });

  test('resolves display names, name patterns and repetitions', () => {
    const index = sample();
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', 'subtracts two numbers'))), at(CALC, 'void subtracts()'));
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', '4 is even'))), at(CALC, 'void detectsEven('));
    assert.equal(where(index.resolve(junit('com.acme.CalculatorTest', 'repetition 2 of 3'))), at(CALC, 'void isStable()'));
    assert.equal(where(index.resolve(junit('com.acme.WalletTest', 'spends money'))), at(WALLET, 'fun spends()'));
  });

  test('resolves Kotlin names with spaces', () => {
    const index = sample();
    assert.equal(where(index.resolve(junit('com.acme.WalletTest', 'adds money to the wallet()'))), at(WALLET, 'adds money to the wallet'));
    assert.equal(where(index.resolve(junit('com.acme.WalletTest$WhenEmpty', 'refuses to spend()'))), at(WALLET, 'refuses to spend'));
  });

  test('resolves Kotlin names holding parentheses, with or without the parameter list, in XML and Gradle forms', () => {
    const index = sample();
    const file = 'src/test/kotlin/demo/ParenTest.kt';
    index.setFile(file, ['package demo', '', 'class ParenTest {', '    @Test', '    fun `size (and count) match`() {}', '    @Test fun `ends (in parens)`() {}', '    @Test fun `ends`() {}', '}'].join('\n'));
    const line = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;
    assert.equal(line(index.resolve(junit('demo.ParenTest', 'size (and count) match()'))), `${file}:5`);
    assert.equal(line(index.resolve(junit('demo.ParenTest', 'size (and count) match'))), `${file}:5`);
    assert.equal(line(index.resolve(junit('', 'ParenTest > size (and count) match()'))), `${file}:5`);
    assert.equal(line(index.resolve(junit('demo.ParenTest', 'ends (in parens)()'))), `${file}:6`);
    assert.equal(line(index.resolve(junit('demo.ParenTest', 'ends (in parens)'))), `${file}:6`);
    assert.equal(line(index.resolve(junit('demo.ParenTest', 'ends()'))), `${file}:7`);
  });

  test('finds an inherited test on the base class method', () => {
    const found = sample().resolve(junit('com.acme.FileStoreTest', 'keepsValues()'));
    assert.equal(where(found), at('jvm/src/test/java/com/acme/AbstractStoreTest.java', 'void keepsValues()'));
  });

  test('sees a file replaced and removed', () => {
    const index = sample();
    index.setFile('src/test/java/com/acme/LegacyTest.java', fixtureText('jvm/src/test/java/com/acme/LegacyTest.java').replace('testOldStyle', 'testRenamed'));
    assert.equal(index.resolve(junit('com.acme.LegacyTest', 'testOldStyle')), undefined);
    assert.ok(index.resolve(junit('com.acme.LegacyTest', 'testRenamed')));
    index.removeFile('src/test/java/com/acme/LegacyTest.java');
    assert.equal(index.resolve(junit('com.acme.LegacyTest', 'testRenamed')), undefined);
  });
});
