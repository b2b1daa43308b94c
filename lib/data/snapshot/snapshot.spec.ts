import { test } from "node:test";
import assert from "node:assert/strict";
import { snapshot } from "./index";
import { reconstructCandles } from "./reconstruct";
import { BTC_DAILY, BTC_EXTREME_HOURS, type DailyCandle } from "./btc-daily";
import { drawdown } from "../../analytics/drawdown";
import type { Frame } from "../../frame";
import { validate } from "../schema";
import { SCHEMAS } from "../schemas";

const H = 3_600_000;
const DAY = 86_400_000;
const dayMs = (date: string) => Date.parse(date + "T00:00:00Z");

interface Aggregate {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  highHour: number;
  lowHour: number;
  /** The highest high and lowest low of the bars before 23:00. */
  highTo22: number;
  lowTo22: number;
  bars: number;
}

/** Each UTC day of hourly candles aggregated: open, high, low, close, volume, the hours of the extremes. */
function aggregate(candles: Frame): Map<number, Aggregate> {
  const t = candles.numbers("time"), o = candles.numbers("open"), h = candles.numbers("high"), l = candles.numbers("low"), c = candles.numbers("close"), v = candles.numbers("volume");
  const days = new Map<number, Aggregate>();
  for (let i = 0; i < candles.length; i++) {
    const d = Math.floor(t[i] / DAY) * DAY;
    const hour = (t[i] - d) / H;
    let day = days.get(d);
    if (!day) days.set(d, (day = { open: o[i], high: -Infinity, low: Infinity, close: NaN, volume: 0, highHour: -1, lowHour: -1, highTo22: -Infinity, lowTo22: Infinity, bars: 0 }));
    if (h[i] > day.high) (day.high = h[i]), (day.highHour = hour);
    if (l[i] < day.low) (day.low = l[i]), (day.lowHour = hour);
    if (hour < 23) (day.highTo22 = Math.max(day.highTo22, h[i])), (day.lowTo22 = Math.min(day.lowTo22, l[i]));
    day.close = c[i];
    day.volume += v[i];
    day.bars++;
  }
  return days;
}

/** The days whose published close lies outside the published range (under-sampled last hour). */
const outside = (d: DailyCandle) => d.close > d.high || d.close < d.low;

/** Every observed day met: open and close exactly, high and low exactly (the close where it lies outside them), volume summed. */
function assertDaysMet(candles: Frame, label: string) {
  const days = aggregate(candles);
  assert.equal(days.size, BTC_DAILY.length, label);
  for (const d of BTC_DAILY) {
    const a = days.get(dayMs(d.date))!;
    assert.equal(a.bars, 24, `${label} ${d.date}`);
    const expected = [d.open, Math.max(d.high, d.close), Math.min(d.low, d.close), d.close];
    assert.deepEqual([a.open, a.high, a.low, a.close], expected, `${label} ${d.date}`);
    // Where the close lies outside, the bars before 23:00 still meet the published high and low exactly.
    if (outside(d)) assert.deepEqual([a.highTo22, a.lowTo22], [d.high, d.low], `${label} ${d.date}: before 23:00 the bars stay in the published range`);
    assert.ok(Math.abs(a.volume / d.volume - 1) <= 1e-6, `${label} ${d.date}: volume ${a.volume} vs ${d.volume}`);
  }
}

test("the embedded daily table: 83 days, each opening at the previous close, three closes above the high on under-sampled days", () => {
  assert.equal(BTC_DAILY.length, 83);
  assert.equal(BTC_DAILY[0].date, "2025-09-01");
  assert.equal(BTC_DAILY[82].date, "2025-11-22");
  for (let i = 1; i < BTC_DAILY.length; i++) {
    assert.equal(dayMs(BTC_DAILY[i].date) - dayMs(BTC_DAILY[i - 1].date), DAY, BTC_DAILY[i].date);
    assert.equal(BTC_DAILY[i].open, BTC_DAILY[i - 1].close, BTC_DAILY[i].date);
  }
  assert.equal(BTC_DAILY.filter((d) => d.lastHourPartial).length, 59);
  assert.deepEqual(BTC_DAILY.filter(outside).map((d) => [d.date, d.lastHourPartial]), [["2025-09-11", true], ["2025-09-28", true], ["2025-10-01", true]]);
  const at = (date: string) => BTC_DAILY.find((d) => d.date === date)!;
  assert.deepEqual(at("2025-10-06"), { date: "2025-10-06", open: 123535.21, high: 126287.29, low: 123143.47, close: 124723.0, volume: 27105, lastHourPartial: true });
  assert.deepEqual(at("2025-11-21"), { date: "2025-11-21", open: 86553.58, high: 87404.99, low: 80562.05, close: 85087.62, volume: 89137 });
  assert.equal(Math.max(...BTC_DAILY.map((d) => d.high)), 126287.29);
  assert.equal(Math.min(...BTC_DAILY.map((d) => d.low)), 80562.05);
});

