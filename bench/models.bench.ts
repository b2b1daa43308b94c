/**
 * The "models" bench: the cascade engine next to the per-step rescan a user would write first
 * (`simulateCascadeNaive`: same model and results, every position checked every step), on the
 * calibrated Oct 10 event on the exchanges (its cohorts, the observed path replayed over 2,690 one-minute steps) at 10^4, 10^5 and
 * 10^6 positions; then Monte Carlo sweeps of 1,000 cascades of 100,000 positions on one and on
 * two worker threads.
 *
 * Cascade times are the median of RUNS runs after a warm-up; the rescan runs once per size.
 * Growth is compared with n log n: from 10^a to 10^b positions n log n grows
 * 10^(b-a) * b / a times. Ratios are theirs / ours: above 1, ours is faster.
 */
import { simulateCascade } from "../lib/models/cascade";
import { simulateCascadeNaive } from "../lib/models/cascade-naive";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CALIBRATION, CALIBRATION_ROWS, exchangeCascade } from "../lib/models/calibration";
import { octoberLoss } from "../lib/models/calibration-fit";
import { depthFromBands } from "../lib/models/order-book";
import { monteCarloCascades, type MonteCarloScenario } from "../lib/models/monte-carlo";
import type { BenchRow, BenchSuite } from "./types";
import { median, ms } from "./stats";

const RUNS = 5;
const SIZES = [1e4, 1e5, 1e6];
const TARGET_MS = 300;
const MC_RUNS = 1000;
const MC_POSITIONS = 100_000;
const SPEEDUP_TARGET = 1.5;

const count = (n: number) => `10^${Math.round(Math.log10(n))}`;

function timeCascades(): BenchRow[] {
  const rows: BenchRow[] = [];
  const ours: number[] = [];
  const naive: number[] = [];
  for (const n of SIZES) {
    const options = exchangeCascade("2025-10-10", { n });
    simulateCascade(options); // warm-up
    const times: number[] = [];
    let liquidated = 0;
    for (let k = 0; k < RUNS; k++) {
      const t = performance.now();
      liquidated = simulateCascade(options).totals.liquidated.events;
      times.push(performance.now() - t);
    }
    const t = performance.now();
    const check = simulateCascadeNaive(options).totals.liquidated.events;
    const naiveMs = performance.now() - t;
    if (check !== liquidated) throw new Error(`the rescan liquidated ${check} positions and the sweep ${liquidated} at n = ${n}`);
    ours.push(median(times));
    naive.push(naiveMs);
    const last = n === SIZES[SIZES.length - 1];
    rows.push({
      group: "models",
      name: `one cascade, ${count(n)} positions (Oct 10 event, exchanges, 2,690 steps, ${liquidated.toLocaleString("en-US")} liquidated)`,
      ours: ms(median(times)),
      theirs: `per-step rescan ${ms(naiveMs)}`,
      ratio: naiveMs / median(times),
      target: last ? `<= ${TARGET_MS} ms` : undefined,
      met: last ? median(times) <= TARGET_MS : undefined,
    });
    process.stderr.write(`bench: models: cascade ${count(n)}: ${ms(median(times))} (rescan ${ms(naiveMs)})\n`);
  }
  const growth = SIZES.slice(1).map((n, k) => ours[k + 1] / ours[k]);
  const bound = SIZES.slice(1).map((n, k) => (n / SIZES[k]) * (Math.log(n) / Math.log(SIZES[k])));
  rows.push({
    group: "models",
    name: `cascade time growth per 10x positions (${SIZES.map(count).join(" -> ")})`,
    ours: growth.map((g) => `${g.toFixed(1)}x`).join(", "),
    theirs: `rescan ${SIZES.slice(1).map((_, k) => `${(naive[k + 1] / naive[k]).toFixed(1)}x`).join(", ")}`,
    target: `<= n log n (${bound.map((b) => `${b.toFixed(1)}x`).join(", ")})`,
    met: growth.every((g, k) => g <= bound[k]),
  });
  return rows;
}

