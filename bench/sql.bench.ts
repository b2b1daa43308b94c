/**
 * The "sql" bench: SQL over a Parquet dataset bigger than the memory DuckDB may use, next to
 * nodejs-polars' lazy scan of the same files in the same run.
 *
 * A seeded trades dataset (one symbol, 30 days; time, price as a random walk, size, side as
 * +1/-1, a liquidation flag on about 1 % of trades) is written with the library's writeParquet
 * as a Hive-partitioned dataset (`symbol=.../day=.../part-k.parquet`). Two queries run over it:
 * 1-minute candles (open/high/low/close by time, volume), and liquidation clusters (liquidated
 * notional per 5 minutes, $100 price band and side, the bands above $50,000). Each query runs in
 * a fresh process per engine, and its peak RSS is that process's own VmHWM (getrusage's maxRSS
 * would keep the bench process's resident size, inherited through fork and exec); ours has
 * DuckDB's memory_limit set.
 *
 * Size: `npm run bench -- sql --sql-rows=N` (or CASCADE_BENCH_SQL_ROWS); 100,000,000 rows by
 * default, about 1.4 GB of Parquet. The dataset is deterministic, so it is written once and
 * kept in the temporary folder for later runs (`--sql-fresh` writes it again); the first run
 * pays for writing it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "../lib/random";
import type { BenchRow, BenchSuite } from "./types";

const DEFAULT_ROWS = 100_000_000;
const MEMORY_LIMIT_MB = 256;
/** What a process holds besides DuckDB's buffers: Node, the library, DuckDB's code and threads. */
const RSS_ALLOWANCE_MB = 300;
const DAYS = 30;
const CHUNK = 2_000_000;
const T0 = Date.UTC(2025, 9, 1);
const DAY_MS = 86_400_000;
/** Changes when the generated data changes, so a kept dataset of another version is not reused. */
const GENERATOR_VERSION = "v1";

function rowsWanted(): number {
  const flag = process.argv.find((a) => a.startsWith("--sql-rows="));
  const raw = flag ? flag.slice("--sql-rows=".length) : process.env.CASCADE_BENCH_SQL_ROWS;
  if (raw === undefined) return DEFAULT_ROWS;
  const n = Number(raw.replace(/_/g, ""));
  if (!(Number.isInteger(n) && n >= 1000)) throw new Error(`bench sql: --sql-rows must be a whole number of at least 1000, got ${raw}`);
  return n;
}

type Cascade = typeof import("../lib/index");

/** Writes the dataset. */
function generate(cascade: Cascade, dir: string, n: number): void {
  const random = seededRandom(20251010);
  const span = DAYS * DAY_MS;
  let price = 110_000;
  let part = 0;
  for (let start = 0; start < n; ) {
    const firstTime = T0 + Math.floor((start * span) / n);
    const day = Math.floor((firstTime - T0) / DAY_MS);
    const dayEnd = Math.min(n, Math.ceil((((day + 1) * DAY_MS) * n) / span));
    const end = Math.min(start + CHUNK, Math.max(dayEnd, start + 1));
    const len = end - start;
    const time = new Float64Array(len);
    const px = new Float64Array(len);
    const qty = new Float64Array(len);
    const side = new Float64Array(len);
    const liq = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      time[i] = T0 + Math.floor(((start + i) * span) / n);
      price *= 1 + (random() - 0.5) * 0.0004;
      px[i] = Math.round(price * 10) / 10;
      qty[i] = Math.round(-Math.log(1 - random()) * 0.05 * 1e4) / 1e4;
      side[i] = random() < 0.5 ? 1 : -1;
      liq[i] = random() < 0.01 ? 1 : 0;
    }
    const folder = join(dir, "symbol=BTCUSDT", `day=${new Date(T0 + day * DAY_MS).toISOString().slice(0, 10)}`);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `part-${part++}.parquet`);
    cascade.writeParquet(file, new cascade.Frame([
      { name: "time", type: "time", values: time },
      { name: "price", type: "number", values: px },
      { name: "qty", type: "number", values: qty },
      { name: "side", type: "number", values: side },
      { name: "liquidation", type: "number", values: liq },
    ]), { rowGroupSize: 500_000 });
    start = end;
  }
}

