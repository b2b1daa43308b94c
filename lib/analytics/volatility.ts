/**
 * Volatility: the standard deviation of log returns, over the whole series or a rolling window,
 * optionally annualized by the square root of the periods in a year (8,760 hourly bars, 365
 * daily bars for crypto, which trades every day).
 */
import { rollingStd } from "../rolling";
import { returns } from "./returns";
import type { SeriesInput } from "./series";

export interface VolatilityOptions {
  /** Periods per year to annualize by (8760 for hourly crypto bars, 365 daily); 1 (no scaling) by default. */
  periodsPerYear?: number;
  /** The price column of a frame; "close" by default. */
  column?: string;
}

/**
 * The sample standard deviation of the log returns of a price series, annualized when asked.
 *
 * @example
 *   volatility(dailyCloses, { periodsPerYear: 365 }) // 0.45 for 45 % a year
 */
export function volatility(input: SeriesInput, { periodsPerYear = 1, column = "close" }: VolatilityOptions = {}): number {
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
  return n > 1 ? Math.sqrt((m2 / (n - 1)) * periodsPerYear) : NaN;
}

/**
 * Rolling volatility of log returns over `window` returns, aligned with the prices (NaN until
 * the window is full).
 *
 * @example
 *   rollingVolatility(candles, { window: 24, periodsPerYear: 8760 }) // annualized 24-hour volatility per bar
 */
export function rollingVolatility(input: SeriesInput, { window, periodsPerYear = 1, column = "close", minPeriods = window }: VolatilityOptions & { window: number; minPeriods?: number }): Float64Array {
  const std = rollingStd(returns(input, { kind: "log", column }), window, { minPeriods });
  const scale = Math.sqrt(periodsPerYear);
  for (let i = 0; i < std.length; i++) std[i] *= scale;
  return std;
}
