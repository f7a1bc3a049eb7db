import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localCommand, quoteGoRegexp } from '../../../src/core/localRun/localCommand';

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
  assert.equal(localCommand({ framework: 'pytest', suite: 'tests/test_x.py', id: 'test_y' }, undefined, 1), undefined);
});
