/**
 * Output of a cell's async work after the cell ended (a timer it started, a promise it did
 * not await): added to that cell, as Jupyter does, by a short execution that appends it and
 * restores the cell's last status and timing (an error among it marks the cell failed). Bursts
 * (a setInterval printing) are batched.
 */
import * as vscode from "vscode";
import type { OutputMessage } from "../kernels/protocol";
import { CellOutputWriter } from "./cell-output-writer";
import type { NotebookSession } from "./kernel/session";

const BATCH_MS = 100;

export function forwardLateOutput(controller: vscode.NotebookController, session: NotebookSession): vscode.Disposable {
  const pending = new Map<vscode.NotebookCell, OutputMessage[]>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    for (const [cell, messages] of pending) {
      pending.delete(cell);
      // A cell running again has cleared its outputs: old output no longer belongs there.
      if (session.runningCell === cell || cell.notebook.isClosed) continue;
      try {
        const execution = controller.createNotebookCellExecution(cell);
        const last = session.lastRuns.get(cell);
        // Without these, VS Code would show the cell as never run.
        execution.executionOrder = last?.order;
        execution.start(last?.start);
        const writer = new CellOutputWriter(execution, { existing: cell.outputs });
        for (const msg of messages) writer.write(msg);
        writer.flush();
        // An error of the cell's async work fails the cell, as if the cell had thrown it.
        const success = messages.some((m) => m.type === "error") ? false : last?.success;
        execution.end(success, last?.end);
        if (last) session.lastRuns.set(cell, { ...last, success });
      } catch {
        // Another controller owns the notebook now, or the cell is queued: drop the output.
      }
    }
  };

  return session.onLateOutput((msg) => {
    const cell = session.cellOf(msg.id);
    if (!cell) return;
    pending.set(cell, [...(pending.get(cell) ?? []), msg]);
    if (!timer) timer = setTimeout(flush, BATCH_MS);
  });
}
