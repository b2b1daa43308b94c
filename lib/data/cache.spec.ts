import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cachedLoad, cacheDayFile, cacheFile, cacheFolder, filePeriodOf, legacyCacheFile, migrateCache, CacheMissError, provenanceOf, resolveCacheDir, unsplitCacheFiles, type CacheKey } from "./cache";
import { readParquetWithMetadata, writeParquet } from "./parquet";
import { mergeRanges, missingRanges, type TimeRange } from "./ranges";
import { concatFrames } from "./concat";
import { Frame } from "../frame";

const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10);
const NOW = Date.UTC(2025, 11, 1); // a fixed clock, after every range below
const root = mkdtempSync(join(tmpdir(), "cascade-cache-"));
process.on("exit", () => rmSync(root, { recursive: true, force: true }));
const key: CacheKey = { source: "testex", symbol: "BTC/USDT", kind: "candles", timeframe: "1h" };

/** A fake source of hourly bars that records what it was asked for. */
function source() {
  const asked: TimeRange[] = [];
  const fetch = async ({ from, to }: TimeRange) => {
    asked.push({ from, to });
    const time: number[] = [];
    for (let t = Math.ceil(from / H) * H; t < to; t += H) time.push(t);
    return Frame.fromColumns({ time, close: time.map((t) => t / H) }, { types: { time: "time" } });
  };
  return { asked, fetch };
}

test("ranges: merge and missing parts", () => {
  assert.deepEqual(mergeRanges([{ from: 5, to: 9 }, { from: 0, to: 5 }, { from: 20, to: 20 }]), [{ from: 0, to: 9 }]);
  assert.deepEqual(missingRanges([{ from: 2, to: 4 }, { from: 6, to: 7 }], { from: 0, to: 10 }), [{ from: 0, to: 2 }, { from: 4, to: 6 }, { from: 7, to: 10 }]);
  assert.deepEqual(missingRanges([{ from: 0, to: 10 }], { from: 2, to: 8 }), []);
  assert.deepEqual(missingRanges([], { from: 2, to: 8 }), [{ from: 2, to: 8 }]);
});

test("concatFrames stacks same-typed columns, in any order; refuses a mismatch", () => {
  const a = Frame.fromColumns({ t: [1], s: ["x"] });
  const b = Frame.fromColumns({ s: ["y"], t: [2] });
  const c = concatFrames([a, new Frame([]), b]);
  assert.deepEqual(c.toRecords(), [{ t: 1, s: "x" }, { t: 2, s: "y" }]);
  assert.throws(() => concatFrames([a, Frame.fromColumns({ t: ["z"], s: ["w"] })]), /column "t" is number in one frame and string/);
});

test("first load fetches the range; a sub-range is served from the cache; a wider one fetches only what is missing", async () => {
  const cacheDir = join(root, "a");
  const { asked, fetch } = source();
  const first = await cachedLoad(key, { from: T0, to: T0 + 24 * H }, fetch, { cacheDir, now: () => NOW });
  assert.equal(first.length, 24);
  assert.equal(asked.length, 1);
  const p = provenanceOf(first)!;
  assert.equal(p.source, "testex");
  assert.equal(p.fetchedAt, "2025-12-01T00:00:00Z");
  assert.deepEqual(p.range, { from: "2025-10-10T00:00:00Z", to: "2025-10-11T00:00:00Z" });
  assert.equal(p.rows, 24);
  assert.deepEqual(p.cacheFiles, [cacheDayFile(key, cacheDir, T0)]);
  assert.ok(existsSync(p.cacheFiles![0]));

  const sub = await cachedLoad(key, { from: T0 + 5 * H, to: T0 + 10 * H }, fetch, { cacheDir, now: () => NOW + H });
  assert.equal(asked.length, 1, "no fetch for a cached range");
  assert.deepEqual([...sub.numbers("time")], [5, 6, 7, 8, 9].map((i) => T0 + i * H));
  assert.deepEqual(provenanceOf(sub)!.fetched, []);
  assert.equal(provenanceOf(sub)!.fetchedAt, "2025-12-01T00:00:00Z", "the data's fetch time, not the clock's");

  const wide = await cachedLoad(key, { from: T0 - 6 * H, to: T0 + 30 * H }, fetch, { cacheDir, now: () => NOW });
  assert.deepEqual(asked.slice(1), [{ from: T0 - 6 * H, to: T0 }, { from: T0 + 24 * H, to: T0 + 30 * H }]);
  assert.equal(wide.length, 36);
  assert.ok(wide.isSorted("time", { strict: true }));
  assert.equal(provenanceOf(wide)!.covered.length, 3);
});

