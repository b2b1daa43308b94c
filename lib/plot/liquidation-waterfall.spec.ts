import { test } from "node:test";
import assert from "node:assert/strict";
import { liquidationWaterfallChart } from "./liquidation-waterfall";

type L = Record<string, any>;

test("Oct 10-11 by side: longs, shorts, total (CoinGlass)", () => {
  const fig = liquidationWaterfallChart(
    [
      { cohort: "shorts", usd: 2.4e9 },
      { cohort: "longs", usd: 16.7e9 },
    ],
    { source: "CoinGlass, as quoted on Binance Square" },
  );
  const w = fig.data[0] as L;
  assert.equal(w.type, "waterfall");
  assert.deepEqual(w.x, ["longs", "shorts", "total"]);
  assert.deepEqual(w.measure, ["relative", "relative", "total"]);
  assert.deepEqual(w.y, [16.7, 2.4, 0]);
  assert.deepEqual(w.text, ["$16.7bn (87 %)", "$2.4bn (13 %)", "$19.1bn (100 %)"]);
  assert.equal((fig.layout as L).yaxis.title.text, "liquidated (USD bn)");
});

test("by cohort and cause from coded columns, labels on two lines", () => {
  const fig = liquidationWaterfallChart(
    { cohort: new Uint16Array([0, 0, 1, 1]), cause: new Uint8Array([0, 1, 0, 0]), notional: [1e6, 2e6, 3e6, 4e6] },
    { by: ["cohort", "cause"], groupNames: { cohort: ["retail", "market makers"], cause: ["margin call", "ADL"] }, source: "model" },
  );
  const w = fig.data[0] as L;
  assert.deepEqual(w.x, ["market makers<br>margin call", "retail<br>ADL", "retail<br>margin call", "total"]);
  assert.deepEqual(w.hovertext[0], "market makers \u00b7 margin call");
  assert.deepEqual(w.y, [7, 2, 1, 0]);
  assert.equal((fig.layout as L).xaxis.title.text, "cohort and cause");
});

test("order: input keeps first appearance; maxSteps folds the smallest into other", () => {
  const rows = [{ cohort: "a", usd: 1 }, { cohort: "b", usd: 5 }, { cohort: "c", usd: 2 }, { cohort: "d", usd: 0.5 }];
  assert.deepEqual((liquidationWaterfallChart(rows, { order: "input", source: "s" }).data[0] as L).x, ["a", "b", "c", "d", "total"]);
  assert.deepEqual((liquidationWaterfallChart(rows, { maxSteps: 3, source: "s" }).data[0] as L).x, ["b", "c", "other (2 groups)", "total"]);
});
