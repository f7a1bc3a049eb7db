// A workspace folder removed while its session was being detected gets no session: the check asked after the await.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Removals } from '../../../src/core/removals';

test('a key not removed since the check began is still wanted', () => {
  const removals = new Removals();
  removals.removed('file:///a'); // before: does not count
  const removedA = removals.since('file:///a');
  removals.removed('file:///b');
  assert.equal(removedA(), false);
});

test('a key removed during the await is not wanted, even when added again since', () => {
  const removals = new Removals();
  const first = removals.since('file:///a');
  removals.removed('file:///a');
  const second = removals.since('file:///a'); // the folder added again: its own start
  assert.equal(first(), true);
  assert.equal(second(), false);
});
