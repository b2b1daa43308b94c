import { test } from "node:test";
import assert from "node:assert/strict";
import { liveSource, localSource, requestChannel, type FrameJson } from "./table-source";
import { firstVisibleRow, scrollHeight, scrollTopFor, MAX_SCROLL_PX } from "./viewport";
import { cellText } from "../../kernels/runtime/table-view";

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

test("a saved output with all its rows sorts and filters them without a note", async () => {
  const s = localSource(json);
  assert.equal(s.live, false);
  assert.equal(s.note, undefined);
  const asc = await s.page({ view: { sort: { column: "close" } }, offset: 0, limit: 10 });
  assert.deepEqual(asc.rowIndex, [3, 2, 0, 4, 1]);
  const desc = await s.page({ view: { sort: { column: "close", descending: true } }, offset: 0, limit: 10 });
  assert.deepEqual(desc.rowIndex, [0, 4, 2, 3, 1]);
  const bybit = await s.page({ view: { filters: [{ column: "venue", op: "=", value: "bybit" }] }, offset: 0, limit: 10, stats: true });
  assert.equal(bybit.total, 2);
  assert.equal(bybit.stats![1].missing, 1);
  assert.equal(cellText(asc.rows[0][0], "time"), "2025-10-10T03:00:00Z");
});

test("a saved output cut short says sort and filter apply to its rows only, and offers re-run", async () => {
  let reran = 0;
  const s = localSource({ ...json, length: 100_000 }, { reason: "no kernel is running for this notebook", rerun: () => reran++ });
  assert.match(s.note!, /first 5 of 100,000 rows are here; sort, filter and statistics apply to these rows only\. \(no kernel is running/);
  assert.equal(s.length, 100_000);
  s.rerun!();
  assert.equal(reran, 1);
  const bad = await s.page({ view: { sort: { column: "nope" } }, offset: 0, limit: 1 });
  assert.match(bad.error!, /no column "nope"/);
});

test("a live source asks its transport, matched by request id", async () => {
  const sent: Array<Record<string, unknown>> = [];
  let listener: (m: unknown) => void = () => undefined;
  const transport = requestChannel(
    (m) => {
      const msg = m as Record<string, unknown>;
      sent.push(msg);
      // Answers come back out of order: the id matches them.
      setTimeout(() => listener({ requestId: msg.requestId, columns: json.columns, length: 9, total: msg.offset === 0 ? 9 : 4, offset: msg.offset, rows: [], rowIndex: [] }), sent.length === 1 ? 5 : 1);
    },
    (f) => (listener = f),
  );
  const { source, error } = await liveSource(transport, { variable: "btc" });
  assert.equal(error, undefined);
  assert.equal(source!.live, true);
  assert.equal(source!.length, 9);
  const reply = await source!.page({ view: { text: "x" }, offset: 3, limit: 2 });
  assert.equal(reply.total, 4);
  assert.deepEqual(sent[1], { type: "table", source: { variable: "btc" }, view: { text: "x" }, offset: 3, limit: 2, stats: false, requestId: 2 });
  const refused = await liveSource(async () => ({ error: "no kernel is running for this notebook" }), { output: "o1" });
  assert.equal(refused.source, undefined);
  assert.match(refused.error!, /no kernel/);
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
