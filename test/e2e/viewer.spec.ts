/**
 * End to end, the data viewer in a real VS Code (code-server 4.100.3) through Debian's
 * chromium: a 100,000-row frame shown by a cell is sorted by a column in the kernel (its
 * global minimum, far past the first 1,000 rows the output carries, comes first) and filtered
 * (the count is that of all rows); the Notebook Variables view lists the notebook's data and
 * not its imports, and opens the frame in the Data Viewer panel, served by the kernel too.
 *
 * Needs scripts/setup-e2e.sh, as test/e2e/notebook.spec.ts does (missing tools skip the test
 * locally and fail it in CI). A failure saves test/e2e/artifacts/viewer-failure.png.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Frame as PageFrame } from "playwright-core";
import { seededRandom } from "../../lib/random";
import { e2eSetup } from "./tools";
import { withNotebookInVsCode } from "./session";
import { frameWith, kernelStatus, runCommand, scrollThroughCells, sleep, waitFor } from "./workbench";

const { root, missing, skip, artifacts } = e2eSetup(__dirname);

const ROWS = 100_000;
const MIN_ROW = 77_777;
const MIN_LOW = 12_345.67;
const VENUES = ["okx", "binance", "bybit", "deribit", "kraken"];
const SEED = 19;

/** The notebook's frame, built the same way here (same seed) to know what the viewer must show. */
const CELL_SOURCE = `import { Frame, seededRandom, drawdown } from "cascade";
const random = seededRandom(${SEED});
const venues = ${JSON.stringify(VENUES)};
const n = ${ROWS};
const low = Float64Array.from({ length: n }, () => Math.round((50_000 + random() * 50_000) * 100) / 100);
low[${MIN_ROW}] = ${MIN_LOW};
const venue = Array.from({ length: n }, () => venues[Math.floor(random() * venues.length)]);
const trades = Frame.fromColumns({ id: Float64Array.from({ length: n }, (_, i) => i), low, venue });`;

function expected(): { okx: number } {
  const random = seededRandom(SEED);
  for (let i = 0; i < ROWS; i++) random();
  let okx = 0;
  for (let i = 0; i < ROWS; i++) if (VENUES[Math.floor(random() * VENUES.length)] === "okx") okx++;
  return { okx };
}

