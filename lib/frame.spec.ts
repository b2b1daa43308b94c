import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { Frame } from "./frame";

const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10, 20);

function candles(): Frame {
  return Frame.fromColumns(
    { time: [T0, T0 + H, T0 + 2 * H, T0 + 3 * H], close: [121_000, 113_000, 110_500, 112_000], venue: ["binance", "bybit", null, "okx"] },
    { types: { time: "time" } },
  );
}

test("fromColumns infers number, time and string columns and stores them on typed arrays", () => {
  const f = Frame.fromColumns({ n: [1, null, 3], t: [new Date(0), null, new Date(1000)], s: ["a", undefined, "c"], typed: new Int32Array([1, 2, 3]) });
  assert.deepEqual(f.schema, [
    { name: "n", type: "number" },
    { name: "t", type: "time" },
    { name: "s", type: "string" },
    { name: "typed", type: "number" },
  ]);
  assert.equal(f.length, 3);
  assert.ok(f.column("n") instanceof Float64Array);
  assert.deepEqual([...f.numbers("n")], [1, NaN, 3]);
  assert.deepEqual([...f.numbers("t")], [0, NaN, 1000]);
  assert.deepEqual(f.strings("s"), ["a", null, "c"]);
  assert.deepEqual([...f.numbers("typed")], [1, 2, 3]);
});

test("fromColumns keeps a Float64Array as is and parses ISO text for time columns", () => {
  const close = new Float64Array([1, 2]);
  const f = Frame.fromColumns({ time: ["2025-10-10T20:00Z", "2025-10-10T21:00:00Z"], close }, { types: { time: "time" } });
  assert.equal(f.column("close"), close);
  assert.deepEqual([...f.numbers("time")], [T0, T0 + H]);
  assert.throws(() => Frame.fromColumns({ time: ["2025-10-10", "soon"] }, { types: { time: "time" } }), /column "time", row 1: "soon" is not an ISO 8601 time/);
});

test("fromColumns names the column and row of a value of the wrong kind", () => {
  assert.throws(() => Frame.fromColumns({ close: [1, "2"] }), /column "close", row 1: expected a number, found the string "2"/);
  assert.throws(() => Frame.fromColumns({ s: ["a", 2] }), /column "s", row 1: expected a string, found number 2/);
  assert.throws(() => Frame.fromColumns({ a: [1, 2], b: [1] }), /column "b" has 1 values but column "a" has 2/);
  assert.throws(() => Frame.fromColumns({ a: [1] }, { types: { b: "time" } }), /types names column "b", which is not among the columns: a/);
});

test("fromRecords takes the union of keys, missing keys as missing values", () => {
  const f = Frame.fromRecords([{ time: new Date(T0), close: 1 }, { time: new Date(T0 + H), close: 2, note: "x" }]);
  assert.deepEqual(f.columns, ["time", "close", "note"]);
  assert.equal(f.type("time"), "time");
  assert.deepEqual(f.strings("note"), [null, "x"]);
  assert.deepEqual(f.toRecords(), [
    { time: new Date(T0), close: 1, note: null },
    { time: new Date(T0 + H), close: 2, note: "x" },
  ]);
  assert.equal(Frame.fromRecords([]).length, 0);
});

test("column() names the missing column and lists the existing ones", () => {
  assert.throws(() => candles().column("price"), { message: 'no column "price"; the columns are: "time", "close", "venue"' });
  assert.throws(() => candles().numbers("venue"), /column "venue" holds strings/);
  assert.throws(() => candles().strings("close"), /column "close" holds numbers/);
});

test("toRecords gives Dates for times and null for missing times and strings", () => {
  const f = Frame.fromColumns({ t: [T0, NaN], s: ["a", null] }, { types: { t: "time" } });
  assert.deepEqual(f.toRecords(), [{ t: new Date(T0), s: "a" }, { t: null, s: null }]);
});

test("select, drop, rename and withColumn reshape without copying kept columns", () => {
  const f = candles();
  const s = f.select(["close", "time"]);
  assert.deepEqual(s.columns, ["close", "time"]);
  assert.equal(s.column("close"), f.column("close"));
  assert.deepEqual(f.drop(["venue"]).columns, ["time", "close"]);
  assert.deepEqual(f.rename({ close: "price" }).columns, ["time", "price", "venue"]);
  assert.throws(() => f.select(["time", "nope"]), /no column "nope"/);
  const w = f.withColumn("close", [1, 2, 3, 4]).withColumn("flag", ["a", "b", "c", "d"]);
  assert.deepEqual(w.columns, ["time", "close", "venue", "flag"]);
  assert.deepEqual([...w.numbers("close")], [1, 2, 3, 4]);
  assert.throws(() => f.withColumn("x", [1]), /has 1 values/);
});

