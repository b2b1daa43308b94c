/**
 * Which cell output shows which kernel table: output id -> the handle its display/result
 * message carried (kernels/PROTOCOL.md, "Tables"). Kept here, not in the output's metadata, so
 * nothing of a kernel's lifetime is saved into the notebook file; an output reopened from disk
 * has no handle and its viewer browses the rows it holds.
 */
const handles = new Map<string, string>();

/** Record (or, with no handle, forget) the table an output shows; a display update replaces it. */
export function noteTable(id: string, handle: string | undefined): void {
  if (!id) return;
  if (handle) handles.set(id, handle);
  else handles.delete(id);
}

export function tableOfOutput(outputId: string): string | undefined {
  return handles.get(outputId);
}

/**
 * An output's id: what a renderer sees as its output item's id. VS Code gives every
 * NotebookCellOutput one (kept when the output is read back from the document) but the
 * public typings do not declare it.
 */
export function outputId(output: object): string {
  return String((output as { id?: unknown }).id ?? "");
}
