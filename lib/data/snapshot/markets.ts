/**
 * The snapshot's sourced series beside the price: spot bitcoin ETF flows, treasury-company
 * (DAT) mNAV points and coin sales, CME FedWatch odds of a December cut, cross-asset moves
 * around Nov 21 with the S&P 500 and gold-futures closes, and BTC order-book depth before and
 * after. Each series holds only the dates a publication gave: a figure known for "late
 * October" has no day (its time is missing) and says so in `when`.
 */
import { SOURCES } from "./sources";

const { article, reporting, fedwatch, coindeskResearch, closes, nyMoves, bloomberg } = SOURCES;

/** Missing value for a number column. */
const NA = NaN;

/** ETF flows in dollars (negative: outflow); period "day" or "month" (time is the period's start). */
export const ETF_FLOWS = [
  { time: "2025-11-14", period: "day", fund: "IBIT", flow_usd: -463.1e6, flow_low_usd: NA, flow_high_usd: NA, note: "the previous one-day outflow record", source: reporting },
  { time: "2025-11-18", period: "day", fund: "IBIT", flow_usd: -523.15e6, flow_low_usd: NA, flow_high_usd: NA, note: "record one-day outflow (reported Nov 19 in Asia)", source: reporting },
  { time: "2025-11-18", period: "day", fund: "IBIT", flow_usd: -523e6, flow_low_usd: NA, flow_high_usd: NA, note: "record one-day outflow", source: article },
  { time: "2025-11-20", period: "day", fund: "US spot BTC ETFs", flow_usd: -903e6, flow_low_usd: NA, flow_high_usd: NA, note: "all funds", source: reporting },
  { time: "2025-11-01", period: "month", fund: "IBIT", flow_usd: -2.45e9, flow_low_usd: -2.7e9, flow_high_usd: -2.2e9, note: "November total, range by cut-off date; value is the midpoint", source: reporting },
  { time: "2025-11-01", period: "month", fund: "IBIT", flow_usd: -2.5e9, flow_low_usd: NA, flow_high_usd: NA, note: "November outflow, stated as over $2.5B", source: article },
  { time: "2025-11-01", period: "month", fund: "US spot BTC ETFs", flow_usd: -3.5e9, flow_low_usd: NA, flow_high_usd: NA, note: "November, about", source: reporting },
];

/** Treasury companies' mNAV (value over coin holdings times price), Nov 2025; low/high for published ranges. */
export const TREASURY_MNAV = [
  { month: "2025-11", company: "Strategy", asset: "BTC", basis: "market cap", mnav: 0.98, mnav_low: NA, mnav_high: NA, holdings: 641_692, note: "about", source: reporting },
  { month: "2025-11", company: "Strategy", asset: "BTC", basis: "enterprise value", mnav: 1.145, mnav_low: 1.1, mnav_high: 1.19, holdings: 641_692, note: "range; value is the midpoint", source: reporting },
  { month: "2025-11", company: "Metaplanet", asset: "BTC", basis: "not stated", mnav: 0.96, mnav_low: 0.93, mnav_high: 0.99, holdings: NA, note: "range; value is the midpoint", source: reporting },
  { month: "2025-11", company: "BitMine", asset: "ETH", basis: "basic", mnav: 0.77, mnav_low: NA, mnav_high: NA, holdings: NA, note: "", source: reporting },
  { month: "2025-11", company: "BitMine", asset: "ETH", basis: "diluted", mnav: 0.92, mnav_low: NA, mnav_high: NA, holdings: NA, note: "", source: reporting },
];

/** Coins treasury companies sold (coins or dollars, whichever was published) and why. */
export const TREASURY_SALES = [
  { company: "FG Nexus", asset: "ETH", coins: 10_922, usd: NA, purpose: "share buybacks", source: reporting },
  { company: "ETHZilla", asset: "ETH", coins: NA, usd: 40e6, purpose: "share buybacks (about $40M of ETH)", source: reporting },
  { company: "Sequans", asset: "BTC", coins: 970, usd: NA, purpose: "redeem convertible debt", source: reporting },
];

/** Other treasury figures: counts rather than company points. */
export const TREASURY_NOTES = [
  { metric: "btc_treasuries_below_mnav_1", value: 15, unit: "count" as const, qualifier: "at least" as const, at: "2025-11-10", source: reporting },
];

