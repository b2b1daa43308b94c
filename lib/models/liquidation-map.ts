/**
 * A liquidation map estimated from open interest: the method behind public liquidation
 * heatmaps (CoinGlass, Hyblock Capital). No venue publishes where its positions would be
 * liquidated, so new open interest in each bar is assumed opened at the bar's price and spread
 * over common leverage levels; each (leverage, side) piece sits at its liquidation price
 * (isolated linear rule: entry * (1 -/+ 1/leverage +/- maintenance)). Falling open interest
 * closes positions in proportion; a level the price trades through is cleared (those positions
 * were liquidated). The result is a price-bin grid over time: USD of longs and shorts that
 * would be liquidated in each bin.
 */
import type { Frame } from "../frame";
import { checkInteger, checkPositive, checkRange } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link liquidationMap}: the leverage mix and sides assumed for new open interest, the margin, and the price grid. */
export interface LiquidationMapOptions {
  /** [leverage, share of new open interest] pairs; default [[10, 0.3], [25, 0.3], [50, 0.25], [100, 0.15]]. */
  leverage?: Array<[number, number]>;
  /** Share of new open interest that is long: one number or one per bar; default 0.5. */
  longShare?: number | ArrayLike<number>;
  /** Maintenance margin rate; default 0.005. */
  maintenanceMargin?: number;
  /** Number of price bins; default 200. */
  bins?: number;
  /** Price range of the grid; default: from below the lowest low to above the highest high by the lowest leverage's distance. */
  range?: [number, number];
  /** Clear levels the price trades through; default true. */
  clearTouched?: boolean;
  /** Column names when the input is a Frame. */
  columns?: { time?: string; close?: string; high?: string; low?: string; openInterest?: string };
}

export interface LiquidationMap {
  /** Bin edges (bins + 1) and centers (bins). */
  edges: Float64Array;
  price: Float64Array;
  /** Bar times (as given; index numbers when none). */
  time: Float64Array;
  bins: number;
  /** USD of longs / shorts per bin after each bar: row t is bar t (bars x bins, row-major). */
  long: Float64Array;
  short: Float64Array;
  /** The map after bar t (default the last): views into `long` and `short`. */
  at(t?: number): { long: Float64Array; short: Float64Array };
}

/** Bars: close and open interest are required; high and low default to close. */
export interface OpenInterestBars {
  time?: ArrayLike<number>;
  close: ArrayLike<number>;
  high?: ArrayLike<number>;
  low?: ArrayLike<number>;
  /** Open interest in USD. */
  openInterest: ArrayLike<number>;
}

function barsOf(input: Frame | OpenInterestBars, columns: LiquidationMapOptions["columns"] = {}): OpenInterestBars {
  if (!("numbers" in input)) return input;
  const name = (k: keyof NonNullable<LiquidationMapOptions["columns"]>, d: string) => columns[k] ?? d;
  const optional = (k: keyof NonNullable<LiquidationMapOptions["columns"]>, d: string) => (input.has(name(k, d)) ? input.numbers(name(k, d)) : undefined);
  return { time: optional("time", "time"), close: input.numbers(name("close", "close")), high: optional("high", "high"), low: optional("low", "low"), openInterest: input.numbers(name("openInterest", "openInterest")) };
}

const LIQUIDATION_MAP_COLUMNS = optionKeys<NonNullable<LiquidationMapOptions["columns"]>>()("time", "close", "high", "low", "openInterest");
const LIQUIDATION_MAP_OPTIONS = optionKeys<LiquidationMapOptions>()("leverage", "longShare", "maintenanceMargin", "bins", "range", "clearTouched", "columns");

/**
 * The liquidation map of a series of bars with open interest (see the module comment).
 *
 * @example
 *   const map = liquidationMap({ close: [100, 102, 101], openInterest: [1e9, 1.2e9, 1.25e9] }, { bins: 50 });
 *   map.at().long   // USD of longs per price bin after the last bar
 */
