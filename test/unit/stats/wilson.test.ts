import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilsonRate } from '../../../src/core/stats/wilson';

test('the Wilson interval of 7 in 100 matches the published formula', () => {
  const r = wilsonRate(7, 100);
  assert.equal(r.rate, 0.07);
  assert.ok(Math.abs(r.interval[0] - 0.0343) < 0.0005, `lower ${r.interval[0]}`);
  assert.ok(Math.abs(r.interval[1] - 0.1375) < 0.0005, `upper ${r.interval[1]}`);
});

test('zero failures still give a non-zero upper bound that shrinks with the sample', () => {
  const small = wilsonRate(0, 10);
  const large = wilsonRate(0, 1000);
  assert.equal(small.interval[0], 0);
  assert.ok(small.interval[1] > 0.2);
  assert.ok(large.interval[1] < 0.005);
});

test('an empty sample is the whole range, never a rate of zero with false confidence', () => {
  assert.deepEqual(wilsonRate(0, 0).interval, [0, 1]);
});

test('the interval always contains the measured rate and stays within 0 and 1', () => {
  for (const [f, n] of [[1, 1], [5, 5], [1, 3], [49, 50], [3, 300]] as const) {
    const r = wilsonRate(f, n);
    assert.ok(r.interval[0] <= r.rate && r.rate <= r.interval[1], `${f}/${n}`);
    assert.ok(r.interval[0] >= 0 && r.interval[1] <= 1);
  }
});

test('no failures gives a lower bound of exactly 0, and all failures an upper bound of exactly 1', () => {
  // The formula's centre and half-width cancel only up to rounding: 0 of 7 gave 5.55e-17, 300 of 300 gave 0.9999999999999998.
  for (const n of [1, 7, 100, 300]) {
    assert.equal(wilsonRate(0, n).interval[0], 0, `0/${n}`);
    assert.equal(wilsonRate(n, n).interval[1], 1, `${n}/${n}`);
  }
});
