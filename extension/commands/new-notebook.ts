/**
 * New Cascade Notebook: an untitled .ipynb whose kernelspec is "cascade-ts", so it opens with
 * this kernel selected here, in JupyterLab (after Install Jupyter Kernel) and in `cascade run`.
 */
import * as vscode from "vscode";

/** The file-level metadata a Cascade notebook carries (as VS Code's ipynb serializer stores it). */
export const CASCADE_NOTEBOOK_METADATA = {
  metadata: {
    kernelspec: { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};

export function registerNewNotebook(): vscode.Disposable {
  return vscode.commands.registerCommand("cascade.newNotebook", async () => {
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, "# Untitled analysis\n\nCells are TypeScript; `cascade` is the helper library.", "markdown"),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import { Frame } from "cascade";\n\nconst prices = Frame.fromColumns({ close: [100, 101.5, 99.8] });\nprices', "typescript"),
    ]);
    data.metadata = CASCADE_NOTEBOOK_METADATA;
    const notebook = await vscode.workspace.openNotebookDocument("jupyter-notebook", data);
    await vscode.window.showNotebookDocument(notebook);
  });
}
