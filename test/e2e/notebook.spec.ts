/**
 * End to end, in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) driven through Debian's
 * chromium: the packaged .vsix is installed, a notebook is opened and run, and what a person
 * would see is checked: every cell ran, a plotly chart was drawn, a frame table was rendered,
 * an interrupted endless loop kept an earlier variable, completions in a later cell offer
 * a variable an earlier cell declared, and the Notebook Variables view lists that variable.
 *
 * Needs scripts/setup-e2e.sh (run by scripts/setup.sh in CI). Missing tools skip the test
 * locally and fail it in CI (CI=true); `npm run test:unit` runs every other test without them.
 * A failure saves a screenshot to test/e2e/artifacts/failure.png in the repository (ignored by
 * git; CI keeps the folder as an artifact), named in the failure message.
 * CASCADE_E2E_SHOTS=DIR keeps a screenshot of every step in DIR too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { withNotebookInVsCode } from "./session";
import { e2eSetup } from "./tools";
import { zipEntries } from "./zip-entries";
import { frameWith, kernelStatus, quickOpen, runCommand, scrollThroughCells, sleep, waitFor } from "./workbench";

const { root, missing, skip, artifacts } = e2eSetup(__dirname);


interface NbCell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: Array<{ output_type: string; name?: string; text?: string | string[]; ename?: string; data?: Record<string, unknown> }>;
}

test("VS Code runs a TypeScript notebook with charts, tables, interrupt, completions and variables", { skip, timeout: 300_000 }, async () => {
  assert.deepEqual(missing, [], `the end-to-end test needs ${missing.join(" and ")}: scripts/setup.sh runs scripts/setup-e2e.sh; without them, npm run test:unit runs every other test`);
  const home = mkdtempSync(join(tmpdir(), "cascade-e2e-"));
  const shots = process.env.CASCADE_E2E_SHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const workspace = join(home, "workspace");
  mkdirSync(workspace);
  const notebookFile = join(workspace, "e2e.ipynb");
  copyFileSync(join(root, "test/e2e/fixtures/e2e.ipynb"), notebookFile);
  // A prebuilt notebook too, its outputs stripped: a Run All must write them anew.
  const quickstartFile = join(workspace, "00-quickstart.ipynb");
  copyFileSync(join(root, "notebooks/00-quickstart.ipynb"), quickstartFile);
  execFileSync(process.execPath, [join(root, "bin/cascade.js"), "strip", "--outputs", quickstartFile], { stdio: "pipe" });

  let page: Page | undefined;
  let step = 0;
  const shot = async (name: string) => {
    if (page && shots) await page.screenshot({ path: join(shots, `${String(++step).padStart(2, "0")}-${name}.png`) });
  };
  // One controller for jupyter-notebook: VS Code selects it by itself (the session waits for it).
  await withNotebookInVsCode({ root, home, workspace, notebook: "e2e.ipynb", artifacts, failureShot: "failure.png" }, async (p) => {
    page = p;
    // The package a user installs: at most 15 MB, no native binaries.
    // (withNotebookInVsCode packaged it into the test's folder and installed it).
    const vsix = join(home, "cascade-notebooks.vsix");
    const listing = zipEntries(vsix);
    assert.ok(statSync(vsix).size <= 15 * 1024 * 1024, `the vsix is ${statSync(vsix).size} bytes`);
    assert.deepEqual(listing.filter((f) => f.endsWith(".node")), [], "no native binaries");
    for (const f of ["extension/dist/extension.js", "extension/dist/kernel-process.js", "extension/dist/protocol-thread.js", "extension/dist/lib/cascade.js", "extension/dist/renderers/plotly.js", "extension/dist/renderers/frame.js", "extension/dist/renderers/variables-grid.js", "extension/node_modules/cascade-notebooks-ts-plugin/index.js", "extension/node_modules/typescript/lib/typescript.js", "extension/node_modules/@types/node/index.d.ts", "extension/node_modules/parquet-wasm/node/parquet_wasm_bg.wasm", "extension/node_modules/apache-arrow/Arrow.node.js"]) {
      assert.ok(listing.includes(f), `the vsix has ${f}`);
    }
    assert.deepEqual(listing.filter((f) => f.includes("@duckdb")), [], "DuckDB is not packaged (Cascade: Add SQL Engine installs it)");
    // Parquet works from the packaged library: the .wasm loads from the extension's own folder.
    const unpacked = join(home, "vsix-unpacked");
    execFileSync("/usr/bin/python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", vsix, unpacked]);
    const roundTrip = execFileSync(process.execPath, ["-e", `
      const c = require("./dist/lib/cascade.js");
      const f = c.Frame.fromColumns({ time: [1760130000000], venue: ["binance"], px: [1.5] }, { types: { time: "time" } });
      c.writeParquet("rt.parquet", f);
      c.readParquet("rt.parquet").then((g) => console.log(JSON.stringify({ rows: g.toRecords().length, venue: g.strings("venue")[0], wasm: require.resolve("parquet-wasm") })));
    `], { cwd: join(unpacked, "extension"), encoding: "utf8" });
    const rt = JSON.parse(roundTrip);
    assert.equal(rt.rows, 1);
    assert.equal(rt.venue, "binance");
    assert.ok(rt.wasm.startsWith(join(unpacked, "extension", "node_modules")), `parquet-wasm resolved from the package: ${rt.wasm}`);
    // The TypeScript server plugin loads by its package name from the extension's node_modules,
    // as tsserver loads it (contributes.typescriptServerPlugins).
    const plugin = execFileSync(process.execPath, ["-e", `
      const init = require("cascade-notebooks-ts-plugin");
      console.log(typeof init({ typescript: require("typescript") }).create, require.resolve("cascade-notebooks-ts-plugin"));
    `], { cwd: join(unpacked, "extension"), encoding: "utf8" }).trim().split(" ");
    assert.equal(plugin[0], "function");
    assert.ok(plugin[1].startsWith(join(unpacked, "extension", "node_modules")), `the plugin resolved from the package: ${plugin[1]}`);

    await shot("notebook-open");

    const toolbar = (label: string) => p.locator(`.notebook-toolbar-container [role="button"][aria-label^="${label}"]`).first();
    await toolbar("Run All").click();
    // Cells run in order: once the loop (Cell 5) runs, Cells 1-4 have finished.
    await waitFor("the endless loop to run", async () => /running Cell 5/.test(await kernelStatus(p)), 60_000);
    await sleep(1000);
    await shot("loop-running");
    await toolbar("Interrupt").click();
    await waitFor("the kernel to be idle after the interrupt", async () => /idle/.test(await kernelStatus(p)), 30_000);

    // What a person sees: the chart's SVG and the frame table, in the output webview.
    // The left gutter of the first code cell: focuses the cell list without editing a cell.
    const focusCellList = () => p.locator(".notebook-editor .code-cell-row .cell-focus-indicator-left").first().click({ force: true });
    await focusCellList();
    const chart = await scrollThroughCells(p, async () => (await frameWith(p, "svg.main-svg")) !== undefined, 6);
    await shot("chart");
    assert.ok(chart, "a plotly chart was drawn (svg.main-svg in an output frame)");
    const table = await scrollThroughCells(p, async () => {
      const frame = await frameWith(p, ".cascade-frame-table");
      return !!frame && /binance/.test((await frame.textContent(".cascade-frame-table")) ?? "");
    }, 6);
    await shot("table");
    assert.ok(table, "the frame table rendered its rows");

    // Completions in the last cell offer the variable an earlier cell declared (typed, checked
    // and undone before the cell runs, so the saved cell is the one that ran).
    await focusCellList();
    await p.keyboard.press("Escape");
    await p.keyboard.press("Control+End");
    await p.keyboard.press("Enter");
    await p.keyboard.press("Control+End");
    await p.keyboard.press("Enter");
    await p.keyboard.type("cascadeAn");
    const suggestion = p.locator(".suggest-widget .monaco-list-row", { hasText: "cascadeAnswer" }).first();
    // As a person would: ask again if the list closed (an output still settling moves the cell).
    await waitFor("the completion list to offer cascadeAnswer", async () => {
      await p.keyboard.press("Control+Space");
      return suggestion.waitFor({ state: "visible", timeout: 4000 }).then(() => true, () => false);
    }, 30_000, 0);
    await shot("completion");
    await p.keyboard.press("Escape");
    await p.keyboard.press("Control+Z");
    await p.keyboard.press("Control+Z");
    await p.keyboard.press("Escape");

    // Run the last cell: it reads the variable declared before the loop.
    // Its run button (keyboard shortcuts for running a cell differ between command and edit mode).
    // A click that lands while the editor is still settling after the undo is lost now and
    // then: click again while the kernel is idle and the output has not come (never while the
    // cell runs, where the same button would stop it).
    const runButton = p.locator(".notebook-editor .code-cell-row.focused .run-button-container .action-label").first();
    let lastClick = 0;
    await waitFor("the last cell to run", async () => {
      const idle = /idle/.test(await kernelStatus(p));
      if (idle && (await frameWith(p, "text=still 42")) !== undefined) return true;
      if (idle && Date.now() - lastClick > 8000) {
        await runButton.click().catch(() => undefined);
        lastClick = Date.now();
      }
      return false;
    }, 45_000, 500);
    await shot("after-interrupt");

    // Save, so the file on disk holds the run's outputs.
    await p.keyboard.press("Escape");
    await p.keyboard.press("Control+S");
    const saved = await waitFor("the notebook to be saved with outputs", async () => {
      const nb = JSON.parse(readFileSync(notebookFile, "utf8")) as { cells: NbCell[] };
      return nb.cells[5]?.outputs?.length ? nb : undefined;
    }, 20_000);

    // The Notebook Variables view (in the Explorer) lists the variable the first code cell
    // declared. Opened as a person would: its "Focus on ... View" command in the palette.
    await runCommand(p, "Focus on Notebook Variables View");
    const variablesPane = p.locator(".pane", { has: p.locator(".pane-header", { hasText: "Notebook Variables" }) }).first();
    const variableRow = variablesPane.locator(".monaco-list-row", { hasText: "cascadeAnswer" }).first();
    await waitFor("the Notebook Variables view to list cascadeAnswer", () => variableRow.isVisible(), 30_000);
    await shot("variables");
    assert.match((await variableRow.textContent()) ?? "", /cascadeAnswer.*number.*42/, "the variables view lists cascadeAnswer, a number, 42");

    const cells = saved.cells;
    const errors = (c: NbCell) => (c.outputs ?? []).filter((o) => o.output_type === "error");
    const text = (c: NbCell) => (c.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");
    for (const i of [1, 2, 3, 5]) {
      assert.equal(typeof cells[i].execution_count, "number", `cell ${i + 1} ran`);
      assert.deepEqual(errors(cells[i]), [], `cell ${i + 1} finished without error`);
    }
    assert.match(text(cells[1]), /answer is 42/);
    assert.ok(cells[2].outputs!.some((o) => o.data?.["application/vnd.plotly.v1+json"]), "the chart's figure is in the file");
    assert.ok(cells[3].outputs!.some((o) => o.data?.["application/vnd.cascade.frame+json"]), "the frame is in the file");
    assert.equal(errors(cells[4])[0]?.ename, "Interrupt", "the endless loop was interrupted");
    assert.match(text(cells[5]), /still 42/, "the variable defined before the loop survived the interrupt");

    // The prebuilt quickstart: Run All, every cell finishes without error, its chart is drawn.
    await p.keyboard.press("Escape");
    await p.keyboard.press("Control+K");
    await p.keyboard.press("W"); // close the other editors: one notebook toolbar on screen
    await quickOpen(p, "00-quickstart.ipynb");
    await waitFor("the quickstart's kernel to be selected", async () => (await p.locator(".notebook-toolbar-container", { hasText: "TypeScript (Cascade)" }).count()) > 0, 60_000);
    await toolbar("Run All").click();
    const quickstart = await waitFor("the quickstart to run and be saved", async () => {
      if (!/idle/.test(await kernelStatus(p))) return undefined;
      await p.keyboard.press("Control+S");
      const nb = JSON.parse(readFileSync(quickstartFile, "utf8")) as { cells: NbCell[] };
      const code = nb.cells.filter((c) => c.cell_type === "code");
      return code.every((c) => typeof c.execution_count === "number") ? code : undefined;
    }, 90_000, 1000);
    await shot("quickstart");
    for (const [i, c] of quickstart.entries()) assert.deepEqual(errors(c), [], `quickstart code cell ${i + 1} finished without error`);
    assert.ok(quickstart.some((c) => c.outputs?.some((o) => o.data?.["application/vnd.plotly.v1+json"])), "the quickstart's chart is in the file");
    const quickstartChart = await scrollThroughCells(p, async () => (await frameWith(p, "svg.main-svg")) !== undefined, 10);
    assert.ok(quickstartChart, "the quickstart's plotly chart was drawn");
  });
});
