// Proof on real data: the analytics against real BTC hourly bars, and the snapshot's observed
// daily candles and reconstructed hours beside them. The data lives outside the repository;
// without it this says so once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { readCsv } from "../csv";
import { drawdown } from "./drawdown";
import { correlation } from "./correlation";
import { returns } from "./returns";
import { snapshot } from "../data/snapshot/index";
import { BTC_DAILY } from "../data/snapshot/btc-daily";
import { referenceFile } from "./reference-data";

const path = referenceFile("btc_hourly_2025-08-31_2025-11-22.csv", __dirname);
const DAY = 86_400_000;
const dayMs = (date: string) => Date.parse(date + "T00:00:00Z");

test("real BTC hourly bars: drawdown finds the 126,287.29 peak, the 80,562.05 trough, 36.2 % in 46 days", (t) => {
  if (!path) return t.diagnostic("reference data not present");
  const bars = readCsv(path);
  assert.equal(bars.length, 2016);
  const dd = drawdown(bars);
  assert.equal(dd.peak, 126287.29);
  assert.equal((dd.peakAt as Date).toISOString().slice(0, 10), "2025-10-06");
  assert.equal(dd.trough, 80562.05);
  assert.equal((dd.troughAt as Date).toISOString().slice(0, 13), "2025-11-21T12");
  assert.equal(+(dd.depth * 100).toFixed(1), 36.2);
  assert.equal(Math.round(dd.days), 46);
});

test("the embedded daily rows are the real daily file's, to the cent, and stop where its OHLC stops", () => {
  if (!path) return; // said once above
  const file = readCsv(join(dirname(path), "btc_daily_2025q4.csv"), { types: { date: "time", ohlc_note: "string" } });
  const dates = file.numbers("date");
  const [o, h, l, c, v] = ["open", "high", "low", "close", "volume_btc"].map((n) => file.numbers(n));
  const note = file.strings("ohlc_note");
  const row = new Map([...dates].map((d, i) => [d, i]));
  for (const d of BTC_DAILY) {
    const i = row.get(dayMs(d.date));
    assert.ok(i !== undefined, d.date);
    assert.deepEqual([d.open, d.high, d.low, d.close], [o[i], h[i], l[i], c[i]], d.date);
    assert.ok(Math.abs(d.volume - v[i]) <= 0.5, `${d.date}: volume ${d.volume} vs ${v[i]} (published to the whole coin)`);
    assert.equal(Boolean(d.lastHourPartial), note[i] === "h23_partial", `${d.date}: last-hour flag`);
  }
  // Past the last embedded day the file has no OHLC either: nothing later is presented as observed.
  const last = dayMs(BTC_DAILY[BTC_DAILY.length - 1].date);
  for (let i = 0; i < file.length; i++) if (dates[i] > last) assert.ok(Number.isNaN(o[i]), `the file has an open after ${BTC_DAILY[BTC_DAILY.length - 1].date}`);
});

test("the embedded daily rows are the real hourly bars aggregated to UTC days (close: the next day's open)", () => {
  if (!path) return; // said once above
  const real = readCsv(path);
  const rt = real.numbers("time_unix"), ro = real.numbers("open"), rh = real.numbers("high"), rl = real.numbers("low"), rc = real.numbers("close"), rv = real.numbers("volume_btc");
  for (const d of BTC_DAILY) {
    const from = dayMs(d.date);
    const idx = [...rt.keys()].filter((i) => rt[i] >= from && rt[i] < from + DAY);
    assert.equal(idx.length, 24, d.date);
    const next = rt.indexOf(from + DAY);
    // The day closes at the index at the next 00:00 (the next bar's open), or the last bar's close at the file's end.
    const close = next >= 0 ? ro[next] : rc[idx[23]];
    const volume = idx.reduce((s, i) => s + rv[i], 0);
    assert.deepEqual([d.open, d.high, d.low, d.close], [ro[idx[0]], Math.max(...idx.map((i) => rh[i])), Math.min(...idx.map((i) => rl[i])), close], d.date);
    assert.ok(Math.abs(d.volume - volume) <= 0.51, `${d.date}: volume ${d.volume} vs ${volume}`);
  }
});

test("the snapshot beside the real bars: daily returns the same, hourly returns reconstructed (reported)", (t) => {
  if (!path) return; // said once above
  const real = readCsv(path);
  const rt = real.numbers("time_unix"), ro = real.numbers("open"), rc = real.numbers("close");
  const s = snapshot();
  const st = s.candles.numbers("time");
  const offset = rt.indexOf(st[0]);
  assert.ok(offset >= 0);
  // Real daily closes: the index at each next 00:00 UTC, as the daily rows define them.
  const realDaily = BTC_DAILY.map((d) => {
    const next = rt.indexOf(dayMs(d.date) + DAY);
    return next >= 0 ? ro[next] : rc[rt.indexOf(dayMs(d.date) + 23 * 3_600_000)];
  });
  const dailyMoves = correlation(returns(Float64Array.from(realDaily)), returns(s.candles.resample("1d")));
  const realHourly = rc.subarray(offset, offset + s.candles.length);
  assert.equal(realHourly.length, s.candles.length);
  const hourlyMoves = correlation(returns(realHourly), returns(s.candles));
  const levels = correlation(realHourly, s.candles.numbers("close"));
  t.diagnostic(`daily returns, snapshot vs real: correlation ${dailyMoves.toFixed(6)} (observed days: should be 1)`);
  t.diagnostic(`hourly returns, reconstructed vs real: correlation ${hourlyMoves.toFixed(3)}; hourly close levels ${levels.toFixed(3)} (not asserted: the hours inside each day are drawn, not real)`);
  assert.ok(dailyMoves === dailyMoves && hourlyMoves === hourlyMoves);
});
