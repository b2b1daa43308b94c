/**
 * Opening ccxt exchanges for the loaders: which markets to load (spot or USD-margined
 * perpetuals only, one request instead of four), request timeouts and ccxt's own rate limiter,
 * REST and websocket URLs pointed at another origin (a mirror, a proxy, a loopback test
 * server), strict JSON (ccxt turns a truncated body into an empty answer, which a loader would
 * take for "no data"), and calls retried with backoff on rate limits, server errors and
 * timeouts.
 *
 * ccxt is loaded on first use: the library works without it until a live loader runs.
 */
import { requireOptional } from "../optional";
import { parseRetryAfter, withRetries, type RetryOptions, type RetryPolicy } from "./retry";

/** The part of a ccxt exchange the loaders use (ccxt's own types are large and optional here). */
export interface CcxtExchange {
  id: string;
  has: Record<string, boolean | string | undefined>;
  urls: { api: Record<string, unknown> };
  markets?: Record<string, unknown>;
  last_response_headers?: Record<string, string>;
  loadMarkets(): Promise<Record<string, unknown>>;
  market(symbol: string): { id: string; symbol: string; contractSize?: number; linear?: boolean; inverse?: boolean; spot?: boolean };
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number, params?: object): Promise<number[][]>;
  fetchOpenInterestHistory(symbol: string, timeframe: string, since?: number, limit?: number, params?: object): Promise<Array<Record<string, unknown>>>;
  fetchFundingRateHistory(symbol: string, since?: number, limit?: number, params?: object): Promise<Array<Record<string, unknown>>>;
  fetchOrderBook(symbol: string, limit?: number, params?: object): Promise<{ bids: Array<[number, number]>; asks: Array<[number, number]>; timestamp?: number; symbol?: string; nonce?: number }>;
  fetchLiquidations(symbol: string, since?: number, limit?: number, params?: object): Promise<Array<Record<string, unknown>>>;
  watchLiquidations?(symbol: string, since?: number, limit?: number, params?: object): Promise<Array<Record<string, unknown>>>;
  watchLiquidationsForSymbols?(symbols: string[], since?: number, limit?: number, params?: object): Promise<Array<Record<string, unknown>>>;
  close?(): Promise<void>;
  loadHttpProxyAgent?(): Promise<unknown>;
  onRestResponse(status: number, statusText: string, url: string, method: string, headers: unknown, body: string, ...rest: unknown[]): string;
}

type Ccxt = Record<string, unknown> & { pro: Record<string, unknown>; BadResponse: new (message: string) => Error; OperationFailed: new (message: string) => Error; DDoSProtection: new (message: string) => Error };

let ccxtModule: Ccxt | undefined;
/** The ccxt package, loaded on first use. */
export function ccxt(): Ccxt {
  return (ccxtModule ??= requireOptional<Ccxt>("ccxt", "Live exchange data"));
}

/** How to reach an exchange. */
export interface ExchangeOptions {
  /** The ccxt exchange id: "binance" (the default), "bybit", "okx"... */
  exchange?: string;
  /** "spot" or "swap" (USD-margined perpetuals); only those markets are loaded. */
  market?: "spot" | "swap";
  /** Per-request timeout, milliseconds; 10 s by default. */
  timeoutMs?: number;
  /** Least milliseconds between requests (ccxt's throttle); the exchange's published limit by default. */
  rateLimitMs?: number;
  /** Send every REST request to this origin instead (a mirror, a proxy, a test server on 127.0.0.1). */
  baseUrl?: string;
  /** Send every websocket connection to this origin instead. */
  wsBaseUrl?: string;
  /** Retries with backoff on 429, 5xx, timeouts and dropped connections. */
  retry?: RetryOptions;
  /** More ccxt constructor options (merged into `options`). */
  exchangeOptions?: Record<string, unknown>;
}

/** Replaces the origin of every URL in a (nested) ccxt url table. */
function rebase(table: unknown, origin: string): unknown {
  if (typeof table === "string") return table.replace(/^(https?|wss?):\/\/[^/]+/, origin.replace(/\/$/, ""));
  if (table && typeof table === "object") return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, rebase(v, origin)]));
  return table;
}

const instances = new Map<string, CcxtExchange>();
/** Exchanges whose ccxt market loader calls USD-margined perpetuals "linear" (the others say "swap"). */
const LINEAR_NAMED = new Set(["binance", "binanceusdm", "bybit"]);

