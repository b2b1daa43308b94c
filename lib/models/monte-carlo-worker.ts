/**
 * The worker-thread side of `monteCarloCascades`, bundled as dist/lib/cascade-worker.js. It
 * receives the scenario once (workerData), then ranges of run indices; it posts one message
 * per run so the caller can report progress, and "idle" after each range.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runOne, type MonteCarloScenario } from "./monte-carlo-run";

const { scenario, seed } = workerData as { scenario: MonteCarloScenario; seed: number };

parentPort!.on("message", (message: { start: number; end: number } | "stop") => {
  if (message === "stop") return void parentPort!.close();
  for (let i = message.start; i < message.end; i++) {
    try {
      parentPort!.postMessage({ index: i, summary: runOne(scenario, seed, i) });
    } catch (err) {
      parentPort!.postMessage({ index: i, error: String((err as Error)?.stack ?? err) });
    }
  }
  parentPort!.postMessage("idle");
});
