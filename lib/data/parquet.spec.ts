import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { readParquet, readParquetWithMetadata, toParquet, writeParquet, writeAtomic } from "./parquet";
import { Frame } from "../frame";
import { seededRandom } from "../random";

const dir = mkdtempSync(join(tmpdir(), "cascade-parquet-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2025, 9, 10, 21);

test("a frame round-trips: numbers, times (as time), strings, missing values, key-value metadata", async () => {
  const f = Frame.fromColumns(
    { time: [T0, T0 + 3_600_000, NaN], close: [113_976.5, NaN, -0.25], venue: ["binance", null, ""] },
    { types: { time: "time" } },
  );
  const path = join(dir, "round.parquet");
  writeParquet(path, f, { metadata: { source: "test", rows: "3" } });
  const { frame, metadata } = await readParquetWithMetadata(path);
  assert.deepEqual(frame.schema, f.schema);
  assert.deepEqual([...frame.numbers("time")], [T0, T0 + 3_600_000, NaN]);
  assert.deepEqual([...frame.numbers("close")], [113_976.5, NaN, -0.25]);
  assert.deepEqual(frame.strings("venue"), ["binance", null, ""]);
  assert.equal(metadata.source, "test");
  assert.deepEqual((await readParquet(path, { columns: ["venue", "time"] })).columns, ["venue", "time"]);
  assert.equal((await readParquet(path)).length, 3);
  // no temporary file left behind
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("round")), ["round.parquet"]);
});

test("a larger seeded frame round-trips exactly, across row groups", async () => {
  const random = seededRandom(9);
  const n = 25_000;
  const f = Frame.fromColumns(
    { time: Float64Array.from({ length: n }, (_, i) => T0 + i * 60_000), price: Float64Array.from({ length: n }, () => 80_000 + random() * 50_000), side: Array.from({ length: n }, () => (random() < 0.5 ? "long" : "short")) },
    { types: { time: "time" } },
  );
  const path = join(dir, "big.parquet");
  writeParquet(path, f, { rowGroupSize: 10_000 });
  const back = await readParquet(path);
  assert.deepEqual(back.numbers("time"), f.numbers("time"));
  assert.deepEqual(back.numbers("price"), f.numbers("price"));
  assert.deepEqual(back.strings("side"), f.strings("side"));
});

