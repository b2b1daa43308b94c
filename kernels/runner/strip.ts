/**
 * Clean notebooks for git: drop what changes on every run (timings), number execution counts
 * 1..n in cell order as `cascade run` writes them, or drop outputs and counts altogether; so a
 * committed notebook changes when its content does, not when it was re-run.
 *
 * @example stripNotebook(nb) // timings gone, counts 1..n, outputs kept
 */
import type { Notebook } from "../notebook";

export interface StripOptions {
  /** Remove outputs too, and with them the execution counts (default false). */
  outputs?: boolean;
  /**
   * Execution counts: "renumber" (the default) numbers the cells that ran 1..n in cell order,
   * exactly as `cascade run` writes them, so a notebook it wrote passes unchanged; "clear" empties them.
   */
  counts?: "renumber" | "clear";
}

/** Metadata keys that record when or how long a cell ran. */
const VOLATILE_CELL_METADATA = ["execution", "ExecuteTime", "collapsed_timing"];

export function stripNotebook(nb: Notebook, { outputs = false, counts = "renumber" }: StripOptions = {}): Notebook {
  let n = 0;
  for (const cell of nb.cells) {
    for (const key of VOLATILE_CELL_METADATA) delete (cell.metadata as Record<string, unknown>)[key];
    if (cell.cell_type !== "code") continue;
    if (outputs) {
      cell.execution_count = null;
      cell.outputs = [];
      continue;
    }
    const count = counts === "renumber" && typeof cell.execution_count === "number" ? ++n : null;
    cell.execution_count = count;
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "execute_result") out.execution_count = count;
    }
  }
  return nb;
}
