/**
 * Running one cell: queue it behind the notebook's other cells, then send its code to the
 * kernel, stream the outputs into it, and end it with the kernel's status and timing.
 */
import * as vscode from "vscode";
import { CellOutputWriter } from "./cell-output-writer";
import { limitsForLines } from "../kernels/stream-limit";
import { readOutputLineLimit } from "./settings";
import { isKernelLanguage } from "./intellisense/cells-before";
import type { NotebookSession } from "./kernel/session";
import { UntrustedWorkspaceError } from "./kernel/session";
import type { QueuedJob } from "./run-queue";
import { explainRestrictedMode } from "./trust";

/** The cell's name in stack traces and errors: its position, as the user counts. */
export const cellName = (cell: vscode.NotebookCell) => `Cell ${cell.index + 1}`;

/** How a cell runs under the debugger (Debug Cell, Run by Line). */
export interface DebugRun {
  /** Pause before the cell's first statement (Run by Line). */
  pauseAtStart: boolean;
  /** Called with whether the cell succeeded, once it ended (or was aborted before running). */
  ended?: (success: boolean | undefined) => void;
}

/** Queue `cell` to run in `session`; it shows as pending until its turn. */
export function enqueueCell(controller: vscode.NotebookController, session: NotebookSession, cell: vscode.NotebookCell, debug?: DebugRun): void {
  const execution = controller.createNotebookCellExecution(cell);
  let started = false;
  const job: QueuedJob = {
    run: async () => {
      started = true;
      const ok = await runCell(execution, session, cell, debug);
      debug?.ended?.(ok);
      return ok;
    },
    abort: () => {
      if (!started) {
        execution.end(undefined);
        debug?.ended?.(undefined);
      }
    },
  };
  execution.token.onCancellationRequested(() => {
    if (!session.queue.remove(job) && session.runningCell === cell) session.interrupt();
  });
  session.queue.push(job);
}

async function runCell(execution: vscode.NotebookCellExecution, session: NotebookSession, cell: vscode.NotebookCell, debug?: DebugRun): Promise<boolean> {
  const start = Date.now();
  const order = ++session.executionCount;
  execution.executionOrder = order;
  execution.start(start);
  await execution.clearOutput();
  const writer = new CellOutputWriter(execution, { limits: limitsForLines(readOutputLineLimit(cell.notebook.uri)) });
  const finish = (success: boolean | undefined) => {
    writer.flush();
    const end = Date.now();
    execution.end(success, end);
    session.lastRuns.set(cell, { order, success, start, end });
    return success === true;
  };

  const language = cell.document.languageId;
  if (!isKernelLanguage(language)) {
    writer.writeHostError("UnsupportedLanguage", `The Cascade kernel runs TypeScript and JavaScript cells; this cell is ${language}. Change the cell's language, or pick another kernel.`);
    return finish(false);
  }

  let kernel;
  try {
    kernel = await session.kernel();
  } catch (err) {
    if (err instanceof UntrustedWorkspaceError) {
      writer.writeHostError(err.name, err.message);
      void explainRestrictedMode();
    } else writer.writeHostError("KernelNotStarted", `The kernel did not start: ${(err as Error).message}`);
    return finish(false);
  }

  session.setRunning(cell);
  try {
    // The cell's URI names its source map's source: a debugger attached now or later shows
    // this cell and stops at its breakpoints (extension/debug/).
    const result = await kernel.execute(cell.document.getText(), {
      cellName: cellName(cell),
      language,
      cellUri: cell.document.uri.toString(),
      pauseAtStart: debug?.pauseAtStart,
      onOutput: (o) => writer.write(o),
      keepOutputs: false,
    });
    session.remember(result.id, cell);
    void vscode.commands.executeCommand("setContext", "cascade.ranCell", true);
    if (result.status === "aborted") return finish(undefined);
    return finish(result.status === "ok");
  } catch (err) {
    writer.writeHostError("KernelError", (err as Error).message);
    return finish(false);
  } finally {
    session.setRunning(undefined);
    session.didExecute();
  }
}
