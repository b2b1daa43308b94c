/**
 * Cascade Notebooks for VS Code: TypeScript notebooks on plain .ipynb files.
 *
 * Wiring only: each file registers one VS Code thing. The kernel is kernels/ (one process per
 * notebook, spoken to through kernels/client.ts); VS Code's built-in ipynb extension reads and
 * writes the files; renderers for plotly figures and frames are contributed in package.json
 * and built to dist/renderers/.
 */
import * as vscode from "vscode";
import { createController, isCascadeNotebook } from "./controller";
import { Sessions } from "./kernel/sessions";
import { registerStatusBar } from "./status-bar";
import { registerKernelActions } from "./commands/kernel-actions";
import { registerNewNotebook } from "./commands/new-notebook";
import { registerOpenExamples } from "./commands/open-examples";
import { registerExportHtml } from "./commands/export-html";
import { registerInstallKernel } from "./commands/install-kernel";
import { registerAddSqlEngine } from "./commands/add-sql-engine";
import { registerPullMarketData } from "./commands/pull-market-data";
import { registerCompletions } from "./intellisense/completion-provider";
import { registerHover } from "./intellisense/hover-provider";
import { registerSignatureHelp } from "./intellisense/signature-provider";
import { registerDiagnostics } from "./intellisense/diagnostics";
import { registerVariablesView } from "./variables/variables-view";
import { registerVariablesGrid } from "./variables/variables-grid";
import { registerValuePanel } from "./variables/value-panel";
import { registerDataViewer } from "./data-viewer/data-viewer";
import { watchKernelSettings } from "./settings";
import { registerDebugging } from "./debug/debug-cell";

let sessions: Sessions | undefined;

export function activate(context: vscode.ExtensionContext): void {
  sessions = new Sessions();
  const { controller, disposables } = createController(sessions);
  const selected = new Set<string>();
  const status = registerStatusBar(sessions, (nb) => selected.has(nb.uri.toString()) || isCascadeNotebook(nb));
  controller.onDidChangeSelectedNotebooks(({ notebook, selected: on }) => {
    if (on) selected.add(notebook.uri.toString());
    else selected.delete(notebook.uri.toString());
    status.update();
  });
  const s = sessions;
  // The walkthrough's first step is done once a Cascade notebook is open, however it was opened.
  const noteOpened = (nb: vscode.NotebookDocument) => isCascadeNotebook(nb) && void vscode.commands.executeCommand("setContext", "cascade.openedNotebook", true);
  vscode.workspace.notebookDocuments.forEach(noteOpened);
  context.subscriptions.push(
    vscode.workspace.onDidOpenNotebookDocument(noteOpened),
    s,
    ...disposables,
    ...status.disposables,
    ...registerKernelActions(s),
    registerNewNotebook(),
    registerOpenExamples(context),
    registerExportHtml(),
    registerInstallKernel(context),
    registerAddSqlEngine(context),
    registerPullMarketData(),
    registerCompletions(s),
    registerHover(s),
    registerSignatureHelp(s),
    ...registerDiagnostics(s),
    ...registerVariablesView(s),
    ...registerVariablesGrid(context, s),
    registerValuePanel(s),
    ...registerDataViewer(context, s),
    watchKernelSettings(() => s.hasKernels),
    ...registerDebugging(controller, s, (nb) => selected.has(nb.uri.toString()) || isCascadeNotebook(nb) || s.find(nb) !== undefined),
  );
}

/** Shut every kernel down with the window. */
export function deactivate(): void {
  sessions?.dispose();
  sessions = undefined;
}
