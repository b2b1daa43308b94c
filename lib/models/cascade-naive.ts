/**
 * The cascade as a straightforward implementation would run it: every step, look at every
 * position and liquidate those past their liquidation point. Same model, same results as
 * `simulateCascade` (the tests check it), but O(n) per step instead of a sweep over positions
 * sorted once: the benchmark's "what a user would write" alternative, and the tests' oracle.
 */
import { runCascade, type CascadeResult } from "./cascade";
import type { CascadeOptions } from "./cascade-options";

/**
 * `simulateCascade` with a per-step rescan of every position.
 *
 * @example
 *   simulateCascadeNaive(options).totals.liquidated // the same as simulateCascade(options)'s
 */
export function simulateCascadeNaive(options: CascadeOptions): CascadeResult {
  return runCascade(options, "scan");
}
