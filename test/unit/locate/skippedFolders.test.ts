// One list of skipped folders for the CLI's walk, the editor's file search and the index's filter: dependencies and
// tools' state are never entered; build output is, for Go and Rust packages of those names, and the index judges.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readWorkspace } from '../../../src/cli/workspaceFiles';
import { SKIPPED_FOLDERS, SKIPPED_FOLDERS_GLOB, isSkippedFolder, isSkippedOrOutputFolder } from '../../../src/core/locate/skippedFolders';
import { isIndexCandidate } from '../../../src/core/locate/testIndex';
import { scratchDir } from '../support/scratchDir';

test('dependencies and dot-folders are skipped; build output only for JS, Python and JVM; test folders never', () => {
  for (const name of ['node_modules', 'vendor', 'target', '.venv', '.github', '.cache', '__pycache__']) assert.ok(isSkippedFolder(name), name);
  for (const name of ['dist', 'build', 'out', 'coverage']) {
    assert.ok(!isSkippedFolder(name), name);
    assert.ok(isSkippedOrOutputFolder(name), name);
  }
  for (const name of ['src', 'tests', '__tests__', 'test', 'lib', '.']) assert.ok(!isSkippedOrOutputFolder(name), name);
});

test('the editor glob names every folder no walk enters', () => {
  assert.equal(SKIPPED_FOLDERS_GLOB, `**/{${SKIPPED_FOLDERS.join(',')}}/**`);
  assert.ok(!SKIPPED_FOLDERS_GLOB.includes('build') && !SKIPPED_FOLDERS_GLOB.includes('coverage'));
});

test('the index takes Go and Rust tests in folders named like build output, not JS or Python copies there', () => {
  assert.equal(isIndexCandidate('src/cart.test.ts'), true);
  assert.equal(isIndexCandidate('vendor/lib/cart.test.ts'), false);
  assert.equal(isIndexCandidate('build/tests/test_cart.py'), false);
  assert.equal(isIndexCandidate('out/test/cart.test.js'), false);
  assert.equal(isIndexCandidate('.venv/lib/test_x.py'), false);
  assert.equal(isIndexCandidate('internal/coverage/cover_test.go'), true);
  assert.equal(isIndexCandidate('internal/build/build_test.go'), true);
});

test("the CLI's walk skips what no walk enters and keeps, in build output, only what the index reads", () => {
  const root = scratchDir('skipped-folders');
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('src/cart.test.ts', "test('adds', () => {});\n");
  write('vendor/dep/dep.test.ts', "test('dep', () => {});\n");
  write('.github/workflows/ci.test.js', "test('w', () => {});\n");
  write('jspm_packages/x/x.test.js', "test('x', () => {});\n");
  write('out/src/cart.test.js', "test('adds', () => {});\n");
  write('out/src/cart.js', 'module.exports = {};\n');
  write('internal/coverage/cover_test.go', 'package coverage\n\nimport "testing"\n\nfunc TestCover(t *testing.T) {}\n');
  assert.deepEqual([...readWorkspace(root).files].sort(), ['internal/coverage/cover_test.go', 'src/cart.test.ts']);
});
