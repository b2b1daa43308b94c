import { test } from "node:test";
import assert from "node:assert/strict";
import { bucketOhlc } from "./ohlc-buckets";

test("merges consecutive bars by the OHLCV rules", () => {
  const b = bucketOhlc({ time: [0, 1, 2, 3, 4], open: [1, 2, 3, 4, 5], high: [2, 5, 4, 6, 7], low: [0.5, 1, 2, 3, 4], close: [2, 3, 4, 5, 6], volume: [1, 1, 1, 1, NaN] }, 2);
  assert.equal(b.rowsPerBar, 3);
  assert.deepEqual([...b.time], [0, 3]);
  assert.deepEqual([...b.open], [1, 4]);
  assert.deepEqual([...b.high], [5, 7]);
  assert.deepEqual([...b.low], [0.5, 3]);
  assert.deepEqual([...b.close], [4, 6]);
  assert.deepEqual([...(b.volume ?? [])], [3, 1]);
  assert.deepEqual([...b.start], [0, 3]);
});

test("fewer rows than bars: unchanged", () => {
  const b = bucketOhlc({ time: [0, 1], open: [1, 2], high: [2, 3], low: [0, 1], close: [2, 3] }, 10);
  assert.equal(b.rowsPerBar, 1);
  assert.deepEqual([...b.close], [2, 3]);
  assert.equal(b.volume, undefined);
});

test("a million minute bars: the crash low and the high survive in the merged bars", () => {
  const n = 1_000_000;
  const time = Float64Array.from({ length: n }, (_, i) => i * 60_000);
  const close = Float64Array.from({ length: n }, (_, i) => 100_000 + Math.sin(i / 5000) * 1000);
  const high = close.map((c) => c + 10);
  const low = close.map((c) => c - 10);
  low[654_321] = 80_562;
  high[111] = 126_287;
  const b = bucketOhlc({ time, open: close, high, low, close }, 2000);
  assert.ok(b.time.length <= 2000);
  assert.equal(Math.min(...b.low), 80_562);
  assert.equal(Math.max(...b.high), 126_287);
  assert.equal(b.open[0], close[0]);
  assert.equal(b.close[b.close.length - 1], close[n - 1]);
});

test("missing values inside a bar are skipped; lengths are checked", () => {
  const b = bucketOhlc({ time: [0, 1], open: [NaN, 2], high: [NaN, 3], low: [NaN, 1], close: [1, NaN] }, 1);
  assert.deepEqual([b.open[0], b.high[0], b.low[0], b.close[0]], [2, 3, 1, 1]);
  assert.throws(() => bucketOhlc({ time: [0, 1], open: [1], high: [1, 1], low: [1, 1], close: [1, 1] }, 1), /open has 1 values but time has 2/);
  assert.throws(() => bucketOhlc({ time: [0], open: [1], high: [1], low: [1], close: [1] }, 0), /maxBars must be a positive integer/);
});
