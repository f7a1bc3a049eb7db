import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WorkspaceIndex, type IndexingOptions } from '../../../src/core/locate/workspaceIndex';

// A small polyglot workspace, written for these tests.
const FILES: Record<string, string> = {
  'go.mod': 'module example.com/shop\n',
  'cart/cart_test.go': 'package cart\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {}\n\nfunc TestRemove(t *testing.T) {}\n',
  'cart/price_test.go': 'package cart\n\nimport "testing"\n\nfunc TestPrice(t *testing.T) {}\n',
  'Cargo.toml': '[package]\nname = "ledger"\nversion = "0.1.0"\n',
  'src/lib.rs': 'mod books;\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn opens() {}\n}\n',
  'src/books.rs': '#[test]\nfn balances() {}\n',
  'web/cart.test.ts': "import { describe, it } from 'vitest';\n\ndescribe('cart', () => {\n  it('adds', () => {});\n});\n",
  'web/price.test.ts': "import { it } from 'vitest';\n\nit('prices', () => {});\n",
  'py/tests/test_orders.py': 'def test_order():\n    pass\n\n\nclass TestRefund:\n    def test_refund(self):\n        pass\n',
  'java/src/test/java/shop/CartTest.java': 'package shop;\n\nclass CartTest {\n    @Test\n    void empties() {}\n}\n',
  'README.md': '# not a test file\n',
};

/** A clock the indexing reads: each file indexed advances it by `perFile` ms (tests never read the real clock). */
function fakeTime(perFile: number): { options: IndexingOptions; read: (p: string) => Promise<string | undefined>; turns: () => number } {
  let time = 0;
  let turns = 0;
  return {
    options: {
      batch: 4,
      sliceMs: 5,
      now: () => time,
      yieldToEventLoop: async () => {
        turns++;
      },
    },
    read: async (p) => {
      time += perFile;
      return FILES[p];
    },
    turns: () => turns,
  };
}

async function indexed(): Promise<WorkspaceIndex> {
  const workspace = new WorkspaceIndex();
  const { options, read } = fakeTime(0);
  await workspace.indexAll(Object.keys(FILES), read, options);
  return workspace;
}

/** Every file's declarations, as JSON, to compare what an update left alone. */
function snapshot(workspace: WorkspaceIndex): Map<string, string> {
  return new Map([...workspace.files].map((f) => [f, JSON.stringify(workspace.index.declarationsIn(f))]));
}

function unchangedExcept(before: Map<string, string>, after: Map<string, string>, changed: readonly string[]): void {
  for (const [file, declarations] of before) {
    if (changed.includes(file)) continue;
    assert.equal(after.get(file), declarations, `${file} changed`);
  }
}

const names = (workspace: WorkspaceIndex, file: string) => workspace.index.declarationsIn(file).map((d) => d.name);

