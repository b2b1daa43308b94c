import { test } from "node:test";
import assert from "node:assert/strict";
import { describeVariable, displayType, isIdentifier, sortVariables, variableIcon, visibleVariables } from "./describe";

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

test("imports, functions and classes are hidden until shown; tables read rows x columns", () => {
  const list = [
    { name: "Frame", type: "class", preview: "[class Frame]", kind: "import" as const },
    { name: "drawdown", type: "function", preview: "[Function]", kind: "import" as const },
    { name: "helper", type: "function", preview: "[Function]", kind: "function" as const },
    { name: "btc", type: "Frame", size: 1992, preview: "Frame", kind: "value" as const, shape: [1992, 6] as [number, number] },
    { name: "n", type: "number", preview: "3", kind: "value" as const },
  ];
  assert.deepEqual(visibleVariables(list, false).map((v) => v.name), ["btc", "n"]);
  assert.equal(visibleVariables(list, true).length, 5);
  assert.equal(describeVariable(list[3]), "Frame · 1,992 × 6 · Frame");
  assert.deepEqual(sortVariables(list, "size").map((v) => v.name).slice(0, 1), ["btc"]);
  assert.deepEqual(sortVariables(list, "type").map((v) => v.name), ["Frame", "btc", "drawdown", "helper", "n"]);
  assert.deepEqual(sortVariables(list, "name").map((v) => v.name), ["btc", "drawdown", "Frame", "helper", "n"]);
});