test("filter by predicate or by mask", () => {
  const f = candles();
  const byPredicate = f.filter((r) => (r.close as number) > 111_000);
  assert.deepEqual([...byPredicate.numbers("close")], [121_000, 113_000, 112_000]);
  assert.deepEqual(byPredicate.strings("venue"), ["binance", "bybit", "okx"]);
  const byIndex = f.filter((_r, i) => i % 2 === 1);
  assert.deepEqual([...byIndex.numbers("time")], [T0 + H, T0 + 3 * H]);
  const byMask = f.filter(new Uint8Array([1, 0, 0, 1]));
  assert.deepEqual([...byMask.numbers("close")], [121_000, 112_000]);
  assert.deepEqual(f.filter([false, false, false, false]).length, 0);
  assert.throws(() => f.filter([true]), /mask has 1 entries but the frame has 4 rows/);
});

test("sort is stable, by several keys, missing values last in both directions", () => {
  const f = Frame.fromColumns({ k: ["b", "a", null, "a", "b"], v: [2, NaN, 1, 3, 1], i: [0, 1, 2, 3, 4] });
  assert.deepEqual([...f.sort("v").numbers("i")], [2, 4, 0, 3, 1]);
  assert.deepEqual([...f.sort("v", { descending: true }).numbers("i")], [3, 0, 2, 4, 1]);
  assert.deepEqual([...f.sort(["k", "v"]).numbers("i")], [3, 1, 4, 0, 2]);
  assert.deepEqual([...f.sort("k").numbers("i")], [1, 3, 0, 4, 2]);
  assert.deepEqual([...f.sort("k", { descending: true }).numbers("i")], [0, 4, 1, 3, 2]);
});

test("isSorted checks ascending order, strictly when asked", () => {
  assert.ok(candles().isSorted("time"));
  assert.ok(!candles().isSorted("close"));
  const dup = Frame.fromColumns({ t: [1, 1, 2] });
  assert.ok(dup.isSorted("t"));
  assert.ok(!dup.isSorted("t", { strict: true }));
});

test("slice follows Array.slice; head and tail take from the ends", () => {
  const f = candles();
  assert.deepEqual([...f.slice(1, 3).numbers("close")], [113_000, 110_500]);
  assert.deepEqual([...f.slice(-1).numbers("close")], [112_000]);
  assert.deepEqual([...f.slice(2, -1).numbers("close")], [110_500]);
  assert.equal(f.slice(3, 1).length, 0);
  assert.deepEqual(f.head(2).strings("venue"), ["binance", "bybit"]);
  assert.deepEqual(f.tail(2).strings("venue"), [null, "okx"]);
  assert.equal(f.head(10).length, 4);
  assert.equal(f.head(0).length, 0);
  assert.deepEqual(f.head(0).columns, ["time", "close", "venue"]);
});

test("take gathers rows and checks indices", () => {
  const f = candles().take([3, 0, 0]);
  assert.deepEqual([...f.numbers("close")], [112_000, 121_000, 121_000]);
  assert.throws(() => candles().take([4]), /index 4 at position 0 is outside 0..3/);
});

test("rolling on a frame column; a string column is refused", () => {
  const f = candles();
  assert.deepEqual([...f.rolling("close", 2)], [NaN, 117_000, 111_750, 111_250]);
  assert.deepEqual([...f.rolling("close", 2, "max")], [NaN, 121_000, 113_000, 112_000]);
  assert.throws(() => f.rolling("venue", 2), /rolling needs a number column; "venue" is a string column/);
});

test("the constructor refuses duplicate names and mistyped storage", () => {
  assert.throws(() => new Frame([{ name: "a", type: "number", values: new Float64Array(1) }, { name: "a", type: "number", values: new Float64Array(1) }]), /duplicate column "a"/);
  assert.throws(() => new Frame([{ name: "a", type: "string", values: new Float64Array(1) }]), /needs an array of strings/);
});

test("console.log shows the text table", () => {
  assert.match(inspect(candles()), /4 rows x 3 columns$/);
  assert.equal(String(candles()), inspect(candles()));
});

test("numbers() of a text column names the first value that is not a number, and its row", () => {
  const f = Frame.fromColumns({ close: ["1", "2", "1.2k", "abc"], id: ["7", "8", null, "9"] });
  assert.throws(() => f.numbers("close"), { message: 'column "close" holds strings, not numbers: row 2 is "1.2k"' });
  assert.throws(() => f.numbers("id"), /column "id" holds strings, not numbers \(numbers as text, from row 0: "7"/);
  const empty = Frame.fromColumns({ venue: [null, null] }, { types: { venue: "string" } });
  assert.throws(() => empty.numbers("venue"), { message: 'column "venue" holds strings, not numbers (every value is missing)' });
});
