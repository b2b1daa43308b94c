/**
 * The direct Parquet writer and reader against independent implementations that run here:
 * nodejs-polars (Rust), DuckDB (C++), parquet-wasm (Rust arrow-rs) and hyparquet (JavaScript).
 * Files we write must read back with equal values in each of them; files they write must read
 * with equal values in ours.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import type * as ArrowModule from "apache-arrow";
import type * as ParquetWasm from "parquet-wasm";
import { readParquet, readParquetWithMetadata, readsDirectly, toParquet, toParquetWasm, writeParquet } from "./parquet";
import { Frame } from "../frame";
import { toArrow } from "../arrow";
import { seededRandom } from "../random";

const dir = mkdtempSync(join(tmpdir(), "cascade-parquet-direct-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2025, 9, 10, 21);
const N = 50_001;
const GROUP = 20_000; // three row groups, the last one short

/** A seeded frame with every edge a frame column can hold. */
function edgeFrame(): Frame {
  const random = seededRandom(42);
  const time = Float64Array.from({ length: N }, (_, i) => (i % 97 === 5 ? NaN : T0 + i * 60_000));
  time[1] = -86_400_000 * 365 * 30; // before 1970
  time[2] = 2 ** 52; // far future, exact
  time[3] = T0 + 0.6; // fractional milliseconds: stored rounded
  const price = Float64Array.from({ length: N }, (_, i) => (i % 89 === 7 ? NaN : (random() - 0.5) * 1e6));
  price[0] = -0;
  price[1] = Number.MAX_VALUE;
  price[2] = Infinity;
  price[3] = -Infinity;
  price[4] = 5e-324;
  const words = ["long", "short", "ünïcødé ✓", "", "日本語", "emoji 🚀"];
  const note = Array.from({ length: N }, (_, i) => (i % 83 === 1 ? null : words[i % words.length]));
  // Long distinct values: the dictionary outgrows its limit, so these chunks are PLAIN.
  const id = Array.from({ length: N }, (_, i) => (i % 61 === 2 ? null : `${i % 1000 === 0 ? "é" : ""}${String(i).padStart(70, "x")}`));
  const ascii = Array.from({ length: N }, (_, i) => `v${i}`); // plain ASCII, no nulls, distinct
  const gone = new Float64Array(N).fill(NaN); // all missing
  // Few distinct numbers: dictionary-encoded, a few bits a row.
  const side = Float64Array.from({ length: N }, (_, i) => (i % 53 === 9 ? NaN : (i % 3 ? 1 : -1) * (i % 5 === 0 ? 0.5 : 1)));
  return new Frame([
    { name: "time", type: "time", values: time },
    { name: "price", type: "number", values: price },
    { name: "note", type: "string", values: note },
    { name: "id", type: "string", values: id },
    { name: "ascii", type: "string", values: ascii },
    { name: "gone", type: "number", values: gone },
    { name: "side", type: "number", values: side },
  ]);
}

/** What an independent reader should see: nulls for missing values, times rounded to ms. */
function expected(f: Frame): Record<string, (number | string | null)[]> {
  const out: Record<string, (number | string | null)[]> = {};
  for (const { name, type } of f.schema) {
    if (type === "string") out[name] = [...f.strings(name)];
    else out[name] = [...f.numbers(name)].map((v) => (Number.isNaN(v) ? null : type === "time" ? Math.round(v) : v));
  }
  return out;
}

const f = edgeFrame();
const want = expected(f);
const ours = join(dir, "ours.parquet");
writeParquet(ours, f, { rowGroupSize: GROUP, metadata: { source: "test ✓", rows: String(N) } });
const bytes = readFileSync(ours);

