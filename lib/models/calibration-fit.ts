/**
 * Scoring and fitting the calibrated model (calibration.ts): the published targets, which are
 * fitted (Oct 10-11) and which held out (Nov 21), the loss, a seeded multi-start search, and
 * profile intervals of each parameter.
 *
 * Loss: the sum over October's targets of ((modelled - published) / sigma)^2, on a log scale for
 * amounts and counts and a linear one for shares, with each target's sigma saying how far the
 * published figure itself can be trusted (the tallies are lower bounds: Binance's stream pushes
 * at most one liquidation a second per symbol, and CoinGlass's own review puts Oct 10 near
 * $30-40B). November's figures never enter the loss.
 *
 * Search: Nelder-Mead on each parameter mapped from its prior range to the real line (a
 * logistic of the log or linear position), from starts drawn by a seeded generator inside the
 * priors. Deterministic for a seed.
 *
 * Profile interval of a parameter: it is held at values stepping away from the best fit (a tenth
 * of its prior range at a time, up to four each way), the others re-fitted at each step (30
 * evaluations); the interval is where the re-fitted loss stays within 1 of the best (a 68 %
 * interval if the loss were a Gaussian log-likelihood).
 */
import { CALIBRATION, CALIBRATION_ROWS, PRIORS, runEvent, type CalibrationParameters, type EventOutcome } from "./calibration";
import { seededRandom } from "../random";
import { checkOptions, optionKeys } from "../options";

/** A published figure the model is scored against. */
export interface TargetSpec {
  name: string;
  published: number;
  source: string;
  /** "fit": in the loss (October); "holdout": predicted, never fitted (November). */
  role: "fit" | "holdout";
  /** Errors on a log scale (amounts, counts) or a linear one (shares, changes). */
  scale: "log" | "linear";
  /** How far the published figure can be off: the loss's unit. */
  sigma: number;
  /** Unit for display. */
  unit: "usd" | "count" | "share" | "ratio";
  /** What counts as reached: |relative error| (amounts, counts, ratios) or |points| / 100 (shares) at most this. */
  threshold: number;
  modelled(o: { oct: EventOutcome; nov?: EventOutcome }): number;
}

const COINGLASS = "CoinGlass 24 h, as quoted on Binance Square (facts sheet B)";

/** The targets, in report order. */
export const TARGETS: TargetSpec[] = [
  { name: "oct.notional", published: 19.13e9, source: COINGLASS, role: "fit", scale: "log", sigma: 0.35, threshold: 0.3, unit: "usd", modelled: ({ oct }) => oct.notional },
  { name: "oct.traders", published: 1_618_240, source: COINGLASS, role: "fit", scale: "log", sigma: 0.35, threshold: 0.3, unit: "count", modelled: ({ oct }) => oct.traders },
  { name: "oct.longShare", published: 0.839, source: "Amberdata, longs 83.9 % (CoinGlass: $16.7B of $19.1B, 87.4 %; facts sheet B)", role: "fit", scale: "linear", sigma: 0.03, threshold: 0.05, unit: "share", modelled: ({ oct }) => oct.longShare },
  { name: "oct.first40min", published: 6.93e9, source: "Amberdata: $6.93B in the 40 minutes from 20:50 UTC (facts sheet B)", role: "fit", scale: "log", sigma: 0.25, threshold: 0.25, unit: "usd", modelled: ({ oct }) => oct.first40Minutes },
  { name: "oct.peakMinute", published: 3.2e9, source: "Amberdata: $3.2B in the minute of 21:15 UTC (facts sheet B)", role: "fit", scale: "log", sigma: 0.5, threshold: 0.5, unit: "usd", modelled: ({ oct }) => oct.peakMinute },
  { name: "oct.adl", published: 2.1e9, source: "Hyperliquid auto-deleveraged about $2.1B in 12 minutes (facts sheet B)", role: "fit", scale: "log", sigma: 0.5, threshold: 0.5, unit: "usd", modelled: ({ oct }) => oct.venues[1].adl },
  { name: "oct.oiFall", published: -0.43, source: "perpetual open interest -43 % to $123B (facts sheet B); the model has no voluntary closing, which the published fall includes: a wide sigma", role: "fit", scale: "linear", sigma: 0.3, threshold: 0.1, unit: "share", modelled: ({ oct }) => oct.oiChange },
  { name: "nov.notional", published: 1.965e9, source: "CoinGlass 24 h (facts sheet B)", role: "holdout", scale: "log", sigma: 0.35, threshold: 0.3, unit: "usd", modelled: ({ nov }) => nov!.notional },
  { name: "nov.traders", published: 403_398, source: "CoinGlass 24 h (facts sheet B)", role: "holdout", scale: "log", sigma: 0.35, threshold: 0.3, unit: "count", modelled: ({ nov }) => nov!.traders },
  { name: "nov.longShare", published: 1.78 / (1.78 + 0.129), source: "another tally: longs $1.78B, shorts $129M (facts sheet B)", role: "holdout", scale: "linear", sigma: 0.03, threshold: 0.05, unit: "share", modelled: ({ nov }) => nov!.longShare },
  { name: "ratio.traders", published: 403_398 / 1_618_240, source: "Nov 21 / Oct 10-11 traders, the article's 1/4 (A15)", role: "holdout", scale: "log", sigma: 0.35, threshold: 0.3, unit: "ratio", modelled: ({ oct, nov }) => nov!.traders / oct.traders },
  { name: "ratio.notional", published: 1.965 / 19.13, source: "Nov 21 / Oct 10-11 USD, the article's 1/10 (A15)", role: "holdout", scale: "log", sigma: 0.35, threshold: 0.3, unit: "ratio", modelled: ({ oct, nov }) => nov!.notional / oct.notional },
];

