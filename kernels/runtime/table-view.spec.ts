/**
 * The data viewer's engine against the library's own frame operations: a view sorted and
 * filtered here must hold the rows, in the order, that `frame.sort` and `frame.filter` give.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../../lib/frame";
import { seededRandom } from "../../lib/random";
import { parseCondition, tableText, TableViews, toTable } from "./table-view";
import type { ColumnFilter } from "../protocol";

const N = 5000;
const T0 = Date.UTC(2025, 8, 1);
const VENUES = ["binance", "okx", "bybit", "Hyperliquid", null];

/** Seeded rows with ties, NaN, missing strings, negative zero and infinities. */
function sample(): Frame {
  const random = seededRandom(20251010);
  const price = new Float64Array(N);
  const time = new Float64Array(N);
  const size = new Float64Array(N);
  const venue: Array<string | null> = [];
  for (let i = 0; i < N; i++) {
    price[i] = random() < 0.05 ? Number.NaN : Math.round((80_000 + random() * 46_000) * 100) / 100;
    time[i] = T0 + Math.floor(random() * 1000) * 60_000 + (random() < 0.1 ? 1 : 0);
    size[i] = i % 97 === 0 ? -0 : i % 211 === 0 ? Infinity : i % 223 === 0 ? -Infinity : Math.round(random() * 20) - 10;
    venue.push(VENUES[Math.floor(random() * VENUES.length)]);
  }
  return Frame.fromColumns({ time, price, size, venue }, { types: { time: "time" } });
}

const frame = sample();
const rowsOf = (f: Frame) => f.toRecords().map((r) => JSON.stringify(r));
const viewRows = (views: TableViews, order: Uint32Array | null) => rowsOf(frame.take(order ?? Array.from({ length: frame.length }, (_, i) => i)));

test("a frame is browsed without copying its columns", () => {
  const table = toTable(frame)!;
  assert.equal(table.kind, "frame");
  assert.equal(table.length, N);
  assert.equal(table.columns[1].values, frame.column("price"));
  assert.deepEqual(table.columns.map((c) => c.type), ["time", "number", "number", "string"]);
});

test("sort by every column, both directions, is frame.sort (stable, missing last)", () => {
  const views = new TableViews(toTable(frame)!);
  for (const column of frame.columns) {
    for (const descending of [false, true]) {
      const order = views.order({ sort: { column, descending } });
      assert.deepEqual(viewRows(views, order), rowsOf(frame.sort(column, { descending })), `${column} ${descending ? "desc" : "asc"}`);
    }
  }
  // Missing last in both directions, the global minimum first.
  const asc = views.order({ sort: { column: "price" } })!;
  const prices = frame.numbers("price");
  assert.equal(prices[asc[0]], Math.min(...Array.from(prices).filter((p) => !Number.isNaN(p))));
  assert.ok(Number.isNaN(prices[asc[asc.length - 1]]));
  const desc = views.order({ sort: { column: "price", descending: true } })!;
  assert.ok(Number.isNaN(prices[desc[desc.length - 1]]));
});

test("column conditions are frame.filter with the same predicate", () => {
  const views = new TableViews(toTable(frame)!);
  const cases: Array<[ColumnFilter, (r: Record<string, unknown>) => boolean]> = [
    [{ column: "price", op: ">", value: 100_000 }, (r) => (r.price as number) > 100_000],
    [{ column: "price", op: "<=", value: 90_000 }, (r) => (r.price as number) <= 90_000],
    [{ column: "price", op: "between", value: 95_000, value2: 96_000 }, (r) => (r.price as number) >= 95_000 && (r.price as number) <= 96_000],
    [{ column: "price", op: "empty" }, (r) => r.price === null || Number.isNaN(r.price as number)],
    [{ column: "size", op: "!=", value: 0 }, (r) => r.size !== 0 || Number.isNaN(r.size as number)],
    [{ column: "size", op: "=", value: 0 }, (r) => r.size === 0],
    [{ column: "venue", op: "=", value: "okx" }, (r) => r.venue === "okx"],
    [{ column: "venue", op: "contains", value: "B" }, (r) => typeof r.venue === "string" && r.venue.toLowerCase().includes("b")],
    [{ column: "venue", op: "notEmpty" }, (r) => r.venue !== null],
    [{ column: "time", op: ">=", value: "2025-09-01T12:00:00Z" }, (r) => (r.time as Date).getTime() >= T0 + 12 * 3_600_000],
  ];
  for (const [filter, predicate] of cases) {
    const order = views.order({ filters: [filter] });
    const expected = frame.filter((r) => predicate(r as Record<string, unknown>));
    assert.deepEqual(viewRows(views, order), rowsOf(expected), JSON.stringify(filter));
  }
  // Conditions combine, and the sort applies to what passes.
  const both = views.order({ filters: cases.slice(0, 1).map((c) => c[0]).concat([{ column: "venue", op: "=", value: "okx" }]), sort: { column: "time", descending: true } });
  const expected = frame.filter((r) => (r.price as number) > 100_000 && r.venue === "okx").sort("time", { descending: true });
  assert.deepEqual(viewRows(views, both), rowsOf(expected));
});

test("quick text matches any cell's text, case-insensitive", () => {
  const views = new TableViews(toTable(frame)!);
  const order = views.order({ text: "LIQ" });
  assert.deepEqual(viewRows(views, order), rowsOf(frame.filter((r) => r.venue === "Hyperliquid")));
  const byNumber = views.order({ text: "-10" });
  assert.deepEqual(viewRows(views, byNumber), rowsOf(frame.filter((r) => String(r.size).includes("-10") || String(r.price).includes("-10") || (r.time as Date).toISOString().includes("-10"))));
});

