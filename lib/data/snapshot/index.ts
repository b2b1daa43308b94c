/**
 * snapshot(): the article's window (2025-09-01 to 2025-11-30) in memory, so every notebook runs
 * offline. BTC-USD prices are observed daily candles (every UTC day through 2025-11-22) with a
 * seeded reconstruction of the hours inside each day; every candle row says which part is
 * which. Everything else is a published figure with its source on every row.
 */
import { Frame } from "../../frame";
import { parseIsoTime } from "../../time";
import { BTC_DAILY, BTC_EXTREME_HOURS, DAILY_SOURCE } from "./btc-daily";
import { liquidationEvents, type LiquidationEvent } from "./events";
import { BOOK_DEPTH, CLOSES_SOURCE, CROSS_ASSET_MOVES, ETF_FLOWS, FED_CUT_ODDS, MACRO, SP500_GOLD_CLOSES, TREASURY_MNAV, TREASURY_NOTES, TREASURY_SALES } from "./markets";
import { reconstructCandles } from "./reconstruct";
import type { SourcedFigure } from "./sources";
import { checkOptions, optionKeys } from "../../options";

export const SNAPSHOT_FROM = "2025-09-01";
/**
 * The article's window ends on 2025-11-30, but the candles end on 2025-11-22 (23:00 UTC): no
 * public daily OHLC was at hand after it, and no price past it is made up.
 */
export const SNAPSHOT_TO = "2025-11-30";
/** The generator's default seed (the date of the crash). */
export const SNAPSHOT_SEED = 20251010;

/** How the snapshot's candles were made: what is observed, what is reconstructed. */
export interface CandlesProvenance {
  /** The same text as every candle row's source column. */
  source: string;
  /** "daily open, high, low, close, volume": market facts, from DAILY_SOURCE. */
  observed: string;
  /** "hourly path inside each day": drawn, so statistics of it are not market facts. */
  reconstructed: string;
  /** How the hours are drawn. */
  method: string;
  seed: number;
  /** Observed days (83) and published extreme hours (3) the candles meet exactly. */
  days: number;
  extremeHours: number;
  /** The last observed day, 2025-11-22: the candles end at its 23:00 UTC bar. */
  lastDay: string;
}

/** What `snapshot()` returns; see each field. */
export interface Snapshot {
  /** The article's window, UTC days, both included (the candles end on 2025-11-22: see `SNAPSHOT_TO`). */
  window: { from: string; to: string };
  /**
   * BTC-USD hourly candles (time, open, high, low, close, volume in BTC, source), from
   * 2025-09-01 00:00 to 2025-11-22 23:00 UTC. Each day aggregates to its observed candle in
   * `daily` (open, high, low, close to the cent; volumes summing to the day's); the path of
   * the hours inside it and the spread of volume over them are reconstructed (seeded), so use
   * `daily` for returns and volatility. On three days whose last hour was under-sampled the
   * close lies above the published high and the day's hourly high is that close.
   */
  candles: Frame;
  /**
   * The observed daily candles, one row per UTC day 2025-09-01..2025-11-22 (83): time (the UTC
   * day), open, high, low, close (dollars), volume (BTC), last_hour_partial (1 when the 23:00
   * hour was under-sampled, else 0; frames have no boolean columns), source. Kept as published:
   * on 2025-09-11, 09-28 and 10-01 (under-sampled) the close lies above the high, so
   * `validate(daily, SCHEMAS.candles)` flags them; `candles.resample("1d")` gives the same days
   * with the high raised to the close.
   */
  daily: Frame;
  /** The two liquidation events with their sourced figures. */
  events: LiquidationEvent[];
  /** Spot BTC ETF flows: time, period, fund, flow_usd (negative out), flow_low_usd, flow_high_usd, note, source. */
  etfFlows: Frame;
  /** Treasury companies' mNAV points (month, company, asset, basis, mnav, mnav_low, mnav_high, holdings, note, source). */
  treasuries: Frame;
  /** Coins treasury companies sold (company, asset, coins, usd, purpose, source). */
  treasurySales: Frame;
  /** Other treasury figures (counts). */
  treasuryNotes: SourcedFigure[];
  /** CME FedWatch odds of a December cut, percent (time missing where only a period is known). */
  fedCutOdds: Frame;
  /** Moves around Nov 21 across assets (time, asset, period, change_pct, level, note, source). */
  crossAsset: Frame;
  /**
   * S&P 500 and COMEX gold front-month daily closes on US trading days, one row per day and
   * asset (time, asset, close, currency, source: the cross-asset closes schema).
   */
  closes: Frame;
  /** Macro figures the article cites (time, series, value, unit, note, source: the macro series schema). */
  macro: Frame;
  /** Order-book depth within a band, before and after (asset, band_pct, when, time, depth_usd, qualifier, source). */
  depth: Frame;
  /** Where the candles come from and how they were made. */
  provenance: { candles: CandlesProvenance };
}

