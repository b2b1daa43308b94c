/**
 * What users wait for: `cascade run` as a whole process (the start of `node` to the written
 * file), against tslab running the same cells in its own process, against a bare `node -e 0`,
 * and `npm run notebooks`' work (every prebuilt notebook with static images) against the same
 * work one notebook at a time.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow, BenchSuite } from "./types";
import { TslabProcess } from "./kernel-tslab";
import { median, ms } from "./stats";

const root = join(__dirname, "..", "..");
const CLI = join(root, "bin", "cascade.js");

/** 1 + n trivial typed cells: a declaration, then n cells that each declare and add. */
export function typedCells(n: number): string[] {
  const cells = ["let total: number = 0;"];
  for (let i = 1; i <= n; i++) cells.push(`const v${i}: number = ${i};\ntotal += v${i};`);
  return cells;
}

function notebookOf(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** Wall time of a child process from spawn to exit, in ms; fails on a non-zero exit. */
function timed(args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`node ${args.join(" ")} exited ${code}: ${stderr}`))));
  });
}


async function medianOf(k: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < k; i++) xs.push(await f());
  return median(xs);
}

/** A notebook file written fresh for each run (the runner writes in place). */
function runNotebook(dir: string, cells: string[], extra: string[] = []): () => Promise<number> {
  return async () => {
    const file = join(dir, "bench.ipynb");
    writeFileSync(file, notebookOf(cells));
    return timed([CLI, "run", file, ...extra], dir);
  };
}

/** tslab in its own fresh process: spawn, every cell, exit. */
async function tslabWhole(dir: string, cells: string[]): Promise<number> {
  const started = performance.now();
  const tslab = new TslabProcess(dir);
  for (const c of cells) {
    const r = await tslab.execute(c);
    if (!r.ok) throw new Error(`tslab failed on: ${c}`);
  }
  await tslab.close();
  return performance.now() - started;
}

/** The cells' own time: the sum of each cell's busy-to-idle span, from `--timings`. */
function cellsOwnMs(file: string): number {
  const nb = JSON.parse(readFileSync(file, "utf8"));
  let sum = 0;
  for (const c of nb.cells) {
    const t = c.metadata?.execution;
    if (t) sum += Date.parse(t["iopub.status.idle"]) - Date.parse(t["iopub.status.busy"]);
  }
  return sum;
}

export const runnerSuite: BenchSuite = {
  group: "runner",
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), "cascade-bench-runner-"));
    const rows: BenchRow[] = [];
    try {
      const big = typedCells(100);
      const small = typedCells(9);
      // Warm: the compile caches (the kernel's and the types thread's) and the OS's file cache, for both.
      await runNotebook(dir, big)();
      await runNotebook(dir, small, ["--typecheck", "warn"])();
      await tslabWhole(dir, small);

      // Ours, tslab's and ours with type checks in turns, so that the machine's load weighs on all alike.
      const runs = { ours: [] as number[], tslab: [] as number[], checked: [] as number[] };
      for (let i = 0; i < 3; i++) {
        runs.ours.push(await runNotebook(dir, big)());
        runs.tslab.push(await tslabWhole(dir, big));
        runs.checked.push(await runNotebook(dir, big, ["--typecheck", "warn"])());
      }
      const ours = median(runs.ours);
      const tslab = median(runs.tslab);
      rows.push({ group: "runner", name: "`cascade run`, whole process (node start to the written file), 1 + 100 trivial typed cells, median of 3", ours: ms(ours), theirs: `tslab ${ms(tslab)} (its own process: start, 101 cells, exit)`, ratio: tslab / ours, target: ">= 5x faster than tslab", met: tslab / ours >= 5 });

      const checked = median(runs.checked);
      rows.push({ group: "runner", name: "`cascade run --typecheck warn`, the same 101 cells, whole process, median of 3", ours: ms(checked), theirs: `tslab ${ms(tslab)}`, ratio: tslab / checked, target: "faster than tslab", met: checked < tslab });

      const bare = await medianOf(5, () => timed(["-e", "0"], dir));
      const tenRuns: number[] = [];
      const ownTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        tenRuns.push(await runNotebook(dir, small, ["--timings"])());
        ownTimes.push(cellsOwnMs(join(dir, "bench.ipynb")));
      }
      const ten = median(tenRuns);
      const own = median(ownTimes);
      const bound = 3 * (bare + own);
      rows.push({ group: "runner", name: "`cascade run`, a 10-cell notebook, whole process, median of 5", ours: `${ms(ten)} (= ${(ten / (bare + own)).toFixed(1)}x of node start + cells)`, theirs: `bare \`node -e 0\` ${ms(bare)} + the cells' own ${ms(own)}`, target: "<= 3x (node -e 0 + cells)", met: ten <= bound });

      const tenChecked = await medianOf(5, runNotebook(dir, small, ["--typecheck", "warn"]));
      rows.push({ group: "runner", name: "`cascade run --typecheck warn`, the same 10 cells, whole process, median of 5", ours: ms(tenChecked), theirs: `without type checks (the default) ${ms(ten)}`, ratio: ten / tenChecked, target: "reported (type checks are opt-in)" });

      // npm run notebooks' work: the build check, then every prebuilt notebook with static
      // images, in copies (the prebuilt ones stay as committed).
      const copies = join(dir, "notebooks");
      const prebuilt = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
      const fresh = () => {
        rmSync(copies, { recursive: true, force: true });
        mkdirSync(copies);
        for (const f of prebuilt) copyFileSync(join(root, "notebooks", f), join(copies, f));
        return prebuilt.map((f) => join(copies, f));
      };
      const all = async (extra: string[]) => {
        const files = fresh();
        const build = await timed([join(root, "build.mjs"), "--if-changed"], root);
        return build + (await timed([CLI, "run", ...files, "--static-images", ...extra], dir));
      };
      const parallel = await all([]);
      const sequential = await all(["--jobs", "1"]);
      rows.push({ group: "runner", name: `\`npm run notebooks\`: the build check, then all ${prebuilt.length} prebuilt notebooks with static images (unchanged charts keep their PNGs), 1 run`, ours: `${ms(parallel)} (--jobs ${availableParallelism()})`, theirs: `one notebook at a time (--jobs 1) ${ms(sequential)}`, ratio: sequential / parallel, target: "<= 30 s", met: parallel <= 30_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
