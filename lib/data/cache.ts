/**
 * The on-disk cache of loaded market data: a Hive-partitioned Parquet dataset per kind of data
 * (`<kind>/source=<s>/symbol=<sym>/timeframe=<tf>/part-<hash>.parquet`), one file per key holding every range fetched so far, with its provenance (source, when each range
 * was fetched, rows) in the file's footer. A request fetches only the ranges the file lacks,
 * merges them in, and rewrites the file atomically (temporary file + rename), so a process
 * killed mid-write leaves the old file valid. Offline, only the cache is read, and a missing
 * range is an error saying what is missing.
 *
 * Folder: the `dir` option, else $CASCADE_CACHE_DIR, else ~/.cache/cascade-notebooks/data.
 * Offline: the `offline` option, else $CASCADE_OFFLINE=1.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { createHash } from "node:crypto";
import { Frame } from "../frame";
import { formatIsoTime } from "../time";
import { bucketStart } from "../timeframe";
import { concatFrames } from "./concat";
import { readParquetWithMetadata, TEMP_SUFFIX, writeParquet } from "./parquet";
import { mergeRanges, missingRanges, type TimeRange } from "./ranges";
import { checkOptions, optionKeys } from "../options";

/** What a cache file holds: the source, symbol, kind of data and timeframe. */
export interface CacheKey {
  /** Where the data comes from, e.g. "binance" or "coinglass"; never a credential. */
  source: string;
  symbol: string;
  /** "candles", "funding", "open-interest", "liquidations", "order-book", "etf-flows"... */
  kind: string;
  /** The bar length ("1h") for bars; "" for events. */
  timeframe?: string;
}

/** A range the cache holds and when it was fetched. */
export interface CoveredRange {
  from: string;
  to: string;
  fetchedAt: string;
  rows: number;
}

/** Where a frame's rows come from. `provenanceOf(frame)` gives it for loaded frames. */
export interface Provenance {
  source: string;
  symbol: string;
  kind: string;
  timeframe: string;
  /** When the newest of the rows' ranges was fetched (ISO 8601 UTC). */
  fetchedAt: string;
  /** The range asked for, ISO 8601 UTC, from inclusive, to exclusive. */
  range: { from: string; to: string };
  /** Rows in the frame. */
  rows: number;
  /** The ranges fetched for this request (empty when all came from the cache). */
  fetched: CoveredRange[];
  /** Every range the cache file holds. */
  covered: CoveredRange[];
  /** Holes in the data: runs of missing bars (bars) or other problems a loader found. */
  gaps: Array<{ from: string; to: string; missing: number }>;
  /** The cache file, when the data went through the cache. */
  cacheFile?: string;
}

/** Options every cached loader takes: where the cache is, offline mode, the clock. */
export interface CacheOptions {
  /** The cache folder; $CASCADE_CACHE_DIR or ~/.cache/cascade-notebooks/data by default. */
  cacheDir?: string;
  /** Use only the cache, fetch nothing; $CASCADE_OFFLINE=1 by default. */
  offline?: boolean;
  /** The clock, epoch milliseconds (tests fix it). */
  now?: () => number;
  /** Keep nothing on disk (still returns provenance). */
  noCache?: boolean;
}

const PROVENANCE_KEY = "cascade.provenance";
const provenances = new WeakMap<Frame, Provenance>();

/**
 * The provenance of a frame a loader returned: source, fetch time, range, rows, gaps.
 *
 * @example
 *   provenanceOf(await loadCandles({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1h", from, to }))
 *   // { source: "binance", fetchedAt: "2025-11-22T10:00:00Z", rows: 720, gaps: [], ... }
 */
export function provenanceOf(frame: Frame): Provenance | undefined {
  return provenances.get(frame);
}

/** Records a frame's provenance (loaders call it). */
export function withProvenance(frame: Frame, provenance: Provenance): Frame {
  provenances.set(frame, provenance);
  return frame;
}

/**
 * The cache folder: the option, else $CASCADE_CACHE_DIR, else ~/.cache/cascade-notebooks/data.
 *
 * @example
 *   resolveCacheDir() // "/home/me/.cache/cascade-notebooks/data"
 */
export function resolveCacheDir(dir?: string): string {
  return dir || process.env.CASCADE_CACHE_DIR || join(homedir(), ".cache", "cascade-notebooks", "data");
}

/** Whether loaders run offline: the option, else $CASCADE_OFFLINE set to 1 or true. */
export function isOffline(offline?: boolean): boolean {
  return offline ?? /^(1|true|yes)$/i.test(process.env.CASCADE_OFFLINE ?? "");
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60) || "_";

/**
 * The cache file of a key, in a Hive-partitioned layout that DuckDB, polars, pandas and Spark
 * read as one dataset per kind (every Parquet file under `<cache>/candles`, with the partition columns
 * source, symbol and timeframe): readable names plus a short hash of the exact key, so that
 * "BTC/USDT" and "BTC_USDT" never share a file.
 *
 * @example
 *   cacheFile({ source: "binance", symbol: "BTC/USDT", kind: "candles", timeframe: "1h" }, "/c")
 *   // "/c/candles/source=binance/symbol=BTC_USDT/timeframe=1h/part-3f2a9c1b.parquet"
 */