test("our file reads back in ours exactly, through the direct path", async () => {
  assert.equal(readsDirectly(bytes), true);
  const { frame, metadata } = await readParquetWithMetadata(ours);
  assert.deepEqual(frame.schema, f.schema);
  for (const { name, type } of f.schema) {
    if (type === "string") assert.deepEqual(frame.strings(name), f.strings(name), name);
    else assert.deepEqual([...frame.numbers(name)], want[name].map((v) => (v === null ? NaN : v)), name);
  }
  assert.deepEqual(metadata, { source: "test ✓", rows: String(N) });
  const sub = await readParquet(ours, { columns: ["note", "time"] });
  assert.deepEqual(sub.columns, ["note", "time"]);
  assert.deepEqual(sub.strings("note"), f.strings("note"));
});

test("hyparquet reads our file: same values, nulls, times, metadata, row groups", async () => {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  assert.equal(meta.row_groups.length, 3);
  assert.deepEqual(meta.key_value_metadata, [{ key: "source", value: "test ✓" }, { key: "rows", value: String(N) }]);
  const encodings = (name: string) => meta.row_groups[0].columns.find((c) => c.meta_data!.path_in_schema[0] === name)!.meta_data!.encodings;
  assert.ok(encodings("note").includes("RLE_DICTIONARY"), "repeating strings: a dictionary");
  assert.ok(!encodings("id").includes("RLE_DICTIONARY"), "long distinct strings: PLAIN");
  assert.ok(encodings("side").includes("RLE_DICTIONARY"), "few distinct numbers: a dictionary");
  assert.ok(!encodings("price").includes("RLE_DICTIONARY"), "many distinct numbers: PLAIN");
  // Chunk statistics: exact minimum and maximum (a zero minimum as -0, a zero maximum as +0), null counts.
  meta.row_groups.forEach((group, g) => {
    for (const chunk of group.columns) {
      const name = chunk.meta_data!.path_in_schema[0];
      const values = want[name].slice(g * GROUP, (g + 1) * GROUP);
      const stats = chunk.meta_data!.statistics!;
      assert.equal(Number(stats.null_count), values.filter((v) => v === null).length, `${name} ${g}`);
      if (name !== "price" && name !== "time" && name !== "side") continue;
      const present = values.filter((v) => v !== null) as number[];
      const lo = Math.min(...present);
      const hi = Math.max(...present);
      const asNumber = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v));
      assert.equal(asNumber(stats.min_value), lo === 0 ? -0 : lo, `${name} min, row group ${g}`);
      assert.equal(asNumber(stats.max_value), hi === 0 ? 0 : hi, `${name} max, row group ${g}`);
    }
  });
  const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
  assert.equal(rows.length, N);
  for (const name of Object.keys(want)) {
    const got = rows.map((r) => {
      const v = r[name];
      return v instanceof Date ? v.getTime() : (v as number | string | null);
    });
    assert.deepEqual(got, want[name], name);
  }
});

test("parquet-wasm (arrow-rs) reads our file: same values and Arrow types", () => {
  const pw = require("parquet-wasm") as typeof ParquetWasm;
  const A = require("apache-arrow") as typeof ArrowModule;
  const table = A.tableFromIPC(pw.readParquet(bytes).intoIPCStream());
  assert.equal(String(table.schema.fields.find((x) => x.name === "time")!.type), "Timestamp<MILLISECOND, UTC>");
  for (const name of Object.keys(want)) {
    const v = table.getChild(name)!;
    const got: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const x = v.get(i) as unknown;
      got.push(typeof x === "bigint" ? Number(x) : x);
    }
    assert.deepEqual(got, want[name], name);
  }
});

test("nodejs-polars reads our file: same values, Datetime(ms, UTC), Float64, String", () => {
  const pl = require("nodejs-polars");
  const df = pl.readParquet(ours);
  assert.deepEqual(df.dtypes.map(String), ["DataType(Datetime(ms,UTC))", "DataType(Float64)", "DataType(String)", "DataType(String)", "DataType(String)", "DataType(Float64)", "DataType(Float64)"]);
  for (const name of Object.keys(want)) {
    const got = (df.getColumn(name).toArray() as unknown[]).map((v) => (v instanceof Date ? v.getTime() : v));
    assert.deepEqual(got, want[name], name);
  }
});

