/**
 * The calibrated model of the two crashes the article compares, Oct 10-11 ("1011") and Nov 21,
 * 2025, in three named places so a reader sees at once where each figure comes from:
 *
 * - observed inputs (calibration-inputs.ts): each event's price path from the snapshot, open
 *   interest before it, BTC's book depth bands, the closes of the month before (where positions
 *   were opened, kept only if the path since spared them), the month's daily volatility, USDe's depeg;
 * - assumptions (`ASSUMPTIONS` below, each with why): two venues, the cohorts, positions per
 *   trader, insurance funds, how market makers withdraw;
 * - six fitted parameters (`PRIORS`: ranges and why), fitted on Oct 10-11 only; Nov 21 is held
 *   out and predicted with October's parameters and November's observed inputs
 *   (calibration-fit.ts scores both and runs the search).
 *
 * The market replays the observed path (`feedback: false`): the path already holds the crash's
 * impact, so the model asks which positions that path liquidates, when, on which side, and what
 * the thin book does to their fills (insurance funds, then ADL). It cannot say why the price
 * fell; notebook 06 runs the engine with feedback for that.
 *
 * Two venues share the path: a centralized-exchange venue (Binance, Bybit, OKX together: large
 * insurance funds, unified accounts margined partly in USDe) and a Hyperliquid-like venue (a
 * small fund in front of auto-deleveraging). Leveraged traders also open new positions through
 * the day on the exchanges (`turnover`), half long, half short: the shorts opened into the crash are what the
 * rebound liquidates, the only source of liquidated shorts in a book drawn before the fall.
 */
import { simulateCascade, type CascadeResult } from "./cascade";
import type { CascadeOptions } from "./cascade-options";
import type { PositionBook } from "./positions";
import { CAUSES } from "./events";
import { eventInputs, minutePath, type EventId, type EventInputs } from "./calibration-inputs";
import { checkInteger } from "./validate";
import { generatePositions, type CohortSpec } from "./generate-positions";
import { FIT_RECORD } from "./calibration-record";
import { depthFromBands } from "./order-book";
import type { TreasuryOptions } from "./treasury";
import { checkOptions, optionKeys } from "../options";

/** The six fitted parameters. */
export interface CalibrationParameters {
  /** Median leverage of the leveraged traders. */
  leverageMedian: number;
  /** Log-spread of their leverage. */
  leverageSpread: number;
  /** Their median position, USD: with positions per trader, it sets how many traders a dollar is. */
  sizeMedian: number;
  /** Share of their positions that are long before the event. */
  longShare: number;
  /** New leveraged positions opened over the day, as a fraction of the leveraged open interest. */
  turnover: number;
  /** Aggregate book depth (all coins, venues, spot and perpetual) as a multiple of BTC's bands. */
  depthMultiple: number;
}

/** A fitted parameter's prior range and the reason for it. */
export interface Prior {
  low: number;
  high: number;
  /** "log": searched on a log scale; "linear" otherwise. */
  scale: "log" | "linear";
  why: string;
}

/** Ranges the search stays in, and why each is plausible. */
export const PRIORS: Record<keyof CalibrationParameters, Prior> = {
  leverageMedian: { low: 3, high: 40, scale: "log", why: "retail perpetual traders run 5-25x; venues allow 50-125x" },
  leverageSpread: { low: 0.2, high: 1.2, scale: "linear", why: "a lognormal from a factor of 1.2 to 3.3 either way" },
  sizeMedian: { low: 300, high: 50_000, scale: "log", why: "published averages: $11.8k liquidated per trader on Oct 10, $4.9k on Nov 21" },
  longShare: { low: 0.5, high: 0.9, scale: "linear", why: "leveraged books lean long in a bull market; long/short ratios of 1-9" },
  turnover: { low: 0.05, high: 3, scale: "log", why: "derivatives volume was 3.5x open interest on Oct 10 ($748.3B / $216B); new positions are a fraction of it" },
  depthMultiple: { low: 1, high: 300, scale: "log", why: "BTC's spot bands are one coin on a few venues (1: the aggregate book no deeper than BTC's); the cascade hit all coins, perpetual and spot books" },
};

/** The shipped fit: the best start of the record `cascade calibrate --record` wrote (calibration-record.ts). */
export const CALIBRATION: CalibrationParameters = { ...FIT_RECORD.fit.best.parameters };

