/**
 * The on-disk cache of loaded market data: a Hive-partitioned Parquet dataset per kind of data,
 * `<kind>/source=<s>/symbol=<sym>/timeframe=<tf>/day=<YYYY-MM-DD>/part-<hash>.parquet`, one file
 * per key and UTC day holding every range of that day fetched so far, with its provenance
 * (source, the ranges it holds, when each was fetched, rows) in the file's footer. Series of a
 * day or more per bar (1d, 1w, 1M, and keys marked `filePeriod: "year"`) are kept one file per
 * UTC year instead, under `day=<YYYY>-01-01`: a file per daily bar would be thousands of
 * one-row files whose footers outweigh their rows, and every file of a dataset needs the same
 * partition keys for DuckDB and polars to read it as one.
 *
 * A request reads only the files of the days it spans (into one frame, see readParquetFiles),
 * fetches only the ranges they lack, and rewrites each day it added to atomically (temporary
 * file, on disk before a rename), in batches of days whose file creations and flushes to disk
 * overlap: a process killed mid-write leaves every day file whole, each with the provenance of
 * the rows it holds.
 * Offline, only the cache is read, and a missing range is an error saying what is missing.
 *
 * Folder: the `dir` option, else $CASCADE_CACHE_DIR, else ~/.cache/cascade-notebooks/data.
 * Offline: the `offline` option, else $CASCADE_OFFLINE=1.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { createHash } from "node:crypto";
import { Frame } from "../frame";
import { formatIsoTime } from "../time";
import { bucketStart, parseTimeframe } from "../timeframe";
import { concatFrames } from "./concat";
import { encodeParquetFile, readParquetFiles, readParquetWithMetadata, TEMP_SUFFIX, writeAtomicMany } from "./parquet";
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
  /**
   * How much time one cache file holds: "day" (one file per UTC day) or "year" (one per UTC
   * year, for sparse series such as daily or monthly macro data). By default "year" for
   * timeframes of a day or more, else "day". Not part of the key's identity.
   */
  filePeriod?: FilePeriod;
}

/** How much time one cache file holds. */
export type FilePeriod = "day" | "year";

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
  /** Every range the cache holds in the day files the request spans (pieces of one fetch joined). */
  covered: CoveredRange[];
  /** Holes in the data: runs of missing bars (bars) or other problems a loader found. */
  gaps: Array<{ from: string; to: string; missing: number }>;
  /** The key's folder in the cache (`.../timeframe=1h`), holding one `day=` folder per day file. */
  cacheFolder?: string;
  /** The day files the rows were read from or written to. */
  cacheFiles?: string[];
  /** The single file of keys kept whole (order-book snapshots). */
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
const DAY_MS = 86_400_000;

/**
 * The folder of a key in the Hive-partitioned layout that DuckDB, polars, pandas and Spark read
 * as one dataset per kind (every Parquet file under `<cache>/candles`, with the partition
 * columns source, symbol, timeframe and day).
 *
 * @example
 *   cacheFolder({ source: "binance", symbol: "BTC/USDT", kind: "candles", timeframe: "1h" }, "/c")
 *   // "/c/candles/source=binance/symbol=BTC_USDT/timeframe=1h"
 */
export function cacheFolder(key: CacheKey, dir: string): string {
  return join(dir, safe(key.kind), `source=${safe(key.source)}`, `symbol=${safe(key.symbol)}`, `timeframe=${safe(key.timeframe ?? "")}`);
}

/**
 * A key's file holding everything at once: the layout before `day=` (series, migrated on first
 * use), and the layout of order-book snapshots, which are kept whole. Readable names plus a
 * short hash of the exact key, so that "BTC/USDT" and "BTC_USDT" never share a file.
 *
 * @example
 *   cacheFile({ source: "binance", symbol: "BTC/USDT", kind: "order-book" }, "/c")
 *   // "/c/order-book/source=binance/symbol=BTC_USDT/timeframe=/part-3f2a9c1b.parquet"
 */
export function cacheFile(key: CacheKey, dir: string): string {
  return join(cacheFolder(key, dir), `part-${keyHash(key)}.parquet`);
}

