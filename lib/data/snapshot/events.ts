/**
 * The window's two liquidation events, "1011" (Oct 10-11, 2025) and Nov 21, 2025, as sourced
 * figures: counts and amounts liquidated, the long/short split, the largest single
 * liquidation, lows, the fall in open interest, depth and auto-deleveraging. The article's own
 * figures sit beside the checked tallies, each with its source.
 */
import { SOURCES, type SourcedFigure } from "./sources";

/** A liquidation event: its 24-hour window and every sourced figure about it. */
export interface LiquidationEvent {
  /** "2025-10-10" (the "1011" crash) or "2025-11-21". */
  id: string;
  name: string;
  /**
   * The UTC days the event spans, ISO 8601 (start inclusive, end exclusive). The tallies are
   * 24-hour counts whose exact window the sources do not give.
   */
  from: string;
  to: string;
  figures: SourcedFigure[];
}

const { article, coinglass, amberdata, cadli, kaiko, bloomberg, reporting } = SOURCES;

const OCT_10: LiquidationEvent = {
  id: "2025-10-10",
  name: 'Oct 10-11, 2025 ("1011")',
  from: "2025-10-10T00:00:00Z",
  to: "2025-10-12T00:00:00Z",
  figures: [
    { metric: "liquidated_usd", value: 19.13e9, unit: "usd", note: "24 h", source: coinglass },
    { metric: "traders", value: 1_618_240, unit: "count", note: "24 h", source: coinglass },
    { metric: "longs_usd", value: 16.7e9, unit: "usd", source: coinglass },
    { metric: "shorts_usd", value: 2.4e9, unit: "usd", source: coinglass },
    { metric: "liquidated_usd_other_tallies", value: 19.27e9, low: 19.16e9, high: 19.38e9, unit: "usd", source: reporting },
    { metric: "largest_liquidation_usd", value: 203.36e6, unit: "usd", subject: "ETH-USDT on Hyperliquid", source: reporting },
    { metric: "venue_liquidated_usd", value: 10.2e9, unit: "usd", qualifier: "about", subject: "Hyperliquid", source: reporting },
    { metric: "venue_liquidated_usd", value: 4.6e9, unit: "usd", subject: "Bybit", source: reporting },
    { metric: "venue_liquidated_usd", value: 2.4e9, unit: "usd", subject: "Binance", source: reporting },
    { metric: "liquidated_usd_first_40_minutes", value: 6.93e9, unit: "usd", at: "2025-10-10T20:50:00Z", note: "liquidations began about 20:50 UTC", source: amberdata },
    { metric: "peak_minute_liquidated_usd", value: 3.2e9, unit: "usd", at: "2025-10-10T21:15:00Z", source: amberdata },
    { metric: "long_share", value: 83.9, unit: "percent", source: amberdata },
    { metric: "low_usd", value: 106_560, unit: "usd_per_coin", subject: "BTC", source: cadli },
    { metric: "low_usd", value: 3_551, unit: "usd_per_coin", subject: "ETH", source: cadli },
    { metric: "low_usd", value: 174, unit: "usd_per_coin", subject: "SOL", source: cadli },
    { metric: "low_usd", value: 104_600, unit: "usd_per_coin", qualifier: "about", subject: "BTC", note: "on some venues", source: reporting },
    { metric: "low_usd", value: 0.65, unit: "usd_per_coin", subject: "USDe on Binance", source: reporting },
    { metric: "open_interest_change", value: -43, unit: "percent", subject: "perpetuals", source: reporting },
    { metric: "open_interest_usd", value: 123e9, unit: "usd", subject: "perpetuals", note: "after the fall", source: reporting },
    { metric: "open_interest_change", value: -57, unit: "percent", subject: "Hyperliquid", source: reporting },
    { metric: "depeg_minutes", value: 40, unit: "minutes", subject: "USDe, wBETH, BNSOL on Binance", at: "2025-10-10T21:36:00Z", note: "21:36-22:16 UTC", source: reporting },
    { metric: "compensation_usd", value: 283e6, unit: "usd", qualifier: "about", subject: "Binance", note: "unified-account collateral marked at its own thin spot book", source: reporting },
    { metric: "depth_1pct_usd_before", value: 1.2e6, unit: "usd", subject: "one token", source: reporting },
    { metric: "depth_1pct_usd_after", value: 27e3, unit: "usd", subject: "one token", note: "40 minutes later", source: reporting },
    { metric: "depth_change", value: -98, unit: "percent", subject: "one token, 1 % band", note: "in 40 minutes", source: reporting },
    { metric: "bands_holding_bids", value: 4, unit: "percent", note: "books looked empty for minutes; only the 4 % and 10 % bands held bids", source: kaiko },
    { metric: "bands_holding_bids", value: 10, unit: "percent", note: "books looked empty for minutes; only the 4 % and 10 % bands held bids", source: kaiko },
    { metric: "adl_usd", value: 2.1e9, unit: "usd", qualifier: "about", subject: "Hyperliquid", note: "auto-deleveraged in 12 minutes", source: reporting },
    { metric: "depth_change", value: -98, unit: "percent", qualifier: "up to", note: "market makers hurt on Oct 11 pulled liquidity", source: article },
  ],
};

