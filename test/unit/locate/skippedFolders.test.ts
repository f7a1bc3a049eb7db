// One list of skipped folders for the CLI's walk, the editor's file search and the index's filter.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readWorkspace } from '../../../src/cli/workspaceFiles';
import { SKIPPED_FOLDERS, SKIPPED_FOLDERS_GLOB, isSkippedFolder } from '../../../src/core/locate/skippedFolders';
import { isIndexCandidate } from '../../../src/core/locate/testIndex';

test('dependencies, build output and dot-folders are skipped; test folders are not', () => {
  for (const name of ['node_modules', 'vendor', 'dist', '.venv', '.github', '.cache', '__pycache__']) assert.ok(isSkippedFolder(name), name);
  for (const name of ['src', 'tests', '__tests__', 'test', 'lib', '.']) assert.ok(!isSkippedFolder(name), name);
});

test('the editor glob names every skipped folder', () => {
  assert.equal(SKIPPED_FOLDERS_GLOB, `**/{${SKIPPED_FOLDERS.join(',')}}/**`);
  assert.ok(SKIPPED_FOLDERS.includes('vendor') && SKIPPED_FOLDERS.includes('node_modules'));
});

test('a JS or Python test under a skipped folder is no candidate of the index, as the walks never reach it', () => {
  assert.equal(isIndexCandidate('src/cart.test.ts'), true);
  assert.equal(isIndexCandidate('vendor/lib/cart.test.ts'), false);
  assert.equal(isIndexCandidate('build/tests/test_cart.py'), false);
  assert.equal(isIndexCandidate('.venv/lib/test_x.py'), false);
});

test("the CLI's walk skips the same folders", () => {
  const root = mkdtempSync(join(tmpdir(), 'flakelens-skipped-'));
  try {
    for (const dir of ['src', 'vendor/dep', 'coverage', '.github/workflows', 'jspm_packages/x']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'src/cart.test.ts'), "test('adds', () => {});\n");
    writeFileSync(join(root, 'vendor/dep/dep.test.ts'), "test('dep', () => {});\n");
    writeFileSync(join(root, 'coverage/report.test.js'), "test('c', () => {});\n");
    writeFileSync(join(root, '.github/workflows/ci.test.js'), "test('w', () => {});\n");
    writeFileSync(join(root, 'jspm_packages/x/x.test.js'), "test('x', () => {});\n");
    assert.deepEqual(readWorkspace(root).files, ['src/cart.test.ts']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