/** How much time one file of `key` holds: its `filePeriod`, else "year" for bars of a day or more, else "day". */
export function filePeriodOf(key: CacheKey): FilePeriod {
  if (key.filePeriod !== undefined) {
    if (key.filePeriod !== "day" && key.filePeriod !== "year") throw new Error(`${describeKey(key)}: filePeriod must be "day" or "year", got ${JSON.stringify(key.filePeriod)}`);
    return key.filePeriod;
  }
  if (!key.timeframe) return "day";
  const tf = parseTimeframe(key.timeframe);
  return tf.unit === "M" || tf.unit === "w" || tf.ms >= DAY_MS ? "year" : "day";
}

/** The start of the file period holding `ms` (UTC). */
function periodStart(period: FilePeriod, ms: number): number {
  return period === "day" ? Math.floor(ms / DAY_MS) * DAY_MS : Date.UTC(new Date(ms).getUTCFullYear(), 0, 1);
}

/** The file period starting at `start`, [from, to). */
function periodAt(period: FilePeriod, start: number): TimeRange {
  return { from: start, to: period === "day" ? start + DAY_MS : Date.UTC(new Date(start).getUTCFullYear() + 1, 0, 1) };
}

/** The file periods a range spans, in order. */
function periodsOf(period: FilePeriod, { from, to }: TimeRange): TimeRange[] {
  const out: TimeRange[] = [];
  for (let at = periodStart(period, from); at < to; at = periodAt(period, at).to) out.push(periodAt(period, at));
  return out;
}

/**
 * The file of a key holding the UTC day (or year, see {@link filePeriodOf}) that `ms` falls in.
 *
 * @example
 *   cacheDayFile({ source: "binance", symbol: "BTC/USDT", kind: "candles", timeframe: "1h" }, "/c", Date.UTC(2025, 9, 10, 13))
 *   // "/c/candles/source=binance/symbol=BTC_USDT/timeframe=1h/day=2025-10-10/part-3f2a9c1b.parquet"
 */
export function cacheDayFile(key: CacheKey, dir: string, ms: number): string {
  return dayFileIn(cacheFolder(key, dir), `part-${keyHash(key)}.parquet`, periodStart(filePeriodOf(key), ms));
}

/** The file named `name` of the period starting at `start` in a key's folder (one hash per load, not per day). */
function dayFileIn(folder: string, name: string, start: number): string {
  return join(folder, `day=${new Date(start).toISOString().slice(0, 10)}`, name);
}

function keyHash(key: CacheKey): string {
  return createHash("sha256").update(JSON.stringify([key.source, key.symbol, key.kind, key.timeframe ?? ""])).digest("hex").slice(0, 8);
}

/** Where the cache kept a key's file before the Hive layout (`<source>/<symbol>/<kind>-<tf>-<hash>.parquet`). */
export function legacyCacheFile(key: CacheKey, dir: string): string {
  return join(dir, safe(key.source), safe(key.symbol), `${safe(key.kind)}${key.timeframe ? "-" + safe(key.timeframe) : ""}-${keyHash(key)}.parquet`);
}

/**
 * Moves a key's file from the first layout to the whole-file Hive layout (one rename, atomic),
 * so caches filled by earlier versions keep serving, offline too. Returns the file's path.
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

/** What a day file's footer records: the key and the ranges of that day it holds. */
interface StoredCovered extends CoveredRange {
  /** The whole range fetched at once that this piece was cut from (ISO), so pieces of one fetch read back as one. */
  fetch?: { from: string; to: string };
}

function parseCovered(metadata: Record<string, string>): StoredCovered[] {
  try {
    const covered = JSON.parse(metadata[PROVENANCE_KEY] ?? "{}").covered;
    return Array.isArray(covered) ? covered : [];
  } catch {
    return []; // unreadable provenance: treat the file as holding nothing, refetch
  }
}

/** Rows of a time-sorted frame in [from, to). */
function countIn(times: ArrayLike<number> | undefined, { from, to }: TimeRange): number {
  if (!times) return 0;
  let n = 0;
  for (let i = 0; i < times.length; i++) if (times[i] >= from && times[i] < to) n++;
  return n;
}

