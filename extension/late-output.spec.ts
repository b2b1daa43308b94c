/**
 * Late output in VS Code, against a stand-in for the `vscode` module: output of a cell's async
 * work after the cell ended is added to that cell, and an error among it marks the cell failed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
// The stand-in answers `require("vscode")` from here on (see the module).
import "./testing/vscode-stand-in";
import type { CellOutput } from "./testing/vscode-stand-in";
import type { OutputMessage } from "../kernels/protocol";

interface Ended {
  success: boolean | undefined;
  outputs: CellOutput[];
}

async function lateRun(messages: OutputMessage[], lastSuccess: boolean) {
  const { forwardLateOutput } = await import("./late-output");
  const cell = { notebook: { isClosed: false }, outputs: [] as CellOutput[] };
  const ended: Ended[] = [];
  const controller = {
    createNotebookCellExecution: () => {
      const run: Ended = { success: undefined, outputs: [] };
      return {
        executionOrder: 0,
        start: () => undefined,
        appendOutput: (o: CellOutput) => void run.outputs.push(o),
        appendOutputItems: () => undefined,
        replaceOutputItems: () => undefined,
        end: (success: boolean | undefined) => void ended.push({ ...run, success }),
      };
    },
  };
  let listener: ((m: OutputMessage) => void) | undefined;
  const lastRuns = new Map([[cell, { order: 1, success: lastSuccess, start: 1, end: 2 }]]);
  const session = {
    runningCell: undefined,
    lastRuns,
    cellOf: (id: string) => (id === "exec-1" ? cell : undefined),
    onLateOutput: (l: (m: OutputMessage) => void) => {
      listener = l;
      return { dispose: () => undefined };
    },
  };
  forwardLateOutput(controller as never, session as never);
  for (const m of messages) listener!(m);
  await new Promise((r) => setTimeout(r, 200));
  return { ended, lastRun: lastRuns.get(cell) };
}

test("late output of a cell that succeeded keeps it successful", async () => {
  const { ended, lastRun } = await lateRun([{ type: "stream", id: "exec-1", name: "stdout", text: "tick\n" }], true);
  assert.equal(ended.length, 1);
  assert.equal(ended[0].success, true);
  assert.equal(lastRun?.success, true);
});

test("an error of async work after the cell ended shows in the cell and marks it failed", async () => {
  const { ended, lastRun } = await lateRun([{ type: "error", id: "exec-1", ename: "Error", evalue: "boom in timer", traceback: ["Error: boom in timer"], origin: "uncaught" }], true);
  assert.equal(ended.length, 1);
  assert.equal(ended[0].success, false);
  assert.equal(ended[0].outputs[0].metadata?.outputType, "error");
  assert.equal(lastRun?.success, false, "the cell's remembered status is failed too");
});