async function timeMonteCarlo(): Promise<BenchRow[]> {
  // A stress test on Oct 10's market with feedback: the calibrated leveraged traders beside
  // hedgers, a shock drawn from 4 % to 16 %, market makers withdrawing.
  const price = 121_714;
  const scenario: MonteCarloScenario = {
    book: {
      n: MC_POSITIONS,
      price,
      openInterest: 216e9,
      cohorts: [
        { name: "leveraged traders", share: 0.9, oiShare: 0.45, longShare: CALIBRATION.longShare, leverage: { median: CALIBRATION.leverageMedian, spread: CALIBRATION.leverageSpread } },
        { name: "basis and hedgers", share: 0.1, oiShare: 0.55, longShare: 0.12, mode: "cross", leverage: { median: 2, spread: 0.4 } },
      ],
    },
    cascade: {
      depth: depthFromBands({ mid: price, bands: [[0.005, 15.5e6 * CALIBRATION.depthMultiple], [0.01, 20e6 * CALIBRATION.depthMultiple], [0.05, 40e6 * CALIBRATION.depthMultiple]] }),
      minutes: 240,
      shocks: [{ at: 0, drop: 0.1, over: 30 }],
      withdrawal: { floor: 0.02, keepBeyond: 0.04, capital: 2e9 },
      venue: { insuranceFund: 1.5e9 },
    },
    vary: { drop: [0.04, 0.16] },
  };
  const sweep = async (workers: number) => {
    let shown = 0;
    return monteCarloCascades({
      runs: MC_RUNS,
      seed: 20251010,
      workers,
      scenario,
      onProgress: ({ done, total, runsPerSecond }) => {
        if (done - shown >= 250 || done === total) (shown = done), process.stderr.write(`bench: models: Monte Carlo on ${workers} worker(s): ${done}/${total} (${runsPerSecond.toFixed(1)} runs/s)\n`);
      },
    });
  };
  const one = await sweep(1);
  const two = await sweep(2);
  const same = Object.keys(one.columns).every((k) => {
    const a = one.columns[k as keyof typeof one.columns];
    const b = two.columns[k as keyof typeof two.columns];
    return a.every((v, i) => Object.is(v, b[i]));
  });
  const speedup = two.runsPerSecond / one.runsPerSecond;
  return [
    {
      group: "models",
      name: `Monte Carlo, ${MC_RUNS.toLocaleString("en-US")} cascades x ${count(MC_POSITIONS)} positions (240 steps; each run draws its book and shock): runs per second`,
      ours: `2 workers ${two.runsPerSecond.toFixed(1)} runs/s (${(two.elapsedMs / 1000).toFixed(1)} s)`,
      theirs: `1 worker ${one.runsPerSecond.toFixed(1)} runs/s (${(one.elapsedMs / 1000).toFixed(1)} s)`,
      ratio: speedup,
      target: `speed-up >= ${SPEEDUP_TARGET}x; same results on 1 and 2 workers`,
      met: speedup >= SPEEDUP_TARGET && same,
    },
  ];
}

/** What a user waits for: `cascade calibrate --report` as a whole process, and one October evaluation of the fit's loss. */
function timeCalibration(): BenchRow[] {
  const cli = join(__dirname, "..", "cli.js");
  const whole: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, "calibrate", "--report"], { encoding: "utf8" });
    whole.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`cascade calibrate --report failed: ${r.stderr}`);
  }
  octoberLoss(CALIBRATION); // warm-up
  const evals: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    octoberLoss({ ...CALIBRATION, leverageMedian: CALIBRATION.leverageMedian * (1 + k / 100) });
    evals.push(performance.now() - t);
  }
  return [
    { group: "models", name: "`cascade calibrate --report`, whole process (node start to the table: both events, 52 cascades on the replayed paths), median of 3", ours: ms(median(whole)), theirs: "n/a (no other tool runs this model)" },
    { group: "models", name: `one evaluation of the fit's October loss (26 cascades, ${CALIBRATION_ROWS.toLocaleString("en-US")} main rows), median of 5`, ours: ms(median(evals)), theirs: "n/a; the fit makes about 2,300 of them (5 starts x 250, then profiles)" },
  ];
}

export const modelsSuite: BenchSuite = {
  group: "models",
  async run(): Promise<BenchRow[]> {
    return [...timeCalibration(), ...timeCascades(), ...(await timeMonteCarlo())];
  },
};