/** Covered ranges cut to one file period, rows counted in that period's rows. */
function clipCovered(covered: StoredCovered[], period: TimeRange, times: ArrayLike<number> | undefined): StoredCovered[] {
  const out: StoredCovered[] = [];
  for (const c of covered) {
    const from = Math.max(Date.parse(c.from), period.from);
    const to = Math.min(Date.parse(c.to), period.to);
    if (!(to > from)) continue;
    const whole = from === Date.parse(c.from) && to === Date.parse(c.to);
    out.push({ from: iso(from), to: iso(to), fetchedAt: c.fetchedAt, rows: countIn(times, { from, to }), ...(whole && !c.fetch ? {} : { fetch: c.fetch ?? { from: c.from, to: c.to } }) });
  }
  return out;
}

/** The covered pieces of several day files, pieces of one fetch joined again, sorted by time. */
function joinCovered(pieces: StoredCovered[]): CoveredRange[] {
  const sorted = [...pieces].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  const out: StoredCovered[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.fetch && last.fetch && last.fetch.from === c.fetch.from && last.fetch.to === c.fetch.to && last.fetchedAt === c.fetchedAt && Date.parse(last.to) === Date.parse(c.from)) {
      last.to = c.to;
      last.rows += c.rows;
    } else out.push({ ...c });
  }
  return out.map(({ from, to, fetchedAt, rows }) => ({ from, to, fetchedAt, rows }));
}

/**
 * Days a load writes at once (see {@link writePeriods}). A process killed mid-write loses at
 * most the batch it was writing (those days are fetched again next time); more days per batch
 * overlap more flushes, with diminishing returns past a few dozen.
 */
export const WRITE_BATCH = 32;

/**
 * Writes file periods of a key, each atomically, {@link WRITE_BATCH} at a time: the temporary
 * files of a batch are written and flushed to disk together, then renamed in order, then their
 * folders flushed (`writeAtomicMany`). One `writeAtomic` per day waited for each flush in turn,
 * which made the first write of a year of minute bars several times slower than one file.
 * Batches are written in order, so a process killed mid-way leaves the batches before whole,
 * the one being written not yet renamed (its temporary files are swept by the next write of
 * those days), and the later ones untouched.
 */
async function writePeriods(key: CacheKey, days: { file: string; rows: Frame; covered: StoredCovered[] }[]): Promise<void> {
  if (days.length === 0) return;
  // The key's folder (the parent of every day folder) and the folders above it, made once; the
  // parents of those just made are flushed with the first batch, so that they last too.
  const keyFolder = dirname(dirname(days[0].file));
  const madeFrom = mkdirSync(keyFolder, { recursive: true });
  let newFolders = madeFrom === undefined ? [] : ancestorsFrom(madeFrom, keyFolder);
  for (let at = 0; at < days.length; at += WRITE_BATCH) {
    const batch = days.slice(at, at + WRITE_BATCH);
    // The day folders made at once, as the files are (see writeAtomicMany). A folder just made
    // holds no temporary files to sweep; the key's folder, which gains its entry, is flushed
    // with the files.
    const made = await Promise.all(batch.map(({ file }) => mkdir(dirname(file)).then(() => true, (err: NodeJS.ErrnoException) => (err.code === "EEXIST" ? false : Promise.reject(err)))));
    const alsoFlush = new Set<string>(newFolders);
    newFolders = [];
    batch.forEach(({ file }, i) => (made[i] ? alsoFlush.add(keyFolder) : sweepTemps(dirname(file))));
    await writeAtomicMany(
      batch.map(({ file, rows, covered }) => ({ path: file, data: () => encodeParquetFile(file, rows, { metadata: { [PROVENANCE_KEY]: JSON.stringify({ ...key, covered }) } }) })),
      { alsoFlush },
    );
  }
}

/** The folders whose entries changed when `first` and the folders below it down to `last` were made: each one's parent. */
function ancestorsFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let folder = last; ; folder = dirname(folder)) {
    out.push(dirname(folder));
    if (folder === first || dirname(folder) === folder) return out;
  }
}

