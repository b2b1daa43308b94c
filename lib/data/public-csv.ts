/**
 * Keyless public sources for the cross-asset and macro claims: daily closes of equity indices,
 * metals and FX from Stooq's daily CSV download, and macro series from FRED's CSV download.
 * Both go through the same cache and provenance as the exchange loaders (source "stooq" or
 * "fred"), with retries on 429/5xx/timeouts and a clear error for an unknown symbol.
 */
import { Frame } from "../frame";
import { readCsv } from "../csv";
import { toEpochMs } from "../time";
import { cacheOptionsOf, cachedLoad, type CacheOptions } from "./cache";
import { ApiError, getText } from "./keyed-api";
import type { RetryOptions } from "./retry";
import { checkOptions, optionKeys } from "../options";
import { RETRY_OPTIONS, retryWarnings } from "./retry";
import { touchesWeekday } from "./ranges";

/** Options of the loaders of public CSV sources (Stooq, FRED): the range and the cache's options. */
export interface PublicCsvOptions extends CacheOptions {
  /** Start of the range (inclusive): a Date, epoch milliseconds or ISO text. */
  from: Date | number | string;
  /** End of the range (exclusive). */
  to: Date | number | string;
  /** The source's origin (a mirror or a test server). */
  baseUrl?: string;
  /** Time to wait for each answer before the request counts as failed (and is retried): milliseconds, 10,000 by default. */
  timeoutMs?: number;
  /** Backoff for rate limits, server errors and timeouts; see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Where warnings go (retries); console.warn by default. */
  onWarning?: (message: string) => void;
}

/**
 * Names the article uses, mapped to Stooq symbols. Any Stooq symbol works as it is too.
 * (Stooq: indices start with ^; metals and FX are currency pairs.)
 */
export const STOOQ_SYMBOLS: Record<string, string> = {
  "S&P 500": "^spx",
  "Nikkei 225": "^nkx",
  KOSPI: "^kospi",
  "Hang Seng": "^hsi",
  "Shanghai Composite": "^shc",
  gold: "xauusd",
  silver: "xagusd",
  "USD/JPY": "usdjpy",
  "EUR/USD": "eurusd",
};

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A body that is a whole CSV with the header we expect; a cut-off last line is retried. */
function checkCsv(header: RegExp, what: string) {
  return (body: string, where: string) => {
    const text = body.trim();
    if (/^no data/i.test(text)) throw new Error(`${where}: ${what}: the source has no data for this symbol and range (it answered "${text.slice(0, 40)}")`);
    if (!header.test(text.split("\n", 1)[0])) throw new Error(`${where}: ${what}: not the expected CSV (first line: "${text.split("\n", 1)[0].slice(0, 80)}")`);
    if (!body.endsWith("\n")) throw new ApiError(`${where}: ${what}: the CSV ends mid-line (${body.length} bytes): cut off`, -1);
  };
}

const LOAD_DAILY_CLOSES_OPTIONS = optionKeys<PublicCsvOptions & { symbol: string }>()("from", "to", "baseUrl", "timeoutMs", "retry", "onWarning", "symbol", "cacheDir", "offline", "now", "noCache");

/**
 * Daily bars from Stooq: time (the trading day, UTC midnight), open, high, low, close, volume.
 *
 * @example
 *   const spx = await loadDailyCloses({ symbol: "S&P 500", from: "2025-10-01", to: "2025-12-01" });
 *   spx.column("close")
 */
