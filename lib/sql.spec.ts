import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cacheDataset, closeSql, configureSql, explain, loadDuckDB, query, registerFrame, sql, sqlSetting, sqlText, SqlEngineMissingError, SqlError } from "./sql";
import { Frame } from "./frame";
import { resample } from "./resample";
import { seededRandom } from "./random";
import { cachedLoad, cacheDayFile, cacheFile, type CacheKey } from "./data/cache";
import { writeParquet } from "./data/parquet";

const dir = mkdtempSync(join(tmpdir(), "cascade-sql-spec-"));
after(async () => {
  await closeSql();
  rmSync(dir, { recursive: true, force: true });
});
const T0 = Date.UTC(2025, 9, 10, 21);

/** Seeded trades: strictly increasing times (so first/last are defined), prices, sizes, sides. */
function trades(n: number, seed = 7): Frame {
  const random = seededRandom(seed);
  let t = T0;
  let p = 113_000;
  const time = new Float64Array(n);
  const price = new Float64Array(n);
  const qty = new Float64Array(n);
  const side: string[] = [];
  for (let i = 0; i < n; i++) {
    t += 1 + Math.floor(random() * 900);
    p *= 1 + (random() - 0.5) * 0.001;
    time[i] = t;
    price[i] = Math.round(p * 10) / 10;
    qty[i] = Math.round(random() * 5000) / 1000;
    side.push(random() < 0.5 ? "buy" : "sell");
  }
  return new Frame([
    { name: "time", type: "time", values: time },
    { name: "price", type: "number", values: price },
    { name: "qty", type: "number", values: qty },
    { name: "side", type: "string", values: side },
  ]);
}

test("1-minute candles in SQL equal the library's resample of the same trades", async () => {
  const f = trades(20_000);
  await registerFrame("trades", f);
  const bySql = await query(`
    select time_bucket(interval 1 minute, time) as time,
           arg_min(price, time) as open, max(price) as high, min(price) as low, arg_max(price, time) as close,
           sum(qty) as volume
    from trades group by 1 order by 1`);
  const p = f.numbers("price");
  const candles = resample(
    new Frame([
      { name: "time", type: "time", values: f.numbers("time") },
      { name: "open", type: "number", values: p },
      { name: "high", type: "number", values: p },
      { name: "low", type: "number", values: p },
      { name: "close", type: "number", values: p },
      { name: "volume", type: "number", values: f.numbers("qty") },
    ]),
    "1m",
  );
  assert.deepEqual(bySql.schema, candles.schema, "time comes back as time, the rest as numbers");
  assert.equal(bySql.length, candles.length);
  assert.deepEqual(bySql.numbers("time"), candles.numbers("time"));
  for (const c of ["open", "high", "low", "close"]) assert.deepEqual(bySql.numbers(c), candles.numbers(c), c);
  const a = bySql.numbers("volume");
  const b = candles.numbers("volume");
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-9, `volume at ${i}: ${a[i]} vs ${b[i]}`);
  // Strings and counts come back too.
  const sides = await query("select side, count(*) as n from trades group by side order by side");
  assert.deepEqual(sides.strings("side"), ["buy", "sell"]);
  const buys = f.strings("side").filter((s) => s === "buy").length;
  assert.deepEqual([...sides.numbers("n")], [buys, f.length - buys]);
});

test("parameters are bound, never spliced: an injection attempt stays a value", async () => {
  await registerFrame("venues", Frame.fromColumns({ venue: ["binance", "bybit", "x' or '1'='1"], oi: [1, 2, 3] }));
  const evil = "nope' or '1'='1";
  assert.equal((await query("select * from venues where venue = $1", [evil])).length, 0);
  assert.equal((await sql`select * from venues where venue = ${evil}`).length, 0);
  const exact = await sql`select oi from venues where venue = ${"x' or '1'='1"}`;
  assert.deepEqual([...exact.numbers("oi")], [3], "the quote-laden value matches itself, as a value");
  const dropAttempt = "binance'; drop view venues; --";
  assert.equal((await sql`select * from venues where venue = ${dropAttempt}`).length, 0);
  assert.equal((await query("select count(*) as n from venues")).numbers("n")[0], 3, "the view is still there");
  assert.deepEqual(sqlText`select ${1} + ${"a"}`, { text: "select $1 + $2", params: [1, "a"] });
  const when = await sql`select ${new Date(T0)} as t, ${2.5} * 2 as x, ${null}::double as missing`;
  assert.equal(when.numbers("t")[0], T0);
  assert.equal(when.numbers("x")[0], 5);
  assert.ok(Number.isNaN(when.numbers("missing")[0]));
  await assert.rejects(query("select $1", [{} as never]), /parameter \$1 is an object/);
});

