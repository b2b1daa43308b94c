/**
 * Workspace trust: in Restricted Mode no cell runs and no kernel starts (a kernel runs the
 * notebook's code and imports the workspace's packages). The user is told why, once per
 * window, with a way to trust the workspace.
 */
import * as vscode from "vscode";

let told = false;

export async function explainRestrictedMode(): Promise<void> {
  if (told) return;
  told = true;
  const pick = await vscode.window.showWarningMessage(
    "Cascade does not run cells in Restricted Mode: running a notebook runs its code. Trust this workspace to run its cells.",
    "Manage Workspace Trust",
  );
  if (pick) await vscode.commands.executeCommand("workbench.trust.manage");
}