/** A floor for amounts on a log scale: a model that liquidates nothing is far off, not infinitely. */
const FLOOR = 1e6;

/** The loss term of one target (see the module comment). */
export function targetError(t: TargetSpec, modelled: number): number {
  if (!Number.isFinite(modelled)) return 100;
  const z = t.scale === "log" ? Math.log(Math.max(modelled, t.unit === "usd" ? FLOOR : 1e-6) / t.published) / t.sigma : (modelled - t.published) / t.sigma;
  return z * z;
}

export type ParameterName = keyof CalibrationParameters;
export const PARAMETER_NAMES = Object.keys(PRIORS) as ParameterName[];

/** Evaluation settings: book rows and seed (common to every evaluation: common random numbers). */
export interface EvaluationOptions {
  /** Rows of the main books; default CALIBRATION_ROWS (40,000). */
  n?: number;
  /** Book seed; default 1011. */
  seed?: number;
}

const EVALUATION_OPTIONS = optionKeys<EvaluationOptions>()("n", "seed");

/**
 * October's loss at `parameters`: the sum, over the calibration's fitted targets, of each
 * target's squared error in units of its stated uncertainty (a log ratio over sigma for dollar
 * amounts). What {@link fitCalibration} minimizes; lower is a closer fit, 0 a perfect one.
 *
 * @example
 *   octoberLoss(CALIBRATION) // the loss of the shipped parameters
 *   octoberLoss({ ...CALIBRATION, turnover: 0.5 }, { n: 10_000 }) // another turnover, on a smaller (faster) book
 */
export function octoberLoss(parameters: CalibrationParameters, { n = CALIBRATION_ROWS, seed = 1011, ...unknown }: EvaluationOptions = {}): number {
  checkOptions("octoberLoss", unknown, EVALUATION_OPTIONS);
  const oct = runEvent("2025-10-10", parameters, { n, seed });
  let loss = 0;
  for (const t of TARGETS) if (t.role === "fit") loss += targetError(t, t.modelled({ oct }));
  return loss;
}

/** A row of the report's parameter table. */
export interface ParameterRow {
  name: ParameterName;
  value: number;
  low: number;
  high: number;
  fitted: true;
  why: string;
}

/** A row of the report's target table. */
export interface TargetRow {
  name: string;
  published: number;
  modelled: number;
  /** modelled / published - 1. */
  relError: number;
  /** modelled - published (for shares: percentage points / 100). */
  absError: number;
  role: "fit" | "holdout";
  sigma: number;
  threshold: number;
  /** Whether the error is within the threshold. */
  meets: boolean;
  source: string;
}

/** What `cascade calibrate --record` ships (calibration-record.ts): the fit and its report's targets. */
export interface FitRecord {
  fit: FitResult;
  targets: Array<Omit<TargetRow, "source">>;
  loss: number;
}

export interface CalibrationReport {
  parameters: ParameterRow[];
  targets: TargetRow[];
  /** October's loss (the fit's objective). */
  loss: number;
  /** The outcomes behind the table. */
  outcomes: { oct: EventOutcome; nov: EventOutcome };
}


/**
 * Runs both events at `parameters` and lays out the parameter and target tables.
 *
 * @example
 *   const r = calibrationReport();
 *   r.targets.filter((t) => t.role === "holdout").map((t) => [t.name, t.relError])
 */