test("offline: cached ranges load, a missing one is an error naming the key, the range and the folder", async () => {
  const cacheDir = join(root, "b");
  const { asked, fetch } = source();
  await cachedLoad(key, { from: T0, to: T0 + 24 * H }, fetch, { cacheDir, now: () => NOW });
  const cached = await cachedLoad(key, { from: T0, to: T0 + 12 * H }, fetch, { cacheDir, offline: true, now: () => NOW });
  assert.equal(cached.length, 12);
  await assert.rejects(
    cachedLoad(key, { from: T0 + 20 * H, to: T0 + 48 * H }, fetch, { cacheDir, offline: true }),
    (e: Error) => e instanceof CacheMissError && /offline/.test(e.message) && e.message.includes("testex BTC/USDT candles 1h") && e.message.includes("2025-10-11T00:00:00Z to 2025-10-12T00:00:00Z") && e.message.includes(cacheDir),
  );
  process.env.CASCADE_OFFLINE = "1";
  try {
    await assert.rejects(cachedLoad({ ...key, symbol: "ETH/USDT" }, { from: T0, to: T0 + H }, fetch, { cacheDir }), /holds nothing for this key/);
  } finally {
    delete process.env.CASCADE_OFFLINE;
  }
  assert.equal(asked.length, 1);
});

test("the bar still open at `now` is not marked cached: the next load fetches it again", async () => {
  const cacheDir = join(root, "c");
  const { asked, fetch } = source();
  const now = T0 + 10 * H + 30 * 60_000; // 10:30: the 10:00 bar is moving
  await cachedLoad(key, { from: T0, to: T0 + 11 * H }, fetch, { cacheDir, now: () => now });
  const again = await cachedLoad(key, { from: T0, to: T0 + 11 * H }, fetch, { cacheDir, now: () => now + H });
  assert.deepEqual(asked[1], { from: T0 + 10 * H, to: T0 + 11 * H });
  assert.equal(again.length, 11);
  assert.ok(again.isSorted("time", { strict: true }), "the refetched bar replaced the stored one");
});

test("cache folder: option, then CASCADE_CACHE_DIR, then ~/.cache/cascade-notebooks/data; files keyed exactly", () => {
  const saved = process.env.CASCADE_CACHE_DIR;
  try {
    process.env.CASCADE_CACHE_DIR = "/some/where";
    assert.equal(resolveCacheDir("/opt"), "/opt");
    assert.equal(resolveCacheDir(), "/some/where");
    delete process.env.CASCADE_CACHE_DIR;
    assert.match(resolveCacheDir(), /\.cache\/cascade-notebooks\/data$/);
  } finally {
    if (saved === undefined) delete process.env.CASCADE_CACHE_DIR;
    else process.env.CASCADE_CACHE_DIR = saved;
  }
  const a = cacheDayFile(key, "/c", T0 + 13 * H);
  const b = cacheDayFile({ ...key, symbol: "BTC_USDT" }, "/c", T0 + 13 * H);
  assert.notEqual(a, b);
  assert.match(a, /^\/c\/candles\/source=testex\/symbol=BTC_USDT\/timeframe=1h\/day=2025-10-10\/part-[0-9a-f]{8}\.parquet$/);
  assert.equal(cacheFolder(key, "/c"), "/c/candles/source=testex/symbol=BTC_USDT/timeframe=1h");
  assert.match(cacheFile(key, "/c"), /^\/c\/candles\/source=testex\/symbol=BTC_USDT\/timeframe=1h\/part-[0-9a-f]{8}\.parquet$/);
  assert.match(legacyCacheFile(key, "/c"), /^\/c\/testex\/BTC_USDT\/candles-1h-[0-9a-f]{8}\.parquet$/);
  // Bars of a day or more, and keys marked so, are kept a file per UTC year.
  assert.equal(filePeriodOf(key), "day");
  assert.equal(filePeriodOf({ ...key, timeframe: "" }), "day");
  for (const timeframe of ["1d", "3d", "1w", "1M"]) assert.equal(filePeriodOf({ ...key, timeframe }), "year", timeframe);
  assert.equal(filePeriodOf({ ...key, timeframe: "", filePeriod: "year" }), "year");
  assert.match(cacheDayFile({ ...key, timeframe: "1d" }, "/c", Date.UTC(2025, 6, 4, 13)), /\/timeframe=1d\/day=2025-01-01\/part-[0-9a-f]{8}\.parquet$/);
});

