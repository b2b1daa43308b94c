/**
 * Type and syntax problems in cells, each checked against the cells above it, as warnings by
 * default (a cell with a type error still runs) or errors with `cascade.typeCheck: "error"`.
 * Rechecked shortly after an edit; an edit in one cell can change the cells below it, so the
 * whole notebook is rechecked, newest request winning.
 */
import * as vscode from "vscode";
import type { CellTypeDiagnostic } from "../../kernels/protocol";
import type { Sessions } from "../kernel/sessions";
import { readSettings } from "../settings";
import { cellsBefore, isKernelLanguage } from "./cells-before";
import { cellTexts, findCell } from "./cell-context";
import { diagnosticSeverity, zeroBasedRange } from "./convert";
import { withTimeout } from "./with-timeout";
import { isCascadeNotebook } from "../controller";

const DEBOUNCE_MS = 500;
const CHECK_MS = 8000;

export function registerDiagnostics(sessions: Sessions): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection("cascade");
  const timers = new Map<string, NodeJS.Timeout>();
  const generation = new Map<string, number>();

  async function check(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    const gen = (generation.get(key) ?? 0) + 1;
    generation.set(key, gen);
    const mode = readSettings(notebook.uri).typeCheck;
    const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && isKernelLanguage(c.document.languageId));
    if (mode === "off" || !vscode.workspace.isTrusted || cells.length === 0) {
      for (const c of cells) collection.delete(c.document.uri);
      return;
    }
    const kernel = await withTimeout(sessions.get(notebook).kernel(), CHECK_MS, undefined);
    if (!kernel) return;
    const texts = cellTexts(notebook);
    const replies = await Promise.all(
      cells.map((c) => withTimeout(kernel.diagnostics(c.document.getText(), cellsBefore(texts, c.index), c.document.languageId as "typescript" | "javascript"), CHECK_MS, undefined)),
    );
    if (generation.get(key) !== gen || notebook.isClosed) return;
    cells.forEach((cell, i) => {
      const reply = replies[i];
      // No answer (kernel busy running a cell): keep what was shown.
      if (!reply) return;
      collection.set(cell.document.uri, reply.diagnostics.flatMap((d) => toDiagnostic(d, mode)));
    });
  }

  function schedule(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => void check(notebook), DEBOUNCE_MS));
  }

  const onOpen = (nb: vscode.NotebookDocument) => {
    if (isCascadeNotebook(nb)) schedule(nb);
  };
  vscode.workspace.notebookDocuments.forEach(onOpen);

  return [
    collection,
    vscode.workspace.onDidOpenNotebookDocument(onOpen),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme !== "vscode-notebook-cell" || !isKernelLanguage(e.document.languageId)) return;
      const cell = findCell(e.document);
      if (cell) schedule(cell.notebook);
    }),
    vscode.workspace.onDidChangeNotebookDocument((e) => {
      if (e.contentChanges.length > 0) schedule(e.notebook);
    }),
    vscode.workspace.onDidCloseNotebookDocument((nb) => {
      clearTimeout(timers.get(nb.uri.toString()));
      for (const c of nb.getCells()) collection.delete(c.document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("cascade.typeCheck")) vscode.workspace.notebookDocuments.forEach(onOpen);
    }),
  ];
}

function toDiagnostic(d: CellTypeDiagnostic, mode: "off" | "warn" | "error"): vscode.Diagnostic[] {
  const severity = diagnosticSeverity(d, mode);
  if (!severity) return [];
  const [l1, c1, l2, c2] = zeroBasedRange(d);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(l1, c1, l2, c2), d.message, vscode.DiagnosticSeverity[severity]);
  diagnostic.source = "cascade";
  diagnostic.code = d.code;
  return [diagnostic];
}
