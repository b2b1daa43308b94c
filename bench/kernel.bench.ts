/**
 * The "kernel" bench: our kernel next to tslab (the TypeScript kernel a Jupyter user would
 * pick), measured in the same run on the same machine, medians of repeated runs.
 *
 * Ours is always timed from the host through kernels/client.ts, so its figures include
 * spawning the kernel process and the IPC hop of every cell. tslab is timed inside its own
 * process through its converter/executor API (see kernel-tslab.ts), which leaves those costs
 * out: every ratio (theirs / ours) is a lower bound of how much faster ours is.
 * Caveat the other way: tslab type-checks each cell, our kernel only transpiles it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type ExecuteResult } from "../kernels/client";
import { LAST_CELL_VALUE, NOTEBOOK_CELLS, notebookJson } from "./kernel-notebook";
import { setupNbconvert } from "./kernel-jupyter";
import { TslabProcess, type TslabReply } from "./kernel-tslab";
import type { BenchRow, BenchSuite } from "./types";
import { median, ms } from "./stats";

const COLD_STARTS = 5;
const TRIVIAL_CELLS = 200;
const NOTEBOOK_RUNS = 3;
const FIRST_RESULT_TARGET_MS = 300;
const PER_CELL_TARGET_MS = 3;
const MIN_RATIO = 5;


/** The cell's value as text/plain; throws unless the cell ran ok, so a broken run can't pass. */
function valueOf(r: ExecuteResult, cell: string): string {
  if (r.status !== "ok") throw new Error(`our kernel: ${JSON.stringify(cell)} -> ${r.status}: ${r.error?.evalue}`);
  const result = r.outputs.find((o) => o.type === "result");
  return result && result.type === "result" ? String(result.data["text/plain"]) : "";
}

function tslabValue(r: { ok: boolean; outputs: string[] }, cell: string): string {
  if (!r.ok) throw new Error(`tslab: ${JSON.stringify(cell)} failed: ${r.outputs.join("\n")}`);
  return r.outputs.join("\n");
}

interface NotebookTimes {
  /** Start to the last cell's result. */
  toLast: number;
}

async function oursNotebook(cwd: string): Promise<NotebookTimes> {
  const t0 = performance.now();
  const kernel = await startKernel({ cwd });
  let last = "";
  for (const [i, cell] of NOTEBOOK_CELLS.entries()) last = valueOf(await kernel.execute(cell, { cellName: `cell ${i + 1}` }), cell);
  const toLast = performance.now() - t0;
  await kernel.shutdown();
  if (!last.includes(LAST_CELL_VALUE)) throw new Error(`our kernel: last cell gave ${last}`);
  return { toLast };
}

async function tslabNotebook(cwd: string): Promise<{ inProcess: number; wall: number }> {
  const tslab = new TslabProcess(cwd);
  try {
    let last: TslabReply | undefined;
    let value = "";
    for (const cell of NOTEBOOK_CELLS) value = tslabValue((last = await tslab.execute(cell)), cell);
    if (!last || value !== LAST_CELL_VALUE) throw new Error(`tslab: last cell gave ${value}`);
    return { inProcess: last.sinceStartMs, wall: last.sinceSpawnMs };
  } finally {
    await tslab.close();
  }
}

