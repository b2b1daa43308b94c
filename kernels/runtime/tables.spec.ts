/**
 * Table requests through a real kernel process: variables and cell outputs browsed over all
 * their rows, exports read back with the library's readers, errors that say what to do, and
 * the variables list telling imports from the notebook's own values.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type Kernel } from "../client";
import { readCsv } from "../../lib/csv";
import { readParquet } from "../../lib/data/parquet";

describe("kernel tables", () => {
  let kernel: Kernel;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "cascade-tables-"));
    kernel = await startKernel({ cwd: dir, typecheck: "off", env: { ...process.env, CASCADE_KERNEL_TABLES: "1" } });
  });
  after(async () => {
    await kernel.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const SETUP = `import { Frame, seededRandom } from "cascade";
const random = seededRandom(7);
const n = 20000;
const big = Frame.fromColumns({ i: Float64Array.from({ length: n }, (_, i) => i), low: Float64Array.from({ length: n }, () => (random() < 0.01 ? NaN : 50000 + random() * 1000)), venue: Array.from({ length: n }, (_, i) => ["okx", "binance", null][i % 3]) });
const globalMin = Math.min(...Array.from(big.numbers("low")).filter((x) => !Number.isNaN(x)));
function helper() { return 1; }
const records = Array.from({ length: 3000 }, (_, i) => ({ k: 3000 - i, name: "r" + i }));`;

  test("a variable is sorted, filtered and summarised over all its rows", async () => {
    const r = await kernel.execute(SETUP);
    assert.equal(r.status, "ok", r.error?.evalue);
    const min = await kernel.execute("globalMin");
    const globalMin = Number((min.outputs.find((o) => o.type === "result") as { data: Record<string, string> }).data["text/plain"]);
    const page = await kernel.table({ source: { variable: "big" }, view: { sort: { column: "low" } }, limit: 5, stats: ["low", "venue"] });
    assert.equal(page.error, undefined);
    assert.equal(page.length, 20000);
    assert.equal(page.total, 20000);
    assert.equal(page.rows.length, 5);
    assert.equal(page.rows[0][1], globalMin);
    assert.deepEqual(page.columns, [{ name: "i", type: "number" }, { name: "low", type: "number" }, { name: "venue", type: "string" }]);
    const [low, venue] = page.stats!;
    assert.equal(low.min, globalMin);
    assert.equal(low.count + low.missing, 20000);
    assert.equal(venue.distinct, 2);
    // The last page of the ascending sort holds the missing values.
    const last = await kernel.table({ source: { variable: "big" }, view: { sort: { column: "low" } }, offset: 19999, limit: 5 });
    assert.equal(last.rows.length, 1);
    assert.equal(last.rows[0][1], null);
    const okx = await kernel.table({ source: { variable: "big" }, view: { filters: [{ column: "venue", op: "=", value: "okx" }], text: "99" }, limit: 1 });
    const expected = await kernel.execute(`big.filter((r) => r.venue === "okx" && (String(r.i).includes("99") || (!Number.isNaN(r.low) && String(Number((r.low as number).toPrecision(10))).includes("99")))).length`);
    assert.equal(String(okx.total), (expected.outputs.find((o) => o.type === "result") as { data: Record<string, string> }).data["text/plain"]);
  });

  test("a cell output carries a handle that browses what it showed, after the variable changes", async () => {
    const shown = await kernel.execute("records");
    const result = shown.outputs.find((o) => o.type === "result");
    assert.ok(result && result.type === "result" && result.table, "the result carries a table handle");
    assert.equal(result.table!.length, 3000);
    assert.ok(result.data["application/vnd.cascade.frame+json"], "records get the frame table's JSON with CASCADE_KERNEL_TABLES=1");
    await kernel.execute("records = []");
    const page = await kernel.table({ source: { handle: result.table!.handle }, view: { sort: { column: "k" } }, limit: 2 });
    assert.equal(page.kind, "records");
    assert.deepEqual(page.rows, [[1, "r2999"], [2, "r2998"]]);
    const stale = await kernel.table({ source: { handle: "0000:1" } });
    assert.match(stale.error!, /earlier kernel .* re-run the cell/);
  });

  test("the view exports to CSV and Parquet, read back as the same rows", async () => {
    const view = { sort: { column: "low", descending: true }, filters: [{ column: "venue", op: "=" as const, value: "binance" }] };
    const csv = await kernel.exportTable({ source: { variable: "big" }, view, format: "csv", path: "view.csv" });
    assert.equal(csv.error, undefined);
    const parquet = await kernel.exportTable({ source: { variable: "big" }, view, format: "parquet", path: join(dir, "view.parquet") });
    assert.equal(parquet.error, undefined);
    const page = await kernel.table({ source: { variable: "big" }, view, limit: 10_000 });
    const fromCsv = readCsv(join(dir, "view.csv"));
    const fromParquet = await readParquet(join(dir, "view.parquet"));
    assert.equal(csv.rows, page.total);
    assert.equal(fromCsv.length, page.total);
    assert.equal(fromParquet.length, page.total);
    assert.deepEqual(Array.from(fromParquet.numbers("i").slice(0, 50)), page.rows.slice(0, 50).map((r) => r[0]));
    assert.deepEqual(Array.from(fromCsv.numbers("i").slice(0, 50)), page.rows.slice(0, 50).map((r) => r[0]));
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file left");
    const bad = await kernel.exportTable({ source: { variable: "big" }, format: "csv", path: join(dir, "missing-folder", "x.csv") });
    assert.match(bad.error!, /cannot write .*missing-folder/);
  });

  test("errors name the variable or column", async () => {
    assert.match((await kernel.table({ source: { variable: "nothing" } })).error!, /no variable "nothing"/);
    assert.match((await kernel.table({ source: { variable: "globalMin" } })).error!, /"globalMin" is not a table/);
    assert.match((await kernel.table({ source: { variable: "big" }, view: { sort: { column: "high" } } })).error!, /no column "high"/);
  });

  test("variables tell imports and functions from the notebook's data", async () => {
    const { variables } = await kernel.variables();
    const kind = Object.fromEntries(variables.map((v) => [v.name, v.kind]));
    assert.equal(kind.Frame, "import");
    assert.equal(kind.seededRandom, "import");
    assert.equal(kind.helper, "function");
    assert.equal(kind.big, "value");
    assert.equal(kind.random, "function", "a function the notebook made from an import is its own function, not an import");
    const big = variables.find((v) => v.name === "big")!;
    assert.deepEqual(big.shape, [20000, 3]);
    const recs = await kernel.execute("const nested = { a: 1, list: [1, 2, 3] }");
    assert.equal(recs.status, "ok");
    const nested = (await kernel.variables()).variables.find((v) => v.name === "nested")!;
    assert.deepEqual(nested.children?.map((c) => [c.name, c.type]), [["a", "number"], ["list", "Array(3)"]]);
  });
});
