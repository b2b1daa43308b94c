import { test } from "node:test";
import assert from "node:assert/strict";
import { downsample, lttb, pick } from "./downsample";

const range = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

test("a series within the budget is kept whole, gaps included", () => {
  assert.deepEqual([...lttb([0, 1, 2], [5, NaN, 7], 5)], [0, 1, 2]);
});

test("LTTB on a small series: the exact points chosen", () => {
  // Buckets {1,2} {3,4,5} {6,7,8}; each keeps the point making the largest triangle with the
  // previous pick and the next bucket's mean. In {1,2}: from (0,0) towards the mean (4,2) of the
  // next bucket, (2,0) spans twice the area (1,1) does.
  const y = [0, 1, 0, 5, 0, 1, 0, 0, -4, 0];
  assert.deepEqual([...lttb(range(10), y, 5, { keepExtremes: false })], [0, 2, 3, 8, 9]);
  // With extremes: LTTB over 3 points (0, 3, 9), then the low (8) and the high (3) added.
  assert.deepEqual([...lttb(range(10), y, 5)], [0, 3, 8, 9]);
});

test("a million points come down to the budget, first and last kept", () => {
  const n = 1_000_000;
  const x = range(n);
  const y = x.map((i) => Math.sin(i / 20_000) * 100 + (i % 7));
  const idx = lttb(x, y, 2000);
  assert.ok(idx.length <= 2000 && idx.length >= 1998, `got ${idx.length}`);
  assert.equal(idx[0], 0);
  assert.equal(idx[idx.length - 1], n - 1);
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1], "indices ascend");
});

test("the extremes of a spike survive: a one-point crash and a one-point squeeze", () => {
  const n = 1_000_000;
  const x = range(n);
  const y = new Float64Array(n).fill(100);
  for (let i = 0; i < n; i++) y[i] += Math.sin(i / 997) * 0.5;
  y[400_123] = 60; // crash wick
  y[700_321] = 140; // squeeze
  for (const keepExtremes of [true, false]) {
    const idx = [...lttb(x, y, 2000, { keepExtremes })];
    assert.ok(idx.includes(400_123), `low kept (keepExtremes ${keepExtremes})`);
    assert.ok(idx.includes(700_321), `high kept (keepExtremes ${keepExtremes})`);
  }
});

test("keepExtremes keeps the global low and high even where LTTB would pick a neighbour", () => {
  // Two near-equal lows in one bucket: the deeper one must be the one drawn.
  const n = 10_000;
  const x = range(n);
  const y = Float64Array.from(x, (i) => 1000 - i * 0.01);
  y[5000] = 10;
  y[5001] = 9.999;
  const idx = [...lttb(x, y, 50)];
  assert.ok(idx.includes(5001));
  assert.ok(idx.includes(0)); // the high is the first point here
  assert.ok(idx.length <= 50);
});

test("non-finite points are skipped when thinning, and indices refer to the input", () => {
  const n = 100;
  const y = Float64Array.from({ length: n }, (_, i) => (i % 10 === 3 ? NaN : i));
  const idx = lttb(range(n), y, 10);
  assert.ok(idx.length <= 10);
  for (const i of idx) assert.ok(Number.isFinite(y[i]));
  assert.equal(idx[idx.length - 1], 99);
});

test("arguments are checked", () => {
  assert.throws(() => lttb([1, 2], [1], 3), /x has 2 values but y has 1/);
  assert.throws(() => lttb([1], [1], 2), /threshold must be an integer >= 3/);
});

test("downsample and pick return plain arrays for a figure", () => {
  const { x, y, indices } = downsample(range(10), range(10).map((v) => v * v), { maxPoints: 4, keepExtremes: false });
  assert.ok(Array.isArray(x) && Array.isArray(y));
  assert.deepEqual(x, pick(range(10), indices));
  assert.equal(x[0], 0);
  assert.equal(x[x.length - 1], 9);
});
