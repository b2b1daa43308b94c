/**
 * Open Example Notebooks: copies the prebuilt notebooks shipped in the extension's notebooks/
 * folder into the workspace (cascade-examples/), never overwriting a file there, and opens the
 * first. A copy, so the examples can be edited and re-run without touching the extension.
 */
import * as vscode from "vscode";

async function listNotebooks(folder: vscode.Uri): Promise<Array<[string, vscode.FileType]>> {
  try {
    return (await vscode.workspace.fs.readDirectory(folder)).sort(([a], [b]) => a.localeCompare(b));
  } catch {
    return [];
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function targetFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: "Copy the examples into which folder?" }) : folders[0];
  if (folder) return vscode.Uri.joinPath(folder.uri, "cascade-examples");
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: "Copy Examples Here" });
  return picked?.[0];
}

export function registerOpenExamples(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand("cascade.openExamples", async () => {
    const source = vscode.Uri.joinPath(context.extensionUri, "notebooks");
    const entries = await listNotebooks(source);
    if (!entries.some(([name]) => name.endsWith(".ipynb"))) {
      return void vscode.window.showInformationMessage("Cascade: this version of the extension ships no example notebooks.");
    }
    const target = await targetFolder();
    if (!target) return;
    await vscode.workspace.fs.createDirectory(target);
    const skipped: string[] = [];
    for (const [name] of entries) {
      const to = vscode.Uri.joinPath(target, name);
      if (await exists(to)) skipped.push(name);
      else await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, name), to);
    }
    const first = entries.find(([name]) => name.endsWith(".ipynb"))![0];
    await vscode.window.showNotebookDocument(await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(target, first)));
    if (skipped.length) void vscode.window.showInformationMessage(`Cascade: kept your copies of ${skipped.join(", ")} in ${target.fsPath}.`);
  });
}