export async function loadDailyCloses(options: PublicCsvOptions & {
  /** A name of {@link STOOQ_SYMBOLS} ("S&P 500") or a Stooq symbol ("^spx", "gc.f"). */
  symbol: string;
}): Promise<Frame> {
  checkOptions("loadDailyCloses", options, LOAD_DAILY_CLOSES_OPTIONS);
  checkOptions("loadDailyCloses: retry", options.retry, RETRY_OPTIONS);
  const { symbol, baseUrl = "https://stooq.com", timeoutMs, onWarning = (m: string) => console.warn(m) } = options;
  const code = STOOQ_SYMBOLS[symbol] ?? symbol.toLowerCase();
  const retry = retryWarnings(options.retry, onWarning, `Stooq ${code}`);
  const key = { source: "stooq", symbol: code, kind: "daily-closes", timeframe: "1d" };
  // No bars on a range with a weekday: a symbol Stooq does not have, or a range outside its
  // history (holidays aside) - an error. A weekend-only range has no trading day: empty.
  return cachedLoad(key, { from: toEpochMs(options.from), to: toEpochMs(options.to) }, async (range) => {
    const q = new URLSearchParams({ s: code, d1: day(range.from).replaceAll("-", ""), d2: day(range.to - 1).replaceAll("-", ""), i: "d" });
    const body = await getText({ url: `${baseUrl}/q/d/l/?${q}`, headers: {}, secrets: [], api: "Stooq", timeoutMs, retry }, checkCsv(/^Date,Open,High,Low,Close/i, `daily bars of ${symbol}`));
    const csv = readCsv(body, { source: `Stooq ${code}`, types: { Date: "time" } });
    const frame = csv.rename(Object.fromEntries(csv.columns.map((c) => [c, c.toLowerCase()]))).rename({ date: "time" });
    return frame.has("volume") ? frame : frame.withColumn("volume", new Float64Array(frame.length).fill(NaN), "number");
  }, { ...cacheOptionsOf(options), noRowsIsError: touchesWeekday, noRowsHint: () => `Stooq ${code}: no daily bar on any weekday of the range` });
}

const LOAD_MACRO_SERIES_OPTIONS = optionKeys<PublicCsvOptions & { series: string }>()("from", "to", "baseUrl", "timeoutMs", "retry", "onWarning", "series", "cacheDir", "offline", "now", "noCache");

/**
 * A macro series from FRED (e.g. PAYEMS, nonfarm payrolls; DGS10, the 10-year yield): time,
 * value. Missing observations (FRED's ".") are NaN.
 *
 * @example
 *   const payrolls = await loadMacroSeries({ series: "PAYEMS", from: "2025-01-01", to: "2025-12-01" });
 */
export async function loadMacroSeries(options: PublicCsvOptions & {
  /** The FRED series id ("PAYEMS", "DGS10"). */
  series: string;
}): Promise<Frame> {
  checkOptions("loadMacroSeries", options, LOAD_MACRO_SERIES_OPTIONS);
  checkOptions("loadMacroSeries: retry", options.retry, RETRY_OPTIONS);
  const { series, baseUrl = "https://fred.stlouisfed.org", timeoutMs, onWarning = (m: string) => console.warn(m) } = options;
  const retry = retryWarnings(options.retry, onWarning, `FRED ${series}`);
  // Monthly and quarterly series: a file per day would hold one row or none, so one per year.
  const key = { source: "fred", symbol: series, kind: "macro-series", timeframe: "", filePeriod: "year" as const };
  // No observation in the range is an error: before the series starts, after its latest
  // release and a failed answer look alike (and between two monthly dates, the hint says so).
  return cachedLoad(key, { from: toEpochMs(options.from), to: toEpochMs(options.to) }, async (range) => {
    const q = new URLSearchParams({ id: series, cosd: day(range.from), coed: day(range.to - 1) });
    const body = await getText({ url: `${baseUrl}/graph/fredgraph.csv?${q}`, headers: {}, secrets: [], api: "FRED", timeoutMs, retry }, checkCsv(/^(observation_date|DATE),/i, `series ${series}`));
    const lines = body.trim().split("\n");
    const [, name] = lines[0].split(",");
    if (name?.trim() !== series) throw new Error(`FRED: asked for ${series}, the CSV holds ${name?.trim() ?? "nothing"}`);
    const time: number[] = [];
    const value: number[] = [];
    lines.slice(1).forEach((line, i) => {
      const [d, v] = line.split(",");
      const t = Date.parse(`${d}T00:00:00Z`);
      if (!Number.isFinite(t)) throw new Error(`FRED ${series}: line ${i + 2}: "${d}" is not a date`);
      const x = v?.trim() === "." ? NaN : Number(v);
      if (v?.trim() !== "." && !Number.isFinite(x)) throw new Error(`FRED ${series}: line ${i + 2}: "${v}" is not a number`);
      time.push(t);
      value.push(x);
    });
    return Frame.fromColumns({ time: Float64Array.from(time), value: Float64Array.from(value) }, { types: { time: "time" } });
  }, { ...cacheOptionsOf(options), noRowsIsError: true, noRowsHint: () => `FRED ${series}: no observation in the range; a monthly or quarterly series needs a range that holds an observation date` });
}
