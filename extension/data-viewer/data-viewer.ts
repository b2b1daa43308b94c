/**
 * The data viewer's extension side: it answers the frame table's requests (from a cell
 * output's renderer, through renderer messaging, or from the Data Viewer panel) by asking the
 * notebook's kernel (`table`, `table_export`), and opens the panel for a variable ("Open in
 * Data Viewer" in the variables view).
 *
 * Messages from a table: `{ type: "table", source, view, offset, limit, stats, requestId }`,
 * `{ type: "export", source, view, format, requestId }`, `{ type: "rerun", outputId, requestId }`.
 * `source` is `{ variable }` or `{ output }` (a cell output's id; its kernel handle is looked up
 * here, handles.ts). Every answer carries the `requestId`.
 */
import * as vscode from "vscode";
import { basename, join } from "node:path";
import type { TableSource, TableView } from "../../kernels/protocol";
import type { Sessions } from "../kernel/sessions";
import { notebookFolder } from "../kernel/sessions";
import { isIdentifier } from "../variables/describe";
import { outputId as outputIdOf, tableOfOutput } from "./handles";

type Message = Record<string, unknown> & { requestId?: number };

function outputCell(notebook: vscode.NotebookDocument, outputId: string): vscode.NotebookCell | undefined {
  return notebook.getCells().find((cell) => cell.outputs.some((o) => outputIdOf(o) === outputId));
}

function resolveSource(source: unknown): TableSource | { error: string } {
  const s = source as { variable?: unknown; output?: unknown };
  if (typeof s?.variable === "string") return { variable: s.variable };
  if (typeof s?.output === "string") {
    const handle = tableOfOutput(s.output);
    return handle ? { handle } : { error: "this output was saved with the notebook; the kernel does not hold its table" };
  }
  return { error: "a table request needs a source" };
}

/** Answer one table message for `notebook`. */
export async function answer(sessions: Sessions, notebook: vscode.NotebookDocument, message: Message): Promise<Record<string, unknown>> {
  if (message.type === "rerun") {
    const cell = typeof message.outputId === "string" ? outputCell(notebook, message.outputId) : undefined;
    if (!cell) return { error: "the cell of this output was not found" };
    await vscode.commands.executeCommand("notebook.cell.execute", { ranges: [{ start: cell.index, end: cell.index + 1 }], document: notebook.uri });
    return {};
  }
  const source = resolveSource(message.source);
  if ("error" in source) return { error: source.error };
  const kernel = sessions.find(notebook)?.peek();
  if (!kernel || kernel.state === "dead") return { error: "no kernel is running for this notebook" };
  const view = (message.view ?? {}) as TableView;
  if (message.type === "table") {
    return { ...(await kernel.table({ source, view, offset: Number(message.offset ?? 0), limit: Number(message.limit ?? 100), stats: !!message.stats })) };
  }
  if (message.type === "export") {
    const format = message.format === "parquet" ? "parquet" : "csv";
    const name = "variable" in source ? source.variable : "view";
    const folder = notebookFolder(notebook);
    const target = await vscode.window.showSaveDialog({
      title: `Export the rows in view to ${format === "csv" ? "CSV" : "Parquet"}`,
      defaultUri: vscode.Uri.file(join(folder, `${name}.${format}`)),
      filters: format === "csv" ? { CSV: ["csv"] } : { Parquet: ["parquet"] },
    });
    if (!target) return { message: "" };
    const reply = await kernel.exportTable({ source, view, format, path: target.fsPath });
    if (reply.error) {
      void vscode.window.showErrorMessage(`Cascade: export failed: ${reply.error}`);
      return { error: reply.error, message: `Export failed: ${reply.error}` };
    }
    const text = `Wrote ${reply.rows.toLocaleString("en-US")} rows to ${basename(reply.path)} (${(reply.bytes / 1024).toFixed(0)} KiB)`;
    void vscode.window.showInformationMessage(`Cascade: ${text}.`);
    return { message: text };
  }
  return { error: `unknown request ${JSON.stringify(message.type)}` };
}

function nonce(): string {
  return Array.from({ length: 24 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 62)]).join("");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Open the Data Viewer panel on a table-like variable of the active notebook. */
export async function openDataViewer(context: vscode.ExtensionContext, sessions: Sessions, name: string): Promise<void> {
  const session = sessions.active();
  const notebook = session?.notebook;
  if (!session || !notebook || !session.peek()) return void vscode.window.showWarningMessage("Cascade: run the notebook first; the data viewer reads its kernel's variables.");
  if (!isIdentifier(name)) return void vscode.window.showWarningMessage(`Cascade: cannot show "${name}".`);
  const distUri = vscode.Uri.joinPath(context.extensionUri, "dist", "renderers");
  const panel = vscode.window.createWebviewPanel("cascade.dataViewer", `${name} (Data Viewer)`, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [distUri], retainContextWhenHidden: true });
  const n = nonce();
  const csp = `default-src 'none'; style-src ${panel.webview.cspSource} 'unsafe-inline'; script-src 'nonce-${n}';`;
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(distUri, "frame-panel.js"));
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);} h2{font-weight:600;font-size:1.1em;margin:6px 0}</style>
<title>${escapeHtml(name)}</title></head><body><h2>${escapeHtml(name)}</h2><div id="cascade-frame" data-variable="${escapeHtml(name)}"></div><script type="module" nonce="${n}" src="${script}"></script></body></html>`;
  panel.webview.onDidReceiveMessage(async (message: Message) => {
    const reply = await answer(sessions, notebook, message).catch((err: Error) => ({ error: err.message }));
    void panel.webview.postMessage({ ...reply, requestId: message.requestId });
  });
}

export function registerDataViewer(context: vscode.ExtensionContext, sessions: Sessions): vscode.Disposable[] {
  const messaging = vscode.notebooks.createRendererMessaging("cascade-notebooks.frame");
  return [
    messaging.onDidReceiveMessage(async ({ editor, message }) => {
      const m = message as Message;
      const reply = await answer(sessions, editor.notebook, m).catch((err: Error) => ({ error: err.message }));
      void messaging.postMessage({ ...reply, requestId: m.requestId }, editor);
    }),
    vscode.commands.registerCommand("cascade.openInDataViewer", (v?: { name?: string }) => (v?.name ? openDataViewer(context, sessions, v.name) : undefined)),
  ];
}
