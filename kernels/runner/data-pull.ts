/**
 * `cascade data pull`: fill the library's on-disk cache from the command line, the same cache
 * notebooks and the VS Code command read. One pull, or many from a spec file:
 *
 *   cascade data pull binance BTC/USDT --timeframe 1h --from 2025-09-01 --to 2025-11-30
 *   cascade data pull stooq "S&P 500" --from 2025-10-01 --to 2025-12-01
 *   cascade data pull fred PAYEMS --from 2025-01-01 --to 2025-12-01
 *   cascade data pull --spec pulls.json      ([{ "source": "stooq", "symbol": "^nkx", ... }, ...])
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import type * as Cascade from "../../lib/index";
import { InputError } from "../notebook";

export interface PullSpec {
  /** A ccxt exchange id ("binance", "bybit", ...), "stooq", "fred" or "coinglass". */
  source: string;
  symbol: string;
  /** candles (default for exchanges), open-interest, funding, liquidations; for coinglass: liquidations, etf-flows. */
  kind?: string;
  timeframe?: string;
  from: string;
  to: string;
  /** Exchanges: "spot" (default) or "swap". */
  market?: "spot" | "swap";
}

export interface PullOptions {
  cacheDir?: string;
  offline?: boolean;
  /** Send requests to this origin instead (a mirror, a proxy, a test server). */
  baseUrl?: string;
  timeoutMs?: number;
  log: (line: string) => void;
}

export interface PullResult {
  spec: PullSpec;
  rows: number;
  fetchedRows: number;
  fetchedRanges: number;
  cacheFile?: string;
  source: string;
}

function library(): typeof Cascade {
  // The built library beside the CLI: one copy, the one notebooks import.
  return require(join(__dirname, "lib", "cascade.js")) as typeof Cascade;
}

const KINDS: Record<string, string[]> = { stooq: ["daily-closes"], fred: ["macro-series"], coinglass: ["liquidations", "etf-flows"] };

/** Check a spec before anything is fetched; `where` names it in errors ("pulls.json item 3"). */
export function validateSpec(spec: Partial<PullSpec>, where: string): PullSpec {
  for (const field of ["source", "symbol", "from", "to"] as const) {
    if (typeof spec[field] !== "string" || !spec[field]) throw new InputError(`${where}: "${field}" is required (a string)`);
  }
  for (const field of ["from", "to"] as const) {
    if (!Number.isFinite(Date.parse(spec[field]!))) throw new InputError(`${where}: "${field}" is not a date: "${spec[field]}"`);
  }
  if (Date.parse(spec.to!) <= Date.parse(spec.from!)) throw new InputError(`${where}: "to" (${spec.to}) must come after "from" (${spec.from})`);
  const allowed = KINDS[spec.source!] ?? ["candles", "open-interest", "funding", "liquidations"];
  if (spec.kind !== undefined && !allowed.includes(spec.kind)) throw new InputError(`${where}: kind "${spec.kind}" is not one of ${allowed.join(", ")} for ${spec.source}`);
  return spec as PullSpec;
}

export function readSpecFile(file: string): PullSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not valid JSON (${(err as Error).message})`}`);
  }
  if (!Array.isArray(raw)) throw new InputError(`${file}: expected a JSON list of pulls`);
  return raw.map((s, i) => validateSpec(s as Partial<PullSpec>, `${file} item ${i + 1}`));
}

export async function pull(spec: PullSpec, options: PullOptions): Promise<PullResult> {
  const lib = library();
  const { cacheDir, offline, baseUrl, timeoutMs, log } = options;
  const common = { from: spec.from, to: spec.to, cacheDir, offline, baseUrl, timeoutMs, onWarning: (m: string) => log(`  warning: ${m}`) };
  const kind = spec.kind ?? KINDS[spec.source]?.[0] ?? "candles";
  log(`pull ${spec.source} ${spec.symbol} ${kind}${spec.timeframe ? ` ${spec.timeframe}` : ""} ${spec.from} -> ${spec.to}`);
  let frame: Cascade.Frame;
  if (spec.source === "stooq") frame = await lib.loadDailyCloses({ ...common, symbol: spec.symbol });
  else if (spec.source === "fred") frame = await lib.loadMacroSeries({ ...common, series: spec.symbol });
  else if (spec.source === "coinglass") frame = kind === "etf-flows" ? await lib.loadEtfFlows({ ...common, asset: spec.symbol.toLowerCase() as "bitcoin" }) : await lib.loadAggregatedLiquidations({ ...common, symbol: spec.symbol, interval: spec.timeframe ?? "1h" });
  else {
    const exchange = { ...common, exchange: spec.source, symbol: spec.symbol, market: spec.market };
    if (kind === "candles") frame = await lib.loadCandles({ ...exchange, timeframe: spec.timeframe ?? "1d" });
    else if (kind === "open-interest") frame = await lib.loadOpenInterest({ ...exchange, timeframe: spec.timeframe ?? "1h" });
    else if (kind === "funding") frame = await lib.loadFunding(exchange);
    else frame = await lib.loadLiquidations(exchange);
  }
  const p = lib.provenanceOf(frame);
  const fetchedRows = (p?.fetched ?? []).reduce((a, f) => a + f.rows, 0);
  const result: PullResult = { spec, rows: frame.length, fetchedRows, fetchedRanges: p?.fetched.length ?? 0, cacheFile: p?.cacheFolder ?? p?.cacheFile, source: p?.source ?? spec.source };
  log(
    `  ${result.rows} rows (${result.fetchedRanges ? `${fetchedRows} fetched from ${result.source} in ${result.fetchedRanges} range${result.fetchedRanges > 1 ? "s" : ""}` : "all from the cache"})${result.cacheFile ? `, cached in ${result.cacheFile}` : ""}`,
  );
  return result;
}
