// The artifacts a sync reads at once hold at most a budget of bytes; work waits its turn, in order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteBudget } from '../../../src/ci/boundedParallel';

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test('work starts while it fits, waits while it does not, and starts in order when bytes come back', async () => {
  const budget = new ByteBudget(100);
  const started: string[] = [];
  const take = (name: string, bytes: number) => budget.acquire(bytes).then((release) => (started.push(name), release));
  const a = take('a', 60);
  const b = take('b', 30);
  const c = take('c', 50); // does not fit beside a and b
  const d = take('d', 5); // would fit, but waits behind c: a big one is not passed over for ever
  await settle();
  assert.deepEqual(started, ['a', 'b']);
  assert.equal(budget.held, 90);
  (await a)();
  await settle();
  assert.deepEqual(started, ['a', 'b', 'c', 'd']);
  assert.equal(budget.held, 85);
  (await b)();
  (await c)();
  const releaseD = await d;
  releaseD();
  releaseD(); // twice is once
  assert.equal(budget.held, 0);
});

test('work larger than the budget runs alone; a size that is no number counts as the whole budget', async () => {
  const budget = new ByteBudget(100);
  const started: string[] = [];
  const take = (name: string, bytes: number) => budget.acquire(bytes).then((release) => (started.push(name), release));
  const small = take('small', 10);
  const huge = take('huge', 10_000);
  const odd = take('odd', Number.NaN);
  await settle();
  assert.deepEqual(started, ['small']);
  (await small)();
  await settle();
  assert.deepEqual(started, ['small', 'huge']);
  assert.equal(budget.held, 100);
  (await huge)();
  await settle();
  assert.deepEqual(started, ['small', 'huge', 'odd']);
  (await odd)();
  assert.equal(budget.held, 0);
});
