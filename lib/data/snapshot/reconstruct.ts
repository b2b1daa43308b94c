/**
 * Hourly candles inside observed daily candles: the snapshot's price path.
 *
 * Every day of the window is observed (its open, high, low, close and volume), but not its
 * hours, so the hours are drawn by the project's seeded generator. Each day is a log-price
 * Brownian bridge from its open (the first bar's open) to its close (the last bar's close)
 * through two waypoints: the bar holding the day's high and the one holding its low (their
 * hours published for the window's three landmark extremes, drawn for the other days). Those
 * bars get the high and low exactly; every other bar stays strictly inside them, so each day
 * aggregates back to its observed open, high, low and close to the cent. A day opens at the
 * previous day's close, so the bars are continuous across days as well as within them.
 *
 * A bridge that would leave the day's range has its noise (the part off the straight line
 * between waypoints) scaled down until it fits, which keeps the drawn shape instead of
 * flattening it. The hourly volatility is the one the day's range implies for a random walk
 * (a day's range is about 1.6 sigma sqrt(24)).
 *
 * A published start of the move into an extreme (Oct 10: the crash began about 20:50 UTC,
 * Amberdata) keeps the bars before the extreme's hour on the far side of the day's midpoint
 * (its geometric mean of high and low): the day's fall then happens in the crash hour, where it
 * did, not spread over the day by the bridge.
 *
 * One exception, from the data: on a day whose last hour was under-sampled, the close (the
 * next day's 00:00 open) can lie outside the published range. The bars up to 22:00 then stay
 * inside the range and meet its high and low; the 23:00 bar runs to the close, which becomes
 * the day's high (or low): the late extreme the short sample missed.
 *
 * Volume: each day's observed volume is spread over its hours in proportion to the bar's
 * relative range plus a floor (busier hours move more), so the hourly volumes are a
 * reconstructed shape whose daily sums are the observed ones.
 *
 * The result is a plausible path that meets every observed day, not the real hourly path.
 */
import { Frame } from "../../frame";
import { seededNormal, seededRandom } from "../../random";
import { parseIsoTime } from "../../time";
import { BTC_DAILY, BTC_EXTREME_HOURS, type DailyCandle, type ExtremeHour } from "./btc-daily";
import { checkOptions, optionKeys } from "../../options";

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Options of {@link reconstructCandles}: the observed days and the generator's settings. */
export interface ReconstructOptions {
  /** The observed days, in date order with none missing; BTC-USD of the facts sheet by default. */
  days?: readonly DailyCandle[];
  /** Published hours of extremes; the window's three landmark hours by default. */
  hours?: readonly ExtremeHour[];
  /** The generator's seed: the same seed gives the same candles on every machine; {@link SNAPSHOT_SEED} (20251010) by default. */
  seed?: number;
}

const cents = (x: number) => Math.round(x * 100) / 100;
const tenThousandths = (x: number) => Math.round(x * 1e4) / 1e4;

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

/** Two bridges: up to the waypoint at `split` inside `before`, after it inside `after`. */
function joinBridges(waypoints: Array<[number, number]>, split: number, sigma: number, before: [number, number], after: [number, number], normal: () => number): Float64Array {
  const k = waypoints.findIndex(([t]) => t === split);
  const head = bridge(waypoints.slice(0, k + 1), sigma, before[0], before[1], normal);
  const tail = bridge(waypoints.slice(k).map(([t, v]) => [t - split, v] as [number, number]), sigma, after[0], after[1], normal);
  const out = new Float64Array(waypoints[waypoints.length - 1][0] + 1);
  out.set(head.subarray(0, split));
  out.set(tail, split);
  return out;
}

/** The hour of a day's extreme: published, forced by an open or close at it, or drawn near the side it is closer to. */
function extremeHour(fixed: number | undefined, extreme: number, open: number, close: number, lastHour: number, normal: () => number): number {
  if (fixed !== undefined) return fixed;
  if (open === extreme) return 0;
  if (close === extreme) return lastHour;
  const fromOpen = Math.abs(extreme - open);
  const fromClose = Math.abs(extreme - close);
  const position = fromOpen + fromClose > 0 ? fromOpen / (fromOpen + fromClose) : 0.5;
  return Math.min(lastHour, Math.max(0, Math.round(position * 23 + 3 * normal())));
}

