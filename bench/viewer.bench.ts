/**
 * The "viewer" bench: the data viewer's round trips on a 10,000,000-row frame, as VS Code makes
 * them (host -> kernel process -> host through the kernel protocol's `table` requests), next to
 * nodejs-polars doing the same work in-process on the same columns (no IPC, no page encoding):
 * sorting a number and a string column, filtering, statistics, and a page deep in a sorted
 * view. Ours caches each column's sorted order, so a page of a view already sorted costs only
 * the page; a viewer that re-sorts per page (polars `sort().slice()`) is the comparison there.
 * Ratios are theirs / ours (above 1: ours faster).
 */
import { startKernel, type Kernel } from "../kernels/client";
import type { TableReply, TableView } from "../kernels/protocol";
import type { BenchRow, BenchSuite } from "./types";
import { median, ms } from "./stats";

const ROWS = 10_000_000;
const SEED = 20251121;
const VENUES = ["okx", "binance", "bybit", "deribit", "kraken"];


/** The cell that builds the frame in the kernel (seeded: the same rows every run). */
const BUILD = `import { Frame, seededRandom } from "cascade";
const random = seededRandom(${SEED});
const venues = ${JSON.stringify(VENUES)};
const n = ${ROWS};
const price = new Float64Array(n);
const time = new Float64Array(n);
const venue = new Array(n);
let p = 100_000;
for (let i = 0; i < n; i++) {
  p *= 1 + (random() - 0.5) * 0.002;
  price[i] = Math.round(p * 100) / 100;
  time[i] = ${Date.UTC(2025, 9, 1)} + i * 250;
  venue[i] = venues[Math.floor(random() * venues.length)];
}
let big = Frame.fromColumns({ time, price, venue }, { types: { time: "time" } });`;

/** The same columns in this process, for polars. */
function columns(): { time: Float64Array; price: Float64Array; venue: string[] } {
  const { seededRandom } = require("../lib/random") as typeof import("../lib/random");
  const random = seededRandom(SEED);
  const price = new Float64Array(ROWS);
  const time = new Float64Array(ROWS);
  const venue = new Array<string>(ROWS);
  let p = 100_000;
  for (let i = 0; i < ROWS; i++) {
    p *= 1 + (random() - 0.5) * 0.002;
    price[i] = Math.round(p * 100) / 100;
    time[i] = Date.UTC(2025, 9, 1) + i * 250;
    venue[i] = VENUES[Math.floor(random() * VENUES.length)];
  }
  return { time, price, venue };
}

async function roundTrip(kernel: Kernel, view: TableView, offset = 0, stats = false): Promise<{ ms: number; reply: TableReply }> {
  const start = performance.now();
  const reply = await kernel.table({ source: { variable: "big" }, view, offset, limit: 100, stats });
  const took = performance.now() - start;
  if (reply.error) throw new Error(`viewer bench: ${reply.error}`);
  return { ms: took, reply };
}

/** A fresh frame over the same columns: its views start cold (no cached sort). */
async function fresh(kernel: Kernel): Promise<void> {
  const r = await kernel.execute("big = big.select(big.columns)", { typecheck: "off" });
  if (r.status !== "ok") throw new Error(`viewer bench: ${r.error?.evalue}`);
}

async function coldMedian(kernel: Kernel, view: TableView, stats = false, runs = 3): Promise<{ ms: number; reply: TableReply }> {
  const times: number[] = [];
  let last!: TableReply;
  for (let i = 0; i < runs; i++) {
    await fresh(kernel);
    const r = await roundTrip(kernel, view, 0, stats);
    times.push(r.ms);
    last = r.reply;
  }
  return { ms: median(times), reply: last };
}

async function warmMedian(kernel: Kernel, view: TableView, offset: number, runs = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await roundTrip(kernel, view, offset + i * 100)).ms);
  return median(times);
}

