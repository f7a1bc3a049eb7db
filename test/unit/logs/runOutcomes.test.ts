// RunOutcomes lists its pending outcomes themselves where they are in the model's form, and copies the others into
// it: either way, the model's properties in the model's order, only those set, whatever order a parser set them in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunOutcomes } from '../../../src/core/logs/runOutcomes';

test('outcomes list with the model properties in order, whatever order a parser set them in', () => {
  const run = new RunOutcomes('pytest');
  run.add('a', 's', 'pass');
  const failed = run.add('b', 's', 'fail');
  failed.message = 'boom';
  failed.failureLocation = 'a.py:3';
  const reversed = run.add('c', 's', 'fail');
  reversed.duration = 1.5;
  reversed.failureLocation = 'a.py:4';
  reversed.message = 'bang';
  const passWithMessage = run.add('d', 's', 'pass');
  passWithMessage.message = 'captured output';
  passWithMessage.failureLocation = 'a.py:5';
  const emptyMessage = run.add('e', 's', 'fail');
  emptyMessage.message = '';
  const pkg = run.add('f', 's', 'pass');
  pkg.packageResult = false;
  const listed = run.list();
  assert.deepEqual(
    listed.map((o) => JSON.stringify(o)),
    [
      '{"id":"a","suite":"s","framework":"pytest","outcome":"pass","attempt":1}',
      '{"id":"b","suite":"s","framework":"pytest","outcome":"fail","attempt":1,"message":"boom","failureLocation":"a.py:3"}',
      '{"id":"c","suite":"s","framework":"pytest","outcome":"fail","attempt":1,"message":"bang","failureLocation":"a.py:4","duration":1.5}',
      '{"id":"d","suite":"s","framework":"pytest","outcome":"pass","attempt":1}',
      '{"id":"e","suite":"s","framework":"pytest","outcome":"fail","attempt":1}',
      '{"id":"f","suite":"s","framework":"pytest","outcome":"pass","attempt":1}',
    ],
  );
  assert.deepEqual(Object.keys(listed[3] ?? {}), ['id', 'suite', 'framework', 'outcome', 'attempt']);
  assert.equal(run.list(), listed, 'a second call gives the same list');
});

test('retries are found by suite and id among many suites, and a pass after a failure makes it flaky', () => {
  const run = new RunOutcomes('junit');
  for (let i = 0; i < 40_000; i++) run.add(`t${i}`, `S${i % 20_000}`, i % 3 === 0 ? 'fail' : 'pass');
  assert.equal(run.find('t3', 'S3')?.outcome, 'fail');
  assert.equal(run.find('t3', 'S4'), undefined);
  run.attempt('t3', 'S3', 'pass');
  run.attempt('t6', 'S6', 'fail');
  const listed = run.list();
  assert.equal(listed.length, 40_000);
  assert.deepEqual(listed[3], { id: 't3', suite: 'S3', framework: 'junit', outcome: 'flaky', attempt: 2 });
  assert.deepEqual(listed[6], { id: 't6', suite: 'S6', framework: 'junit', outcome: 'fail', attempt: 2 });
  // Past the bound of kept copies, values stay right.
  assert.deepEqual(
    listed.slice(39_998).map((o) => `${o.suite}/${o.id}`),
    ['S19998/t39998', 'S19999/t39999'],
  );
});

test('settled messages, and messages set after settling, list as set', () => {
  const run = new RunOutcomes('pytest');
  const first = run.add('first', 's', 'fail');
  first.message = 'early';
  for (let i = 0; i < 2000; i++) run.add(`t${i}`, 's', 'pass');
  // Long settled: a parser sets another message (a failure section at the end of the run).
  first.message = 'late message';
  first.failureLocation = 'x.py:1';
  run.forgetRetries();
  const last = run.add('last', 's', 'fail');
  last.message = 'unsettled';
  const listed = run.list();
  assert.equal(listed[0]?.message, 'late message');
  assert.equal(listed[0]?.failureLocation, 'x.py:1');
  assert.equal(listed.at(-1)?.message, 'unsettled');
});
