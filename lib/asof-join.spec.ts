import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "./frame";
import { asofJoin } from "./asof-join";

const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10);

const candles = Frame.fromColumns({ time: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => T0 + i * H), close: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] }, { types: { time: "time" } });
// funding every 8 hours plus a late correction at the same time as the 8h print
const funding = Frame.fromColumns({ time: [T0 - 8 * H, T0, T0 + 8 * H, T0 + 8 * H], rate: [0.0001, 0.0002, 0.0003, 0.00035], venue: ["a", "b", "c", "d"] }, { types: { time: "time" } });

test("backward: each row gets the latest right row at or before it, the last of equal times", () => {
  const j = candles.asofJoin(funding, { on: "time" });
  assert.deepEqual(j.columns, ["time", "close", "rate", "venue"]);
  assert.deepEqual([...j.numbers("rate")], [0.0002, 0.0002, 0.0002, 0.0002, 0.0002, 0.0002, 0.0002, 0.0002, 0.00035, 0.00035]);
  assert.deepEqual(j.strings("venue").slice(7), ["b", "d", "d"]);
  assert.equal(j.column("close"), candles.column("close"));
});

test("tolerance leaves stale matches missing; it takes ms or a timeframe", () => {
  const j = asofJoin(candles, funding, { on: "time", tolerance: "2h" });
  assert.deepEqual([...j.numbers("rate")].map((x) => (Number.isNaN(x) ? null : x)), [0.0002, 0.0002, 0.0002, null, null, null, null, null, 0.00035, 0.00035]);
  assert.deepEqual(j.strings("venue")[4], null);
  assert.deepEqual([...asofJoin(candles, funding, { on: "time", tolerance: 0 }).numbers("rate")].filter((x) => !Number.isNaN(x)), [0.0002, 0.00035]);
});

test("forward and nearest directions", () => {
  const fwd = asofJoin(candles, funding, { on: "time", direction: "forward" });
  assert.deepEqual([...fwd.numbers("rate")].map((x) => (Number.isNaN(x) ? null : x)), [0.0002, 0.00035, 0.00035, 0.00035, 0.00035, 0.00035, 0.00035, 0.00035, 0.00035, null]);
  const near = asofJoin(candles, funding, { on: "time", direction: "nearest" });
  // 4h is equally far from 0h and 8h: the earlier one wins
  assert.deepEqual([...near.numbers("rate")], [0.0002, 0.0002, 0.0002, 0.0002, 0.0002, 0.00035, 0.00035, 0.00035, 0.00035, 0.00035]);
});

test("clashing names get a suffix; rightOn joins differently named times", () => {
  const other = Frame.fromColumns({ ts: [T0], close: [99] }, { types: { ts: "time" } });
  const j = asofJoin(candles, other, { on: "time", rightOn: "ts" });
  assert.deepEqual(j.columns, ["time", "close", "close_right"]);
  assert.deepEqual([...j.numbers("close_right")], new Array(10).fill(99));
  assert.deepEqual(asofJoin(candles, other, { on: "time", rightOn: "ts", suffix: "_spot" }).columns, ["time", "close", "close_spot"]);
});

test("unsorted or non-time keys are refused with the fix", () => {
  assert.throws(() => asofJoin(candles, funding.sort("time", { descending: true }), { on: "time" }), /right frame is not sorted by "time" \(row 2\); sort it first/);
  assert.throws(() => asofJoin(candles, funding, { on: "close" }), /left column "close" is a number column, not a time column/);
  assert.throws(() => asofJoin(candles, funding, { on: "time", tolerance: -1 }), /tolerance must be >= 0/);
});

test("empty frames join to missing values", () => {
  const j = asofJoin(candles, funding.head(0), { on: "time" });
  assert.equal(j.length, 10);
  assert.ok([...j.numbers("rate")].every(Number.isNaN));
  assert.equal(asofJoin(candles.head(0), funding, { on: "time" }).length, 0);
});
