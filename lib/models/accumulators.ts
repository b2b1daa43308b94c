/**
 * Incremental accumulators in the shape of stdlib-js (`@stdlib/stats-incr-ewmean`,
 * `increwvariance`): a function returns an accumulator you feed one value at a time; called
 * with no value it returns the current state. Used for the cascade loop's running statistics
 * (realized volatility for market-maker withdrawal) without keeping the series.
 *
 * The weights are set by a half-life in time rather than stdlib's fixed alpha, so steps of any
 * length give the same statistic: a value observed `dt` after the last one gets the weight
 * alpha = 1 - 2^(-dt / halfLife).
 */
import { checkPositive } from "./validate";

/** An accumulator: `acc(x, dt)` adds a value observed dt after the last; `acc()` reads. */
export type Accumulator = (x?: number, dt?: number) => number;

/**
 * Exponentially weighted mean with a half-life. NaN until the first value.
 *
 * @example
 *   const mean = incrEwMean(10);
 *   mean(1); mean(3, 10); // 2: after one half-life the new value has half the weight
 */
export function incrEwMean(halfLife: number): Accumulator {
  checkPositive("incrEwMean: halfLife", halfLife);
  let mean = NaN;
  return (x?: number, dt = 1) => {
    if (x === undefined) return mean;
    if (mean !== mean) mean = x;
    else mean += (1 - Math.pow(2, -dt / halfLife)) * (x - mean);
    return mean;
  };
}

/**
 * Exponentially weighted mean square of returns per unit time, the square of realized
 * volatility around a zero mean (RiskMetrics' convention for short horizons, where the mean
 * return is noise). Feed a return and the time it spans; it starts from `initial` (variance per
 * unit time).
 *
 * @example
 *   const variance = incrEwVolatility(10, 0.001 ** 2);
 *   Math.sqrt(variance(-0.03, 1)) // about 0.0078: one -3 % minute lifts a 0.1 %/minute volatility about 8x
 */
export function incrEwVolatility(halfLife: number, initial: number): Accumulator {
  checkPositive("incrEwVolatility: halfLife", halfLife);
  let variance = initial;
  return (r?: number, dt = 1) => {
    if (r === undefined) return variance;
    const alpha = 1 - Math.pow(2, -dt / halfLife);
    variance += alpha * ((r * r) / dt - variance);
    return variance;
  };
}
