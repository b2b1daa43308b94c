/**
 * The "csv" bench: readCsv next to nodejs-polars' readCSV and danfojs-node's readCSV (what a
 * Node user would pick to load candles), on the same generated file in the same run.
 *
 * The file is 1M one-minute candles x 6 columns (epoch-ms timestamp, OHLC, volume) from a
 * seeded random walk. Each reader runs in a fresh child process (so one's heap cannot slow
 * another): time is the median of RUNS reads; peak memory is the growth of the process's peak
 * RSS (VmHWM) over its RSS before the first read, which counts native memory (polars) too.
 * Ratios are theirs / ours: above 1, ours is faster or smaller.
 *
 * A second file, 1M trades with ISO times and two string columns, is timed against polars with
 * date parsing on, to show the other common shape.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../lib/random";
import type { BenchRow, BenchSuite } from "./types";
import { median, ms } from "./stats";

const ROWS = 1_000_000;
const RUNS = 3;
const POLARS_TIME_RATIO = 0.5; // ours within 2x of polars' time
const DANFO_TIME_RATIO = 20;
const MEMORY_COLUMN_MULTIPLE = 3;

/** Writes the CSV in 1 MB pieces. */
function writeLines(path: string, header: string, row: (i: number) => string): void {
  const fd = openSync(path, "w");
  let out = header + "\n";
  for (let i = 0; i < ROWS; i++) {
    out += row(i) + "\n";
    if (out.length > 1 << 20) (writeSync(fd, out), (out = ""));
  }
  writeSync(fd, out);
  closeSync(fd);
}

function writeCandles(path: string): void {
  const random = seededRandom(20251010);
  const t0 = Date.UTC(2024, 0, 1);
  let price = 42_000;
  writeLines(path, "timestamp,open,high,low,close,volume", (i) => {
    const open = price;
    price *= 1 + (random() - 0.5) * 0.002;
    const high = Math.max(open, price) * (1 + random() * 0.001);
    const low = Math.min(open, price) * (1 - random() * 0.001);
    return `${t0 + i * 60_000},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${price.toFixed(2)},${(random() * 100).toFixed(4)}`;
  });
}

function writeTrades(path: string): void {
  const random = seededRandom(1011);
  const t0 = Date.UTC(2025, 9, 10, 20);
  const symbols = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT"];
  writeLines(path, "time,symbol,side,price,amount,id", (i) =>
    `${new Date(t0 + i * 37).toISOString()},${symbols[i & 3]},${random() < 0.5 ? "buy" : "sell"},${(110_000 + random() * 2000).toFixed(1)},${(random() * 3).toFixed(5)},${1e9 + i}`,
  );
}

/** What a child reports: read times, peak RSS growth, and what it read (to check it read it all). */
interface ChildResult {
  times: number[];
  peakBytes: number;
  rows: number;
  columns: number;
  columnBytes?: number;
}

// Runs in the child: `node -e CHILD <reader> <module> <file> <runs>`.
const CHILD = String.raw`
const [reader, modulePath, file, runs] = process.argv.slice(1);
const { readFileSync } = require("node:fs");
const lib = require(modulePath);
const peak = () => { try { return Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024; } catch { return process.resourceUsage().maxRSS * 1024; } };
const read = {
  cascade: () => lib.readCsv(file),
  polars: () => lib.readCSV(file),
  "polars-dates": () => lib.readCSV(file, { tryParseDates: true }),
  danfo: () => lib.readCSV(file),
}[reader];
(async () => {
  const before = process.memoryUsage().rss;
  const times = [];
  let result, peakBytes;
  for (let k = 0; k < Number(runs); k++) {
    result = undefined;
    const t = process.hrtime.bigint();
    result = await read();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (k === 0) peakBytes = peak() - before;
  }
  const rows = reader === "cascade" ? result.length : reader === "danfo" ? result.shape[0] : result.height;
  const columns = reader === "cascade" ? result.columns.length : reader === "danfo" ? result.shape[1] : result.width;
  const columnBytes = reader === "cascade" ? result.schema.reduce((n, c) => n + (result.column(c.name).byteLength ?? 0), 0) : undefined;
  process.stdout.write("\n" + JSON.stringify({ times, peakBytes, rows, columns, columnBytes }) + "\n");
})().catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });
`;

