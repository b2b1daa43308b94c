/**
 * Hourly candles rebuilt through published daily anchors: the snapshot's price path.
 *
 * Only a few days of the window have published prices (their open, high, low and close), so
 * the hours are drawn by the project's seeded generator, as log-price Brownian bridges:
 *
 * - An anchored day is a bridge from its open (the first bar's open) to its close (the last
 *   bar's close) through two waypoints: the bar holding the day's high and the one holding its
 *   low (their hours published, or drawn). Those bars get the high and low exactly; every other
 *   bar of the day stays strictly inside them, so the anchor's four prices are met exactly.
 * - Days between anchors bridge the previous anchor's close to the next anchor's open, with the
 *   hourly volatility the neighbouring anchors' ranges imply (a day's range is about 1.6 sigma
 *   sqrt(24) for a random walk), kept strictly inside the window's published high and low.
 * - Two anchored days in a row keep the published jump between one close and the next open
 *   (the index's last bar of a day is sampled short).
 *
 * A bridge that would leave its bounds has its noise (the part off the straight line between
 * waypoints) scaled down until it fits, which keeps the drawn shape instead of flattening it.
 * The result is a plausible path that meets every anchor, not the real one.
 */
import { Frame } from "../../frame";
import { seededNormal, seededRandom } from "../../random";
import { parseIsoTime } from "../../time";
import { BTC_ANCHORS, type PriceAnchor } from "./btc-anchors";

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface ReconstructOptions {
  /** The daily anchors, in date order; the BTC-USD anchors of the facts sheet by default. */
  anchors?: readonly PriceAnchor[];
  /** The generator's seed: the same seed gives the same candles on every machine. */
  seed?: number;
}

const cents = (x: number) => Math.round(x * 100) / 100;

/** Log values at every integer step through the waypoints, noise scaled to stay in [lo, hi]. */
function bridge(waypoints: Array<[number, number]>, sigma: number, lo: number, hi: number, normal: () => number): Float64Array {
  const last = waypoints[waypoints.length - 1][0];
  const out = new Float64Array(last + 1);
  for (let w = 0; w + 1 < waypoints.length; w++) {
    const [t0, v0] = waypoints[w];
    const [t1, v1] = waypoints[w + 1];
    const m = t1 - t0;
    const walk = new Float64Array(m + 1);
    for (let i = 1; i <= m; i++) walk[i] = walk[i - 1] + sigma * normal();
    let scale = 1;
    const noise = new Float64Array(m + 1);
    for (let i = 0; i <= m; i++) {
      const line = v0 + ((v1 - v0) * i) / m;
      noise[i] = walk[i] - (i / m) * walk[m];
      if (noise[i] > 0 && line + noise[i] > hi) scale = Math.min(scale, Math.max(0, (hi - line) / noise[i]));
      if (noise[i] < 0 && line + noise[i] < lo) scale = Math.min(scale, Math.max(0, (lo - line) / noise[i]));
    }
    if (scale < 1) scale *= 0.9; // keep off the bound itself
    for (let i = 0; i <= m; i++) out[t0 + i] = v0 + ((v1 - v0) * i) / m + scale * noise[i];
  }
  return out;
}

/** The hour of a day's extreme: published, forced by an open or close at it, or drawn near the side it is closer to. */
function extremeHour(fixed: number | undefined, extreme: number, open: number, close: number, normal: () => number): number {
  if (fixed !== undefined) return fixed;
  if (open === extreme) return 0;
  if (close === extreme) return 23;
  const fromOpen = Math.abs(extreme - open);
  const fromClose = Math.abs(extreme - close);
  const position = fromOpen + fromClose > 0 ? fromOpen / (fromOpen + fromClose) : 0.5;
  return Math.min(23, Math.max(0, Math.round(position * 23 + 3 * normal())));
}

/** The hourly log volatility a day's range implies for a random walk (range ~ 1.6 sigma sqrt(24)). */
const impliedSigma = (a: PriceAnchor) => Math.log(a.high / a.low) / (1.6 * Math.sqrt(24));

/**
 * Hourly OHLC candles (columns time, open, high, low, close) from the first anchor's day to
 * the last one's, rebuilt through the anchors as the module comment describes. Deterministic
 * for a seed; about 2,000 bars in a few milliseconds.
 *
 * @example
 *   const candles = reconstructCandles({ seed: 20251010 });
 *   candles.length // 2016: every hour from 2025-08-31 00:00 to 2025-11-22 23:00 UTC
 */