/** The stated assumptions: not observed, not fitted. Each names why. */
export const ASSUMPTIONS = {
  venues: [
    { name: "exchanges", oiShare: 0.85, insuranceFund: 1.5e9, why: "Binance, Bybit, OKX and the rest: most open interest, large insurance funds" },
    { name: "Hyperliquid-like", oiShare: 0.15, insuranceFund: 0.1e9, why: "on-chain venue with a small liquidation vault in front of ADL (Hyperliquid ADL'd about $2.1B on Oct 10)" },
  ],
  cohorts: {
    leveraged: { oiShare: 0.45, sizeSpread: 1.5, sizeElasticity: -0.5, why: "retail and small funds: under half the open interest; small positions run higher leverage" },
    makers: { oiShare: 0.08, leverage: 3, why: "market makers and quants: unified accounts on the exchanges, margined in USDe (Binance compensated about $283M after its depeg)" },
    hedgers: { oiShare: 0.47, longShare: 0.12, leverage: 2, why: "basis traders and hedgers: short perpetuals against spot, low leverage" },
  },
  positionsPerTrader: 1.5,
  entrants: { longShare: 0.5, every: 60, why: "new positions through the day on the exchanges, half long and half short, opened each hour at the path's price then" },
  withdrawal: { floor: 0.02, keepBeyond: 0.04, capital: 2e9, recoveryHalfLife: 240, why: "books lost up to 98 % of depth; only bids beyond 4 % held (Kaiko); makers' capital and recovery assumed" },
  resilience: 0.25,
  usdeBookDepth: 50e6,
} as const;

/** What the model gives for one event, inside the published tally's 24 hours. */
export interface EventOutcome {
  id: EventId;
  inputs: EventInputs;
  /** Positions closed by price or collateral: what public tallies count. */
  notional: number;
  traders: number;
  longShare: number;
  /** USD liquidated in the 40 minutes from the crash's start (Oct 10 only; NaN otherwise). */
  first40Minutes: number;
  peakMinute: number;
  adl: number;
  /** Change of open interest (USD) over the window from liquidations, ADL and the price (new positions replace as many closed voluntarily; no other closing is modelled). */
  oiChange: number;
  /** By venue: notional, traders and ADL in the window; its insurance fund at the end of its main run. */
  venues: Array<{ name: string; notional: number; traders: number; adl: number; insuranceFundEnd: number }>;
  /** USD liquidated each minute from the model's start (all runs), by cohort. */
  cohortSeries: Record<string, Float64Array>;
  /** The exchanges' run from the event's start (for charts: cascadePathChart). */
  main: CascadeResult;
}

/** Options of {@link runEvent}: the size and seed of the books. */
export interface RunEventOptions {
  /** Rows of the main books, split by venue; default 40,000 (the fit's). */
  n?: number;
  /** Seed of the books; default 1011. */
  seed?: number;
  /** Treasury companies on the exchanges' run (for the weeks-long tier of the liquidation order); none by default. */
  treasuries?: TreasuryOptions[];
  /** Minutes the main runs last; default the event's (to the end of the tally window); longer runs replay more of the snapshot's path. */
  minutes?: number;
}

const PRICE = CAUSES.indexOf("price");
const COLLATERAL = CAUSES.indexOf("collateral");
const ADL = CAUSES.indexOf("adl");

function cohorts(p: CalibrationParameters, inputs: EventInputs, unified: boolean): CohortSpec[] {
  const a = ASSUMPTIONS.cohorts;
  return [
    { name: "leveraged traders", share: 0.9, oiShare: a.leveraged.oiShare, longShare: p.longShare, leverage: { median: p.leverageMedian, spread: p.leverageSpread }, sizeElasticity: a.leveraged.sizeElasticity, size: { median: p.sizeMedian, spread: a.leveraged.sizeSpread }, entries: inputs.priorCloses.value, entryExtremes: inputs.sinceExtremes.value, entrySpread: inputs.entrySpread.value },
    unified
      ? { name: "market makers and quants", share: 0.01, oiShare: a.makers.oiShare, longShare: 0.5, mode: "unified", leverage: { median: a.makers.leverage, spread: 0.3 }, size: { median: 1e6, spread: 1 }, entrySpread: 0.01, collateral: { asset: "USDe", share: 1 } }
      : { name: "market makers and quants", share: 0.01, oiShare: a.makers.oiShare, longShare: 0.5, mode: "cross", leverage: { median: a.makers.leverage, spread: 0.3 }, size: { median: 1e6, spread: 1 }, entrySpread: 0.01 },
    { name: "basis and hedgers", share: 0.09, oiShare: a.hedgers.oiShare, longShare: a.hedgers.longShare, mode: "cross", leverage: { median: a.hedgers.leverage, spread: 0.4 }, size: { median: 50_000, spread: 1.5 }, entrySpread: 0.03 },
  ];
}

