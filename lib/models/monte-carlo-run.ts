/**
 * One Monte Carlo run, the same code on the main thread and in worker threads: draws the run's
 * book and shock from its own seed and returns the run's summary. A run depends only on the
 * scenario and its index, never on which thread ran it or in what order, so a seed gives the
 * same results on any number of workers.
 */
import { seededRandom } from "../random";
import { simulateCascade } from "./cascade";
import type { CascadeOptions } from "./cascade-options";
import { generatePositions, type GeneratePositionsOptions } from "./generate-positions";

/** What a Monte Carlo sweep varies: a book drawn per run, cascade options, and ranges drawn uniformly per run. */
export interface MonteCarloScenario {
  /** The book to draw (its seed is replaced by the run's). */
  book: Omit<GeneratePositionsOptions, "seed">;
  /** Cascade options (serializable: no functions); `price` defaults to the book's. */
  cascade: Omit<CascadeOptions, "book" | "price" | "recordEvents"> & { price?: number };
  /** Uniform ranges drawn per run: the first shock's drop, a fixed withdrawn fraction. */
  vary?: { drop?: [number, number]; withdrawal?: [number, number] };
}

/** The numbers one run reports. */
export const RUN_FIELDS = ["drop", "withdrawal", "liquidated", "traders", "collateral", "adl", "minPrice", "maxDrawdown", "insuranceFundEnd"] as const;
export type RunSummary = Record<(typeof RUN_FIELDS)[number], number>;

/**
 * The seed of run `index` of a sweep seeded `seed` (a splitmix32-style hash, so neighbouring
 * runs get unrelated streams).
 *
 * @example
 *   runSeed(1, 0) !== runSeed(1, 1) // true
 */
export function runSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Runs cascade `index` of a scenario.
 *
 * @example
 *   runOne(scenario, 42, 0).liquidated // USD liquidated in run 0 of seed 42
 */
export function runOne(scenario: MonteCarloScenario, seed: number, index: number): RunSummary {
  const s = runSeed(seed, index);
  const random = seededRandom(s ^ 0x5bd1e995);
  const draw = (range: [number, number] | undefined) => (range ? range[0] + random() * (range[1] - range[0]) : NaN);
  const drop = draw(scenario.vary?.drop);
  const withdrawal = draw(scenario.vary?.withdrawal);
  const book = generatePositions({ ...scenario.book, seed: s });
  const shocks = [...(scenario.cascade.shocks ?? [])];
  if (drop === drop) shocks[0] = { ...(shocks[0] ?? { at: 0, over: 30 }), drop };
  const r = simulateCascade({
    ...scenario.cascade,
    book,
    price: scenario.cascade.price ?? scenario.book.price,
    shocks,
    withdrawal: withdrawal === withdrawal ? withdrawal : scenario.cascade.withdrawal,
    recordEvents: false,
  });
  const t = r.totals;
  return {
    drop,
    withdrawal,
    liquidated: t.liquidated.notional,
    traders: t.liquidated.traders,
    collateral: t.byCause.collateral.notional,
    adl: t.adl,
    minPrice: t.minPrice,
    maxDrawdown: t.maxDrawdown,
    insuranceFundEnd: t.insuranceFund.end,
  };
}
