/**
 * Keyed aggregates from CoinGlass (API v4, https://open-api-v4.coinglass.com, key in the
 * CG-API-KEY header, read from $COINGLASS_API_KEY): liquidations summed across venues per
 * interval, and daily spot ETF flows per fund. Through the cache like the exchange loaders;
 * the cache and provenance name the source "coinglass", never the key.
 */
import type { Frame } from "../frame";
import { epochUnit, formatIsoTime, toEpochMs, EPOCH_UNIT_MS } from "../time";
import { timeframeMs } from "../timeframe";
import { cacheOptionsOf, cachedLoad, type CacheOptions } from "./cache";
import { apiKeyFromEnv, getJson } from "./keyed-api";
import { pageThrough, rowsToFrame, type TimedRow } from "./paging";
import type { RetryOptions } from "./retry";
import { checkOptions, optionKeys } from "../options";
import { RETRY_OPTIONS, retryWarnings } from "./retry";
import { holdsClosedBar, touchesWeekday } from "./ranges";

const DEFAULT_BASE = "https://open-api-v4.coinglass.com";

/** Options of the CoinGlass loaders: the range, the API key's variable, and the cache's options. */
export interface CoinglassOptions extends CacheOptions {
  /** Start of the range (inclusive): a Date, epoch milliseconds or ISO text. */
  from: Date | number | string;
  /** End of the range (exclusive). */
  to: Date | number | string;
  /** The environment variable holding the key; COINGLASS_API_KEY by default. */
  apiKeyEnv?: string;
  /** The API's origin (a proxy or a test server); CoinGlass's by default. */
  baseUrl?: string;
  /** Time to wait for each answer before the request counts as failed (and is retried): milliseconds, 10,000 by default. */
  timeoutMs?: number;
  /** Backoff for rate limits, server errors and timeouts; see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Where warnings go (retries); console.warn by default. */
  onWarning?: (message: string) => void;
}

/** CoinGlass answers {code: "0", data: [...]}; anything else is an error with its msg. */
function dataOf(body: unknown, what: string): Array<Record<string, unknown>> {
  const b = body as { code?: string | number; msg?: string; data?: unknown };
  if (String(b?.code) !== "0" || !Array.isArray(b.data)) throw new Error(`CoinGlass ${what}: code ${b?.code ?? "?"}: ${b?.msg ?? "no data in the response"}`);
  return b.data as Array<Record<string, unknown>>;
}

/** Epoch seconds or milliseconds (CoinGlass uses both) as milliseconds. */
const ms = (v: unknown) => Number(v) * EPOCH_UNIT_MS[epochUnit(Number(v))];

const LOAD_AGGREGATED_LIQUIDATIONS_OPTIONS = optionKeys<NonNullable<Parameters<typeof loadAggregatedLiquidations>[0]>>()("from", "to", "apiKeyEnv", "baseUrl", "timeoutMs", "retry", "onWarning", "symbol", "interval", "exchanges", "cacheDir", "offline", "now", "noCache");

/**
 * Liquidations across venues per interval: time (interval start), long_usd, short_usd,
 * total_usd (dollars of positions liquidated).
 *
 * @example
 *   await loadAggregatedLiquidations({ symbol: "BTC", interval: "1h", from: "2025-10-10", to: "2025-10-12" })
 */
export async function loadAggregatedLiquidations(options: CoinglassOptions & {
  /** The coin, as CoinGlass names it; "BTC" by default. */
  symbol?: string;
  /** Bar length ("1h", "4h", "1d"); "1h" by default. */
  interval?: string;
  /** Venues summed, as CoinGlass spells them; Binance, OKX, Bybit and Hyperliquid by default. */
  exchanges?: string[];
}): Promise<Frame> {
  checkOptions("loadAggregatedLiquidations", options, LOAD_AGGREGATED_LIQUIDATIONS_OPTIONS);
  checkOptions("loadAggregatedLiquidations: retry", options.retry, RETRY_OPTIONS);
  const { symbol = "BTC", interval = "1h", exchanges = ["Binance", "OKX", "Bybit", "Hyperliquid"], apiKeyEnv = "COINGLASS_API_KEY", baseUrl = DEFAULT_BASE, timeoutMs, onWarning = (m: string) => console.warn(m) } = options;
  const retry = retryWarnings(options.retry, onWarning, `CoinGlass ${symbol} liquidations`);
  const step = timeframeMs(interval);
  const key = { source: "coinglass", symbol: `${symbol} (${exchanges.join(",")})`, kind: "liquidation-aggregates", timeframe: interval };
  // CoinGlass answers a row for every interval, zeros included: none for a closed interval means
  // a symbol, exchange list or range it has nothing for, an error.
  return cachedLoad(key, { from: toEpochMs(options.from), to: toEpochMs(options.to) }, async (range) => {
    const secret = apiKeyFromEnv(apiKeyEnv, "CoinGlass aggregated liquidations");
    const rows = await pageThrough(async (since, limit) => {
      const q = new URLSearchParams({ exchange_list: exchanges.join(","), symbol, interval, limit: String(limit), start_time: String(since), end_time: String(range.to - 1) });
      const body = await getJson({ url: `${baseUrl}/api/futures/liquidation/aggregated-history?${q}`, headers: { "CG-API-KEY": secret, accept: "application/json" }, secrets: [secret], api: "CoinGlass", timeoutMs, retry });
      return dataOf(body, "aggregated liquidations").map((r): TimedRow => {
        const long = Number(r.aggregated_long_liquidation_usd);
        const short = Number(r.aggregated_short_liquidation_usd);
        return { time: ms(r.time), long_usd: long, short_usd: short, total_usd: long + short };
      });
    }, { from: range.from, to: range.to, limit: 1000, step });
    return rowsToFrame(rows, { time: "time", long_usd: "number", short_usd: "number", total_usd: "number" });
  }, { ...cacheOptionsOf(options), noRowsIsError: (range) => holdsClosedBar(range, step, (options.now ?? Date.now)()) });
}

