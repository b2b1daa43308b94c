/**
 * `cascade kernel install | remove`: the kernelspec through which Jupyter (JupyterLab,
 * nbconvert, remote servers) starts this kernel. Locations follow `jupyter kernelspec install`:
 * system-wide by default, `--user` for the user's data folder, `--prefix DIR` for
 * DIR/share/jupyter/kernels (a virtual environment, or a test's temporary folder).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { homedir, platform } from "node:os";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../notebook";

export const KERNEL_NAME = "cascade-ts";

export interface SpecLocation {
  user?: boolean;
  prefix?: string;
}

export function kernelsDir({ user, prefix }: SpecLocation): string {
  if (prefix) return join(resolve(prefix), "share", "jupyter", "kernels");
  if (user) {
    if (platform() === "darwin") return join(homedir(), "Library", "Jupyter", "kernels");
    if (platform() === "win32") return join(process.env.APPDATA ?? homedir(), "jupyter", "kernels");
    return join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter", "kernels");
  }
  return platform() === "win32" ? join(process.env.PROGRAMDATA ?? "C:\\ProgramData", "jupyter", "kernels") : "/usr/local/share/jupyter/kernels";
}

/** The kernel.json Jupyter reads: how to start the kernel with a connection file. */
export function kernelJson(cliPath: string, nodePath = process.execPath): Record<string, unknown> {
  return {
    // The Node that runs the kernel: a host embedded in another runtime (VS Code's Electron)
    // passes a real Node here.
    argv: [nodePath, cliPath, "jupyter", "--connection-file", "{connection_file}"],
    display_name: "TypeScript (Cascade)",
    language: "typescript",
    interrupt_mode: "message",
    metadata: { debugger: false },
  };
}

/** Write the kernelspec; returns its folder. */
export function installKernelSpec(location: SpecLocation, cliPath: string, nodePath?: string): string {
  const dir = join(kernelsDir(location), KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, "kernel.json"), JSON.stringify(kernelJson(cliPath, nodePath), null, 2) + "\n");
  return dir;
}

/** Remove the kernelspec; returns the folder removed, or undefined when none was there. */
export function removeKernelSpec(location: SpecLocation): string | undefined {
  const dir = join(kernelsDir(location), KERNEL_NAME);
  if (!existsSync(dir)) return undefined;
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

