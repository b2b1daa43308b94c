/**
 * Largest-triangle-three-buckets (LTTB) downsampling, after Sveinn Steinarsson, "Downsampling
 * Time Series for Visual Representation" (MSc thesis, University of Iceland, 2013). A line of a
 * million points draws the same as one of a few thousand chosen well, and a figure must stay
 * small enough to travel as JSON to the notebook (a million points is tens of megabytes).
 *
 * The first and last points are kept; the points between are split into equal buckets, and
 * each bucket keeps the point that makes the largest triangle with the point kept before it and
 * the average of the next bucket: the point that changes the line's shape most. With
 * `keepExtremes` (the default) the series' highest and lowest points are kept too, so a chart
 * of a crash always shows the real low, not a neighbour of it.
 */
import { checkOptions, optionKeys } from "../options";

/** Options of {@link lttb} and {@link downsample}. */
export interface LttbOptions {
  /** Keep the global minimum and maximum of y as well (within the same budget; needs a threshold of 5 or more). Default true. */
  keepExtremes?: boolean;
}

const LTTB_OPTIONS = optionKeys<NonNullable<Parameters<typeof lttb>[3]>>()("keepExtremes");

/**
 * Indices of at most `threshold` points of (x, y) that draw like the whole series, in order.
 * Points whose x or y is not finite are skipped when the series is thinned (a gap in a line of
 * a million points is not visible at 2,000); a series that fits the budget is kept whole,
 * gaps included.
 *
 * @example
 *   const x = Float64Array.from({ length: 1e6 }, (_, i) => i);
 *   const y = x.map((i) => Math.sin(i / 1e4));
 *   lttb(x, y, 2000).length // 2000, first index 0, last 999999
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number, { keepExtremes = true, ...unknown }: LttbOptions = {}): Uint32Array {
  checkOptions("lttb", unknown, LTTB_OPTIONS);
  const n = y.length;
  if (x.length !== n) throw new Error(`lttb: x has ${x.length} values but y has ${n}`);
  if (!(Number.isInteger(threshold) && threshold >= 3)) throw new Error(`lttb: threshold must be an integer >= 3, got ${threshold}`);
  if (n <= threshold) return Uint32Array.from({ length: n }, (_, i) => i);

  // Work on the finite points only; `at` maps positions back to the input's indices.
  let at: Uint32Array | undefined;
  let finite = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) finite++;
  if (finite < n) {
    at = new Uint32Array(finite);
    for (let i = 0, k = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) at[k++] = i;
  }
  const m = finite;
  const X = (i: number) => x[at ? at[i] : i];
  const Y = (i: number) => y[at ? at[i] : i];
  const index = (i: number) => (at ? at[i] : i);
  if (m <= threshold) return at ?? Uint32Array.from({ length: m }, (_, i) => i);

  // Below 5 points there is no room for the extremes beside first, last and one bucket.
  if (threshold < 5) keepExtremes = false;
  let lo = 0;
  let hi = 0;
  if (keepExtremes) {
    for (let i = 1; i < m; i++) {
      if (Y(i) < Y(lo)) lo = i;
      if (Y(i) > Y(hi)) hi = i;
    }
  }
  // Two places of the budget go to the extremes when they are kept.
  const budget = keepExtremes ? threshold - 2 : threshold;
  const picked = new Uint32Array(budget);
  const every = (m - 2) / (budget - 2);
  let a = 0;
  picked[0] = 0;
  for (let b = 0; b < budget - 2; b++) {
    const nextStart = Math.floor((b + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((b + 2) * every) + 1, m);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) (avgX += X(j)), (avgY += Y(j));
    const count = nextEnd - nextStart;
    if (count > 0) (avgX /= count), (avgY /= count);
    else (avgX = X(m - 1)), (avgY = Y(m - 1));

    const start = Math.floor(b * every) + 1;
    const end = Math.floor((b + 1) * every) + 1;
    const ax = X(a);
    const ay = Y(a);
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      // Twice the triangle's area; the factor does not change which point is largest.
      const area = Math.abs((ax - avgX) * (Y(j) - ay) - (ax - X(j)) * (avgY - ay));
      if (area > bestArea) (bestArea = area), (best = j);
    }
    picked[b + 1] = best;
    a = best;
  }
  picked[budget - 1] = m - 1;

  if (!keepExtremes) return picked.map(index);
  const all = new Set<number>(picked);
  all.add(lo);
  all.add(hi);
  return Uint32Array.from([...all].sort((p, q) => p - q), index);
}

/**
 * The values at `indices`, as a plain array (what goes into a figure's JSON).
 *
 * @example
 *   pick(new Float64Array([5, 6, 7]), [0, 2]) // [5, 7]
 */
export function pick<T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}

const DOWNSAMPLE_OPTIONS = optionKeys<NonNullable<Parameters<typeof downsample>[2]>>()("maxPoints", "keepExtremes");

/**
 * A series thinned to at most `maxPoints` by LTTB: its x and y as plain arrays.
 *
 * @example
 *   const { x, y } = downsample(time, close, { maxPoints: 2000 });
 */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, { maxPoints = 2000, keepExtremes = true, ...unknown }: LttbOptions & {
    /** Points kept at most; 2000 by default. Shorter series come back whole. */
    maxPoints?: number;
  } = {},
): { x: number[]; y: number[]; indices: Uint32Array } {
  checkOptions("downsample", unknown, DOWNSAMPLE_OPTIONS);
  const indices = lttb(x, y, maxPoints, { keepExtremes });
  return { x: pick(x, indices), y: pick(y, indices), indices };
}
