// Two folders of one repository (two git worktrees, or two clones) list that repository's tests once: by repository
// and test key, each test's copy taken from the folder the user is in when it holds the test's file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repositoryNames, repositoryTests, type FolderTests } from '../../../src/core/present/repositoryTests';
import type { ScanTest } from '../../../src/core/scan/scanResult';
import { scanTest } from '../support/scanTestBuilder';

const tls = scanTest();
const wait = scanTest({ key: 'libtest\u001ftests/all/main.rs\u001fwait::timeout', id: 'wait::timeout', status: 'failing', location: { file: 'tests/all/wait.rs', line: 3 } });
const folder = (name: string, repository: string, tests: readonly ScanTest[], active = false): FolderTests<ScanTest> => ({ repository, folder: `file:///w/${name}`, active, tests });
const shown = (tests: ReturnType<typeof repositoryTests<ScanTest>>) => tests.map((t) => `${t.repository} ${t.id} @${t.folder.slice("file:///w/".length)}`);

test('two worktrees of one repository: each test once, from the first folder', () => {
  const tests = repositoryTests([folder('main', 'acme/sample', [tls, wait]), folder('feature', 'acme/sample', [tls, wait])]);
  assert.deepEqual(shown(tests), ['acme/sample tls::tls_sample_application @main', 'acme/sample wait::timeout @main']);
});

test('the folder the user is in gives the copy (its location, and where the commands act)', () => {
  const moved = { ...wait, location: { file: 'tests/all/waiting.rs', line: 9 } };
  const tests = repositoryTests([folder('main', 'acme/sample', [tls, wait]), folder('feature', 'acme/sample', [tls, moved], true)]);
  assert.deepEqual(shown(tests), ['acme/sample tls::tls_sample_application @feature', 'acme/sample wait::timeout @feature']);
  assert.deepEqual(tests[1]?.location, { file: 'tests/all/waiting.rs', line: 9 });
});

test('a folder that does not hold the test\'s file gives way to one that does, even when the user is in it', () => {
  const notHere = { ...wait, location: null };
  const tests = repositoryTests([folder('old', 'acme/sample', [notHere], true), folder('main', 'acme/sample', [wait])]);
  assert.deepEqual(shown(tests), ['acme/sample wait::timeout @main']);
  assert.deepEqual(shown(repositoryTests([folder('a', 'acme/sample', [notHere]), folder('b', 'acme/sample', [notHere], true)])), ['acme/sample wait::timeout @b']);
});

test('one test key in two repositories is two tests; one folder per repository is left as it is', () => {
  const tests = repositoryTests([folder('sample', 'acme/sample', [tls, wait]), folder('fork', 'octo/sample', [tls])]);
  assert.deepEqual(shown(tests), ['acme/sample tls::tls_sample_application @sample', 'acme/sample wait::timeout @sample', 'octo/sample tls::tls_sample_application @fork']);
  assert.deepEqual(repositoryNames([{ repository: 'acme/sample' }, { repository: 'acme/sample' }, { repository: 'octo/sample' }]), ['acme/sample', 'octo/sample']);
});
