import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TestIndex } from '../../../src/core/locate/testIndex';
import { fixtureText, indexOf, lineOf } from './fixtureWorkspace';

const POLL = 'go/sysfs/poll_test.go';
const DIAL = 'go/netx/dial_test.go';
const SYSFS = 'github.com/acme/sample/sysfs';
const NETX = 'github.com/acme/sample/netx';

const sample = () => indexOf([{ folder: 'go' }]);
const gotest = (suite: string, id: string) => ({ framework: 'gotest', suite, id });
const where = (d: { file: string; line: number } | undefined) => d && `${d.file}:${d.line}`;

describe('TestIndex with Go packages', () => {
  test('declares top-level tests with their package folder as container', () => {
    const decl = sample().declarationsIn('sysfs/poll_test.go').find((d) => d.id === 'TestPoll');
    assert.deepEqual(decl, { id: 'TestPoll', name: 'TestPoll', framework: 'gotest', file: 'sysfs/poll_test.go', line: lineOf(POLL, 'func TestPoll('), container: 'sysfs' });
  });

  test('chooses between tests of the same name in two packages by import path', () => {
    const index = sample();
    assert.equal(where(index.resolve(gotest(SYSFS, 'TestPoll'))), `sysfs/poll_test.go:${lineOf(POLL, 'func TestPoll(')}`);
    assert.equal(where(index.resolve(gotest(NETX, 'TestPoll'))), `netx/dial_test.go:${lineOf(DIAL, 'func TestPoll(')}`);
  });

  test('returns undefined for a repeated name when the suite names neither package', () => {
    assert.equal(sample().resolve(gotest('github.com/acme/sample/other', 'TestPoll')), undefined);
    assert.equal(sample().resolve(gotest('', 'TestPoll')), undefined);
  });

  test('resolves a subtest with spaces in its name to its t.Run line', () => {
    assert.equal(sample().resolve(gotest(SYSFS, 'TestPoll/fast_path'))?.line, lineOf(POLL, 't.Run("fast path"'));
  });

  test('resolves a nested subtest to the innermost known t.Run line', () => {
    const index = sample();
    assert.equal(index.resolve(gotest(SYSFS, 'TestPoll/fast_path/no_wait'))?.line, lineOf(POLL, 't.Run("no wait"'));
    assert.equal(index.resolve(gotest(SYSFS, 'TestPoll/fast_path/unknown'))?.line, lineOf(POLL, 't.Run("fast path"'));
  });

  test('resolves a repeated subtest name with its #01 suffix', () => {
    assert.equal(sample().resolve(gotest(SYSFS, 'TestPoll/fast_path#01'))?.line, lineOf(POLL, 't.Run("fast path"'));
  });

  test('resolves a table-driven subtest to the table entry with that name', () => {
    assert.equal(sample().resolve(gotest(SYSFS, 'TestParse/empty_input'))?.line, lineOf(POLL, 'name: "empty input"'));
    assert.equal(sample().resolve(gotest(NETX, 'TestDial/loopback_v4'))?.line, lineOf(DIAL, '"loopback v4"'));
  });

  test('resolves a subtest whose name is not in the source to its parent test', () => {
    assert.equal(sample().resolve(gotest(SYSFS, 'TestDynamic/case-2'))?.line, lineOf(POLL, 'func TestDynamic('));
    assert.equal(sample().resolve(gotest(SYSFS, 'TestParse/not_in_table'))?.line, lineOf(POLL, 'func TestParse('));
  });

  test('declares known subtests with the ids go test prints', () => {
    const ids = sample().declarationsIn('sysfs/poll_test.go').map((d) => d.id);
    for (const id of ['TestPoll/fast_path', 'TestPoll/fast_path/no_wait', 'TestParse/empty_input', 'TestParse/braces_{']) {
      assert.ok(ids.includes(id), id);
    }
  });

  test('records the OS of tests in GOOS-suffixed files and files with a build constraint', () => {
    const index = sample();
    assert.equal(index.resolve(gotest(SYSFS, 'TestPollWindows'))?.os, 'windows');
    assert.equal(index.resolve(gotest(NETX, 'TestDial/loopback_v6'))?.os, 'linux');
    assert.equal(index.resolve(gotest(SYSFS, 'TestPoll'))?.os, undefined);
  });

  test('resolves testify suite methods run under their runner test', () => {
    const found = sample().resolve(gotest('github.com/acme/sample', 'TestStoreSuite/TestPut'));
    assert.equal(where(found), `store_suite_test.go:${lineOf('go/store_suite_test.go', 'TestPut()')}`);
    assert.equal(found?.container, '.');
  });

  test('matches the import path by folder suffix when no go.mod is known', () => {
    const index = indexOf([{ folder: 'go' }]);
    index.removeFile('go.mod');
    assert.equal(index.resolve(gotest(SYSFS, 'TestPoll'))?.file, 'sysfs/poll_test.go');
    assert.equal(index.resolve(gotest('example.org/elsewhere/netx', 'TestPoll'))?.file, 'netx/dial_test.go');
    assert.equal(index.resolve(gotest('example.org/elsewhere/nothing', 'TestPoll')), undefined);
  });

  test('follows the nearest go.mod for a module in a subfolder', () => {
    const index = indexOf([{ folder: 'go', mountAt: 'services/api' }]);
    assert.equal(index.resolve(gotest(SYSFS, 'TestPoll'))?.file, 'services/api/sysfs/poll_test.go');
    assert.equal(index.resolve(gotest(SYSFS, 'TestPoll'))?.container, 'services/api/sysfs');
  });

  test('updates import paths when go.mod changes', () => {
    const index = sample();
    index.setFile('go.mod', 'module example.com/renamed\n');
    assert.equal(index.resolve(gotest(SYSFS, 'TestPoll')), undefined);
    assert.equal(index.resolve(gotest('example.com/renamed/sysfs', 'TestPoll'))?.file, 'sysfs/poll_test.go');
  });

  test('sees a file replaced or removed', () => {
    const index = sample();
    index.setFile('sysfs/poll_windows_test.go', fixtureText('go/sysfs/poll_windows_test.go').replace('TestPollWindows', 'TestPollWin32'));
    assert.equal(index.resolve(gotest(SYSFS, 'TestPollWindows')), undefined);
    assert.ok(index.resolve(gotest(SYSFS, 'TestPollWin32')));
    index.removeFile('sysfs/poll_windows_test.go');
    assert.equal(index.resolve(gotest(SYSFS, 'TestPollWin32')), undefined);
  });

  test('ignores Go files the go tool ignores', () => {
    const index = new TestIndex();
    index.setFile('pkg/testdata/x_test.go', 'package x\nfunc TestX(t *testing.T) {}\n');
    index.setFile('pkg/x.go', 'package x\nfunc TestY(t *testing.T) {}\n');
    assert.deepEqual(index.allDeclarations(), []);
  });
});

describe('TestIndex with Go tests split by OS', () => {
  const split = () => {
    const index = new TestIndex();
    index.setFile('go.mod', 'module example.com/split\n');
    index.setFile('io_windows_test.go', 'package split\nfunc TestPlatform(t *testing.T) {\n\tt.Run("opens", func(t *testing.T) {})\n}\n');
    index.setFile('io_linux_test.go', 'package split\n\nfunc TestPlatform(t *testing.T) {\n\n\tt.Run("opens", func(t *testing.T) {})\n}\n');
    return index;
  };

  test('chooses between same-named tests of OS-specific files by the job OS', () => {
    const index = split();
    assert.equal(index.resolve({ ...gotest('example.com/split', 'TestPlatform'), os: 'windows' })?.file, 'io_windows_test.go');
    assert.equal(where(index.resolve({ ...gotest('example.com/split', 'TestPlatform/opens'), os: 'linux' })), 'io_linux_test.go:5');
  });

  test('returns undefined for same-named tests of OS-specific files when the OS is unknown', () => {
    assert.equal(split().resolve(gotest('example.com/split', 'TestPlatform')), undefined);
  });
});
