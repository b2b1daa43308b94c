import { test } from "node:test";
import assert from "node:assert/strict";
import { describeVariable, displayType, isIdentifier, variableIcon } from "./describe";

test("type, size and a one-line preview", () => {
  assert.equal(describeVariable({ name: "btc", type: "Frame", size: 2016, preview: "Frame(2016 rows\n x 6 columns)" }), "Frame · 2,016 · Frame(2016 rows x 6 columns)");
  assert.equal(describeVariable({ name: "x", type: "number", preview: "42" }), "number · 42");
  assert.equal(describeVariable({ name: "s", type: "string", size: 200, preview: "a".repeat(200) }, 10), `string · 200 · ${"a".repeat(9)}…`);
});

test("only identifiers are put into code", () => {
  assert.equal(isIdentifier("btc_2025"), true);
  assert.equal(isIdentifier("$x"), true);
  assert.equal(isIdentifier("a); process.exit(1"), false);
  assert.equal(isIdentifier("1a"), false);
});

test("icons and type names", () => {
  assert.equal(variableIcon("Frame"), "table");
  assert.equal(variableIcon("_Frame"), "table");
  assert.equal(variableIcon("Array(3)"), "symbol-array");
  assert.equal(variableIcon("Float64Array"), "symbol-array");
  assert.equal(variableIcon("Map"), "symbol-variable");
  assert.equal(displayType("_Frame"), "Frame");
  assert.equal(displayType("Map"), "Map");
  assert.equal(describeVariable({ name: "f", type: "_Frame", size: 3, preview: "x" }), "Frame · 3 · x");
});