function runChild(reader: string, modulePath: string, file: string, runs: number): ChildResult {
  const child = spawnSync(process.execPath, ["-e", CHILD, reader, modulePath, file, String(runs)], { encoding: "utf8", maxBuffer: 64 << 20 });
  const last = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !last.startsWith("{")) throw new Error(`${reader} failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  const result = JSON.parse(last) as ChildResult;
  if (result.rows !== ROWS || result.columns !== 6) throw new Error(`${reader} read ${result.rows} x ${result.columns}, expected ${ROWS} x 6`);
  return result;
}

function tryResolve(name: string): string | undefined {
  try {
    return require.resolve(name);
  } catch {
    return undefined;
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576).toLocaleString("en-US")} MiB`;

export const csvSuite: BenchSuite = {
  group: "csv",
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), "cascade-bench-csv-"));
    try {
      const candles = join(dir, "candles-1m.csv");
      const trades = join(dir, "trades-1m.csv");
      writeCandles(candles);
      writeTrades(trades);
      const size = mb(statSync(candles).size);
      const cascade = join(__dirname, "../lib/cascade.js");
      const polarsPath = tryResolve("nodejs-polars");
      const danfoPath = tryResolve("danfojs-node");

      const ours = runChild("cascade", cascade, candles, RUNS);
      const oursTime = median(ours.times);
      const columnBytes = ours.columnBytes ?? ROWS * 6 * 8;
      const polars = polarsPath ? runChild("polars", polarsPath, candles, RUNS) : undefined;
      const danfo = danfoPath ? runChild("danfo", danfoPath, candles, RUNS) : undefined;
      const missing = (what: string) => `n/a (${what} is not installed)`;
      const title = `readCsv 1M x 6 candles (${size})`;

      const rows: BenchRow[] = [];
      const timeRow = (name: string, other: ChildResult | undefined, minRatio: number): BenchRow => {
        if (!other) return { group: "csv", name: `${title}: time`, ours: ms(oursTime), theirs: missing(name) };
        const ratio = median(other.times) / oursTime;
        const target = minRatio < 1 ? `within ${1 / minRatio}x of ${name}` : `>= ${minRatio}x faster than ${name}`;
        return { group: "csv", name: `${title}: time (median of ${RUNS})`, ours: ms(oursTime), theirs: `${name} ${ms(median(other.times))}`, ratio, target, met: ratio >= minRatio };
      };
      rows.push(timeRow("nodejs-polars", polars, POLARS_TIME_RATIO));
      rows.push(timeRow("danfojs-node", danfo, DANFO_TIME_RATIO));
      const memoryTarget = `<= ${MEMORY_COLUMN_MULTIPLE}x column bytes (${mb(columnBytes)})`;
      const memoryMet = ours.peakBytes <= MEMORY_COLUMN_MULTIPLE * columnBytes;
      for (const [name, other] of [["nodejs-polars", polars], ["danfojs-node", danfo]] as const) {
        rows.push({
          group: "csv",
          name: `${title}: peak memory growth`,
          ours: `${mb(ours.peakBytes)} (${(ours.peakBytes / columnBytes).toFixed(1)}x columns)`,
          theirs: other ? `${name} ${mb(other.peakBytes)}` : missing(name),
          ratio: other ? other.peakBytes / ours.peakBytes : undefined,
          target: memoryTarget,
          met: memoryMet,
        });
      }

      // the other shape: ISO times and repeated strings, polars parsing dates too
      const oursTrades = runChild("cascade", cascade, trades, RUNS);
      const polarsTrades = polarsPath ? runChild("polars-dates", polarsPath, trades, RUNS) : undefined;
      rows.push({
        group: "csv",
        name: `readCsv 1M trades, ISO times + 2 string columns (${mb(statSync(trades).size)}): time`,
        ours: ms(median(oursTrades.times)),
        theirs: polarsTrades ? `nodejs-polars (tryParseDates) ${ms(median(polarsTrades.times))}` : missing("nodejs-polars"),
        ratio: polarsTrades ? median(polarsTrades.times) / median(oursTrades.times) : undefined,
      });
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
