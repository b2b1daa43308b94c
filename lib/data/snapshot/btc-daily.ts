/**
 * BTC-USD daily candles of the article's window, every UTC day from 2025-09-01 to 2025-11-22:
 * open, high, low, close and volume as observed, the facts sheet's section C2. Source:
 * CryptoCompare aggregate index, BTC-USD, UTC days aggregated from hourly bars (facts sheet
 * section C2). A day's open is the index at 00:00 UTC, so it equals the previous day's close.
 *
 * No public daily OHLC was at hand after 2025-11-22, so the table (and the snapshot's candles)
 * end there: nothing later is presented as observed.
 *
 * Days flagged `lastHourPartial` had their last hour (23:00 UTC) sampled over only its first
 * minutes: their high or low may miss a late extreme. On three of them (2025-09-11, 2025-09-28,
 * 2025-10-01) the close, the next day's 00:00 open, even lies above the published high; the
 * rows keep the published figures as they are rather than guess the missed extreme.
 */

/** Where the daily rows come from; every snapshot candle names it too. */
export const DAILY_SOURCE = "CryptoCompare aggregate index, BTC-USD, UTC days aggregated from hourly bars (facts sheet section C2)";

/** One observed UTC day: prices in dollars (to the cent), volume in BTC. */
export interface DailyCandle {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  /** The index at 00:00 UTC: the previous day's close. */
  open: number;
  high: number;
  low: number;
  /** The index at the next 00:00 UTC: the next day's open. */
  close: number;
  /** BTC traded over the day, rounded to whole coins as published. */
  volume: number;
  /** The 23:00 UTC hour was sampled over its first minutes only: the high or low may miss a late extreme. */
  lastHourPartial?: boolean;
}

/** A published hour in which a day's extreme fell (UTC). */
export interface ExtremeHour {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  /** Which extreme of the day: its high or its low. */
  side: "high" | "low";
  /** The UTC hour whose bar holds it, 0-23. */
  hour: number;
  /** The extreme itself, dollars: the day's high or low in BTC_DAILY. */
  price: number;
  /** What the extreme was. */
  note: string;
  /**
   * When the fall (or rise) into the extreme began, "HH:MM" UTC, when published: the bars
   * before it stay on the far side of the day's midpoint, so the move happens where it did.
   */
  moveBegan?: string;
}

/**
 * The hours of the window's three landmark extremes (facts sheet section C): the all-time
 * high, the "1011" crash low and the cycle low.
 *
 * @example
 *   BTC_EXTREME_HOURS.find((e) => e.note === "all-time high")?.hour // 18
 */
export const BTC_EXTREME_HOURS: readonly ExtremeHour[] = [
  { date: "2025-10-06", side: "high", hour: 18, price: 126287.29, note: "all-time high" },
  // The crash began about 20:50 UTC (Amberdata, facts sheet section B).
  { date: "2025-10-10", side: "low", hour: 21, price: 105833.75, note: 'the "1011" crash low', moveBegan: "20:50" },
  { date: "2025-11-21", side: "low", hour: 12, price: 80562.05, note: "cycle low" },
];

/**
 * The 83 observed days, in date order, exactly as section C2 of the facts sheet lists them.
 *
 * @example
 *   BTC_DAILY.find((d) => d.date === "2025-10-06")?.high // 126287.29
 *   BTC_DAILY.length // 83: 2025-09-01 to 2025-11-22
 */