function notebook(): string {
  const cell = (source: string, id: string) => ({ cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) });
  return JSON.stringify({
    cells: [cell(CELL_SOURCE, "viewer-1"), cell("trades", "viewer-2")],
    metadata: { kernelspec: { display_name: "TypeScript (Cascade)", language: "typescript", name: "cascade-ts" }, language_info: { name: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1);
}

/** The first row's cells (index first) of the live table in `frame`. */
async function firstRow(frame: PageFrame): Promise<string[]> {
  return frame.locator(".cascade-frame-table .cf-data").first().locator("div").allTextContents();
}

test("the data viewer sorts and filters all 100,000 rows in the kernel; the variables view hides imports", { skip, timeout: 300_000 }, async () => {
  assert.deepEqual(missing, [], `the end-to-end test needs ${missing.join(" and ")}`);
  const { okx } = expected();
  const home = mkdtempSync(join(tmpdir(), "cascade-e2e-viewer-"));
  const workspace = join(home, "workspace");
  mkdirSync(workspace);
  writeFileSync(join(workspace, "viewer.ipynb"), notebook());
  await withNotebookInVsCode({ root, home, workspace, notebook: "viewer.ipynb", artifacts, failureShot: "viewer-failure.png" }, async (p) => {
    await p.locator(`.notebook-toolbar-container [role="button"][aria-label^="Run All"]`).first().click();
    await waitFor("both cells to run", async () => /idle/.test(await kernelStatus(p)) && (await p.locator(".notebook-editor .code-cell-row .cell-status-success, .notebook-editor .codicon-notebook-state-success").count()) >= 2, 90_000, 500);

    // The frame output, served by the kernel (data-live="true" once the kernel answered).
    await p.locator(".notebook-editor .code-cell-row .cell-focus-indicator-left").first().click({ force: true });
    let table: PageFrame | undefined;
    await scrollThroughCells(p, async () => !!(table = await frameWith(p, '.cascade-frame-table[data-live="true"]')), 4);
    assert.ok(table, "the frame output is a live table (served by the kernel)");
    const t = table!;
    const status = t.locator(".cascade-frame-table .cf-status").first();
    assert.match((await status.textContent()) ?? "", /of 100,000 × 3 columns/);

    // Sort by low: the global minimum (row 77,777, far past the first 1,000 rows) comes first.
    await t.locator(".cascade-frame-table .cf-header [role=columnheader]", { hasText: "low" }).first().click();
    const sorted = await waitFor("the sorted view to show the global minimum first", async () => {
      const row = await firstRow(t);
      return row[0] === String(MIN_ROW) && row[2] === String(MIN_LOW) ? row : undefined;
    }, 30_000);
    assert.equal(sorted[3] !== undefined, true);
    assert.match((await status.textContent()) ?? "", /sorted by low ↑/);

    // Filter venue = okx: the count is that of all 100,000 rows, and the sort still holds.
    const filter = t.locator('.cascade-frame-table input.cf-filter[data-column="venue"]');
    await filter.fill("=okx");
    await filter.press("Enter");
    await waitFor(`the filtered view to hold ${okx} rows`, async () => (await status.getAttribute("data-total")) === String(okx), 30_000);
    assert.match((await status.textContent()) ?? "", new RegExp(`of ${okx.toLocaleString("en-US")} \\(filtered from 100,000\\)`));
    const okxRow = await firstRow(t);
    assert.equal(okxRow[3], "okx");

    // Statistics of the view, computed in the kernel.
    await t.locator(".cascade-frame-table .cf-stats-toggle").click();
    const statsOf = (column: string) => t.locator(`.cascade-frame-table .cf-stats tr[data-column="${column}"] td`).allTextContents();
    const low = await waitFor("the statistics of the view", async () => {
      const cells = await statsOf("low");
      return cells[1] === okx.toLocaleString("en-US") ? cells : undefined;
    }, 20_000);
    assert.deepEqual(low.slice(0, 3), ["low", okx.toLocaleString("en-US"), "0"]);
    assert.deepEqual((await statsOf("venue")).slice(0, 5).concat((await statsOf("venue")).slice(6)), ["venue", okx.toLocaleString("en-US"), "0", "okx", "okx", "1"]);

    // The variables view: the notebook's data, not its imports or functions.
    await p.keyboard.press("Escape");
    await runCommand(p, "Focus on Notebook Variables View");
    // Room for the list: the workspace's file tree folded away, as a person would.
    const workspaceHeader = p.locator('.pane-header[aria-expanded="true"]', { hasText: /workspace/i }).first();
    if (await workspaceHeader.count()) await workspaceHeader.click();
    const pane = p.locator(".pane", { has: p.locator(".pane-header", { hasText: "Notebook Variables" }) }).first();
    const rowNamed = (name: string) => pane.locator(".monaco-list-row").filter({ has: p.locator(".label-name", { hasText: new RegExp(`^${name}$`) }) });
    await waitFor("the variables view to list trades", async () => (await rowNamed("trades").count()) > 0, 30_000);
    const names = (await pane.locator(".monaco-list-row .label-name").allTextContents()).map((s) => s.trim());
    for (const mine of ["trades", "low", "venue", "n", "venues"]) assert.ok(names.includes(mine), `the variables view lists ${mine} (${names.join(", ")})`);
    for (const hidden of ["Frame", "seededRandom", "drawdown", "random"]) assert.ok(!names.includes(hidden), `the variables view hides ${hidden} (${names.join(", ")})`);
    assert.match((await rowNamed("trades").first().textContent()) ?? "", /Frame · 100,000 × 3/);

    // Open in Data Viewer (clicking a table's row): the panel is served by the kernel too.
    await rowNamed("trades").first().click();
    await waitFor("the Data Viewer panel to show all 100,000 rows", async () => {
      for (const f of p.frames()) {
        const s = await f.locator('.cascade-frame-table[data-live="true"] .cf-status').first().textContent({ timeout: 500 }).catch(() => null);
        if (s && /of 100,000 × 3 columns/.test(s) && !(s.includes("filtered"))) return true;
      }
      return false;
    }, 30_000, 500);
    await sleep(200);
  });
});
