/**
 * SQL in a real kernel: a long query shows its progress in a display updated in place, and
 * Interrupt cancels it in DuckDB (the connection's interrupt) while the kernel keeps its state.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type Kernel } from "../kernels/client";
import type { DisplayMessage } from "../kernels/protocol";

const root = join(__dirname, "../../..");
let dir: string;
let kernel: Kernel;
let n = 0;
const run = (code: string) => kernel.execute(code, { cellName: `cell ${++n}` });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "cascade-sql-kernel-"));
  // The notebook folder has no DuckDB; the kernel finds the repository's, as it finds the one
  // "Cascade: Add SQL Engine" installs, through CASCADE_SQL_ENGINE_DIR.
  kernel = await startKernel({ cwd: dir, heapMb: 512, interruptGraceMs: 5000, env: { ...process.env, CASCADE_SQL_ENGINE_DIR: root } });
});
after(async () => {
  await kernel.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test("a long query shows progress in place; interrupt cancels it in DuckDB and the kernel keeps its variables", async () => {
  const setup = await run(`import { query, configureSql } from "cascade";\nawait configureSql({ threads: 1 });\nconst keep = (await query("select 41 + 1 as x")).numbers("x")[0];`);
  assert.equal(setup.status, "ok", JSON.stringify(setup.outputs));
  // About 10^12 row pairs: hours of work, unless cancelled.
  setTimeout(() => kernel.interrupt(), 3500);
  const long = await run(`const big = await query("select sum(a.range * b.range) as s from range(10000000) a, range(100000) b");`);
  assert.equal(long.status, "interrupted");
  const displays = long.outputs.filter((o): o is DisplayMessage => o.type === "display");
  assert.ok(displays.length >= 2, `a progress display and at least one update: ${JSON.stringify(displays.map((d) => d.data["text/plain"]))}`);
  const id = displays[0].displayId;
  assert.ok(id && displays.every((d) => d.displayId === id), "one display id, updated in place");
  assert.ok(displays.slice(1).every((d) => d.update), "later ones are updates");
  assert.match(String(displays[0].data["text/plain"]), /^SQL: (running|\d+ %), \d+ s/);
  assert.match(String(displays.at(-1)!.data["text/plain"]), /^SQL: cancelled after \d+\.\d s$/);
  // The connection is free again: had the query kept running, this one would wait behind it.
  const after = await run(`const again = await query("select $1::int + 1 as y", [keep]);\nagain.numbers("y")[0]`);
  assert.equal(after.status, "ok", JSON.stringify(after.outputs));
  const result = after.outputs.find((o) => o.type === "result");
  assert.equal(result?.type === "result" ? result.data["text/plain"] : undefined, "43");
});

test("bad SQL in a cell is a cell error with the line and column", async () => {
  const r = await run(`await query("select 1\\nfrom nowhere_table")`);
  assert.equal(r.status, "error");
  const err = r.outputs.find((o) => o.type === "error");
  assert.ok(err?.type === "error");
  assert.equal(err.ename, "SqlError");
  assert.match(err.evalue, /nowhere_table does not exist.*\(line 2, column 6\)/s);
});
