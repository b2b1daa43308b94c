/**
 * A real VS Code for the test: code-server on 127.0.0.1 with no auth, a fresh user-data and
 * extensions folder, the built .vsix installed, and settings that keep the window quiet
 * (no welcome page, no walkthrough on install, trusted workspace, no update checks).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { codeServerPath } from "./tools";

export interface CodeServer {
  url: string;
  /** code-server's output so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "chat.commandCenter.enabled": false,
  "notebook.confirmDeleteRunningCell": false,
  "files.autoSave": "off",
  "window.restoreWindows": "none",
  // The test asserts the completions of this extension, not those of VS Code's own TypeScript.
  "typescript.suggest.enabled": false,
  "javascript.suggest.enabled": false,
  "editor.quickSuggestions": { other: false, comments: false, strings: false },
};

/**
 * Install `vsix` and start code-server; resolves when it listens. `trusted: false` keeps
 * workspace trust on, so an opened folder can be left in Restricted Mode.
 */
export async function startCodeServer({ vsix, home, trusted = true }: { vsix: string; home: string; trusted?: boolean }): Promise<CodeServer> {
  const bin = codeServerPath();
  const userData = join(home, "user-data");
  const extensions = join(home, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  const settings = trusted ? SETTINGS : { ...SETTINGS, "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never" };
  writeFileSync(join(userData, "User", "settings.json"), JSON.stringify(settings, null, 2));
  // code-server writes its default config under XDG_CONFIG_HOME on first run: keep it in the temp folder.
  const env = { ...process.env, XDG_CONFIG_HOME: join(home, "config"), XDG_DATA_HOME: join(home, "data") };
  execFileSync(bin, ["--install-extension", vsix, "--extensions-dir", extensions, "--user-data-dir", userData], { env, stdio: "pipe", timeout: 120_000 });

  const port = await freePort();
  const args = [
    "--bind-addr", `127.0.0.1:${port}`,
    "--auth", "none",
    "--user-data-dir", userData,
    "--extensions-dir", extensions,
    "--disable-telemetry",
    "--disable-update-check",
    ...(trusted ? ["--disable-workspace-trust"] : []),
    "--disable-getting-started-override",
    "--ignore-last-opened",
  ];
  const child: ChildProcess = spawn(bin, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (/HTTP server listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}):\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      // Its own process group: the extension host and the kernels it started go too.
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
