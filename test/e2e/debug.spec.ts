/**
 * End to end, Debug Cell in a real VS Code (code-server 4.100.3) with its built-in JavaScript
 * debugger: the packaged .vsix is installed, a notebook whose later cell calls a function an
 * earlier cell declared is run, breakpoints are set with F9 in both cells, Debug Cell (command
 * palette) stops on the later cell's line, the Debug Console evaluates one of its variables,
 * Continue stops inside the earlier cell's function where the Variables pane shows its locals,
 * and Continue again finishes the cell with its output; the kernel's inspector is closed after.
 *
 * A screenshot of the stopped editor is kept in test/e2e/artifacts/debug-stopped.png (ignored by
 * git; CI keeps the folder); a failure saves test/e2e/artifacts/debug-failure.png.
 * CASCADE_E2E_SHOTS=DIR keeps a screenshot of every step in DIR too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Page } from "playwright-core";
import { e2eSetup } from "./tools";
import { withNotebookInVsCode } from "./session";
import { breakpointAt, cascadeLog, cellWith, frameWith, kernelStatus, runCommand, stoppedIn, waitFor } from "./workbench";

const { root, missing, skip, artifacts } = e2eSetup(__dirname);

test("Debug Cell stops at breakpoints in a later cell and in an earlier cell's function, shows values, and finishes the cell", { skip, timeout: 300_000 }, async () => {
  assert.deepEqual(missing, [], `the end-to-end test needs ${missing.join(" and ")}`);
  const home = mkdtempSync(join(tmpdir(), "cascade-e2e-debug-"));
  const shots = process.env.CASCADE_E2E_SHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const workspace = join(home, "workspace");
  mkdirSync(workspace);
  copyFileSync(join(root, "test/e2e/fixtures/debug.ipynb"), join(workspace, "debug.ipynb"));
  let page: Page | undefined;
  let step = 0;
  const shot = async (name: string) => {
    if (page && shots) await page.screenshot({ path: join(shots, `debug-${String(++step).padStart(2, "0")}-${name}.png`) });
  };
  await withNotebookInVsCode({ root, home, workspace, notebook: "debug.ipynb", artifacts, failureShot: "debug-failure.png" }, async (p) => {
    page = p;

    // Breakpoints with F9, before any cell has run (no kernel yet): on the later cell's line
    // that calls the earlier cell's function, and inside that function.
    await breakpointAt(p, "const doubled = scaled(prices, 2);");
    await breakpointAt(p, "return out;");
    await shot("breakpoints");

    // Run All once (a run, not a debug session: the breakpoints do not stop it): the earlier
    // cell's function exists in the kernel, as after a normal session.
    await p.locator('.notebook-toolbar-container [role="button"][aria-label^="Run All"]').first().click();
    await waitFor("the first run to print its output", async () => /idle/.test(await kernelStatus(p)) && (await frameWith(p, "text=doubled 202,204,206")) !== undefined, 90_000, 500);
    await shot("ran");

    // Debug Cell on the later cell (the palette acts on the focused cell); its toolbar offers
    // Debug Cell and Run by Line too.
    const later = cellWith(p, "const doubled = scaled(prices, 2);");
    await later.locator(".view-line", { hasText: "const prices" }).first().click();
    await later.hover();
    for (const action of ["Debug Cell", "Run by Line"]) {
      await waitFor(`the cell toolbar to offer ${action}`, async () => (await later.locator(`[aria-label^="${action}"]`).count()) > 0, 10_000);
    }
    const debugStarted = Date.now();
    await runCommand(p, "Cascade: Debug Cell");
    await waitFor("the debugger to stop in the later cell at `const doubled = scaled(...)`", () => stoppedIn(p, "const doubled = scaled(prices, 2);"), 60_000);
    const toStop = Date.now() - debugStarted;
    await p.locator(".debug-toolbar").first().waitFor({ state: "visible", timeout: 10_000 });
    const stoppedLine = cellWith(p, "const doubled = scaled(prices, 2);").locator(".view-overlays .debug-top-stack-frame-line, .margin-view-overlays .codicon-debug-stackframe").first();
    assert.ok((await stoppedLine.count()) > 0, "the current-line marker is in the later cell");
    mkdirSync(artifacts, { recursive: true });
    await p.screenshot({ path: join(artifacts, "debug-stopped.png") });
    await shot("stopped-later-cell");

    // The call stack names the cell; the Debug Console evaluates the cell's variable.
    const callStack = p.locator(".debug-call-stack, .pane-body.debug-call-stack").first();
    await waitFor("the call stack to show the cell", async () => /debug\.ipynb, Cell 3/.test((await callStack.textContent().catch(() => "")) ?? ""), 20_000);
    // Debug: Focus on Debug Console View puts the cursor in its input.
    await p.keyboard.press("Control+Shift+Y");
    const replInput = p.locator(".repl .repl-input-wrapper .monaco-editor textarea, .repl-input-wrapper textarea").first();
    await replInput.waitFor({ state: "visible", timeout: 15_000 });
    await waitFor("the Debug Console input to have the focus", () => replInput.evaluate((el) => el === document.activeElement), 10_000);
    await p.keyboard.type("total * 2");
    await p.keyboard.press("Enter");
    await waitFor("the Debug Console to show total * 2 = 612", async () => /612/.test((await p.locator(".repl .monaco-list-rows").first().textContent().catch(() => "")) ?? ""), 20_000);
    await shot("console");

    // Continue: the earlier cell's function stops at `return out;`, its locals in Variables.
    const debugAction = (label: string) => p.locator(`.debug-toolbar .action-item [aria-label^="${label}"]`).first();
    await debugAction("Continue").click();
    await waitFor("the debugger to stop inside the earlier cell's function at `return out;`", () => stoppedIn(p, "return out;"), 30_000);
    // The Variables view, one row per variable ("factor = 2"; the separator may be drawn by CSS).
    const variables = p.locator(".pane", { has: p.locator(".pane-header", { hasText: "Variables" }) }).first();
    const rows = async () => (await variables.locator(".monaco-list-row").allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
    await waitFor("the Variables pane to show factor = 2", async () => (await rows()).some((t) => /^factor\s*[:=]?\s*2$/.test(t)), 20_000);
    const shown = await rows();
    assert.ok(shown.some((t) => /^out\s*[:=]?\s*(Array\(3\)|\(3\))\s*\[?202, 204, 206\]?$/.test(t)), `Variables shows the local array out (rows: ${shown.join(" | ")})`);
    await shot("stopped-earlier-cell");

    // Continue: the cell finishes with its output; the debug session ends with it.
    await debugAction("Continue").click();
    await waitFor("the debug session to end", async () => (await p.locator(".debug-toolbar").first().isVisible().catch(() => false)) === false, 30_000);
    await waitFor("the debugged cell's output", async () => /idle/.test(await kernelStatus(p)) && (await frameWith(p, "text=total 306 doubled 202,204,206")) !== undefined, 30_000, 500);
    await shot("finished");

    // Interrupt while paused: the session ends, the cell goes on and ends, the kernel and its
    // variables stay (the Debug Console's variable is read again by a cell run afterwards).
    await later.locator(".view-line", { hasText: "const prices" }).first().click();
    await runCommand(p, "Cascade: Debug Cell");
    await waitFor("the debugger to stop again in the later cell", () => stoppedIn(p, "const doubled = scaled(prices, 2);"), 60_000);
    await p.locator('.notebook-toolbar-container [role="button"][aria-label^="Interrupt"]').first().click();
    await waitFor("the debug session to end after the interrupt", async () => (await p.locator(".debug-toolbar").first().isVisible().catch(() => false)) === false, 30_000);
    await waitFor("the kernel to be idle after the interrupt", async () => /idle/.test(await kernelStatus(p)), 30_000, 500);
    await shot("interrupted");
    const phases = cascadeLog(join(home, "user-data")).split("\n").filter((l) => /debugging .*(inspector open|stopped \d+ ms)|started ahead of Debug Cell/.test(l));
    assert.ok(phases.length >= 2, `the Cascade log names the debug phases:\n${phases.join("\n")}`);
    // The breakpoints set in the cells, before any cell ran, started VS Code's JavaScript debugger before Debug Cell.
    assert.ok(phases.some((l) => /started ahead of Debug Cell \(a breakpoint was set in a cell\)/.test(l)), `the JavaScript debugger was started when the first breakpoint was set:\n${phases.join("\n")}`);
    process.stdout.write(`debug e2e: Debug Cell to stopped at the breakpoint in ${toStop} ms (palette command included)\n${phases.join("\n")}\n`);

  });
});
