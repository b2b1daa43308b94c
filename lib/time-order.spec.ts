import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "./frame";
import { ensureTimeOrder, timeOrderIssues } from "./time-order";

const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10);

function frame(hours: number[]): Frame {
  return Frame.fromColumns({ time: hours.map((h) => T0 + h * H), i: hours.map((_, i) => i) }, { types: { time: "time" } });
}

test("timeOrderIssues lists the rows where time goes back and where it repeats", () => {
  assert.deepEqual(timeOrderIssues(Float64Array.from([1, 2, 2, 1, 3, 3])), { unsorted: [3], duplicates: [2, 5] });
  assert.deepEqual(timeOrderIssues(new Float64Array(0)), { unsorted: [], duplicates: [] });
});

test("a clean series passes through unchanged", () => {
  const f = frame([0, 1, 2]);
  assert.equal(ensureTimeOrder(f, "time"), f);
});

test("out-of-order rows are reported with both rows, or sorted stably", () => {
  assert.throws(() => ensureTimeOrder(frame([0, 2, 1, 3, 0.5]), "time"), {
    message: '2 timestamps are out of order in column "time": the first is row 2 (2025-10-10T01:00:00Z), earlier than row 1 (2025-10-10T02:00:00Z); pass unsorted: "sort" to sort the rows',
  });
  assert.deepEqual([...ensureTimeOrder(frame([0, 2, 1]), "time", { unsorted: "sort" }).numbers("i")], [0, 2, 1]);
});

test("repeats are reported (before sorting, so rows name the source), or one row is kept", () => {
  assert.throws(() => ensureTimeOrder(frame([0, 1, 1, 2]), "time", { where: (i) => `line ${i + 2}` }), {
    message: '1 timestamp is repeated in column "time": the first is line 4 (2025-10-10T01:00:00Z), the same as line 3 (2025-10-10T01:00:00Z); pass duplicates: "first" or "last" to keep one row per timestamp',
  });
  assert.throws(() => ensureTimeOrder(frame([2, 1, 2]), "time", { unsorted: "sort" }), /1 timestamp is repeated in column "time": the first is row 2 \(2025-10-10T02:00:00Z\), the same as row 0/);
  assert.deepEqual([...ensureTimeOrder(frame([0, 1, 1, 1, 2]), "time", { duplicates: "first" }).numbers("i")], [0, 1, 4]);
  assert.deepEqual([...ensureTimeOrder(frame([0, 1, 1, 1, 2]), "time", { duplicates: "last" }).numbers("i")], [0, 3, 4]);
  assert.deepEqual([...ensureTimeOrder(frame([2, 1, 2, 0]), "time", { unsorted: "sort", duplicates: "last" }).numbers("i")], [3, 1, 2]);
});

test("missing times and non-time columns are errors", () => {
  const f = Frame.fromColumns({ time: [T0, NaN] }, { types: { time: "time" } });
  assert.throws(() => ensureTimeOrder(f, "time"), /row 1: no timestamp in column "time"/);
  assert.throws(() => ensureTimeOrder(frame([0]), "i"), /column "i" is a number column, not a time column/);
});
