import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cachedLoad, cacheFile, legacyCacheFile, CacheMissError, provenanceOf, resolveCacheDir, type CacheKey } from "./cache";
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
  assert.ok(existsSync(p.cacheFile!));

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
  const a = cacheFile(key, "/c");
  const b = cacheFile({ ...key, symbol: "BTC_USDT" }, "/c");
  assert.notEqual(a, b);
  assert.match(a, /^\/c\/candles\/source=testex\/symbol=BTC_USDT\/timeframe=1h\/part-[0-9a-f]{8}\.parquet$/);
  assert.match(legacyCacheFile(key, "/c"), /^\/c\/testex\/BTC_USDT\/candles-1h-[0-9a-f]{8}\.parquet$/);
});

test("a cache written in the old layout (<source>/<symbol>/<kind>-<tf>-<hash>.parquet) keeps serving, offline too, moved into the Hive layout", async () => {
  const cacheDir = join(root, "legacy");
  const { asked, fetch } = source();
  const first = await cachedLoad(key, { from: T0, to: T0 + 24 * H }, fetch, { cacheDir, now: () => NOW });
  const hive = provenanceOf(first)!.cacheFile!;
  const legacy = legacyCacheFile(key, cacheDir);
  mkdirSync(dirname(legacy), { recursive: true });
  renameSync(hive, legacy); // as an earlier version left it
  const again = await cachedLoad(key, { from: T0 + H, to: T0 + 5 * H }, fetch, { cacheDir, offline: true, now: () => NOW });
  assert.equal(asked.length, 1, "served from the old file, nothing fetched");
  assert.deepEqual([...again.numbers("time")], [1, 2, 3, 4].map((i) => T0 + i * H));
  assert.equal(provenanceOf(again)!.fetchedAt, "2025-12-01T00:00:00Z", "provenance kept");
  assert.ok(existsSync(hive) && !existsSync(legacy), "moved into the Hive layout");
});