describe('WorkspaceIndex', () => {
  test('indexes the test files of a workspace in batches, yielding to the event loop between them', async () => {
    const workspace = new WorkspaceIndex();
    const time = fakeTime(0);
    const stats = await workspace.indexAll(Object.keys(FILES), time.read, time.options);
    assert.equal(stats.files, 11);
    assert.equal(stats.indexed, 10); // README.md is not a candidate
    assert.ok(!workspace.files.has('README.md'));
    assert.equal(time.turns(), 3); // 10 candidates in batches of 4
    assert.deepEqual(names(workspace, 'cart/cart_test.go'), ['TestAdd', 'TestRemove']);
    assert.deepEqual(names(workspace, 'src/books.rs'), ['balances']);
    assert.deepEqual(names(workspace, 'web/cart.test.ts'), ['adds']);
    assert.deepEqual(names(workspace, 'py/tests/test_orders.py'), ['test_order', 'test_refund']);
    assert.deepEqual(names(workspace, 'java/src/test/java/shop/CartTest.java'), ['empties']);
  });

  test('ends a synchronous slice once it has run sliceMs, and reports every slice', async () => {
    const workspace = new WorkspaceIndex();
    let time = 0;
    let turns = 0;
    const stats = await workspace.indexAll(
      Object.keys(FILES),
      async (p) => FILES[p],
      {
        batch: 10,
        sliceMs: 5,
        now: () => (time += 2), // every reading of the clock: 2 ms later
        yieldToEventLoop: async () => {
          turns++;
        },
      },
    );
    assert.equal(stats.indexed, 10);
    assert.ok(turns > 1, 'one batch of 10 files was cut into several slices');
    assert.ok(stats.slices.length >= turns);
    assert.ok(stats.longestSliceMs <= 8, `longest slice ${stats.longestSliceMs}`);
  });

  test('skips files that cannot be read, and stops when cancelled', async () => {
    const workspace = new WorkspaceIndex();
    const stats = await workspace.indexAll(['web/cart.test.ts', 'web/gone.test.ts'], async (p) => {
      if (p === 'web/gone.test.ts') throw new Error('ENOENT');
      return FILES[p];
    });
    assert.equal(stats.indexed, 1);
    assert.deepEqual([...workspace.files], ['web/cart.test.ts']);

    let batches = 0;
    const cancelled = new WorkspaceIndex();
    const partial = await cancelled.indexAll(Object.keys(FILES), async (p) => FILES[p], {
      batch: 2,
      yieldToEventLoop: async () => {
        batches++;
      },
      cancelled: () => batches >= 1,
    });
    assert.equal(partial.indexed, 2);
  });

  test('a changed file replaces only its own declarations', async () => {
    const workspace = await indexed();
    const before = snapshot(workspace);
    const file = 'web/price.test.ts';
    assert.ok(workspace.setFile(file, "import { it } from 'vitest';\n\nit('prices', () => {});\nit('discounts', () => {});\n"));
    assert.deepEqual(names(workspace, file), ['prices', 'discounts']);
    assert.equal(workspace.index.resolve({ framework: 'vitest', suite: file, id: 'discounts' })?.line, 4);
    unchangedExcept(before, snapshot(workspace), [file]);
  });

  test('a changed Go file updates its package, and a changed Rust module its crate, and nothing else', async () => {
    const workspace = await indexed();
    const before = snapshot(workspace);
    workspace.setFile('cart/price_test.go', 'package cart\n\nimport "testing"\n\nfunc TestTax(t *testing.T) {}\n');
    assert.equal(workspace.index.resolve({ framework: 'gotest', suite: 'example.com/shop/cart', id: 'TestPrice' }), undefined);
    assert.equal(workspace.index.resolve({ framework: 'gotest', suite: 'example.com/shop/cart', id: 'TestTax' })?.file, 'cart/price_test.go');
    assert.equal(workspace.index.resolve({ framework: 'gotest', suite: 'example.com/shop/cart', id: 'TestAdd' })?.file, 'cart/cart_test.go');
    workspace.setFile('src/books.rs', '#[test]\nfn balances() {}\n\n#[test]\nfn closes() {}\n');
    assert.equal(workspace.index.resolve({ framework: 'libtest', suite: 'ledger', id: 'books::closes' })?.line, 5);
    assert.equal(workspace.index.resolve({ framework: 'libtest', suite: 'ledger', id: 'tests::opens' })?.file, 'src/lib.rs');
    unchangedExcept(before, snapshot(workspace), ['cart/price_test.go', 'src/books.rs']);
  });

  test('a deleted file takes only its declarations with it', async () => {
    const workspace = await indexed();
    const before = snapshot(workspace);
    assert.deepEqual(workspace.removeFile('py/tests/test_orders.py'), ['py/tests/test_orders.py']);
    assert.ok(!workspace.files.has('py/tests/test_orders.py'));
    assert.deepEqual(names(workspace, 'py/tests/test_orders.py'), []);
    assert.equal(workspace.index.resolve({ framework: 'pytest', suite: '', id: 'py/tests/test_orders.py::test_order' }), undefined);
    assert.deepEqual(workspace.removeFile('cart/cart_test.go'), ['cart/cart_test.go']);
    assert.equal(workspace.index.resolve({ framework: 'gotest', suite: 'example.com/shop/cart', id: 'TestAdd' }), undefined);
    assert.equal(workspace.index.resolve({ framework: 'gotest', suite: 'example.com/shop/cart', id: 'TestPrice' })?.file, 'cart/price_test.go');
    unchangedExcept(before, snapshot(workspace), ['py/tests/test_orders.py', 'cart/cart_test.go']);
  });

  test('a deleted folder takes every file under it', async () => {
    const workspace = await indexed();
    const before = snapshot(workspace);
    assert.deepEqual(workspace.removeFile('web').sort(), ['web/cart.test.ts', 'web/price.test.ts']);
    assert.deepEqual(names(workspace, 'web/cart.test.ts'), []);
    assert.ok(workspace.files.has('cart/cart_test.go'));
    unchangedExcept(before, snapshot(workspace), ['web/cart.test.ts', 'web/price.test.ts']);
  });

  test('a renamed file moves its declarations to the new path, and leaves the others alone', async () => {
    const workspace = await indexed();
    const before = snapshot(workspace);
    const from = 'web/cart.test.ts';
    const to = 'web/basket.test.ts';
    assert.deepEqual(workspace.renameFile(from, to, FILES[from]), [from, to]);
    assert.deepEqual(names(workspace, from), []);
    assert.deepEqual(names(workspace, to), ['adds']);
    assert.equal(workspace.index.resolve({ framework: 'vitest', suite: to, id: 'cart › adds' })?.file, to);
    unchangedExcept(before, snapshot(workspace), [from, to]);
    // Renamed to a name that is no test file: it only leaves.
    assert.deepEqual(workspace.renameFile(to, 'web/basket.ts', FILES[from]), [to]);
    assert.ok(!workspace.files.has('web/basket.ts'));
  });
});
