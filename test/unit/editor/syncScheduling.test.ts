// The auto-refresh timer follows its setting, and a settings change during a sync queues one more sync after it.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { Repeating } from '../../../src/editor/repeating';
import { SingleRun } from '../../../src/core/singleRun';

test('the repeating timer restarts with a new period, and 0 stops it', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let ticks = 0;
  const timer = new Repeating(() => ticks++);
  timer.set(1000);
  t.mock.timers.tick(3000);
  assert.equal(ticks, 3);
  timer.set(5000);
  t.mock.timers.tick(4999);
  assert.equal(ticks, 3, 'the old period no longer ticks');
  t.mock.timers.tick(1);
  assert.equal(ticks, 4);
  timer.set(0);
  t.mock.timers.tick(60_000);
  assert.equal(ticks, 4, 'stopped');
  timer.set(1000);
  t.mock.timers.tick(1000);
  assert.equal(ticks, 5, 'started again');
  timer.dispose();
  t.mock.timers.tick(60_000);
  assert.equal(ticks, 5);
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('a start during a run returns the running run and starts nothing', async () => {
  const runs = new SingleRun();
  const gate = deferred();
  const run = mock.fn(() => gate.promise);
  const first = runs.start(run);
  assert.equal(runs.start(run), first);
  gate.resolve();
  await first;
  assert.equal(run.mock.callCount(), 1);
  assert.equal(runs.running, undefined);
});

test('asked again during a run, one more run follows it (at most one), and the first promise waits for it', async () => {
  const runs = new SingleRun();
  const first = deferred();
  const second = deferred();
  let calls = 0;
  const done = runs.start(() => (++calls === 1 ? first.promise : second.promise));
  runs.again();
  runs.again();
  first.resolve();
  second.resolve();
  await done;
  assert.equal(calls, 2);
  assert.equal(runs.running, undefined);
});

test('asked again with no run going on, nothing is queued; a queued run is dropped when no longer wanted', async () => {
  const runs = new SingleRun();
  runs.again();
  let calls = 0;
  await runs.start(async () => {
    calls++;
  });
  assert.equal(calls, 1);
  const gate = deferred();
  const done = runs.start(() => {
    calls++;
    return gate.promise;
  }, () => false);
  runs.again();
  gate.resolve();
  await done;
  assert.equal(calls, 2);
});
