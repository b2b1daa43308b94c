import { test } from "node:test";
import assert from "node:assert/strict";
import { liquidationMapChart } from "./liquidation-map";

type L = Record<string, any>;
const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10, 20);

test("events binned by price and time; empty cells are transparent gaps", () => {
  const events = {
    time: [T0, T0, T0 + 2 * H, T0 + 4 * H],
    price: [120_000, 120_000, 110_000, 100_000],
    usd: [1e6, 2e6, 5e6, 4e6],
  };
  const fig = liquidationMapChart(events, { timeBins: 4, priceBins: 2, source: "Hyperliquid" });
  const heat = fig.data[0] as L;
  assert.equal(heat.type, "heatmap");
  assert.equal(heat.x.length, 4);
  assert.deepEqual(heat.y, [105_000, 115_000]);
  assert.deepEqual(heat.z, [
    [null, null, null, 4],
    [3, null, 5, null],
  ]);
  assert.equal(heat.colorbar.title.text, "liquidated (USD m)");
  const l = fig.layout as L;
  assert.equal(l.xaxis.title.text, "time (UTC)");
  assert.equal(l.yaxis.title.text, "price (USD)");
});

test("a price path drawn over the map widens the bins to include it", () => {
  const fig = liquidationMapChart([{ time: T0 + H, liquidation_price: 110_000, notional: 1e6 }], {
    path: { time: [T0, T0 + 2 * H], close: [121_000, 105_000] },
    timeBins: 2,
    priceBins: 4,
    source: "s",
  });
  assert.deepEqual(fig.data.map((t) => t.type), ["heatmap", "scatter"]);
  assert.deepEqual((fig.data[1] as L).y, [121_000, 105_000]);
  assert.deepEqual((fig.data[0] as L).y, [107_000, 111_000, 115_000, 119_000]);
});
