/**
 * Pearson correlation of two series, whole or over a rolling window; pairs where either value is
 * missing are left out. Correlate returns, not prices: two trending prices correlate whatever
 * their day-to-day moves.
 */
import { seriesValues, type SeriesInput } from "./series";
import { checkOptions, optionKeys } from "../options";

function check(x: Float64Array, y: Float64Array): void {
  if (x.length !== y.length) throw new Error(`correlation needs series of the same length, got ${x.length} and ${y.length}`);
}

const CORRELATION_OPTIONS = optionKeys<NonNullable<Parameters<typeof correlation>[2]>>()("column");

/**
 * The correlation of two series over the pairs where both values are present. Fewer than two
 * such pairs, or a series that does not vary over them, is an error: there is no correlation to
 * report, and a NaN would travel on into tables and charts unnoticed.
 *
 * @example
 *   correlation([1, 2, 3], [2, 4, 7]) // 0.99
 */
export function correlation(a: SeriesInput, b: SeriesInput, { column = "close", ...unknown }: {
  /** The column read from a frame input; "close" by default. */
  column?: string;
} = {}): number {
  checkOptions("correlation", unknown, CORRELATION_OPTIONS);
  const x = seriesValues(a, column);
  const y = seriesValues(b, column);
  check(x, y);
  let n = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== x[i] || y[i] !== y[i]) continue;
    n++;
    const dx = x[i] - mx;
    const dy = y[i] - my;
    mx += dx / n;
    my += dy / n;
    sxx += dx * (x[i] - mx);
    syy += dy * (y[i] - my);
    sxy += dx * (y[i] - my);
  }
  if (n < 2) throw new Error(`correlation needs at least two pairs where both values are present, got ${n} (of ${x.length} rows)`);
  if (!(sxx > 0) || !(syy > 0)) throw new Error(`correlation: the ${!(sxx > 0) ? "first" : "second"} series does not vary over the ${n} complete pairs, so it has no correlation`);
  return sxy / Math.sqrt(sxx * syy);
}

/** Options of {@link rollingCorrelation}. */
export interface RollingCorrelationOptions {
  /** Rows in the window. */
  window: number;
  /** Complete pairs needed for a value; the window by default. */
  minPeriods?: number;
  /** The column of frames; "close" by default. */
  column?: string;
}

const ROLLING_CORRELATION_OPTIONS = optionKeys<NonNullable<Parameters<typeof rollingCorrelation>[2]>>()("window", "minPeriods", "column");

/**
 * Correlation over the last `window` rows at every row, aligned with the inputs. Each window is
 * a fresh Welford pass, O(n x window): exact for any magnitude, where running sums of squares
 * of prices lose digits.
 *
 * @example
 *   rollingCorrelation(returns(btc), returns(spx), { window: 20 })
 */
export function rollingCorrelation(a: SeriesInput, b: SeriesInput, { window, minPeriods = window, column = "close", ...unknown }: RollingCorrelationOptions): Float64Array {
  checkOptions("rollingCorrelation", unknown, ROLLING_CORRELATION_OPTIONS);
  if (!(Number.isInteger(window) && window >= 2)) throw new Error(`rollingCorrelation: window must be a whole number >= 2, got ${window}`);
  if (!(minPeriods >= 2 && minPeriods <= window)) throw new Error(`rollingCorrelation: minPeriods must be between 2 and the window (${window}), got ${minPeriods}`);
  const x = seriesValues(a, column);
  const y = seriesValues(b, column);
  check(x, y);
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = 0; i < x.length; i++) {
    const from = Math.max(0, i - window + 1);
    let n = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    for (let j = from; j <= i; j++) {
      if (x[j] !== x[j] || y[j] !== y[j]) continue;
      n++;
      const dx = x[j] - mx;
      const dy = y[j] - my;
      mx += dx / n;
      my += dy / n;
      sxx += dx * (x[j] - mx);
      syy += dy * (y[j] - my);
      sxy += dx * (y[j] - my);
    }
    if (n >= minPeriods && sxx > 0 && syy > 0) out[i] = sxy / Math.sqrt(sxx * syy);
  }
  return out;
}
