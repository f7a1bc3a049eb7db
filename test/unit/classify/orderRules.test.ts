// Order: state shared between tests (statics, globals, environment, working directory, database rows).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../src/core/classify/classifier';
import { categoriesOf, fixtureSource, verdict } from './classifyFixtures';

const source = (language: 'rust' | 'go' | 'java' | 'python' | 'typescript', file: string, text: string) =>
  classify({ language, testSource: { file, text, startLine: 1 } });

describe('order signs', () => {
  it('reads a Rust static mut as order, quoting it', () => {
    const result = classify({ language: 'rust', testSource: fixtureSource('rust/counter.rs', 'tests/counter.rs') });
    assert.equal(result.category, 'order');
    assert.deepEqual(verdict(result, 'order')?.evidence, ['tests/counter.rs:1: static mut CALLS: usize = 0;']);
  });

  it('reads os.Setenv in a Go test as order', () => {
    assert.equal(source('go', 'a_test.go', 'os.Setenv("APP_MODE", "debug")\ncfg := Load()\nif cfg.Mode != "debug" {\n\tt.Fatal(cfg.Mode)\n}').category, 'order');
  });

  it('does not read t.Setenv as order', () => {
    assert.ok(!categoriesOf(source('go', 'a_test.go', 't.Setenv("APP_MODE", "debug")\ncfg := Load()')).includes('order'));
  });

  it('suggests t.Cleanup and -shuffle for Go', () => {
    assert.match(source('go', 'a_test.go', 'os.Setenv("APP_MODE", "debug")').suggestion, /-shuffle=on/);
  });

  it('reads a Java static field as order', () => {
    const text = 'private static int created = 0;\n\n@Test\npublic void createsOne() {\n    factory.create();\n    assertEquals(1, created);\n}';
    assert.equal(source('java', 'FactoryTest.java', text).category, 'order');
  });

  it('does not read a static final constant as order', () => {
    const text = 'private static final String NAME = "a";\n\n@Test\npublic void named() {\n    assertEquals("a", NAME);\n}';
    assert.equal(source('java', 'NameTest.java', text).category, 'unknown');
  });

  it('reads a changed default locale as order', () => {
    assert.equal(source('java', 'FormatTest.java', 'Locale.setDefault(Locale.GERMANY);\nassertEquals("1,5", format(1.5));').category, 'order');
  });

  it('reads a Python global statement as order', () => {
    assert.equal(source('python', 'test_registry.py', 'def test_register():\n    global REGISTRY\n    REGISTRY = {}\n    register("a")\n    assert len(REGISTRY) == 1\n').category, 'order');
  });

  it('reads an assignment to process.env as order', () => {
    assert.equal(source('typescript', 'config.test.ts', "process.env.NODE_ENV = 'production';\nexpect(load().debug).toBe(false);").category, 'order');
  });

  it('reads a unique constraint failure as order', () => {
    assert.equal(classify({ language: 'python', messages: ['sqlite3.IntegrityError: UNIQUE constraint failed: users.email'] }).category, 'order');
  });

  it('reads a logger set twice as order', () => {
    const message = "called `Result::unwrap()` on an `Err` value: SetLoggerError(())\nattempted to set a logger after the logging system was already initialized";
    assert.equal(classify({ language: 'rust', messages: [message] }).category, 'order');
  });
});