test("hourly candles meet every observed day: open, high, low, close to the cent, volume summed", () => {
  const candles = reconstructCandles();
  assert.equal(candles.length, 83 * 24);
  assert.deepEqual(candles.columns, ["time", "open", "high", "low", "close", "volume"]);
  assertDaysMet(candles, "seed 20251010");
  // The three under-sampled days whose close lies above the high: the 23:00 bar carries it.
  const days = aggregate(candles);
  for (const date of ["2025-09-11", "2025-09-28", "2025-10-01"]) assert.equal(days.get(dayMs(date))!.highHour, 23, date);
});

test("the published crash hours: the all-time high at 18:00 on Oct 6, the 1011 low at 21:00 on Oct 10, the cycle low at 12:00 on Nov 21", () => {
  const c = reconstructCandles();
  const t = c.numbers("time"), h = c.numbers("high"), l = c.numbers("low");
  const barAt = (iso: string) => t.indexOf(Date.parse(iso));
  assert.equal(h[barAt("2025-10-06T18:00:00Z")], 126287.29);
  assert.equal(l[barAt("2025-10-10T21:00:00Z")], 105833.75);
  assert.equal(l[barAt("2025-11-21T12:00:00Z")], 80562.05);
  const days = aggregate(c);
  assert.deepEqual([days.get(dayMs("2025-10-06"))!.highHour, days.get(dayMs("2025-10-10"))!.lowHour, days.get(dayMs("2025-11-21"))!.lowHour], [18, 21, 12]);
  // One bar holds each extreme of the window.
  assert.equal(h.filter((x) => x === 126287.29).length, 1);
  assert.equal(l.filter((x) => x === 80562.05).length, 1);
  assert.ok(Math.max(...h) === 126287.29 && Math.min(...l) === 80562.05);
  assert.equal(BTC_EXTREME_HOURS.length, 3);
});

test("hourly bars are consistent and continuous: each opens at the previous close, every hour present", () => {
  const c = reconstructCandles();
  const t = c.numbers("time"), o = c.numbers("open"), h = c.numbers("high"), l = c.numbers("low"), cl = c.numbers("close"), v = c.numbers("volume");
  assert.equal(t[0], Date.parse("2025-09-01T00:00:00Z"));
  for (let i = 0; i < c.length; i++) {
    assert.ok(h[i] >= Math.max(o[i], cl[i]) && l[i] <= Math.min(o[i], cl[i]) && l[i] > 0, `bar ${i}`);
    assert.ok(v[i] > 0, `bar ${i} volume`);
    for (const x of [o[i], h[i], l[i], cl[i]]) assert.equal(Math.round(x * 100) / 100, x, `bar ${i}: whole cents`);
    if (i > 0) {
      assert.equal(t[i] - t[i - 1], H);
      assert.equal(o[i], cl[i - 1], `bar ${i} opens at the previous close`);
    }
  }
  assert.deepEqual(validate(c, SCHEMAS.candles), []);
});

test("the generator is deterministic for a seed; another seed draws another path through the same days", () => {
  const a = reconstructCandles({ seed: 7 });
  const b = reconstructCandles({ seed: 7 });
  const c = reconstructCandles({ seed: 8 });
  for (const name of ["open", "high", "low", "close", "volume"]) assert.deepEqual(a.numbers(name), b.numbers(name), name);
  assert.notDeepEqual(a.numbers("close"), c.numbers("close"));
  assert.notDeepEqual(a.numbers("volume"), c.numbers("volume"));
  assertDaysMet(c, "seed 8");
});

