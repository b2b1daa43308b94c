import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../frame";
import { liquidationMap } from "./liquidation-map";

test("new open interest lands at its leverage's liquidation prices; touched levels clear", () => {
  const bars = { close: [100, 100, 95], high: [100, 100, 96], low: [100, 100, 89], openInterest: [1000, 1500, 1200] };
  const map = liquidationMap(bars, { leverage: [[10, 1]], maintenanceMargin: 0, bins: 40, range: [80, 120] });
  assert.equal(map.bins, 40);
  assert.equal(map.price[10], 90.5);
  const after1 = map.at(1);
  assert.equal(after1.long[10], 750); // 10x longs from 100 liquidate at 90
  assert.equal(after1.short[30], 750); // 10x shorts at 110
  const last = map.at();
  assert.equal(last.long[10], 0); // the low of 89 went through 90
  assert.equal(last.short[30], 600); // open interest fell 20 %: closed in proportion
  assert.equal(map.long.length, 3 * 40);
});

test("from a Frame, with a long share and several leverage levels", () => {
  const frame = Frame.fromColumns({ time: [0, 3600e3], close: [100_000, 101_000], openInterest: [1e9, 1.1e9] });
  const map = liquidationMap(frame, { longShare: 0.7, bins: 100 });
  const { long, short } = map.at();
  const total = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(total(long) - 0.7 * 1.1e9) < 1);
  // the second bar's close of 101,000 went through the first bar's 100x shorts at 100,500
  assert.ok(Math.abs(total(short) - (0.3 * 1.1e9 - 0.3 * 0.15 * 1e9)) < 1);
  assert.deepEqual([...map.time], [0, 3600e3]);
  assert.throws(() => liquidationMap({ close: [1], openInterest: [1, 2] }), /openInterest has 2 values but close has 1/);
});