/** Checks the days and hours the generator relies on; returns each day's epoch ms. */
function checkInput(days: readonly DailyCandle[], hours: readonly ExtremeHour[]): number[] {
  if (days.length === 0) throw new Error("reconstructCandles needs at least one day");
  const starts = days.map((d, i) => {
    const ms = parseIsoTime(d.date);
    if (!(ms % DAY === 0)) throw new Error(`day ${JSON.stringify(d.date)} is not a UTC day (YYYY-MM-DD)`);
    if (!(d.low > 0 && d.low <= d.open && d.open <= d.high)) throw new Error(`day ${d.date}: the open must lie in [low, high], low above 0`);
    if (!(d.low <= d.close && d.close <= d.high) && !d.lastHourPartial) throw new Error(`day ${d.date}: the close lies outside [low, high] on a day whose last hour is not flagged partial`);
    if (!(d.volume >= 0)) throw new Error(`day ${d.date}: volume must be a number >= 0`);
    if (i > 0) {
      const previous = days[i - 1];
      // Every day is observed, so there is nothing to bridge between days: they must follow on.
      if (ms - parseIsoTime(previous.date) !== DAY) throw new Error(`days must follow one another with none missing: ${d.date} follows ${previous.date}`);
      if (d.open !== previous.close) throw new Error(`day ${d.date} opens at ${d.open}, not at the previous close ${previous.close}`);
    }
    return ms;
  });
  for (const h of hours) {
    const d = days.find((x) => x.date === h.date);
    if (!d) continue; // a published hour outside the days asked for
    if (!(Number.isInteger(h.hour) && h.hour >= 0 && h.hour <= 23)) throw new Error(`extreme hour of ${h.date}: ${h.hour} is not an hour 0-23`);
    if (h.price !== (h.side === "high" ? d.high : d.low)) throw new Error(`extreme hour of ${h.date}: ${h.price} is not the day's ${h.side} (${h.side === "high" ? d.high : d.low})`);
  }
  return starts;
}

const RECONSTRUCT_OPTIONS = optionKeys<NonNullable<Parameters<typeof reconstructCandles>[0]>>()("days", "hours", "seed");

/**
 * Hourly OHLCV candles (columns time, open, high, low, close, volume) for every hour of the
 * days given, drawn inside them as the module comment describes. Deterministic for a seed;
 * about 2,000 bars in a few milliseconds.
 *
 * @example
 *   const candles = reconstructCandles({ seed: 20251010 });
 *   candles.length // 1992: every hour from 2025-09-01 00:00 to 2025-11-22 23:00 UTC
 */