async function run(): Promise<BenchRow[]> {
  const cwd = mkdtempSync(join(tmpdir(), "cascade-bench-kernel-"));
  const rows: BenchRow[] = [];
  const row = (name: string, ours: string, theirs: string, ratio?: number, target?: string, met?: boolean) =>
    rows.push({ group: "kernel", name, ours, theirs, ratio, target, met });
  try {
    // 1. Cold start to the first result; ours and tslab alternate so drift hits both alike.
    const oursStart: number[] = [];
    const tslabStart: number[] = [];
    const tslabStartWall: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const t0 = performance.now();
      const kernel = await startKernel({ cwd });
      const value = valueOf(await kernel.execute("1 + 1", { cellName: "cell 1" }), "1 + 1");
      oursStart.push(performance.now() - t0);
      await kernel.shutdown();
      if (value !== "2") throw new Error(`our kernel: 1 + 1 gave ${value}`);

      const tslab = new TslabProcess(cwd);
      const r = await tslab.execute("1 + 1");
      await tslab.close();
      if (tslabValue(r, "1 + 1") !== "2") throw new Error(`tslab: 1 + 1 gave ${r.outputs}`);
      tslabStart.push(r.sinceStartMs);
      tslabStartWall.push(r.sinceSpawnMs);
    }
    const start = median(oursStart);
    const startRatio = median(tslabStart) / start;
    row(
      `start to first result of \`1 + 1\`, median of ${COLD_STARTS} starts (ours: spawn kernel process, IPC, TypeScript from V8's code cache after the first start; tslab: load + create converter/executor in-process in a fresh Node, Node boot excluded)`,
      ms(start),
      `tslab ${ms(median(tslabStart))} in-process (${ms(median(tslabStartWall))} incl. spawn)`,
      startRatio,
      `<= ${FIRST_RESULT_TARGET_MS} ms and >= ${MIN_RATIO}x`,
      start <= FIRST_RESULT_TARGET_MS && startRatio >= MIN_RATIO,
    );

    // 2. Per-cell overhead: distinct literals, so no compile or result cache can help. One
    // kernel at a time (not interleaved), as a user runs them: neither evicts the other's caches.
    const cells = Array.from({ length: TRIVIAL_CELLS }, (_, i) => ({ code: `${1000 + i} + 1`, value: String(1001 + i) }));
    const oursCell: number[] = [];
    const oursKernelSide: number[] = [];
    const kernel = await startKernel({ cwd });
    try {
      for (const [i, cell] of cells.entries()) {
        const t0 = performance.now();
        const r = await kernel.execute(cell.code, { cellName: `cell ${i + 1}` });
        oursCell.push(performance.now() - t0);
        oursKernelSide.push(r.durationMs);
        if (valueOf(r, cell.code) !== cell.value) throw new Error(`our kernel: ${cell.code} gave ${valueOf(r, cell.code)}`);
      }
    } finally {
      await kernel.shutdown();
    }
    const tslabCell: number[] = [];
    const tslab = new TslabProcess(cwd);
    try {
      for (const cell of cells) {
        const t = await tslab.execute(cell.code);
        if (tslabValue(t, cell.code) !== cell.value) throw new Error(`tslab: ${cell.code} gave ${t.outputs}`);
        tslabCell.push(t.execMs);
      }
    } finally {
      await tslab.close();
    }
    const perCell = median(oursCell);
    const perCellRatio = median(tslabCell) / perCell;
    row(
      `per-cell overhead of a trivial cell, median of ${TRIVIAL_CELLS} distinct cells (ours: host round trip; tslab: executor.execute in-process, type-checks each cell)`,
      `${ms(perCell)} (kernel-side ${ms(median(oursKernelSide))})`,
      `tslab ${ms(median(tslabCell))}`,
      perCellRatio,
      `<= ${PER_CELL_TARGET_MS} ms and >= ${MIN_RATIO}x`,
      perCell <= PER_CELL_TARGET_MS && perCellRatio >= MIN_RATIO,
    );

    // 3. The 30-cell notebook end to end, identical source for both.
    const oursNb: NotebookTimes[] = [];
    const tslabNb: { inProcess: number; wall: number }[] = [];
    for (let i = 0; i < NOTEBOOK_RUNS; i++) {
      oursNb.push(await oursNotebook(cwd));
      tslabNb.push(await tslabNotebook(cwd));
    }
    const nb = median(oursNb.map((t) => t.toLast));
    const tslabNbIn = median(tslabNb.map((t) => t.inProcess));
    row(
      `${NOTEBOOK_CELLS.length}-cell notebook, start to last result, median of ${NOTEBOOK_RUNS} (ours: kernel client; tslab: in-process as above)`,
      ms(nb),
      `tslab ${ms(tslabNbIn)} in-process (${ms(median(tslabNb.map((t) => t.wall)))} incl. spawn)`,
      tslabNbIn / nb,
    );

    // 4. The same notebook the way a Jupyter user runs it headless: nbconvert with each kernel.
    const jupyterName = `${NOTEBOOK_CELLS.length}-cell notebook via \`jupyter nbconvert --execute\`, median of ${NOTEBOOK_RUNS} (ours: cascade-ts kernelspec; theirs: tslab's)`;
    const jupyter = setupNbconvert();
    if (typeof jupyter === "string") {
      row(jupyterName, "n/a", jupyter);
    } else {
      try {
        const oursWalls: number[] = [];
        const tslabWalls: number[] = [];
        for (let i = 0; i < NOTEBOOK_RUNS; i++) {
          oursWalls.push(await jupyter.run(notebookJson(), `ours-${i + 1}`, LAST_CELL_VALUE, "cascade-ts"));
          tslabWalls.push(await jupyter.run(notebookJson(), `tslab-${i + 1}`, LAST_CELL_VALUE, "tslab"));
        }
        row(jupyterName, ms(median(oursWalls)), `nbconvert + tslab ${ms(median(tslabWalls))}`, median(tslabWalls) / median(oursWalls));
      } finally {
        jupyter.dispose();
      }
    }
    return rows;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

export const kernelSuite: BenchSuite = { group: "kernel", run };
