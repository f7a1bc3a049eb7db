import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goFileOperatingSystem, readBuildConstraints } from '../../../src/core/locate/goBuildConstraints';
import { goSubtestName, locateGoFile } from '../../../src/core/locate/goLocator';
import { fixtureText, lineOf } from './fixtureWorkspace';

const POLL = 'go/sysfs/poll_test.go';
const DIAL = 'go/netx/dial_test.go';

const scanOf = (path: string) => locateGoFile(path, fixtureText(path));
const subtest = (path: string, id: string) => scanOf(path).subtests.find((s) => s.id === id);
const osOf = (name: string, source = 'package p\n') => goFileOperatingSystem(name, readBuildConstraints(source));

describe('locateGoFile', () => {
  test('finds Test, Benchmark, Example and Fuzz functions on the line of their name', () => {
    assert.deepEqual(
      scanOf(POLL).tests.map((t) => [t.name, t.kind, t.line]),
      [
        ['TestPoll', 'test', lineOf(POLL, 'func TestPoll(')],
        ['TestParse', 'test', lineOf(POLL, 'func TestParse(')],
        ['TestDynamic', 'test', lineOf(POLL, 'func TestDynamic(')],
        ['BenchmarkPoll', 'benchmark', lineOf(POLL, 'func BenchmarkPoll(')],
        ['ExamplePoll', 'example', lineOf(POLL, 'func ExamplePoll(')],
        ['FuzzPoll', 'fuzz', lineOf(POLL, 'func FuzzPoll(')],
      ],
    );
  });

  test('leaves out TestMain, helpers and names with a lower-case letter after the prefix', () => {
    const names = scanOf(POLL).tests.map((t) => t.name);
    assert.equal(names.includes('TestMain'), false);
    assert.equal(names.includes('checkPoll'), false);
    assert.equal(names.includes('Testlowercase'), false);
  });

  test('reads the package name, external test packages included', () => {
    assert.equal(scanOf(POLL).packageName, 'sysfs');
    assert.equal(scanOf(DIAL).packageName, 'netx_test');
  });

  test('gives a subtest the id go test prints, spaces turned into underscores, on the t.Run line', () => {
    assert.equal(subtest(POLL, 'TestPoll/fast_path')?.line, lineOf(POLL, 't.Run("fast path"'));
    assert.deepEqual(subtest(POLL, 'TestPoll/fast_path')?.names, ['fast path']);
  });

  test('joins nested subtests with slashes', () => {
    assert.equal(subtest(POLL, 'TestPoll/fast_path/no_wait')?.line, lineOf(POLL, 't.Run("no wait"'));
  });

  test('reads raw string subtest names and subtests that call a named function', () => {
    assert.equal(subtest(POLL, 'TestPoll/raw_name')?.line, lineOf(POLL, 't.Run(`raw name`'));
  });

  test('rewrites non-printable characters in subtest names as go test does', () => {
    assert.ok(subtest(POLL, 'TestPoll/bell\\a'));
    assert.equal(goSubtestName('a\u0000b'), 'a\\x00b');
    assert.equal(goSubtestName('zero\u200bwidth'), 'zero\\u200bwidth');
    assert.equal(goSubtestName('tab\there\u00a0too'), 'tab_here_too');
    assert.equal(goSubtestName('ünï/cödé'), 'ünï/cödé');
  });

  test('maps table-driven subtests to the line of the entry whose name field holds the name', () => {
    assert.equal(subtest(POLL, 'TestParse/empty_input')?.line, lineOf(POLL, 'name: "empty input"'));
    assert.equal(subtest(POLL, 'TestParse/braces_{')?.line, lineOf(POLL, 'name:  "braces {"'));
    assert.equal(subtest(POLL, 'TestParse/braces_{')?.fromTable, true);
  });

  test('maps subtests of a map-keyed table to the line of their key', () => {
    assert.equal(subtest(DIAL, 'TestDial/loopback_v6')?.line, lineOf(DIAL, '"loopback v6"'));
  });

  test('finds table entries of a package-level table', () => {
    const source = [
      'package p',
      'var cases = []struct{ desc string }{',
      '\t{desc: "first one"},',
      '}',
      'func TestCases(t *testing.T) {',
      '\tfor _, c := range cases {',
      '\t\tt.Run(c.desc, func(t *testing.T) {})',
      '\t}',
      '}',
    ].join('\n');
    assert.deepEqual(locateGoFile('p_test.go', source).subtests.map((s) => [s.id, s.line]), [['TestCases/first_one', 3]]);
  });

  test('records no subtest when the name is computed at run time', () => {
    assert.equal(scanOf(POLL).subtests.some((s) => s.parent === 'TestDynamic'), false);
  });

  test('records sub-benchmarks like subtests', () => {
    assert.ok(subtest(POLL, 'BenchmarkPoll/small'));
  });

  test('links testify suite methods to the test that runs the suite', () => {
    const scan = scanOf('go/store_suite_test.go');
    assert.deepEqual(scan.suiteRuns, [{ test: 'TestStoreSuite', suiteType: 'StoreSuite' }]);
    assert.deepEqual(scan.suiteMethods.map((m) => [m.receiverType, m.name]), [['StoreSuite', 'TestPut'], ['StoreSuite', 'TestGet']]);
  });

  test('reads the suite type of generic and unnamed method receivers', () => {
    const source = 'package p\nfunc (s *Store[K]) TestGet() {}\nfunc (*Cache) TestHit() {}\n';
    assert.deepEqual(locateGoFile('p_test.go', source).suiteMethods.map((m) => [m.receiverType, m.name]), [['Store', 'TestGet'], ['Cache', 'TestHit']]);
  });

  test('ignores func keywords and braces inside comments and strings', () => {
    const source = 'package p\n// func TestFake(t *testing.T) {\nvar s = "func TestAlso(t *testing.T) {"\n/* } */\nfunc TestReal(t *testing.T) {}\n';
    assert.deepEqual(locateGoFile('p_test.go', source).tests.map((t) => [t.name, t.line]), [['TestReal', 5]]);
  });
});

