/**
 * The "data" bench: the embedded snapshot's build time (every offline notebook pays it), and
 * Parquet read and write next to nodejs-polars (what a Node user would pick), on the same
 * generated candles in the same run. In-process, median of RUNS; ratios are theirs / ours.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../lib/random";
import type { BenchRow, BenchSuite } from "./types";

const ROWS = 200_000;
const RUNS = 9;
const TIMES = 3; // the target: within 3x of nodejs-polars' time
const SNAPSHOT_TARGET_MS = 50;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString("en-US")} ms`;

async function time(run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

export const dataSuite: BenchSuite = {
  group: "data",
  async run(): Promise<BenchRow[]> {
    // The built library, as notebooks load it.
    const cascade = require(join(__dirname, "../lib/cascade.js")) as typeof import("../lib/index");
    const rows: BenchRow[] = [];
    const snapshotMs = await time(() => cascade.snapshot());
    rows.push({ group: "data", name: "snapshot(): 83 observed daily candles, 1,992 hourly bars inside them (hours reconstructed) + sourced series", ours: ms(snapshotMs), theirs: "n/a (the alternative is a live fetch)", target: `<= ${SNAPSHOT_TARGET_MS} ms`, met: snapshotMs <= SNAPSHOT_TARGET_MS });

    const dir = mkdtempSync(join(tmpdir(), "cascade-bench-data-"));
    try {
      const random = seededRandom(20251010);
      const t0 = Date.UTC(2025, 0, 1);
      let price = 100_000;
      const close = Float64Array.from({ length: ROWS }, () => (price *= 1 + (random() - 0.5) * 0.002));
      const frame = cascade.Frame.fromColumns(
        { time: Float64Array.from({ length: ROWS }, (_, i) => t0 + i * 60_000), open: close, high: close.map((c) => c * 1.001), low: close.map((c) => c * 0.999), close, volume: close.map(() => random() * 10) },
        { types: { time: "time" } },
      );
      const ours = join(dir, "ours.parquet");
      const writeOurs = await time(() => cascade.writeParquet(ours, frame));
      const encodeOurs = await time(() => cascade.toParquet(frame));
      const plainWriteOurs = await time(() => writeFileSync(join(dir, "plain.parquet"), cascade.toParquet(frame)));
      const readOurs = await time(() => cascade.readParquet(ours));
      const mib = (path: string) => `${(statSync(path).size / 1048576).toFixed(1)} MiB`;
      const title = `Parquet ${ROWS.toLocaleString("en-US")} x 6 candles`;
      let pl: { readParquet(p: string): { writeParquet(p?: string): unknown } } | undefined;
      try {
        pl = require("nodejs-polars");
      } catch {
        pl = undefined;
      }
      if (!pl) {
        rows.push({ group: "data", name: `${title} (${mib(ours)}): read`, ours: ms(readOurs), theirs: "n/a (nodejs-polars is not installed)" });
        rows.push({ group: "data", name: `${title} (${mib(ours)}): write`, ours: ms(writeOurs), theirs: "n/a (nodejs-polars is not installed)" });
        return rows;
      }
      const theirs = join(dir, "polars.parquet");
      const df = pl.readParquet(ours);
      const writeTheirs = await time(() => df.writeParquet(theirs));
      const encodeTheirs = await time(() => df.writeParquet());
      const readTheirs = await time(() => pl!.readParquet(ours));
      const sizes = `(ours ${mib(ours)}, polars' ${mib(theirs)})`;
      const within = (a: number, b: number) => ({ target: `<= ${TIMES}x nodejs-polars`, met: a <= TIMES * b });
      rows.push({ group: "data", name: `${title} ${sizes}: read the same file (median of ${RUNS})`, ours: ms(readOurs), theirs: `nodejs-polars ${ms(readTheirs)}`, ratio: readTheirs / readOurs, ...within(readOurs, readTheirs) });
      rows.push({ group: "data", name: `${title} ${sizes}: write a file (median of ${RUNS}; ours includes the fsync of the atomic rename, polars' has none)`, ours: ms(writeOurs), theirs: `nodejs-polars ${ms(writeTheirs)}`, ratio: writeTheirs / writeOurs, ...within(writeOurs, writeTheirs) });
      rows.push({ group: "data", name: `${title}: write a file without fsync, as polars does (toParquet + writeFileSync; median of ${RUNS})`, ours: ms(plainWriteOurs), theirs: `nodejs-polars ${ms(writeTheirs)}`, ratio: writeTheirs / plainWriteOurs });
      rows.push({ group: "data", name: `${title}: encode to bytes in memory, no file (median of ${RUNS})`, ours: ms(encodeOurs), theirs: `nodejs-polars ${ms(encodeTheirs)}`, ratio: encodeTheirs / encodeOurs });
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
