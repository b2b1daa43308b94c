/**
 * The extension's settings as the options of a kernel process (kernels/client.ts). Pure, so
 * what each setting does to a kernel is tested without VS Code.
 *
 * The Node executable: the `cascade.nodePath` setting, or else the extension host's own
 * executable. In desktop VS Code that is Electron, which runs as plain Node only with
 * ELECTRON_RUN_AS_NODE=1 (VS Code starts its TypeScript server the same way); in code-server it
 * is Node already. Market-data settings reach the library through environment variables, so a
 * notebook run headless (`cascade run`) reads the same ones.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { KernelOptions } from "../kernels/client";
import type { TypecheckMode } from "../kernels/protocol";

export interface CascadeSettings {
  /** Folder for cached market data and the kernel's compile cache; "" for the default. */
  cacheFolder: string;
  offline: boolean;
  defaultExchange: string;
  heapMb: number;
  typeCheck: TypecheckMode;
  /** Node executable for kernels; "" for the extension host's own. */
  nodePath: string;
}

export const DEFAULT_SETTINGS: CascadeSettings = {
  cacheFolder: "",
  offline: false,
  defaultExchange: "binance",
  heapMb: 4096,
  typeCheck: "warn",
  nodePath: "",
};

/** Environment variables through which the library reads the market-data settings. */
export const ENV = {
  cacheDir: "CASCADE_CACHE_DIR",
  offline: "CASCADE_OFFLINE",
  exchange: "CASCADE_EXCHANGE",
} as const;

/** "~/x" as the home folder's x; relative paths against `base`. */
export function expandPath(path: string, base: string): string {
  const p = path.trim();
  if (p === "~") return homedir();
  if (p.startsWith("~/")) return join(homedir(), p.slice(2));
  return resolve(base, p);
}

export interface HostInfo {
  /** The notebook's folder: the kernel's working directory. */
  cwd: string;
  /** process.execPath of the extension host. */
  execPath: string;
  /** Whether the extension host runs in Electron (process.versions.electron is set). */
  electron: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * @example
 *   kernelOptions({ ...DEFAULT_SETTINGS, heapMb: 2048 }, { cwd: "/nb", execPath: "/usr/bin/node", electron: false, env: {} })
 *   // { cwd: "/nb", heapMb: 2048, nodePath: "/usr/bin/node", typecheck: "warn", env: { CASCADE_OFFLINE: "0", CASCADE_EXCHANGE: "binance" } }
 */
export function kernelOptions(settings: CascadeSettings, host: HostInfo): KernelOptions {
  const env: NodeJS.ProcessEnv = { ...host.env };
  let nodePath = host.execPath;
  if (settings.nodePath.trim()) nodePath = expandPath(settings.nodePath, host.cwd);
  else if (host.electron) env.ELECTRON_RUN_AS_NODE = "1";
  if (settings.cacheFolder.trim()) env[ENV.cacheDir] = expandPath(settings.cacheFolder, host.cwd);
  env[ENV.offline] = settings.offline ? "1" : "0";
  if (settings.defaultExchange.trim()) env[ENV.exchange] = settings.defaultExchange.trim();
  const heapMb = Number.isFinite(settings.heapMb) && settings.heapMb >= 128 ? Math.floor(settings.heapMb) : DEFAULT_SETTINGS.heapMb;
  return { cwd: host.cwd, heapMb, nodePath, typecheck: settings.typeCheck, env };
}