export function reconstructCandles({ anchors = BTC_ANCHORS, seed = 20251010 }: ReconstructOptions = {}): Frame {
  if (anchors.length === 0) throw new Error("reconstructCandles needs at least one anchor");
  const days = anchors.map((a) => {
    const ms = parseIsoTime(a.date);
    if (!(ms % DAY === 0)) throw new Error(`anchor date ${JSON.stringify(a.date)} is not a UTC day (YYYY-MM-DD)`);
    if (!(a.high >= Math.max(a.open, a.close) && a.low <= Math.min(a.open, a.close))) throw new Error(`anchor ${a.date}: high must be >= open and close, low <= them`);
    return ms;
  });
  for (let i = 1; i < days.length; i++) if (!(days[i] > days[i - 1])) throw new Error(`anchors must be in date order with one per day: ${anchors[i].date} follows ${anchors[i - 1].date}`);
  const start = days[0];
  const n = (days[days.length - 1] + DAY - start) / HOUR;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = start + i * HOUR;

  const random = seededRandom(seed);
  const normal = seededNormal(random);
  const globalHigh = Math.max(...anchors.map((a) => a.high));
  const globalLow = Math.min(...anchors.map((a) => a.low));
  const margin = 0.002; // free days stay 0.2 % inside the window's published extremes

  /** Fills bars [first, first + boundaries.length - 1) from boundary prices, wicks inside (lo, hi). */
  const fillBars = (first: number, boundaries: Float64Array, sigma: number, lo: number, hi: number, extremes: { highBar?: number; lowBar?: number; high?: number; low?: number } = {}) => {
    for (let k = 0; k + 1 < boundaries.length; k++) {
      const i = first + k;
      const o = boundaries[k];
      const c = boundaries[k + 1];
      open[i] = o;
      close[i] = c;
      const top = Math.max(o, c);
      const bottom = Math.min(o, c);
      high[i] = k === extremes.highBar ? extremes.high! : Math.max(top, Math.min(hi - 0.01, cents(top * Math.exp(Math.abs(normal()) * sigma * 0.6))));
      low[i] = k === extremes.lowBar ? extremes.low! : Math.min(bottom, Math.max(lo + 0.01, cents(bottom * Math.exp(-Math.abs(normal()) * sigma * 0.6))));
    }
  };

  for (let a = 0; a < anchors.length; a++) {
    const anchor = anchors[a];
    const first = (days[a] - start) / HOUR;
    const sigma = impliedSigma(anchor);
    const R = Math.log(anchor.high / anchor.low);
    let hHigh = extremeHour(anchor.highHour, anchor.high, anchor.open, anchor.close, normal);
    let hLow = extremeHour(anchor.lowHour, anchor.low, anchor.open, anchor.close, normal);
    if (hHigh === hLow) {
      // One bar cannot hold both unless published so; move the drawn one.
      if (anchor.lowHour === undefined) hLow = hLow < 23 ? hLow + 1 : hLow - 1;
      else hHigh = hHigh < 23 ? hHigh + 1 : hHigh - 1;
    }
    const points = new Map<number, number>([[0, Math.log(anchor.open)], [24, Math.log(anchor.close)]]);
    const near = (t: number, value: number) => {
      if (t === 0 || t === 24) return;
      const previous = points.get(t);
      points.set(t, previous === undefined ? value : (previous + value) / 2);
    };
    // How far the extreme bar opens and closes from its extreme: 2 % to 25 % of the day's range.
    const u = () => 0.02 + 0.23 * random();
    near(hHigh, Math.log(anchor.high) - u() * R);
    near(hHigh + 1, Math.log(anchor.high) - u() * R);
    near(hLow, Math.log(anchor.low) + u() * R);
    near(hLow + 1, Math.log(anchor.low) + u() * R);
    const waypoints = [...points.entries()].sort((x, y) => x[0] - y[0]);
    const eps = 1e-5;
    const path = bridge(waypoints, sigma, Math.log(anchor.low) + eps, Math.log(anchor.high) - eps, normal);
    const boundaries = path.map((v) => cents(Math.exp(v)));
    boundaries[0] = anchor.open;
    boundaries[24] = anchor.close;
    fillBars(first, boundaries, sigma, anchor.low, anchor.high, { highBar: hHigh, lowBar: hLow, high: anchor.high, low: anchor.low });

    // The free days up to the next anchor.
    if (a + 1 < anchors.length) {
      const next = anchors[a + 1];
      const bars = (days[a + 1] - days[a] - DAY) / HOUR;
      if (bars === 0) continue;
      const gapSigma = Math.sqrt(sigma * impliedSigma(next));
      const path = bridge([[0, Math.log(anchor.close)], [bars, Math.log(next.open)]], gapSigma, Math.log(globalLow) + margin, Math.log(globalHigh) - margin, normal);
      const boundaries = path.map((v) => cents(Math.exp(v)));
      boundaries[0] = anchor.close;
      boundaries[bars] = next.open;
      fillBars(first + 24, boundaries, gapSigma, globalLow, globalHigh);
    }
  }
  return Frame.fromColumns({ time, open, high, low, close }, { types: { time: "time" } });
}
