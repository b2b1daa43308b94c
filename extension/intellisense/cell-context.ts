/**
 * For a cell's text document: its notebook's session and the cells above it, which every
 * IntelliSense request sends as context. Starts the notebook's kernel if it has none yet (so
 * completions work before anything ran), never in Restricted Mode.
 */
import * as vscode from "vscode";
import type { CellSource } from "../../kernels/protocol";
import type { Kernel } from "../../kernels/client";
import type { Sessions } from "../kernel/sessions";
import { cellsBefore, isKernelLanguage, type KernelLanguage } from "./cells-before";
import { withTimeout } from "./with-timeout";
import { log } from "../log";

/** The notebook type and languages the providers serve. */
export const CELL_SELECTOR: vscode.DocumentFilter[] = [
  { notebookType: "jupyter-notebook", language: "typescript" },
  { notebookType: "jupyter-notebook", language: "javascript" },
];

/** How long a request may wait for the kernel (it answers between cells, not during one). */
export const REQUEST_MS = 3000;
const START_MS = 15000;

export interface CellContext {
  kernel: Kernel;
  notebook: vscode.NotebookDocument;
  cell: vscode.NotebookCell;
  cells: CellSource[];
  language: KernelLanguage;
}

export function findCell(document: vscode.TextDocument): vscode.NotebookCell | undefined {
  const key = document.uri.toString();
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (notebook.uri.path !== document.uri.path) continue;
    const cell = notebook.getCells().find((c) => c.document === document || c.document.uri.toString() === key);
    if (cell) return cell;
  }
  return undefined;
}

export function cellTexts(notebook: vscode.NotebookDocument) {
  return notebook.getCells().map((c) => ({
    kind: c.kind === vscode.NotebookCellKind.Code ? ("code" as const) : ("markup" as const),
    language: c.document.languageId,
    text: c.document.getText(),
  }));
}

export async function cellContext(document: vscode.TextDocument, sessions: Sessions): Promise<CellContext | undefined> {
  if (!vscode.workspace.isTrusted || !isKernelLanguage(document.languageId)) return undefined;
  const cell = findCell(document);
  if (!cell) {
    log().trace(`no notebook cell for ${document.uri.toString()}`);
    return undefined;
  }
  const kernel = await withTimeout(sessions.get(cell.notebook).kernel(), START_MS, undefined);
  if (!kernel) return undefined;
  return { kernel, notebook: cell.notebook, cell, cells: cellsBefore(cellTexts(cell.notebook), cell.index), language: document.languageId };
}