const LOAD_ETF_FLOWS_OPTIONS = optionKeys<NonNullable<Parameters<typeof loadEtfFlows>[0]>>()("from", "to", "apiKeyEnv", "baseUrl", "timeoutMs", "retry", "onWarning", "asset", "cacheDir", "offline", "now", "noCache");

/**
 * Daily spot ETF flows: time (the trading day), fund (ticker, or "total" for all funds),
 * flow_usd (net: positive in, negative out).
 *
 * @example
 *   const flows = await loadEtfFlows({ asset: "bitcoin", from: "2025-11-01", to: "2025-12-01" });
 *   flowStreaks(flows.filter((r) => r.fund === "IBIT"))
 */
export async function loadEtfFlows(options: CoinglassOptions & {
  /** Which spot ETFs: "bitcoin" (by default) or "ethereum". */
  asset?: "bitcoin" | "ethereum";
}): Promise<Frame> {
  checkOptions("loadEtfFlows", options, LOAD_ETF_FLOWS_OPTIONS);
  checkOptions("loadEtfFlows: retry", options.retry, RETRY_OPTIONS);
  const { asset = "bitcoin", apiKeyEnv = "COINGLASS_API_KEY", baseUrl = DEFAULT_BASE, timeoutMs, onWarning = (m: string) => console.warn(m) } = options;
  const retry = retryWarnings(options.retry, onWarning, `CoinGlass ${asset} ETF flows`);
  const key = { source: "coinglass", symbol: asset, kind: "etf-flows", timeframe: "1d" };
  // The whole history comes in one answer: its first and last day, to tell a range inside it
  // (days without flows: weekends, holidays) from one outside it or an empty answer.
  let history: { first: number; last: number; days: number } | undefined;
  return cachedLoad(key, { from: toEpochMs(options.from), to: toEpochMs(options.to) }, async (range) => {
    const secret = apiKeyFromEnv(apiKeyEnv, "CoinGlass ETF flows");
    const body = await getJson({ url: `${baseUrl}/api/etf/${asset}/flow-history`, headers: { "CG-API-KEY": secret, accept: "application/json" }, secrets: [secret], api: "CoinGlass", timeoutMs, retry });
    const rows: Array<Record<string, unknown>> = [];
    const days = dataOf(body, "ETF flows");
    const times = days.map((d) => ms(d.timestamp)).filter(Number.isFinite);
    history = times.length ? { first: Math.min(...times), last: Math.max(...times), days: times.length } : { first: NaN, last: NaN, days: 0 };
    for (const day of days) {
      const time = ms(day.timestamp);
      if (!(time >= range.from && time < range.to)) continue;
      rows.push({ time, fund: "total", flow_usd: Number(day.flow_usd) });
      for (const f of (day.etf_flows as Array<Record<string, unknown>> | undefined) ?? []) {
        rows.push({ time, fund: String(f.etf_ticker), flow_usd: f.flow_usd === null || f.flow_usd === undefined ? null : Number(f.flow_usd) });
      }
    }
    rows.sort((a, b) => (a.time as number) - (b.time as number));
    return rowsToFrame(rows, { time: "time", fund: "string", flow_usd: "number" });
  }, {
    ...cacheOptionsOf(options),
    // Empty is an answer for a range inside the history (or of weekend days only); an error otherwise.
    noRowsIsError: (want) => touchesWeekday(want) && !(history && history.days > 0 && history.first < want.from && history.last >= want.to),
    noRowsHint: () => (history === undefined ? undefined : history.days === 0 ? "CoinGlass answered with no days at all" : `CoinGlass's ${asset} ETF history runs from ${formatIsoTime(history.first)} to ${formatIsoTime(history.last)}`),
  });
}
