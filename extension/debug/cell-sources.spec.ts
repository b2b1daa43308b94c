import { test } from "node:test";
import assert from "node:assert/strict";
import { cellDebugPath } from "../../kernels/cell-source";
import { CellSourceMapper } from "./cell-sources";

const cell1 = "vscode-notebook-cell:/srv/desk/risk%20book.ipynb#W0sZmlsZQ%3D%3D";
const cell2 = "vscode-notebook-cell:/srv/desk/risk%20book.ipynb#W1sZmlsZQ%3D%3D";

test("cellDebugPath: an absolute .ts path beside the notebook, one per cell, stable", () => {
  const p1 = cellDebugPath(cell1);
  assert.match(p1, /^\/srv\/desk\/risk book\.ipynb\.cell-[0-9a-f]{12}\.ts$/);
  assert.notEqual(p1, cellDebugPath(cell2));
  assert.equal(p1, cellDebugPath(cell1));
  assert.match(cellDebugPath("vscode-notebook-cell:/c%3A/Users/x/nb.ipynb#W0"), /^c:\/Users\/x\/nb\.ipynb\.cell-/);
});

test("breakpoints go to the adapter as the cell's path; frames come back as the cell itself", () => {
  let cells = [{ uri: cell1, label: "risk book.ipynb, Cell 1" }];
  const mapper = new CellSourceMapper(() => cells);
  const setBreakpoints = { type: "request", command: "setBreakpoints", arguments: { source: { name: "risk book.ipynb", path: cell1 }, breakpoints: [{ line: 3 }] } };
  mapper.toAdapter(setBreakpoints);
  assert.equal(setBreakpoints.arguments.source.path, cellDebugPath(cell1));

  // A cell added after the mapper was made is found on first sight.
  cells = [...cells, { uri: cell2, label: "risk book.ipynb, Cell 2" }];
  const stack = {
    type: "response",
    command: "stackTrace",
    success: true,
    body: {
      stackFrames: [
        { id: 1, name: "scaled", line: 3, column: 3, source: { name: "x.ts", path: cellDebugPath(cell2), sourceReference: 7 } },
        { id: 2, name: "sum", line: 10, column: 1, source: { name: "stats.ts", path: "/ext/lib/stats.ts", sourceReference: 9 } },
      ],
    },
  };
  mapper.toEditor(stack);
  assert.deepEqual(stack.body.stackFrames[0].source, { name: "risk book.ipynb, Cell 2", path: cell2, sourceReference: 0 });
  assert.deepEqual(stack.body.stackFrames[1].source, { name: "stats.ts", path: "/ext/lib/stats.ts", sourceReference: 9 }, "other sources are left alone");

  const event = { type: "event", event: "breakpoint", body: { reason: "changed", breakpoint: { verified: true, line: 3, source: { path: cellDebugPath(cell1) } } } };
  mapper.toEditor(event);
  assert.equal(event.body.breakpoint.source.path, cell1);
  const other = { type: "request", command: "setBreakpoints", arguments: { source: { path: "/srv/desk/util.ts" } } };
  mapper.toAdapter(other);
  assert.equal(other.arguments.source.path, "/srv/desk/util.ts", "files stay files");
});
