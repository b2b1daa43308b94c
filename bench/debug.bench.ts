/**
 * The "debug" bench: Debug Cell's cost, through the kernel protocol and a real inspector client
 * (kernels/inspector-client.ts: what js-debug does, less VS Code's UI).
 *
 * 1. Debug Cell to stopped at a breakpoint: from the host asking the kernel to open its inspector
 *    to the debugger's Debugger.paused in an earlier cell's function called by the debugged
 *    cell (open, connect, enable, find the cell's script, set the breakpoint, run the cell).
 *    Next to it: plain Node doing the same for the same code, `node --inspect-brk=0` on a file.
 * 2. Per-cell time of a kernel nobody debugs, with the cell URI VS Code now sends (each cell
 *    carries its source map) next to cells without it (the kernel suite's per-cell row, which
 *    runs as before), in alternating blocks on one kernel each.
 * 3. Per-cell time of a kernel whose debug session ended (inspector closed) next to one never
 *    debugged, in alternating blocks.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type ExecuteResult, type Kernel } from "../kernels/client";
import { cellDebugPath } from "../kernels/cell-source";
import { generatedPosition, InspectorClient, inlineSourceMap, type PausedEvent, type ScriptParsed } from "../kernels/inspector-client";
import type { BenchRow, BenchSuite } from "./types";
import { median, ms } from "./stats";

const STOP_RUNS = 7;
const STOP_TARGET_MS = 2000;
/** Alternating blocks of cells: short ones, so drifting load on the machine hits both sides alike. */
const BLOCK = 25;
const BLOCKS = 16;
/** Per-cell time may differ by noise, not by design: within 10 % counts as unchanged. */
const SAME_SPEED = 0.9;

const FUNCTION_CELL = ["function scaled(values: number[], factor: number): number[] {", "  const out = values.map((v) => v * factor);", "  return out;", "}"].join("\n");
const CALLING_CELL = "const prices = [101, 102, 103];\nconst doubled = scaled(prices, 2);\ndoubled.length";


function check(r: ExecuteResult, what: string): void {
  if (r.status !== "ok") throw new Error(`debug bench: ${what} -> ${r.status}: ${r.error?.evalue}`);
}

const uriOf = (dir: string, n: number) => `vscode-notebook-cell:${dir}/bench.ipynb#W${n}sZmlsZQ%3D%3D`;

/** One Debug Cell on a kernel that ran the function cell: ms to Debugger.paused. */
async function debugCellToStop(kernel: Kernel, dir: string): Promise<number> {
  const t0 = performance.now();
  const opened = await kernel.debug("open", { wait: true });
  if (!opened.url) throw new Error(`debug bench: the inspector did not open: ${opened.error}`);
  const cdp = await InspectorClient.connect(opened.url);
  await cdp.send("Debugger.enable");
  const path = cellDebugPath(uriOf(dir, 1));
  const script = [...cdp.scripts.values()].find((s) => inlineSourceMap(s)?.sources[0] === path);
  if (!script) throw new Error("debug bench: the function cell's script was not reported");
  await cdp.send("Debugger.setBreakpoint", { location: { scriptId: script.scriptId, ...(await generatedPosition(cdp, script, 3)) } });
  await cdp.send("Runtime.runIfWaitingForDebugger");
  const paused = cdp.next<PausedEvent>("Debugger.paused");
  const run = kernel.execute(CALLING_CELL, { cellName: "Cell 2", cellUri: uriOf(dir, 2) });
  await paused;
  const elapsed = performance.now() - t0;
  await cdp.send("Debugger.resume");
  check(await run, "the debugged cell");
  const gone = cdp.closed();
  await kernel.debug("close");
  await gone;
  return elapsed;
}

/** Plain Node: `node --inspect-brk=0 file.js` to paused at the same line of the same code. */
async function nodeInspectBrkToStop(dir: string): Promise<number> {
  const file = join(dir, "plain.js");
  writeFileSync(file, "function scaled(values, factor) {\n  const out = values.map((v) => v * factor);\n  return out;\n}\nconst prices = [101, 102, 103];\nconst doubled = scaled(prices, 2);\n");
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--inspect-brk=127.0.0.1:0", file], { stdio: ["ignore", "ignore", "pipe"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = "";
      child.stderr!.setEncoding("utf8").on("data", (t: string) => {
        err += t;
        const m = /ws:\/\/\S+/.exec(err);
        if (m) resolve(m[0]);
      });
      child.once("exit", () => reject(new Error(`node --inspect-brk exited: ${err}`)));
    });
    const cdp = await InspectorClient.connect(url);
    const firstPause = cdp.next<PausedEvent>("Debugger.paused");
    await cdp.send("Debugger.enable");
    await cdp.send("Runtime.runIfWaitingForDebugger");
    await firstPause;
    const script = [...cdp.scripts.values()].find((s: ScriptParsed) => s.url.endsWith("plain.js"));
    if (!script) throw new Error("debug bench: plain.js was not reported");
    await cdp.send("Debugger.setBreakpoint", { location: { scriptId: script.scriptId, lineNumber: 2, columnNumber: 2 } });
    const paused = cdp.next<PausedEvent>("Debugger.paused");
    await cdp.send("Debugger.resume");
    await paused;
    const elapsed = performance.now() - t0;
    cdp.close();
    return elapsed;
  } finally {
    child.kill("SIGKILL");
  }
}

