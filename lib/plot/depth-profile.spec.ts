import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../frame";
import { depthProfileChart } from "./depth-profile";

type L = Record<string, any>;
const bands = (scale: number, askScale = scale) =>
  [0.005, 0.01, 0.02, 0.05, 0.1].map((band, i) => ({ band, bid: [15.5e6, 20e6, 27e6, 40e6, 55e6][i] * scale, ask: [14e6, 19e6, 26e6, 41e6, 60e6][i] * askScale }));

test("before and after: bids left of the mid, asks right, the last profile labelled with its change", () => {
  const fig = depthProfileChart({ before: bands(1), after: bands(0.02, 0.5) }, { source: "CoinDesk Research" });
  assert.deepEqual(fig.data.map((t) => [t.type, t.name]), [["bar", "before"], ["bar", "after"]]);
  const [before, after] = fig.data as L[];
  assert.deepEqual(before.x, ["\u221210 %", "\u22125 %", "\u22122 %", "\u22121 %", "\u22120.5 %", "+0.5 %", "+1 %", "+2 %", "+5 %", "+10 %"]);
  assert.deepEqual(before.y, [55, 40, 27, 20, 15.5, 14, 19, 26, 41, 60], "in USD m");
  assert.equal(before.text, undefined);
  assert.deepEqual(after.text, ["\u221298 %", "\u221298 %", "\u221298 %", "\u221298 %", "\u221298 %", "\u221250 %", "\u221250 %", "\u221250 %", "\u221250 %", "\u221250 %"]);
  assert.equal(after.customdata[3], "$400k");
  const l = fig.layout as L;
  assert.equal(l.yaxis.title.text, "cumulative depth (USD m)");
  assert.equal(l.xaxis.title.text, "distance from the mid: bids left, asks right (%)");
  assert.equal(l.shapes[0].x0, 4.5, "the mid line sits between the bid and ask bands");
  assert.deepEqual(l.xaxis.categoryarray, before.x);
});

test("one table split by a column; total depth only gives one-sided bands in percent", () => {
  const depth = Frame.fromRecords([
    { when: "before", band_pct: 0.5, depth_usd: 15.5e6 },
    { when: "after", band_pct: 0.5, depth_usd: 10e6 },
    { when: "before", band_pct: 1, depth_usd: 20e6 },
    { when: "after", band_pct: 1, depth_usd: 14e6 },
  ]);
  const fig = depthProfileChart(depth, { by: "when", source: "CoinDesk Research" });
  const [before, after] = fig.data as L[];
  assert.equal(before.name, "before");
  assert.deepEqual(before.x, ["\u00b10.5 %", "\u00b11 %"]);
  assert.deepEqual(after.y, [10, 14]);
  assert.deepEqual(after.text, ["\u221235 %", "\u221230 %"]);
  assert.equal((fig.layout as L).xaxis.title.text, "band around the mid (%)");
  assert.deepEqual((fig.layout as L).shapes, []);
});

test("profiles as an array; a single table is one profile; too many bands is refused", () => {
  const fig = depthProfileChart([{ name: "Oct 6", bands: bands(1) }], { source: "s" });
  assert.equal(fig.data.length, 1);
  assert.equal(depthProfileChart(bands(1), { source: "s" }).data[0].name, "depth");
  const many = Array.from({ length: 100 }, (_, i) => ({ band_pct: i + 1, bid: 1, ask: 1 }));
  assert.throws(() => depthProfileChart(many, { source: "s" }), /depthProfileChart: 100 distinct bands; a depth profile shows a handful/);
});
