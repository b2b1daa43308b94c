import { test } from "node:test";
import assert from "node:assert/strict";
import { argsortNumbers, argsortStrings, FrameModel, formatNumber, formatTime, type FrameJson } from "./frame-model";
import { firstVisibleRow, scrollHeight, scrollTopFor, MAX_SCROLL_PX } from "./viewport";

const T0 = Date.UTC(2025, 9, 10);
const json: FrameJson = {
  columns: [
    { name: "time", type: "time" },
    { name: "close", type: "number" },
    { name: "venue", type: "string" },
  ],
  length: 5,
  rows: [
    [T0, 101.5, "okx"],
    [T0 + 3_600_000, null, "bybit"],
    [T0 + 7_200_000, 99.25, null],
    [T0 + 10_800_000, -3, "binance"],
    [T0 + 14_400_000, 101.5, "bybit"],
  ],
};

test("cells show as the library shows them", () => {
  const m = FrameModel.fromJson(json);
  assert.deepEqual(m.page(0, 2), [
    [0, "2025-10-10T00:00:00Z", "101.5", "okx"],
    [1, "2025-10-10T01:00:00Z", "null", "bybit"],
  ]);
  assert.equal(m.value(1, 1), null);
  assert.equal(formatNumber(0.1 + 0.2), "0.3");
  assert.equal(formatTime(T0 + 5), "2025-10-10T00:00:00.005Z");
});

test("sorting numbers: stable, missing last in both directions", () => {
  const m = FrameModel.fromJson(json);
  m.sortBy({ column: 1, direction: "asc" });
  assert.deepEqual(m.page(0, 5).map((r) => r[0]), [3, 2, 0, 4, 1]);
  m.sortBy({ column: 1, direction: "desc" });
  assert.deepEqual(m.page(0, 5).map((r) => r[0]), [0, 4, 2, 3, 1]);
  m.sortBy(undefined);
  assert.deepEqual(m.page(0, 5).map((r) => r[0]), [0, 1, 2, 3, 4]);
});

test("sorting strings and times", () => {
  const m = FrameModel.fromJson(json);
  m.sortBy({ column: 2, direction: "asc" });
  assert.deepEqual(m.page(0, 5).map((r) => r[3]), ["binance", "bybit", "bybit", "okx", "null"]);
  m.sortBy({ column: 0, direction: "desc" });
  assert.deepEqual(m.page(0, 5).map((r) => r[0]), [4, 3, 2, 1, 0]);
});

test("header clicks cycle ascending, descending, unsorted", () => {
  const m = FrameModel.fromJson(json);
  const a = m.nextSort(1);
  assert.deepEqual(a, { column: 1, direction: "asc" });
  m.sortBy(a);
  const b = m.nextSort(1);
  assert.deepEqual(b, { column: 1, direction: "desc" });
  m.sortBy(b);
  assert.equal(m.nextSort(1), undefined);
  assert.deepEqual(m.nextSort(0), { column: 0, direction: "asc" });
});

test("pages clamp to the rows present; a long frame keeps its full length", () => {
  const m = FrameModel.fromJson({ ...json, length: 2016 });
  assert.equal(m.rowCount, 5);
  assert.equal(m.length, 2016);
  assert.deepEqual(m.page(4, 10).map((r) => r[0]), [4]);
  assert.deepEqual(m.page(9, 10), []);
});

test("not a frame is refused", () => {
  assert.throws(() => FrameModel.fromJson({ data: [] }), /not a frame/);
});

test("radix argsort agrees with a comparison sort, including signs, zeros, infinities and NaN", () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pool = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-300, -1e300, 0.5, 2 ** 40];
  const values = Float64Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? pool[i % pool.length] : (rand() - 0.5) * 1e6));
  for (const direction of ["asc", "desc"] as const) {
    const expected = Array.from(values.keys()).sort((a, b) => {
      const x = values[a];
      const y = values[b];
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
      if (x === y) return a - b;
      return (x < y ? -1 : 1) * (direction === "asc" ? 1 : -1);
    });
    assert.deepEqual(Array.from(argsortNumbers(values, direction)), expected, direction);
  }
  assert.deepEqual(Array.from(argsortStrings(["b", null, "a", "b"], "desc")), [0, 3, 2, 1]);
});

test("a million rows load, sort and page", () => {
  const n = 1_000_000;
  const rows = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = [T0 + i * 1000, (i * 7919) % 1000, i % 3 ? "a" : "b"];
  const m = FrameModel.fromJson({ columns: json.columns, length: n, rows });
  m.sortBy({ column: 1, direction: "desc" });
  const top = m.page(0, 3);
  assert.deepEqual(top.map((r) => r[2]), ["999", "999", "999"]);
  assert.ok(top[0][0] < top[1][0], "ties keep frame order");
  m.sortBy({ column: 2, direction: "asc" });
  assert.equal(m.page(n - 1, 1)[0][3], "b");
});

test("the viewport maps scroll positions to rows by proportion, capped in height", () => {
  assert.equal(scrollHeight(1_000_000, 22), MAX_SCROLL_PX);
  assert.equal(scrollHeight(100, 22), 2200);
  const geo = { scrollHeight: 2200, clientHeight: 220, rows: 100, visibleRows: 10 };
  assert.equal(firstVisibleRow({ ...geo, scrollTop: 0 }), 0);
  assert.equal(firstVisibleRow({ ...geo, scrollTop: 1980 }), 90);
  assert.equal(firstVisibleRow({ ...geo, scrollTop: 990 }), 45);
  assert.equal(firstVisibleRow({ ...geo, scrollTop: scrollTopFor({ ...geo, row: 37 }) }), 37);
  const big = { scrollHeight: MAX_SCROLL_PX, clientHeight: 440, rows: 1_000_000, visibleRows: 20 };
  assert.equal(firstVisibleRow({ ...big, scrollTop: MAX_SCROLL_PX - 440 }), 999_980);
  assert.equal(firstVisibleRow({ ...geo, rows: 5, scrollTop: 50 }), 0);
});
