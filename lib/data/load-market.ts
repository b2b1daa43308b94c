/**
 * Exchange loaders through ccxt: candles, open interest, funding rates and liquidation
 * history, each a time range through the cache (see load-series.ts), plus order-book
 * snapshots. Column units are in each function's comment and in the schemas (schemas.ts).
 */
import type { Frame } from "../frame";
import { timeframeMs } from "../timeframe";
import type { CcxtExchange } from "./ccxt-exchange";
import { loadSeries, type LoadOptions } from "./load-series";
import type { TimedRow } from "./paging";
import { checkOptions, optionKeys } from "../options";
import { RETRY_OPTIONS } from "./retry";

/** The longest funding interval of the venues ccxt covers (most fund every 8 h, some every 1 or 4 h). */
const FUNDING_INTERVAL_MAX_MS = 8 * 3_600_000;

const num = (v: unknown) => (v === undefined || v === null || v === "" ? null : Number(v));

const LOAD_CANDLES_OPTIONS = optionKeys<LoadOptions & { timeframe?: string }>()("symbol", "from", "to", "pageLimit", "onWarning", "timeframe", "exchange", "market", "timeoutMs", "rateLimitMs", "baseUrl", "wsBaseUrl", "retry", "exchangeOptions", "cacheDir", "offline", "now", "noCache");

/**
 * OHLCV candles: time (bar open, UTC), open, high, low, close (quote currency), volume (base).
 *
 * @example
 *   const btc = await loadCandles({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1h", from: "2025-10-01", to: "2025-11-30" });
 */
export async function loadCandles(
  options: LoadOptions & {
    /** Bar length ("1m", "1h", "1d"); "1h" by default. */
    timeframe?: string;
  },
): Promise<Frame> {
  checkOptions("loadCandles", options, LOAD_CANDLES_OPTIONS);
  checkOptions("loadCandles: retry", options.retry, RETRY_OPTIONS);
  const { timeframe = "1h" } = options;
  return loadSeries(
    {
      kind: "candles",
      timeframe,
      step: timeframeMs(timeframe),
      pageLimit: 1000,
      columns: { time: "time", open: "number", high: "number", low: "number", close: "number", volume: "number" },
      fetchPage: async (ex, since, limit, until) =>
        (await ex.fetchOHLCV(options.symbol, timeframe, since, limit, { until })).map(([time, open, high, low, close, volume]) => ({ time, open, high, low, close, volume })),
    },
    options,
  );
}

const LOAD_OPEN_INTEREST_OPTIONS = optionKeys<LoadOptions & { timeframe?: string }>()("symbol", "from", "to", "pageLimit", "onWarning", "timeframe", "exchange", "market", "timeoutMs", "rateLimitMs", "baseUrl", "wsBaseUrl", "retry", "exchangeOptions", "cacheDir", "offline", "now", "noCache");

/**
 * Open interest history of a perpetual: time, open_interest (contracts or base currency, as the
 * venue reports), open_interest_usd (its value in the quote currency).
 *
 * @example
 *   await loadOpenInterest({ exchange: "binance", market: "swap", symbol: "BTC/USDT:USDT", timeframe: "1h", from, to })
 */
export async function loadOpenInterest(
  options: LoadOptions & {
    /** Sampling interval of the history ("5m", "1h", "1d"); "1h" by default. */
    timeframe?: string;
  },
): Promise<Frame> {
  checkOptions("loadOpenInterest", options, LOAD_OPEN_INTEREST_OPTIONS);
  checkOptions("loadOpenInterest: retry", options.retry, RETRY_OPTIONS);
  const { timeframe = "1h" } = options;
  return loadSeries(
    {
      kind: "open-interest",
      timeframe,
      step: timeframeMs(timeframe),
      pageLimit: 500,
      columns: { time: "time", open_interest: "number", open_interest_usd: "number" },
      fetchPage: async (ex, since, limit, until) =>
        (await ex.fetchOpenInterestHistory(options.symbol, timeframe, since, limit, { until })).map((r) => ({ time: Number(r.timestamp), open_interest: num(r.openInterestAmount), open_interest_usd: num(r.openInterestValue) })),
    },
    { market: "swap", ...options },
  );
}

const LOAD_FUNDING_OPTIONS = optionKeys<LoadOptions>()("symbol", "from", "to", "pageLimit", "onWarning", "exchange", "market", "timeoutMs", "rateLimitMs", "baseUrl", "wsBaseUrl", "retry", "exchangeOptions", "cacheDir", "offline", "now", "noCache");

/**
 * Funding rate history of a perpetual: time, funding_rate (a fraction per funding interval,
 * 0.0001 = 0.01 %).
 *
 * @example
 *   await loadFunding({ exchange: "binance", symbol: "BTC/USDT:USDT", from, to })
 */
