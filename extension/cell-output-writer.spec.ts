/**
 * The cell output writer under a flood, against a stand-in for the `vscode` module (VS Code's
 * API exists only inside VS Code; test/e2e/flood.spec.ts runs the real one): writes are
 * batched into a few calls, the cell keeps the first and last lines with the note, and a
 * display updated in a loop is replaced once per batch, ending in its last state.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CellOutput, OutputItem } from "./testing/vscode-stand-in";

/** An execution that applies each call to its outputs, as VS Code does, and counts the calls. */
function execution() {
  const outputs: CellOutput[] = [];
  const calls = { appendOutput: 0, appendOutputItems: 0, replaceOutputItems: 0, replaceOutput: 0 };
  return {
    outputs,
    calls,
    exec: {
      appendOutput: async (o: CellOutput) => void (calls.appendOutput++, outputs.push(o)),
      appendOutputItems: async (item: OutputItem, o: CellOutput) => void (calls.appendOutputItems++, (o.items = [...o.items, item])),
      replaceOutputItems: async (items: OutputItem | OutputItem[], o: CellOutput) => void (calls.replaceOutputItems++, (o.items = Array.isArray(items) ? items : [items])),
      replaceOutput: async (all: CellOutput[]) => void (calls.replaceOutput++, outputs.splice(0, outputs.length, ...all)),
    },
  };
}

const textOf = (outputs: CellOutput[]) => outputs.map((o) => `${o.items[0].mime.split(".").pop()}: ${o.items.map((i) => String(i.data)).join("")}`);

test("100,000 lines written one by one reach VS Code in a few calls, first and last lines with the note", async () => {
  const { CellOutputWriter } = await import("./cell-output-writer");
  const { outputs, calls, exec } = execution();
  const writer = new CellOutputWriter(exec as never, { limits: { lines: 10, chars: 100_000 } });
  for (let i = 0; i < 100_000; i++) writer.write({ type: "stream", id: "e", name: "stdout", text: `line ${i}\n` });
  writer.write({ type: "stream", id: "e", name: "stderr", text: "done\n" });
  writer.flush();
  const total = calls.appendOutput + calls.appendOutputItems + calls.replaceOutputItems + calls.replaceOutput;
  assert.ok(total <= 5, `${JSON.stringify(calls)}`);
  assert.deepEqual(textOf(outputs), [
    "stdout: line 0\nline 1\nline 2\nline 3\nline 4\n" +
      "[... 99,991 lines (1.1 million characters) left out of 100,001: the first 5 and the last 5 are kept; the setting cascade.output.lineLimit keeps more (0: all) ...]\n" +
      "line 99996\nline 99997\nline 99998\nline 99999\n",
    "stderr: done\n",
  ]);
});

test("batches while the first lines come are appended to the same output; a moving tail replaces its text", async () => {
  const { CellOutputWriter } = await import("./cell-output-writer");
  const { outputs, calls, exec } = execution();
  const writer = new CellOutputWriter(exec as never, { limits: { lines: 4, chars: 100_000 } });
  writer.write({ type: "stream", id: "e", name: "stdout", text: "a\n" });
  writer.flush();
  writer.write({ type: "stream", id: "e", name: "stdout", text: "b\n" });
  writer.flush();
  assert.deepEqual(calls, { appendOutput: 1, appendOutputItems: 1, replaceOutputItems: 0, replaceOutput: 0 });
  for (const l of ["c", "d", "e", "f"]) writer.write({ type: "stream", id: "e", name: "stdout", text: `${l}\n` });
  writer.flush();
  for (const l of ["g", "h"]) writer.write({ type: "stream", id: "e", name: "stdout", text: `${l}\n` });
  writer.flush();
  assert.equal(calls.replaceOutput, 0);
  assert.equal(outputs.length, 1);
  assert.deepEqual(textOf(outputs), ["stdout: a\nb\n[... 4 lines (8 characters) left out of 8: the first 2 and the last 2 are kept; the setting cascade.output.lineLimit keeps more (0: all) ...]\ng\nh\n"]);
});

test("a display updated 10,000 times is replaced once per batch and ends in its last state", async () => {
  const { CellOutputWriter } = await import("./cell-output-writer");
  const { outputs, calls, exec } = execution();
  const writer = new CellOutputWriter(exec as never);
  writer.write({ type: "display", id: "e", data: { "text/plain": "0" }, metadata: {}, displayId: "p" });
  writer.flush();
  for (let i = 1; i <= 10_000; i++) writer.write({ type: "display", id: "e", data: { "text/plain": String(i) }, metadata: {}, displayId: "p", update: true });
  writer.flush();
  assert.equal(calls.replaceOutputItems, 1);
  assert.equal(outputs.length, 1);
  assert.equal(outputs[0].items[0].data, "10000");
});

test("late output continues the cell's last stream output and keeps the outputs before it", async () => {
  const { CellOutputWriter } = await import("./cell-output-writer");
  const { outputs, calls, exec } = execution();
  const before = [new CellOutput([OutputItem.text("chart")]), new CellOutput([OutputItem.stdout("first\n")])];
  outputs.push(...before);
  const writer = new CellOutputWriter(exec as never, { existing: before as never });
  writer.write({ type: "stream", id: "e", name: "stdout", text: "later\n" });
  writer.write({ type: "stream", id: "e", name: "stderr", text: "oops\n" });
  writer.flush();
  assert.equal(calls.replaceOutput, 0);
  assert.deepEqual(textOf(outputs), ["text/plain: chart", "stdout: first\nlater\n", "stderr: oops\n"]);
});