describe('Go file operating systems', () => {
  test('reads the OS from a GOOS file name suffix', () => {
    assert.equal(scanOf('go/sysfs/poll_windows_test.go').os, 'windows');
    assert.equal(osOf('poll_darwin_test.go'), 'macos');
    assert.equal(osOf('poll_linux_arm64_test.go'), 'linux');
  });

  test('sets no OS for files that build everywhere, arch-only suffixes, or a bare GOOS name', () => {
    assert.equal(scanOf(POLL).os, undefined);
    assert.equal(osOf('poll_amd64_test.go'), undefined);
    assert.equal(osOf('windows_test.go'), undefined);
  });

  test('sets no OS for a file that builds on none of the CI systems', () => {
    assert.equal(osOf('poll_freebsd_test.go'), undefined);
  });

  test('reads the OS from a //go:build constraint', () => {
    assert.equal(scanOf(DIAL).os, 'linux');
    assert.equal(scanOf(DIAL).buildConstraint, 'linux && !android');
    assert.equal(osOf('a_test.go', '//go:build windows && (amd64 || arm64)\n\npackage a\n'), 'windows');
    assert.equal(osOf('a_test.go', '//go:build !windows && !linux\n\npackage a\n'), 'macos');
    assert.equal(osOf('a_test.go', '//go:build unix\n\npackage a\n'), undefined);
    assert.equal(osOf('a_test.go', '//go:build integration\n\npackage a\n'), undefined);
  });

  test('reads the OS from old // +build lines', () => {
    assert.equal(osOf('a_test.go', '// Copyright\n\n// +build darwin,cgo\n\npackage a\n'), 'macos');
    assert.equal(osOf('a_test.go', '// +build linux darwin\n\npackage a\n'), undefined);
  });

  test('ignores build constraints after the package clause', () => {
    assert.equal(osOf('a_test.go', 'package a\n\n//go:build windows\n'), undefined);
  });
});