/** Rows of the main books in the fit and the report: sampling noise in the loss stays well under 1 there. */
export const CALIBRATION_ROWS = 40_000;

type Venue = (typeof ASSUMPTIONS.venues)[number];

/** The book a venue holds at the event's start: its share of the open interest and of `n` rows. */
function mainBook(inputs: EventInputs, parameters: CalibrationParameters, v: number, n: number, seed: number) {
  const venue = ASSUMPTIONS.venues[v];
  const rows = Math.max(1000, Math.round(n * venue.oiShare));
  return generatePositions({ n: rows, price: inputs.path[0], seed: seed + v, openInterest: inputs.openInterest.value * venue.oiShare, positionsPerTrader: ASSUMPTIONS.positionsPerTrader, cohorts: cohorts(parameters, inputs, v === 0) });
}

/** A venue's cascade from minute `at` to `until` on the replayed path. */
function venueOptions(inputs: EventInputs, parameters: CalibrationParameters, venue: Venue, unified: boolean, at: number, until: number, book: PositionBook): CascadeOptions {
  const price = inputs.path[at];
  const share = venue.oiShare;
  const w = ASSUMPTIONS.withdrawal;
  return {
    book,
    price,
    minutes: until - at,
    reference: inputs.path.subarray(at, until + 1),
    feedback: false,
    depth: depthFromBands({ mid: price, bands: inputs.depthBands.value.map(([x, usd]) => [x, usd * parameters.depthMultiple * share] as [number, number]) }),
    resilience: ASSUMPTIONS.resilience,
    withdrawal: { floor: w.floor, keepBeyond: w.keepBeyond, capital: w.capital * share, recoveryHalfLife: w.recoveryHalfLife, baseVolatility: inputs.baseVolatility.value },
    venue: { insuranceFund: venue.insuranceFund },
    collateral: unified ? { USDe: { depeg: inputs.depeg ? { ...inputs.depeg.value, at: Math.max(0, inputs.depeg.value.at - at) } : undefined, depth: ASSUMPTIONS.usdeBookDepth } } : {},
  };
}

/**
 * The exchanges' cascade of an event from its start, as `simulateCascade` options (the main run
 * of `runEvent`; the benchmarks time it).
 *
 * @example
 *   simulateCascade(exchangeCascade("2025-10-10", { n: 100_000 })).totals.liquidated
 */
export function exchangeCascade(id: EventId, { parameters = CALIBRATION, n = CALIBRATION_ROWS, seed = 1011 }: { parameters?: CalibrationParameters; n?: number; seed?: number } = {}): CascadeOptions {
  const inputs = eventInputs(id);
  return venueOptions(inputs, parameters, ASSUMPTIONS.venues[0], true, 0, inputs.minutes, mainBook(inputs, parameters, 0, n, seed));
}

const RUN_EVENT_OPTIONS = optionKeys<RunEventOptions>()("n", "seed", "treasuries", "minutes");

/**
 * Runs one event with `parameters` on its observed inputs (see the module comment): the two
 * venues' books from the start, and the leveraged traders' new positions every hour.
 *
 * @example
 *   const oct = runEvent("2025-10-10");
 *   oct.notional // USD liquidated in the tally's 24 hours, modelled
 */
