/**
 * Candle timeframes in the exchanges' notation ("1m", "15m", "1h", "4h", "1d", "1w", "1M"), and
 * the bucket a timestamp falls in.
 *
 * Buckets follow the exchanges' conventions so a resampled series lines up with the candles a
 * venue publishes: minutes, hours and days are aligned to the Unix epoch in UTC (a "4h" candle
 * opens at 00:00, 04:00, ... UTC), weeks open on Monday 00:00 UTC (Binance, Bybit, OKX), and
 * months on the first of the month, 00:00 UTC.
 */

/** A parsed timeframe: `count` units. "m" is minutes and "M" months (ccxt's notation). */
export interface Timeframe {
  count: number;
  unit: "s" | "m" | "h" | "d" | "w" | "M";
  /** Its length in milliseconds; NaN for months, which have no fixed length. */
  ms: number;
}

const UNIT_MS: Record<Timeframe["unit"], number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: NaN };

/** 1970-01-05, the first Monday after the epoch: weeks are counted from it. */
const FIRST_MONDAY_MS = 4 * 86_400_000;

/**
 * Parses a timeframe such as "1h", "4h", "1d", "1w", "1M" (month) or "15m" (minutes).
 * Throws on anything else, listing the accepted units.
 *
 * @example
 *   parseTimeframe("4h") // { count: 4, unit: "h", ms: 14400000 }
 */
export function parseTimeframe(timeframe: string): Timeframe {
  const match = /^\s*(\d+)?\s*(s|m|h|d|w|M)\s*$/.exec(timeframe);
  const count = match ? Number(match[1] ?? 1) : 0;
  if (!match || !(count >= 1)) {
    throw new Error(`unknown timeframe ${JSON.stringify(timeframe)}: use a count and a unit, s (seconds), m (minutes), h, d, w or M (months), e.g. "15m", "4h", "1d", "1w"`);
  }
  const unit = match[2] as Timeframe["unit"];
  return { count, unit, ms: count * UNIT_MS[unit] };
}

/**
 * The length of a timeframe in milliseconds (a number is taken as milliseconds already).
 * Months have no fixed length and throw.
 *
 * @example
 *   timeframeMs("15m") // 900000
 */
export function timeframeMs(timeframe: string | number): number {
  if (typeof timeframe === "number") return timeframe;
  const tf = parseTimeframe(timeframe);
  if (tf.unit === "M") throw new Error(`timeframe ${JSON.stringify(timeframe)} is in months, which have no fixed length in milliseconds`);
  return tf.ms;
}

/**
 * Returns a function mapping epoch milliseconds to the start of their bucket.
 *
 * @example
 *   const floor = bucketStart("4h");
 *   floor(Date.UTC(2025, 9, 10, 21, 30)) // Date.UTC(2025, 9, 10, 20)
 */
export function bucketStart(timeframe: string | Timeframe): (ms: number) => number {
  const tf = typeof timeframe === "string" ? parseTimeframe(timeframe) : timeframe;
  if (tf.unit === "M") {
    const { count } = tf;
    return (ms) => {
      if (!Number.isFinite(ms)) return NaN;
      const date = new Date(ms);
      const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth();
      const start = Math.floor(monthIndex / count) * count;
      return Date.UTC(Math.floor(start / 12), start % 12, 1);
    };
  }
  const step = tf.ms;
  const origin = tf.unit === "w" ? FIRST_MONDAY_MS : 0;
  return (ms) => Math.floor((ms - origin) / step) * step + origin;
}
