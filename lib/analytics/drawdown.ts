/**
 * Drawdown: the largest fall from a running high to a later low. With candles the high and the
 * low are the bars' highs and lows (an intraday extreme counts), otherwise the closes.
 */
import { Frame } from "../frame";
import { timeframeMs } from "../timeframe";
import { seriesValues, timeValues, type SeriesInput } from "./series";
import { checkOptions, optionKeys } from "../options";

const DAY = 86_400_000;

/** The deepest fall: from `peak` at `peakAt` to `trough` at `troughAt`. */
export interface Drawdown {
  peak: number;
  /** When the peak was: a Date for a frame with a time column, else the row index. */
  peakAt: Date | number;
  trough: number;
  troughAt: Date | number;
  /** 1 - trough / peak: 0.362 for a 36.2 % fall; 0 when the series never falls. */
  depth: number;
  /** Days from the peak to the trough (fractional for intraday bars); NaN without times or a timeframe. */
  days: number;
}

/** Options of {@link drawdown} and {@link drawdownFromHigh}: which columns of a frame to read. */
export interface DrawdownOptions {
  /** Column of highs; "high" when the frame has it, else the closes. */
  high?: string;
  /** Column of lows; "low" when the frame has it, else the closes. */
  low?: string;
  /** Column of closes (used for highs or lows a frame lacks); "close" by default. */
  close?: string;
  /** The time column of a frame; "time" or its first time column by default. */
  time?: string;
  /** For an array: the spacing of its values ("1d", "1h"), so that `days` can be told. */
  timeframe?: string;
}

function columns(input: SeriesInput, { high, low, close = "close" }: DrawdownOptions): [Float64Array, Float64Array] {
  if (!(input instanceof Frame)) {
    const v = seriesValues(input);
    return [v, v];
  }
  const pick = (name: string | undefined, fallback: string) => seriesValues(input, name ?? (input.has(fallback) ? fallback : close));
  return [pick(high, "high"), pick(low, "low")];
}

const DRAWDOWN_OPTIONS = optionKeys<DrawdownOptions>()("high", "low", "close", "time", "timeframe");

/**
 * The maximum drawdown of a series: the highest high before the lowest low relative to it.
 * Missing values are skipped. The peak is the first bar at the running high.
 *
 * @example
 *   drawdown([100, 120, 90, 110, 60, 130])
 *   // { peak: 120, peakAt: 1, trough: 60, troughAt: 4, depth: 0.5, days: NaN }
 *   drawdown(snapshot().candles) // peak 126,287 (2025-10-06 18:00), trough 80,562 (2025-11-21 12:00), depth 0.362
 */
export function drawdown(input: SeriesInput, options: DrawdownOptions = {}): Drawdown {
  checkOptions("drawdown", options, DRAWDOWN_OPTIONS);
  const [highs, lows] = columns(input, options);
  const times = timeValues(input, options.time);
  let runningAt = -1;
  let best = { peakAt: -1, troughAt: -1, depth: 0 };
  for (let i = 0; i < highs.length; i++) {
    const h = highs[i];
    if (h === h && (runningAt < 0 || h > highs[runningAt])) runningAt = i;
    const l = lows[i];
    if (runningAt < 0 || l !== l) continue;
    const depth = 1 - l / highs[runningAt];
    if (best.peakAt < 0 || depth > best.depth) best = { peakAt: runningAt, troughAt: i, depth };
  }
  if (best.peakAt < 0) throw new Error("drawdown needs at least one value that is not missing");
  if (best.depth === 0) best.troughAt = best.peakAt;
  const at = (i: number): Date | number => (times ? new Date(times[i]) : i);
  let days = NaN;
  if (times) days = (times[best.troughAt] - times[best.peakAt]) / DAY;
  else if (options.timeframe) days = ((best.troughAt - best.peakAt) * timeframeMs(options.timeframe)) / DAY;
  const trough = best.depth === 0 ? highs[best.peakAt] : lows[best.troughAt];
  return { peak: highs[best.peakAt], peakAt: at(best.peakAt), trough, troughAt: at(best.troughAt), depth: best.depth, days };
}

const DRAWDOWN_FROM_HIGH_OPTIONS = optionKeys<NonNullable<Parameters<typeof drawdownFromHigh>[1]>>()("high", "close");

/**
 * The running drawdown at every row: close over the highest high so far, minus 1 (0 at a new
 * high, -0.36 36 % below it). For the "drawdown from the high" line of a chart.
 *
 * @example
 *   drawdownFromHigh([100, 120, 90]) // Float64Array [0, 0, -0.25]
 */
export function drawdownFromHigh(input: SeriesInput, { high, close = "close", ...unknown }: Pick<DrawdownOptions, "high" | "close"> = {}): Float64Array {
  checkOptions("drawdownFromHigh", unknown, DRAWDOWN_FROM_HIGH_OPTIONS);
  const closes = seriesValues(input, close);
  const highs = input instanceof Frame ? seriesValues(input, high ?? (input.has("high") ? "high" : close)) : closes;
  const out = new Float64Array(closes.length);
  let peak = -Infinity;
  for (let i = 0; i < closes.length; i++) {
    if (highs[i] > peak) peak = highs[i];
    out[i] = peak > -Infinity ? closes[i] / peak - 1 : NaN;
  }
  return out;
}