/**
 * Reads the files of `days` that exist into one frame (`readParquetFiles`: each file read whole
 * with one system call, its values decoded straight into the frame's columns, allocated once),
 * and gives each day its rows (a view of that frame) and covered ranges. Returns the frame when
 * it is the days' rows one after another, as the result of a load that adds nothing can use
 * as it is; undefined when a day's rows had to be sorted (files of other writers).
 *
 * No existence check or folder listing per day: a missing file is simply absent, and temporary
 * files of dead writers are swept by the next write of their day, not looked for on every read.
 * A file that cannot be read is an error naming it.
 */
async function readPeriods(days: { file: string; exists: boolean; rows: Frame; covered: StoredCovered[] }[], time: string): Promise<Frame | undefined> {
  const { frame, parts } = await readParquetFiles(days.map((d) => d.file));
  let inOrder = true;
  days.forEach((day, i) => {
    const part = parts[i];
    if (!part) return;
    const rows = frame.slice(part.from, part.to);
    day.exists = true;
    day.covered = parseCovered(part.metadata);
    if (rows.has(time) && !rows.isSorted(time)) {
      day.rows = rows.sort(time);
      inOrder = false;
    } else day.rows = rows;
  });
  return inOrder ? frame : undefined;
}

/**
 * Splits a key's whole file (either earlier layout) into day files, then removes it. A process
 * killed during the split leaves the whole file in place, and the next load splits it again
 * from the start: the day files it rewrites then hold the same rows.
 */
async function migrateToDays(key: CacheKey, dir: string, time: string): Promise<void> {
  const whole = migrateCacheFile(key, dir);
  if (!existsSync(whole)) return;
  sweepTemps(dirname(whole));
  const { frame, metadata } = await readParquetWithMetadata(whole);
  const covered = parseCovered(metadata);
  const sorted = frame.has(time) && !frame.isSorted(time) ? frame.sort(time) : frame;
  const times = sorted.has(time) ? sorted.numbers(time) : undefined;
  const period = filePeriodOf(key);
  const starts = new Set<number>();
  if (times) for (let i = 0; i < times.length; i++) starts.add(periodStart(period, times[i]));
  for (const c of covered) for (const p of periodsOf(period, { from: Date.parse(c.from), to: Date.parse(c.to) })) starts.add(p.from);
  const days = [...starts]
    .sort((a, b) => a - b)
    .map((start) => {
      const p = periodAt(period, start);
      const rows = rowsIn(sorted, time, p);
      return { file: cacheDayFile(key, dir, start), rows, covered: clipCovered(covered, p, rows.has(time) ? rows.numbers(time) : undefined) };
    });
  await writePeriods(key, days);
  rmSync(whole);
}

/**
 * Whole-file caches (the layout before `day=`) under `dir`: what {@link migrateCache} splits.
 * `cacheDataset` refuses a kind that still has some, since DuckDB reads a dataset only when
 * every file has the same partition columns.
 */
export function unsplitCacheFiles(dir: string, kind?: string): string[] {
  const out: string[] = [];
  const sub = (path: string, prefix: string) => (existsSync(path) ? readdirSync(path, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name.startsWith(prefix)).map((d) => join(path, d.name)) : []);
  const kinds = kind ? [join(dir, kind)] : sub(dir, "");
  for (const k of kinds) {
    if (k.endsWith("order-book")) continue; // kept whole by design
    for (const s of sub(k, "source=")) for (const y of sub(s, "symbol=")) for (const t of sub(y, "timeframe=")) {
      for (const name of readdirSync(t)) if (name.endsWith(".parquet")) out.push(join(t, name));
    }
  }
  return out;
}

/**
 * Files of the first layout (`<source>/<symbol>/<kind>-<tf>-<hash>.parquet`) under `dir`: the
 * folders that are not kinds of the Hive layout (which hold `source=` folders).
 */
function firstLayoutFiles(dir: string): string[] {
  const out: string[] = [];
  const dirs = (path: string) => (existsSync(path) ? readdirSync(path, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(path, d.name)) : []);
  for (const top of dirs(dir)) {
    if (readdirSync(top).some((n) => n.startsWith("source="))) continue;
    for (const symbol of dirs(top)) for (const name of readdirSync(symbol)) if (name.endsWith(".parquet")) out.push(join(symbol, name));
  }
  return out;
}