test("statistics are those of the rows in the view", () => {
  const views = new TableViews(toTable(frame)!);
  const order = views.order({ filters: [{ column: "venue", op: "=", value: "okx" }] });
  const okx = frame.filter((r) => r.venue === "okx");
  const [price, venue] = views.stats(order, ["price", "venue"]);
  const present = Array.from(okx.numbers("price")).filter((p) => !Number.isNaN(p));
  assert.equal(price.count, present.length);
  assert.equal(price.missing, okx.length - present.length);
  assert.equal(price.min, Math.min(...present));
  assert.equal(price.max, Math.max(...present));
  assert.ok(Math.abs(price.mean! - present.reduce((a, b) => a + b, 0) / present.length) < 1e-6);
  assert.deepEqual({ count: venue.count, distinct: venue.distinct, min: venue.min }, { count: okx.length, distinct: 1, min: "okx" });
  const all = views.stats(null, ["venue"])[0];
  assert.equal(all.distinct, 4);
  assert.equal(all.missing, frame.strings("venue").filter((v) => v === null).length);
});

test("pages are windows of the view, with table row numbers", () => {
  const views = new TableViews(toTable(frame)!);
  const order = views.order({ sort: { column: "price" } });
  const page = views.page(order, 10, 3);
  assert.deepEqual(page.rowIndex, Array.from(order!.slice(10, 13)));
  assert.deepEqual(page.rows[0], [frame.numbers("time")[order![10]], frame.numbers("price")[order![10]], frame.numbers("size")[order![10]], frame.strings("venue")[order![10]]]);
  assert.equal(views.page(order, N - 1, 100).rows.length, 1);
  const inf = views.page(null, 211, 1).rows[0];
  assert.equal(inf[2], "Infinity");
});

test("arrays of records and Arrow-like tables become typed columns", () => {
  const records = [{ t: new Date(T0), x: 2, s: "b", o: { a: 1 } }, { t: new Date(T0 + 1), x: null, s: "a" }, { x: 1, s: null, extra: true }];
  const table = toTable(records)!;
  assert.equal(table.kind, "records");
  assert.deepEqual(table.columns.map((c) => [c.name, c.type]), [["t", "time"], ["x", "number"], ["s", "string"], ["o", "string"], ["extra", "string"]]);
  const views = new TableViews(table);
  assert.deepEqual(Array.from(views.order({ sort: { column: "x" } })!), [2, 0, 1]);
  assert.deepEqual(views.page(null, 0, 1).rows[0], [T0, 2, "b", '{"a":1}', null]);
  const arrowLike = {
    numRows: 2,
    schema: { fields: [{ name: "ts", type: "Timestamp<MILLISECOND>" }, { name: "v", type: "Float64" }] },
    getChild: (name: string) => ({ length: 2, get: (i: number) => (name === "ts" ? T0 + i : [3.5, 1.5][i]) }),
  };
  const arrow = toTable(arrowLike)!;
  assert.deepEqual(arrow.columns.map((c) => c.type), ["time", "number"]);
  assert.equal(toTable({ a: 1 }), undefined);
});

test("bad views name what is wrong", () => {
  const views = new TableViews(toTable(frame)!);
  assert.throws(() => views.order({ sort: { column: "nope" } }), /sort: no column "nope" \(columns: time, price, size, venue\)/);
  assert.throws(() => views.order({ filters: [{ column: "price", op: ">", value: "abc" }] }), /filter on "price": value "abc" is not a number/);
  assert.throws(() => views.order({ filters: [{ column: "price", op: "~" as ColumnFilter["op"], value: 1 }] }), /unknown condition "~"/);
});

test("conditions as typed in a filter box", () => {
  assert.deepEqual(parseCondition("low", "number", ">= 80000"), { column: "low", op: ">=", value: 80000 });
  assert.deepEqual(parseCondition("low", "number", "1..2"), { column: "low", op: "between", value: 1, value2: 2 });
  assert.deepEqual(parseCondition("low", "number", "42"), { column: "low", op: "=", value: 42 });
  assert.deepEqual(parseCondition("t", "time", "< 2025-10-10"), { column: "t", op: "<", value: Date.UTC(2025, 9, 10) });
  assert.deepEqual(parseCondition("t", "time", "2025-10-10 21:15"), { column: "t", op: "=", value: Date.UTC(2025, 9, 10, 21, 15) });
  assert.deepEqual(parseCondition("s", "string", "okx"), { column: "s", op: "contains", value: "okx" });
  assert.deepEqual(parseCondition("s", "string", "^ok"), { column: "s", op: "starts", value: "ok" });
  assert.deepEqual(parseCondition("s", "string", "!empty"), { column: "s", op: "notEmpty" });
  assert.equal(parseCondition("s", "string", "  "), undefined);
  assert.throws(() => parseCondition("low", "number", "> abc"), /"abc" is not a number/);
});

test("a table's hover text lines its headers up with its cells", () => {
  const text = tableText(Frame.fromColumns({ close: [1.5, 100], venue: ["okx", null] }))!;
  assert.equal(text, "   close  venue\n0    1.5  okx\n1    100  null\n2 rows x 2 columns");
  const lines = tableText(Array.from({ length: 10 }, (_, i) => ({ i, name: `n${i}` })), 3)!.split("\n");
  assert.deepEqual(lines.slice(-2), ["…", "10 rows x 2 columns"]);
  assert.equal(new Set(lines.slice(0, 4).map((l) => l.indexOf("name") >= 0 ? l.indexOf("name") : l.search(/n\d/))).size, 1, "the name column starts at one offset");
});
