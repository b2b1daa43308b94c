/**
 * The statistics of repeated measurements, and figures as the bench tables print them: one
 * definition for every suite, so that "median" and "12.3 ms" mean the same in every row.
 */

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("median of no measurements");
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The q-quantile by nearest rank (q = 0.95: the value 95 % of measurements are at or below). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new RangeError("quantile of no measurements");
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * q) - 1))];
}

/** Milliseconds as the tables print them: "0.93 ms", "12.3 ms", "1,234 ms". */
export function ms(x: number): string {
  if (x >= 100) return `${Math.round(x).toLocaleString("en-US")} ms`;
  return `${x.toFixed(x >= 10 ? 1 : 2)} ms`;
}
