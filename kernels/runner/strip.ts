/**
 * Clean notebooks for git: drop outputs, or only what changes on every run (timings, execution
 * counts), so a committed notebook changes when its content does, not when it was re-run.
 *
 * @example stripNotebook(nb, { outputs: false }) // timings and counts gone, outputs kept
 */
import type { Notebook } from "../notebook";

export interface StripOptions {
  /** Remove outputs too (default false: keep them, drop only volatile metadata). */
  outputs?: boolean;
}

/** Metadata keys that record when or how long a cell ran. */
const VOLATILE_CELL_METADATA = ["execution", "ExecuteTime", "collapsed_timing"];

export function stripNotebook(nb: Notebook, { outputs = false }: StripOptions = {}): Notebook {
  for (const cell of nb.cells) {
    for (const key of VOLATILE_CELL_METADATA) delete (cell.metadata as Record<string, unknown>)[key];
    if (cell.cell_type !== "code") continue;
    cell.execution_count = null;
    if (outputs) {
      cell.outputs = [];
      continue;
    }
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "execute_result") out.execution_count = null;
    }
  }
  return nb;
}