function timeMedian(run: () => unknown, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

export const viewerSuite: BenchSuite = {
  group: "viewer",
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const title = `${(ROWS / 1e6).toFixed(0)}M-row frame (time, price, venue)`;
    const kernel = await startKernel({ typecheck: "off", heapMb: 6144 });
    try {
      const built = await kernel.execute(BUILD, { typecheck: "off" });
      if (built.status !== "ok") throw new Error(`viewer bench: building the frame failed: ${built.error?.evalue}`);
      const firstPage = await warmMedian(kernel, {}, 0);
      const sortNumber = await coldMedian(kernel, { sort: { column: "price" } });
      const deepPage = await warmMedian(kernel, { sort: { column: "price" } }, 5_000_000);
      const sortString = await coldMedian(kernel, { sort: { column: "venue", descending: true } });
      const filterView: TableView = { filters: [{ column: "venue", op: "=", value: "okx" }, { column: "price", op: ">", value: 100_000 }] };
      const filter = await coldMedian(kernel, filterView);
      const stats = await coldMedian(kernel, {}, true);

      let pl: typeof import("nodejs-polars") | undefined;
      try {
        pl = require("nodejs-polars");
      } catch {
        pl = undefined;
      }
      const na = "n/a (nodejs-polars is not installed)";
      if (!pl) {
        rows.push({ group: "viewer", name: `${title}: first page (100 rows), round trip, median of 20`, ours: ms(firstPage), theirs: na });
        rows.push({ group: "viewer", name: `${title}: sort by price (number), first page, round trip, median of 3 cold`, ours: ms(sortNumber.ms), theirs: na });
        return rows;
      }
      const c = columns();
      const df = pl.DataFrame({ time: c.time, price: c.price, venue: c.venue });
      const plHead = timeMedian(() => df.slice(0, 100).toRecords(), 20);
      const plSortNumber = timeMedian(() => df.sort("price").slice(0, 100).toRecords());
      const plDeep = timeMedian(() => df.sort("price").slice(5_000_000, 100).toRecords());
      const plSortString = timeMedian(() => df.sort("venue", true).slice(0, 100).toRecords());
      let plCount = 0;
      const plFilter = timeMedian(() => {
        const out = df.filter(pl!.col("venue").eq(pl!.lit("okx")).and(pl!.col("price").gt(100_000)));
        plCount = out.height;
        out.slice(0, 100).toRecords();
      });
      const plStats = timeMedian(() => df.describe());
      if (plCount !== filter.reply.total) throw new Error(`viewer bench: the filter kept ${filter.reply.total} rows, polars ${plCount}`);
      const theirs = (x: number, what: string) => `nodejs-polars ${ms(x)} (${what}, in-process)`;
      rows.push({ group: "viewer", name: `${title}: first page (100 rows), round trip, median of 20`, ours: ms(firstPage), theirs: theirs(plHead, "slice + toRecords"), ratio: plHead / firstPage });
      rows.push({ group: "viewer", name: `${title}: sort by price (number, stable, NaN last), first page, round trip, median of 3 cold`, ours: ms(sortNumber.ms), theirs: theirs(plSortNumber, "sort + slice"), ratio: plSortNumber / sortNumber.ms });
      rows.push({ group: "viewer", name: `${title}: a page at row 5,000,000 of the price-sorted view, round trip, median of 20 (sort cached)`, ours: ms(deepPage), theirs: theirs(plDeep, "sort + slice per page"), ratio: plDeep / deepPage });
      rows.push({ group: "viewer", name: `${title}: sort by venue (string, descending), first page, round trip, median of 3 cold`, ours: ms(sortString.ms), theirs: theirs(plSortString, "sort + slice"), ratio: plSortString / sortString.ms });
      rows.push({ group: "viewer", name: `${title}: filter venue = okx and price > 100,000 (${filter.reply.total.toLocaleString("en-US")} rows), first page, round trip, median of 3 cold`, ours: ms(filter.ms), theirs: theirs(plFilter, "filter + slice"), ratio: plFilter / filter.ms });
      rows.push({ group: "viewer", name: `${title}: statistics of every column (count, missing, min, max, mean, distinct), round trip, median of 3`, ours: ms(stats.ms), theirs: theirs(plStats, "describe()"), ratio: plStats / stats.ms });
      return rows;
    } finally {
      await kernel.shutdown();
    }
  },
};
