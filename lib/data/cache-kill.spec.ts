// A process killed in the middle of writing the cache leaves the old cache file valid: a real
// child process writes a large update and is killed (SIGKILL) while its temporary file exists.
// This file is also the child: run with CASCADE_CACHE_WRITER set, it only writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cachedLoad, cacheFile, provenanceOf, type CacheKey } from "./cache";
import { readParquet } from "./parquet";
import { Frame } from "../frame";
import type { TimeRange } from "./ranges";

const M = 60_000;
const T0 = Date.UTC(2025, 9, 10);
const NOW = Date.UTC(2026, 0, 1);
const key: CacheKey = { source: "testex", symbol: "BTC/USDT", kind: "candles", timeframe: "1m" };

const bars = async ({ from, to }: TimeRange) => {
  const n = Math.floor((to - from) / M);
  const time = Float64Array.from({ length: n }, (_, i) => from + i * M);
  const close = Float64Array.from({ length: n }, (_, i) => 100_000 + Math.sin(i) * 1000);
  return Frame.fromColumns({ time, open: close, high: close, low: close, close }, { types: { time: "time" } });
};

if (process.env.CASCADE_CACHE_WRITER) {
  // The child: add two years of minute bars (about 1M rows) to the cache, then exit.
  cachedLoad(key, { from: T0, to: T0 + 1_000_000 * M }, bars, { cacheDir: process.env.CASCADE_CACHE_WRITER, now: () => T0 + 2_000_000 * M }).then(() => process.exit(0));
} else {
  test("a writer killed mid-write leaves the old cache file valid; its temporary file is swept up", async (t) => {
    const cacheDir = mkdtempSync(join(tmpdir(), "cascade-kill-"));
    t.after(() => rmSync(cacheDir, { recursive: true, force: true }));
    const file = cacheFile(key, cacheDir);
    let caught = false;
    for (let attempt = 1; attempt <= 5 && !caught; attempt++) {
      rmSync(cacheDir, { recursive: true, force: true });
      await cachedLoad(key, { from: T0, to: T0 + 100 * M }, bars, { cacheDir, now: () => NOW });
      const folder = dirname(file);
      mkdirSync(folder, { recursive: true });
      const child = spawn(process.execPath, [__filename], { env: { ...process.env, CASCADE_CACHE_WRITER: cacheDir }, stdio: "inherit" });
      let sawTemp = "";
      const watcher = watch(folder, (_event, name) => {
        if (!sawTemp && name && name.endsWith(".tmp")) {
          sawTemp = name;
          child.kill("SIGKILL");
        }
      });
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
      watcher.close();
      if (signal !== "SIGKILL" || !existsSync(join(folder, sawTemp))) {
        t.diagnostic(`attempt ${attempt}: the child finished (code ${code}) before it could be killed mid-write; trying again`);
        continue;
      }
      caught = true;
      // The old file is whole: 100 bars, readable, its provenance intact.
      const old = await readParquet(file);
      assert.equal(old.length, 100);
      const again = await cachedLoad(key, { from: T0, to: T0 + 100 * M }, bars, { cacheDir, offline: true, now: () => NOW });
      assert.equal(again.length, 100);
      assert.equal(provenanceOf(again)!.covered.length, 1);
      assert.deepEqual(readdirSync(folder).filter((n) => n.endsWith(".tmp")), [], "the dead writer's temporary file is removed");
    }
    assert.ok(caught, "the child was killed while writing in one of five attempts");
  });
}
