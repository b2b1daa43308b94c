/**
 * The kernel's state for the notebook in the active editor, in the status bar: starting, idle,
 * running (and which cell), restarting, restarted after a crash, died, or Restricted Mode.
 * A click offers the kernel's actions.
 */
import * as vscode from "vscode";
import type { Sessions } from "./kernel/sessions";
import type { NotebookSession } from "./kernel/session";
import { NOTEBOOK_TYPE } from "./controller";

export function statusText(session: NotebookSession | undefined, trusted: boolean): { text: string; tooltip: string; warning: boolean } {
  if (!trusted) return { text: "$(shield) Cascade: Restricted Mode", tooltip: "Cells do not run until the workspace is trusted", warning: true };
  const state = session?.state ?? "not started";
  switch (state) {
    case "not started":
      return { text: "$(circle-outline) Cascade: not started", tooltip: "The kernel starts when a cell runs", warning: false };
    case "starting":
      return { text: "$(loading~spin) Cascade: starting", tooltip: "Starting the kernel", warning: false };
    case "busy": {
      const cell = session?.runningCell ? `running Cell ${session.runningCell.index + 1}` : "busy";
      return { text: `$(loading~spin) Cascade: ${cell}`, tooltip: "Click to interrupt or restart", warning: false };
    }
    case "restarting":
      return { text: "$(debug-restart) Cascade: restarting", tooltip: "Starting a fresh kernel", warning: false };
    case "dead":
      return { text: "$(error) Cascade: died", tooltip: `The kernel died${session?.lastCrash ? `: ${session.lastCrash}` : ""}. Run a cell to start a new one.`, warning: true };
    case "idle":
      if (session?.lastCrash) return { text: "$(warning) Cascade: idle (restarted after a crash)", tooltip: `The kernel died: ${session.lastCrash}. Variables were lost.`, warning: true };
      return { text: "$(circle-large-outline) Cascade: idle", tooltip: "Click to restart or interrupt the kernel", warning: false };
  }
}

/** The status bar item; `update()` after anything it shows may have changed. */
export function registerStatusBar(sessions: Sessions, isOurs: (nb: vscode.NotebookDocument) => boolean): { update(): void; disposables: vscode.Disposable[] } {
  const item = vscode.window.createStatusBarItem("cascade.kernelState", vscode.StatusBarAlignment.Right, 100);
  item.name = "Cascade Kernel";
  item.command = "cascade.kernelActions";
  const update = () => {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const session = sessions.find(notebook);
    if (!notebook || notebook.notebookType !== NOTEBOOK_TYPE || (!session && !isOurs(notebook))) {
      item.hide();
      return;
    }
    const { text, tooltip, warning } = statusText(session, vscode.workspace.isTrusted);
    item.text = text;
    item.tooltip = tooltip;
    item.backgroundColor = warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    item.show();
  };
  update();
  return {
    update,
    disposables: [item, sessions.onDidChange(update), vscode.window.onDidChangeActiveNotebookEditor(update), vscode.workspace.onDidGrantWorkspaceTrust(update)],
  };
}
