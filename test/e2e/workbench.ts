/**
 * Driving VS Code's workbench in the browser the way a person does: the keyboard, the command
 * palette, the status bar. Outputs live in the notebook's webview, in nested iframes, so
 * lookups there go through every frame of the page.
 */
import type { Frame, Page } from "playwright-core";

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
