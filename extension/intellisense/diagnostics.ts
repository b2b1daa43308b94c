/**
 * Type and syntax problems in cells, each checked against the cells above it, as warnings by
 * default (a cell with a type error still runs) or errors with `cascade.typeCheck: "error"`.
 * Rechecked shortly after an edit; an edit in one cell can change the cells below it, so the
 * whole notebook is rechecked, newest request winning. A problem an edit touched is taken away
 * at once (it may no longer apply: a name just completed), and the edited cell is checked first
 * and shown as soon as its answer comes, before the rest of the notebook.
 */
import * as vscode from "vscode";
import type { CellTypeDiagnostic } from "../../kernels/protocol";
import type { Sessions } from "../kernel/sessions";
import { readSettings } from "../settings";
import { cellsBefore, isKernelLanguage } from "./cells-before";
import { cellTexts, findCell } from "./cell-context";
import { diagnosticSeverity, touches, zeroBasedRange } from "./convert";
import { withTimeout } from "./with-timeout";
import { isCascadeNotebook } from "../controller";

const DEBOUNCE_MS = 500;
const CHECK_MS = 8000;

export function registerDiagnostics(sessions: Sessions): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection("cascade");
  const timers = new Map<string, NodeJS.Timeout>();
  const generation = new Map<string, number>();

  /** The cell last edited per notebook: checked first. */
  const edited = new Map<string, string>();

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
    const first = edited.get(key);
    const ordered = [...cells].sort((a, b) => Number(b.document.uri.toString() === first) - Number(a.document.uri.toString() === first));
    await Promise.all(
      ordered.map(async (cell) => {
        const version = cell.document.version;
        const reply = await withTimeout(kernel.diagnostics(cell.document.getText(), cellsBefore(texts, cell.index), cell.document.languageId as "typescript" | "javascript"), CHECK_MS, undefined);
        // No answer (kernel busy running a cell): keep what was shown; a newer check or an
        // edit since this one asked: its answer is stale.
        if (!reply || generation.get(key) !== gen || notebook.isClosed || cell.document.version !== version) return;
        collection.set(cell.document.uri, reply.diagnostics.flatMap((d) => toDiagnostic(d, mode)));
      }),
    );
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
      if (!cell) return;
      // What the edit touched may no longer apply: gone now, not after the recheck.
      const shown = collection.get(e.document.uri);
      if (shown && shown.length > 0 && e.contentChanges.length > 0) {
        const kept = shown.filter((d) => !e.contentChanges.some((c) => touches(d.range, c.range)));
        if (kept.length !== shown.length) collection.set(e.document.uri, kept);
      }
      edited.set(cell.notebook.uri.toString(), e.document.uri.toString());
      schedule(cell.notebook);
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
