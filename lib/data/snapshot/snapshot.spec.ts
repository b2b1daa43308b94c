import { test } from "node:test";
import assert from "node:assert/strict";
import { snapshot } from "./index";
import { reconstructCandles } from "./reconstruct";
import { BTC_ANCHORS } from "./btc-anchors";
import { drawdown } from "../../analytics/drawdown";
import type { Frame } from "../../frame";
import { validate } from "../schema";
import { SCHEMAS } from "../schemas";

const H = 3_600_000;
const DAY = 86_400_000;

/** Each UTC day's open, high, low, close and the hour of its high and low. */
function daily(candles: Frame) {
  const t = candles.numbers("time"), o = candles.numbers("open"), h = candles.numbers("high"), l = candles.numbers("low"), c = candles.numbers("close");
  const days = new Map<number, { open: number; high: number; low: number; close: number; highHour: number; lowHour: number }>();
  for (let i = 0; i < candles.length; i++) {
    const d = Math.floor(t[i] / DAY) * DAY;
    const hour = (t[i] - d) / H;
    const day = days.get(d);
    if (!day) days.set(d, { open: o[i], high: h[i], low: l[i], close: c[i], highHour: hour, lowHour: hour });
    else {
      if (h[i] > day.high) (day.high = h[i]), (day.highHour = hour);
      if (l[i] < day.low) (day.low = l[i]), (day.lowHour = hour);
      day.close = c[i];
    }
  }
  return days;
}

test("reconstructed candles meet every published anchor's open, high, low and close exactly", () => {
  const candles = reconstructCandles();
  assert.equal(candles.length, 84 * 24);
  const days = daily(candles);
  for (const a of BTC_ANCHORS) {
    const d = days.get(Date.parse(a.date + "T00:00:00Z"))!;
    assert.deepEqual([d.open, d.high, d.low, d.close], [a.open, a.high, a.low, a.close], a.date);
  }
  // The published hours: the ATH, the 1011 crash low, the cycle low.
  assert.equal(days.get(Date.parse("2025-10-06T00:00Z"))!.highHour, 18);
  assert.equal(days.get(Date.parse("2025-10-10T00:00Z"))!.lowHour, 21);
  assert.equal(days.get(Date.parse("2025-11-21T00:00Z"))!.lowHour, 12);
});

test("hourly bars are consistent, continuous between anchors, and inside the window's extremes", () => {
  const c = reconstructCandles();
  const t = c.numbers("time"), o = c.numbers("open"), h = c.numbers("high"), l = c.numbers("low"), cl = c.numbers("close");
  const anchored = new Set(BTC_ANCHORS.map((a) => Date.parse(a.date + "T00:00:00Z")));
  let athBars = 0, lowBars = 0;
  for (let i = 0; i < c.length; i++) {
    assert.ok(h[i] >= Math.max(o[i], cl[i]) && l[i] <= Math.min(o[i], cl[i]) && l[i] > 0, `bar ${i}`);
    if (i > 0) assert.equal(t[i] - t[i - 1], H);
    // A bar opens at the previous close, except where an anchored day publishes its own open.
    if (i > 0 && !anchored.has(t[i])) assert.equal(o[i], cl[i - 1], `bar ${i} opens at the previous close`);
    if (h[i] === 126287) athBars++;
    if (l[i] === 80562) lowBars++;
    assert.ok(h[i] <= 126287 && l[i] >= 80562);
  }
  assert.equal(athBars, 1);
  assert.equal(lowBars, 1);
});

test("the generator is deterministic for a seed, and another seed draws another path through the same anchors", () => {
  const a = reconstructCandles({ seed: 7 });
  const b = reconstructCandles({ seed: 7 });
  const c = reconstructCandles({ seed: 8 });
  assert.deepEqual(a.numbers("close"), b.numbers("close"));
  assert.notDeepEqual(a.numbers("close"), c.numbers("close"));
  const days = daily(c);
  for (const x of BTC_ANCHORS) assert.equal(days.get(Date.parse(x.date + "T00:00:00Z"))!.high, x.high);
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

test("snapshot(): the window, reconstructed candles that say so, drawdown of the headline", (t) => {
  const started = performance.now();
  const s = snapshot();
  t.diagnostic(`snapshot() built in ${(performance.now() - started).toFixed(1)} ms`);
  assert.deepEqual(s.window, { from: "2025-09-01", to: "2025-11-30" });
  const time = s.candles.numbers("time");
  assert.equal(time[0], Date.parse("2025-09-01T00:00:00Z"));
  assert.equal(time[time.length - 1], Date.parse("2025-11-22T23:00:00Z"));
  assert.match(s.candles.strings("source")[0]!, /^reconstructed/);
  assert.equal(s.provenance.candles.reconstructed, true);
  assert.equal(s.anchors.length, BTC_ANCHORS.length - 1); // 2025-08-31 is before the window
  const dd = drawdown(s.candles);
  assert.equal(dd.peak, 126287);
  assert.equal((dd.peakAt as Date).toISOString(), "2025-10-06T18:00:00.000Z");
  assert.equal(dd.trough, 80562);
  assert.equal((dd.troughAt as Date).toISOString(), "2025-11-21T12:00:00.000Z");
  assert.equal(+(dd.depth * 100).toFixed(1), 36.2);
  assert.equal(Math.round(dd.days), 46);
});

test("every snapshot record names its source; series hold only published dates", () => {
  const s = snapshot();
  for (const name of ["anchors", "etfFlows", "treasuries", "treasurySales", "fedCutOdds", "crossAsset", "closes", "depth", "macro"] as const) {
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
