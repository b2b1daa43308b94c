/**
 * Calibrated scenarios of the two crashes the article compares: Oct 10-11, 2025 ("1011") and
 * Nov 21, 2025. Each is a synthetic position book plus cascade options; `runScenario` runs it.
 *
 * Targets (CoinGlass 24 h tallies, shared/FACTS.md section B): Oct 10-11 $19.13B and 1,618,240
 * traders liquidated; Nov 21 $1.965B and 403,398 traders; ratios 0.249 (traders) and 0.103
 * (USD), the article's "1/4 and 1/10". The model's tally is positions closed by price or by
 * collateral (ADL, loans and treasury sales are counted apart, as CoinGlass does).
 *
 * The market is one aggregate perpetual (all coins and venues together), priced in BTC terms.
 *
 * Inputs taken from FACTS.md:
 * - start prices: BTC 2025-10-10 open 121,714 and 2025-11-21 open 86,554 (section C);
 * - open interest before 1011: $216B, from "perpetual OI -43 % to $123B" (123 / 0.57);
 * - depth: the shape of BTC's bands (0.5 % $15.5M, 1 % $20M, 5 % $40M, CoinDesk Research) and
 *   Nov's 1 % depth at 0.7x October's ($14M vs $20M);
 * - withdrawal: at most 98 % (one token's 1 % depth $1.2M -> $27k), bids kept beyond 4 % (Kaiko:
 *   only the 4 % and 10 % bands held);
 * - the USDe depeg on the venue's own book: $0.65 between 21:36 and 22:16 UTC, i.e. 46 to 86
 *   minutes after the 20:50 start;
 * - entries: longs opened over the prior week, at its average close over the day's open:
 *   +1.3 % in October (closes 123k-125k vs 121.7k), +6 % in November (Nov 14-20 closes
 *   averaging 92.0k vs 86.6k).
 *
 * Assumptions (stated, not facts):
 * - November open interest $130B (OI had not recovered from 1011's $123B);
 * - three cohorts: leveraged traders (90 % of positions, 45 % of OI, 80 % long, lognormal
 *   leverage falling with size), market makers and quants (unified accounts margined in USDe,
 *   1 % of positions, 8 % of OI, half long, about 3x), basis traders and hedgers (cross
 *   accounts, 9 % of positions, 47 % of OI, 88 % short, about 2x), which leaves open interest
 *   roughly balanced (46 % long);
 * - aggregate depth: BTC's spot bands times a fitted multiple (all coins, perpetual and spot
 *   books, all venues); book refill half-life 15 s; market makers' capital $2B; insurance funds $1.5B;
 * - permanent impact by the square-root law with $100B a day and 3 % daily volatility.
 *
 * Fitted by `fitCalibration` (calibration-fit.ts; `npx cascade calibrate` re-runs it): a seeded
 * coordinate search over a loss on the four targets, with the day's fall and the peak minute as
 * soft constraints (about -18 % for the OI-weighted market on Oct 10, where BTC fell 13 % and
 * large alts 18-22 %, -7 % on Nov 21, and Amberdata's $3.2B peak minute). The values below are
 * its result (300 iterations, seed 20251010, rounded), none on a bound of the search: the trader
 * population (3.06M with open positions on Oct 10, 0.606x that on Nov 21, since 1011 liquidated
 * the small accounts), the leveraged traders' median leverage (9.85x in October; 0.44x that,
 * 4.3x, in November after the flush), its log-spread 0.675, its size elasticity -0.59, the
 * entries' log-spread 0.0112, the depth multiple 84.6, and the exogenous falls of the reference
 * price: 11.6 % over 30 minutes (the tariff news) and 6.85 % over 500 minutes.
 *
 * Results (n = 100,000, the default seeds; `cascade calibrate --report`): Oct $19.12B (-0.05 %)
 * and 1,581,928 traders (-2.2 %); Nov $1.966B (+0.06 %) and 403,323 traders (-0.02 %); ratios
 * 0.255 and 0.103; falls 17.9 % and 7.1 %; peak minute $3.10B. Not fitted, and off: longs are
 * 100 % of the liquidated USD (published 87 % in October, 93 % in November: shorts opened during
 * the crash and squeezed by its rebounds are not in a book drawn before it); nearly all of
 * October's total falls in the first 40 minutes ($19.0B; published: $6.93B, the rest over the
 * day); the $1.5B insurance funds are not exhausted, so no ADL (Hyperliquid auto-deleveraged
 * $2.1B).
 */
import { simulateCascade, type CascadeResult } from "./cascade";
import type { CascadeOptions } from "./cascade-options";
import { generatePositions, type CohortSpec, type GeneratePositionsOptions } from "./generate-positions";
import { depthFromBands } from "./order-book";
import type { TreasuryOptions } from "./treasury";

/** A published figure with its source. */
export interface CalibrationTarget {
  notional: number;
  traders: number;
  source: string;
}

export interface CalibratedScenario {
  name: string;
  book: GeneratePositionsOptions;
  cascade: Omit<CascadeOptions, "book">;
  target: CalibrationTarget;
}

export interface ScenarioOptions {
  /** Rows in the synthetic book; default 100,000 (the calibration's size). */
  n?: number;
  /** Book seed; default the calibration's. */
  seed?: number;
  /** Minutes to simulate; default 1440 (the 24 h of the tallies). */
  minutes?: number;
  /** Treasury companies to add (for the weeks-long tier of the liquidation order). */
  treasuries?: TreasuryOptions[];
  /** The fitted parameters; default CALIBRATION (`fitCalibration` tries others). */
  parameters?: CalibrationParameters;
}