/**
 * A ccxt exchange set up for the loaders (one instance per configuration, so ccxt's rate
 * limiter spans every loader call that shares it). `pro` gives the websocket (ccxt.pro) class.
 *
 * @example
 *   const binance = openExchange({ exchange: "binance", market: "swap" });
 *   await binance.loadMarkets();
 */
export function openExchange({ exchange = "binance", market = "spot", timeoutMs = 10_000, rateLimitMs, baseUrl, wsBaseUrl, exchangeOptions = {} }: ExchangeOptions = {}, { pro = false }: { pro?: boolean } = {}): CcxtExchange {
  const cacheKey = JSON.stringify([exchange, market, timeoutMs, rateLimitMs, baseUrl, wsBaseUrl, exchangeOptions, pro]);
  // Websocket instances are not shared: a capture closes its own when it stops.
  const existing = pro ? undefined : instances.get(cacheKey);
  if (existing) return existing;
  const lib = ccxt();
  const Class = (pro ? lib.pro[exchange] : lib[exchange]) as (new (config: object) => CcxtExchange) | undefined;
  if (typeof Class !== "function") throw new Error(`ccxt has no ${pro ? "websocket (pro) " : ""}exchange "${exchange}"`);
  const config: Record<string, unknown> = {
    enableRateLimit: true,
    timeout: timeoutMs,
    options: { fetchMarkets: { types: [market === "spot" ? "spot" : LINEAR_NAMED.has(exchange) ? "linear" : "swap"] }, ...exchangeOptions },
  };
  if (rateLimitMs !== undefined) config.rateLimit = rateLimitMs;
  const ex = new Class(config);
  // Currencies need no request for market data (and some venues' currency lists need a key).
  ex.has.fetchCurrencies = false;
  if (baseUrl) {
    const api = ex.urls.api as Record<string, unknown>;
    for (const key of Object.keys(api)) if (key !== "ws") api[key] = rebase(api[key], baseUrl);
  }
  if (wsBaseUrl && ex.urls.api.ws) ex.urls.api.ws = rebase(ex.urls.api.ws, wsBaseUrl);
  // ccxt answers a body that is not valid JSON with the raw text, which parsers then read as an
  // empty list: a truncated page, an HTML page (a proxy's, a maintenance notice) or an empty
  // body sent with status 200 would pass for "no data". Make them retryable failures.
  const onRest = ex.onRestResponse.bind(ex);
  ex.onRestResponse = (status, statusText, url, method, headers, body, ...rest) => {
    const text = onRest(status, statusText, url, method, headers, body, ...rest);
    const ok = status >= 200 && status < 300;
    if (ok && typeof text === "string" && (text.trim() === "" || /^\s*</.test(text))) {
      const what = text.trim() === "" ? "an empty body" : `an HTML page (${JSON.stringify(text.trim().slice(0, 60))})`;
      throw new lib.BadResponse(`${exchange} ${method} ${url}: HTTP ${status} with ${what} instead of JSON`);
    }
    if (ok && /^[[{]/.test(text)) {
      try {
        JSON.parse(text);
      } catch {
        throw new lib.BadResponse(`${exchange} ${method} ${url}: the response is not complete JSON (${text.length} bytes, ends ${JSON.stringify(text.slice(-20))})`);
      }
    }
    return text;
  };
  if (!pro) instances.set(cacheKey, ex);
  return ex;
}

/**
 * The retry policy for ccxt calls: ccxt's OperationFailed family (network errors, timeouts,
 * 429 DDoSProtection and RateLimitExceeded, 5xx ExchangeNotAvailable, bad responses) is
 * retried, with the Retry-After of a 429 honoured; exchange errors (bad symbol, bad request)
 * are not.
 *
 * @example
 *   await withRetries(() => ex.fetchOHLCV(symbol, "1h"), ccxtPolicy(ex));
 */
export function ccxtPolicy(ex: CcxtExchange): RetryPolicy {
  const lib = ccxt();
  return {
    retryable: (e) => e instanceof lib.OperationFailed,
    retryAfterMs: (e) => (e instanceof lib.DDoSProtection ? parseRetryAfter(ex.last_response_headers?.["Retry-After"] ?? ex.last_response_headers?.["retry-after"]) : undefined),
  };
}

/**
 * Runs one exchange call with retries.
 *
 * @example
 *   const candles = await callExchange(ex, () => ex.fetchOHLCV("BTC/USDT", "1h", since, 1000), { retries: 3 });
 */
export function callExchange<T>(ex: CcxtExchange, call: () => Promise<T>, retry: RetryOptions = {}): Promise<T> {
  return withRetries(call, ccxtPolicy(ex), retry);
}
