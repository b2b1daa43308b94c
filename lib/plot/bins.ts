/**
 * Equal-width bins, and finding the bar a time falls in: how charts sum many events
 * (liquidations, flows) into a bounded number of bars or heatmap cells.
 */

/** `count` bins of `width` from `start`. */
export interface Bins {
  start: number;
  width: number;
  count: number;
}

/**
 * `count` equal bins spanning [min, max] (one bin of width 1 around a single value).
 *
 * @example
 *   equalBins(0, 10, 5) // { start: 0, width: 2, count: 5 }
 */
export function equalBins(min: number, max: number, count: number): Bins {
  if (!(Number.isFinite(min) && Number.isFinite(max))) throw new Error(`equalBins: the range [${min}, ${max}] is not finite (no values?)`);
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`equalBins: count must be a positive integer, got ${count}`);
  if (max <= min) return { start: min - 0.5, width: 1 / count, count };
  return { start: min, width: (max - min) / count, count };
}

/**
 * The bin a value falls in (the last bin includes its upper edge); -1 for a missing or
 * out-of-range value.
 *
 * @example
 *   binOf({ start: 0, width: 2, count: 5 }, 10) // 4
 */
export function binOf({ start, width, count }: Bins, value: number): number {
  if (value !== value) return -1;
  const b = Math.floor((value - start) / width);
  if (b === count && value <= start + width * count * (1 + 1e-12)) return count - 1;
  return b >= 0 && b < count ? b : -1;
}

/**
 * The centre of every bin.
 *
 * @example
 *   binCenters({ start: 0, width: 2, count: 3 }) // Float64Array [1, 3, 5]
 */
export function binCenters({ start, width, count }: Bins): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => start + (i + 0.5) * width);
}

/**
 * The index of the bar a time falls in: the last `starts[i] <= t` (starts ascending), or -1
 * before the first.
 *
 * @example
 *   barOf([0, 10, 20], 15) // 1
 */
export function barOf(starts: ArrayLike<number>, t: number): number {
  if (t !== t) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || t < starts[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The smallest and largest finite values of one or more series.
 *
 * @example
 *   extent([3, NaN, 1], [7]) // [1, 7]
 */
export function extent(...series: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}
