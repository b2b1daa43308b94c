/**
 * Driving VS Code's workbench in the browser the way a person does: the keyboard, the command
 * palette, the status bar. Outputs live in the notebook's webview, in nested iframes, so
 * lookups there go through every frame of the page.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Locator, Page } from "playwright-core";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `probe` until it returns a value (not undefined/false) or `ms` pass. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000, every = 250): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ""}`);
}

/** Open a workspace file by name with Quick Open (Ctrl+P). */
export async function quickOpen(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(name);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: name }).first();
  await row.waitFor({ state: "visible", timeout: 15_000 });
  await page.keyboard.press("Enter");
}

/** The text of the Cascade kernel's status bar item, or "" when it is not shown. */
export async function kernelStatus(page: Page): Promise<string> {
  const item = page.locator(".statusbar-item", { hasText: "Cascade:" }).first();
  return (await item.count()) ? ((await item.textContent()) ?? "").trim() : "";
}

/** The first frame (of all nested ones) where `selector` matches. */
export async function frameWith(page: Page, selector: string): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if (await frame.$(selector)) return frame;
    } catch {
      // A frame that navigated or went away while being searched.
    }
  }
  return undefined;
}

/** Bring the notebook's cells into view one by one (the editor draws only the cells on screen). */
export async function scrollThroughCells(page: Page, found: () => Promise<boolean>, cells: number): Promise<boolean> {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+Home");
  for (let i = 0; i <= cells; i++) {
    if (await found()) return true;
    await page.keyboard.press("ArrowDown");
    await sleep(400);
  }
  return found();
}

/** The text of the "Cascade" output channel, read from VS Code's log files under `userData`. */
export function cascadeLog(userData: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/Cascade\.log$/.test(name)) out.push(readFileSync(p, "utf8"));
    }
  };
  walk(join(userData, "logs"));
  return out.join("\n");
}

/** Run a command from the command palette (F1) by its title. */
export async function runCommand(p: Page, title: string): Promise<void> {
  await p.keyboard.press("F1");
  const input = p.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(`>${title}`);
  await p.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first().waitFor({ state: "visible", timeout: 15_000 });
  await p.keyboard.press("Enter");
}

/** The notebook cell row whose editor shows `text`. */
export const cellWith = (p: Page, text: string): Locator => p.locator(".notebook-editor .code-cell-row", { has: p.locator(".view-line", { hasText: text }) }).first();

/** Put the cursor on the editor line showing `text` and toggle a breakpoint there (F9). */
export async function breakpointAt(p: Page, text: string): Promise<void> {
  const cell = cellWith(p, text);
  await cell.scrollIntoViewIfNeeded();
  await cell.locator(".view-line", { hasText: text }).first().click();
  await p.keyboard.press("Home");
  await p.keyboard.press("F9");
  await waitFor(`a breakpoint beside "${text}"`, async () => (await cell.locator(".codicon-debug-breakpoint").count()) > 0, 10_000);
}

/** Whether the cell showing `text` has the debugger's current-line marker (top stack frame). */
export async function stoppedIn(p: Page, text: string): Promise<boolean> {
  const cell = cellWith(p, text);
  if ((await cell.count()) === 0) return false;
  return (await cell.locator(".codicon-debug-stackframe, .debug-top-stack-frame-line").count()) > 0;
}