/** A whole-file cache of `k` as versions before day= partitions wrote it: every row in one file, its covered ranges in the footer. */
function writeWholeFile(file: string, k: CacheKey, hours: [number, number], fetchedAt: string): void {
  const time: number[] = [];
  for (let i = hours[0]; i < hours[1]; i++) time.push(T0 + i * H);
  mkdirSync(dirname(file), { recursive: true });
  const covered = [{ from: new Date(T0 + hours[0] * H).toISOString().replace(".000", ""), to: new Date(T0 + hours[1] * H).toISOString().replace(".000", ""), fetchedAt, rows: time.length }];
  writeParquet(file, Frame.fromColumns({ time, close: time.map((t) => t / H) }, { types: { time: "time" } }), { metadata: { "cascade.provenance": JSON.stringify({ ...k, covered }) } });
}

const footer = async (file: string) => JSON.parse((await readParquetWithMetadata(file)).metadata["cascade.provenance"]);

test("one file per UTC day under day=YYYY-MM-DD, each with the provenance of its own rows; pieces of one fetch read back as one range", async () => {
  const cacheDir = join(root, "days");
  const { fetch } = source();
  const frame = await cachedLoad(key, { from: T0 - 6 * H, to: T0 + 30 * H }, fetch, { cacheDir, now: () => NOW });
  assert.equal(frame.length, 36);
  const folder = cacheFolder(key, cacheDir);
  assert.deepEqual(readdirSync(folder).sort(), ["day=2025-10-09", "day=2025-10-10", "day=2025-10-11"]);
  const files = [-1, 0, 1].map((d) => cacheDayFile(key, cacheDir, T0 + d * 24 * H));
  assert.deepEqual(provenanceOf(frame)!.cacheFiles, files);
  assert.equal(provenanceOf(frame)!.cacheFolder, folder);
  const rows = [];
  for (const file of files) {
    const { frame: f, metadata } = await readParquetWithMetadata(file);
    const p = JSON.parse(metadata["cascade.provenance"]);
    assert.equal(p.source, "testex");
    assert.equal(p.symbol, "BTC/USDT");
    assert.equal(p.covered.length, 1);
    assert.equal(p.covered[0].rows, f.length, "a file's provenance counts its own rows");
    assert.equal(p.covered[0].fetchedAt, "2025-12-01T00:00:00Z");
    const t = f.numbers("time");
    assert.ok(Date.parse(p.covered[0].from) <= t[0] && t[t.length - 1] < Date.parse(p.covered[0].to), "its rows lie in its covered range");
    rows.push(f.length);
  }
  assert.deepEqual(rows, [6, 24, 6]);
  assert.deepEqual((await footer(files[0])).covered[0], { from: "2025-10-09T18:00:00Z", to: "2025-10-10T00:00:00Z", fetchedAt: "2025-12-01T00:00:00Z", rows: 6, fetch: { from: "2025-10-09T18:00:00Z", to: "2025-10-11T06:00:00Z" } });
  assert.deepEqual(provenanceOf(frame)!.covered, [{ from: "2025-10-09T18:00:00Z", to: "2025-10-11T06:00:00Z", fetchedAt: "2025-12-01T00:00:00Z", rows: 36 }]);
});

test("a request reads only the files of the days it spans: a damaged file of another day is never opened", async () => {
  const cacheDir = join(root, "only-days");
  const { asked, fetch } = source();
  await cachedLoad(key, { from: T0 - 24 * H, to: T0 + 48 * H }, fetch, { cacheDir, now: () => NOW });
  const damaged = cacheDayFile(key, cacheDir, T0 - 24 * H);
  writeFileSync(damaged, "not parquet");
  const day = await cachedLoad(key, { from: T0 + 2 * H, to: T0 + 40 * H }, fetch, { cacheDir, offline: true, now: () => NOW });
  assert.equal(day.length, 38);
  assert.equal(asked.length, 1);
  await assert.rejects(cachedLoad(key, { from: T0 - 2 * H, to: T0 + 2 * H }, fetch, { cacheDir, offline: true, now: () => NOW }), (e: Error) => e.message.includes(damaged));
});