test("bad SQL is DuckDB's message with the query's line and column", async () => {
  await assert.rejects(query("select 1\nfrom venues\nwher oi > 1"), (e: Error) => {
    assert.ok(e instanceof SqlError);
    assert.match(e.message, /syntax error at or near "oi"/);
    assert.equal((e as SqlError).line, 3);
    assert.equal((e as SqlError).column, 6);
    assert.match(e.message, /\(line 3, column 6\)\n  wher oi > 1\n       \^/);
    return true;
  });
  await assert.rejects(query("select *\n  from no_such_table"), (e: Error) => e instanceof SqlError && /no_such_table does not exist/.test(e.message) && (e as SqlError).line === 2 && (e as SqlError).column === 8);
  await assert.rejects(query("  "), /SQL text is empty/);
});

test("statements that are not queries run as they are: create, insert with parameters, show", async () => {
  await query("create or replace table fills (venue varchar, usd double)");
  await query("insert into fills values ($1, $2), ($3, $4)", ["okx", 5, "bybit", 7]);
  const total = await query("-- a comment first\nselect sum(usd) as usd from fills");
  assert.equal(total.numbers("usd")[0], 12);
  const tables = await query("show tables");
  assert.ok(tables.strings("name").includes("fills"), tables.strings("name").join(","));
  await assert.rejects(query("create table fills (x int)"), (e: Error) => e instanceof SqlError && /already exists/.test(e.message));
});

