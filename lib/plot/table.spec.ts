import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../frame";
import { labelsOf, selectRows, tableReader } from "./table";

const T = Date.UTC(2025, 9, 10, 21);

test("a Frame, records and columns read the same", () => {
  const frame = Frame.fromColumns({ time: [new Date(T)], close: [113_976], venue: ["binance"] });
  const records = [{ time: new Date(T), close: 113_976, venue: "binance" }];
  const columns = { time: new Float64Array([T]), close: [113_976], venue: ["binance"] };
  for (const input of [frame, records, columns]) {
    const read = tableReader(input, "chart", "candles");
    assert.equal(read.length, 1);
    assert.deepEqual([...read.times("time")], [T]);
    assert.deepEqual([...read.numbers("close")], [113_976]);
    assert.deepEqual(read.strings("venue"), ["binance"]);
    assert.deepEqual(read.axis("time").kind, "date");
  }
});

test("times from ISO text, Dates, epoch ms and months; numbers below 1e11 make a linear axis", () => {
  const read = tableReader({ t: ["2025-10-10T21:00Z", "2025-11", null], step: [0, 1, 2], d: [new Date(T), new Date(T), new Date(T)] }, "chart", "points");
  assert.deepEqual([...read.times("t")], [T, Date.UTC(2025, 10, 1), NaN]);
  assert.equal(read.axis("t").kind, "date");
  assert.equal(read.axis("step").kind, "linear");
  assert.equal(read.axis("d").kind, "date");
  assert.throws(() => tableReader({ t: ["soon"] }, "chart", "points").times("t"), /chart: column "t" of the points, row 0: expected an ISO 8601 time, found "soon"/);
});

test("a missing column names the builder, the option and the columns there are", () => {
  const read = tableReader([{ time: 1, price: 2 }], "drawdownChart", "prices");
  assert.throws(() => read.resolve("price", "close", ["close"]), { message: 'drawdownChart: the prices have no column "close" (option price); their columns are: time, price' });
  assert.equal(read.resolve("price", undefined, ["close", "price"]), "price");
  assert.throws(() => read.resolve("size", undefined, ["usd", "size"]), { message: 'drawdownChart: the prices have none of the columns "usd", "size"; name the column with the option size. Their columns are: time, price' });
  assert.throws(() => tableReader({ a: [1, 2], b: [1] }, "c", "rows").numbers("b"), /column "b" of the rows has 1 values but column "a" has 2/);
  assert.throws(() => tableReader(null as never, "c", "rows"), /c: rows must be a Frame, an array of records or an object of columns/);
});

test("numbers: missing values are NaN, numeric text is read, other text refused", () => {
  const read = tableReader({ v: [1, null, undefined, "2.5", ""], bad: ["x", 1, 1, 1, 1] }, "c", "rows");
  assert.deepEqual([...read.numbers("v")], [1, NaN, NaN, 2.5, NaN]);
  assert.throws(() => read.numbers("bad"), /column "bad" of the rows, row 0: expected a number, found "x"/);
});

test("group labels from codes and names; row selection", () => {
  const read = tableReader({ cohort: new Uint16Array([1, 0, 1]), usd: [1, 2, 3] }, "c", "liquidations");
  assert.deepEqual(labelsOf(read, "cohort", ["retail", "funds"]), ["funds", "retail", "funds"]);
  assert.deepEqual(labelsOf(read, "cohort"), ["1", "0", "1"]);
  assert.deepEqual(selectRows(read, [2, 0]), { cohort: [1, 1], usd: [3, 1] });
});
