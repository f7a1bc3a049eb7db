import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localCommand, localRunRefusal, quoteGoRegexp } from '../../../src/core/localRun/localCommand';
import type { TestDeclaration } from '../../../src/core/model';

test('a Rust integration test runs exactly, in its own test target', () => {
  const c = localCommand({ framework: 'libtest', suite: 'tests/all/main.rs', id: 'tls::tls_sample_application' }, undefined, 20);
  assert.deepEqual(c?.args, ['test', '--test', 'all', '--', '--exact', 'tls::tls_sample_application']);
  assert.equal(c?.program, 'cargo');
  assert.equal(c?.repetitionsPerRun, 1);
});

test('a Rust unit test runs in the library target', () => {
  assert.deepEqual(localCommand({ framework: 'libtest', suite: 'src/lib.rs', id: 'config::tests::parses_default_path' }, undefined, 1)?.args, [
    'test',
    '--lib',
    '--',
    '--exact',
    'config::tests::parses_default_path',
  ]);
});

test('a Go subtest is anchored part by part and repeated with -count in its package', () => {
  const c = localCommand(
    { framework: 'gotest', suite: 'github.com/acme/sample/sysfs', id: 'TestPoll/timeout' },
    { id: 'TestPoll/timeout', name: 'timeout', framework: 'gotest', file: 'sysfs/poll_test.go', line: 23 },
    50,
  );
  assert.deepEqual(c?.args, ['test', '-v', '-count', '50', '-run', '^TestPoll$/^timeout$', './sysfs']);
  assert.equal(c?.repetitionsPerRun, 50);
});

test('names from CI never become shell code: they are arguments, and regular expressions are escaped', () => {
  const hostile = 'TestX/$(rm -rf ~);`id`|.*';
  const c = localCommand({ framework: 'gotest', suite: 'p', id: hostile }, undefined, 1);
  assert.ok(c);
  assert.ok(c.args.includes('^TestX$/^\\$\\(rm -rf ~\\);`id`\\|\\.\\*$'), c.args.join(' '));
  assert.equal(quoteGoRegexp('a.b*c'), 'a\\.b\\*c');
  assert.match(c.display, /'\^TestX\$\/\^\\\$\\\(rm -rf ~\\\);`id`\\\|\\\.\\\*\$'/);
});

test('frameworks without a local command yet say so', () => {
  assert.equal(localCommand({ framework: 'dotnet', suite: 'Acme.Tests', id: 'Adds' }, undefined, 1), undefined);
});

test('a pytest test runs by its node id', () => {
  assert.deepEqual(localCommand({ framework: 'pytest', suite: 'tests/test_x.py', id: 'tests/test_x.py::TestC::test_y[a-1]' }, undefined, 3)?.args, [
    '-m',
    'pytest',
    '-v',
    '-p',
    'no:cacheprovider',
    'tests/test_x.py::TestC::test_y[a-1]',
  ]);
});

test('a jest or vitest test runs by its anchored, escaped full name in its file', () => {
  const jest = localCommand({ framework: 'jest', suite: 'src/cart.test.ts', id: 'cart › adds (2) items' }, undefined, 1);
  assert.deepEqual(jest?.args, ['jest', '--verbose', 'src/cart.test.ts', '-t', '^cart adds \\(2\\) items$']);
  const vitest = localCommand({ framework: 'vitest', suite: 'src/cart.test.ts', id: 'cart › total' }, undefined, 1);
  assert.deepEqual(vitest?.args, ['vitest', 'run', '--reporter=verbose', 'src/cart.test.ts', '-t', '^cart total$']);
});

test('a JUnit test runs through Surefire by class and method', () => {
  assert.deepEqual(localCommand({ framework: 'junit', suite: 'com.acme.FooTest', id: 'bar(int)[1]' }, undefined, 1)?.args, ['-Dtest=com.acme.FooTest#bar', '-DfailIfNoTests=false', 'test']);
});

test('a name or file from CI that a runner would read as an option is refused, not run', () => {
  // A log line `test --logfile=/x ... FAILED` names the libtest test `--logfile=/x`: libtest would truncate /x.
  const cases = [
    { framework: 'libtest', suite: 'src/lib.rs', id: '--logfile=/tmp/x' },
    { framework: 'libtest', suite: 'tests/-x.rs', id: 'ok_name' },
    { framework: 'pytest', suite: '', id: '--junitxml=/tmp/x' },
    { framework: 'jest', suite: '--outputFile=/tmp/x', id: 'a › b' },
    { framework: 'vitest', suite: '-c=/tmp/evil.config.ts', id: 'a' },
  ];
  for (const test of cases) {
    assert.equal(localCommand(test, undefined, 1), undefined, test.id);
    assert.match(localRunRefusal(test, undefined) ?? '', /starts with "-".*read it as an option/, test.id);
  }
  // The file of the declaration found in the workspace is what jest is given, not the suite from CI.
  assert.ok(localCommand({ framework: 'jest', suite: '--outputFile=/tmp/x', id: 'a' }, { id: 'a', name: 'a', framework: 'jest', file: 'src/a.test.ts', line: 3 } as TestDeclaration, 1));
  // Names with a dash elsewhere, and Go's and Maven's arguments, which never start with the name, still run.
  assert.ok(localCommand({ framework: 'pytest', suite: '', id: 'tests/test_x.py::test_a[-1]' }, undefined, 1));
  assert.ok(localCommand({ framework: 'gotest', suite: 'p', id: '-TestX' }, undefined, 1));
  assert.ok(localCommand({ framework: 'junit', suite: 'com.acme.FooTest', id: '-bar' }, undefined, 1));
  assert.equal(localRunRefusal({ framework: 'libtest', suite: 'src/lib.rs', id: 'tests::a_b' }, undefined), undefined);
});