/** Probability of a Fed cut at the December meeting, percent; time missing where only a period is known. */
export const FED_CUT_ODDS = [
  { time: "", when: "late 2025-10", probability: 100, probability_low: NA, probability_high: NA, note: "about", source: fedwatch },
  { time: "2025-11-18", when: "2025-11-18", probability: 50, probability_low: NA, probability_high: NA, note: "", source: fedwatch },
  { time: "2025-11-19", when: "2025-11-19", probability: 33, probability_low: NA, probability_high: NA, note: "", source: fedwatch },
  { time: "2025-11-20", when: "2025-11-20", probability: 32.5, probability_low: 30, probability_high: 35, note: "range; value is the midpoint", source: fedwatch },
  { time: "2025-11-21", when: "2025-11-21", probability: 70.9, probability_low: NA, probability_high: NA, note: "after NY Fed President Williams spoke", source: fedwatch },
  { time: "2025-11-24", when: "2025-11-24", probability: 69.4, probability_low: NA, probability_high: NA, note: "", source: fedwatch },
  { time: "", when: "article, first", probability: 70, probability_low: NA, probability_high: NA, note: "the article's swing 70 % -> 30 % -> 71 %, undated", source: article },
  { time: "", when: "article, second", probability: 30, probability_low: NA, probability_high: NA, note: "the article's swing 70 % -> 30 % -> 71 %, undated", source: article },
  { time: "", when: "article, third", probability: 71, probability_low: NA, probability_high: NA, note: "the article's swing 70 % -> 30 % -> 71 %, undated", source: article },
];

/** Moves around Nov 21 across assets: change in percent over `period`, and the level reached where published. */
export const CROSS_ASSET_MOVES = [
  { time: "2025-11-21", asset: "KOSPI", period: "day", change_pct: -3.78, level: NA, note: "close", source: article },
  { time: "2025-11-21", asset: "KOSPI", period: "day", change_pct: -3.8, level: NA, note: "close", source: reporting },
  { time: "2025-11-21", asset: "Nikkei 225", period: "day", change_pct: -2.4, level: 48_625.88, note: "close", source: reporting },
  { time: "2025-11-21", asset: "Hang Seng", period: "day", change_pct: -2.38, level: 25_220.02, note: "close", source: reporting },
  { time: "2025-11-21", asset: "KOSPI", period: "week", change_pct: -3.95, level: NA, note: "", source: article },
  { time: "2025-11-21", asset: "Nikkei 225", period: "week", change_pct: -3.48, level: NA, note: "", source: article },
  { time: "2025-11-21", asset: "China A-shares", period: "day", change_pct: -2, level: 3_900, note: "fell below the level", source: article },
  { time: "2025-11-21", asset: "spot gold", period: "day", change_pct: -1.2, level: 4_028.23, note: "Asian-session intraday quote, before the US rebound", source: article },
  { time: "2025-11-21", asset: "spot silver", period: "day", change_pct: -3, level: 49.12, note: "over -3 %; Asian-session quote", source: article },
  { time: "2025-11-20", asset: "spot gold", period: "day", change_pct: NA, level: 4_064, note: "price on Nov 20", source: reporting },
  { time: "2025-11-21", asset: "crypto market cap", period: "24h", change_pct: -10.36, level: 3e12, note: "below $3T", source: article },
  { time: "2025-11-21", asset: "crypto market cap", period: "24h", change_pct: NA, level: 2.95e12, note: "about", source: reporting },
  { time: "2025-11-21", asset: "BTC", period: "day", change_pct: NA, level: 80_553, note: "intraday low", source: bloomberg },
  { time: "2025-11-20", asset: "S&P 500", period: "day", change_pct: -1.56, level: 6_538.76, note: "New York close (the Nvidia reversal)", source: nyMoves },
  { time: "2025-11-21", asset: "S&P 500", period: "day", change_pct: 0.98, level: 6_602.99, note: "New York close", source: nyMoves },
  { time: "2025-11-21", asset: "gold futures", period: "day", change_pct: 0.5, level: 4_076.7, note: "COMEX front month, New York close", source: nyMoves },
];

