/**
 * What "Pull Market Data" asks the library for, as plain data: which loader, its options, the
 * date-range presets, and the cell that runs it. Pure, so it is tested without VS Code.
 *
 * The loaders are the library's (lib/data/load-market.ts); their option types are imported
 * here so a change of their signatures breaks this build, not a user's pull.
 */
import type { loadCandles, loadFunding, loadOpenInterest } from "../../lib";

export type PullKind = "candles" | "open-interest" | "funding";

type LoaderOptions = Parameters<typeof loadCandles>[0] & Parameters<typeof loadOpenInterest>[0] & Parameters<typeof loadFunding>[0];

export const PULL_KINDS: Array<{ kind: PullKind; label: string; detail: string; loader: "loadCandles" | "loadOpenInterest" | "loadFunding"; timeframe: boolean; perpetual: boolean }> = [
  { kind: "candles", label: "Candles", detail: "OHLCV bars", loader: "loadCandles", timeframe: true, perpetual: false },
  { kind: "open-interest", label: "Open interest", detail: "open interest history of a perpetual", loader: "loadOpenInterest", timeframe: true, perpetual: true },
  { kind: "funding", label: "Funding rates", detail: "funding rate history of a perpetual", loader: "loadFunding", timeframe: false, perpetual: true },
];

export const EXCHANGES = ["binance", "bybit", "okx", "coinbase", "kraken", "bitmex", "deribit", "hyperliquid"];
export const TIMEFRAMES = ["1m", "5m", "15m", "1h", "4h", "1d"];

/** Common symbols: spot pairs for candles, USDT-margined perpetuals ("BASE/QUOTE:SETTLE") for derivatives data. */
export function symbolChoices(perpetual: boolean): string[] {
  const bases = ["BTC", "ETH", "SOL", "XRP", "DOGE"];
  return bases.map((b) => (perpetual ? `${b}/USDT:USDT` : `${b}/USDT`)).concat(perpetual ? [] : bases.slice(0, 3).map((b) => `${b}/USDT:USDT`));
}

export interface DateRange {
  from: string;
  to: string;
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Date-range presets relative to `now` (UTC days; `to` is exclusive, so "today" is included).
 *
 * @example rangePresets(Date.UTC(2025, 10, 30))[0] // { label: "Last 7 days", from: "2025-11-24", to: "2025-12-01" }
 */
export function rangePresets(now: number): Array<{ label: string } & DateRange> {
  const tomorrow = Math.floor(now / DAY) * DAY + DAY;
  return [
    { label: "Last 7 days", from: isoDay(tomorrow - 7 * DAY), to: isoDay(tomorrow) },
    { label: "Last 30 days", from: isoDay(tomorrow - 30 * DAY), to: isoDay(tomorrow) },
    { label: "Last 90 days", from: isoDay(tomorrow - 90 * DAY), to: isoDay(tomorrow) },
    { label: "The crash window (2025-10-01 to 2025-11-30)", from: "2025-10-01", to: "2025-12-01" },
  ];
}

/** An ISO date or date-time the loaders accept; undefined when it is not one. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?Z?)?$/.test(t)) return undefined;
  const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t.replace(" ", "T").replace(/Z?$/, "Z"));
  return Number.isNaN(ms) ? undefined : t;
}

export interface PullRequest {
  kind: PullKind;
  exchange: string;
  symbol: string;
  timeframe?: string;
  range: DateRange;
}

/** The loader and its options for a request. */
export function loaderCall(req: PullRequest): { loader: string; options: LoaderOptions } {
  const spec = PULL_KINDS.find((k) => k.kind === req.kind)!;
  const options: LoaderOptions = {
    exchange: req.exchange,
    symbol: req.symbol,
    market: req.symbol.includes(":") ? "swap" : "spot",
    from: req.range.from,
    to: req.range.to,
    ...(spec.timeframe && req.timeframe ? { timeframe: req.timeframe } : {}),
  };
  return { loader: spec.loader, options };
}

/** The marker line the cell prints its summary after. */
export const SUMMARY_MARK = "cascade-pull-summary:";

/**
 * The cell a kernel runs for the pull: the loader through the cache (the library writes it),
 * warnings to stderr, and one summary line. Every value is JSON, so no input becomes code.
 *
 * @example pullCode({ kind: "funding", exchange: "bybit", symbol: "BTC/USDT:USDT", range }) // 'import { loadFunding, provenanceOf } from "cascade"; ...'
 */
export function pullCode(req: PullRequest, { offline }: { offline?: boolean } = {}): string {
  const { loader, options } = loaderCall(req);
  // offline false: pull although the setting says offline; true: read only the cache.
  const all = { ...options, ...(offline !== undefined ? { offline } : {}), onWarning: "__WARN__" };
  const literal = JSON.stringify(all).replace('"__WARN__"', "(m: string) => console.error(m)");
  return [
    `import { ${loader}, provenanceOf } from "cascade";`,
    `const pulled = await ${loader}(${literal});`,
    `const provenance = provenanceOf(pulled);`,
    `console.log(${JSON.stringify(SUMMARY_MARK)} + JSON.stringify({ rows: pulled.length, cacheFile: provenance?.cacheFolder ?? provenance?.cacheFile, gaps: provenance?.gaps?.length ?? 0 }));`,
  ].join("\n");
}

export interface PullSummary {
  rows: number;
  cacheFile?: string;
  gaps: number;
}

/** The summary the cell printed, from its stdout. */
export function parseSummary(stdout: string): PullSummary | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(SUMMARY_MARK));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(SUMMARY_MARK.length)) as PullSummary;
  } catch {
    return undefined;
  }
}

/**
 * Whether a pull failed for want of a network: the library says "offline" at once on a DNS
 * failure (lib/data/retry.ts) instead of retrying it.
 *
 * @example isOfflineFailure("offline (no network, or the host name does not resolve): binance GET ...") // true
 */
export function isOfflineFailure(message: string): boolean {
  return /^offline\b|\boffline \(no network|ENOTFOUND|EAI_AGAIN|ENETUNREACH|getaddrinfo/i.test(message);
}
