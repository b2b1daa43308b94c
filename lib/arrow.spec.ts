import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as A from "apache-arrow";
import { fromArrow, readArrow, toArrow, toArrowIPC, writeArrow } from "./arrow";
import { Frame } from "./frame";

const T0 = Date.UTC(2025, 9, 10, 21);
const dir = mkdtempSync(join(tmpdir(), "cascade-arrow-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function sample(): Frame {
  return Frame.fromColumns({ time: [T0, NaN, T0 + 1], close: [113_000.5, NaN, -1], venue: ["binance", null, ""] }, { types: { time: "time" } });
}

function assertSameFrame(actual: Frame, expected: Frame): void {
  assert.deepEqual(actual.schema, expected.schema);
  for (const { name } of expected.schema) assert.deepEqual(actual.column(name), expected.column(name), name);
}

test("toArrow maps number, time and string columns to Float64, Timestamp(ms, UTC) and Utf8, missing as null", () => {
  const table = toArrow(sample());
  assert.equal(table.numRows, 3);
  assert.deepEqual(table.schema.fields.map((f) => String(f.type)), ["Timestamp<MILLISECOND, UTC>", "Float64", "Utf8"]);
  assert.equal(table.getChild("time")!.get(0), T0);
  assert.equal(table.getChild("time")!.get(1), null);
  assert.equal(table.getChild("close")!.get(1), null);
  assert.equal(table.getChild("close")!.nullCount, 1);
  assert.deepEqual(table.getChild("venue")!.toArray(), ["binance", null, ""]);
  assert.equal(sample().toArrow().numRows, 3);
});

test("frames round-trip through IPC bytes (file and stream) and through files", () => {
  assertSameFrame(fromArrow(toArrowIPC(sample())), sample());
  assertSameFrame(fromArrow(toArrowIPC(sample(), { format: "stream" })), sample());
  assertSameFrame(fromArrow(toArrow(sample())), sample());
  const path = join(dir, "sample.arrow");
  writeArrow(sample(), path);
  assertSameFrame(readArrow(path), sample());
});

test("fromArrow reads other Arrow types: ints, int64, floats, bools, timestamps in s/us/ns, dates, dictionaries", () => {
  const table = new A.Table({
    i32: A.vectorFromArray([1, null, 3], new A.Int32()),
    i64: A.vectorFromArray([1n, 2n, null], new A.Int64()),
    f32: A.vectorFromArray([0.5, 1.5, null], new A.Float32()),
    ok: A.vectorFromArray([true, false, null], new A.Bool()),
    ts_s: A.makeVector(A.makeData({ type: new A.Timestamp(A.TimeUnit.SECOND), length: 3, nullCount: 0, data: new BigInt64Array([1760130000n, 0n, 1n]) })),
    ts_us: A.makeVector(A.makeData({ type: new A.Timestamp(A.TimeUnit.MICROSECOND, "UTC"), length: 3, nullCount: 0, data: new BigInt64Array([1760130000000000n, 0n, 1000n]) })),
    day: A.vectorFromArray([new Date(T0 - 21 * 3_600_000), null, new Date(0)], new A.DateDay()),
    sym: A.vectorFromArray(["BTC", "ETH", "BTC"], new A.Dictionary(new A.Utf8(), new A.Int32())),
  });
  const f = fromArrow(table);
  assert.deepEqual(f.schema.map((c) => c.type), ["number", "number", "number", "number", "time", "time", "time", "string"]);
  assert.deepEqual([...f.numbers("i32")], [1, NaN, 3]);
  assert.deepEqual([...f.numbers("i64")], [1, 2, NaN]);
  assert.deepEqual([...f.numbers("f32")], [0.5, 1.5, NaN]);
  assert.deepEqual([...f.numbers("ok")], [1, 0, NaN]);
  assert.deepEqual([...f.numbers("ts_s")], [T0, 0, 1000]);
  assert.deepEqual([...f.numbers("ts_us")], [T0, 0, 1]);
  assert.deepEqual([...f.numbers("day")], [Date.UTC(2025, 9, 10), NaN, 0]);
  assert.deepEqual(f.strings("sym"), ["BTC", "ETH", "BTC"]);
});

test("fromArrow names a column of a type a frame cannot hold", () => {
  const table = new A.Table({ nested: A.vectorFromArray([[1, 2]], new A.List(new A.Field("item", new A.Float64()))) });
  assert.throws(() => fromArrow(table), /Arrow column "nested" is List<Float64>, which a frame does not read/);
});
