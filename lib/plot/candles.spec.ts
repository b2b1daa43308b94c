import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../frame";
import { candlesChart } from "./candles";
import { sourceOf } from "./figure";

type L = Record<string, any>;
const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10, 19);

// Oct 10, 2025 around the crash hour (21:00 UTC), hourly.
const candles = {
  time: [T0, T0 + H, T0 + 2 * H, T0 + 3 * H],
  open: [121_000, 120_500, 118_000, 110_000],
  high: [121_500, 120_800, 118_400, 113_000],
  low: [120_300, 117_900, 105_834, 109_500],
  close: [120_500, 118_000, 110_000, 112_800],
  volume: [900, 1_400, 5_200, 2_100],
};

test("candles, volume and liquidation markers, with titled axes and the source", () => {
  const liquidations = [
    { time: T0 + 2 * H + 60_000, usd: 3.2e9, side: "long" },
    { time: T0 + 2 * H + 120_000, usd: 0.8e9, side: "sell" },
    { time: T0 + 3 * H + 5_000, usd: 0.5e9, side: "short" },
    { time: T0 + 10 * H, usd: 1e9, side: "long" }, // after the last bar: not drawn
  ];
  const fig = candlesChart(candles, { name: "BTC-USD", volumeUnit: "BTC", liquidations, source: "Binance BTCUSDT via ccxt; CoinGlass" });
  assert.deepEqual(fig.data.map((t) => [t.type, t.name]), [
    ["candlestick", "BTC-USD"],
    ["bar", "volume"],
    ["scatter", "longs liquidated"],
    ["scatter", "shorts liquidated"],
  ]);
  const [c, v, longs, shorts] = fig.data as L[];
  assert.deepEqual(c.x, ["2025-10-10T19:00:00Z", "2025-10-10T20:00:00Z", "2025-10-10T21:00:00Z", "2025-10-10T22:00:00Z"]);
  assert.deepEqual(c.low, candles.low);
  assert.deepEqual(v.y, candles.volume);
  assert.equal(v.yaxis, "y2");
  assert.deepEqual(longs.x, ["2025-10-10T21:00:00Z"]);
  assert.deepEqual(longs.y, [105_834], "longs are marked at the bar's low");
  assert.deepEqual(longs.customdata, [4e9]);
  assert.equal(longs.marker.size[0], 28, "the largest bar gets the largest marker");
  assert.deepEqual(shorts.y, [113_000], "shorts at the bar's high");
  const l = fig.layout as L;
  assert.equal(l.title.text, "BTC-USD candles");
  assert.equal(l.xaxis.title.text, "time (UTC)");
  assert.equal(l.xaxis.rangeslider.visible, false);
  assert.equal(l.yaxis.title.text, "price (USD)");
  assert.equal(l.yaxis2.title.text, "volume (BTC)");
  assert.equal(sourceOf(fig), "Source: Binance BTCUSDT via ccxt; CoinGlass");
});

test("no volume column, or volume: null, means no volume panel; a Frame works", () => {
  const { volume: _v, ...noVolume } = candles;
  const fig = candlesChart(noVolume, { source: "s" });
  assert.deepEqual(fig.data.map((t) => t.type), ["candlestick"]);
  assert.equal((fig.layout as L).yaxis2, undefined);
  const frame = Frame.fromColumns(candles, { types: { time: "time" } });
  assert.equal(candlesChart(frame, { source: "s", volume: null }).data.length, 1);
  assert.equal(candlesChart(frame, { source: "s" }).data.length, 2);
});

test("liquidations without a side column are one series at the lows", () => {
  const fig = candlesChart(candles, { source: "s", liquidations: { time: [T0 + 30_000], notional: [5e6] } });
  const marks = fig.data[2] as L;
  assert.equal(marks.name, "liquidations");
  assert.deepEqual(marks.y, [120_300]);
});

test("more rows than maxCandles are merged into OHLC bars", () => {
  const fig = candlesChart(candles, { source: "s", maxCandles: 2, name: "BTC" });
  const c = fig.data[0] as L;
  assert.equal(c.name, "BTC (2 rows per bar)");
  assert.deepEqual(c.high, [121_500, 118_400]);
  assert.deepEqual(c.low, [117_900, 105_834]);
  assert.deepEqual((fig.data[1] as L).y, [2_300, 7_300]);
});

test("a missing column names the option", () => {
  assert.throws(() => candlesChart({ time: [0], close: [1] }, { source: "s" }), /candlesChart: the candles have no column "open" \(option open\); their columns are: time, close/);
  assert.throws(() => candlesChart(candles, { source: "s", liquidations: [{ time: 0, amount: 1 }] }), /the liquidations have none of the columns "usd", "notional", "size_usd", "size", "value"; name the column with the option liquidationSize/);
});
