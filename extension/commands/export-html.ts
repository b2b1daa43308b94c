/**
 * Export Notebook to HTML: the saved notebook as one self-contained page (kernels/runner/html.ts,
 * the same export as `cascade export`), charts drawn by the plotly.js inlined into it.
 */
import * as vscode from "vscode";
import { notebookToHtml } from "../../kernels/runner/html";
import { parseNotebook } from "../../kernels/notebook";

export function registerExportHtml(): vscode.Disposable {
  return vscode.commands.registerCommand("cascade.exportHtml", async (uri?: vscode.Uri) => {
    const notebook = uri ? vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === uri.toString()) : vscode.window.activeNotebookEditor?.notebook;
    const source = notebook?.uri ?? uri;
    if (!source) return void vscode.window.showInformationMessage("Cascade: open a notebook to export it.");
    if (notebook?.isUntitled) return void vscode.window.showInformationMessage("Cascade: save the notebook first, then export it.");
    // The export reads the file: save what is on screen first.
    if (notebook?.isDirty) await notebook.save();
    const name = source.path.split("/").pop()!.replace(/\.ipynb$/i, "");
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(source, "..", `${name}.html`), filters: { HTML: ["html"] } });
    if (!target) return;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
    const html = notebookToHtml(parseNotebook(text, source.fsPath), { title: name });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
    const pick = await vscode.window.showInformationMessage(`Cascade: exported ${name} to ${target.fsPath}.`, "Open in Browser");
    if (pick) await vscode.env.openExternal(target);
  });
}
