import { test } from "node:test";
import assert from "node:assert/strict";
import { COMPLETION_KIND, diagnosticSeverity, sortText, touches, zeroBasedRange } from "./convert";

test("every kernel completion kind has a VS Code kind", () => {
  assert.equal(COMPLETION_KIND.variable, "Variable");
  assert.equal(COMPLETION_KIND.type, "TypeParameter");
  assert.equal(Object.keys(COMPLETION_KIND).length, 11);
});

test("type errors are warnings unless the setting is strict", () => {
  assert.equal(diagnosticSeverity({ severity: "error" }, "warn"), "Warning");
  assert.equal(diagnosticSeverity({ severity: "error" }, "error"), "Error");
  assert.equal(diagnosticSeverity({ severity: "warning" }, "error"), "Warning");
  assert.equal(diagnosticSeverity({ severity: "error" }, "off"), undefined);
});

test("ranges become zero-based and never inverted", () => {
  assert.deepEqual(zeroBasedRange({ line: 2, column: 5, endLine: 2, endColumn: 9 }), [1, 4, 1, 8]);
  assert.deepEqual(zeroBasedRange({ line: 3, column: 4, endLine: 1, endColumn: 1 }), [2, 3, 2, 3]);
  assert.deepEqual(zeroBasedRange({ line: 0, column: 0, endLine: 0, endColumn: 0 }), [0, 0, 0, 0]);
});

test("sort text keeps order", () => {
  assert.ok(sortText(2) < sortText(10));
});

test("an edit takes away the problems on the lines it touched", () => {
  const at = (a: number, b = a) => ({ start: { line: a }, end: { line: b } });
  assert.equal(touches(at(3), at(3)), true);
  assert.equal(touches(at(2, 4), at(4, 6)), true);
  assert.equal(touches(at(3), at(4)), false);
  assert.equal(touches(at(5), at(1, 2)), false);
});
