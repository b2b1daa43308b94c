/**
 * Price impact beyond one market order: the square-root law for orders worked slowly over a
 * day (metaorders), and the recovery of depth after a sweep (resilience).
 *
 * Square-root law: dP / P = Y * sigma_daily * sqrt(Q / V_daily), confirmed on Bitcoin by
 * Donier & Bonart (2015, "A million metaorder analysis of market impact on the Bitcoin",
 * Market Microstructure and Liquidity 1(2)) with Y of order 0.5-1. It holds for a sale spread
 * over hours, not for a market order that walks the book (see `walkBook`).
 *
 * Resilience: after a sweep, new limit orders refill the consumed depth; the gap closes
 * exponentially with a half-life (Obizhaeva & Wang 2013, "Optimal trading strategy and
 * supply/demand dynamics", J. Financial Markets 16: transient impact with exponential decay).
 */
import { checkNonNegative, checkPositive } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link squareRootImpact}: the order and the market it trades in. */
export interface SquareRootImpactOptions {
  /** USD sold (or bought) over the day. */
  quantity: number;
  /** USD traded in the market per day. */
  dailyVolume: number;
  /** Daily volatility as a fraction (0.03 = 3 %). */
  dailyVolatility: number;
  /** The prefactor Y; default 0.7, inside Donier & Bonart's 0.5-1. */
  Y?: number;
}

const SQUARE_ROOT_IMPACT_OPTIONS = optionKeys<SquareRootImpactOptions>()("quantity", "dailyVolume", "dailyVolatility", "Y");

/**
 * The fractional price move of a metaorder by the square-root law (see the module comment).
 *
 * @example
 *   squareRootImpact({ quantity: 1e9, dailyVolume: 40e9, dailyVolatility: 0.03 }) // 0.0033: 0.7 * 3 % * sqrt(1 / 40)
 */
export function squareRootImpact({ quantity, dailyVolume, dailyVolatility, Y = 0.7, ...unknown }: SquareRootImpactOptions): number {
  checkOptions("squareRootImpact", unknown, SQUARE_ROOT_IMPACT_OPTIONS);
  checkNonNegative("squareRootImpact: quantity", quantity);
  checkPositive("squareRootImpact: dailyVolume", dailyVolume);
  checkNonNegative("squareRootImpact: dailyVolatility", dailyVolatility);
  checkNonNegative("squareRootImpact: Y", Y);
  return Y * dailyVolatility * Math.sqrt(quantity / dailyVolume);
}

const DEPTH_RECOVERY_OPTIONS = optionKeys<Parameters<typeof depthRecovery>[0]>()("depth", "baseline", "halfLife");

/**
 * Depth over time after a sweep left `depth` of a usual `baseline`: the missing part halves
 * every `halfLife` (same unit as the time you pass).
 *
 * @example
 *   const depth = depthRecovery({ depth: 27e3, baseline: 1.2e6, halfLife: 30 });
 *   depth(30) // 613,500: half the gap refilled after one half-life
 */
export function depthRecovery({ depth, baseline, halfLife, ...unknown }: {
  /** Depth right after the shock (USD within the band, e.g. within 1 %). */
  depth: number;
  /** Depth before the shock, which the book recovers toward (same unit). */
  baseline: number;
  /** Time for half of the missing depth to return, in the unit `elapsed` is given in (minutes, say). */
  halfLife: number;
}): (elapsed: number) => number {
  checkOptions("depthRecovery", unknown, DEPTH_RECOVERY_OPTIONS);
  checkNonNegative("depthRecovery: depth", depth);
  checkPositive("depthRecovery: baseline", baseline);
  checkPositive("depthRecovery: halfLife", halfLife);
  return (elapsed) => baseline - (baseline - depth) * Math.pow(2, -Math.max(0, elapsed) / halfLife);
}

/**
 * The consumed depth (USD of bids eaten and not yet replaced) at the end of an interval of
 * length `dt`, starting from `consumed`, while `flow` USD is sold evenly over the interval and
 * the book refills at rate `rate` (= ln 2 / half-life): the exact solution of
 * dK/dt = flow / dt - rate K. With a half-life much shorter than dt, K tends to the flow over
 * `rate * dt`: the book absorbs `rate * dt` times its resting depth in one interval.
 *
 * @example
 *   consumedAfter(0, 60e6, Math.LN2 / 10, 60) // about 14.2e6: a 10 s half-life within a minute
 */
export function consumedAfter(consumed: number, flow: number, rate: number, dt: number): number {
  if (rate <= 0) return consumed + flow;
  const decay = Math.exp(-rate * dt);
  return consumed * decay + (flow * (1 - decay)) / (rate * dt);
}