export async function loadFunding(options: LoadOptions): Promise<Frame> {
  checkOptions("loadFunding", options, LOAD_FUNDING_OPTIONS);
  checkOptions("loadFunding: retry", options.retry, RETRY_OPTIONS);
  return loadSeries(
    {
      kind: "funding",
      pageLimit: 1000,
      columns: { time: "time", funding_rate: "number" },
      // Perpetuals fund at least every 8 hours: a longer range that has passed holds a funding.
      noRowsIsError: ({ from, to }, now) => Math.min(to, now) - from >= FUNDING_INTERVAL_MAX_MS,
      fetchPage: async (ex, since, limit, until) =>
        (await ex.fetchFundingRateHistory(options.symbol, since, limit, { until })).map((r) => ({ time: Number(r.timestamp), funding_rate: num(r.fundingRate) })),
    },
    { market: "swap", ...options },
  );
}

/**
 * Venues whose ccxt liquidation `side` is the side of the forced order (a long is liquidated by
 * a sell): Binance's forceOrder stream sends the order side ("S": "SELL"). Elsewhere ccxt gives
 * the liquidated position's side as buy (long) or sell (short): Bybit's liquidation topic sends
 * the position side, Gate's the sign of the position size.
 */
const ORDER_SIDE_VENUES = new Set(["binance", "binanceusdm", "binancecoinm"]);

/**
 * A ccxt liquidation structure as a row: time, symbol, side ("long" or "short": the position
 * liquidated), price, amount (base currency), usd (quote value).
 *
 * @example
 *   liquidationRow("binance", { timestamp: 1760130000000, symbol: "BTC/USDT:USDT", side: "sell", price: 105000, baseValue: 2, quoteValue: 210000 })
 *   // { time: 1760130000000, symbol: "BTC/USDT:USDT", side: "long", price: 105000, amount: 2, usd: 210000 }
 */
export function liquidationRow(exchange: string, l: Record<string, unknown>): TimedRow {
  const raw = String(l.side ?? "").toLowerCase();
  let side: string | null = raw === "long" || raw === "short" ? raw : null;
  if (raw === "buy" || raw === "sell") side = ORDER_SIDE_VENUES.has(exchange) === (raw === "sell") ? "long" : "short";
  const price = num(l.price);
  const amount = num(l.baseValue) ?? (num(l.contracts) !== null ? num(l.contracts)! * (num(l.contractSize) ?? 1) : null);
  const usd = num(l.quoteValue) ?? (price !== null && amount !== null ? price * amount : null);
  return { time: Number(l.timestamp), symbol: (l.symbol as string) ?? null, side, price, amount, usd };
}

/** The columns of liquidation frames. */
export const LIQUIDATION_COLUMNS = { time: "time", symbol: "string", side: "string", price: "number", amount: "number", usd: "number" } as const;

const LOAD_LIQUIDATIONS_OPTIONS = optionKeys<LoadOptions>()("symbol", "from", "to", "pageLimit", "onWarning", "exchange", "market", "timeoutMs", "rateLimitMs", "baseUrl", "wsBaseUrl", "retry", "exchangeOptions", "cacheDir", "offline", "now", "noCache");

/**
 * Public liquidation history (venues that publish it through ccxt: Gate, HTX, Deribit...):
 * one row per forced order (see `liquidationRow`). Binance and Bybit publish none: capture
 * them live with `captureLiquidations`, or load aggregates with `loadAggregatedLiquidations`.
 *
 * @example
 *   await loadLiquidations({ exchange: "gate", symbol: "BTC/USDT:USDT", from: "2025-10-10T20:00Z", to: "2025-10-10T23:00Z" })
 */
export async function loadLiquidations(options: LoadOptions): Promise<Frame> {
  checkOptions("loadLiquidations", options, LOAD_LIQUIDATIONS_OPTIONS);
  checkOptions("loadLiquidations: retry", options.retry, RETRY_OPTIONS);
  const exchange = options.exchange ?? "binance";
  return loadSeries(
    {
      kind: "liquidations",
      pageLimit: 1000,
      columns: { ...LIQUIDATION_COLUMNS },
      // A quiet range has no liquidations; the symbol itself is checked against the venue's markets.
      noRowsIsError: () => false,
      check(ex: CcxtExchange) {
        if (ex.has.fetchLiquidations !== true) {
          throw new Error(`${exchange} publishes no liquidation history through ccxt (fetchLiquidations); capture it live with captureLiquidations({ exchange: "${exchange}" }) or load aggregates with loadAggregatedLiquidations`);
        }
      },
      fetchPage: async (ex, since, limit, until) => (await ex.fetchLiquidations(options.symbol, since, limit, { until })).map((l) => liquidationRow(exchange, l)),
    },
    { market: "swap", ...options },
  );
}