/** The fitted parameters (see the module comment); `fitCalibration` (calibration-fit.ts, `cascade calibrate`) reproduces the search. */
export const CALIBRATION: CalibrationParameters = {
  traders: 3.06e6,
  novemberTraders: 0.606,
  leverageMedian: 9.85,
  novemberLeverageScale: 0.44,
  leverageSpread: 0.675,
  sizeElasticity: -0.59,
  entrySpread: 0.0112,
  depthMultiple: 84.6,
  octoberShock: { drop: 0.116, over: 29.6 },
  novemberShock: { drop: 0.0685, over: 500 },
};

export interface CalibrationParameters {
  /** Traders with open positions on Oct 10. */
  traders: number;
  /** Nov 21's traders as a multiple of October's. */
  novemberTraders: number;
  /** The leveraged traders' median leverage in October, and November's as a multiple of it. */
  leverageMedian: number;
  novemberLeverageScale: number;
  /** Log-spread of leverage, and its elasticity to position size. */
  leverageSpread: number;
  sizeElasticity: number;
  /** Log-spread of the leveraged traders' entries. */
  entrySpread: number;
  /** Aggregate depth as a multiple of BTC's spot bands. */
  depthMultiple: number;
  /** The exogenous falls of the reference price. */
  octoberShock: { drop: number; over: number };
  novemberShock: { drop: number; over: number };
}

const OCTOBER_OI = 216e9;
const NOVEMBER_OI = 130e9;

function cohorts(c: CalibrationParameters, leverage: number, entryShift: number): CohortSpec[] {
  return [
    { name: "leveraged traders", share: 0.9, oiShare: 0.45, longShare: 0.8, leverage: { median: leverage, spread: c.leverageSpread }, sizeElasticity: c.sizeElasticity, size: { median: 3000, spread: 1.5 }, entrySpread: c.entrySpread, entryShift },
    { name: "market makers and quants", share: 0.01, oiShare: 0.08, longShare: 0.5, mode: "unified", leverage: { median: 3, spread: 0.3 }, size: { median: 1e6, spread: 1 }, entrySpread: 0.01, collateral: { asset: "USDe", share: 1 } },
    { name: "basis and hedgers", share: 0.09, oiShare: 0.47, longShare: 0.12, mode: "cross", leverage: { median: 2, spread: 0.4 }, size: { median: 50_000, spread: 1.5 }, entrySpread: 0.03 },
  ];
}

function depth(price: number, multiple: number) {
  return depthFromBands({ mid: price, bands: [[0.005, 15.5e6 * multiple], [0.01, 20e6 * multiple], [0.05, 40e6 * multiple], [0.1, 60e6 * multiple]] });
}

const common = (minutes: number, treasuries: TreasuryOptions[] = []) => ({
  minutes,
  resilience: 0.25,
  permanentImpact: { dailyVolume: 100e9, dailyVolatility: 0.03 },
  withdrawal: { floor: 0.02, keepBeyond: 0.04, capital: 2e9, recoveryHalfLife: 240, baseVolatility: 0.0008 },
  venue: { insuranceFund: 1.5e9 },
  treasuries,
});

/**
 * Oct 10-11, 2025: the tariff-news crash from 20:50 UTC (see the module comment).
 *
 * @example
 *   const r = runScenario(october10Scenario());
 *   r.totals.liquidated // about $19.1B and 1.62M traders
 */
export function october10Scenario({ n = 100_000, seed = 1011, minutes = 1440, treasuries, parameters: c = CALIBRATION }: ScenarioOptions = {}): CalibratedScenario {
  const price = 121_714;
  return {
    name: "2025-10-10",
    book: { n, price, seed, openInterest: OCTOBER_OI, traders: c.traders, cohorts: cohorts(c, c.leverageMedian, 0.013) },
    cascade: {
      price,
      depth: depth(price, c.depthMultiple),
      shocks: [{ at: 0, ...c.octoberShock }],
      collateral: { USDe: { depeg: { at: 46, depth: 0.35, fall: 10, hold: 20, recover: 10 }, depth: 50e6 } },
      ...common(minutes, treasuries),
    },
    target: { notional: 19.13e9, traders: 1_618_240, source: "CoinGlass 24 h, as quoted on Binance Square (shared/FACTS.md B)" },
  };
}

/**
 * Nov 21, 2025: the day BTC touched $80.6k (see the module comment).
 *
 * @example
 *   runScenario(november21Scenario()).totals.liquidated.notional // about $1.97B
 */
export function november21Scenario({ n = 100_000, seed = 1121, minutes = 1440, treasuries, parameters: c = CALIBRATION }: ScenarioOptions = {}): CalibratedScenario {
  const price = 86_554;
  return {
    name: "2025-11-21",
    book: { n, price, seed, openInterest: NOVEMBER_OI, traders: c.traders * c.novemberTraders, cohorts: cohorts(c, c.leverageMedian * c.novemberLeverageScale, 0.06) },
    cascade: { price, depth: depth(price, c.depthMultiple * 0.7), shocks: [{ at: 0, ...c.novemberShock }], collateral: { USDe: {} }, ...common(minutes, treasuries) },
    target: { notional: 1.965e9, traders: 403_398, source: "CoinGlass 24 h (shared/FACTS.md B)" },
  };
}

/**
 * Runs a scenario: draws its book and simulates the cascade.
 *
 * @example
 *   const oct = runScenario(october10Scenario());
 *   const nov = runScenario(november21Scenario());
 *   nov.totals.liquidated.traders / oct.totals.liquidated.traders // about 1/4
 */
export function runScenario(scenario: CalibratedScenario): CascadeResult {
  return simulateCascade({ ...scenario.cascade, book: generatePositions(scenario.book) });
}
