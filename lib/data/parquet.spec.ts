import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { readParquet, readParquetFiles, readParquetWithMetadata, toParquet, writeParquet, writeAtomic, writeAtomicMany } from "./parquet";
import { concatFrames } from "./concat";
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

/** A frame's columns as plain arrays, NaN kept (deepEqual tells NaN from a number). */
const columnsOf = (f: Frame) => Object.fromEntries(f.schema.map(({ name, type }) => [name, type === "string" ? [...f.strings(name)] : [...f.numbers(name)]]));

test("readParquetFiles: several files as one frame, the same rows in the same order as reading each and stacking them; missing files skipped", async () => {
  const sub = join(dir, "many");
  mkdirSync(sub, { recursive: true });
  const random = seededRandom(31);
  const paths: string[] = [];
  for (let d = 0; d < 12; d++) {
    // Row counts from 0 to a few thousand, several row groups, nulls and repeating strings.
    const n = d === 3 ? 0 : Math.floor(random() * 3000);
    const time = Float64Array.from({ length: n }, (_, i) => T0 + d * 86_400_000 + i * 1000);
    const close = Float64Array.from({ length: n }, () => (random() < 0.05 ? NaN : 100_000 * random()));
    const venue = Array.from({ length: n }, () => (random() < 0.05 ? null : random() < 0.5 ? "binance" : "okx ✓"));
    const path = join(sub, `day-${d}.parquet`);
    writeParquet(path, Frame.fromColumns({ time, close, venue }, { types: { time: "time", venue: "string" } }), { rowGroupSize: 1000, metadata: { day: String(d) } });
    paths.push(path);
  }
  const wanted = [...paths.slice(0, 5), join(sub, "absent.parquet"), ...paths.slice(5)];
  const { frame, parts } = await readParquetFiles(wanted);
  const each = await Promise.all(paths.map((p) => readParquetWithMetadata(p)));
  const stacked = concatFrames(each.map((e) => e.frame));
  assert.deepEqual(frame.schema, stacked.schema);
  assert.deepEqual(columnsOf(frame), columnsOf(stacked));
  assert.equal(parts[5], undefined, "a missing file has no part");
  let at = 0;
  wanted.forEach((path, i) => {
    if (i === 5) return;
    const e = each[i < 5 ? i : i - 1];
    assert.deepEqual(parts[i], { path, from: at, to: at + e.frame.length, metadata: e.metadata });
    assert.deepEqual(columnsOf(frame.slice(parts[i]!.from, parts[i]!.to)), columnsOf(e.frame), `rows of ${path}`);
    at += e.frame.length;
  });
  assert.equal(frame.length, at);
  // Nothing at all: an empty frame and no parts.
  const none = await readParquetFiles([join(sub, "absent.parquet")]);
  assert.equal(none.frame.length, 0);
  assert.deepEqual(none.parts, [undefined]);
});

test("readParquetFiles: columns in another order, a file only the general path reads, different columns, a damaged file named", async () => {
  const sub = join(dir, "many-mixed");
  mkdirSync(sub, { recursive: true });
  const a = join(sub, "a.parquet");
  const b = join(sub, "b.parquet");
  const c = join(sub, "c.parquet");
  writeParquet(a, Frame.fromColumns({ flag: [1, 0], s: ["x", null] }));
  writeParquet(b, Frame.fromColumns({ s: ["y", "z", "w"], flag: [NaN, 1, 0] }));
  // Booleans with nulls: not read directly, parsed alone and copied into place.
  parquetWriteFile({ filename: c, columnData: [{ name: "flag", data: [true, null, false], type: "BOOLEAN" }, { name: "s", data: ["a", null, "c"], type: "STRING" }] });
  const { frame, parts } = await readParquetFiles([a, c, b]);
  assert.deepEqual(frame.columns, ["flag", "s"]);
  assert.deepEqual([...frame.numbers("flag")], [1, 0, 1, NaN, 0, NaN, 1, 0]);
  assert.deepEqual(frame.strings("s"), ["x", null, "a", null, "c", "y", "z", "w"]);
  assert.deepEqual(parts.map((p) => [p!.from, p!.to]), [[0, 2], [2, 5], [5, 8]]);
  // Different columns: what concatFrames says of them.
  const d = join(sub, "d.parquet");
  writeParquet(d, Frame.fromColumns({ flag: [1], other: [2] }));
  await assert.rejects(readParquetFiles([a, d]), /lacks column "s"/);
  // A damaged file among good ones: the error names it.
  const bad = join(sub, "bad.parquet");
  writeFileSync(bad, Buffer.concat([readFileSync(a).subarray(0, 20), Buffer.from("PAR1")]));
  await assert.rejects(readParquetFiles([a, bad, b]), (e: Error) => e.message.startsWith(`cannot read Parquet ${bad}:`));
  const truncated = join(sub, "truncated.parquet");
  const whole = readFileSync(b);
  writeFileSync(truncated, Buffer.concat([whole.subarray(0, 4), Buffer.alloc(40), whole.subarray(44)]));
  await assert.rejects(readParquetFiles([a, truncated]), (e: Error) => e.message.includes(truncated));
});

test("writeAtomicMany: every file written whole and in place, no temporary file left; a failure names the file and renames none", async () => {
  const sub = join(dir, "atomic-many");
  mkdirSync(join(sub, "one"), { recursive: true });
  mkdirSync(join(sub, "two"), { recursive: true });
  const files = [join(sub, "one", "a.bin"), join(sub, "one", "b.bin"), join(sub, "two", "c.bin")];
  writeFileSync(files[0], "old a");
  const computed: string[] = [];
  await writeAtomicMany(files.map((path, i) => ({ path, data: () => (computed.push(path), [Buffer.from(`new ${i} `), Buffer.from("parts")]) })), { alsoFlush: [sub] });
  assert.deepEqual(computed, files, "each file's bytes computed once, in order");
  assert.deepEqual(files.map((f) => readFileSync(f, "utf8")), ["new 0 parts", "new 1 parts", "new 2 parts"]);
  assert.deepEqual(readdirSync(join(sub, "one")).sort(), ["a.bin", "b.bin"]);
  // The second file's folder does not exist: nothing is renamed, the old contents stay, the
  // temporary files are removed, and the error names the file.
  const failing = [files[0], join(sub, "missing", "x.bin"), files[2]];
  await assert.rejects(writeAtomicMany(failing.map((path) => ({ path, data: () => Buffer.from("newer") }))), (e: Error) => e.message.startsWith(`cannot write ${failing[1]}:`));
  assert.deepEqual(files.map((f) => readFileSync(f, "utf8")), ["new 0 parts", "new 1 parts", "new 2 parts"]);
  assert.deepEqual(readdirSync(join(sub, "one")).sort(), ["a.bin", "b.bin"]);
  assert.deepEqual(readdirSync(join(sub, "two")), ["c.bin"]);
  assert.ok(!existsSync(join(sub, "missing")));
  // Bytes that cannot be computed: the same, with that error.
  await assert.rejects(writeAtomicMany([{ path: files[0], data: () => Buffer.from("x") }, { path: files[1], data: () => { throw new Error("cannot encode b"); } }]), /cannot encode b/);
  assert.deepEqual(readdirSync(join(sub, "one")).sort(), ["a.bin", "b.bin"]);
  assert.equal(readFileSync(files[0], "utf8"), "new 0 parts");
});