interface Run {
  ms: number;
  rows: number;
  check: number;
  peakRssMb: number;
}

/** Runs `script` in a fresh Node process; it prints one JSON line. */
function child(script: string, env: Record<string, string>): Run {
  const out = execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as Run;
}

const CANDLES_SQL = `select time_bucket(interval 1 minute, time) as time, arg_min(price, time) as open, max(price) as high, min(price) as low, arg_max(price, time) as close, sum(qty) as volume
  from read_parquet($1, hive_partitioning = true) group by 1 order by 1`;
const CLUSTERS_SQL = `select time_bucket(interval 5 minute, time) as window, floor(price / 100) * 100 as band, side, sum(price * qty) as usd, count(*) as trades
  from read_parquet($1, hive_partitioning = true) where liquidation = 1 group by all having sum(price * qty) > 50000 order by usd desc`;

function oursScript(lib: string, sqlText: string, glob: string, checkColumn: string): string {
  return `
    const c = require(${JSON.stringify(lib)});
    (async () => {
      await c.configureSql({ memoryLimit: "${MEMORY_LIMIT_MB}MB", tempDirectory: process.env.SPILL });
      const start = performance.now();
      const f = await c.query(${JSON.stringify(sqlText)}, [${JSON.stringify(glob)}]);
      const ms = performance.now() - start;
      const col = f.numbers(${JSON.stringify(checkColumn)});
      let check = 0; for (let i = 0; i < col.length; i++) check += col[i];
      console.log(JSON.stringify({ ms, rows: f.length, check, peakRssMb: Number(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) / 1024 }));
      await c.closeSql();
    })().catch((e) => { console.error(e); process.exit(1); });`;
}

