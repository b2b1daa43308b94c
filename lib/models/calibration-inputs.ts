/**
 * What the calibration observes, kept apart from what it assumes and what it fits
 * (calibration.ts): for each of the two events, the price path from the embedded snapshot, the
 * open interest, the book depth and the days before it, each with its source.
 *
 * The price path is the snapshot's BTC-USD hourly candles: each day's open, high, low, close
 * and volume are observed (CryptoCompare aggregate index), the shape inside the day is
 * reconstructed. Inside an hour the path visits the bar's extremes in the order its direction
 * suggests (a falling bar: open, high, low, close at minutes 0, 20, 40, 60; a rising one: low
 * first), linear in between; on Oct 10 the crash bar's low is put at 21:15 UTC, Amberdata's
 * peak minute. So the minute shape is an assumption, and targets that depend on it (the first
 * 40 minutes, the peak minute) test that shape as much as the model.
 */
import { snapshot } from "../data/snapshot/index";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The two events the calibration knows. */
export type EventId = "2025-10-10" | "2025-11-21";

/** One observed input: its value and where it comes from. */
export interface Observed<T = number> {
  value: T;
  source: string;
}

/** Everything observed about one event. */
export interface EventInputs {
  id: EventId;
  /** Model start, ms UTC (00:00 of the event's day): the book is drawn at this minute's price. */
  start: number;
  /** Minutes simulated from `start`. */
  minutes: number;
  /** Mark price at each minute from `start` (minutes + 1 values). */
  path: Float64Array;
  /** Bars whose low is pinned to a minute (bar start ms -> minute), as the path was built. */
  pins: Record<number, number>;
  /** The published tally's 24 hours, as minutes from `start`. */
  window: [number, number];
  /** Minute (from `start`) the crash began, when published. */
  crashStart?: number;
  /** All-crypto perpetual open interest before the event, USD. */
  openInterest: Observed;
  /** BTC order-book depth (USD of bids) within 0.5 %, 1 % and 5 % of the mid. */
  depthBands: Observed<Array<[number, number]>>;
  /** Daily closes of the `ENTRY_DAYS` days before the event: where the book's positions were opened. */
  priorCloses: Observed<number[]>;
  /** The lowest low and highest high after each of those closes, up to the event's start: what the positions survived. */
  sinceExtremes: Observed<Array<[number, number]>>;
  /** Mean half-range, log(high / low) / 2, of those days: how far inside a day entries spread. */
  entrySpread: Observed;
  /** Per-minute volatility of daily log returns over the 30 days before (a calm market's). */
  baseVolatility: Observed;
  /** A collateral depeg on the venue's own book: USDe's on Oct 10, minutes from `start`. */
  depeg?: Observed<{ at: number; depth: number; fall: number; hold: number; recover: number }>;
}

/** Hourly candles of the snapshot as plain arrays. */
function hourly() {
  const c = snapshot().candles;
  return { time: c.numbers("time"), open: c.numbers("open"), high: c.numbers("high"), low: c.numbers("low"), close: c.numbers("close") };
}

/**
 * Minute marks from `start` for `minutes` minutes through the snapshot's hourly bars (see the
 * module comment); `lows` pins a bar's low to a minute of its hour.
 *
 * @example
 *   minutePath(Date.parse("2025-11-21T00:00Z"), 1440)[0] // 86,553.58: the day's open
 */
export function minutePath(start: number, minutes: number, lows: Record<number, number> = {}): Float64Array {
  const h = hourly();
  const first = h.time.indexOf(start - (start % HOUR));
  if (first < 0) throw new Error(`minutePath: the snapshot has no candle at ${new Date(start).toISOString()}`);
  const offset = (start % HOUR) / MINUTE;
  const bars = Math.ceil((offset + minutes) / 60);
  if (first + bars > h.time.length) throw new Error(`minutePath: ${minutes} minutes from ${new Date(start).toISOString()} run past the snapshot's last candle`);
  const full = new Float64Array(bars * 60 + 1);
  for (let b = 0; b < bars; b++) {
    const i = first + b;
    const [o, hi, lo, c] = [h.open[i], h.high[i], h.low[i], h.close[i]];
    const pinned = lows[h.time[i]];
    const points: Array<[number, number]> =
      pinned !== undefined ? [[0, o], [Math.max(1, pinned >> 1), hi], [pinned, lo], [60, c]] : c < o ? [[0, o], [20, hi], [40, lo], [60, c]] : [[0, o], [20, lo], [40, hi], [60, c]];
    for (let p = 0; p + 1 < points.length; p++) {
      const [m0, v0] = points[p];
      const [m1, v1] = points[p + 1];
      for (let m = m0; m <= m1; m++) full[b * 60 + m] = v0 + ((v1 - v0) * (m - m0)) / (m1 - m0);
    }
  }
  return full.slice(offset, offset + minutes + 1);
}