export const BTC_DAILY: readonly DailyCandle[] = [
  { date: "2025-09-01", open: 108273.72, high: 109913.29, low: 107271.39, close: 109256.28, volume: 20651, lastHourPartial: true },
  { date: "2025-09-02", open: 109256.28, high: 111796.23, low: 108420.77, close: 111245.94, volume: 26781, lastHourPartial: true },
  { date: "2025-09-03", open: 111245.94, high: 112601.73, low: 110556.54, close: 111751.51, volume: 18557, lastHourPartial: true },
  { date: "2025-09-04", open: 111751.51, high: 112225.93, low: 109345.22, close: 110732.33, volume: 18668, lastHourPartial: true },
  { date: "2025-09-05", open: 110732.33, high: 113400.39, low: 110217.27, close: 110676.99, volume: 27991, lastHourPartial: true },
  { date: "2025-09-06", open: 110676.99, high: 111320.30, low: 110019.89, close: 110230.16, volume: 6432, lastHourPartial: true },
  { date: "2025-09-07", open: 110230.16, high: 111406.09, low: 110215.70, close: 111143.24, volume: 5888, lastHourPartial: true },
  { date: "2025-09-08", open: 111143.24, high: 112937.76, low: 110628.16, close: 112089.06, volume: 16066, lastHourPartial: true },
  { date: "2025-09-09", open: 112089.06, high: 113293.12, low: 110777.59, close: 111549.14, volume: 18383, lastHourPartial: true },
  { date: "2025-09-10", open: 111549.14, high: 114341.92, low: 110940.58, close: 113988.20, volume: 22917, lastHourPartial: true },
  { date: "2025-09-11", open: 113988.20, high: 115305.26, low: 113457.52, close: 115537.84, volume: 17828, lastHourPartial: true },
  { date: "2025-09-12", open: 115537.84, high: 116816.49, low: 114785.30, close: 116116.26, volume: 20483, lastHourPartial: true },
  { date: "2025-09-13", open: 116116.26, high: 116361.05, low: 115207.42, close: 115971.92, volume: 6923, lastHourPartial: true },
  { date: "2025-09-14", open: 115971.92, high: 116227.37, low: 115251.00, close: 115351.87, volume: 6181, lastHourPartial: true },
  { date: "2025-09-15", open: 115351.87, high: 116808.07, low: 114427.70, close: 115401.06, volume: 18181, lastHourPartial: true },
  { date: "2025-09-16", open: 115401.06, high: 117006.56, low: 114765.74, close: 116838.31, volume: 15949, lastHourPartial: true },
  { date: "2025-09-17", open: 116838.31, high: 117331.11, low: 114742.84, close: 116488.17, volume: 22578, lastHourPartial: true },
  { date: "2025-09-18", open: 116488.17, high: 117981.11, low: 116134.78, close: 117126.46, volume: 18263, lastHourPartial: true },
  { date: "2025-09-19", open: 117126.46, high: 117510.96, low: 115150.85, close: 115701.97, volume: 16519, lastHourPartial: true },
  { date: "2025-09-20", open: 115701.97, high: 116202.27, low: 115488.37, close: 115756.07, volume: 5690, lastHourPartial: true },
  { date: "2025-09-21", open: 115756.07, high: 115900.98, low: 115262.90, close: 115299.83, volume: 4987, lastHourPartial: true },
  { date: "2025-09-22", open: 115299.83, high: 115439.04, low: 112027.44, close: 112747.85, volume: 27835, lastHourPartial: true },
  { date: "2025-09-23", open: 112747.85, high: 113372.59, low: 111518.32, close: 112043.66, volume: 18039, lastHourPartial: true },
  { date: "2025-09-24", open: 112043.66, high: 114013.40, low: 111118.70, close: 113360.69, volume: 17072, lastHourPartial: true },
  { date: "2025-09-25", open: 113360.69, high: 113559.70, low: 108664.26, close: 109061.11, volume: 33619, lastHourPartial: true },
  { date: "2025-09-26", open: 109061.11, high: 110387.27, low: 108695.14, close: 109723.94, volume: 27644, lastHourPartial: true },
  { date: "2025-09-27", open: 109723.94, high: 109822.37, low: 109156.33, close: 109727.42, volume: 6854, lastHourPartial: true },
  { date: "2025-09-28", open: 109727.42, high: 112180.00, low: 109280.14, close: 112226.65, volume: 10886, lastHourPartial: true },
  { date: "2025-09-29", open: 112226.65, high: 114496.59, low: 111625.37, close: 114407.08, volume: 19067, lastHourPartial: true },
  { date: "2025-09-30", open: 114407.08, high: 114866.53, low: 112727.79, close: 114078.18, volume: 22451, lastHourPartial: true },
  { date: "2025-10-01", open: 114078.18, high: 118280.37, low: 114004.91, close: 118666.73, volume: 26685, lastHourPartial: true },
  { date: "2025-10-02", open: 118666.73, high: 121107.24, low: 118356.65, close: 120630.71, volume: 26920, lastHourPartial: true },
  { date: "2025-10-03", open: 120630.71, high: 123996.37, low: 119348.63, close: 122318.86, volume: 35400, lastHourPartial: true },
  { date: "2025-10-04", open: 122318.86, high: 122898.15, low: 121598.23, close: 122455.39, volume: 9664, lastHourPartial: true },
  { date: "2025-10-05", open: 122455.39, high: 125748.81, low: 122213.36, close: 123535.21, volume: 21247, lastHourPartial: true },
  { date: "2025-10-06", open: 123535.21, high: 126287.29, low: 123143.47, close: 124723.00, volume: 27105, lastHourPartial: true },
  { date: "2025-10-07", open: 124723.00, high: 125225.23, low: 120661.76, close: 121414.53, volume: 28317, lastHourPartial: true },
  { date: "2025-10-08", open: 121414.53, high: 124254.95, low: 121116.33, close: 123358.65, volume: 24799, lastHourPartial: true },
  { date: "2025-10-09", open: 123358.65, high: 123818.95, low: 119741.93, close: 121713.94, volume: 26342, lastHourPartial: true },
  { date: "2025-10-10", open: 121713.94, high: 122586.57, low: 105833.75, close: 112998.91, volume: 60118, lastHourPartial: true },
  { date: "2025-10-11", open: 112998.91, high: 113462.03, low: 109711.01, close: 110779.65, volume: 37196, lastHourPartial: true },
  { date: "2025-10-12", open: 110779.65, high: 115849.48, low: 109708.26, close: 115084.73, volume: 35704, lastHourPartial: true },
  { date: "2025-10-13", open: 115084.73, high: 116064.34, low: 113754.71, close: 115279.04, volume: 29345, lastHourPartial: true },
  { date: "2025-10-14", open: 115279.04, high: 115514.54, low: 109983.29, close: 113097.76, volume: 38470, lastHourPartial: true },
  { date: "2025-10-15", open: 113097.76, high: 113679.91, low: 110229.66, close: 110819.47, volume: 29401, lastHourPartial: true },
  { date: "2025-10-16", open: 110819.47, high: 112027.41, low: 107501.51, close: 108212.40, volume: 44183, lastHourPartial: true },
  { date: "2025-10-17", open: 108212.40, high: 109278.91, low: 103552.05, close: 106485.41, volume: 47519, lastHourPartial: true },
  { date: "2025-10-18", open: 106485.41, high: 107544.75, low: 106382.73, close: 107228.76, volume: 11590, lastHourPartial: true },
  { date: "2025-10-19", open: 107228.76, high: 109508.08, low: 106146.21, close: 108701.79, volume: 17388, lastHourPartial: true },
  { date: "2025-10-20", open: 108701.79, high: 111743.25, low: 107486.38, close: 110583.29, volume: 26887, lastHourPartial: true },
  { date: "2025-10-21", open: 110583.29, high: 114069.11, low: 107500.34, close: 108387.11, volume: 39258, lastHourPartial: true },
  { date: "2025-10-22", open: 108387.11, high: 109181.59, low: 106750.91, close: 107604.16, volume: 33417, lastHourPartial: true },
  { date: "2025-10-23", open: 107604.16, high: 111341.37, low: 107527.17, close: 110114.95, volume: 21948, lastHourPartial: true },
  { date: "2025-10-24", open: 110114.95, high: 111967.35, low: 109742.29, close: 111046.29, volume: 19549, lastHourPartial: true },
  { date: "2025-10-25", open: 111046.29, high: 111960.99, low: 110709.35, close: 111671.84, volume: 5803, lastHourPartial: true },
  { date: "2025-10-26", open: 111671.84, high: 115420.91, low: 111281.45, close: 114559.89, volume: 12411, lastHourPartial: true },
  { date: "2025-10-27", open: 114559.89, high: 116395.50, low: 114084.01, close: 114115.08, volume: 18225, lastHourPartial: true },
  { date: "2025-10-28", open: 114115.08, high: 116105.23, low: 112249.30, close: 112930.68, volume: 20162, lastHourPartial: true },
  { date: "2025-10-29", open: 112930.68, high: 113669.50, low: 109339.16, close: 110064.53, volume: 24004, lastHourPartial: true },
  { date: "2025-10-30", open: 110064.53, high: 111617.77, low: 106319.98, close: 108326.41, volume: 33363 },
  { date: "2025-10-31", open: 108326.41, high: 111081.78, low: 108295.99, close: 109580.94, volume: 24417 },
  { date: "2025-11-01", open: 109580.94, high: 110513.95, low: 109378.81, close: 110104.40, volume: 6377 },
  { date: "2025-11-02", open: 110104.40, high: 111199.60, low: 109485.51, close: 110564.52, volume: 11170 },
  { date: "2025-11-03", open: 110564.52, high: 110748.58, low: 105315.16, close: 106580.38, volume: 34536 },
  { date: "2025-11-04", open: 106580.38, high: 107289.91, low: 98932.13, close: 101493.23, volume: 57282 },
  { date: "2025-11-05", open: 101493.23, high: 104543.57, low: 98978.04, close: 103893.50, volume: 35631 },
  { date: "2025-11-06", open: 103893.50, high: 104201.89, low: 100266.60, close: 101302.75, volume: 32307 },
  { date: "2025-11-07", open: 101302.75, high: 104039.73, low: 99207.58, close: 103301.61, volume: 38050 },
  { date: "2025-11-08", open: 103301.61, high: 103353.75, low: 101453.48, close: 102304.79, volume: 13228 },
  { date: "2025-11-09", open: 102304.79, high: 105466.47, low: 101415.54, close: 104721.32, volume: 17136 },
  { date: "2025-11-10", open: 104721.32, high: 106648.26, low: 104270.97, close: 105988.36, volume: 23693 },
  { date: "2025-11-11", open: 105988.36, high: 107489.75, low: 102465.73, close: 103033.54, volume: 22618 },
  { date: "2025-11-12", open: 103033.54, high: 105327.79, low: 100818.69, close: 101660.22, volume: 23740 },
  { date: "2025-11-13", open: 101660.22, high: 104048.87, low: 97956.87, close: 99644.14, volume: 44584 },
  { date: "2025-11-14", open: 99644.14, high: 99836.81, low: 94006.67, close: 94531.81, volume: 64052 },
  { date: "2025-11-15", open: 94531.81, high: 96761.57, low: 94516.28, close: 95555.28, volume: 18574 },
  { date: "2025-11-16", open: 95555.28, high: 96574.81, low: 93006.43, close: 94244.44, volume: 26756 },
  { date: "2025-11-17", open: 94244.44, high: 95973.02, low: 91244.75, close: 92141.25, volume: 48310 },
  { date: "2025-11-18", open: 92141.25, high: 93785.83, low: 89289.38, close: 92946.24, volume: 50671 },
  { date: "2025-11-19", open: 92946.24, high: 92963.84, low: 88529.93, close: 91483.02, volume: 48242 },
  { date: "2025-11-20", open: 91483.02, high: 93082.73, low: 86019.03, close: 86553.58, volume: 56931 },
  { date: "2025-11-21", open: 86553.58, high: 87404.99, low: 80562.05, close: 85087.62, volume: 89137 },
  { date: "2025-11-22", open: 85087.62, high: 85562.12, low: 83462.76, close: 84696.98, volume: 23440 },
];
