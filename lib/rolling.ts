/**
 * Rolling-window statistics over a series, in O(n) for the built-in reducers: sums with
 * compensated (Neumaier) summation so a long series does not drift, variance with Welford's
 * add/remove updates, min and max with a monotonic deque.
 *
 * Windows count rows. Missing values (NaN) are skipped: a window's statistic uses the valid
 * values in it, and is NaN while fewer than `minPeriods` are valid (pandas' convention).
 */
import { checkOptions, optionKeys } from "./options";

/** A built-in statistic, or a function of the raw window (a view that may contain NaN). */
export type RollingReducer = "mean" | "sum" | "std" | "var" | "min" | "max" | ((window: Float64Array) => number);

/** Options of the rolling window functions ({@link rolling}, {@link rollingMean} and the rest). */
export interface RollingOptions {
  /** Valid values needed for a result; the full window by default. */
  minPeriods?: number;
  /** Delta degrees of freedom of std and var: 1 (sample, the default) or 0 (population). */
  ddof?: number;
}

function checkWindow(window: number, minPeriods: number): void {
  if (!(Number.isInteger(window) && window >= 1)) throw new Error(`rolling: window must be a whole number of rows >= 1, got ${window}`);
  if (!(Number.isInteger(minPeriods) && minPeriods >= 1 && minPeriods <= window)) throw new Error(`rolling: minPeriods must be between 1 and the window (${window}), got ${minPeriods}`);
}

function sumOrMean(x: Float64Array, window: number, minPeriods: number, mean: boolean): Float64Array {
  const out = new Float64Array(x.length);
  let sum = 0;
  let compensation = 0;
  let count = 0;
  const add = (v: number) => {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  };
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) (add(v), count++);
    if (i >= window) {
      const old = x[i - window];
      if (old === old) (add(-old), count--);
    }
    // An empty window restarts the sums exactly, so residue cannot build up across gaps.
    if (count === 0) sum = compensation = 0;
    out[i] = count >= minPeriods ? (mean ? (sum + compensation) / count : sum + compensation) : NaN;
  }
  return out;
}

function variance(x: Float64Array, window: number, minPeriods: number, ddof: number, root: boolean): Float64Array {
  const out = new Float64Array(x.length);
  let count = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      count++;
      const d = v - mean;
      mean += d / count;
      m2 += d * (v - mean);
    }
    if (i >= window) {
      const old = x[i - window];
      if (old === old) {
        count--;
        if (count === 0) mean = m2 = 0;
        else {
          const d = old - mean;
          mean -= d / count;
          m2 -= d * (old - mean);
        }
      }
    }
    const dof = count - ddof;
    if (count >= minPeriods && dof > 0) {
      const s2 = Math.max(0, m2) / dof;
      out[i] = root ? Math.sqrt(s2) : s2;
    } else out[i] = NaN;
  }
  return out;
}

function extremum(x: Float64Array, window: number, minPeriods: number, max: boolean): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  // Indices of candidates, values monotonic from head to tail: at most `window` of them after
  // expiring the one that left, so a ring of window + 1 slots never overflows.
  const size = window + 1;
  const deque = new Int32Array(size);
  let head = 0;
  let tail = 0; // exclusive; empty when head === tail
  let count = 0;
  for (let i = 0; i < n; i++) {
    while (head !== tail && deque[head] <= i - window) head = (head + 1) % size;
    const v = x[i];
    if (v === v) {
      count++;
      while (head !== tail) {
        const last = x[deque[(tail - 1 + size) % size]];
        if (max ? last <= v : last >= v) tail = (tail - 1 + size) % size;
        else break;
      }
      deque[tail] = i;
      tail = (tail + 1) % size;
    }
    if (i >= window && x[i - window] === x[i - window]) count--;
    out[i] = count >= minPeriods && head !== tail ? x[deque[head]] : NaN;
  }
  return out;
}

function custom(x: Float64Array, window: number, minPeriods: number, fn: (w: Float64Array) => number): Float64Array {
  const out = new Float64Array(x.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === x[i]) count++;
    if (i >= window && x[i - window] === x[i - window]) count--;
    out[i] = count >= minPeriods ? fn(x.subarray(Math.max(0, i - window + 1), i + 1)) : NaN;
  }
  return out;
}

const ROLLING_OPTIONS = optionKeys<NonNullable<Parameters<typeof rolling>[3]>>()("minPeriods", "ddof");

/**
 * A rolling statistic over the last `window` values (the current one included), aligned with
 * the input: NaN where fewer than `minPeriods` valid values are in the window.
 *
 * @example
 *   rolling([1, 2, 3, 4], 2)                          // Float64Array [NaN, 1.5, 2.5, 3.5]
 *   rolling([1, 2, 3, 4], 3, "max", { minPeriods: 1 }) // Float64Array [1, 2, 3, 4]
 *   rolling(closes, 24, (w) => w[w.length - 1] / w[0] - 1) // 24-bar return
 */
export function rolling(values: ArrayLike<number>, window: number, reducer: RollingReducer = "mean", { minPeriods = window, ddof = 1, ...unknown }: RollingOptions = {}): Float64Array {
  checkOptions("rolling", unknown, ROLLING_OPTIONS);
  checkWindow(window, minPeriods);
  const x = values instanceof Float64Array ? values : Float64Array.from(values);
  if (typeof reducer === "function") return custom(x, window, minPeriods, reducer);
  switch (reducer) {
    case "mean":
      return sumOrMean(x, window, minPeriods, true);
    case "sum":
      return sumOrMean(x, window, minPeriods, false);
    case "std":
      return variance(x, window, minPeriods, ddof, true);
    case "var":
      return variance(x, window, minPeriods, ddof, false);
    case "min":
      return extremum(x, window, minPeriods, false);
    case "max":
      return extremum(x, window, minPeriods, true);
  }
  throw new Error(`rolling: unknown reducer ${JSON.stringify(reducer)}; use mean, sum, std, var, min, max or a function`);
}

/** Rolling mean. @example rollingMean(closes, 20) */
export const rollingMean = (values: ArrayLike<number>, window: number, options?: RollingOptions) => (checkOptions("rollingMean", options, ROLLING_OPTIONS), rolling(values, window, "mean", options));
/** Rolling sum. @example rollingSum(volumes, 24) */
export const rollingSum = (values: ArrayLike<number>, window: number, options?: RollingOptions) => (checkOptions("rollingSum", options, ROLLING_OPTIONS), rolling(values, window, "sum", options));
/** Rolling standard deviation (sample, ddof 1, by default). @example rollingStd(returns, 30) */
export const rollingStd = (values: ArrayLike<number>, window: number, options?: RollingOptions) => (checkOptions("rollingStd", options, ROLLING_OPTIONS), rolling(values, window, "std", options));
/** Rolling minimum. @example rollingMin(lows, 24) */
export const rollingMin = (values: ArrayLike<number>, window: number, options?: RollingOptions) => (checkOptions("rollingMin", options, ROLLING_OPTIONS), rolling(values, window, "min", options));
/** Rolling maximum: with window = all rows so far, the running high of a drawdown. @example rollingMax(highs, 24) */
export const rollingMax = (values: ArrayLike<number>, window: number, options?: RollingOptions) => (checkOptions("rollingMax", options, ROLLING_OPTIONS), rolling(values, window, "max", options));
