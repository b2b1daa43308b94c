/**
 * Tests of a support level: each time the price comes down to the level (within a tolerance)
 * counts as one touch, however many bars it stays there; after it, how far the price rebounds
 * within a look-ahead. Claim A21's test: many touches of $80k with weak rebounds over one to two
 * months read as the end of the bull's first half.
 */
import { seriesValues, timeValues } from "./series";
import type { Frame } from "../frame";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link supportTests}: the level and what counts as touching and breaking it. */
export interface SupportOptions {
  /** The support price. */
  level: number;
  /** How close a low must come to count as a touch, as a fraction of the level; 1 % by default. */
  tolerance?: number;
  /** The rebound, as a fraction of the touch low, that counts as a real bounce; 5 % by default. */
  rebound?: number;
  /** Bars after the touch in which the rebound is measured; 72 (three days of hourly bars) by default. */
  lookahead?: number;
}

/** One visit of the price to the support zone. */
export interface SupportTouch {
  /** The bar of the visit's lowest low: a Date for a frame with times, else the row index. */
  at: Date | number;
  /** The visit's lowest low. */
  low: number;
  /** Whether a close went below the zone (level x (1 - tolerance)) during the visit. */
  broke: boolean;
  /** The highest high within `lookahead` bars after the low, over the low, minus 1. */
  rebound: number;
  /** Whether the rebound reached the `rebound` threshold. */
  rebounded: boolean;
}

/** The touches of a level and a summary. */
export interface SupportTests {
  level: number;
  touches: SupportTouch[];
  /** Touches that rebounded by the threshold, and those that did not. */
  rebounds: number;
  weak: number;
  /** Whether no close went below the zone. */
  held: boolean;
}

const SUPPORT_OPTIONS = optionKeys<NonNullable<Parameters<typeof supportTests>[1]>>()("level", "tolerance", "rebound", "lookahead");

/**
 * The touches of a support level in candles (high, low and close columns).
 *
 * @example
 *   const t = supportTests(snapshot().candles, { level: 80_000, tolerance: 0.02 });
 *   t.touches.length // visits to $78.4k-81.6k; t.weak counts those that bounced under 5 %
 */
export function supportTests(candles: Frame, { level, tolerance = 0.01, rebound = 0.05, lookahead = 72, ...unknown }: SupportOptions): SupportTests {
  checkOptions("supportTests", unknown, SUPPORT_OPTIONS);
  if (!(level > 0)) throw new Error(`supportTests: level must be a positive price, got ${level}`);
  const highs = seriesValues(candles, "high");
  const lows = seriesValues(candles, "low");
  const closes = seriesValues(candles, "close");
  const times = timeValues(candles);
  // with no lows there is nothing to test: "held" would be a verdict on no data
  if (!lows.some((x) => x === x)) throw new Error(`supportTests: the candles have no lows (${lows.length} rows, none with a value)`);
  const top = level * (1 + tolerance);
  const bottom = level * (1 - tolerance);
  const touches: SupportTouch[] = [];
  let i = 0;
  while (i < lows.length) {
    if (!(lows[i] <= top)) {
      i++;
      continue;
    }
    // A visit: consecutive bars whose low is in or under the zone.
    let lowest = i;
    let broke = false;
    let j = i;
    for (; j < lows.length && lows[j] <= top; j++) {
      if (lows[j] < lows[lowest]) lowest = j;
      if (closes[j] < bottom) broke = true;
    }
    let best = -Infinity;
    for (let k = lowest + 1; k <= Math.min(lows.length - 1, lowest + lookahead); k++) if (highs[k] > best) best = highs[k];
    const r = best > -Infinity ? best / lows[lowest] - 1 : NaN;
    touches.push({ at: times ? new Date(times[lowest]) : lowest, low: lows[lowest], broke, rebound: r, rebounded: r >= rebound });
    i = j;
  }
  const rebounds = touches.filter((t) => t.rebounded).length;
  return { level, touches, rebounds, weak: touches.length - rebounds, held: !touches.some((t) => t.broke) };
}
