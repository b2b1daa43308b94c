/**
 * The published BTC-USD daily price anchors the snapshot's hourly candles are rebuilt through:
 * UTC days of the CryptoCompare aggregate index (hourly bars aggregated to days), as listed in
 * the project's facts sheet (section C), plus the hours in which three extremes fell.
 */

/** Where the anchors come from; every reconstructed candle names it too. */
export const ANCHOR_SOURCE = "CryptoCompare aggregate index, BTC-USD daily OHLC (facts sheet C)";

/** One UTC day's published open, high, low and close, in dollars. */
export interface PriceAnchor {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** The UTC hour whose bar holds the day's high, when it is published. */
  highHour?: number;
  /** The UTC hour whose bar holds the day's low, when it is published. */
  lowHour?: number;
}

/**
 * The anchors, in date order. The hours: the all-time high in the 18:00 bar of Oct 6, the
 * "1011" crash low in the 21:00 bar of Oct 10, the cycle low in the 12:00 bar of Nov 21.
 *
 * @example
 *   BTC_ANCHORS.find((a) => a.date === "2025-10-06")?.high // 126287
 */
export const BTC_ANCHORS: readonly PriceAnchor[] = [
  { date: "2025-08-31", open: 108834, high: 109510, low: 108217, close: 108893 },
  { date: "2025-09-07", open: 110230, high: 111406, low: 110216, close: 111287 },
  { date: "2025-09-14", open: 115972, high: 116227, low: 115251, close: 116051 },
  { date: "2025-09-21", open: 115756, high: 115901, low: 115263, close: 115591 },
  { date: "2025-09-28", open: 109727, high: 112180, low: 109280, close: 112163 },
  { date: "2025-10-05", open: 122455, high: 125749, low: 122213, close: 123267 },
  { date: "2025-10-06", open: 123535, high: 126287, low: 123143, close: 125100, highHour: 18 },
  { date: "2025-10-10", open: 121714, high: 122587, low: 105834, close: 113976, lowHour: 21 },
  { date: "2025-10-11", open: 112999, high: 113462, low: 109711, close: 111162 },
  { date: "2025-10-12", open: 110780, high: 115849, low: 109708, close: 115302 },
  { date: "2025-10-19", open: 107229, high: 109508, low: 106146, close: 109094 },
  { date: "2025-10-26", open: 111672, high: 115421, low: 111281, close: 114784 },
  { date: "2025-11-02", open: 110104, high: 111200, low: 109486, close: 110565 },
  { date: "2025-11-04", open: 106580, high: 107290, low: 98932, close: 101493 },
  { date: "2025-11-09", open: 102305, high: 105466, low: 101416, close: 104721 },
  { date: "2025-11-14", open: 99644, high: 99837, low: 94007, close: 94532 },
  { date: "2025-11-16", open: 95555, high: 96575, low: 93006, close: 94244 },
  { date: "2025-11-18", open: 92141, high: 93786, low: 89289, close: 92946 },
  { date: "2025-11-19", open: 92946, high: 92964, low: 88530, close: 91483 },
  { date: "2025-11-20", open: 91483, high: 93083, low: 86019, close: 86554 },
  { date: "2025-11-21", open: 86554, high: 87405, low: 80562, close: 85088, lowHour: 12 },
  { date: "2025-11-22", open: 85088, high: 85562, low: 83463, close: 84697 },
];