/** The key a whole file's footer names (its `cascade.provenance`), or an error naming the file. */
async function footerKey(file: string): Promise<CacheKey | undefined> {
  const { metadata } = await readParquetWithMetadata(file);
  if (metadata[PROVENANCE_KEY] === undefined) return undefined;
  let key: CacheKey;
  try {
    key = JSON.parse(metadata[PROVENANCE_KEY]);
  } catch {
    throw new Error(`migrateCache: ${file}: its ${PROVENANCE_KEY} footer is not JSON, so its key is unknown; move it out of the cache or delete it`);
  }
  if (!key || typeof key.source !== "string" || typeof key.symbol !== "string" || typeof key.kind !== "string") throw new Error(`migrateCache: ${file}: its ${PROVENANCE_KEY} footer names no source, symbol and kind`);
  return { source: key.source, symbol: key.symbol, kind: key.kind, timeframe: key.timeframe ?? "", ...(key.filePeriod ? { filePeriod: key.filePeriod } : {}) };
}

/**
 * Splits every whole-file cache under the cache folder into day files, files of the first
 * layout included (a load of a key does it for that key; this does it for all, e.g. before SQL
 * over the cache). Order-book snapshots, kept whole, stay. Returns the files split.
 *
 * @example
 *   await migrateCache(); // ["/home/me/.cache/cascade-notebooks/data/candles/.../part-3f2a9c1b.parquet"]
 */
