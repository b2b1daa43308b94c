import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../frame";
import { crossAssetChart } from "./cross-asset";

type L = Record<string, any>;

test("Nov 21, 2025: bars of % change by asset, largest fall first, labelled (the article, A5 and A8)", () => {
  const fig = crossAssetChart({ "Nikkei 225": -2.4, KOSPI: -3.78, "spot gold": -1.2, "S&P 500": 0.98, "Hang Seng": -2.38 }, { title: "Nov 21, 2025", source: "Techub News; Bloomberg" });
  const bars = fig.data[0] as L;
  assert.equal(bars.orientation, "h");
  assert.deepEqual(bars.y, ["KOSPI", "Nikkei 225", "Hang Seng", "spot gold", "S&P 500"]);
  assert.deepEqual(bars.x, [-3.78, -2.4, -2.38, -1.2, 0.98]);
  assert.deepEqual(bars.text, ["\u22123.78 %", "\u22122.4 %", "\u22122.38 %", "\u22121.2 %", "+0.98 %"]);
  assert.deepEqual(bars.marker.color, ["#e5484d", "#e5484d", "#e5484d", "#e5484d", "#2e9e44"]);
  const l = fig.layout as L;
  assert.equal(l.xaxis.title.text, "change (%)");
  assert.equal(l.yaxis.autorange, "reversed");
  assert.ok(l.xaxis.range[0] < -3.78 && l.xaxis.range[1] > 0.98, "room for the labels");
});

test("a table: several label columns joined, a repeated asset numbered, missing changes left out", () => {
  const moves = Frame.fromRecords([
    { asset: "KOSPI", period: "day", change_pct: -3.78 },
    { asset: "KOSPI", period: "day", change_pct: -3.8 },
    { asset: "KOSPI", period: "week", change_pct: -3.95 },
    { asset: "BTC", period: "day", change_pct: NaN },
  ]);
  const bars = crossAssetChart(moves, { asset: ["asset", "period"], sort: "input", source: "s" }).data[0] as L;
  assert.deepEqual(bars.y, ["KOSPI \u00b7 day", "KOSPI \u00b7 day (2)", "KOSPI \u00b7 week"]);
});

test("more assets than maxAssets: the largest moves are kept and the rest counted", () => {
  const fig = crossAssetChart({ a: -1, b: -5, c: 2, d: 0.1 }, { maxAssets: 2, source: "s" });
  assert.deepEqual((fig.data[0] as L).y, ["b", "c"]);
  assert.equal((fig.layout as L).annotations.at(-1).text, "2 smaller moves not shown");
});