/** The snapshot's hourly bars resampled to UTC days (each day's values are observed). */
function dailyBars() {
  const d = snapshot().candles.resample("1d");
  const [time, high, low, close] = ["time", "high", "low", "close"].map((c) => d.numbers(c));
  return Array.from(time, (day, k) => ({ day, high: high[k], low: low[k], close: close[k] }));
}

/** The days before `start`: their closes, mean half-range and the per-minute volatility of the month before. */
function before(start: number) {
  const days = dailyBars().filter((d) => d.day < start);
  const opened = days.slice(-ENTRY_DAYS);
  const month = days.slice(-31);
  const r = month.slice(1).map((d, k) => Math.log(d.close / month[k].close));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
  const since = opened.map((_, k) => {
    const after = opened.slice(k + 1);
    return [Math.min(Infinity, ...after.map((d) => d.low)), Math.max(0, ...after.map((d) => d.high))] as [number, number];
  });
  return {
    closes: opened.map((d) => d.close),
    since: since.map(([lo, hi], k) => [Number.isFinite(lo) ? lo : opened[k].close, hi > 0 ? hi : opened[k].close] as [number, number]),
    halfRange: opened.reduce((a, d) => a + Math.log(d.high / d.low) / 2, 0) / opened.length,
    perMinute: sd / Math.sqrt(1440),
    from: new Date(opened[0].day).toISOString().slice(0, 10),
    to: new Date(opened[opened.length - 1].day).toISOString().slice(0, 10),
  };
}

/**
 * Days before an event over which the book's positions were opened (an assumption: open interest
 * is about a month old on average). Positions the path since would have liquidated are redrawn,
 * so after a month-long slide (November) the surviving book is the low-leverage part.
 */
export const ENTRY_DAYS = 30;

const COINDESK = "CoinDesk Research, BTC order-book depth (facts sheet B)";

/**
 * The observed inputs of an event (see the module comment and each field's source).
 *
 * @example
 *   eventInputs("2025-10-10").openInterest // { value: 216e9, source: "..." }
 */
export function eventInputs(id: EventId): EventInputs {
  if (id !== "2025-10-10" && id !== "2025-11-21") throw new Error(`eventInputs: unknown event "${String(id)}" (known: 2025-10-10, 2025-11-21)`);
  // Built once per event: a fit evaluates the model hundreds of times on the same inputs.
  let inputs = memo.get(id);
  if (!inputs) memo.set(id, (inputs = Object.freeze(buildInputs(id))));
  return inputs;
}

const memo = new Map<EventId, EventInputs>();

function buildInputs(id: EventId): EventInputs {
  const start = Date.parse(`${id}T00:00:00Z`);
  const prior = before(start);
  const common = {
    id,
    start,
    priorCloses: { value: prior.closes, source: `snapshot daily closes ${prior.from} to ${prior.to} (observed)` },
    sinceExtremes: { value: prior.since, source: `snapshot daily lows and highs after each close up to the event (observed)` },
    entrySpread: { value: prior.halfRange, source: `mean half of log(high / low), snapshot days ${prior.from} to ${prior.to} (observed)` },
    baseVolatility: { value: prior.perMinute, source: "standard deviation of the 30 daily log returns before the event, per minute (snapshot, observed)" },
  };
  if (id === "2025-10-10") {
    // The tally's 24 h start with the crash, 20:50 UTC (Amberdata); the model starts at 00:00 so
    // the day's earlier fall (observed in the daily low and the 21:00 bar) is in its book.
    const crashStart = 20 * 60 + 50;
    const minutes = crashStart + 1440;
    const pins = { [Date.parse("2025-10-10T21:00:00Z")]: 15 };
    return {
      ...common,
      minutes,
      pins,
      path: minutePath(start, minutes, pins),
      window: [crashStart, crashStart + 1440],
      crashStart,
      openInterest: { value: 123e9 / 0.57, source: "perpetual open interest fell 43 % to $123B on Oct 10-11, so about $216B before (facts sheet B)" },
      depthBands: { value: [[0.005, 15.5e6], [0.01, 20e6], [0.05, 40e6]], source: `${COINDESK}, early October` },
      // USDe printed $0.65 on Binance's own book from 21:36 to 22:16 UTC (facts sheet B).
      depeg: { value: { at: 21 * 60 + 36, depth: 0.35, fall: 10, hold: 20, recover: 10 }, source: "USDe $0.65 on Binance, 21:36-22:16 UTC (facts sheet B)" },
    };
  }
  return {
    ...common,
    minutes: 1440,
    pins: {},
    path: minutePath(start, 1440),
    window: [0, 1440],
    // BTC's open interest fell from $94.12B (Oct 7) to $66.54B (Nov 18); the whole market's is
    // taken to have fallen in the same proportion from Oct 10's $216B.
    openInterest: { value: (123e9 / 0.57) * (66.54 / 94.12), source: "Oct 10's $216B scaled by BTC open interest $66.54B (Nov 18) / $94.12B (Oct 7), CoinGlass via AInvest (facts sheet B)" },
    depthBands: { value: [[0.005, 10e6], [0.01, 14e6], [0.05, 30e6]], source: `${COINDESK}, Nov 11` },
  };
}

