/**
 * One end-to-end session: the extension packaged as a .vsix, installed into a fresh code-server,
 * a Chromium on it, a workspace folder open and a notebook in the editor with the kernel
 * "TypeScript (Cascade)" selected. On a failure the page's screenshot and the code-server log's
 * tail are added to the error; everything is closed and removed afterwards, on failure too.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_FLAGS } from "../../kernels/runner/static-images";
import { startCodeServer, type CodeServer } from "./code-server";
import { chromiumPath } from "./tools";
import { quickOpen, sleep, waitFor } from "./workbench";

export interface SessionOptions {
  /** The repository (for the packaging script). */
  root: string;
  /** A fresh folder of this test: the .vsix, code-server's data, the browser profile. */
  home: string;
  /** The workspace folder to open (inside `home`), holding `notebook`. */
  workspace: string;
  /** The notebook's file name in the workspace, opened through Quick Open. */
  notebook: string;
  /** Where a failure's screenshot goes, and its file name. */
  artifacts: string;
  failureShot: string;
}

/** Run `body` with the notebook open in VS Code; see the module comment. */
export async function withNotebookInVsCode(options: SessionOptions, body: (page: Page, server: CodeServer) => Promise<void>): Promise<void> {
  const { root, home, workspace, notebook, artifacts, failureShot } = options;
  const vsix = join(home, "cascade-notebooks.vsix");
  execFileSync(process.execPath, [join(root, "extension/packaging/package.mjs"), "--out", vsix], { cwd: root, stdio: "pipe" });
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  try {
    server = await startCodeServer({ vsix, home });
    context = await chromium.launchPersistentContext(join(home, "chromium-profile"), {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    const p = page;
    await p.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await p.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    await p.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 60_000 });
    await quickOpen(p, notebook);
    await p.locator(".notebook-toolbar-container").first().waitFor({ timeout: 60_000 });
    await waitFor("the kernel TypeScript (Cascade) to be selected", async () => (await p.locator(".notebook-toolbar-container", { hasText: "TypeScript (Cascade)" }).count()) > 0, 60_000);
    await body(p, server);
    await context.close();
    context = undefined;
    await server.stop();
    server = undefined;
  } catch (err) {
    if (page) {
      mkdirSync(artifacts, { recursive: true });
      const file = join(artifacts, failureShot);
      await page.screenshot({ path: file }).catch(() => undefined);
      (err as Error).message += `\nscreenshot: ${file}\ncode-server log (tail):\n${server?.log().slice(-3000) ?? ""}`;
    }
    throw err;
  } finally {
    await context?.close().catch(() => undefined);
    await server?.stop();
    await sleep(0);
    // The screenshot and the log's tail are in the error; the session's folder goes either way.
    rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  }
}