export function cacheFile(key: CacheKey, dir: string): string {
  return join(dir, safe(key.kind), `source=${safe(key.source)}`, `symbol=${safe(key.symbol)}`, `timeframe=${safe(key.timeframe ?? "")}`, `part-${keyHash(key)}.parquet`);
}

function keyHash(key: CacheKey): string {
  return createHash("sha256").update(JSON.stringify([key.source, key.symbol, key.kind, key.timeframe ?? ""])).digest("hex").slice(0, 8);
}

/** Where the cache kept a key's file before the Hive layout (`<source>/<symbol>/<kind>-<tf>-<hash>.parquet`). */
export function legacyCacheFile(key: CacheKey, dir: string): string {
  return join(dir, safe(key.source), safe(key.symbol), `${safe(key.kind)}${key.timeframe ? "-" + safe(key.timeframe) : ""}-${keyHash(key)}.parquet`);
}

/**
 * Moves a key's file from the old layout to the Hive layout (one rename, atomic), so caches
 * filled by earlier versions keep serving, offline too. Returns the file's path.
 */
export function migrateCacheFile(key: CacheKey, dir: string): string {
  const file = cacheFile(key, dir);
  if (existsSync(file)) return file;
  const legacy = legacyCacheFile(key, dir);
  if (existsSync(legacy)) {
    mkdirSync(dirname(file), { recursive: true });
    renameSync(legacy, file);
  }
  return file;
}

/** Removes temporary files that writers which no longer run left behind (killed mid-write). */
function sweepTemps(folder: string): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(/\.(\d+)-[^.]*\.tmp$/.exec(name)?.[1]);
    let alive = false;
    try {
      alive = pid > 0 && process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === "EPERM";
    }
    if (!alive) rmSync(join(folder, name), { force: true });
  }
}

/** An offline request the cache cannot answer; says which ranges are missing. */
export class CacheMissError extends Error {
  /**
   * @param message What was asked, what the cache holds for it, and what to do (go online, or ask for a cached range).
   * @param key The series asked for (source, symbol, kind, timeframe).
   * @param missing The ranges, epoch milliseconds [from, to), the cache does not hold.
   */
  constructor(message: string, readonly key: CacheKey, readonly missing: TimeRange[]) {
    super(message);
    this.name = "CacheMissError";
  }
}

/**
 * A request that came back with no rows at all where the loader cannot take that for an
 * answer: a symbol the source does not know, a range outside its history, an empty or failed
 * answer and a range with genuinely no data look the same to it. Nothing is cached.
 */
export class NoDataError extends Error {
  /**
   * @param message The source, symbol and range that came back empty, and what may explain it.
   * @param key The series asked for (source, symbol, kind, timeframe).
   * @param range The range asked for, epoch milliseconds [from, to).
   */
  constructor(message: string, readonly key: CacheKey, readonly range: TimeRange) {
    super(message);
    this.name = "NoDataError";
  }
}

const iso = (ms: number) => formatIsoTime(ms);
const describeKey = (k: CacheKey) => `${k.source} ${k.symbol} ${k.kind}${k.timeframe ? " " + k.timeframe : ""}`;

/** The rows of `frame` whose time is in [from, to). */
function rowsIn(frame: Frame, time: string, { from, to }: TimeRange): Frame {
  if (!frame.has(time)) return frame;
  const t = frame.numbers(time);
  let a = 0;
  while (a < t.length && t[a] < from) a++;
  let b = a;
  while (b < t.length && t[b] < to) b++;
  // Rows are kept sorted by time, so [a, b) is the range.
  return frame.slice(a, b);
}

export interface CachedLoadOptions extends CacheOptions {
  /** The time column; "time" by default. */
  time?: string;
  /**
   * Whether a request that yields no rows at all (from the source or the cache) is an error, a
   * NoDataError naming the source, symbol and range, with nothing cached: true, or a function
   * of the range asked for (false where the loader knows an empty answer is genuine, e.g. a
   * range of weekend days for daily closes). False by default: an empty frame is returned.
   */
  noRowsIsError?: boolean | ((range: TimeRange) => boolean);
  /** Added to a NoDataError's message: what the loader knows of why (e.g. the source's reply). */
  noRowsHint?: () => string | undefined;
}

/**
 * The cache's own options out of a loader's options (which hold the loader's keys too), for
 * `cachedLoad`, which rejects keys it does not know.
 *
 * @example cacheOptionsOf({ symbol: "BTC/USDT", from: 0, to: 1, offline: true }) // { offline: true, ... }
 */
export function cacheOptionsOf({ cacheDir, offline, now, noCache }: CacheOptions): CacheOptions {
  return { cacheDir, offline, now, noCache };
}

const CACHED_LOAD_OPTIONS = optionKeys<CachedLoadOptions>()("time", "cacheDir", "offline", "now", "noCache", "noRowsIsError", "noRowsHint");

