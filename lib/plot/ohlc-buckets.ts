/**
 * Candles thinned for drawing: consecutive bars merged into one by the OHLCV rules (open of the
 * first, highest high, lowest low, close of the last, volumes summed). Unlike a line's
 * downsampling nothing is dropped: every high and low still shows in some bar, so the crash
 * low of a minute series survives as the low of a merged bar.
 */
import { checkOptions, optionKeys } from "../options";

/** Candle columns as arrays of equal length; `volume` is optional. */
export interface OhlcSeries {
  time: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume?: ArrayLike<number>;
}

/** Merged candles, and the first input row of each (`start`), for mapping events to bars. */
export interface OhlcBuckets {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume?: Float64Array;
  start: Uint32Array;
  /** Input rows per merged bar (1 when nothing was merged). */
  rowsPerBar: number;
}

const OHLC_SERIES_KEYS = optionKeys<NonNullable<Parameters<typeof bucketOhlc>[0]>>()("time", "open", "high", "low", "close", "volume");

/**
 * At most `maxBars` candles: each bar merges `ceil(n / maxBars)` consecutive input rows and is
 * stamped with its first row's time. Missing values (NaN) are skipped inside a bar.
 *
 * @example
 *   const b = bucketOhlc({ time: [0, 1, 2, 3], open: [1, 2, 3, 4], high: [2, 5, 4, 6], low: [0.5, 1, 2, 3], close: [2, 3, 4, 5] }, 2);
 *   [...b.high] // [5, 6]; [...b.low] // [0.5, 2]; [...b.close] // [3, 5]
 */
export function bucketOhlc({ time, open, high, low, close, volume, ...unknown }: OhlcSeries, maxBars: number): OhlcBuckets {
  checkOptions("bucketOhlc", unknown, OHLC_SERIES_KEYS);
  const n = time.length;
  for (const [name, col] of Object.entries({ open, high, low, close, volume })) {
    if (col && col.length !== n) throw new Error(`bucketOhlc: ${name} has ${col.length} values but time has ${n}`);
  }
  if (!(Number.isInteger(maxBars) && maxBars >= 1)) throw new Error(`bucketOhlc: maxBars must be a positive integer, got ${maxBars}`);
  const per = Math.max(1, Math.ceil(n / maxBars));
  const bars = Math.ceil(n / per);
  const out = {
    time: new Float64Array(bars),
    open: new Float64Array(bars),
    high: new Float64Array(bars),
    low: new Float64Array(bars),
    close: new Float64Array(bars),
    volume: volume ? new Float64Array(bars) : undefined,
    start: new Uint32Array(bars),
    rowsPerBar: per,
  };
  for (let b = 0; b < bars; b++) {
    const s = b * per;
    const e = Math.min(n, s + per);
    let o = NaN, h = NaN, l = NaN, c = NaN, v = 0, anyVolume = false;
    for (let i = s; i < e; i++) {
      if (o !== o && open[i] === open[i]) o = open[i];
      if (high[i] === high[i] && !(high[i] <= h)) h = high[i];
      if (low[i] === low[i] && !(low[i] >= l)) l = low[i];
      if (close[i] === close[i]) c = close[i];
      if (volume && volume[i] === volume[i]) (v += volume[i]), (anyVolume = true);
    }
    out.time[b] = time[s];
    out.open[b] = o;
    out.high[b] = h;
    out.low[b] = l;
    out.close[b] = c;
    if (out.volume) out.volume[b] = anyVolume ? v : NaN;
    out.start[b] = s;
  }
  return out;
}
