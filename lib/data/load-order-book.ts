/**
 * Order-book snapshots through ccxt. A snapshot is a moment, not a range: each one fetched is
 * appended to the cache (rows time, side, price, amount), and offline the latest cached one is
 * returned with the time it was taken. Depth bands come from `depthBands` (analytics).
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Frame } from "../frame";
import { formatIsoTime } from "../time";
import type { OrderBook } from "../analytics/depth";
import { CacheMissError, cacheFile, isOffline, migrateCacheFile, resolveCacheDir, type CacheOptions, type Provenance } from "./cache";
import { callExchange, openExchange, type ExchangeOptions } from "./ccxt-exchange";
import { concatFrames } from "./concat";
import { readParquet, writeParquet } from "./parquet";
import { checkOptions, optionKeys } from "../options";
import { RETRY_OPTIONS, retryWarnings } from "./retry";

/** A book with where and when it was taken. */
export interface OrderBookSnapshot extends OrderBook {
  exchange: string;
  symbol: string;
  /** When the book was taken, epoch milliseconds (the exchange's time, else the fetch time). */
  timestamp: number;
  provenance: Pick<Provenance, "source" | "symbol" | "kind" | "fetchedAt" | "rows" | "cacheFile">;
}

/** Options of {@link loadOrderBook}: the venue (from {@link ExchangeOptions}), the symbol, the depth asked for and the cache. */
export interface OrderBookOptions extends ExchangeOptions, CacheOptions {
  /** The market in ccxt's notation: "BTC/USDT" (spot) or "BTC/USDT:USDT" (a USDT perpetual). */
  symbol: string;
  /** Levels per side to ask for; 1000 by default (enough for the 10 % band of BTC). */
  levels?: number;
  /** Snapshots kept in the cache per symbol; 500 by default. */
  keep?: number;
  /** Where warnings go (retries); console.warn by default. */
  onWarning?: (message: string) => void;
}

function toSnapshot(frame: Frame, time: number, exchange: string, symbol: string, fetchedAt: string, file?: string): OrderBookSnapshot {
  const t = frame.numbers("time");
  const side = frame.strings("side");
  const price = frame.numbers("price");
  const amount = frame.numbers("amount");
  const bids: Array<[number, number]> = [];
  const asks: Array<[number, number]> = [];
  for (let i = 0; i < frame.length; i++) if (t[i] === time) (side[i] === "bid" ? bids : asks).push([price[i], amount[i]]);
  bids.sort((a, b) => b[0] - a[0]);
  asks.sort((a, b) => a[0] - b[0]);
  return { exchange, symbol, timestamp: time, bids, asks, provenance: { source: exchange, symbol, kind: "order-book", fetchedAt, rows: bids.length + asks.length, cacheFile: file } };
}

const LOAD_ORDER_BOOK_OPTIONS = optionKeys<OrderBookOptions>()("symbol", "levels", "keep", "onWarning", "exchange", "market", "timeoutMs", "rateLimitMs", "baseUrl", "wsBaseUrl", "retry", "exchangeOptions", "cacheDir", "offline", "now", "noCache");

/**
 * The order book now (online), or the latest cached one (offline).
 *
 * @example
 *   const book = await loadOrderBook({ exchange: "binance", symbol: "BTC/USDT" });
 *   depthBands(book) // depth within 0.5, 1, 2, 5, 10 % of the mid
 */
export async function loadOrderBook(options: OrderBookOptions): Promise<OrderBookSnapshot> {
  checkOptions("loadOrderBook", options, LOAD_ORDER_BOOK_OPTIONS);
  checkOptions("loadOrderBook: retry", options.retry, RETRY_OPTIONS);
  const { exchange = "binance", market = "spot", symbol, levels = 1000, keep = 500, now = Date.now, noCache = false } = options;
  const key = { source: exchange, symbol, kind: "order-book" };
  const file = noCache ? cacheFile(key, resolveCacheDir(options.cacheDir)) : migrateCacheFile(key, resolveCacheDir(options.cacheDir));
  const stored = !noCache && existsSync(file) ? await readParquet(file) : undefined;
  if (isOffline(options.offline)) {
    if (!stored || stored.length === 0) throw new CacheMissError(`offline: the cache (${resolveCacheDir(options.cacheDir)}) has no ${exchange} ${symbol} order book; go online to take one`, { source: exchange, symbol, kind: "order-book" }, []);
    const times = stored.numbers("time");
    const latest = times.reduce((a, b) => Math.max(a, b), -Infinity);
    return toSnapshot(stored, latest, exchange, symbol, formatIsoTime(latest), file);
  }
  const retry = retryWarnings(options.retry, options.onWarning ?? ((m: string) => console.warn(m)), `${exchange} ${symbol} order book`);
  const ex = openExchange({ ...options, exchange, market });
  await callExchange(ex, () => ex.loadMarkets(), retry);
  const book = await callExchange(ex, () => ex.fetchOrderBook(symbol, levels), retry);
  const fetchedAt = now();
  // A market that trades has resting orders on some side: an empty book is a failed answer
  // (or a market that is halted or delisted), not a book to measure depth on or to cache.
  if (book.bids.length === 0 && book.asks.length === 0) {
    throw new Error(`${exchange} ${symbol} order book: the venue returned no bids and no asks at ${formatIsoTime(fetchedAt)} (is the market trading?); nothing was cached`);
  }
  const time = book.timestamp ?? fetchedAt;
  const rows = Frame.fromColumns(
    {
      time: [...book.bids.map(() => time), ...book.asks.map(() => time)],
      side: [...book.bids.map(() => "bid"), ...book.asks.map(() => "ask")],
      price: [...book.bids.map((l) => l[0]), ...book.asks.map((l) => l[0])],
      amount: [...book.bids.map((l) => l[1]), ...book.asks.map((l) => l[1])],
    },
    { types: { time: "time", side: "string" } },
  );
  if (!noCache) {
    let all = stored ? concatFrames([stored, rows]) : rows;
    const snapshots = [...new Set(all.numbers("time"))].sort((a, b) => a - b);
    if (snapshots.length > keep) {
      const oldest = snapshots[snapshots.length - keep];
      all = all.filter(Array.from(all.numbers("time"), (t) => t >= oldest));
    }
    mkdirSync(dirname(file), { recursive: true });
    writeParquet(file, all);
  }
  return toSnapshot(rows, time, exchange, symbol, formatIsoTime(fetchedAt), noCache ? undefined : file);
}
