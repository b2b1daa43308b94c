import { test } from "node:test";
import assert from "node:assert/strict";
import { cascadePathChart } from "./cascade-path";

type L = Record<string, any>;

// A small simulated cascade: steps 0..9, liquidations coded by cohort and cause, as typed arrays.
const sim = {
  path: { time: Float64Array.from({ length: 10 }, (_, i) => i), price: Float64Array.from([100, 99, 97, 94, 90, 85, 84, 84.5, 85, 85.2]) },
  liquidations: {
    time: new Float64Array([2, 3, 3, 4, 4, 5, 9]),
    usd: new Float64Array([1e6, 2e6, 3e6, 4e6, 5e6, 6e6, 0.5e6]),
    cohort: new Uint16Array([0, 0, 1, 0, 2, 1, 0]),
    cause: new Uint8Array([0, 0, 0, 1, 1, 1, 0]),
  },
  cohorts: ["leveraged longs", "market makers", "treasuries"],
  causes: ["margin call", "auto-deleveraging"],
};

test("price above, liquidations stacked by cohort below (largest first), names from the cohorts list", () => {
  const fig = cascadePathChart(sim, { bins: 10, source: "cascade model, seed 1" });
  assert.deepEqual(fig.data.map((t) => [t.type, t.name]), [
    ["scatter", "price"],
    ["bar", "market makers"], // $9M
    ["bar", "leveraged longs"], // $7.5M
    ["bar", "treasuries"], // $5M
  ]);
  const [price, mm, longs, dat] = fig.data as L[];
  assert.deepEqual(price.y, [...sim.path.price]);
  assert.equal(price.yaxis, "y");
  assert.equal(longs.yaxis, "y2");
  // Bins of width 0.9 over steps 0..9: step 2 in bin 2, 3 in 3, 4 in 4, 5 in 5, 9 in the last.
  assert.deepEqual(longs.y, [0, 0, 1, 2, 4, 0, 0, 0, 0, 0.5]);
  assert.deepEqual(mm.y, [0, 0, 0, 3, 0, 6, 0, 0, 0, 0]);
  assert.deepEqual(dat.y, [0, 0, 0, 0, 5, 0, 0, 0, 0, 0]);
  const l = fig.layout as L;
  assert.equal(l.barmode, "stack");
  assert.equal(l.xaxis.type, "linear");
  assert.equal(l.xaxis.title.text, "time (steps)");
  assert.equal(l.yaxis.title.text, "price (USD)");
  assert.equal(l.yaxis2.title.text, "liquidated by cohort (USD m)");
});

test("by cause; group names given explicitly; the largest group first", () => {
  const fig = cascadePathChart(sim, { by: "cause", groupNames: ["margin", "ADL"], bins: 5, source: "s" });
  assert.deepEqual(fig.data.slice(1).map((t) => t.name), ["ADL", "margin"]);
  const total = (fig.data.slice(1) as L[]).flatMap((t) => t.y).reduce((a: number, b: number) => a + b, 0);
  assert.equal(Math.round(total * 10) / 10, 21.5);
});

test("more groups than maxGroups: the smallest are summed into other", () => {
  const fig = cascadePathChart(sim, { bins: 2, maxGroups: 2, source: "s" });
  assert.deepEqual(fig.data.slice(1).map((t) => t.name), ["market makers", "other (2 groups)"]);
});

test("epoch-ms times give a date axis; records work", () => {
  const T = Date.UTC(2025, 9, 10, 21);
  const fig = cascadePathChart(
    { path: [{ time: T, close: 110_000 }, { time: T + 60_000, close: 108_000 }], liquidations: [{ time: T + 30_000, size: 1e9, cohort: "longs" }] },
    { price: "close", bins: 2, source: "s" },
  );
  const l = fig.layout as L;
  assert.equal(l.xaxis.type, "date");
  assert.equal(l.xaxis.title.text, "time (UTC)");
  assert.deepEqual((fig.data[1] as L).x, ["2025-10-10T21:00:15Z", "2025-10-10T21:00:45Z"]);
  assert.deepEqual((fig.data[1] as L).y, [0, 1]);
});

test("the input shape is checked", () => {
  assert.throws(() => cascadePathChart({ path: sim.path } as never, { source: "s" }), /cascadePathChart: expected \{ path, liquidations \}/);
});