export function runEvent(id: EventId, parameters: CalibrationParameters = CALIBRATION, { n = CALIBRATION_ROWS, seed = 1011, treasuries = [], minutes, ...unknown }: RunEventOptions = {}): EventOutcome {
  checkOptions("runEvent", unknown, RUN_EVENT_OPTIONS);
  const observed = eventInputs(id);
  const total = minutes ?? observed.minutes;
  checkInteger("runEvent: minutes", total, 1);
  // A longer run (the weeks-long tier of the liquidation order) replays more of the snapshot.
  const inputs = total > observed.minutes ? { ...observed, minutes: total, path: minutePath(observed.start, total, observed.pins) } : observed;
  const { path, window: [from, to] } = inputs;
  const series: Record<string, Float64Array> = {};
  const perMinute = new Float64Array(total);
  const add = (cohort: string, minute: number, usd: number) => {
    (series[cohort] ??= new Float64Array(total))[minute] += usd;
  };
  let notional = 0, traders = 0, longs = 0, adl = 0, baseStart = 0, baseEnd = 0;
  let main: CascadeResult | undefined;

  /** One run from minute `at` to `until` on a venue; tallies what falls in the window. */
  const venues: EventOutcome["venues"] = ASSUMPTIONS.venues.map((v) => ({ name: v.name, notional: 0, traders: 0, adl: 0, insuranceFundEnd: v.insuranceFund }));
  const run = (at: number, until: number, book: PositionBook, v: number, unified: boolean, entrant: boolean, extra: Partial<CascadeOptions> = {}) => {
    const r = simulateCascade({ ...venueOptions(inputs, parameters, ASSUMPTIONS.venues[v], unified, at, until, book), ...extra });
    const e = r.events;
    const weight = book.tradersByCohort!;
    let vNotional = 0, vTraders = 0, vAdl = 0;
    let base = 0;
    for (let k = 0; k < book.length; k++) base += book.size[k];
    let removedBefore = 0, removedIn = 0;
    for (let i = 0; i < e.length; i++) {
      const minute = at + Math.floor(e.time[i]);
      const c = e.cause[i];
      const inWindow = minute >= from && minute < to;
      if (c === PRICE || c === COLLATERAL || c === ADL) {
        if (minute < from) removedBefore += e.quantity[i];
        else if (inWindow) removedIn += e.quantity[i];
      }
      if (c === PRICE || c === COLLATERAL) {
        if (minute < total) add(r.cohorts[e.cohort[i]], minute, e.notional[i]), (perMinute[minute] += e.notional[i]);
        if (!inWindow) continue;
        vNotional += e.notional[i];
        vTraders += e.unit[i] >= 0 && e.unit[i] < book.length ? weight[e.cohort[i]] : 1;
        if (e.side[i] > 0) longs += e.notional[i];
      } else if (c === ADL && inWindow) vAdl += e.notional[i];
      else if (c !== ADL && minute < total) add(r.cohorts[e.cohort[i]], minute, e.notional[i]);
    }
    // Base units alive at the window's start and end. New positions are taken to replace as many
    // closed voluntarily (turnover leaves open interest as it is): only their liquidations count.
    if (!entrant) (baseStart += base - removedBefore), (baseEnd += base - removedBefore - removedIn);
    else baseEnd -= removedIn;
    notional += vNotional;
    traders += vTraders;
    adl += vAdl;
    venues[v].notional += vNotional;
    venues[v].traders += vTraders;
    venues[v].adl += vAdl;
    return r;
  };

  ASSUMPTIONS.venues.forEach((_, v) => {
    const unified = v === 0;
    const r = run(0, total, mainBook(inputs, parameters, v, n, seed), v, unified, false, unified ? { treasuries } : {});
    if (unified) main = r;
    venues[v].insuranceFundEnd = r.totals.insuranceFund.end;
  });

  // New leveraged positions each hour of the window on the exchanges, opened at the path's price at that minute
  // (simulated from their opening: the moves after it, not before, can liquidate them).
  const { every, longShare } = ASSUMPTIONS.entrants;
  const leveragedOi = inputs.openInterest.value * ASSUMPTIONS.cohorts.leveraged.oiShare;
  for (let at = from, leg = 0; at + every <= Math.min(to, total); at += every, leg++) {
    const book = generatePositions({
      n: Math.max(200, Math.round(n / 20)),
      price: path[at],
      seed: seed + 100 + leg,
      openInterest: parameters.turnover * leveragedOi * (every / 1440),
      positionsPerTrader: ASSUMPTIONS.positionsPerTrader,
      cohorts: [{ name: "leveraged traders", share: 1, longShare, leverage: { median: parameters.leverageMedian, spread: parameters.leverageSpread }, sizeElasticity: ASSUMPTIONS.cohorts.leveraged.sizeElasticity, size: { median: parameters.sizeMedian, spread: ASSUMPTIONS.cohorts.leveraged.sizeSpread }, entryShift: 0, entrySpread: 0.001 }],
    });
    run(at, Math.min(to, total), book, 0, false, true);
  }

  let peak = 0;
  for (let m = from; m < Math.min(to, total); m++) peak = Math.max(peak, perMinute[m]);
  const crash = inputs.crashStart;
  let first40 = NaN;
  if (crash !== undefined) {
    first40 = 0;
    for (let m = crash; m < crash + 40 && m < total; m++) first40 += perMinute[m];
  }
  const end = Math.min(to, total);
  return {
    id,
    inputs,
    notional,
    traders,
    longShare: notional > 0 ? longs / notional : NaN,
    first40Minutes: first40,
    peakMinute: peak,
    adl,
    oiChange: (baseEnd * path[end]) / (baseStart * path[from]) - 1,
    venues,
    cohortSeries: series,
    main: main!,
  };
}
