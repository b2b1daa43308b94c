/**
 * A variable's value in a webview panel: the kernel displays it (`display(name)`, the same
 * MIME bundle a cell output gets) and the panel shows the richest form it can: HTML, an image,
 * or text. Tables (frames, arrays of records, Arrow tables) open in the Data Viewer instead
 * (data-viewer/data-viewer.ts), served by the kernel over all their rows. Runs through the kernel's queue, so it waits for a
 * running cell rather than interrupting it.
 */
import * as vscode from "vscode";
import type { DisplayMessage, MimeBundle, VariableInfo } from "../../kernels/protocol";
import type { Sessions } from "../kernel/sessions";
import { displayType, isIdentifier } from "./describe";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The panel's page for a bundle (tables open in the Data Viewer instead, data-viewer.ts). */
export function valuePage(name: string, bundle: MimeBundle, webview: vscode.Webview): string {
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource} 'unsafe-inline';`;
  let body: string;
  if (typeof bundle["text/html"] === "string") body = bundle["text/html"];
  else if (typeof bundle["image/svg+xml"] === "string") body = bundle["image/svg+xml"];
  else if (typeof bundle["image/png"] === "string") body = `<img src="data:image/png;base64,${bundle["image/png"]}">`;
  else body = `<pre>${escapeHtml(String(bundle["text/plain"] ?? ""))}</pre>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);} pre{font-family:var(--vscode-editor-font-family);white-space:pre-wrap} table{border-collapse:collapse} th,td{border:1px solid var(--vscode-editorWidget-border,#8884);padding:2px 6px}</style>
<title>${escapeHtml(name)}</title></head><body>${body}</body></html>`;
}

export function registerValuePanel(sessions: Sessions): vscode.Disposable {
  return vscode.commands.registerCommand("cascade.showVariable", async (v?: VariableInfo) => {
    const session = sessions.active();
    const kernel = session?.peek();
    if (!v || !session || !kernel) return;
    if (!isIdentifier(v.name)) return void vscode.window.showWarningMessage(`Cascade: cannot show "${v.name}".`);
    // Tables are browsed in the kernel, all rows: the Data Viewer.
    if (v.shape) return void vscode.commands.executeCommand("cascade.openInDataViewer", v);
    const displays: DisplayMessage[] = [];
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Showing ${v.name}` }, () =>
      kernel.execute(`display(${v.name})`, { cellName: "variables view", typecheck: "off", onOutput: (o) => o.type === "display" && displays.push(o) }),
    );
    if (result.status !== "ok" || displays.length === 0) {
      return void vscode.window.showWarningMessage(`Cascade: could not show ${v.name}: ${result.error?.evalue ?? result.status}`);
    }
    const panel = vscode.window.createWebviewPanel("cascade.value", `${v.name} (${displayType(v.type)})`, vscode.ViewColumn.Beside, { enableScripts: false });
    panel.webview.html = valuePage(v.name, displays[0].data, panel.webview);
  });
}
