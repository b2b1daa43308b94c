/**
 * snapshot(): the article's window (2025-09-01 to 2025-11-30) in memory, so every notebook runs
 * offline. Prices are hourly candles rebuilt by the seeded generator through the published
 * daily anchors (they say so: their source column starts "reconstructed"); everything else is
 * a published figure with its source on every row.
 */
import { Frame } from "../../frame";
import { parseIsoTime } from "../../time";
import { ANCHOR_SOURCE, BTC_ANCHORS } from "./btc-anchors";
import { liquidationEvents, type LiquidationEvent } from "./events";
import { BOOK_DEPTH, CLOSES_SOURCE, CROSS_ASSET_MOVES, ETF_FLOWS, FED_CUT_ODDS, MACRO, SP500_GOLD_CLOSES, TREASURY_MNAV, TREASURY_NOTES, TREASURY_SALES } from "./markets";
import { reconstructCandles } from "./reconstruct";
import type { SourcedFigure } from "./sources";

export const SNAPSHOT_FROM = "2025-09-01";
export const SNAPSHOT_TO = "2025-11-30";
/** The generator's default seed (the date of the crash). */
export const SNAPSHOT_SEED = 20251010;

/** What `snapshot()` returns; see each field. */
export interface Snapshot {
  /** The article's window, UTC days, both included. */
  window: { from: string; to: string };
  /**
   * BTC-USD hourly candles (time, open, high, low, close, source), reconstructed: from
   * 2025-09-01 00:00 to 2025-11-22 23:00 UTC, the last published anchor (no prices are made up
   * past it).
   */
  candles: Frame;
  /** The published daily anchors the candles meet exactly (date, open, high, low, close, source). */
  anchors: Frame;
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
  provenance: { candles: { source: string; reconstructed: true; method: string; seed: number; anchors: number } };
}

export interface SnapshotOptions {
  /** The candle generator's seed; the default gives the candles every notebook shows. */
  seed?: number;
}

const day = (iso: string) => (iso === "" ? NaN : parseIsoTime(iso));
const withTimes = <T extends { time: string }>(rows: readonly T[]) => rows.map((r) => ({ ...r, time: day(r.time) }));

/**
 * The embedded snapshot of the article's window, built in a few milliseconds.
 *
 * @example
 *   const { candles, events, etfFlows } = snapshot();
 *   drawdown(candles) // { peak: 126287, peakAt: 2025-10-06T18:00Z, trough: 80562, depth: 0.362, ... }
 */
export function snapshot({ seed = SNAPSHOT_SEED }: SnapshotOptions = {}): Snapshot {
  const from = parseIsoTime(SNAPSHOT_FROM);
  const to = parseIsoTime(SNAPSHOT_TO) + 86_400_000;
  const all = reconstructCandles({ anchors: BTC_ANCHORS, seed });
  const time = all.numbers("time");
  const first = time.findIndex((t) => t >= from);
  const candlesSource = `reconstructed: seeded bridge (seed ${seed}) through the ${ANCHOR_SOURCE}`;
  const inWindow = all.slice(first);
  const candles = inWindow.withColumn("source", new Array<string>(inWindow.length).fill(candlesSource), "string");

  const anchors = Frame.fromRecords(
    BTC_ANCHORS.filter((a) => day(a.date) >= from && day(a.date) < to).map((a) => ({ date: day(a.date), open: a.open, high: a.high, low: a.low, close: a.close, source: ANCHOR_SOURCE })),
    { types: { date: "time" } },
  );
  return {
    window: { from: SNAPSHOT_FROM, to: SNAPSHOT_TO },
    candles,
    anchors,
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
        reconstructed: true,
        method: "log-price Brownian bridges through each anchor's open, high, low and close (see lib/data/snapshot/reconstruct.ts)",
        seed,
        anchors: BTC_ANCHORS.length,
      },
    },
  };
}

export type { LiquidationEvent } from "./events";
export type { SourcedFigure } from "./sources";
export type { PriceAnchor } from "./btc-anchors";