interface CellTimes {
  /** Host round trip of each cell. */
  host: number[];
  /** The kernel's own time for each cell (`done.durationMs`). */
  kernel: number[];
}

/** `n` distinct trivial cells, timed from the host and inside the kernel; appended to `into`. */
async function perCell(kernel: Kernel, n: number, start: number, withUri: string | undefined, into: CellTimes): Promise<void> {
  for (let i = 0; i < n; i++) {
    const k = start + i;
    const t0 = performance.now();
    const r = await kernel.execute(`${k} + 1`, { cellName: `cell ${k}`, ...(withUri ? { cellUri: `${withUri}#W${k}` } : {}) });
    into.host.push(performance.now() - t0);
    into.kernel.push(r.durationMs);
    check(r, `${k} + 1`);
  }
}

const times = (): CellTimes => ({ host: [], kernel: [] });
const describe = (t: CellTimes) => `${ms(median(t.host))} (kernel-side ${ms(median(t.kernel))})`;

export const debugSuite: BenchSuite = {
  group: "debug",
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const dir = mkdtempSync(join(tmpdir(), "cascade-bench-debug-"));
    try {
      // 1. Debug Cell to stopped.
      const ours: number[] = [];
      const kernel = await startKernel({ cwd: dir });
      try {
        check(await kernel.execute(FUNCTION_CELL, { cellName: "Cell 1", cellUri: uriOf(dir, 1) }), "the function cell");
        for (let i = 0; i < STOP_RUNS; i++) ours.push(await debugCellToStop(kernel, dir));
      } finally {
        await kernel.shutdown();
      }
      const theirs: number[] = [];
      for (let i = 0; i < STOP_RUNS; i++) theirs.push(await nodeInspectBrkToStop(dir));
      const stop = median(ours);
      rows.push({
        group: "debug",
        name: `Debug Cell to stopped at a breakpoint in an earlier cell's function, median of ${STOP_RUNS} (kernel protocol + a real inspector client; VS Code's UI not included)`,
        ours: ms(stop),
        theirs: `node --inspect-brk on the same code ${ms(median(theirs))}`,
        ratio: median(theirs) / stop,
        target: `<= ${STOP_TARGET_MS} ms`,
        met: stop <= STOP_TARGET_MS,
      });

      // 2. Per cell, no debugger: with the cell URI (source map inline) vs without.
      const uri = `vscode-notebook-cell:${dir}/bench.ipynb`;
      const plainKernel = await startKernel({ cwd: dir });
      const uriKernel = await startKernel({ cwd: dir });
      const plain = times();
      const withUri = times();
      try {
        for (let b = 0; b < BLOCKS; b++) {
          // Which side goes first alternates too.
          const sides = [() => perCell(plainKernel, BLOCK, 1000 + b * BLOCK, undefined, plain), () => perCell(uriKernel, BLOCK, 1000 + b * BLOCK, uri, withUri)];
          for (const side of b % 2 ? sides.reverse() : sides) await side();
        }
      } finally {
        await plainKernel.shutdown();
        await uriKernel.shutdown();
      }
      const ratioUri = median(plain.host) / median(withUri.host);
      rows.push({
        group: "debug",
        name: `per-cell time of a kernel not being debugged, cells sent with their cell URI (source map inline, as VS Code now runs them), median of ${BLOCKS * BLOCK}`,
        ours: describe(withUri),
        theirs: `without the cell URI (as before, the kernel suite's per-cell row) ${describe(plain)}`,
        ratio: ratioUri,
        target: `>= ${SAME_SPEED}x (unchanged within noise)`,
        met: ratioUri >= SAME_SPEED,
      });

      // 3. Per cell after a debug session ended: a kernel that was debugged next to one that
      // never was, both started afresh and given the same cells (a kernel that has run hundreds
      // of cells more has its code compiled further: the kernel of part 2 was 20 % faster than
      // a fresh one), in alternating blocks (load on the machine hits both alike).
      const debugged = await startKernel({ cwd: dir });
      const neverKernel = await startKernel({ cwd: dir });
      try {
        check(await neverKernel.execute("1 + 1", { cellName: "not debugged", cellUri: `${uri}#dbg` }), "a cell of the kernel never debugged");
        const opened = await debugged.debug("open", { wait: true });
        const cdp = await InspectorClient.connect(opened.url!);
        await cdp.send("Debugger.enable");
        await cdp.send("Runtime.runIfWaitingForDebugger");
        check(await debugged.execute("1 + 1", { cellName: "debugged", cellUri: `${uri}#dbg` }), "a debugged cell");
        const gone = cdp.closed();
        await debugged.debug("close");
        await gone;
        const never = times();
        const after = times();
        for (let b = 0; b < BLOCKS; b++) {
          const sides = [() => perCell(neverKernel, BLOCK, 5000 + b * BLOCK, uri, never), () => perCell(debugged, BLOCK, 5000 + b * BLOCK, uri, after)];
          for (const side of b % 2 ? sides.reverse() : sides) await side();
        }
        const ratioAfter = median(never.host) / median(after.host);
        rows.push({
          group: "debug",
          name: `per-cell time of a kernel after its debug session ended (inspector closed), median of ${BLOCKS * BLOCK}`,
          ours: describe(after),
          theirs: `a kernel never debugged ${describe(never)}`,
          ratio: ratioAfter,
          target: `>= ${SAME_SPEED}x (normal speed back)`,
          met: ratioAfter >= SAME_SPEED,
        });
      } finally {
        await debugged.shutdown();
        await neverKernel.shutdown();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