/** Daily closes on US trading days, 2025-10-01 to 2025-11-28: [day, S&P 500, COMEX gold front-month]. */
export const SP500_GOLD_CLOSES: ReadonlyArray<readonly [string, number, number]> = [
  ["2025-10-01", 6711.2, 3867.5], ["2025-10-02", 6715.35, 3839.7], ["2025-10-03", 6715.79, 3880.8],
  ["2025-10-06", 6740.28, 3948.5], ["2025-10-07", 6714.59, 3976.6], ["2025-10-08", 6753.72, 4043.3],
  ["2025-10-09", 6735.11, 3946.3], ["2025-10-10", 6552.51, 3975.9], ["2025-10-13", 6654.72, 4108.6],
  ["2025-10-14", 6644.31, 4138.7], ["2025-10-15", 6671.06, 4176.9], ["2025-10-16", 6629.07, 4280.2],
  ["2025-10-17", 6664.01, 4189.9], ["2025-10-20", 6735.13, 4336.4], ["2025-10-21", 6735.35, 4087.7],
  ["2025-10-22", 6699.4, 4044.4], ["2025-10-23", 6738.44, 4125.5], ["2025-10-24", 6791.69, 4118.4],
  ["2025-10-27", 6875.16, 4001.9], ["2025-10-28", 6890.89, 3966.2], ["2025-10-29", 6890.59, 3983.7],
  ["2025-10-30", 6822.34, 4001.3], ["2025-10-31", 6840.2, 3982.2], ["2025-11-03", 6851.97, 4000.3],
  ["2025-11-04", 6771.55, 3947.7], ["2025-11-05", 6796.29, 3980.3], ["2025-11-06", 6720.32, 3979.9],
  ["2025-11-07", 6728.8, 3999.4], ["2025-11-10", 6832.43, 4111.8], ["2025-11-11", 6846.61, 4106.8],
  ["2025-11-12", 6850.92, 4204.4], ["2025-11-13", 6737.49, 4186.9], ["2025-11-14", 6734.11, 4087.6],
  ["2025-11-17", 6672.41, 4068.3], ["2025-11-18", 6617.32, 4061.3], ["2025-11-19", 6642.16, 4077.7],
  ["2025-11-20", 6538.76, 4056.5], ["2025-11-21", 6602.99, 4076.7], ["2025-11-24", 6705.12, 4091.9],
  ["2025-11-25", 6765.88, 4139.2], ["2025-11-26", 6812.61, 4165.2], ["2025-11-28", 6849.09, 4218.3],
];
export const CLOSES_SOURCE = closes;

/** Macro figures the article cites (claim A12), as macro series rows; the shutdown has no day. */
export const MACRO = [
  { time: "", series: "us_government_shutdown_length", value: 43, unit: "days", note: "the shutdown that ended in November 2025", source: article },
  { time: "2025-09-01", series: "us_nonfarm_payrolls_change", value: 119, unit: "thousands of jobs", note: "September 2025 (the month measured, not the release date)", source: article },
];

/**
 * Order-book depth within a band of the mid, in dollars, before and after the crash. Only the
 * BTC 1 % figure is dated on both sides; the others are the same report's before and after.
 */
export const BOOK_DEPTH = [
  { asset: "BTC", band_pct: 1, when: "before: early 2025-10", time: "", depth_usd: 20e6, qualifier: "about", source: coindeskResearch },
  { asset: "BTC", band_pct: 1, when: "after: 2025-11-11", time: "2025-11-11", depth_usd: 14e6, qualifier: "", source: coindeskResearch },
  { asset: "BTC", band_pct: 0.5, when: "before", time: "", depth_usd: 15.5e6, qualifier: "", source: coindeskResearch },
  { asset: "BTC", band_pct: 0.5, when: "after", time: "", depth_usd: 10e6, qualifier: "under", source: coindeskResearch },
  { asset: "BTC", band_pct: 5, when: "before", time: "", depth_usd: 40e6, qualifier: "over", source: coindeskResearch },
  { asset: "BTC", band_pct: 5, when: "after", time: "", depth_usd: 30e6, qualifier: "under", source: coindeskResearch },
  { asset: "ETH", band_pct: 1, when: "before", time: "", depth_usd: 8e6, qualifier: "over", source: coindeskResearch },
  { asset: "ETH", band_pct: 1, when: "after", time: "", depth_usd: 6e6, qualifier: "under", source: coindeskResearch },
];
