// A process killed in the middle of writing the cache loses nothing: a real child process adds
// about 700 days of minute bars (one file per day, written in batches of WRITE_BATCH days, in
// order) and is killed (SIGKILL) while the temporary file of the third day of its second batch
// exists. The days of the first batch stay whole, the days of the batch being written are absent
// (none renamed yet), the old rows are intact, and the next load fetches only what is lacking.
// This file is also the child: run with CASCADE_CACHE_WRITER set, it only writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cachedLoad, cacheDayFile, provenanceOf, WRITE_BATCH, type CacheKey } from "./cache";
import { readParquet, readParquetWithMetadata } from "./parquet";
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
  // The child: add about two years of minute bars (about 1M rows, 695 day files) to the cache, then exit.
  cachedLoad(key, { from: T0, to: T0 + 1_000_000 * M }, bars, { cacheDir: process.env.CASCADE_CACHE_WRITER, now: () => T0 + 2_000_000 * M }).then(() => process.exit(0));
} else {
  test("a writer killed mid-write loses nothing: days written stay whole, the batch being written is absent, its temporary files are swept up", async (t) => {
    const cacheDir = mkdtempSync(join(tmpdir(), "cascade-kill-"));
    t.after(() => rmSync(cacheDir, { recursive: true, force: true }));
    const D = 1440 * M;
    const dayFile = (d: number) => cacheDayFile(key, cacheDir, T0 + d * D);
    const B = WRITE_BATCH;
    const K = B + 2; // the third day of the second batch
    let caught = false;
    for (let attempt = 1; attempt <= 5 && !caught; attempt++) {
      rmSync(cacheDir, { recursive: true, force: true });
      await cachedLoad(key, { from: T0, to: T0 + 100 * M }, bars, { cacheDir, now: () => NOW });
      // Day K's folder exists before the child starts, so it can be watched.
      const watched = dirname(dayFile(K));
      mkdirSync(watched, { recursive: true });
      const child = spawn(process.execPath, [__filename], { env: { ...process.env, CASCADE_CACHE_WRITER: cacheDir }, stdio: "inherit" });
      let sawTemp = "";
      const watcher = watch(watched, (_event, name) => {
        if (!sawTemp && name && name.endsWith(".tmp")) {
          sawTemp = name;
          child.kill("SIGKILL");
        }
      });
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
      watcher.close();
      if (signal !== "SIGKILL" || !existsSync(join(watched, sawTemp))) {
        t.diagnostic(`attempt ${attempt}: the child finished (code ${code}) or renamed its file before it was killed; trying again`);
        continue;
      }
      caught = true;
      // Every day of the first batch was rewritten whole (every minute of the day, provenance to
      // match); no day of the second batch has its file yet, and no later day was touched.
      for (let d = 0; d < B; d++) {
        const { frame, metadata } = await readParquetWithMetadata(dayFile(d));
        assert.equal(frame.length, 1440, `day ${d} whole`);
        const covered = JSON.parse(metadata["cascade.provenance"]).covered;
        assert.equal(covered.reduce((n: number, c: { rows: number }) => n + c.rows, 0), 1440);
      }
      for (let d = B; d < 2 * B; d++) assert.ok(!existsSync(dayFile(d)), `day ${d}, of the batch being written, has no file`);
      for (const d of [2 * B, 3 * B, 100]) assert.ok(!existsSync(dayFile(d)), `later day ${d} untouched`);
      // The rows cached before the crash load offline, and so do the days written before it.
      assert.equal((await readParquet(dayFile(0))).length, 1440);
      const old = await cachedLoad(key, { from: T0, to: T0 + 100 * M }, bars, { cacheDir, offline: true, now: () => NOW });
      assert.equal(old.length, 100);
      const first = await cachedLoad(key, { from: T0, to: T0 + B * D }, bars, { cacheDir, offline: true, now: () => NOW });
      assert.equal(first.length, B * 1440);
      // Online, only the days the crash kept from being written are fetched.
      const asked: TimeRange[] = [];
      const more = await cachedLoad(key, { from: T0, to: T0 + (K + 2) * D }, async (r) => (asked.push(r), bars(r)), { cacheDir, now: () => NOW });
      assert.deepEqual(asked, [{ from: T0 + B * D, to: T0 + (K + 2) * D }]);
      assert.equal(more.length, (K + 2) * 1440);
      assert.ok(more.isSorted("time", { strict: true }));
      assert.equal(provenanceOf(more)!.fetched.length, 1);
      for (let d = B; d < K + 2; d++) assert.deepEqual(readdirSync(dirname(dayFile(d))).filter((n) => n.endsWith(".tmp")), [], `the dead writer's temporary files of day ${d} are removed`);
    }
    assert.ok(caught, "the child was killed while writing in one of five attempts");
  });
}
