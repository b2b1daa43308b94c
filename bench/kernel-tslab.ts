/**
 * tslab, driven for the "kernel" bench through its own in-process API: the converter and
 * executor modules in tslab/dist, wired the way tslab's main.js wires them for its Jupyter
 * kernel (Node converter created eagerly, browser converter lazily), minus ZeroMQ.
 *
 * Each instance runs in a fresh Node process so every start is a cold start (tslab's modules
 * are not cached yet) and tslab's globals (`__tslab__`) never leak into the bench process.
 * The figures that go in the table are taken inside that process (`sinceStartMs`, `execMs`),
 * so they exclude Node's boot and the IPC hop; ours are seen from the host and include both.
 * That favours tslab: our ratios are lower bounds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";

export interface TslabReply {
  /** What tslab's `execute` returned: false on a type error or an exception. */
  ok: boolean;
  /** What the executor printed through its console (the cell's value, errors). */
  outputs: string[];
  /** Time inside `executor.execute` for this cell. */
  execMs: number;
  /** Time from the child script's first line (before `require("tslab/...")`) to this reply. */
  sinceStartMs: number;
  /** Time from spawning the process to receiving this reply, seen by the bench. */
  sinceSpawnMs: number;
}

/** The child's script (run with `node -e`); TSLAB_DIST is tslab's dist folder. */
const CHILD_SCRIPT = `
const t0 = performance.now();
const util = require("node:util");
const { createConverter } = require(process.env.TSLAB_DIST + "/converter.js");
const { createExecutor } = require(process.env.TSLAB_DIST + "/executor.js");
let outputs = [];
const node = createConverter({ isJS: false, isBrowser: false });
let browser;
const convs = {
  node,
  get browser() { return (browser ??= createConverter({ isJS: false, isBrowser: true })); },
  close() { node.close(); browser?.close(); },
};
const executor = createExecutor(process.cwd(), convs, {
  log: (...a) => outputs.push(util.format(...a)),
  error: (...a) => outputs.push("error: " + util.format(...a)),
});
process.on("message", async (code) => {
  if (typeof code === "object" && code.complete !== undefined) {
    const started = performance.now();
    const info = executor.complete(code.complete, code.position);
    const done = performance.now();
    process.send({ ok: true, outputs: (info.candidates || []).map(String), execMs: done - started, sinceStartMs: done - t0 });
    return;
  }
  const started = performance.now();
  const ok = await executor.execute(code);
  const done = performance.now();
  process.send({ ok, outputs, execMs: done - started, sinceStartMs: done - t0 });
  outputs = [];
});
process.on("disconnect", () => { convs.close(); process.exit(0); });
`;

function tslabDist(): string {
  return join(dirname(require.resolve("tslab/package.json")), "dist");
}

export class TslabProcess {
  private readonly child: ChildProcess;
  private readonly spawnedAt = performance.now();
  private stderr = "";
  private waiting?: { resolve: (r: TslabReply) => void; reject: (e: Error) => void };

  /** Spawns the process; cells sent before it is ready wait in the IPC channel. */
  constructor(cwd: string) {
    this.child = spawn(process.execPath, ["-e", CHILD_SCRIPT], {
      cwd,
      env: { ...process.env, TSLAB_DIST: tslabDist() },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.child.stdout!.resume(); // cells' console.log: drained, not measured
    this.child.stderr!.setEncoding("utf8").on("data", (t: string) => (this.stderr = (this.stderr + t).slice(-4000)));
    this.child.on("message", (m: Omit<TslabReply, "sinceSpawnMs">) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.resolve({ ...m, sinceSpawnMs: performance.now() - this.spawnedAt });
    });
    this.child.on("exit", (code, signal) => {
      this.waiting?.reject(new Error(`tslab's process exited (${signal ?? code}): ${this.stderr.trim()}`));
      this.waiting = undefined;
    });
  }

  /** Runs one cell; one at a time, like a notebook. */
  execute(code: string): Promise<TslabReply> {
    if (this.waiting) return Promise.reject(new Error("one cell at a time"));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.send(code);
    });
  }

  /** tslab's completion at `position` in `src`, knowing the cells executed so far. */
  complete(src: string, position: number): Promise<TslabReply> {
    if (this.waiting) return Promise.reject(new Error("one request at a time"));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.send({ complete: src, position });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }
}