export function reconstructCandles({ days = BTC_DAILY, hours = BTC_EXTREME_HOURS, seed = 20251010, ...unknown }: ReconstructOptions = {}): Frame {
  checkOptions("reconstructCandles", unknown, RECONSTRUCT_OPTIONS);
  const starts = checkInput(days, hours);
  const n = days.length * 24;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = starts[0] + i * HOUR;

  const random = seededRandom(seed);
  const normal = seededNormal(random);
  const hourOf = (date: string, side: "high" | "low") => hours.find((h) => h.date === date && h.side === side)?.hour;
  const moveOf = (date: string) => hours.find((h) => h.date === date && h.moveBegan !== undefined);

  for (let d = 0; d < days.length; d++) {
    const day = days[d];
    const first = d * 24;
    const R = Math.log(day.high / day.low);
    const sigma = R / (1.6 * Math.sqrt(24));
    // A close outside the range (under-sampled last hour) is carried by the 23:00 bar alone.
    const closeOutside = day.close > day.high || day.close < day.low;
    const lastHour = closeOutside ? 22 : 23;
    const publishedHigh = hourOf(day.date, "high");
    const publishedLow = hourOf(day.date, "low");
    let hHigh = extremeHour(publishedHigh, day.high, day.open, day.close, lastHour, normal);
    let hLow = extremeHour(publishedLow, day.low, day.open, day.close, lastHour, normal);
    if (hHigh === hLow) {
      // One bar cannot hold both unless published so; move the drawn one.
      if (publishedLow === undefined) hLow = hLow < lastHour ? hLow + 1 : hLow - 1;
      else hHigh = hHigh < lastHour ? hHigh + 1 : hHigh - 1;
    }
    const points = new Map<number, number>([[0, Math.log(day.open)], [24, Math.log(day.close)]]);
    const near = (t: number, value: number) => {
      if (t === 0 || t === 24) return;
      const previous = points.get(t);
      points.set(t, previous === undefined ? value : (previous + value) / 2);
    };
    // How far the extreme bar opens and closes from its extreme: 2 % to 25 % of the day's range.
    const u = () => 0.02 + 0.23 * random();
    near(hHigh, Math.log(day.high) - u() * R);
    near(hHigh + 1, Math.log(day.high) - u() * R);
    near(hLow, Math.log(day.low) + u() * R);
    near(hLow + 1, Math.log(day.low) + u() * R);
    // The 23:00 bar of a close outside the range opens inside it, on the side it leaves by.
    if (closeOutside) near(23, day.close > day.high ? Math.log(day.high) - u() * R : Math.log(day.low) + u() * R);
    // A published start of the move into the extreme: the bars before the extreme's hour stay on
    // the far side of the day's midpoint, and the extreme's bar opens there.
    const move = moveOf(day.date);
    const mid = (Math.log(day.high) + Math.log(day.low)) / 2;
    const moveHour = move ? move.hour : -1;
    if (move) points.set(moveHour, move.side === "low" ? mid + u() * (Math.log(day.high) - mid) : mid - u() * (mid - Math.log(day.low)));
    const waypoints = [...points.entries()].sort((x, y) => x[0] - y[0]);
    const eps = 1e-5;
    const path = move
      ? joinBridges(waypoints, moveHour, sigma, move.side === "low" ? [mid, Math.log(day.high) - eps] : [Math.log(day.low) + eps, mid], [Math.log(day.low) + eps, Math.log(day.high) - eps], normal)
      : bridge(waypoints, sigma, Math.log(day.low) + eps, Math.log(day.high) - eps, normal);
    const boundaries = path.map((v) => cents(Math.exp(v)));
    boundaries[0] = day.open;
    boundaries[24] = day.close;

    const below = cents(day.high - 0.01);
    const above = cents(day.low + 0.01);
    let weightSum = 0;
    const weights = new Float64Array(24);
    for (let k = 0; k < 24; k++) {
      const i = first + k;
      const o = boundaries[k];
      const c = boundaries[k + 1];
      open[i] = o;
      close[i] = c;
      const top = Math.max(o, c);
      const bottom = Math.min(o, c);
      // Wicks stay a cent inside the day's range, so only the extreme bars touch it.
      high[i] = k === hHigh ? day.high : Math.max(top, Math.min(below, cents(top * Math.exp(Math.abs(normal()) * sigma * 0.6))));
      low[i] = k === hLow ? day.low : Math.min(bottom, Math.max(above, cents(bottom * Math.exp(-Math.abs(normal()) * sigma * 0.6))));
      weights[k] = Math.log(high[i] / low[i]);
      weightSum += weights[k];
    }
    spreadVolume(day.volume, weights, weightSum, volume, first);
  }
  return Frame.fromColumns({ time, open, high, low, close, volume }, { types: { time: "time" } });
}

/**
 * A day's volume over its 24 bars: weight = the bar's log range plus a floor of a fifth of the
 * day's mean (a quiet hour still trades). Rounded to 0.0001 BTC; the busiest bar takes the
 * remainder, so the bars sum to the day's volume.
 */
function spreadVolume(total: number, weights: Float64Array, weightSum: number, out: Float64Array, first: number): void {
  const floor = weightSum > 0 ? (0.2 * weightSum) / 24 : 1;
  let sum = 0;
  let busiest = 0;
  for (let k = 0; k < 24; k++) {
    weights[k] += floor;
    sum += weights[k];
    if (weights[k] > weights[busiest]) busiest = k;
  }
  let assigned = 0;
  for (let k = 0; k < 24; k++) {
    if (k === busiest) continue;
    out[first + k] = tenThousandths((total * weights[k]) / sum);
    assigned += out[first + k];
  }
  out[first + busiest] = tenThousandths(total - assigned);
}
