/**
 * Volatility: the standard deviation of log returns, over the whole series or a rolling window,
 * optionally annualized by the square root of the periods in a year (8,760 hourly bars, 365
 * daily bars for crypto, which trades every day).
 */
import { rollingStd } from "../rolling";
import { returns } from "./returns";
import type { SeriesInput } from "./series";
import { checkOptions, optionKeys } from "../options";
import { checkPositive } from "../models/validate";

/** Options of {@link volatility} and {@link rollingVolatility}. */
export interface VolatilityOptions {
  /** Periods per year to annualize by (8760 for hourly crypto bars, 365 daily); 1 (no scaling) by default. */
  periodsPerYear?: number;
  /** The price column of a frame; "close" by default. */
  column?: string;
}

const VOLATILITY_OPTIONS = optionKeys<NonNullable<Parameters<typeof volatility>[1]>>()("periodsPerYear", "column");

/**
 * The sample standard deviation of the log returns of a price series, annualized when asked.
 * Fewer than two returns (three prices) is an error, not NaN.
 *
 * @example
 *   volatility(dailyCloses, { periodsPerYear: 365 }) // 0.45 for 45 % a year
 */
export function volatility(input: SeriesInput, { periodsPerYear = 1, column = "close", ...unknown }: VolatilityOptions = {}): number {
  checkOptions("volatility", unknown, VOLATILITY_OPTIONS);
  checkPositive("volatility: periodsPerYear", periodsPerYear);
  const r = returns(input, { kind: "log", column });
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of r) {
    if (x !== x) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  if (n < 2) throw new Error(`volatility needs at least two returns (three prices in a row), got ${n}`);
  return Math.sqrt((m2 / (n - 1)) * periodsPerYear);
}

const ROLLING_VOLATILITY_OPTIONS = optionKeys<NonNullable<Parameters<typeof rollingVolatility>[1]>>()("window", "periodsPerYear", "column", "minPeriods");

/**
 * Rolling volatility of log returns over `window` returns, aligned with the prices (NaN until
 * the window is full).
 *
 * @example
 *   rollingVolatility(candles, { window: 24, periodsPerYear: 8760 }) // annualized 24-hour volatility per bar
 */
export function rollingVolatility(input: SeriesInput, { window, periodsPerYear = 1, column = "close", minPeriods = window, ...unknown }: VolatilityOptions & {
    /** Returns in each window (24 for a day of hourly bars). */
    window: number;
    /** Valid returns needed for a value; the full window by default. */
    minPeriods?: number;
  },
): Float64Array {
  checkOptions("rollingVolatility", unknown, ROLLING_VOLATILITY_OPTIONS);
  checkPositive("rollingVolatility: periodsPerYear", periodsPerYear);
  const std = rollingStd(returns(input, { kind: "log", column }), window, { minPeriods });
  const scale = Math.sqrt(periodsPerYear);
  for (let i = 0; i < std.length; i++) std[i] *= scale;
  return std;
}