export function calibrationReport(parameters: CalibrationParameters = CALIBRATION, { n = CALIBRATION_ROWS, seed = 1011, ...unknown }: EvaluationOptions = {}): CalibrationReport {
  checkOptions("calibrationReport", unknown, EVALUATION_OPTIONS);
  const oct = runEvent("2025-10-10", parameters, { n, seed });
  const nov = runEvent("2025-11-21", parameters, { n, seed });
  let loss = 0;
  const targets = TARGETS.map((t) => {
    const modelled = t.modelled({ oct, nov });
    if (t.role === "fit") loss += targetError(t, modelled);
    const relError = modelled / t.published - 1;
    const absError = modelled - t.published;
    const meets = t.unit === "share" ? Math.abs(absError) <= t.threshold : Math.abs(relError) <= t.threshold;
    return { name: t.name, published: t.published, modelled, relError, absError, role: t.role, sigma: t.sigma, threshold: t.threshold, meets, source: t.source };
  });
  const rows = PARAMETER_NAMES.map((name) => ({ name, value: parameters[name], low: PRIORS[name].low, high: PRIORS[name].high, fitted: true as const, why: PRIORS[name].why }));
  return { parameters: rows, targets, loss, outcomes: { oct, nov } };
}

// The search works on z in R^k: x = low + (high - low) * logistic(z), on the log scale for "log" priors.
const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const toParameter = (name: ParameterName, z: number) => {
  const { low, high, scale } = PRIORS[name];
  const u = logistic(z);
  return scale === "log" ? Math.exp(Math.log(low) + u * Math.log(high / low)) : low + u * (high - low);
};
const toZ = (name: ParameterName, x: number) => {
  const { low, high, scale } = PRIORS[name];
  const u = scale === "log" ? Math.log(x / low) / Math.log(high / low) : (x - low) / (high - low);
  const c = Math.min(1 - 1e-9, Math.max(1e-9, u));
  return Math.log(c / (1 - c));
};

/** Nelder-Mead minimisation of f from x0 with initial step `step`, at most `budget` evaluations. */
function nelderMead(f: (x: number[]) => number, x0: number[], step: number, budget: number): { x: number[]; value: number; evaluations: number } {
  const k = x0.length;
  let evaluations = 0;
  const ev = (x: number[]) => (evaluations++, f(x));
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, v: ev(x) }));
  while (evaluations < budget) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0], worst = simplex[k], second = simplex[k - 1];
    if (Math.abs(worst.v - best.v) < 1e-6 * (1 + Math.abs(best.v))) break;
    const centroid = x0.map((_, j) => simplex.slice(0, k).reduce((s, p) => s + p.x[j], 0) / k);
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const r = along(-1), rv = ev(r);
    if (rv < best.v) {
      const e = along(-2), ekv = ev(e);
      simplex[k] = ekv < rv ? { x: e, v: ekv } : { x: r, v: rv };
    } else if (rv < second.v) simplex[k] = { x: r, v: rv };
    else {
      const c = rv < worst.v ? along(-0.5) : along(0.5), cv = ev(c);
      if (cv < Math.min(rv, worst.v)) simplex[k] = { x: c, v: cv };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j])), v: ev(p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j]))) }));
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0].x, value: simplex[0].v, evaluations };
}

/** Options of {@link fitCalibration}: the books, the starts and the optimizer's budget. */
export interface FitOptions {
  /** Rows of the main books of every evaluation; default CALIBRATION_ROWS (40,000). */
  n?: number;
  /** Starts of the search, each from a seeded draw inside the priors; default 5. */
  starts?: number;
  /** Seed of the starts; default 20251010. */
  seed?: number;
  /** Book seed of every evaluation; default 1011. */
  bookSeed?: number;
  /** Loss evaluations per start; default 250. */
  budget?: number;
  /** Profile intervals (costly: re-fits per step); default false. */
  profile?: boolean;
  /** Called after each start (and each profile step). */
  onProgress?: (message: string) => void;
}

/** One start's result. */
export interface StartResult {
  start: CalibrationParameters;
  parameters: CalibrationParameters;
  loss: number;
  evaluations: number;
}

export interface FitResult {
  /** The start with the lowest loss. */
  best: StartResult;
  starts: StartResult[];
  /** Per parameter: the least and largest value over the starts that ended within 1 of the best loss, and how many did. */
  spread: Record<ParameterName, { min: number; max: number; agreeing: number }>;
  /** Per parameter, when asked: the values where the profile loss stays within 1 of the best. */
  profile?: Record<ParameterName, { low: number; high: number; open: boolean }>;
  /** `open`: on a side, the loss stayed within 1 of the best over four tenths of the prior range or up to its bound (not pinned there by the data). */
  settings: { n: number; bookSeed: number; seed: number; budget: number; starts: number };
}

