/**
 * The "stream" bench: a cell printing a flood of lines, end to end through each host, against
 * ipykernel printing the same lines under `jupyter nbconvert --execute` in the same run.
 *
 * (a) `cascade run` on a notebook whose one cell does `console.log('line ' + i)` 1,000,000
 *     times: the whole process (node start to the notebook written), median of 3; lines per
 *     second; the host process's peak RSS (read from /proc when it exits).
 * (b) The same notebook through `jupyter nbconvert --execute` with our kernelspec (cascade-ts)
 *     and, as the alternative, a Python notebook `print('line', i)` with ipykernel (Debian's
 *     python3-ipykernel, the `python3` kernel nbconvert finds beside it).
 * (c) A live progress display updated 10,000 times in a loop (`display.update`), through
 *     `cascade run`, against ipykernel's `handle.update` 10,000 times under nbconvert.
 *
 * Everything Jupyter writes goes to a temp folder (JUPYTER_* variables). VS Code is measured by
 * test/e2e/flood.spec.ts (a flood interrupted in a real code-server), not timed here.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { isolatedJupyterEnv } from "./kernel-jupyter";
import type { BenchRow, BenchSuite } from "./types";
import { median, ms } from "./stats";

const GROUP = "stream";
const LINES = 1_000_000;
const UPDATES = 10_000;
const RUNS = 3;
const TARGET_MS = 5000;
const CLI = join(__dirname, "..", "..", "bin", "cascade.js");

const perSecond = (n: number, t: number) => `${Math.round((n / t) * 1000).toLocaleString("en-US")} lines/s`;

function notebookJson(source: string, python: boolean): string {
  const kernelspec = python ? { name: "python3", display_name: "Python 3", language: "python" } : { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" };
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec },
    cells: [{ cell_type: "code", id: "flood", metadata: {}, execution_count: null, outputs: [], source }],
  });
}

const TS_FLOOD = `for (let i = 0; i < ${LINES}; i++) console.log('line ' + i)`;
const PY_FLOOD = `for i in range(${LINES}):\n    print('line', i)`;
const TS_UPDATES = `display('0', { id: 'p' });\nfor (let i = 1; i <= ${UPDATES}; i++) display.update('p', String(i));`;
const PY_UPDATES = `h = display('0', display_id=True)\nfor i in range(1, ${UPDATES + 1}):\n    h.update(str(i))`;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** Run a command; resolves with its wall time and stderr; throws on a non-zero exit. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; stderr: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr!.setEncoding("utf8").on("data", (t: string) => (err = (err + t).slice(-4000)));
    child.on("close", (code) => {
      const took = performance.now() - started;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${err.trim().slice(-600)}`));
      else resolve({ ms: took, stderr: err });
    });
  });
}

/** The last line of a cell's stored stream text, to check that a run printed everything. */
function lastStoredLine(file: string): string {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: { outputs: { output_type: string; text?: string[]; data?: Record<string, string[]> }[] }[] };
  const outs = nb.cells[0].outputs;
  const last = outs[outs.length - 1];
  const text = last?.text ?? last?.data?.["text/plain"] ?? [];
  return String(text[text.length - 1] ?? "").trim();
}

/**
 * The alternative of every lines/s row: ipykernel printing `lines` lines under
 * `jupyter nbconvert --execute` (Debian's python3-ipykernel), median of `runs`; or why it cannot
 * run here.
 */
