import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readWorkspace } from '../../../src/cli/workspaceFiles';
import { scratchDir } from '../support/scratchDir';

test('a library module without doctests is read for the index but not kept: a later read goes to the disk', () => {
  const root = scratchDir('workspace-files');
  mkdirSync(join(root, 'pkg'));
  mkdirSync(join(root, 'tests'));
  writeFileSync(join(root, 'pkg', 'plain.py'), 'def f():\n    return 1\n');
  writeFileSync(join(root, 'pkg', 'doc.py'), 'def g():\n    """\n    >>> g()\n    2\n    """\n    return 2\n');
  writeFileSync(join(root, 'tests', 'test_a.py'), 'def test_a():\n    assert True\n');
  const workspace = readWorkspace(root);
  assert.deepEqual(workspace.index.allDeclarations().map((d) => d.id).sort(), ['pkg.doc.g', 'tests/test_a.py::test_a']);
  // Each file changed on disk after indexing: only the plain module was not kept in memory.
  for (const file of ['pkg/plain.py', 'pkg/doc.py', 'tests/test_a.py']) writeFileSync(join(root, file), '# changed\n');
  assert.equal(workspace.sources.read('pkg/plain.py'), '# changed\n');
  assert.match(workspace.sources.read('pkg/doc.py') ?? '', />>> g\(\)/);
  assert.match(workspace.sources.read('tests/test_a.py') ?? '', /def test_a/);
});
