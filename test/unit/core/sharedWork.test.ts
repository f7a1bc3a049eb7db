// Work asked for by several callers at once is done once, and each gets its result (or its failure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedWork } from '../../../src/core/sharedWork';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('a second caller for the same key joins the work under way; another key gets its own', async () => {
  const shared = new SharedWork<string>();
  const gate = deferred<string>();
  let started = 0;
  const first = shared.run('api|acme/sample', () => {
    started++;
    return gate.promise;
  });
  const second = shared.run('api|acme/sample', () => {
    started++;
    return Promise.resolve('second');
  });
  const other = shared.run('api|acme/other', () => {
    started++;
    return Promise.resolve('other');
  });
  assert.equal(first.joined, false);
  assert.equal(second.joined, true);
  assert.equal(other.joined, false);
  assert.equal(started, 2);
  gate.resolve('synced once');
  assert.equal(await first.result, 'synced once');
  assert.equal(await second.result, 'synced once');
  assert.equal(await other.result, 'other');
  assert.equal(shared.size, 0, 'nothing is kept once the work ended');
});

test('after the work ends, the next caller starts anew; a failure reaches every caller and is not kept', async () => {
  const shared = new SharedWork<number>();
  const gate = deferred<number>();
  const first = shared.run('k', () => gate.promise);
  const joined = shared.run('k', () => Promise.resolve(2));
  gate.reject(new Error('rate limited'));
  await assert.rejects(first.result, /rate limited/);
  await assert.rejects(joined.result, /rate limited/);
  const again = shared.run('k', () => Promise.resolve(3));
  assert.equal(again.joined, false);
  assert.equal(await again.result, 3);
});

test('work that throws before its first await fails its callers, not the caller of run', async () => {
  const shared = new SharedWork<number>();
  const run = shared.run('k', () => {
    throw new Error('no token');
  });
  await assert.rejects(run.result, /no token/);
  assert.equal(shared.size, 0);
});
