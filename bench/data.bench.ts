/**
 * The "data" bench: the embedded snapshot's build time (every offline notebook pays it), the
 * cache's day files against the same data as one file (the layout before `day=`), and Parquet
 * read and write next to nodejs-polars (what a Node user would pick), on the same generated
 * candles in the same run. In-process, median of RUNS; ratios are theirs / ours.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../lib/random";
import type { BenchRow, BenchSuite } from "./types";
import { median, ms } from "./stats";

const ROWS = 200_000;
const RUNS = 9;
const TIMES = 3; // the target: within 3x of nodejs-polars' time
const SNAPSHOT_TARGET_MS = 50;


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
      rows.push(...(await cacheRows(cascade, dir)));
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

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A year of 1-minute candles (2025, 525,600 rows) through the cache: the first write (fetched
 * from memory, so the figure is the cache's own: 365 day files, each encoded, written to a
 * temporary file, flushed to disk and renamed), a load of the year offline, a load of one day
 * offline; against the same rows as one file with the same provenance footer, written and read
 * with the same writer and reader (what the layout before `day=` cost: one file per key, read
 * whole for any range).
 */
async function cacheRows(cascade: typeof import("../lib/index"), dir: string): Promise<BenchRow[]> {
  const from = Date.UTC(2025, 0, 1);
  const to = Date.UTC(2026, 0, 1);
  const n = (to - from) / MINUTE;
  const random = seededRandom(20250101);
  let price = 94_000;
  const close = Float64Array.from({ length: n }, () => (price *= 1 + (random() - 0.5) * 0.002));
  const year = cascade.Frame.fromColumns(
    { time: Float64Array.from({ length: n }, (_, i) => from + i * MINUTE), open: close.map((c) => c * (1 + (random() - 0.5) * 0.0005)), high: close.map((c) => c * 1.0008), low: close.map((c) => c * 0.9992), close, volume: close.map(() => random() * 20) },
    { types: { time: "time" } },
  );
  const key = { source: "bench", symbol: "BTC/USDT", kind: "candles", timeframe: "1m" };
  const fetch = async (r: { from: number; to: number }) => year.slice((r.from - from) / MINUTE, (r.to - from) / MINUTE);
  const now = () => to + DAY;
  let fresh = 0;
  const cacheDir = () => join(dir, `cache-${fresh++}`);
  const writeOurs = await time(() => cascade.cachedLoad(key, { from, to }, fetch, { cacheDir: cacheDir(), now }));
  const filled = join(dir, `cache-${fresh - 1}`);
  const offline = { cacheDir: filled, offline: true, now };
  const loaded = await cascade.cachedLoad(key, { from, to }, fetch, offline);
  if (loaded.length !== n) throw new Error(`cache bench: the year loaded ${loaded.length} rows, not ${n}`);
  const loadOurs = await time(() => cascade.cachedLoad(key, { from, to }, fetch, offline));
  const day = { from: from + 180 * DAY, to: from + 181 * DAY };
  const dayOurs = await time(() => cascade.cachedLoad(key, day, fetch, offline));
  // The same rows as one file, with a provenance footer of the same kind.
  const metadata = { "cascade.provenance": JSON.stringify({ ...key, covered: [{ from: new Date(from).toISOString(), to: new Date(to).toISOString(), fetchedAt: new Date(now()).toISOString(), rows: n }] }) };
  let files = 0;
  const writeOne = await time(() => cascade.writeParquet(join(dir, `one-${files++}.parquet`), year, { metadata }));
  const one = join(dir, "one-0.parquet");
  const readOne = await time(() => cascade.readParquetWithMetadata(one));
  const title = `a year of 1-minute candles from the cache (${n.toLocaleString("en-US")} rows, 365 day files)`;
  const alt = "the same rows as one file (the layout before day=)";
  return [
    { group: "data", name: `${title}: first write, fetched from memory (median of ${RUNS}; each file flushed to disk before its rename)`, ours: ms(writeOurs), theirs: `${alt}, written with its fsync: ${ms(writeOne)}`, ratio: writeOne / writeOurs },
    { group: "data", name: `${title}: load the year offline (median of ${RUNS})`, ours: ms(loadOurs), theirs: `${alt}, read: ${ms(readOne)}`, ratio: readOne / loadOurs },
    { group: "data", name: `${title}: load one day offline (median of ${RUNS})`, ours: ms(dayOurs), theirs: `${alt}, read whole: ${ms(readOne)}`, ratio: readOne / dayOurs },
  ];
}