/** Options of {@link snapshot}. */
export interface SnapshotOptions {
  /** The candle generator's seed; the default gives the candles every notebook shows. */
  seed?: number;
}

const day = (iso: string) => (iso === "" ? NaN : parseIsoTime(iso));
const withTimes = <T extends { time: string }>(rows: readonly T[]) => rows.map((r) => ({ ...r, time: day(r.time) }));

const SNAPSHOT_OPTIONS = optionKeys<NonNullable<Parameters<typeof snapshot>[0]>>()("seed");

/**
 * The embedded snapshot of the article's window, built in a few milliseconds.
 *
 * @example
 *   const { candles, daily, events } = snapshot();
 *   drawdown(candles) // { peak: 126287.29, peakAt: 2025-10-06T18:00Z, trough: 80562.05, depth: 0.362, ... }
 *   returns(daily, { kind: "log" }) // daily returns: observed, unlike the hourly ones
 */
export function snapshot({ seed = SNAPSHOT_SEED, ...unknown }: SnapshotOptions = {}): Snapshot {
  checkOptions("snapshot", unknown, SNAPSHOT_OPTIONS);
  const hourly = reconstructCandles({ days: BTC_DAILY, hours: BTC_EXTREME_HOURS, seed });
  const candlesSource = `daily OHLCV observed: ${DAILY_SOURCE}; hourly shape reconstructed (seeded bridge, seed ${seed})`;
  const candles = hourly.withColumn("source", new Array<string>(hourly.length).fill(candlesSource), "string");
  const dailyRows = BTC_DAILY.map((d) => ({ time: day(d.date), open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume, last_hour_partial: d.lastHourPartial ? 1 : 0, source: DAILY_SOURCE }));
  const daily = Frame.fromRecords(dailyRows, { types: { time: "time" } });
  return {
    window: { from: SNAPSHOT_FROM, to: SNAPSHOT_TO },
    candles,
    daily,
    events: liquidationEvents(),
    etfFlows: Frame.fromRecords(withTimes(ETF_FLOWS), { types: { time: "time" } }),
    treasuries: Frame.fromRecords(TREASURY_MNAV),
    treasurySales: Frame.fromRecords(TREASURY_SALES),
    treasuryNotes: TREASURY_NOTES.map((n) => ({ ...n })),
    fedCutOdds: Frame.fromRecords(withTimes(FED_CUT_ODDS), { types: { time: "time" } }),
    crossAsset: Frame.fromRecords(withTimes(CROSS_ASSET_MOVES), { types: { time: "time" } }),
    closes: Frame.fromRecords(
      SP500_GOLD_CLOSES.flatMap(([date, spx, gold]) => [
        { time: day(date), asset: "S&P 500", close: spx, currency: null, source: CLOSES_SOURCE },
        { time: day(date), asset: "gold futures", close: gold, currency: "USD", source: CLOSES_SOURCE },
      ]),
      { types: { time: "time", currency: "string" } },
    ),
    macro: Frame.fromRecords(withTimes(MACRO), { types: { time: "time" } }),
    depth: Frame.fromRecords(withTimes(BOOK_DEPTH), { types: { time: "time" } }),
    provenance: {
      candles: {
        source: candlesSource,
        observed: "daily open, high, low, close, volume",
        reconstructed: "hourly path inside each day",
        method: "a seeded log-price Brownian bridge per day from its open to its close through the bars of its high and low; volume spread by bar range (see lib/data/snapshot/reconstruct.ts)",
        seed,
        days: BTC_DAILY.length,
        extremeHours: BTC_EXTREME_HOURS.length,
        lastDay: BTC_DAILY[BTC_DAILY.length - 1].date,
      },
    },
  };
}

export type { LiquidationEvent } from "./events";
export type { SourcedFigure } from "./sources";
export type { DailyCandle, ExtremeHour } from "./btc-daily";
