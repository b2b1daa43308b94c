import { test } from "node:test";
import assert from "node:assert/strict";
import type { VariableInfo } from "../../kernels/protocol";
import { gridRows, nextSort, toggleExpanded, type GridState } from "./grid-model";

/** As the kernel reports them, in the order the notebook bound them. */
const LIST: VariableInfo[] = [
  { name: "Frame", type: "class", preview: "class Frame", kind: "import" },
  { name: "drawdown", type: "function", preview: "function drawdown(input, options)", kind: "import" },
  { name: "trades", type: "_Frame", size: 100_000, shape: [100_000, 3], preview: "id  low       venue\n0   51234.5   okx\n1   60000.1   binance", kind: "value" },
  { name: "helper", type: "function", preview: "(x) => x * 2", kind: "function" },
  { name: "settings", type: "Object", size: 3, preview: "{ window: 20, venue: 'okx', ratio: 0.5 }", kind: "value", children: [
    { name: "window", type: "number", preview: "20" },
    { name: "venue", type: "string", preview: "'okx'" },
    { name: "ratio", type: "number", preview: "0.5" },
  ] },
  { name: "n", type: "number", preview: "100000", kind: "value" },
  { name: "venues", type: "Array(5)", size: 5, preview: "[ 'okx',\n  'binance', 'bybit', 'deribit', 'kraken' ]", kind: "value", children: [
    { name: "0", type: "string", preview: "'okx'" },
    { name: "1", type: "string", preview: "'binance'" },
  ] },
  { name: "label", type: "string", size: 5, preview: "'hello'" },
  { name: "Venue", type: "class", preview: "class Venue", kind: "class" },
];

const state = (over: Partial<GridState> = {}): GridState => ({ showAll: false, sort: { column: "name", descending: false }, expanded: new Set(), ...over });
const names = (s: GridState) => gridRows(LIST, s).rows.map((r) => r.key);

test("imports, functions and classes are hidden until shown, and counted", () => {
  const grid = gridRows(LIST, state());
  assert.deepEqual(grid.rows.map((r) => r.name), ["label", "n", "settings", "trades", "venues"]);
  assert.equal(grid.hidden, 4);
  const all = gridRows(LIST, state({ showAll: true }));
  assert.deepEqual(all.rows.map((r) => r.name), ["drawdown", "Frame", "helper", "label", "n", "settings", "trades", "Venue", "venues"]);
  assert.equal(all.hidden, 0);
  assert.equal(all.rows.find((r) => r.name === "Frame")?.kind, "import");
  assert.equal(all.rows.find((r) => r.name === "label")?.kind, "value", "a variable without a kind is a value");
});

test("a row reads name, type, shape or size and a one-line preview; tables open in the Data Viewer", () => {
  const rows = gridRows(LIST, state()).rows;
  const trades = rows.find((r) => r.name === "trades")!;
  assert.deepEqual({ type: trades.type, size: trades.size, preview: trades.preview, table: trades.table }, { type: "Frame", size: "100,000 × 3", preview: "id low venue", table: true });
  const venues = rows.find((r) => r.name === "venues")!;
  assert.deepEqual({ size: venues.size, preview: venues.preview, table: venues.table, expandable: venues.expandable }, { size: "5", preview: "[ 'okx', 'binance', 'bybit', 'deribit', 'kraken' ]", table: false, expandable: true });
  assert.equal(rows.find((r) => r.name === "n")!.size, "");
  assert.equal(rows.find((r) => r.name === "n")!.expandable, false);
  const long = gridRows([{ name: "s", type: "string", preview: "x".repeat(500) }], state()).rows[0].preview;
  assert.equal(long.length, 200);
  assert.ok(long.endsWith("…"));
});

