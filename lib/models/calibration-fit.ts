/**
 * The search behind CALIBRATION: a seeded coordinate search over the fitted parameters that
 * minimizes a loss on the published totals (calibration.ts says which are fitted and why).
 *
 * Loss: the squared log-ratios of the four targets (Oct 10-11 $19.13B and 1,618,240 traders,
 * Nov 21 $1.965B and 403,398 traders, CoinGlass), plus soft constraints at a quarter of the
 * weight: the day's fall of the OI-weighted market (about 18 % on Oct 10, where BTC fell 13 %
 * and large alts 18-22 %; 7 % on Nov 21) and, at a tenth, Amberdata's $3.2B peak minute.
 * Reported, not fitted: the first 40 minutes against Amberdata's $6.93B, and the long share of
 * the liquidated dollars against CoinGlass's 87 % (Oct) and 93 % (Nov).
 *
 * The search: each iteration moves one parameter (drawn by a seeded generator) by a lognormal
 * factor, within its bounds, and keeps the move if the loss falls; the step shrinks when a
 * round of moves finds nothing. Deterministic for a seed.
 */
import type { CascadeResult } from "./cascade";
import { CALIBRATION, november21Scenario, october10Scenario, runScenario, type CalibrationParameters } from "./calibration";
import { seededRandom } from "../random";

/** What a parameter set gives, next to the published figures. */
export interface CalibrationReport {
  loss: number;
  october: { notional: number; traders: number; fall: number; peakMinute: number; first40Minutes: number; longShare: number };
  november: { notional: number; traders: number; fall: number; longShare: number };
  ratios: { traders: number; notional: number };
}

/** The published figures the loss uses (shared/FACTS.md section B). */
export const PUBLISHED = {
  october: { notional: 19.13e9, traders: 1_618_240, fall: 0.18, peakMinute: 3.2e9, first40Minutes: 6.93e9, longShare: 16.7 / 19.1 },
  november: { notional: 1.965e9, traders: 403_398, fall: 0.07, longShare: 1.78 / 1.909 },
};

/** The search's bounds for each fitted number (paths into CalibrationParameters). */
export const BOUNDS: Record<string, [number, number]> = {
  traders: [1e6, 1e7],
  novemberTraders: [0.3, 1],
  leverageMedian: [3, 30],
  novemberLeverageScale: [0.2, 1],
  leverageSpread: [0.2, 1.5],
  sizeElasticity: [-1, 0],
  entrySpread: [0.002, 0.05],
  depthMultiple: [10, 300],
  "octoberShock.drop": [0.03, 0.3],
  "octoberShock.over": [5, 120],
  "novemberShock.drop": [0.02, 0.15],
  "novemberShock.over": [30, 720],
};

const get = (p: CalibrationParameters, key: string): number => {
  const [a, b] = key.split(".");
  const v = (p as unknown as Record<string, number | Record<string, number>>)[a];
  return b ? (v as Record<string, number>)[b] : (v as number);
};

const set = (p: CalibrationParameters, key: string, x: number): CalibrationParameters => {
  const [a, b] = key.split(".");
  const copy = structuredClone(p) as unknown as Record<string, number | Record<string, number>>;
  if (b) (copy[a] as Record<string, number>)[b] = x;
  else copy[a] = x;
  return copy as unknown as CalibrationParameters;
};

const longShare = (r: CascadeResult) => {
  let longs = 0;
  const { side, notional, cause } = r.events;
  for (let i = 0; i < r.events.length; i++) if (side[i] > 0 && cause[i] <= 1) longs += notional[i];
  return longs / r.totals.liquidated.notional;
};

/**
 * Runs both scenarios with `parameters` and scores them (see the module comment).
 *
 * @example
 *   calibrationReport(CALIBRATION).loss // small: the shipped fit
 */
export function calibrationReport(parameters: CalibrationParameters = CALIBRATION, { n = 100_000 }: { n?: number } = {}): CalibrationReport {
  const oct = runScenario(october10Scenario({ n, parameters }));
  const nov = runScenario(november21Scenario({ n, parameters }));
  const P = PUBLISHED;
  const sq = (a: number, b: number) => Math.log(Math.max(a, 1e-9) / b) ** 2;
  const october = {
    notional: oct.totals.liquidated.notional,
    traders: oct.totals.liquidated.traders,
    fall: oct.totals.maxDrawdown,
    peakMinute: Math.max(...oct.liquidations),
    first40Minutes: oct.liquidations.subarray(0, 40).reduce((a, b) => a + b, 0),
    longShare: longShare(oct),
  };
  const november = { notional: nov.totals.liquidated.notional, traders: nov.totals.liquidated.traders, fall: nov.totals.maxDrawdown, longShare: longShare(nov) };
  const loss =
    sq(october.notional, P.october.notional) +
    sq(october.traders, P.october.traders) +
    sq(november.notional, P.november.notional) +
    sq(november.traders, P.november.traders) +
    0.25 * (sq(october.fall, P.october.fall) + sq(november.fall, P.november.fall)) +
    0.1 * sq(october.peakMinute, P.october.peakMinute);
  return { loss, october, november, ratios: { traders: november.traders / october.traders, notional: november.notional / october.notional } };
}

export interface FitOptions {
  /** Where the search starts; default CALIBRATION. */
  start?: CalibrationParameters;
  /** Moves tried; default 400. */
  iterations?: number;
  seed?: number;
  /** Book size of each evaluation; default 100,000 (the calibration's). */
  n?: number;
  /** Called after each improvement. */
  onImprove?: (step: { iteration: number; loss: number; parameters: CalibrationParameters }) => void;
}

/**
 * The seeded coordinate search (see the module comment); returns the best parameters found,
 * their report, and the parameters that ended on a bound of the search.
 *
 * @example
 *   const fit = fitCalibration({ iterations: 200, seed: 1 });
 *   fit.report.loss <= calibrationReport(CALIBRATION).loss // true
 */
export function fitCalibration({ start = CALIBRATION, iterations = 400, seed = 20251010, n = 100_000, onImprove }: FitOptions = {}): { parameters: CalibrationParameters; report: CalibrationReport; evaluations: number; onBounds: string[] } {
  const random = seededRandom(seed);
  const keys = Object.keys(BOUNDS);
  let best = structuredClone(start);
  let report = calibrationReport(best, { n });
  let step = 0.2; // log-scale step
  let failures = 0;
  for (let i = 0; i < iterations; i++) {
    const key = keys[Math.floor(random() * keys.length)];
    const [lo, hi] = BOUNDS[key];
    const u = 1 - random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    const current = get(best, key);
    // negative parameters (the size elasticity) move additively, the others by a factor
    const proposed = current <= 0 ? current + step * z * 0.5 : current * Math.exp(step * z);
    const x = Math.min(hi, Math.max(lo, proposed));
    if (x === current) continue;
    const candidate = set(best, key, x);
    const r = calibrationReport(candidate, { n });
    if (r.loss < report.loss) {
      best = candidate;
      report = r;
      failures = 0;
      onImprove?.({ iteration: i, loss: r.loss, parameters: best });
    } else if (++failures >= 2 * keys.length) {
      step = Math.max(0.01, step / 2);
      failures = 0;
    }
  }
  const onBounds = keys.filter((k) => BOUNDS[k].includes(get(best, k)));
  return { parameters: best, report, evaluations: iterations + 1, onBounds };
}
