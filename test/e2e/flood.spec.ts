/**
 * End to end, in a real VS Code (code-server 4.100.3) driven through Debian's chromium: a cell
 * printing without end. While it floods, the window keeps answering (the output shows its first
 * lines, the command palette opens); Interrupt stops it; a later
 * cell reads a variable defined before the flood; the saved file holds the bounded output.
 *
 * Same tools and skip rules as notebook.spec.ts (scripts/setup-e2e.sh). The time from the
 * Interrupt click to the idle kernel is printed as a test diagnostic, not asserted (figures
 * belong to benchmarks). A failure saves test/e2e/artifacts/flood-failure.png.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { e2eSetup } from "./tools";
import { withNotebookInVsCode } from "./session";
import { frameWith, kernelStatus, waitFor } from "./workbench";

const { root, missing, skip, artifacts } = e2eSetup(__dirname);

/** Three cells: a variable, an endless flood of lines, a cell reading the variable. */
function floodNotebook(): string {
  const cell = (id: string, source: string) => ({ cell_type: "code", id, metadata: {}, execution_count: null, outputs: [], source });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" } },
    cells: [
      cell("flood-1", "const kept = 7;"),
      cell("flood-2", "let printed = 0;\nwhile (true) console.log('flood line ' + printed++);"),
      cell("flood-3", "console.log('after the flood', kept, printed > 100000);"),
    ],
  });
}

interface NbCell {
  execution_count?: number | null;
  outputs?: Array<{ output_type: string; name?: string; text?: string | string[]; ename?: string }>;
}

test("VS Code: a flooding cell keeps the window responsive, Interrupt stops it, the file keeps a bounded output", { skip, timeout: 300_000 }, async (t) => {
  assert.deepEqual(missing, [], `the end-to-end test needs ${missing.join(" and ")}: scripts/setup.sh runs scripts/setup-e2e.sh`);
  const home = mkdtempSync(join(tmpdir(), "cascade-e2e-flood-"));
  const workspace = join(home, "workspace");
  mkdirSync(workspace);
  const notebookFile = join(workspace, "flood.ipynb");
  writeFileSync(notebookFile, floodNotebook());
  await withNotebookInVsCode({ root, home, workspace, notebook: "flood.ipynb", artifacts, failureShot: "flood-failure.png" }, async (p) => {

    const toolbar = (label: string) => p.locator(`.notebook-toolbar-container [role="button"][aria-label^="${label}"]`).first();
    await toolbar("Run All").click();
    await waitFor("the flood to run", async () => /running Cell 2/.test(await kernelStatus(p)), 60_000);

    // While it floods: its first lines are drawn in the output...
    await waitFor("the flood's first lines in the output", async () => (await frameWith(p, "text=flood line 0")) !== undefined, 60_000);
    // ... and the window answers: the command palette opens and closes.
    await p.keyboard.press("F1");
    await p.locator(".quick-input-widget input").waitFor({ state: "visible", timeout: 10_000 });
    await p.keyboard.press("Escape");
    assert.match(await kernelStatus(p), /running Cell 2/, "still flooding while the palette opened");

    const clicked = Date.now();
    await toolbar("Interrupt").click();
    await waitFor("the kernel to be idle after the interrupt", async () => /idle/.test(await kernelStatus(p)), 30_000, 50);
    t.diagnostic(`Interrupt click to idle kernel during the flood: ${Date.now() - clicked} ms`);

    // The last cell reads the variable defined before the flood (Run All's queue was cancelled).
    await p.locator(".notebook-editor .code-cell-row .cell-focus-indicator-left").first().click({ force: true });
    await p.keyboard.press("Escape");
    await p.keyboard.press("Control+End");
    const runButton = p.locator(".notebook-editor .code-cell-row.focused .run-button-container .action-label").first();
    let lastClick = 0;
    await waitFor("the last cell to run", async () => {
      const idle = /idle/.test(await kernelStatus(p));
      if (idle && (await frameWith(p, "text=after the flood 7 true")) !== undefined) return true;
      if (idle && Date.now() - lastClick > 8000) {
        await runButton.click().catch(() => undefined);
        lastClick = Date.now();
      }
      return false;
    }, 45_000, 500);

    await p.keyboard.press("Escape");
    await p.keyboard.press("Control+S");
    const saved = await waitFor("the notebook to be saved with outputs", async () => {
      const nb = JSON.parse(readFileSync(notebookFile, "utf8")) as { cells: NbCell[] };
      return nb.cells[2]?.outputs?.length ? nb.cells : undefined;
    }, 20_000);
    const text = (c: NbCell) => (c.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");
    const flood = saved[1];
    const lines = text(flood).split("\n").filter(Boolean);
    assert.ok(lines.length <= 5001, `the file keeps at most 5,000 lines and the note, not ${lines.length}`);
    assert.equal(lines[0], "flood line 0");
    assert.equal(lines[2499], "flood line 2499");
    assert.match(lines[2500], /^\[\.\.\. [\d,]+ lines \(.*\) left out of [\d,]+: the first 2,500 and the last [\d,]+ are kept; the setting cascade\.output\.lineLimit keeps more/);
    // The last lines are consecutive, up to where the interrupt stopped the loop.
    const last = lines.slice(2501).map((l) => Number(/^flood line (\d+)$/.exec(l)?.[1]));
    assert.ok(last.length > 0);
    last.forEach((v, i) => i > 0 && assert.equal(v, last[i - 1] + 1));
    assert.equal(flood.outputs?.find((o) => o.output_type === "error")?.ename, "Interrupt");
    assert.match(text(saved[2]), /after the flood 7 true/);

  });
});