test("the generator checks its days: none missing, each opening at the previous close, closes outside the range only when flagged", () => {
  const two = BTC_DAILY.slice(0, 2);
  assert.equal(reconstructCandles({ days: two }).length, 48);
  assert.throws(() => reconstructCandles({ days: [] }), /at least one day/);
  assert.throws(() => reconstructCandles({ days: [BTC_DAILY[0], BTC_DAILY[2]] }), /none missing: 2025-09-03 follows 2025-09-01/);
  assert.throws(() => reconstructCandles({ days: [two[0], { ...two[1], open: two[1].open + 1 }] }), /not at the previous close/);
  const sep11 = BTC_DAILY.find((d) => d.date === "2025-09-11")!;
  assert.throws(() => reconstructCandles({ days: [{ ...sep11, lastHourPartial: false }] }), /close lies outside/);
  assert.throws(() => reconstructCandles({ days: [{ ...two[0], date: "2025-09-01T05:00" }] }), /not a UTC day/);
  const oct06 = BTC_DAILY.filter((d) => d.date === "2025-10-06");
  assert.throws(() => reconstructCandles({ days: oct06, hours: [{ ...BTC_EXTREME_HOURS[0], price: 126287 }] }), /is not the day's high/);
});

test("hourly moves look like bitcoin's: log-return deviation between 0.1 % and 1.5 %", () => {
  const close = reconstructCandles().numbers("close");
  let s = 0, s2 = 0;
  for (let i = 1; i < close.length; i++) {
    const r = Math.log(close[i] / close[i - 1]);
    s += r;
    s2 += r * r;
  }
  const n = close.length - 1;
  const sd = Math.sqrt(s2 / n - (s / n) ** 2);
  assert.ok(sd > 0.001 && sd < 0.015, `hourly deviation ${sd}`);
});

test("snapshot(): candles that say what is observed and what is reconstructed, daily candles, drawdown of the headline", (t) => {
  const started = performance.now();
  const s = snapshot();
  t.diagnostic(`snapshot() built in ${(performance.now() - started).toFixed(1)} ms`);
  assert.deepEqual(s.window, { from: "2025-09-01", to: "2025-11-30" });
  const time = s.candles.numbers("time");
  assert.equal(s.candles.length, 1992);
  assert.equal(time[0], Date.parse("2025-09-01T00:00:00Z"));
  assert.equal(time[time.length - 1], Date.parse("2025-11-22T23:00:00Z")); // nothing after the last observed day
  const sources = new Set(s.candles.strings("source"));
  assert.equal(sources.size, 1);
  const source = [...sources][0]!;
  assert.match(source, /^daily OHLCV observed: CryptoCompare aggregate index.*\(facts sheet section C2\); hourly shape reconstructed \(seeded bridge, seed 20251010\)$/);
  assert.match(snapshot({ seed: 3 }).candles.strings("source")[0]!, /seed 3\)$/);
  assert.equal(s.provenance.candles.source, source);
  assert.equal(s.provenance.candles.observed, "daily open, high, low, close, volume");
  assert.equal(s.provenance.candles.reconstructed, "hourly path inside each day");
  assert.deepEqual([s.provenance.candles.seed, s.provenance.candles.days, s.provenance.candles.extremeHours, s.provenance.candles.lastDay], [20251010, 83, 3, "2025-11-22"]);
  assertDaysMet(s.candles, "snapshot");

  // daily: the constant, row for row
  assert.deepEqual(s.daily.columns, ["time", "open", "high", "low", "close", "volume", "last_hour_partial", "source"]);
  assert.equal(s.daily.length, 83);
  s.daily.toRecords().forEach((r, i) => {
    const d = BTC_DAILY[i];
    assert.deepEqual(r, { time: new Date(d.date + "T00:00:00Z"), open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume, last_hour_partial: d.lastHourPartial ? 1 : 0, source: "CryptoCompare aggregate index, BTC-USD, UTC days aggregated from hourly bars (facts sheet section C2)" });
  });
  assert.ok(!("anchors" in s), "the sparse anchors are gone: every day is in daily");

  const dd = drawdown(s.candles);
  assert.equal(dd.peak, 126287.29);
  assert.equal((dd.peakAt as Date).toISOString(), "2025-10-06T18:00:00.000Z");
  assert.equal(dd.trough, 80562.05);
  assert.equal((dd.troughAt as Date).toISOString(), "2025-11-21T12:00:00.000Z");
  assert.equal(+(dd.depth * 100).toFixed(1), 36.2);
  assert.equal(Math.round(dd.days), 46);
});

