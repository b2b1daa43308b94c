/**
 * The name a debugger knows a notebook cell by. A host names each cell's document with
 * `ExecuteRequest.cellUri` (in VS Code a `vscode-notebook-cell:` URI); the kernel's source map of
 * that cell names `cellDebugPath(cellUri)` as its source, and the VS Code extension translates
 * between the two in the debug adapter's messages (extension/debug/). A plain absolute path,
 * because debuggers resolve source map sources as files; the file need not exist (the map
 * carries the cell's text). Deterministic, so host and kernel agree without asking each other.
 *
 * @example
 *   cellDebugPath("vscode-notebook-cell:/home/a/nb.ipynb#W2sZmlsZQ%3D%3D")
 *   // "/home/a/nb.ipynb.cell-5d41402abc4b.ts"
 */
import { createHash } from "node:crypto";

export function cellDebugPath(cellUri: string): string {
  const hash = createHash("sha1").update(cellUri).digest("hex").slice(0, 12);
  // The notebook's own path (before the fragment that names the cell), decoded.
  const match = /^[a-z][\w+.-]*:(?:\/\/[^/]*)?([^#?]*)/i.exec(cellUri);
  let notebook = match?.[1] ?? "";
  try {
    notebook = decodeURIComponent(notebook);
  } catch {
    // A malformed escape: keep the text as it is.
  }
  if (/^\/[a-z]:\//i.test(notebook)) notebook = notebook.slice(1); // Windows: /c:/x -> c:/x
  if (!notebook || notebook === "/") notebook = "/notebook";
  return `${notebook}.cell-${hash}.ts`;
}