test("bars of a day or more are kept one file per UTC year (day=YYYY-01-01)", async () => {
  const cacheDir = join(root, "daily");
  const D = 24 * H;
  const daily: CacheKey = { ...key, timeframe: "1d" };
  const from = Date.UTC(2024, 11, 20);
  const frame = await cachedLoad(daily, { from, to: from + 20 * D }, async (r) => {
    const time: number[] = [];
    for (let t = r.from; t < r.to; t += D) time.push(t);
    return Frame.fromColumns({ time, close: time.map((_, i) => i) }, { types: { time: "time" } });
  }, { cacheDir, now: () => NOW });
  assert.equal(frame.length, 20);
  assert.deepEqual(readdirSync(cacheFolder(daily, cacheDir)).sort(), ["day=2024-01-01", "day=2025-01-01"]);
  assert.deepEqual((await footer(cacheDayFile(daily, cacheDir, from))).covered.map((c: { rows: number }) => c.rows), [12]);
  assert.deepEqual((await footer(cacheDayFile(daily, cacheDir, Date.UTC(2025, 0, 5)))).covered.map((c: { rows: number }) => c.rows), [8]);
});

test("caches of both earlier layouts (<source>/<symbol>/<kind>-<tf>-<hash>.parquet, then one Hive file per key) are split into day files on first use, offline too", async () => {
  for (const layout of ["legacy", "hive"] as const) {
    const cacheDir = join(root, `old-${layout}`);
    const { asked, fetch } = source();
    const whole = layout === "legacy" ? legacyCacheFile(key, cacheDir) : cacheFile(key, cacheDir);
    writeWholeFile(whole, key, [-6, 30], "2025-11-30T00:00:00Z");
    const again = await cachedLoad(key, { from: T0 + H, to: T0 + 5 * H }, fetch, { cacheDir, offline: true, now: () => NOW });
    assert.equal(asked.length, 0, "served from the old file, nothing fetched");
    assert.deepEqual([...again.numbers("time")], [1, 2, 3, 4].map((i) => T0 + i * H));
    assert.equal(provenanceOf(again)!.fetchedAt, "2025-11-30T00:00:00Z", "provenance kept");
    assert.ok(!existsSync(whole) && !existsSync(cacheFile(key, cacheDir)), `${layout}: the whole file is gone once split`);
    const days = [-1, 0, 1].map((d) => cacheDayFile(key, cacheDir, T0 + d * 24 * H));
    assert.deepEqual(await Promise.all(days.map(async (f) => (await footer(f)).covered.map((c: { from: string; to: string; rows: number }) => [c.from, c.to, c.rows]))), [
      [["2025-10-09T18:00:00Z", "2025-10-10T00:00:00Z", 6]],
      [["2025-10-10T00:00:00Z", "2025-10-11T00:00:00Z", 24]],
      [["2025-10-11T00:00:00Z", "2025-10-11T06:00:00Z", 6]],
    ]);
    const all = await cachedLoad(key, { from: T0 - 6 * H, to: T0 + 30 * H }, fetch, { cacheDir, offline: true, now: () => NOW });
    assert.equal(all.length, 36);
    assert.deepEqual(provenanceOf(all)!.covered, [{ from: "2025-10-09T18:00:00Z", to: "2025-10-11T06:00:00Z", fetchedAt: "2025-11-30T00:00:00Z", rows: 36 }]);
  }
});

