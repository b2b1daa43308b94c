import { test } from "node:test";
import assert from "node:assert/strict";
import { mnavChart } from "./mnav";

type L = Record<string, any>;
const DAY = 86_400_000;

test("a line per company against a dashed line at 1, the region below shaded", () => {
  const points = [];
  for (let d = 0; d < 3; d++) {
    points.push({ date: Date.UTC(2025, 10, 1) + d * DAY, company: "Strategy", mnav: [1.1, 1.04, 0.98][d] });
    points.push({ date: Date.UTC(2025, 10, 1) + d * DAY, company: "Metaplanet", mnav: [0.99, 0.96, 0.93][d] });
  }
  const fig = mnavChart(points, { source: "company filings" });
  assert.deepEqual(fig.data.map((t) => [t.name, t.mode]), [["Strategy", "lines+markers"], ["Metaplanet", "lines+markers"]]);
  assert.deepEqual((fig.data[1] as L).y, [0.99, 0.96, 0.93]);
  assert.deepEqual((fig.data[0] as L).x[0], "2025-11-01T00:00:00Z");
  const l = fig.layout as L;
  const [shade, one] = l.shapes;
  assert.equal(shade.type, "rect");
  assert.equal(shade.y1, 1);
  assert.equal(shade.y0, l.yaxis.range[0]);
  assert.equal(one.type, "line");
  assert.deepEqual([one.y0, one.y1, one.line.dash], [1, 1, "dash"]);
  assert.ok(l.yaxis.range[0] < 0.93 && l.yaxis.range[1] > 1.1);
  assert.equal(l.yaxis.title.text, "mNAV (x coin value)");
  assert.equal(l.xaxis.title.text, "time (UTC)");
});

test("one date for all: a dot per company, the date in the axis title (the snapshot's Nov 2025 table)", () => {
  const fig = mnavChart(
    [
      { month: "2025-11", company: "Strategy", basis: "market cap", mnav: 0.98 },
      { month: "2025-11", company: "BitMine", basis: "basic", mnav: 0.77 },
    ],
    { company: ["company", "basis"], source: "public reporting" },
  );
  assert.deepEqual(fig.data.map((t) => (t as L).x[0]), ["Strategy \u00b7 market cap", "BitMine \u00b7 basic"]);
  assert.deepEqual((fig.data[1] as L).text, ["0.77x"]);
  assert.equal((fig.layout as L).xaxis.title.text, "company (2025-11)");
});

test("too many companies is an error asking to filter", () => {
  const points = Array.from({ length: 40 }, (_, i) => ({ time: Date.UTC(2025, 10, 1), company: `c${i}`, mnav: 1 }));
  assert.throws(() => mnavChart(points, { source: "s" }), /mnavChart: 40 companies is more lines than a chart can show/);
});
