import { test } from "node:test";
import assert from "node:assert/strict";
import { bundleItems, errorItem, isJsonMime } from "./output-items";

test("vendor JSON types first, text/plain last, others in the kernel's order", () => {
  const items = bundleItems({
    "text/plain": "3 rows",
    "text/html": "<table></table>",
    "application/vnd.cascade.frame+json": { columns: [], length: 0, rows: [] },
    "image/svg+xml": "<svg/>",
  });
  assert.deepEqual(items.map((i) => i.mime), ["application/vnd.cascade.frame+json", "text/html", "image/svg+xml", "text/plain"]);
});

test("JSON types carry values, images base64, the rest text", () => {
  const items = bundleItems({
    "application/vnd.plotly.v1+json": { data: [{ type: "bar" }] },
    "application/json": '{"a":1}',
    "image/png": "iVBORw0K\nGgo=",
    "text/markdown": ["# a\n", "b"],
  });
  assert.deepEqual(items, [
    { mime: "application/vnd.plotly.v1+json", encoding: "json", value: { data: [{ type: "bar" }] } },
    { mime: "application/json", encoding: "json", value: { a: 1 } },
    { mime: "image/png", encoding: "base64", value: "iVBORw0KGgo=" },
    { mime: "text/markdown", encoding: "text", value: "# a\nb" },
  ]);
});

test("missing values are left out", () => {
  assert.deepEqual(bundleItems({ "text/plain": "x", "text/html": undefined }).map((i) => i.mime), ["text/plain"]);
});

test("isJsonMime", () => {
  assert.equal(isJsonMime("application/json"), true);
  assert.equal(isJsonMime("application/vnd.cascade.frame+json"), true);
  assert.equal(isJsonMime("application/javascript"), false);
});

test("errors keep their traceback as the stack", () => {
  assert.deepEqual(errorItem({ ename: "TypeError", evalue: "x is not a function", traceback: ["TypeError: x is not a function", "    at Cell 2:1:1"] }), {
    name: "TypeError",
    message: "x is not a function",
    stack: "TypeError: x is not a function\n    at Cell 2:1:1",
  });
  assert.equal(errorItem({ ename: "E", evalue: "v", traceback: [] }).stack, "E: v");
});
