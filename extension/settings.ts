/**
 * The `cascade.*` settings, read fresh each time a kernel starts (so a change applies to the
 * next kernel; running kernels keep theirs until restarted, which the user is told).
 */
import * as vscode from "vscode";
import { DEFAULT_SETTINGS, type CascadeSettings } from "./kernel-options";
import type { TypecheckMode } from "../kernels/protocol";
import { DEFAULT_STREAM_LIMITS } from "../kernels/stream-limit";

export function readSettings(scope?: vscode.ConfigurationScope): CascadeSettings {
  const c = vscode.workspace.getConfiguration("cascade", scope);
  return {
    cacheFolder: c.get<string>("cacheFolder", DEFAULT_SETTINGS.cacheFolder),
    offline: c.get<boolean>("offline", DEFAULT_SETTINGS.offline),
    defaultExchange: c.get<string>("defaultExchange", DEFAULT_SETTINGS.defaultExchange),
    heapMb: c.get<number>("kernel.heapMb", DEFAULT_SETTINGS.heapMb),
    typeCheck: c.get<TypecheckMode>("typeCheck", DEFAULT_SETTINGS.typeCheck),
    nodePath: c.get<string>("nodePath", DEFAULT_SETTINGS.nodePath),
  };
}

/** `cascade.output.lineLimit`: stream lines a cell keeps (0: all); read as each cell runs. */
export function readOutputLineLimit(scope?: vscode.ConfigurationScope): number {
  const n = vscode.workspace.getConfiguration("cascade", scope).get<number>("output.lineLimit", DEFAULT_STREAM_LIMITS.lines);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_STREAM_LIMITS.lines;
}

/** Tell the user that kernel settings apply to kernels started from now on. */
export function watchKernelSettings(hasKernels: () => boolean): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(async (e) => {
    const kernelSettings = ["cascade.cacheFolder", "cascade.offline", "cascade.defaultExchange", "cascade.kernel.heapMb", "cascade.typeCheck", "cascade.nodePath"];
    if (!hasKernels() || !kernelSettings.some((s) => e.affectsConfiguration(s))) return;
    const pick = await vscode.window.showInformationMessage("Cascade: the changed setting applies to kernels started from now on. Restart the kernel to use it.", "Restart Kernel");
    if (pick) await vscode.commands.executeCommand("cascade.restartKernel");
  });
}
