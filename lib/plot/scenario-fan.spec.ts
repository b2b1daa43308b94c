import { test } from "node:test";
import assert from "node:assert/strict";
import { pathQuantiles, scenarioFanChart } from "./scenario-fan";

type L = Record<string, any>;

test("pathQuantiles interpolates between order statistics, skipping missing values", () => {
  const paths = [[1, 10], [2, NaN], [3, 30], [4, 40], [5, 50]];
  const [p5, p50, p95] = pathQuantiles(paths, [0.05, 0.5, 0.95]);
  assert.deepEqual([...p50], [3, 35]);
  assert.deepEqual([...p5].map((v) => +v.toFixed(6)), [1.2, 13]);
  assert.deepEqual([...p95].map((v) => +v.toFixed(6)), [4.8, 48.5]);
  assert.throws(() => pathQuantiles([[1, 2], [1]]), /path 1 has 1 steps but path 0 has 2/);
});

test("paths: p5-p95 and p25-p75 bands, the median, and the $80k support line", () => {
  const paths = Array.from({ length: 101 }, (_, k) => [85_000, 85_000 + (k - 50) * 100, 85_000 + (k - 50) * 200]);
  const time = ["2025-11-22", "2025-11-23", "2025-11-24"];
  const fig = scenarioFanChart({ paths, time }, { support: { value: 80_000, label: "support $80k" }, source: "Monte Carlo, 101 paths" });
  assert.deepEqual(fig.data.map((t) => [t.name, t.fill ?? "", t.showlegend ?? true]), [
    ["p5", "", false],
    ["p5\u2013p95", "tonexty", true],
    ["p25", "", false],
    ["p25\u2013p75", "tonexty", true],
    ["median", "", true],
  ]);
  const [p5, p95, , , median] = fig.data as L[];
  assert.deepEqual(median.y, [85_000, 85_000, 85_000]);
  assert.deepEqual(p5.y, [85_000, 80_500, 76_000]);
  assert.deepEqual(p95.y, [85_000, 89_500, 94_000]);
  assert.deepEqual(median.x, ["2025-11-22T00:00:00Z", "2025-11-23T00:00:00Z", "2025-11-24T00:00:00Z"]);
  const l = fig.layout as L;
  assert.deepEqual([l.shapes[0].y0, l.shapes[0].y1, l.shapes[0].line.dash], [80_000, 80_000, "dash"]);
  assert.equal(l.annotations.find((a: L) => a.text === "support $80k").y, 80_000);
  assert.equal(l.yaxis.title.text, "price (USD)");
  assert.equal(l.xaxis.title.text, "time (UTC)");
});

test("a quantile table; step numbers without times; several levels", () => {
  const table = { step: [0, 1], p5: [1, 2], p25: [2, 3], median: [3, 4], p75: [4, 5], p95: [5, 6] };
  const fig = scenarioFanChart(table, { time: "step", support: [2, 7], timeUnit: "days", source: "s" });
  assert.deepEqual((fig.data[4] as L).y, [3, 4]);
  const l = fig.layout as L;
  assert.equal(l.xaxis.title.text, "time (days)");
  assert.equal(l.shapes.length, 2);
  assert.equal(l.annotations.find((a: L) => a.y === 7).text, "support 7 USD");
  const noTime = scenarioFanChart({ paths: [[1, 2, 3]] }, { source: "s" });
  assert.deepEqual((noTime.data[4] as L).x, [0, 1, 2]);
  assert.throws(() => scenarioFanChart({ paths: [[1, 2]], time: [0] }, { source: "s" }), /time has 1 values but the paths have 2 steps/);
});
