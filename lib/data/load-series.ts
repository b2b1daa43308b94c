/**
 * The shared path of the exchange loaders: a time range in, a frame out, through the cache
 * (only missing ranges fetched), ccxt (markets loaded once, pages fetched with retries), and a
 * check for holes that reports every gap in the provenance and as a warning. No rows at all
 * where the venue must have some (see SeriesSpec.noRowsIsError) is a NoDataError, not cached.
 */
import { Frame, type ColumnType } from "../frame";
import { formatIsoTime, toEpochMs } from "../time";
import { bucketStart } from "../timeframe";
import { cacheOptionsOf, cachedLoad, provenanceOf, type CacheOptions } from "./cache";
import { callExchange, openExchange, type CcxtExchange, type ExchangeOptions } from "./ccxt-exchange";
import { findGaps, pageThrough, rowsToFrame, type TimedRow } from "./paging";
import { holdsClosedBar } from "./ranges";

/** Options every exchange loader takes: what, when, how to reach it, and the cache. */
export interface LoadOptions extends ExchangeOptions, CacheOptions {
  /** The ccxt symbol: "BTC/USDT" (spot), "BTC/USDT:USDT" (USDT-margined perpetual). */
  symbol: string;
  /** Start of the range (inclusive): a Date, epoch milliseconds or ISO text. */
  from: Date | number | string;
  /** End of the range (exclusive). */
  to: Date | number | string;
  /** Rows per request; the exchange's usual maximum by default. */
  pageLimit?: number;
  /** Where warnings go (gaps in the data, retries); console.warn by default. */
  onWarning?: (message: string) => void;
}

/** What differs between loaders. */
export interface SeriesSpec {
  kind: string;
  timeframe?: string;
  /** Bar spacing for gap detection; none for irregular series (funding, events). */
  step?: number;
  pageLimit: number;
  columns: Record<string, ColumnType>;
  fetchPage(ex: CcxtExchange, since: number, limit: number, until: number): Promise<TimedRow[]>;
  /** Checks before fetching (e.g. the exchange supports the method). */
  check?(ex: CcxtExchange): void;
  /**
   * Whether no rows at all in a range can only be a failure. Bar series: when the range holds
   * a closed bar (the venue has a bar for every interval it traded; none at all means a symbol
   * it did not list then, a range before its history, or an empty answer). Irregular series
   * say for themselves (funding: a range longer than the longest funding interval); without
   * it an empty range is data (no liquidations in a quiet hour).
   */
  noRowsIsError?(range: { from: number; to: number }, now: number): boolean;
}

/**
 * Loads a series as `spec` says; see the module comment.
 *
 * @example
 *   loadSeries({ kind: "funding", pageLimit: 1000, columns, fetchPage }, { symbol: "BTC/USDT:USDT", from, to })
 */
export async function loadSeries(spec: SeriesSpec, options: LoadOptions): Promise<Frame> {
  const { symbol, exchange = "binance", market = "spot", now = Date.now, onWarning = (m: string) => console.warn(m) } = options;
  const from = toEpochMs(options.from);
  const to = toEpochMs(options.to);
  const limit = options.pageLimit ?? spec.pageLimit;
  const retry = { ...options.retry, onRetry: options.retry?.onRetry ?? ((r: { attempt: number; delayMs: number; error: Error }) => onWarning(`${exchange} ${symbol} ${spec.kind}: retry ${r.attempt} in ${Math.round(r.delayMs)} ms after ${r.error.message}`)) };
  const key = { source: exchange, symbol, kind: spec.kind, timeframe: spec.timeframe };

  const frame = await cachedLoad(
    key,
    { from, to },
    async (range) => {
      const ex = openExchange({ ...options, exchange, market });
      await callExchange(ex, () => ex.loadMarkets(), retry);
      spec.check?.(ex);
      let rows: TimedRow[];
      try {
        rows = await pageThrough((since, n) => callExchange(ex, () => spec.fetchPage(ex, since, n, range.to - 1), retry), { from: range.from, to: range.to, limit, step: spec.step });
      } catch (err) {
        // ccxt's errors name the request (the venue's own symbol id, epoch times); say what was asked.
        if (err instanceof Error) err.message = `${exchange} ${symbol} ${spec.kind}${spec.timeframe ? " " + spec.timeframe : ""} from ${formatIsoTime(range.from)} to ${formatIsoTime(range.to)}: ${err.message}`;
        throw err;
      }
      return rowsToFrame(rows, spec.columns);
    },
    {
      ...cacheOptionsOf(options),
      noRowsIsError: (range) => {
        const at = now();
        return spec.noRowsIsError ? spec.noRowsIsError(range, at) : spec.step !== undefined && holdsClosedBar(range, spec.step, at);
      },
    },
  );
  const provenance = provenanceOf(frame)!;
  if (spec.step && spec.timeframe) {
    const settled = bucketStart(spec.timeframe)(now());
    provenance.gaps = findGaps(frame.numbers("time"), spec.step, from, Math.min(to, settled));
    if (provenance.gaps.length) {
      const bars = provenance.gaps.reduce((sum, g) => sum + g.missing, 0);
      onWarning(`${exchange} ${symbol} ${spec.timeframe} ${spec.kind}: ${bars} bar${bars === 1 ? "" : "s"} missing in ${provenance.gaps.length} gap${provenance.gaps.length === 1 ? "" : "s"}: ${provenance.gaps.map((g) => `${g.from} to ${g.to}`).join(", ")}`);
    }
  }
  return frame;
}
