/**
 * Restart and Interrupt for the active notebook's kernel (command palette, notebook toolbar,
 * status bar). VS Code's own Interrupt button calls the controller's interrupt handler; these
 * commands are the same action under Cascade's name.
 */
import * as vscode from "vscode";
import type { Sessions } from "../kernel/sessions";

function activeSession(sessions: Sessions) {
  const session = sessions.active();
  if (!session) void vscode.window.showInformationMessage("Cascade: the active notebook has no running kernel.");
  return session;
}

export function registerKernelActions(sessions: Sessions): vscode.Disposable[] {
  const restart = async () => {
    const session = activeSession(sessions);
    if (!session) return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Restarting the Cascade kernel" }, () => session.restart());
  };
  const interrupt = () => activeSession(sessions)?.interrupt();
  return [
    vscode.commands.registerCommand("cascade.restartKernel", restart),
    vscode.commands.registerCommand("cascade.interruptKernel", interrupt),
    vscode.commands.registerCommand("cascade.kernelActions", async () => {
      const pick = await vscode.window.showQuickPick(
        [
          { label: "$(debug-restart) Restart Kernel", detail: "A fresh kernel: variables are cleared", run: restart },
          { label: "$(debug-stop) Interrupt", detail: "Stop the running cell; variables are kept", run: interrupt },
          { label: "$(symbol-variable) Show Variables", detail: "The notebook's variables, in the grid of the panel", run: () => vscode.commands.executeCommand("cascade.variablesGrid.focus") },
        ],
        { title: "Cascade kernel" },
      );
      await pick?.run();
    }),
  ];
}
