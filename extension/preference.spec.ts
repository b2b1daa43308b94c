import { test } from "node:test";
import assert from "node:assert/strict";
import { fileMetadata, isPreferredNotebook, notebookHints } from "./preference";

const nb = (metadata: Record<string, unknown>) => ({ metadata, nbformat: 4, nbformat_minor: 5 });

test("a cascade-ts or tslab kernelspec makes the controller preferred", () => {
  for (const name of ["cascade-ts", "tslab", "TSLab"]) {
    assert.equal(isPreferredNotebook(notebookHints(nb({ kernelspec: { name, display_name: "x" } }), [])), true, name);
  }
});

test("a TypeScript or JavaScript language makes it preferred, whatever the kernelspec", () => {
  assert.equal(isPreferredNotebook(notebookHints(nb({ kernelspec: { name: "deno" }, language_info: { name: "typescript" } }), [])), true);
  assert.equal(isPreferredNotebook(notebookHints(nb({ kernelspec: { name: "javascript", language: "javascript" } }), [])), true);
  assert.equal(isPreferredNotebook(notebookHints(nb({ language_info: { name: "TypeScript" } }), ["python"])), true);
});

test("a Python notebook is not preferred", () => {
  const hints = notebookHints(nb({ kernelspec: { name: "python3", language: "python" }, language_info: { name: "python" } }), ["python"]);
  assert.equal(isPreferredNotebook(hints), false);
  assert.equal(isPreferredNotebook(notebookHints(nb({ kernelspec: { name: "ir" } }), ["typescript"])), false);
});

test("without metadata, the code cells decide", () => {
  assert.equal(isPreferredNotebook(notebookHints(undefined, ["typescript", "javascript"])), true);
  assert.equal(isPreferredNotebook(notebookHints({}, ["typescript", "python"])), false);
  assert.equal(isPreferredNotebook(notebookHints({}, [])), false);
});

test("metadata is found where older VS Code releases kept it", () => {
  assert.deepEqual(fileMetadata({ custom: { metadata: { kernelspec: { name: "tslab" } } } }), { kernelspec: { name: "tslab" } });
  assert.equal(isPreferredNotebook(notebookHints({ custom: { metadata: { kernelspec: { name: "tslab" } } } }, [])), true);
});
