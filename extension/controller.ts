/**
 * The notebook controller "TypeScript (Cascade)" for VS Code's `jupyter-notebook` type (plain
 * .ipynb files, read and written by VS Code's built-in ipynb serializer). One controller only:
 * VS Code 1.100 (code-server) selects a kernel by itself only when an extension registers a
 * single controller for the notebook type, and it is marked preferred for TypeScript notebooks
 * (preference.ts) so it wins the picker when other kernels exist.
 */
import * as vscode from "vscode";
import { enqueueCell } from "./execute-cell";
import type { Sessions } from "./kernel/sessions";
import { forwardLateOutput } from "./late-output";
import { isPreferredNotebook, notebookHints } from "./preference";

export const CONTROLLER_ID = "cascade-typescript";
export const NOTEBOOK_TYPE = "jupyter-notebook";

/** Whether this controller is the preferred kernel of `notebook` (preference.ts). */
export function isCascadeNotebook(notebook: vscode.NotebookDocument): boolean {
  if (notebook.notebookType !== NOTEBOOK_TYPE) return false;
  const languages = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => c.document.languageId);
  return isPreferredNotebook(notebookHints(notebook.metadata, languages));
}

export function createController(sessions: Sessions): { controller: vscode.NotebookController; disposables: vscode.Disposable[] } {
  const controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, "TypeScript (Cascade)");
  controller.supportedLanguages = ["typescript", "javascript"];
  controller.supportsExecutionOrder = true;
  controller.description = "Cascade Notebooks";
  controller.detail = "TypeScript and JavaScript cells in a Node.js kernel";
  controller.executeHandler = (cells, notebook) => {
    const session = sessions.get(notebook);
    for (const cell of cells) enqueueCell(controller, session, cell);
  };
  controller.interruptHandler = (notebook) => sessions.find(notebook)?.interrupt();

  const prefer = (notebook: vscode.NotebookDocument) => {
    if (isCascadeNotebook(notebook)) controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
  };
  vscode.workspace.notebookDocuments.forEach(prefer);

  const disposables: vscode.Disposable[] = [
    controller,
    vscode.workspace.onDidOpenNotebookDocument(prefer),
    // The subscription ends with the session (its emitters are disposed with the notebook).
    sessions.onDidCreate((session) => void forwardLateOutput(controller, session)),
  ];
  return { controller, disposables };
}
