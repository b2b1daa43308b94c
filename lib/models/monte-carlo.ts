/**
 * Monte Carlo sweeps of cascades on worker threads: each run draws its own book and shock from
 * a seed derived from the sweep's seed and the run's index (see monte-carlo-run.ts), so the
 * same seed gives the same results on any number of workers. Runs are handed out in small
 * ranges to whichever worker is idle; results land by index.
 *
 * The worker script is dist/lib/cascade-worker.js, built beside the library bundle; it is found
 * relative to this bundle's directory (the notebook kernel loads dist/lib/cascade.js).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { Frame } from "../frame";
import { RUN_FIELDS, runOne, type MonteCarloScenario, type RunSummary } from "./monte-carlo-run";
import { checkInteger } from "./validate";
import { checkOptions, optionKeys } from "../options";

export type { MonteCarloScenario, RunSummary } from "./monte-carlo-run";

/** Progress of a sweep, for a notebook display (`display.update(id, ...)`). */
export interface MonteCarloProgress {
  done: number;
  total: number;
  elapsedMs: number;
  runsPerSecond: number;
}

/** Options of {@link monteCarloCascades}: how many runs of which scenario, the seed and the threads. */
export interface MonteCarloOptions {
  /** Number of runs (a whole number >= 1): each draws its own book and parameters from the sweep seed. */
  runs: number;
  /** What each run draws: the book, the cascade options and the ranges varied per run. */
  scenario: MonteCarloScenario;
  /** Sweep seed; default 1. */
  seed?: number;
  /** Worker threads; 0 runs on this thread. Default: the machine's parallelism, at most `runs`. */
  workers?: number;
  /** Runs handed to a worker at a time; default 4. */
  chunk?: number;
  /** Called after each run. */
  onProgress?: (progress: MonteCarloProgress) => void;
  /** Path of cascade-worker.js; default: found next to the library bundle. */
  workerScript?: string;
}

/** Per-run results as columns (index = run), plus timing. */
export interface MonteCarloResult {
  runs: number;
  workers: number;
  elapsedMs: number;
  runsPerSecond: number;
  /** One column per RUN_FIELDS entry. */
  columns: Record<(typeof RUN_FIELDS)[number], Float64Array>;
  /** The runs as a Frame (a "run" column first). */
  toFrame(): Frame;
}

/** Finds cascade-worker.js beside the library bundle (dist/lib), from any bundle under dist/. */
export function workerScriptPath(from = __dirname): string {
  let dir = from;
  for (let k = 0; k < 6; k++, dir = dirname(dir)) {
    for (const candidate of ["cascade-worker.js", join("lib", "cascade-worker.js"), join("dist", "lib", "cascade-worker.js")]) {
      const path = join(dir, candidate);
      if (existsSync(path)) return path;
    }
  }
  throw new Error(`monteCarloCascades: cannot find cascade-worker.js near ${from}; run \`npm run build\` (it bundles the worker beside dist/lib/cascade.js), or pass workerScript`);
}

const MONTE_CARLO_SCENARIO = optionKeys<MonteCarloScenario>()("book", "cascade", "vary");
const MONTE_CARLO_VARY = optionKeys<NonNullable<MonteCarloScenario["vary"]>>()("drop", "withdrawal");
const MONTE_CARLO_OPTIONS = optionKeys<MonteCarloOptions>()("runs", "scenario", "seed", "workers", "chunk", "onProgress", "workerScript");

/**
 * Runs `runs` cascades of a scenario, in parallel on worker threads.
 *
 * @example
 *   const mc = await monteCarloCascades({
 *     runs: 1000, seed: 7, workers: 2,
 *     scenario: { book: { n: 100_000, price: 121_700, openInterest: 216e9 }, cascade: { depth: 1e9, shocks: [{ at: 0, drop: 0.05, over: 30 }] }, vary: { drop: [0.02, 0.12] } },
 *     onProgress: ({ done, total }) => display.update("mc", `${done} / ${total}`),
 *   });
 *   mc.columns.liquidated // USD liquidated in each run
 */
export async function monteCarloCascades({ runs, scenario, seed = 1, workers, chunk = 4, onProgress, workerScript, ...unknown }: MonteCarloOptions): Promise<MonteCarloResult> {
  checkOptions("monteCarloCascades", unknown, MONTE_CARLO_OPTIONS);
  checkOptions("monteCarloCascades: scenario", scenario, MONTE_CARLO_SCENARIO);
  checkOptions("monteCarloCascades: scenario.vary", scenario?.vary, MONTE_CARLO_VARY);
  checkInteger("monteCarloCascades: runs", runs, 1);
  checkInteger("monteCarloCascades: chunk", chunk, 1);
  const threads = Math.min(runs, workers ?? availableParallelism());
  checkInteger("monteCarloCascades: workers", threads, 0);
  const columns = Object.fromEntries(RUN_FIELDS.map((f) => [f, new Float64Array(runs)])) as MonteCarloResult["columns"];
  const started = performance.now();
  let done = 0;
  const store = (index: number, summary: RunSummary) => {
    for (const f of RUN_FIELDS) columns[f][index] = summary[f];
    done++;
    const elapsedMs = performance.now() - started;
    onProgress?.({ done, total: runs, elapsedMs, runsPerSecond: (done / elapsedMs) * 1000 });
  };

  if (threads === 0) {
    // Check the scenario on the first run here, then yield between runs so a display can update.
    for (let i = 0; i < runs; i++) {
      store(i, runOne(scenario, seed, i));
      if (onProgress) await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    runOne({ ...scenario, book: { ...scenario.book, n: Math.min(scenario.book.n, 64) } }, seed, 0); // fail fast on bad options, before any thread starts
    const script = workerScript ?? workerScriptPath();
    let next = 0;
    await new Promise<void>((resolve, reject) => {
      const pool: Worker[] = [];
      let failed = false;
      const finish = (err?: Error) => {
        for (const w of pool) void w.terminate();
        if (err) (failed = true), reject(err);
        else resolve();
      };
      const feed = (w: Worker) => {
        if (next >= runs) return void w.postMessage("stop");
        const start = next;
        next = Math.min(runs, next + chunk);
        w.postMessage({ start, end: next });
      };
      for (let k = 0; k < threads; k++) {
        const w = new Worker(script, { workerData: { scenario, seed } });
        pool.push(w);
        w.on("message", (m: "idle" | { index: number; summary?: RunSummary; error?: string }) => {
          if (failed) return;
          if (m === "idle") return feed(w);
          if (m.error) return finish(new Error(`monteCarloCascades: run ${m.index} failed: ${m.error}`));
          store(m.index, m.summary!);
          if (done === runs) finish();
        });
        w.on("error", (err) => !failed && finish(err));
        feed(w);
      }
    });
  }
  const elapsedMs = performance.now() - started;
  return {
    runs,
    workers: threads,
    elapsedMs,
    runsPerSecond: (runs / elapsedMs) * 1000,
    columns,
    toFrame: () => Frame.fromColumns({ run: Float64Array.from({ length: runs }, (_, i) => i), ...columns }),
  };
}
