import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "./frame";
import { defaultAggregation, resample } from "./resample";
import { seededRandom } from "./random";

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2025, 9, 6); // a Monday

/** Seeded hourly candles: a random walk with consistent OHLC. */
function hourly(n: number, seed = 1): Frame {
  const random = seededRandom(seed);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let price = 120_000;
  for (let i = 0; i < n; i++) {
    time[i] = T0 + i * H;
    open[i] = price;
    price *= 1 + (random() - 0.5) * 0.02;
    close[i] = price;
    high[i] = Math.max(open[i], close[i]) * (1 + random() * 0.005);
    low[i] = Math.min(open[i], close[i]) * (1 - random() * 0.005);
    volume[i] = Math.round(random() * 1000);
  }
  return Frame.fromColumns({ time, open, high, low, close, volume }, { types: { time: "time" } });
}

test("default rules: open first, high max, low min, close last, volumes summed, others last", () => {
  assert.equal(defaultAggregation("open"), "first");
  assert.equal(defaultAggregation("High"), "max");
  assert.equal(defaultAggregation("low"), "min");
  assert.equal(defaultAggregation("close"), "last");
  for (const v of ["volume", "volume_btc", "volume_usd", "quote_volume", "baseVolume", "trades"]) assert.equal(defaultAggregation(v), "sum", v);
  assert.equal(defaultAggregation("funding_rate"), "last");
  assert.equal(defaultAggregation("open_time"), "first");
});

test("hourly to 4h and 1d candles follow the OHLCV rules", () => {
  const h = hourly(48);
  for (const [tf, size] of [["4h", 4], ["1d", 24]] as const) {
    const r = h.resample(tf);
    assert.equal(r.length, 48 / size);
    for (let k = 0; k < r.length; k++) {
      const rows = h.slice(k * size, (k + 1) * size);
      assert.equal(r.numbers("time")[k], T0 + k * size * H);
      assert.equal(r.numbers("open")[k], rows.numbers("open")[0]);
      assert.equal(r.numbers("high")[k], Math.max(...rows.numbers("high")));
      assert.equal(r.numbers("low")[k], Math.min(...rows.numbers("low")));
      assert.equal(r.numbers("close")[k], rows.numbers("close")[size - 1]);
      assert.equal(r.numbers("volume")[k], rows.numbers("volume").reduce((a, b) => a + b, 0));
    }
    assert.deepEqual(r.schema, h.schema);
  }
});

test("weeks open on Monday, months on the 1st; empty buckets are left out", () => {
  const h = hourly(24 * 40);
  const w = h.resample("1w");
  assert.deepEqual([...w.numbers("time")].map((t) => new Date(t).getUTCDay()), [1, 1, 1, 1, 1, 1]);
  assert.equal(w.numbers("time")[0], T0);
  const m = h.resample("1M");
  assert.deepEqual([...m.numbers("time")], [Date.UTC(2025, 9, 1), Date.UTC(2025, 10, 1)]);
  const gappy = h.filter((_r, i) => i < 24 || i >= 72); // day 2 and 3 missing
  assert.deepEqual([...gappy.resample("1d").numbers("time")].slice(0, 3), [T0, T0 + 3 * D, T0 + 4 * D]);
});

test("rules override defaults; missing values are skipped; strings take first or last", () => {
  const f = Frame.fromColumns(
    { time: [T0, T0 + 1000, T0 + 2000, T0 + H], price: [NaN, 2, 3, NaN], size: [1, NaN, 2, NaN], venue: ["a", null, "b", null] },
    { types: { time: "time" } },
  );
  const r = resample(f, "1h", { rules: { price: "mean", size: "count", venue: "first" } });
  assert.deepEqual([...r.numbers("price")], [2.5, NaN]);
  assert.deepEqual([...r.numbers("size")], [2, 0]);
  assert.deepEqual(r.strings("venue"), ["a", null]);
  assert.deepEqual([...resample(f, "1h").numbers("price")], [3, NaN]);
  assert.throws(() => resample(f, "1h", { rules: { venue: "sum" } }), /rule "sum" does not apply to the string column "venue"/);
  assert.throws(() => resample(f, "1h", { rules: { nope: "sum" } }), /no column "nope"/);
});

test("resample refuses unsorted or timeless frames with a fix in the message", () => {
  const h = hourly(5);
  assert.throws(() => h.sort("time", { descending: true }).resample("1d"), /not sorted \(row 1 is earlier than row 0\); sort the frame first: frame.sort\("time"\)/);
  assert.throws(() => Frame.fromColumns({ x: [1] }).resample("1d"), /needs a time column; the columns are: x \(number\)/);
  assert.throws(() => h.resample("1d", { on: "close" }), /"close" is a number column, not a time column/);
  assert.throws(() => h.resample("1y"), /unknown timeframe/);
  assert.throws(() => Frame.fromColumns({ t: [NaN] }, { types: { t: "time" } }).resample("1d"), /row 0 has no time/);
});
