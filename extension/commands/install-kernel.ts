/**
 * Install Jupyter Kernel: the "cascade-ts" kernelspec (kernels/jupyter/kernelspec.ts) in the
 * user's Jupyter folder, so JupyterLab and nbconvert run notebooks with this kernel.
 *
 * Two things differ from `cascade kernel install` run in a terminal:
 * - the Node executable: the extension host's may be Electron (desktop VS Code), which Jupyter
 *   cannot start as Node, so kernel.json names the `cascade.nodePath` setting or `node` on PATH;
 * - ZeroMQ: the Jupyter wire protocol needs the native `zeromq` package, which the extension
 *   does not ship (it is platform-independent). It is installed on request with npm into the
 *   extension's storage and found through NODE_PATH.
 */
import * as vscode from "vscode";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { installKernelSpec } from "../../kernels/jupyter/kernelspec";
import { readSettings } from "../settings";
import { expandPath } from "../kernel-options";

const ZEROMQ = "zeromq@^6.8.0";

/** An executable named `name` on PATH, if any. */
function onPath(name: string): string | undefined {
  const exts = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const ext of exts) if (dir && existsSync(join(dir, name + ext))) return join(dir, name + ext);
  }
  return undefined;
}

function zeromqResolvable(from: string[]): boolean {
  try {
    require.resolve("zeromq", { paths: from });
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, shell: process.platform === "win32" });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(log) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}: ${log.slice(-800)}`))));
  });
}

export function registerInstallKernel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand("cascade.installJupyterKernel", async () => {
    const settings = readSettings();
    const node = settings.nodePath.trim() ? expandPath(settings.nodePath, context.extensionPath) : onPath("node");
    if (!node) {
      return void vscode.window.showErrorMessage("Cascade: Jupyter needs a Node.js executable to start the kernel. Install Node.js 20 or later, or set cascade.nodePath.");
    }
    const dist = join(context.extensionPath, "dist");
    const storage = join(context.globalStorageUri.fsPath, "jupyter");
    const modules = join(storage, "node_modules");
    if (!zeromqResolvable([dist]) && !zeromqResolvable([storage])) {
      const pick = await vscode.window.showInformationMessage(
        "The Jupyter kernel talks to Jupyter over ZeroMQ, a native package the extension does not ship. Install it now with npm?",
        { modal: true },
        "Install ZeroMQ",
      );
      if (!pick) return;
      const npm = onPath("npm");
      if (!npm) return void vscode.window.showErrorMessage("Cascade: npm was not found on PATH; install Node.js with npm, then try again.");
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(storage));
      if (!existsSync(join(storage, "package.json"))) writeFileSync(join(storage, "package.json"), '{ "private": true }\n');
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Installing ZeroMQ for the Jupyter kernel" }, () =>
          run(npm, ["install", "--no-audit", "--no-fund", ZEROMQ], storage),
        );
      } catch (err) {
        return void vscode.window.showErrorMessage(`Cascade: installing ZeroMQ failed: ${(err as Error).message}`);
      }
    }
    // A real Node runs the kernel (this host is Electron); zeromq resolves from `modules`.
    const dir = installKernelSpec({ user: true }, join(context.extensionPath, "bin", "cascade.js"), node);
    if (existsSync(modules)) {
      const file = join(dir, "kernel.json");
      const spec = JSON.parse(readFileSync(file, "utf8")) as { argv: string[]; env?: Record<string, string> };
      spec.env = { ...spec.env, NODE_PATH: modules };
      writeFileSync(file, JSON.stringify(spec, null, 2) + "\n");
    }
    void vscode.window.showInformationMessage(`Cascade: installed the Jupyter kernel "TypeScript (Cascade)" in ${dir}.`);
  });
}