export function liquidationMap(input: Frame | OpenInterestBars, options: LiquidationMapOptions = {}): LiquidationMap {
  checkOptions("liquidationMap", options, LIQUIDATION_MAP_OPTIONS);
  checkOptions("liquidationMap: columns", options.columns, LIQUIDATION_MAP_COLUMNS);
  const { leverage = [[10, 0.3], [25, 0.3], [50, 0.25], [100, 0.15]], longShare = 0.5, maintenanceMargin = 0.005, bins = 200, clearTouched = true } = options;
  const bars = barsOf(input, options.columns);
  const n = bars.close.length;
  if (n === 0) throw new Error("liquidationMap: no bars");
  if (bars.openInterest.length !== n) throw new Error(`liquidationMap: openInterest has ${bars.openInterest.length} values but close has ${n}`);
  checkInteger("liquidationMap: bins", bins, 1);
  checkRange("liquidationMap: maintenanceMargin", maintenanceMargin, 0, 0.5);
  const totalShare = leverage.reduce((s, [lev, share], k) => (checkRange(`liquidationMap: leverage[${k}] level`, lev, 1, 1000), s + checkRange(`liquidationMap: leverage[${k}] share`, share, 0, 1)), 0);
  if (!(totalShare > 0)) throw new Error("liquidationMap: leverage shares add up to 0");
  const high = bars.high ?? bars.close;
  const low = bars.low ?? bars.close;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < n; t++) {
    checkPositive(`liquidationMap: close[${t}]`, bars.close[t]);
    if (!(bars.openInterest[t] >= 0)) throw new Error(`liquidationMap: openInterest[${t}] must be >= 0, got ${bars.openInterest[t]}`);
    lo = Math.min(lo, low[t]);
    hi = Math.max(hi, high[t]);
  }
  // wide enough for the lowest leverage's levels below the lowest low and above the highest high
  const minLev = Math.min(...leverage.map(([l]) => l));
  const [rangeLo, rangeHi] = options.range ?? [lo * Math.max(0.01, 1 - 1.1 / minLev), hi * (1 + 1.1 / minLev)];
  if (!(rangeLo > 0 && rangeHi > rangeLo)) throw new Error(`liquidationMap: range must be 0 < low < high, got [${rangeLo}, ${rangeHi}]`);
  const width = (rangeHi - rangeLo) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => rangeLo + k * width);
  const price = Float64Array.from({ length: bins }, (_, k) => rangeLo + (k + 0.5) * width);
  const long = new Float64Array(n * bins);
  const short = new Float64Array(n * bins);
  const curLong = new Float64Array(bins);
  const curShort = new Float64Array(bins);
  const binOf = (p: number) => Math.floor((p - rangeLo) / width);
  for (let t = 0; t < n; t++) {
    if (clearTouched) {
      // longs above the bar's low and shorts below its high were liquidated within the bar
      for (let b = Math.max(0, binOf(low[t])); b < bins; b++) curLong[b] = 0;
      for (let b = Math.min(bins - 1, binOf(high[t])); b >= 0; b--) curShort[b] = 0;
    }
    const before = t === 0 ? 0 : bars.openInterest[t - 1];
    const change = bars.openInterest[t] - before;
    if (change < 0 && before > 0) {
      const keep = bars.openInterest[t] / before;
      for (let b = 0; b < bins; b++) (curLong[b] *= keep), (curShort[b] *= keep);
    } else if (change > 0) {
      const share = typeof longShare === "number" ? longShare : longShare[t];
      const p = bars.close[t];
      for (const [lev, w] of leverage) {
        const amount = (change * w) / totalShare;
        const bl = binOf(p * (1 - 1 / lev + maintenanceMargin));
        const bs = binOf(p * (1 + 1 / lev - maintenanceMargin));
        if (bl >= 0 && bl < bins) curLong[bl] += amount * share;
        if (bs >= 0 && bs < bins) curShort[bs] += amount * (1 - share);
      }
    }
    long.set(curLong, t * bins);
    short.set(curShort, t * bins);
  }
  const time = Float64Array.from({ length: n }, (_, t) => (bars.time ? bars.time[t] : t));
  return {
    edges,
    price,
    time,
    bins,
    long,
    short,
    at: (t = n - 1) => ({ long: long.subarray(t * bins, (t + 1) * bins), short: short.subarray(t * bins, (t + 1) * bins) }),
  };
}