export async function migrateCache({
  cacheDir,
  time = "time",
}: {
  /** The cache folder; $CASCADE_CACHE_DIR or ~/.cache/cascade-notebooks/data by default. */
  cacheDir?: string;
  /** The files' time column; "time" by default. */
  time?: string;
} = {}): Promise<string[]> {
  const dir = resolveCacheDir(cacheDir);
  const done: string[] = [];
  for (const file of firstLayoutFiles(dir)) {
    const key = await footerKey(file);
    if (!key) continue; // an order book of the first layout (no provenance footer): its loader moves it
    if (legacyCacheFile(key, dir) !== file) throw new Error(`migrateCache: ${file}: its footer names ${describeKey(key)}, whose file would be ${legacyCacheFile(key, dir)}; move it out of the cache or delete it`);
    await migrateToDays(key, dir, time);
    done.push(file);
  }
  for (const file of unsplitCacheFiles(dir)) {
    const key = await footerKey(file);
    if (!key) throw new Error(`migrateCache: ${file} has no readable ${PROVENANCE_KEY} footer, so its key is unknown; move it out of the cache or delete it`);
    if (cacheFile(key, dir) !== file) throw new Error(`migrateCache: ${file}: its footer names ${describeKey(key)}, whose file would be ${cacheFile(key, dir)}; move it out of the cache or delete it`);
    await migrateToDays(key, dir, time);
    done.push(file);
  }
  return done;
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
  // Rows are kept sorted by time, so [a, b) is the range: two binary searches (a load cuts a
  // long fetch into hundreds of days).
  const firstAtLeast = (x: number) => {
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const a = firstAtLeast(from);
  return frame.slice(a, Math.max(a, firstAtLeast(to)));
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
 * The rows of `key` in [from, to), from the cache's files of the days the range spans, fetching
 * only the ranges they lack with `fetchRange` and storing them, one atomic write per day. The covered ranges end at the last complete bar before `now`
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
  const period = filePeriodOf(key);
  if (!noCache) await migrateToDays(key, dir, time);

  // Only the files of the days the request spans are read.
  const folder = cacheFolder(key, dir);
  const name = `part-${keyHash(key)}.parquet`;
  const days = periodsOf(period, want).map((p) => ({ period: p, file: dayFileIn(folder, name, p.from), exists: false, rows: new Frame([]), covered: [] as StoredCovered[] }));
  const stored = noCache ? undefined : await readPeriods(days, time);
  const coveredMs = days.flatMap((d) => d.covered.map((c) => ({ from: Date.parse(c.from), to: Date.parse(c.to) })));
  const missing = missingRanges(coveredMs, want);
  if (missing.length && offline) {
    const days0 = `${iso(days[0].period.from).slice(0, 10)} to ${iso(days[days.length - 1].period.to - 1).slice(0, 10)}`;
    const holds = coveredMs.length
      ? `for those ${period === "day" ? "days" : "years"} it holds ${mergeRanges(coveredMs).map((r) => `${iso(r.from)} to ${iso(r.to)}`).join(", ")}`
      : `it holds nothing for this key from ${days0}`;
    throw new CacheMissError(
      `offline: the cache (${dir}) lacks ${describeKey(key)} for ${missing.map((r) => `${iso(r.from)} to ${iso(r.to)}`).join(", ")}; ${holds}. Go online (unset CASCADE_OFFLINE / offline: false) or ask for a cached range.`,
      key,
      missing,
    );
  }

  const fetched: CoveredRange[] = [];
  const fetchedRows: Frame[] = [];
  // The current bar is still moving: a range is complete only up to the last closed bar.
  const nowMs = now();
  const settled = key.timeframe ? bucketStart(key.timeframe)(nowMs) : nowMs;
  for (const range of missing) {
    const frame = await fetchRange(range);
    const rows = rowsIn(frame.has(time) && !frame.isSorted(time) ? frame.sort(time) : frame, time, range);
    const end = Math.min(range.to, settled);
    if (end > range.from) fetched.push({ from: iso(range.from), to: iso(end), fetchedAt: iso(nowMs), rows: rows.length });
    fetchedRows.push(rows);
  }
  const allFetched = fetchedRows.length === 1 ? fetchedRows[0] : missing.length ? concatFrames(fetchedRows) : new Frame([]);

  // Each day the fetch added to: its stored rows outside the refetched ranges (rows past the
  // last settled bar were stored but not marked covered: the refetch replaces them), plus the
  // fetched rows of that day, sorted (stable: equal times keep their order).
  const changed = new Set<(typeof days)[number]>();
  for (const day of days) {
    if (!missing.some((r) => r.from < day.period.to && r.to > day.period.from)) continue;
    const mine = missing.filter((r) => r.from < day.period.to && r.to > day.period.from);
    let rows = concatFrames([outside(day.rows, time, mine), rowsIn(allFetched, time, day.period)]);
    if (rows.has(time) && !rows.isSorted(time)) rows = rows.sort(time);
    day.rows = rows;
    day.covered = clipCovered([...day.covered, ...fetched], day.period, rows.has(time) ? rows.numbers(time) : undefined).sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    changed.add(day);
  }
  // Nothing added: the frame the day files were read into is already the days' rows in order.
  const result = rowsIn(changed.size === 0 && stored ? stored : concatFrames(days.map((d) => d.rows)), time, want);
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
  // One atomic write per day, in batches (writePeriods): a crash leaves each day file whole,
  // with the provenance of the rows it holds; the days not yet written are fetched again next time.
  if (!noCache) {
    await writePeriods(key, [...changed]);
    for (const day of changed) day.exists = true;
  }
  const covered = joinCovered(days.flatMap((d) => d.covered));
  const latest = [...fetched, ...covered].map((c) => c.fetchedAt).sort().pop() ?? iso(nowMs);
  return withProvenance(result, {
    source: key.source,
    symbol: key.symbol,
    kind: key.kind,
    timeframe: key.timeframe ?? "",
    fetchedAt: latest,
    range: { from: iso(want.from), to: iso(want.to) },
    rows: result.length,
    fetched,
    covered,
    gaps: [],
    ...(noCache ? {} : { cacheFolder: folder, cacheFiles: days.filter((d) => d.exists).map((d) => d.file) }),
  });
}

/** The rows of a time-sorted frame outside every range (stale rows a refetch replaces). */
function outside(frame: Frame, time: string, ranges: TimeRange[]): Frame {
  if (!frame.has(time) || ranges.length === 0) return frame;
  const t = frame.numbers(time);
  return frame.filter(Array.from(t, (x) => !ranges.some((r) => x >= r.from && x < r.to)));
}
