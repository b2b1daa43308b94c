import { test } from "node:test";
import assert from "node:assert/strict";
import { drawdownChart } from "./drawdown";
import { drawdown } from "../analytics/drawdown";
import { Frame } from "../frame";

type L = Record<string, any>;
const DAY = 86_400_000;

test("drawdown from the running high, the deepest point labelled", () => {
  const t = [0, 1, 2, 3, 4, 5].map((d) => Date.UTC(2025, 9, 6) + d * DAY);
  const fig = drawdownChart({ time: t, close: [100, 120, 90, 110, 60, 130] }, { source: "test" });
  assert.deepEqual(fig.data.map((d) => d.name), ["price", "running high", "drawdown"]);
  const [price, high, dd] = fig.data as L[];
  assert.deepEqual(price.y, [100, 120, 90, 110, 60, 130]);
  assert.deepEqual(high.y, [100, 120, 120, 120, 120, 130]);
  assert.deepEqual(dd.y, [0, 0, -25, -8.33, -50, 0]);
  assert.equal(dd.yaxis, "y2");
  assert.equal(dd.fill, "tozeroy");
  const l = fig.layout as L;
  assert.equal(l.yaxis.title.text, "price (USD)");
  assert.equal(l.yaxis2.title.text, "drawdown (%)");
  assert.equal(l.xaxis.title.text, "time (UTC)");
  const note = l.annotations.find((a: L) => a.name === "deepest");
  assert.equal(note.x, "2025-10-10T00:00:00Z");
  assert.equal(note.text, "\u221250 % (close to close): 60 on 2025-10-10<br>from the high of 120 on 2025-10-07");
});

test("with highs and lows: the article's -36 % from 126,287 to 80,562 (facts sheet C2)", () => {
  // Observed daily candles: the all-time high day and the Nov 21 low day, with days around them.
  const rows = [
    { time: "2025-10-05", high: 125_748.81, low: 122_213.36, close: 123_535.21 },
    { time: "2025-10-06", high: 126_287.29, low: 123_143.47, close: 124_723.0 },
    { time: "2025-10-10", high: 122_586.57, low: 105_833.75, close: 112_998.91 },
    { time: "2025-11-20", high: 93_082.73, low: 86_019.03, close: 86_553.58 },
    { time: "2025-11-21", high: 87_404.99, low: 80_562.05, close: 85_087.62 },
    { time: "2025-11-22", high: 85_562.12, low: 83_462.76, close: 84_696.98 },
  ];
  const fig = drawdownChart(rows, { high: "high", low: "low", name: "BTC-USD", source: "CryptoCompare daily OHLC" });
  const note = (fig.layout as L).annotations.find((a: L) => a.name === "deepest");
  assert.equal(note.text, "\u221236.2 % (high to low): 80,562 on 2025-11-21<br>from the high of 126,287 on 2025-10-06");
});

test("showPrice: false draws the drawdown alone; step numbers make a linear axis", () => {
  const fig = drawdownChart({ step: [0, 1, 2], price: [10, 8, 9] }, { time: "step", showPrice: false, source: "test" });
  assert.equal(fig.data.length, 1);
  const l = fig.layout as L;
  assert.equal((fig.data[0] as L).yaxis, "y");
  assert.equal(l.xaxis.type, "linear");
  assert.equal(l.yaxis.title.text, "drawdown (%)");
  assert.equal(l.yaxis2, undefined);
});

test("a series with no values is an error", () => {
  assert.throws(() => drawdownChart({ time: [0], close: [NaN] }, { source: "s" }), /drawdownChart: the prices have no values that are not missing/);
});

test("one drawdown, one answer: by default the chart measures what drawdown() measures, and says which", () => {
  // days of the facts sheet (C2): from highs to lows the fall is 36.2 %, from these closes 32.1 %
  const daily = Frame.fromColumns(
    {
      time: ["2025-10-06", "2025-10-10", "2025-11-21", "2025-11-22"],
      high: [126_287.29, 122_586.57, 87_404.99, 85_562.12],
      low: [123_143.47, 105_833.75, 80_562.05, 83_462.76],
      close: [124_723.0, 112_998.91, 85_087.62, 84_696.98],
    },
    { types: { time: "time" } },
  );
  const deepest = (fig: ReturnType<typeof drawdownChart>) => (fig.layout as L).annotations.find((a: L) => a.name === "deepest");
  const chart = deepest(drawdownChart(daily, { source: "test" }));
  assert.equal(chart.y, -Math.round(drawdown(daily).depth * 1e4) / 100);
  assert.match(chart.text, /^\u221236\.2 % \(high to low\): 80,562 on 2025-11-21/);
  // closes only, when asked, in both
  const closes = deepest(drawdownChart(daily, { high: "close", low: "close", source: "test" }));
  assert.equal(closes.y, -Math.round(drawdown(daily, { high: "close", low: "close" }).depth * 1e4) / 100);
  assert.match(closes.text, /^\u221232\.1 % \(close to close\)/);
});