test("every snapshot record names its source; series hold only published dates", () => {
  const s = snapshot();
  for (const name of ["daily", "etfFlows", "treasuries", "treasurySales", "fedCutOdds", "crossAsset", "closes", "depth", "macro"] as const) {
    const frame = s[name];
    assert.ok(frame.length > 0, name);
    for (const source of frame.strings("source")) assert.ok(source && source.length > 3, `${name} row without a source`);
  }
  for (const e of s.events) for (const f of e.figures) assert.ok(f.source.length > 3, `${e.id} ${f.metric}`);
  for (const n of s.treasuryNotes) assert.ok(n.source);
  // FedWatch: the dated points only (late October has no day)
  const odds = s.fedCutOdds.filter((r) => r.time !== null && /FedWatch/.test(r.source as string));
  assert.deepEqual(odds.toRecords().map((r) => (r.time as Date).toISOString().slice(0, 10)), ["2025-11-18", "2025-11-19", "2025-11-20", "2025-11-21", "2025-11-24"]);
  assert.equal(s.closes.length, 84);
  assert.deepEqual(s.closes.row(s.closes.length - 2), { time: new Date("2025-11-28T00:00:00Z"), asset: "S&P 500", close: 6849.09, currency: null, source: s.closes.row(0).source });
  // the frames that follow a schema pass it
  assert.deepEqual(validate(s.candles, SCHEMAS.candles), []);
  assert.deepEqual(validate(s.etfFlows, SCHEMAS.etfFlows), []);
  assert.deepEqual(validate(s.closes, SCHEMAS.crossAssetCloses), []);
  assert.deepEqual(validate(s.macro.filter((r) => r.time !== null), SCHEMAS.macroSeries), []);
  // the daily rows as published: the three closes above the high are flagged, not mended
  assert.deepEqual(validate(s.daily, SCHEMAS.candles).map((e) => e.row), [10]);
});

test("the events: the checked tallies and the article's, kept apart; a fresh copy each call", () => {
  const [oct10, nov21] = snapshot().events;
  const get = (e: typeof oct10, metric: string, source?: RegExp) => e.figures.find((f) => f.metric === metric && (!source || source.test(f.source)))!.value;
  assert.equal(get(oct10, "traders"), 1_618_240);
  assert.equal(get(oct10, "liquidated_usd"), 19.13e9);
  assert.equal(get(oct10, "largest_liquidation_usd"), 203.36e6);
  assert.equal(get(nov21, "traders", /article/), 403_275);
  assert.equal(get(nov21, "traders", /public reporting/), 403_398);
  assert.equal(get(nov21, "low_usd", /Bloomberg/), 80_553);
  oct10.figures.length = 0;
  assert.ok(snapshot().events[0].figures.length > 10);
});

test("a published start of the move: on Oct 10 the bars before the 21:00 crash bar open and close in the upper half of the day's range", () => {
  const c = reconstructCandles();
  const t = c.numbers("time"), o = c.numbers("open"), cl = c.numbers("close");
  const oct10 = BTC_DAILY.find((d) => d.date === "2025-10-10")!;
  const mid = Math.sqrt(oct10.high * oct10.low);
  const first = t.indexOf(Date.parse("2025-10-10T00:00:00Z"));
  for (let k = 0; k < 21; k++) assert.ok(o[first + k] >= mid && cl[first + k] >= mid, `Oct 10 ${k}:00 bar: ${o[first + k]} -> ${cl[first + k]}, midpoint ${mid}`);
  // the crash bar opens above the midpoint and falls to the day's low inside its hour
  assert.ok(o[first + 21] >= mid);
  // without the published start, the same seed may draw the fall earlier in the day
  const free = reconstructCandles({ hours: BTC_EXTREME_HOURS.map(({ moveBegan: _, ...h }) => h) });
  assert.notDeepEqual(free.numbers("close").subarray(first, first + 21), cl.subarray(first, first + 21));
});