async function duck() {
  const { DuckDBInstance } = require("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  return db.connect();
}

test("DuckDB reads our file: same values, TIMESTAMP WITH TIME ZONE, metadata, and row-group statistics it can use", async () => {
  const c = await duck();
  const types = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${ours}')`)).getRowObjectsJS().map((r: Record<string, unknown>) => r.column_type);
  assert.deepEqual(types, ["TIMESTAMP WITH TIME ZONE", "DOUBLE", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "DOUBLE"]);
  const rows = (await c.runAndReadAll(`SELECT epoch_ms("time")::DOUBLE AS "time", price, note, id, ascii, gone, side FROM read_parquet('${ours}') ORDER BY file_row_number`)).getRowObjectsJS() as Record<string, unknown>[];
  assert.equal(rows.length, N);
  for (const name of Object.keys(want)) assert.deepEqual(rows.map((r) => r[name]), want[name], name);
  const kv = (await c.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${ours}')`)).getRowObjectsJS();
  assert.deepEqual(kv, [{ k: "source", v: "test ✓" }, { k: "rows", v: String(N) }]);
  // Statistics: null counts for every chunk; min and max of the price chunks equal the values'.
  const stats = (await c.runAndReadAll(`SELECT row_group_id AS g, path_in_schema AS col, stats_null_count AS nulls, stats_min_value AS lo, stats_max_value AS hi FROM parquet_metadata('${ours}') ORDER BY g, column_id`)).getRowObjectsJS() as { g: bigint; col: string; nulls: bigint; lo: string | null; hi: string | null }[];
  assert.equal(stats.length, 3 * 7);
  for (const s of stats) {
    const g = Number(s.g);
    const values = want[s.col].slice(g * GROUP, (g + 1) * GROUP);
    assert.equal(Number(s.nulls), values.filter((v) => v === null).length, `${s.col} row group ${g}`);
    if (s.col === "price" || s.col === "time") {
      const present = values.filter((v) => v !== null) as number[];
      const [lo, hi] = [Math.min(...present), Math.max(...present)];
      // DuckDB leaves infinite bounds out (it shows no minimum then); hyparquet shows them all, below.
      if (s.col === "price") assert.equal(s.lo === null ? -Infinity : Number(s.lo), lo, `price min, row group ${g}`);
      if (s.col === "price") assert.equal(s.hi === null ? Infinity : Number(s.hi), hi, `price max, row group ${g}`);
      if (s.col === "time") assert.equal(Date.parse(s.lo!.replace(" ", "T").replace(/\+00$/, "Z")), lo, `time min, row group ${g}`);
    }
    if (s.col === "gone") assert.equal(s.lo, null);
  }
  // A time filter DuckDB answers from those statistics gives the same rows as the data.
  const inRange = (await c.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${ours}') WHERE "time" >= make_timestamptz(${(T0 + 30_000 * 60_000) * 1000}::BIGINT)`)).getRowObjectsJS()[0].n;
  assert.equal(inRange, (want.time as (number | null)[]).filter((t) => t !== null && t >= T0 + 30_000 * 60_000).length);
});

/** Reads a file other software wrote, and compares columns to what it was given. */
async function assertReads(path: string, columns: Record<string, (number | string | null)[]>, direct: boolean) {
  assert.equal(readsDirectly(readFileSync(path)), direct, `${path} ${direct ? "takes" : "does not take"} the direct path`);
  const frame = await readParquet(path);
  for (const [name, values] of Object.entries(columns)) {
    const got = frame.type(name) === "string" ? frame.strings(name) : [...frame.numbers(name)].map((v) => (Number.isNaN(v) ? null : v));
    assert.deepEqual(got, values, `${path}: ${name}`);
  }
}

const M = 30_000;
const source = {
  d: Array.from({ length: M }, (_, i) => (i % 7 === 0 ? null : i * 0.5 - 1000)),
  i64: Array.from({ length: M }, (_, i) => (i % 11 === 0 ? null : i * 1_000_003 - 7_000_000_000)),
  t: Array.from({ length: M }, (_, i) => (i % 13 === 0 ? null : T0 + i * 1000)),
  s: Array.from({ length: M }, (_, i) => (i % 5 === 0 ? null : ["binance", "bybit", "okx ✓"][i % 3])),
  u: Array.from({ length: M }, (_, i) => `row ${i}`),
};

test("files nodejs-polars writes read with the same values: uncompressed and snappy directly, zstd through the general path", async () => {
  const pl = require("nodejs-polars");
  const df = pl.DataFrame({
    d: pl.Series("d", source.d, pl.Float64),
    i64: pl.Series("i64", source.i64, pl.Int64),
    i32: pl.Series("i32", source.d.map((v) => (v === null ? null : Math.trunc(v) || 0)), pl.Int32),
    f32: pl.Series("f32", source.d, pl.Float32),
    t: pl.Series("t", source.t.map((v) => (v === null ? null : new Date(v))), pl.Datetime("ms")),
    s: pl.Series("s", source.s, pl.Utf8),
    u: pl.Series("u", source.u, pl.Utf8),
  }).withColumns(pl.col("t").fillNull(pl.lit(new Date(T0))).cast(pl.Datetime("us")).alias("t_full_us"), pl.col("t").cast(pl.Datetime("us")).alias("t_us"), pl.col("t").cast(pl.Datetime("ns")).alias("t_ns"), pl.col("t").cast(pl.Date).alias("day"));
  const columns = { d: source.d, i64: source.i64, i32: source.d.map((v) => (v === null ? null : Math.trunc(v) || 0)), f32: source.d, t: source.t, s: source.s, u: source.u, t_us: source.t, t_ns: source.t, t_full_us: source.t.map((v) => v ?? T0), day: source.t.map((v) => (v === null ? null : Math.floor(v / 86_400_000) * 86_400_000)) };
  for (const [compression, direct] of [["uncompressed", true], ["snappy", true], ["zstd", false]] as const) {
    const path = join(dir, `polars-${compression}.parquet`);
    df.writeParquet(path, { compression });
    await assertReads(path, columns, direct);
  }
});

test("files DuckDB writes read with the same values: v1 pages uncompressed and snappy directly, v2 (delta encodings) through the general path", async () => {
  const c = await duck();
  const select = `SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5 - 1000 END::DOUBLE AS d,
      CASE WHEN i % 11 = 0 THEN NULL ELSE i * 1000003 - 7000000000 END::BIGINT AS i64,
      CASE WHEN i % 13 = 0 THEN NULL ELSE make_timestamptz((${T0} + i * 1000) * 1000) END AS t,
      CASE WHEN i % 13 = 0 THEN NULL ELSE make_timestamp((${T0} + i * 1000) * 1000) END AS t_local,
      CASE WHEN i % 5 = 0 THEN NULL ELSE ['binance', 'bybit', 'okx ✓'][i % 3 + 1] END AS s,
      'row ' || i AS u
    FROM range(${M}) r(i) ORDER BY i`;
  const columns = { d: source.d, i64: source.i64, t: source.t, t_local: source.t, s: source.s, u: source.u };
  for (const [options, direct] of [["COMPRESSION 'uncompressed'", true], ["COMPRESSION 'snappy', ROW_GROUP_SIZE 10000", true], ["COMPRESSION 'uncompressed', PARQUET_VERSION V2", false]] as const) {
    const path = join(dir, `duckdb-${direct}-${options.length}.parquet`);
    await c.run(`COPY (${select}) TO '${path}' (FORMAT parquet, ${options})`);
    await assertReads(path, columns, direct);
  }
});

test("files parquet-wasm writes (snappy, dictionary strings, Arrow schema) read directly with the same values", async () => {
  const path = join(dir, "wasm.parquet");
  writeFileSync(path, toParquetWasm(f, { rowGroupSize: GROUP, metadata: { a: "b" } }));
  await assertReads(path, want, true);
  assert.deepEqual((await readParquetWithMetadata(path)).metadata, { a: "b" });
});

test("arrow-rs files with many small pages, v1 and v2 data pages, dictionary or not: same values; direct unless delta-encoded", async () => {
  const pw = require("parquet-wasm") as typeof ParquetWasm;
  const A = require("apache-arrow") as typeof ArrowModule;
  const numeric = ["time", "price", "gone", "side"];
  const numbersOnly = new Frame(numeric.map((name) => ({ name, type: f.type(name), values: f.column(name) }) as never));
  const wantNumbers = Object.fromEntries(numeric.map((name) => [name, want[name]]));
  const { V1, V2 } = pw.WriterVersion;
  const { UNCOMPRESSED, SNAPPY } = pw.Compression;
  // arrow-rs writes v2 pages without a dictionary as DELTA_BYTE_ARRAY (strings) and
  // DELTA_BINARY_PACKED (INT64): the general path reads those.
  const cases = [
    [f, want, V1, false, UNCOMPRESSED, true],
    [f, want, V1, true, SNAPPY, true],
    [numbersOnly, wantNumbers, V2, true, SNAPPY, true],
    [numbersOnly, wantNumbers, V2, true, UNCOMPRESSED, true],
    [f, want, V2, false, UNCOMPRESSED, false],
  ] as const;
  for (const [frame, values, version, dictionary, compression, direct] of cases) {
    const props = new pw.WriterPropertiesBuilder().setWriterVersion(version).setDictionaryEnabled(dictionary).setCompression(compression).setDataPageSizeLimit(4096).setMaxRowGroupSize(GROUP).build();
    const path = join(dir, `arrow-rs-${frame.schema.length}-${version}-${dictionary}-${compression}.parquet`);
    writeFileSync(path, pw.writeParquet(pw.Table.fromIPCStream(A.tableToIPC(toArrow(frame), "stream")), props));
    await assertReads(path, values, direct);
  }
});

test("a frame with no rows, or no columns, writes a file the other readers open", async () => {
  const empty = new Frame([{ name: "t", type: "time", values: new Float64Array(0) }, { name: "s", type: "string", values: [] }, { name: "x", type: "number", values: new Float64Array(0) }]);
  const path = join(dir, "empty.parquet");
  writeParquet(path, empty);
  const pl = require("nodejs-polars");
  const df = pl.readParquet(path);
  assert.equal(df.height, 0);
  assert.deepEqual(df.columns, ["t", "s", "x"]);
  const c = await duck();
  assert.equal((await c.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`)).getRowObjectsJS()[0].n, 0);
  const back = await readParquet(path);
  assert.deepEqual(back.schema, empty.schema);
  writeFileSync(join(dir, "none.parquet"), toParquet(new Frame([]), { metadata: { a: "b" } }));
  const { frame, metadata } = await readParquetWithMetadata(join(dir, "none.parquet"));
  assert.equal(frame.schema.length, 0);
  assert.deepEqual(metadata, { a: "b" });
});

test("a damaged page is an error naming the file, not a crash or a hang", async () => {
  const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const at = Number(meta.row_groups[0].columns[1].meta_data!.data_page_offset);
  for (const [what, damage] of [
    ["a page header of garbage", (b: Uint8Array) => b.fill(0xff, at, at + 40)],
    ["a page size past its chunk", (b: Uint8Array) => b.set([0x15, 0x00, 0x15, 0xfe, 0xff, 0xff, 0xff, 0x0f], at)],
  ] as const) {
    const copy = Uint8Array.from(bytes);
    damage(copy);
    const path = join(dir, `damaged-${what.length}.parquet`);
    writeFileSync(path, copy);
    await assert.rejects(readParquet(path), (e: Error) => e.message.includes(path), what);
  }
});
