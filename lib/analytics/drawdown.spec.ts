import { test } from "node:test";
import assert from "node:assert/strict";
import { drawdown, drawdownFromHigh } from "./drawdown";
import { Frame } from "../frame";

test("drawdown of closes: the highest point before the deepest fall, by index", () => {
  assert.deepEqual(drawdown([100, 120, 90, 110, 60, 130]), { peak: 120, peakAt: 1, trough: 60, troughAt: 4, depth: 0.5, days: NaN });
  // a later, higher peak with a shallower fall does not win
  assert.equal(drawdown([100, 50, 200, 150]).depth, 0.5);
  assert.equal(drawdown([100, 50, 200, 150]).peakAt, 0);
});

test("drawdown uses highs and lows of candles, and times for peakAt, troughAt and days", () => {
  // BTC-USD daily candles of the facts sheet (section C2)
  const f = Frame.fromColumns(
    { time: ["2025-10-06", "2025-10-07", "2025-11-21", "2025-11-22"], high: [126287.29, 125225.23, 87404.99, 85562.12], low: [123143.47, 120661.76, 80562.05, 83462.76], close: [124723.0, 121414.53, 85087.62, 84696.98] },
    { types: { time: "time" } },
  );
  const dd = drawdown(f);
  assert.equal(dd.peak, 126287.29);
  assert.equal(dd.trough, 80562.05);
  assert.equal((dd.peakAt as Date).toISOString(), "2025-10-06T00:00:00.000Z");
  assert.equal(dd.days, 46);
  assert.ok(Math.abs(dd.depth - 0.3621) < 1e-4);
  // closes only, when asked
  assert.equal(drawdown(f, { high: "close", low: "close" }).trough, 84696.98);
});

test("no fall: depth 0 at the last peak... the first; missing values skipped; days from a timeframe", () => {
  const up = drawdown([1, 2, 3]);
  assert.equal(up.depth, 0);
  assert.equal(up.peakAt, up.troughAt);
  assert.equal(drawdown([NaN, 10, NaN, 5]).trough, 5);
  assert.equal(drawdown([10, 8, 5], { timeframe: "1d" }).days, 2);
  assert.throws(() => drawdown([NaN]), /at least one value/);
  assert.throws(() => drawdown(Frame.fromColumns({ x: [1] })), /no column "close"/);
});

test("drawdownFromHigh: the running fall below the high so far", () => {
  assert.deepEqual([...drawdownFromHigh([100, 120, 90, 130])], [0, 0, -0.25, 0]);
  const f = Frame.fromColumns({ high: [110, 100], close: [100, 99] });
  assert.deepEqual([...drawdownFromHigh(f)].map((x) => +x.toFixed(4)), [-0.0909, -0.1]);
});