const NOV_21: LiquidationEvent = {
  id: "2025-11-21",
  name: "Nov 21, 2025",
  from: "2025-11-21T00:00:00Z",
  to: "2025-11-22T00:00:00Z",
  figures: [
    { metric: "traders", value: 403_275, unit: "count", note: "24 h", source: article },
    { metric: "liquidated_usd", value: 2e9, unit: "usd", qualifier: "over", note: "24 h", source: article },
    { metric: "traders", value: 403_398, unit: "count", note: "24 h", source: reporting },
    { metric: "liquidated_usd", value: 1.965e9, unit: "usd", note: "24 h", source: reporting },
    { metric: "traders_other_tally", value: 391_254, unit: "count", note: "another tally, the one with the long/short split", source: reporting },
    { metric: "longs_usd", value: 1.78e9, unit: "usd", note: "from the other tally", source: reporting },
    { metric: "shorts_usd", value: 129e6, unit: "usd", note: "from the other tally", source: reporting },
    { metric: "asset_liquidated_usd", value: 960e6, unit: "usd", subject: "BTC", source: reporting },
    { metric: "asset_liquidated_usd", value: 401e6, unit: "usd", subject: "ETH", source: reporting },
    { metric: "largest_liquidation_usd", value: 36.78e6, unit: "usd", subject: "BTC-USD on Hyperliquid", source: reporting },
    { metric: "low_usd", value: 80_553, unit: "usd_per_coin", subject: "BTC", source: bloomberg },
    { metric: "low_usd", value: 80_600, unit: "usd_per_coin", subject: "BTC", note: "intraday", source: article },
    { metric: "low_usd", value: 2_681.49, unit: "usd_per_coin", subject: "ETH", source: reporting },
    { metric: "crypto_market_cap_usd", value: 2.95e12, unit: "usd", qualifier: "about", source: reporting },
    { metric: "crypto_market_cap_usd", value: 3e12, unit: "usd", qualifier: "below", source: article },
    { metric: "crypto_market_cap_change", value: -10.36, unit: "percent", note: "24 h", source: article },
    { metric: "traders_ratio_to_1011", value: 0.25, unit: "ratio", qualifier: "about", note: "a quarter of the traders of Oct 10-11", source: article },
    { metric: "usd_ratio_to_1011", value: 0.1, unit: "ratio", qualifier: "about", note: "a tenth of the amount of Oct 10-11", source: article },
  ],
};

/**
 * The two events, in date order: a fresh copy on every call, so a notebook can't change the
 * snapshot for the next cell.
 *
 * @example
 *   const [oct10, nov21] = liquidationEvents();
 *   oct10.figures.find((f) => f.metric === "traders")?.value // 1618240
 */
export function liquidationEvents(): LiquidationEvent[] {
  return [OCT_10, NOV_21].map((e) => ({ ...e, figures: e.figures.map((f) => ({ ...f })) }));
}