test("migrateCache splits every whole-file key of the cache, first layout included; a file whose footer names no key is an error naming it", async () => {
  const cacheDir = join(root, "migrate-all");
  const eth: CacheKey = { ...key, symbol: "ETH/USDT" };
  const sol: CacheKey = { ...key, symbol: "SOL/USDT" };
  writeWholeFile(cacheFile(key, cacheDir), key, [0, 24], "2025-11-30T00:00:00Z");
  writeWholeFile(cacheFile(eth, cacheDir), eth, [24, 48], "2025-11-30T00:00:00Z");
  writeWholeFile(legacyCacheFile(sol, cacheDir), sol, [0, 48], "2025-11-30T00:00:00Z");
  assert.equal(unsplitCacheFiles(cacheDir).length, 2);
  assert.deepEqual((await migrateCache({ cacheDir })).sort(), [cacheFile(key, cacheDir), cacheFile(eth, cacheDir), legacyCacheFile(sol, cacheDir)].sort());
  assert.deepEqual(unsplitCacheFiles(cacheDir), []);
  assert.ok(existsSync(cacheDayFile(key, cacheDir, T0)) && existsSync(cacheDayFile(eth, cacheDir, T0 + 24 * H)));
  assert.ok(existsSync(cacheDayFile(sol, cacheDir, T0)) && existsSync(cacheDayFile(sol, cacheDir, T0 + 24 * H)) && !existsSync(legacyCacheFile(sol, cacheDir)));
  const stray = join(cacheFolder(key, cacheDir), "part-00000000.parquet");
  writeParquet(stray, Frame.fromColumns({ time: [T0] }, { types: { time: "time" } }));
  await assert.rejects(migrateCache({ cacheDir }), (e: Error) => e.message.includes(stray) && /no readable cascade.provenance footer/.test(e.message));
});

test("a long load reads its day files into one frame: the same rows in the same order as each day file read and stacked; an unsorted day is sorted; a bad day file is named", async () => {
  const cacheDir = join(root, "long");
  const D = 24 * H;
  const liqs: CacheKey = { source: "testex", symbol: "BTC/USDT", kind: "liquidations", timeframe: "" };
  // Events at seeded times (several per hour, none on some days), with strings.
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const fetch = async ({ from, to }: TimeRange) => {
    const time: number[] = [];
    for (let t = from; t < to; t += 20 * 60_000) if (Math.floor((t - T0) / D) % 9 !== 4 && random() < 0.7) time.push(t + Math.floor(random() * 60_000));
    return Frame.fromColumns({ time, usd: time.map(() => Math.round(random() * 1e6)), side: time.map(() => (random() < 0.5 ? "long" : "short")) }, { types: { time: "time", side: "string" } });
  };
  const first = await cachedLoad(liqs, { from: T0, to: T0 + 40 * D }, fetch, { cacheDir, now: () => NOW });
  const files = provenanceOf(first)!.cacheFiles!;
  assert.equal(files.length, 40, "a file for every day, empty days too");
  const stacked = async () => concatFrames(await Promise.all(files.map(async (f) => (await readParquetWithMetadata(f)).frame)));
  const columns = (f: Frame) => ({ time: [...f.numbers("time")], usd: [...f.numbers("usd")], side: [...f.strings("side")] });
  const offline = { cacheDir, offline: true, now: () => NOW };
  const again = await cachedLoad(liqs, { from: T0, to: T0 + 40 * D }, fetch, offline);
  assert.deepEqual(columns(again), columns(await stacked()));
  assert.deepEqual(columns(again), columns(first));
  assert.deepEqual(provenanceOf(again)!.cacheFiles, files);
  assert.deepEqual(provenanceOf(again)!.covered, provenanceOf(first)!.covered);
  // A part of the range: the same rows as the whole, cut.
  const part = await cachedLoad(liqs, { from: T0 + 3 * D + 5 * H, to: T0 + 30 * D }, fetch, offline);
  const t = first.numbers("time");
  const a = t.findIndex((x) => x >= T0 + 3 * D + 5 * H);
  const b = t.findIndex((x) => x >= T0 + 30 * D);
  assert.deepEqual(columns(part), columns(first.slice(a, b)));
  // A day file another writer left unsorted: read sorted, the other days as they were.
  const day7 = files[7];
  const { frame: rows7, metadata } = await readParquetWithMetadata(day7);
  assert.ok(rows7.length > 2);
  writeParquet(day7, rows7.take(Array.from({ length: rows7.length }, (_, i) => rows7.length - 1 - i)), { metadata });
  const unsorted = await cachedLoad(liqs, { from: T0, to: T0 + 40 * D }, fetch, offline);
  assert.deepEqual([...unsorted.numbers("time")], [...t]);
  assert.deepEqual([...unsorted.numbers("usd")].sort(), [...first.numbers("usd")].sort());
  // A damaged day file among good ones: the error names it.
  writeFileSync(files[20], "not parquet");
  await assert.rejects(cachedLoad(liqs, { from: T0, to: T0 + 40 * D }, fetch, offline), (e: Error) => e.message.includes(files[20]) && !e.message.includes(files[7]));
});
