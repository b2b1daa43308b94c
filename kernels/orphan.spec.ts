/**
 * A kernel never outlives its host: when the host process dies (killed, crashed) while a cell
 * holds the kernel's main thread in an endless loop, the kernel process ends by itself.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelDistDir } from "./client";

const CLI = join(kernelDistDir(), "..", "bin", "cascade.js");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The kernel processes whose parent is `pid`. */
function kernelsOf(pid: number): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["--ppid", String(pid), "-o", "pid=,args="], { encoding: "utf8" });
  } catch {
    return [];
  }
  return out.split("\n").filter((l) => l.includes("kernel-process.js")).map((l) => Number(l.trim().split(/\s+/)[0]));
}

test("a kernel whose host was killed during an endless loop exits by itself", { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "cascade-orphan-"));
  const file = join(dir, "loop.ipynb");
  writeFileSync(file, JSON.stringify({ cells: [{ cell_type: "code", metadata: {}, source: "let n = 0;\nwhile (true) { n++; }", outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  const host = spawn(process.execPath, [CLI, "run", file], { stdio: "ignore" });
  try {
    let kernels: number[] = [];
    for (let i = 0; i < 200 && kernels.length === 0; i++) {
      await sleep(100);
      kernels = kernelsOf(host.pid!);
    }
    assert.equal(kernels.length, 1, "the runner started one kernel");
    await sleep(500); // the cell is in its loop by now
    host.kill("SIGKILL");
    let gone = false;
    for (let i = 0; i < 150 && !gone; i++) {
      await sleep(100);
      gone = !alive(kernels[0]);
    }
    assert.ok(gone, `kernel ${kernels[0]} still running 15 s after its host was killed`);
  } finally {
    host.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