test("sorting by each column, both ways; sizeless values last both ways", () => {
  assert.deepEqual(names(state({ sort: { column: "name", descending: true } })), ["venues", "trades", "settings", "n", "label"]);
  assert.deepEqual(names(state({ sort: { column: "type", descending: false } })), ["venues", "trades", "n", "settings", "label"]);
  // trades: 300,000 cells; label and venues: 5 (kernel order kept); settings 3; n has no size.
  assert.deepEqual(names(state({ sort: { column: "size", descending: true } })), ["trades", "venues", "label", "settings", "n"]);
  assert.deepEqual(names(state({ sort: { column: "size", descending: false } })), ["settings", "venues", "label", "trades", "n"]);
  assert.deepEqual(names(state({ sort: { column: "preview", descending: false } })), ["label", "venues", "settings", "n", "trades"], "punctuation before digits before letters");
});

test("the sort is stable: equal keys keep the kernel's order, whichever direction", () => {
  const same: VariableInfo[] = ["c", "a", "d", "b"].map((name) => ({ name, type: "number", size: 1, preview: "1" }));
  assert.deepEqual(gridRows(same, state({ sort: { column: "type", descending: false } })).rows.map((r) => r.name), ["c", "a", "d", "b"]);
  assert.deepEqual(gridRows(same, state({ sort: { column: "size", descending: true } })).rows.map((r) => r.name), ["c", "a", "d", "b"]);
});

test("names sort the way people read them: case aside, numbers by value", () => {
  const list: VariableInfo[] = ["run10", "Run2", "alpha", "run1"].map((name) => ({ name, type: "number", preview: "0" }));
  assert.deepEqual(gridRows(list, state()).rows.map((r) => r.name), ["alpha", "run1", "Run2", "run10"]);
});

test("a header click sorts by its column, again the other way; size starts with the largest", () => {
  assert.deepEqual(nextSort({ column: "name", descending: false }, "name"), { column: "name", descending: true });
  assert.deepEqual(nextSort({ column: "name", descending: true }, "type"), { column: "type", descending: false });
  assert.deepEqual(nextSort({ column: "name", descending: false }, "size"), { column: "size", descending: true });
  assert.deepEqual(nextSort({ column: "size", descending: true }, "size"), { column: "size", descending: false });
});

test("an expanded row shows its members under it, in their own order, whatever the sort", () => {
  const expanded = toggleExpanded(new Set(), "settings", LIST);
  const grid = gridRows(LIST, state({ expanded, sort: { column: "name", descending: true } }));
  assert.deepEqual(grid.rows.map((r) => r.key), ["venues", "trades", "settings", "settings.window", "settings.venue", "settings.ratio", "n", "label"]);
  const settings = grid.rows.find((r) => r.key === "settings")!;
  assert.equal(settings.expanded, true);
  const member = grid.rows.find((r) => r.key === "settings.venue")!;
  assert.deepEqual({ name: member.name, depth: member.depth, type: member.type, preview: member.preview, table: member.table }, { name: "venue", depth: 1, type: "string", preview: "'okx'", table: false });
  // Toggling again collapses.
  assert.deepEqual([...toggleExpanded(expanded, "settings", LIST)], []);
});

test("only rows with members expand; names the kernel no longer has are forgotten", () => {
  assert.deepEqual([...toggleExpanded(new Set(), "n", LIST)], []);
  assert.deepEqual([...toggleExpanded(new Set(), "missing", LIST)], []);
  const both = toggleExpanded(toggleExpanded(new Set(), "settings", LIST), "venues", LIST);
  assert.deepEqual([...both].sort(), ["settings", "venues"]);
  const afterRestart = LIST.filter((v) => v.name !== "settings");
  assert.deepEqual([...toggleExpanded(both, "venues", afterRestart)], []);
  // A hidden row's expansion does not show members: the row itself is not drawn.
  const hiddenParent: VariableInfo[] = [{ name: "mod", type: "Object", preview: "{}", kind: "import", children: [{ name: "x", type: "number", preview: "1" }] }];
  assert.deepEqual(gridRows(hiddenParent, state({ expanded: new Set(["mod"]) })).rows, []);
  assert.deepEqual(gridRows(hiddenParent, state({ expanded: new Set(["mod"]), showAll: true })).rows.map((r) => r.key), ["mod", "mod.x"]);
});
