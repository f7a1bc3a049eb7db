// The files of a stem, as a scan looks them up for every quoted string of a flaky test: one table, made once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesByStem } from '../../../src/core/scan/testSource';

test('files by stem: what a filter of every file gives, at most 8 each, the files read once', () => {
  const files = ['a/util.go', 'b/util.rs', 'c/util_test.go', 'guest/main.rs', 'main.rs', 'README', 'x/y/z.spec.ts', ...Array.from({ length: 20 }, (_, i) => `p${i}/mod.py`)];
  let reads = 0;
  const counted: Iterable<string> = {
    *[Symbol.iterator]() {
      reads++;
      yield* files;
    },
  };
  const named = filesByStem(counted);
  const filter = (stem: string) => files.filter((f) => (f.split('/').pop() ?? '').replace(/\.\w+$/, '') === stem).slice(0, 8);
  for (const stem of ['util', 'util_test', 'main', 'README', 'z.spec', 'mod', 'missing', '']) assert.deepEqual(named(stem), filter(stem), stem);
  assert.equal(named('mod').length, 8);
  assert.equal(reads, 1);
});