export async function ipykernelPrintMs(lines: number, runs: number): Promise<{ ms: number } | { why: string }> {
  const nbconvert = onPath("jupyter-nbconvert");
  if (!nbconvert) return { why: "n/a (jupyter-nbconvert not installed)" };
  if (spawnSync("/usr/bin/python3", ["-c", "import ipykernel"]).status !== 0) return { why: "n/a (python3-ipykernel not installed: scripts/setup.sh)" };
  const dir = mkdtempSync(join(tmpdir(), "cascade-bench-ipykernel-"));
  try {
    const env = isolatedJupyterEnv(dir);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const file = join(dir, `py-${i}.ipynb`);
      writeFileSync(file, notebookJson(`for i in range(${lines}):\n    print('line', i)`, true));
      const r = await timed(nbconvert, ["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=python3", "--ExecutePreprocessor.timeout=600", "--output", `py-${i}.out.ipynb`, file], env, dir);
      times.push(r.ms);
    }
    return { ms: median(times) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const streamSuite: BenchSuite = {
  group: GROUP,
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), "cascade-bench-stream-"));
    const env = isolatedJupyterEnv(dir);
    const rows: BenchRow[] = [];
    try {
      // The host's peak memory, as the kernel of Linux counts it, printed when it exits.
      const preload = join(dir, "peak.cjs");
      writeFileSync(preload, "process.on('exit', () => { const m = require('fs').readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/); process.stderr.write('PEAK_KB ' + (m ? m[1] : 0) + '\\n'); });\n");
      const runner = async (source: string, label: string) => {
        const times: number[] = [];
        let peakKb = 0;
        let last = "";
        for (let i = 0; i < RUNS; i++) {
          const file = join(dir, `${label}-${i}.ipynb`);
          writeFileSync(file, notebookJson(source, false));
          const r = await timed(process.execPath, ["-r", preload, CLI, "run", file], env, dir);
          times.push(r.ms);
          peakKb = Math.max(peakKb, Number(/PEAK_KB (\d+)/.exec(r.stderr)?.[1] ?? 0));
          last = lastStoredLine(file);
        }
        return { ms: median(times), peakMb: peakKb / 1024, last };
      };

      const nbconvert = onPath("jupyter-nbconvert");
      const install = spawnSync(process.execPath, [CLI, "kernel", "install", "--prefix", dir], { env, encoding: "utf8" });
      const ipykernel = nbconvert && spawnSync("/usr/bin/python3", ["-c", "import ipykernel"]).status === 0;
      const why = !nbconvert ? "n/a (jupyter-nbconvert not installed)" : !ipykernel ? "n/a (python3-ipykernel not installed: scripts/setup.sh)" : install.status !== 0 ? `n/a (cascade kernel install failed: ${install.stderr.trim()})` : undefined;
      /** Median time; `lost` counts runs whose file does not end with `expectLast` (messages lost). */
      const convertChecked = async (source: string, python: boolean, label: string, expectLast: string) => {
        const times: number[] = [];
        let lost = 0;
        const lastSeen: string[] = [];
        for (let i = 0; i < RUNS; i++) {
          const file = join(dir, `${label}-${i}.ipynb`);
          writeFileSync(file, notebookJson(source, python));
          const kernel = python ? "python3" : "cascade-ts";
          const r = await timed(nbconvert!, ["--to", "notebook", "--execute", `--ExecutePreprocessor.kernel_name=${kernel}`, "--ExecutePreprocessor.timeout=600", "--output", `${label}-${i}.out.ipynb`, file], env, dir);
          const last = lastStoredLine(join(dir, `${label}-${i}.out.ipynb`));
          if (!last.includes(expectLast)) lost++;
          lastSeen.push(last);
          times.push(r.ms);
        }
        return { ms: median(times), lost, lastSeen };
      };
      /** Ours must store what the cell printed last; a run that does not is a bench failure. */
      const convert = async (source: string, python: boolean, label: string, expectLast: string) => {
        const r = await convertChecked(source, python, label, expectLast);
        if (r.lost > 0 && !python) throw new Error(`nbconvert cascade-ts ${label}: the last stored lines are ${JSON.stringify(r.lastSeen)}, not ${expectLast}`);
        return r;
      };

      // (a) cascade run, and ipykernel under nbconvert as the alternative.
      const ours = await runner(TS_FLOOD, "run-flood");
      if (ours.last !== `line ${LINES - 1}`) throw new Error(`cascade run: the last stored line is "${ours.last}"`);
      const pyRun = why ? undefined : await convert(PY_FLOOD, true, "py-flood", `line ${LINES - 1}`);
      const py = pyRun?.ms;
      const pyNote = pyRun && pyRun.lost > 0 ? `; in ${pyRun.lost} of ${RUNS} runs the file lacks the last lines` : "";
      rows.push({
        group: GROUP,
        name: `${LINES.toLocaleString("en-US")} console.log lines, \`cascade run\` whole process (node start to file written; the file keeps 5,000 lines and a note), median of ${RUNS}`,
        ours: `${ms(ours.ms)} (${perSecond(LINES, ours.ms)}; host peak RSS ${Math.round(ours.peakMb)} MB)`,
        theirs: py === undefined ? why! : `ipykernel print() under nbconvert ${ms(py)} (${perSecond(LINES, py)}; keeps every line${pyNote})`,
        ratio: py === undefined ? undefined : py / ours.ms,
        target: `<= ${ms(TARGET_MS)}`,
        met: ours.ms <= TARGET_MS,
      });

      // (b) our kernel under nbconvert.
      if (!why) {
        const viaJupyter = (await convert(TS_FLOOD, false, "ts-flood", `line ${LINES - 1}`)).ms;
        rows.push({
          group: GROUP,
          name: `${LINES.toLocaleString("en-US")} console.log lines via \`jupyter nbconvert --execute\` (cascade-ts kernelspec), median of ${RUNS}`,
          ours: `${ms(viaJupyter)} (${perSecond(LINES, viaJupyter)})`,
          theirs: `ipykernel print() ${ms(py!)} (${perSecond(LINES, py!)})`,
          ratio: py! / viaJupyter,
        });
      } else rows.push({ group: GROUP, name: `${LINES.toLocaleString("en-US")} console.log lines via \`jupyter nbconvert --execute\``, ours: why, theirs: why });

      // (c) a progress display updated in a loop.
      const upd = await runner(TS_UPDATES, "run-updates");
      if (upd.last !== `'${UPDATES}'`) throw new Error(`cascade run: the display's stored state is "${upd.last}", not '${UPDATES}'`);
      const pyUpdRun = why ? undefined : await convert(PY_UPDATES, true, "py-updates", `'${UPDATES}'`);
      const pyUpd = pyUpdRun?.ms;
      const pyUpdNote = pyUpdRun && pyUpdRun.lost > 0 ? ` (in ${pyUpdRun.lost} of ${RUNS} runs the file kept an earlier state: ${pyUpdRun.lastSeen.join(", ")})` : "";
      rows.push({
        group: GROUP,
        name: `display updated ${UPDATES.toLocaleString("en-US")} times in a loop, \`cascade run\` whole process (the file keeps the last state), median of ${RUNS}`,
        ours: ms(upd.ms),
        theirs: pyUpd === undefined ? why! : `ipykernel handle.update() under nbconvert ${ms(pyUpd)}${pyUpdNote}`,
        ratio: pyUpd === undefined ? undefined : pyUpd / upd.ms,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