test("explain shows DuckDB's plan", async () => {
  const plan = await explain("select venue from venues where oi > $1", [1]);
  assert.match(plan.text, /FILTER|SEQ_SCAN|READ_PARQUET|PARQUET_SCAN|TABLE_SCAN/);
  const shown = (plan as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
  assert.match(shown["text/html"], /^<pre/);
});

test("memory limit and spill folder are settings; a sort past the limit spills and finishes", async () => {
  const spill = join(dir, "spill");
  await configureSql({ memoryLimit: "64MB", tempDirectory: spill, threads: 1 });
  assert.equal(await sqlSetting("memory_limit"), "61.0 MiB");
  assert.equal(await sqlSetting("temp_directory"), spill);
  // ~5M rows x 3 wide columns sorted: far more than 64 MB in memory.
  const r = await query("select count(*) as n, max(k) as top from (select i, md5(i::varchar) as k, random() as r from range(5000000) t(i) order by k)");
  assert.equal(r.numbers("n")[0], 5_000_000);
  assert.equal(typeof r.strings("top")[0], "string");
  await assert.rejects(configureSql({ memoryLimit: "lots" }), /memoryLimit must be a size like "512MB"/);
  await configureSql({ memoryLimit: "1GB", threads: 2 });
});

test("cacheDataset: the cache is a Hive-partitioned dataset DuckDB reads, partition columns included", async () => {
  const cacheDir = join(dir, "cache");
  const H = 3_600_000;
  for (const symbol of ["BTC/USDT", "ETH/USDT"]) {
    await cachedLoad({ source: "testex", symbol, kind: "candles", timeframe: "1h" }, { from: T0, to: T0 + 24 * H }, async ({ from, to }) => {
      const time: number[] = [];
      for (let t = Math.ceil(from / H) * H; t < to; t += H) time.push(t);
      return Frame.fromColumns({ time, close: time.map((t) => (symbol.startsWith("BTC") ? 100_000 : 4_000) + (t - T0) / H) }, { types: { time: "time" } });
    }, { cacheDir, now: () => Date.UTC(2025, 11, 1) });
  }
  const glob = cacheDataset("candles", { cacheDir });
  assert.equal(glob, join(cacheDir, "candles", "source=*", "symbol=*", "timeframe=*", "day=*", "*.parquet"));
  const r = await query("select source, symbol, timeframe, count(*) as n, max(close) as top, count(distinct day) as days from read_parquet($1, hive_partitioning = true) group by all order by symbol", [glob]);
  assert.deepEqual(r.strings("symbol"), ["BTC_USDT", "ETH_USDT"]);
  assert.deepEqual(r.strings("source"), ["testex", "testex"]);
  assert.deepEqual(r.strings("timeframe"), ["1h", "1h"]);
  assert.deepEqual([...r.numbers("n")], [24, 24]);
  assert.deepEqual([...r.numbers("top")], [100_023, 4_023]);
  assert.deepEqual([...r.numbers("days")], [2, 2], "21:00 to 21:00 spans two UTC days");
  // `day` is a date column, each row in the day of its time.
  const d = await query("select any_value(typeof(day)) as type, count(*) filter (where day <> cast(time as date)) as off from read_parquet($1, hive_partitioning = true)", [glob]);
  assert.equal(d.strings("type")[0], "DATE");
  assert.equal(d.numbers("off")[0], 0);
  assert.throws(() => cacheDataset("trades", { cacheDir }), /holds no trades yet/);
});

test("cacheDataset: DuckDB prunes by day (files of other days are never opened), and a filter on day and time gives the rows of both", async () => {
  const cacheDir = join(dir, "cache-days");
  const H = 3_600_000;
  const key: CacheKey = { source: "testex", symbol: "BTC/USDT", kind: "candles", timeframe: "1h" };
  const from = Date.UTC(2025, 9, 10);
  await cachedLoad(key, { from, to: from + 4 * 24 * H }, async ({ from: a, to: b }) => {
    const time: number[] = [];
    for (let t = a; t < b; t += H) time.push(t);
    return Frame.fromColumns({ time, close: time.map((t) => (t - from) / H) }, { types: { time: "time" } });
  }, { cacheDir, now: () => Date.UTC(2025, 11, 1) });
  const glob = cacheDataset("candles", { cacheDir });
  const both = await query("select count(*) as n, min(close) as lo, max(close) as hi from read_parquet($1, hive_partitioning = true) where day between '2025-10-11' and '2025-10-12' and time >= timestamptz '2025-10-11 12:00:00+00'", [glob]);
  assert.deepEqual([both.numbers("n")[0], both.numbers("lo")[0], both.numbers("hi")[0]], [36, 36, 71]);
  // The last day's file (last in the glob's order; DuckDB takes the schema from the first) is
  // damaged: a query filtered on day alone never opens it, one filtered on time alone must.
  writeFileSync(cacheDayFile(key, cacheDir, from + 3 * 24 * H), "not parquet");
  const day = await query("select count(*) as n from read_parquet($1, hive_partitioning = true) where day = '2025-10-11'", [glob]);
  assert.equal(day.numbers("n")[0], 24);
  await assert.rejects(query("select count(*) as n from read_parquet($1, hive_partitioning = true) where time >= timestamptz '2025-10-11 00:00:00+00' and time < timestamptz '2025-10-12 00:00:00+00'", [glob]), /parquet|magic|too small/i);
});

test("cacheDataset: a kind still holding a whole file of the layout before day= is an error naming it and the way out", () => {
  const cacheDir = join(dir, "cache-unsplit");
  const key: CacheKey = { source: "testex", symbol: "BTC/USDT", kind: "candles", timeframe: "1h" };
  mkdirSync(dirname(cacheFile(key, cacheDir)), { recursive: true });
  writeParquet(cacheFile(key, cacheDir), Frame.fromColumns({ time: [T0] }, { types: { time: "time" } }));
  assert.throws(() => cacheDataset("candles", { cacheDir }), (e: Error) => e.message.includes(cacheFile(key, cacheDir)) && /migrateCache\(\)/.test(e.message));
});

test("DuckDB missing: the error says how to add it", () => {
  const empty = mkdtempSync(join(dir, "no-duckdb-"));
  assert.throws(() => loadDuckDB([empty]), (e: Error) => {
    assert.ok(e instanceof SqlEngineMissingError);
    assert.match(e.message, /npm install @duckdb\/node-api/);
    assert.match(e.message, /Cascade: Add SQL Engine/);
    assert.ok(e.message.includes(empty), "names where it looked");
    return true;
  });
});
