import { test } from "node:test";
import assert from "node:assert/strict";
import { monteCarloCascades, workerScriptPath, type MonteCarloScenario } from "./monte-carlo";
import { runSeed } from "./monte-carlo-run";

const scenario: MonteCarloScenario = {
  book: { n: 3_000, price: 100_000, openInterest: 3e9, cohorts: [{ name: "traders", share: 1, longShare: 0.8, leverage: { median: 15 } }] },
  cascade: { depth: 50e6, minutes: 180, shocks: [{ at: 0, drop: 0.05, over: 20 }], venue: { insuranceFund: 2e6 } },
  vary: { drop: [0.01, 0.12], withdrawal: [0, 0.9] },
};

test("the same seed gives the same results on 0, 1 or 2 workers, with progress reported", async () => {
  const progress: number[] = [];
  const inline = await monteCarloCascades({ runs: 12, seed: 42, workers: 0, scenario, onProgress: (p) => progress.push(p.done) });
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const one = await monteCarloCascades({ runs: 12, seed: 42, workers: 1, scenario, chunk: 5 });
  const two = await monteCarloCascades({ runs: 12, seed: 42, workers: 2, scenario, chunk: 1 });
  assert.equal(two.workers, 2);
  for (const column of Object.keys(inline.columns) as Array<keyof typeof inline.columns>) {
    assert.deepEqual(one.columns[column], inline.columns[column], column);
    assert.deepEqual(two.columns[column], inline.columns[column], column);
  }
  assert.ok(inline.columns.liquidated.some((v) => v > 0));
  const drops = inline.columns.drop;
  assert.ok(drops.every((d) => d >= 0.01 && d <= 0.12) && new Set(drops).size === 12);
  const other = await monteCarloCascades({ runs: 12, seed: 43, workers: 0, scenario });
  assert.notDeepEqual(other.columns.drop, drops);
  assert.equal(inline.toFrame().length, 12);
});

test("bad options fail before any worker starts; the worker script is found from the bundle", async () => {
  await assert.rejects(monteCarloCascades({ runs: 4, workers: 2, scenario: { ...scenario, cascade: { ...scenario.cascade, depth: -1 } } }), /depth must be > 0/);
  await assert.rejects(monteCarloCascades({ runs: 0, scenario }), /runs must be a whole number >= 1/);
  assert.match(workerScriptPath(), /cascade-worker\.js$/);
  assert.notEqual(runSeed(1, 0), runSeed(1, 1));
});