/**
 * The rows of `key` in [from, to), from the cache, fetching only the ranges it lacks with
 * `fetchRange` and storing them. The covered ranges end at the last complete bar before `now`
 * (the current bar is fetched again next time).
 *
 * @example
 *   const frame = await cachedLoad({ source: "binance", symbol: "BTC/USDT", kind: "candles", timeframe: "1h" },
 *     { from, to }, (range) => fetchCandles(range), { cacheDir: "data-cache" });
 */
export async function cachedLoad(key: CacheKey, want: TimeRange, fetchRange: (range: TimeRange) => Promise<Frame>, options: CachedLoadOptions = {}): Promise<Frame> {
  checkOptions("cachedLoad", options, CACHED_LOAD_OPTIONS);
  const { time = "time", now = Date.now, noCache = false } = options;
  const offline = isOffline(options.offline);
  if (!(want.to > want.from)) throw new Error(`${describeKey(key)}: the range must end after it starts, got ${iso(want.from)} to ${iso(want.to)}`);
  const dir = resolveCacheDir(options.cacheDir);
  const file = noCache ? cacheFile(key, dir) : migrateCacheFile(key, dir);
  const folder = join(file, "..");

  let stored = new Frame([]);
  let covered: CoveredRange[] = [];
  if (!noCache) {
    sweepTemps(folder);
    if (existsSync(file)) {
      const { frame, metadata } = await readParquetWithMetadata(file);
      stored = frame;
      try {
        covered = JSON.parse(metadata[PROVENANCE_KEY] ?? "{}").covered ?? [];
      } catch {
        covered = []; // unreadable provenance: treat the file as holding nothing, refetch
      }
    }
  }
  const coveredMs = covered.map((c) => ({ from: Date.parse(c.from), to: Date.parse(c.to) }));
  const missing = missingRanges(coveredMs, want);
  if (missing.length && offline) {
    const holds = covered.length ? `it holds ${mergeRanges(coveredMs).map((r) => `${iso(r.from)} to ${iso(r.to)}`).join(", ")}` : "it holds nothing for this key";
    throw new CacheMissError(
      `offline: the cache (${dir}) lacks ${describeKey(key)} for ${missing.map((r) => `${iso(r.from)} to ${iso(r.to)}`).join(", ")}; ${holds}. Go online (unset CASCADE_OFFLINE / offline: false) or ask for a cached range.`,
      key,
      missing,
    );
  }

  const fetched: CoveredRange[] = [];
  // Rows past the last settled bar were stored but not marked covered: the refetch replaces them.
  const pieces: Frame[] = [outside(stored, time, missing)];
  // The current bar is still moving: a range is complete only up to the last closed bar.
  const nowMs = now();
  const settled = key.timeframe ? bucketStart(key.timeframe)(nowMs) : nowMs;
  for (const range of missing) {
    const frame = await fetchRange(range);
    const rows = rowsIn(frame.has(time) && !frame.isSorted(time) ? frame.sort(time) : frame, time, range);
    const fetchedAt = iso(nowMs);
    const end = Math.min(range.to, settled);
    if (end > range.from) fetched.push({ from: iso(range.from), to: iso(end), fetchedAt, rows: rows.length });
    pieces.push(rows);
  }
  let all = stored;
  if (missing.length) {
    all = concatFrames(pieces);
    if (all.has(time) && !all.isSorted(time)) all = all.sort(time); // stable: equal times keep their order
  }
  const newCovered = [...covered, ...fetched].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  const result = rowsIn(all, time, want);
  // Checked before the write: an empty answer that may be a failure is never cached as data.
  const { noRowsIsError = false } = options;
  if (result.length === 0 && (typeof noRowsIsError === "function" ? noRowsIsError(want) : noRowsIsError)) {
    const where = missing.length ? "the source returned" : `the cache (${dir}) holds`;
    const hint = options.noRowsHint?.();
    throw new NoDataError(
      `${describeKey(key)}: no data from ${iso(want.from)} to ${iso(want.to)}: ${where} no rows for that range${hint ? ` (${hint})` : ""}. Check the symbol and that the source has data for the range.`,
      key,
      want,
    );
  }
  if (!noCache && missing.length) {
    mkdirSync(folder, { recursive: true });
    writeParquet(file, all, { metadata: { [PROVENANCE_KEY]: JSON.stringify({ ...key, covered: newCovered }) } });
  }
  const latest = [...fetched, ...newCovered].map((c) => c.fetchedAt).sort().pop() ?? iso(nowMs);
  return withProvenance(result, {
    source: key.source,
    symbol: key.symbol,
    kind: key.kind,
    timeframe: key.timeframe ?? "",
    fetchedAt: latest,
    range: { from: iso(want.from), to: iso(want.to) },
    rows: result.length,
    fetched,
    covered: newCovered,
    gaps: [],
    cacheFile: noCache ? undefined : file,
  });
}

/** The rows of a time-sorted frame outside every range (stale rows a refetch replaces). */
function outside(frame: Frame, time: string, ranges: TimeRange[]): Frame {
  if (!frame.has(time) || ranges.length === 0) return frame;
  const t = frame.numbers(time);
  return frame.filter(Array.from(t, (x) => !ranges.some((r) => x >= r.from && x < r.to)));
}
