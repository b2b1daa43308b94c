import { test } from "node:test";
import assert from "node:assert/strict";
import { cellsBefore, isKernelLanguage } from "./cells-before";

const cells = [
  { kind: "markup" as const, language: "markdown", text: "# title" },
  { kind: "code" as const, language: "typescript", text: "const a = 1;" },
  { kind: "code" as const, language: "python", text: "x = 1" },
  { kind: "code" as const, language: "javascript", text: "var b = a + 1;" },
  { kind: "code" as const, language: "typescript", text: "a + b" },
];

test("only TypeScript and JavaScript code cells above, in file order", () => {
  assert.deepEqual(cellsBefore(cells, 4), [
    { code: "const a = 1;", language: "typescript" },
    { code: "var b = a + 1;", language: "javascript" },
  ]);
});

test("the first cell has no context", () => {
  assert.deepEqual(cellsBefore(cells, 0), []);
  assert.deepEqual(cellsBefore(cells, -1), []);
});

test("kernel languages", () => {
  assert.equal(isKernelLanguage("typescript"), true);
  assert.equal(isKernelLanguage("python"), false);
});