const FIT_OPTIONS = optionKeys<FitOptions>()("starts", "seed", "bookSeed", "budget", "n", "profile", "onProgress");

/**
 * The seeded multi-start search (see the module comment).
 *
 * @example
 *   const fit = fitCalibration({ starts: 5 });
 *   fit.best.parameters // the CALIBRATION it ships
 */
export function fitCalibration({ starts = 5, seed = 20251010, bookSeed = 1011, budget = 250, n = CALIBRATION_ROWS, profile = false, onProgress, ...unknown }: FitOptions = {}): FitResult {
  checkOptions("fitCalibration", unknown, FIT_OPTIONS);
  const names = PARAMETER_NAMES;
  const random = seededRandom(seed);
  const fromZ = (z: number[]) => Object.fromEntries(names.map((name, i) => [name, toParameter(name, z[i])])) as unknown as CalibrationParameters;
  const loss = (p: CalibrationParameters) => octoberLoss(p, { n, seed: bookSeed });
  const results: StartResult[] = [];
  for (let s = 0; s < starts; s++) {
    const z0 = names.map(() => -1.5 + 3 * random());
    const r = nelderMead((z) => loss(fromZ(z)), z0, 1, budget);
    results.push({ start: fromZ(z0), parameters: fromZ(r.x), loss: r.value, evaluations: r.evaluations });
    onProgress?.(`start ${s + 1} of ${starts}: loss ${r.value.toFixed(3)} after ${r.evaluations} evaluations`);
  }
  const best = results.reduce((a, b) => (b.loss < a.loss ? b : a));
  const agreeing = results.filter((r) => r.loss <= best.loss + 1);
  const spread = Object.fromEntries(names.map((name) => [name, { min: Math.min(...agreeing.map((r) => r.parameters[name])), max: Math.max(...agreeing.map((r) => r.parameters[name])), agreeing: agreeing.length }])) as FitResult["spread"];
  const result: FitResult = { best, starts: results, spread, settings: { n, bookSeed, seed, budget, starts } };
  if (profile) result.profile = profileIntervals(best, loss, onProgress);
  return result;
}

/** A parameter's position in its prior range, 0 to 1, on the prior's scale; and back. */
const toUnit = (name: ParameterName, x: number) => {
  const { low, high, scale } = PRIORS[name];
  return scale === "log" ? Math.log(x / low) / Math.log(high / low) : (x - low) / (high - low);
};
const fromUnit = (name: ParameterName, u: number) => {
  const { low, high, scale } = PRIORS[name];
  return scale === "log" ? low * Math.pow(high / low, u) : low + u * (high - low);
};

/**
 * Profile intervals around the best fit: each parameter stepped outward by a tenth of its prior
 * range (on the prior's scale) up to four times, the others re-fitted at each step; an edge is
 * where the loss crosses best + 1 (interpolated), or the last step or bound reached ("open").
 */
function profileIntervals(best: StartResult, loss: (p: CalibrationParameters) => number, onProgress?: (message: string) => void): NonNullable<FitResult["profile"]> {
  const names = PARAMETER_NAMES;
  const out = {} as NonNullable<FitResult["profile"]>;
  for (const name of names) {
    const others = names.filter((x) => x !== name);
    const u0 = toUnit(name, best.parameters[name]);
    const edge = (direction: 1 | -1) => {
      let zOthers = others.map((o) => toZ(o, best.parameters[o]));
      let inside = { u: u0, loss: best.loss };
      for (let k = 1; k <= 4; k++) {
        const u = Math.min(1, Math.max(0, u0 + direction * 0.1 * k));
        if (u === inside.u) break; // at the bound
        const x = fromUnit(name, u);
        const f = (zs: number[]) => loss({ ...(Object.fromEntries(others.map((o, i) => [o, toParameter(o, zs[i])])) as unknown as CalibrationParameters), [name]: x });
        const r = nelderMead(f, zOthers, 0.3, 30);
        onProgress?.(`profile ${name} = ${x.toPrecision(4)}: loss ${r.value.toFixed(3)}`);
        if (r.value > best.loss + 1) {
          const t = (best.loss + 1 - inside.loss) / (r.value - inside.loss);
          return { value: fromUnit(name, inside.u + t * (u - inside.u)), open: false };
        }
        zOthers = r.x;
        inside = { u, loss: Math.min(r.value, best.loss + 1) };
      }
      return { value: fromUnit(name, inside.u), open: true };
    };
    const lo = edge(-1);
    const hi = edge(1);
    out[name] = { low: lo.value, high: hi.value, open: lo.open || hi.open };
  }
  return out;
}