function polarsScript(which: "candles" | "clusters", glob: string): string {
  const query =
    which === "candles"
      ? `lf.groupBy(pl.col("time").date.truncate("1m").alias("minute")).agg(
           pl.col("price").sortBy(pl.col("time")).first().alias("open"), pl.col("price").max().alias("high"),
           pl.col("price").min().alias("low"), pl.col("price").sortBy(pl.col("time")).last().alias("close"),
           pl.col("qty").sum().alias("volume")).sort("minute")`
      : `lf.filter(pl.col("liquidation").eq(1))
           .withColumns(pl.col("time").date.truncate("5m").alias("window"), pl.col("price").div(100).floor().mul(100).alias("band"), pl.col("price").mul(pl.col("qty")).alias("usd"))
           .groupBy(["window", "band", "side"]).agg(pl.col("usd").sum().alias("usd"), pl.col("price").count().alias("trades"))
           .filter(pl.col("usd").gt(50000)).sort("usd", true)`;
  const checkColumn = which === "candles" ? "volume" : "usd";
  return `
    const pl = require("nodejs-polars");
    (async () => {
      const start = performance.now();
      const lf = pl.scanParquet(${JSON.stringify(glob)}, { hivePartitioning: true });
      const df = await (${query}).collect();
      const ms = performance.now() - start;
      const col = df.getColumn(${JSON.stringify(checkColumn)}).toArray();
      let check = 0; for (const v of col) check += Number(v);
      console.log(JSON.stringify({ ms, rows: df.height, check, peakRssMb: Number(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) / 1024 }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
}

const fmtMs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mrows = (n: number, ms: number) => `${((n / ms) * 1000 / 1e6).toFixed(1)} M rows/s`;
const describe = (r: Run, n: number) => `${fmtMs(r.ms)}, ${mrows(n, r.ms)}, peak RSS ${Math.round(r.peakRssMb)} MB`;
const agree = (a: Run, b: Run) => a.rows === b.rows && Math.abs(a.check - b.check) <= 1e-6 * Math.max(1, Math.abs(a.check));

export const sqlSuite: BenchSuite = {
  group: "sql",
  async run(): Promise<BenchRow[]> {
    const lib = join(__dirname, "../lib/cascade.js");
    const cascade = require(lib) as Cascade;
    const n = rowsWanted();
    const rows: BenchRow[] = [];
    try {
      cascade.loadDuckDB();
    } catch (err) {
      return [{ group: "sql", name: "SQL over Parquet", ours: `n/a (${(err as Error).message})`, theirs: "" }];
    }
    const dir = mkdtempSync(join(tmpdir(), "cascade-bench-sql-"));
    try {
      // The dataset, written once per size and generator version, reused by later runs.
      const data = join(tmpdir(), `cascade-bench-sql-trades-${n}-${GENERATOR_VERSION}`);
      const complete = join(data, "_complete");
      let written: string;
      if (process.argv.includes("--sql-fresh") || !existsSync(complete)) {
        rmSync(data, { recursive: true, force: true });
        const partial = `${data}.partial-${process.pid}`;
        const started = performance.now();
        generate(cascade, partial, n);
        const genMs = performance.now() - started;
        writeFileSync(join(partial, "_complete"), "");
        renameSync(partial, data);
        written = `${fmtMs(genMs)}, ${mrows(n, genMs)}`;
      } else written = "n/a (written by an earlier run, reused; --sql-fresh writes it again)";
      process.stderr.write(`bench sql: dataset in ${data} (kept for later runs)\n`);
      const parts = (readdirSync(data, { recursive: true }) as string[]).filter((f) => f.endsWith(".parquet"));
      const bytes = parts.reduce((sum, f) => sum + statSync(join(data, f)).size, 0);
      const size = `${n.toLocaleString("en-US")} trades, ${(bytes / 1024 ** 3).toFixed(2)} GiB in ${parts.length} files`;
      rows.push({ group: "sql", name: `Seeded trades dataset written with writeParquet (${size})`, ours: written, theirs: "n/a (the dataset both engines read)" });
      const glob = join(data, "**", "*.parquet");
      const spill = join(dir, "spill");
      let polars = true;
      try {
        require.resolve("nodejs-polars");
      } catch {
        polars = false;
      }
      let peak = 0;
      for (const [which, sqlText, check, label] of [
        ["candles", CANDLES_SQL, "volume", "1-minute candles"],
        ["clusters", CLUSTERS_SQL, "usd", "liquidation clusters (5 min x $100 band x side, > $50k)"],
      ] as const) {
        const ours = child(oursScript(lib, sqlText, glob, check), { SPILL: spill });
        peak = Math.max(peak, ours.peakRssMb);
        const name = `SQL ${n.toLocaleString("en-US")} trades -> ${label}, DuckDB memory_limit ${MEMORY_LIMIT_MB} MB (${ours.rows.toLocaleString("en-US")} rows out)`;
        if (!polars) {
          rows.push({ group: "sql", name, ours: describe(ours, n), theirs: "n/a (nodejs-polars is not installed)" });
          continue;
        }
        const theirs = child(polarsScript(which, glob), {});
        rows.push({
          group: "sql",
          name,
          ours: describe(ours, n),
          theirs: `nodejs-polars lazy scan ${describe(theirs, n)}${agree(ours, theirs) ? "" : ` (results differ: ${theirs.rows} rows, check ${theirs.check} vs ${ours.check})`}`,
          ratio: theirs.ms / ours.ms,
        });
      }
      const datasetMb = bytes / 1024 ** 2;
      const columnsMb = (n * 5 * 8) / 1024 ** 2; // five float64 columns
      rows.push({
        group: "sql",
        name: `SQL memory limit respected: dataset ${Math.round(datasetMb).toLocaleString("en-US")} MB on disk, ${Math.round(columnsMb).toLocaleString("en-US")} MB as columns in memory (${(columnsMb / MEMORY_LIMIT_MB).toFixed(1)}x the limit)`,
        ours: `peak RSS ${Math.round(peak)} MB`,
        theirs: "n/a",
        target: `<= ${MEMORY_LIMIT_MB} MB limit + ${RSS_ALLOWANCE_MB} MB process`,
        met: peak <= MEMORY_LIMIT_MB + RSS_ALLOWANCE_MB,
      });
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
