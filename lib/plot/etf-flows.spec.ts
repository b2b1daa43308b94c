import { test } from "node:test";
import assert from "node:assert/strict";
import { etfFlowChart } from "./etf-flows";

type L = Record<string, any>;
const day = (d: number) => Date.UTC(2025, 10, d);

test("daily bars coloured by sign, the cumulative line on a second axis, the record outflow labelled", () => {
  const flows = { time: [day(18), day(14), day(17), day(19)], flow_usd: [-523.15e6, -463.1e6, 200e6, 60e6] };
  const fig = etfFlowChart(flows, { name: "IBIT", source: "public reporting" });
  const [bars, cum] = fig.data as L[];
  assert.deepEqual(bars.x, ["2025-11-14T00:00:00Z", "2025-11-17T00:00:00Z", "2025-11-18T00:00:00Z", "2025-11-19T00:00:00Z"], "sorted by time");
  assert.deepEqual(bars.y, [-463.1, 200, -523.15, 60]);
  assert.deepEqual(bars.marker.color, ["#e5484d", "#2e9e44", "#e5484d", "#2e9e44"]);
  assert.equal(cum.yaxis, "y2");
  assert.deepEqual(cum.y.map((v: number) => Math.round(v * 100) / 100), [-463.1, -263.1, -786.25, -726.25]);
  const l = fig.layout as L;
  assert.equal(l.yaxis.title.text, "daily net flow (USD m)");
  assert.equal(l.yaxis2.title.text, "cumulative flow (USD m)");
  assert.equal(l.yaxis2.overlaying, "y");
  const note = l.annotations.find((a: L) => a.name === "largest-outflow");
  assert.equal(note.text, "largest outflow: \u2212$523.2m (2025-11-18)");
  assert.equal(note.x, "2025-11-18T00:00:00Z");
  // Zero at the same height on both axes.
  const share = ([lo, hi]: number[]) => -lo / (hi - lo);
  assert.ok(Math.abs(share(l.yaxis.range) - share(l.yaxis2.range)) < 1e-9);
});

test("more rows than maxBars are summed into buckets; the running total ends exact", () => {
  const n = 10;
  const fig = etfFlowChart({ date: Array.from({ length: n }, (_, i) => day(1 + i)), flow: Array.from({ length: n }, (_, i) => (i % 2 ? -1e6 : 3e6)) }, { maxBars: 3, markLargestOutflow: false, source: "s" });
  const [bars, cum] = fig.data as L[];
  assert.equal(bars.x.length, 3);
  assert.equal(bars.name, "net flow (sum of 4 rows)");
  assert.deepEqual(bars.y, [4, 4, 2]);
  assert.equal(cum.y.at(-1), 10);
  assert.deepEqual((fig.layout as L).annotations.filter((a: L) => a.name !== "source"), []);
});