test("reads what other writers write: ints, booleans, floats, micro-second timestamps, dates", async () => {
  const path = join(dir, "other.parquet");
  parquetWriteFile({
    filename: path,
    columnData: [
      { name: "i32", data: new Int32Array([1, -2]), type: "INT32" },
      { name: "i64", data: new BigInt64Array([5n, 6n]), type: "INT64" },
      { name: "flag", data: [true, false], type: "BOOLEAN" },
      { name: "f32", data: new Float32Array([0.5, 1.5]), type: "FLOAT" },
    ],
  });
  const f = await readParquet(path);
  assert.deepEqual(f.schema.map((c) => c.type), ["number", "number", "number", "number"]);
  assert.deepEqual([...f.numbers("i64")], [5, 6]);
  assert.deepEqual([...f.numbers("flag")], [1, 0]);
  const micros = join(dir, "micros.parquet");
  parquetWriteFile({
    filename: micros,
    columnData: [{ name: "ts", data: [BigInt(T0) * 1000n, null] }, { name: "day", data: [new Date(Date.UTC(2025, 10, 21)), null] }],
    schema: [
      { name: "root", num_children: 2 },
      { name: "ts", type: "INT64", repetition_type: "OPTIONAL", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" } },
      { name: "day", type: "INT32", repetition_type: "OPTIONAL", converted_type: "DATE" },
    ],
  });
  const m = await readParquet(micros);
  assert.deepEqual(m.schema, [{ name: "ts", type: "time" }, { name: "day", type: "time" }]);
  assert.deepEqual([...m.numbers("ts")], [T0, NaN]);
  assert.equal(m.numbers("day")[0], Date.UTC(2025, 10, 21));
});

test("polars reads our files with the same types (times as UTC datetimes)", () => {
  const pl = require("nodejs-polars");
  const path = join(dir, "polars.parquet");
  writeParquet(path, Frame.fromColumns({ time: [T0], close: [1.5], venue: ["bybit"] }, { types: { time: "time" } }));
  const df = pl.readParquet(path);
  assert.deepEqual(df.dtypes.map(String), ["DataType(Datetime(ms,UTC))", "DataType(Float64)", "DataType(String)"]);
  const [row] = df.toRecords();
  assert.equal(row.time.getTime(), T0);
  assert.equal(row.close, 1.5);
  assert.equal(row.venue, "bybit");
});

test("bad input: errors name the file", async () => {
  const garbage = join(dir, "garbage.parquet");
  writeFileSync(garbage, "not a parquet file at all");
  await assert.rejects(readParquet(garbage), (e: Error) => e.message.includes(garbage));
  const truncated = join(dir, "truncated.parquet");
  const bytes = toParquet(Frame.fromColumns({ x: [1, 2, 3] }));
  writeFileSync(truncated, bytes.subarray(0, bytes.length - 9));
  await assert.rejects(readParquet(truncated), (e: Error) => e.message.includes(truncated));
  await assert.rejects(readParquet(join(dir, "missing.parquet")), /missing\.parquet: no such file/);
  await assert.rejects(readParquet(join(dir, "round.parquet"), { columns: ["nope"] }), /round\.parquet: no column "nope"/);
  assert.throws(() => writeParquet(join(dir, "no-such-dir", "x.parquet"), Frame.fromColumns({ x: [1] })), /no-such-dir\/x\.parquet/);
  assert.throws(() => writeAtomic(join(dir, "no-such-dir", "y"), "z"), /no-such-dir\/y/);
});

test("every frame type round-trips through the writer and reader: nulls, unicode, empty frames, many row groups", async () => {
  const random = seededRandom(15);
  const n = 70_001; // more than one reader batch and several row groups
  const time = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : T0 - 5e11 + i * 1_000_003)); // before and after 1970... and nulls
  time[1] = -86_400_000 * 365 * 30; // 1940: negative epoch milliseconds
  time[2] = 2 ** 52; // far future, still exact
  const price = Float64Array.from({ length: n }, (_, i) => (i % 89 === 0 ? NaN : (random() - 0.5) * 1e6));
  price[3] = Number.MAX_VALUE;
  price[4] = -0.000001;
  price[5] = Infinity;
  const words = ["long", "short", "ünïcødé ✓", "", "日本語", "emoji 🚀"];
  const note = Array.from({ length: n }, (_, i) => (i % 83 === 0 ? null : words[i % words.length]));
  const ascii = Array.from({ length: n }, (_, i) => (i % 71 === 0 ? null : `v${i % 13}`));
  const f = new Frame([
    { name: "time", type: "time", values: time },
    { name: "price", type: "number", values: price },
    { name: "note", type: "string", values: note },
    { name: "ascii", type: "string", values: ascii },
  ]);
  const path = join(dir, "types.parquet");
  writeParquet(path, f, { rowGroupSize: 20_000, metadata: { k: "v ✓" } });
  const { frame: back, metadata } = await readParquetWithMetadata(path);
  assert.deepEqual(back.schema, f.schema);
  assert.deepEqual(back.numbers("time"), time);
  assert.deepEqual(back.numbers("price"), price);
  assert.deepEqual(back.strings("note"), note);
  assert.deepEqual(back.strings("ascii"), ascii);
  assert.deepEqual(metadata, { k: "v ✓" }, "user metadata only: the writer's Arrow schema key is not shown");
  // A column subset in a different order, read from several row groups.
  const sub = await readParquet(path, { columns: ["ascii", "time"] });
  assert.deepEqual(sub.columns, ["ascii", "time"]);
  assert.deepEqual(sub.numbers("time"), time);

  // No rows, and no columns at all.
  const empty = new Frame([{ name: "t", type: "time", values: new Float64Array(0) }, { name: "s", type: "string", values: [] }, { name: "x", type: "number", values: new Float64Array(0) }]);
  writeParquet(join(dir, "empty.parquet"), empty);
  const emptyBack = await readParquet(join(dir, "empty.parquet"));
  assert.deepEqual(emptyBack.schema, empty.schema);
  assert.equal(emptyBack.length, 0);
  writeParquet(join(dir, "none.parquet"), new Frame([]), { metadata: { a: "b" } });
  const none = await readParquetWithMetadata(join(dir, "none.parquet"));
  assert.equal(none.frame.schema.length, 0);
  assert.equal(none.metadata.a, "b");
  assert.throws(() => toParquet(f, { rowGroupSize: 0 }), /rowGroupSize must be a positive whole number, got 0/);
});

test("a file the WebAssembly path does not convert (booleans with nulls, decimals) is read by the fallback, same values", async () => {
  const path = join(dir, "fallback.parquet");
  parquetWriteFile({
    filename: path,
    columnData: [
      { name: "flag", data: [true, null, false], type: "BOOLEAN" },
      { name: "s", data: ["a", null, "c"], type: "STRING" },
    ],
  });
  const f = await readParquet(path);
  assert.deepEqual([...f.numbers("flag")], [1, NaN, 0]);
  assert.deepEqual(f.strings("s"), ["a", null, "c"]);
});
