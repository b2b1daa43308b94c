/**
 * The kernel, black-box: a real kernel process, driven through the host protocol only.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type ExecuteResult, type Kernel } from "./client";
import type { DisplayMessage, OutputMessage } from "./protocol";
import { tempDir } from "../test/support/temp-dir";

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

/** A notebook folder with its own packages (CommonJS and ESM-only) and local modules. */
function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "cascade-kernel-"));
  write(join(dir, "node_modules/cjs-pkg/package.json"), JSON.stringify({ name: "cjs-pkg", main: "main.js" }));
  write(join(dir, "node_modules/cjs-pkg/main.js"), "exports.add = (a, b) => a + b; module.exports.kind = 'cjs';");
  write(join(dir, "node_modules/esm-only/package.json"), JSON.stringify({ name: "esm-only", type: "module", exports: { ".": { import: "./index.js" }, "./sub": { import: "./sub.js" } } }));
  write(join(dir, "node_modules/esm-only/index.js"), "export const kind = 'esm'; export default function greet(n) { return `hi ${n}` }");
  write(join(dir, "node_modules/esm-only/sub.js"), "export const sub = 'sub';");
  write(join(dir, "util.ts"), "export function double(n: number): number { return n * 2 }\nexport const label: string = 'util';\n");
  write(join(dir, "helper.js"), "module.exports = { triple: (n) => n * 3 };");
  write(join(dir, "data.json"), JSON.stringify({ rows: [1, 2, 3] }));
  // A package's own loop: not compiled by the kernel, so it has no interrupt checks.
  write(join(dir, "spin.js"), "module.exports = { spin() { let n = 0; while (true) n++; } };");
  return dir;
}

const plain = (r: ExecuteResult) => {
  const result = r.outputs.find((o) => o.type === "result");
  return result?.type === "result" ? result.data["text/plain"] : undefined;
};
const streams = (r: ExecuteResult) => r.outputs.filter((o) => o.type === "stream").map((o) => (o as { text: string }).text).join("");

describe("kernel", () => {
  let dir: string;
  let kernel: Kernel;
  let n = 0;
  const run = (code: string) => kernel.execute(code, { cellName: `cell ${++n}` });

  before(async () => {
    dir = fixture();
    kernel = await startKernel({ cwd: dir, heapMb: 256, interruptGraceMs: 3000 });
  });
  after(async () => {
    await kernel.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test("declarations of every kind persist across cells", async () => {
    await run("const a = 1; let b = 2; var c = 3; const { d, e: [f] } = { d: 4, e: [5] };\nfunction g() { return 6 }\nclass H { v = 7 }\nenum I { J = 8 }\ntype T = number; interface U { x: T }");
    assert.equal(plain(await run("[a, b, c, d, f, g(), new H().v, I.J].join(',')")), "'1,2,3,4,5,6,7,8'");
  });

  test("re-running a const cell replaces the value", async () => {
    await run("const again = 1;");
    assert.equal((await run("const again = 2;")).status, "ok");
    assert.equal(plain(await run("again")), "2");
  });

  test("top-level await, also declaring", async () => {
    await run("const awaited = await new Promise<number>((r) => setTimeout(() => r(42), 20));");
    assert.equal(plain(await run("awaited")), "42");
  });

  test("imports: CommonJS package, ESM-only package and subpath, node built-in, .ts/.js/.json files, cascade", async () => {
    const r = await run(`import { add } from "cjs-pkg";
import cjsDefault from "cjs-pkg";
import greet, { kind } from "esm-only";
import { sub } from "esm-only/sub";
import * as path from "node:path";
import { double, label } from "./util";
import { triple } from "./helper.js";
import data from "./data.json";
import { version } from "cascade";
[add(1, 2), cjsDefault.kind, greet("x"), kind, sub, path.basename("/a/b"), double(4), label, triple(2), data.rows.length, typeof version].join("|")`);
    assert.equal(r.status, "ok", JSON.stringify(r.outputs));
    assert.equal(plain(r), "'3|cjs|hi x|esm|sub|b|8|util|6|3|string'");
  });

  test("a missing module is a clear error", async () => {
    const r = await run('import { x } from "no-such-package";');
    assert.equal(r.status, "error");
    assert.match(r.error!.evalue, /Cannot find module "no-such-package"/);
  });

  test("console and stdout/stderr writes are captured in order, with async output while the cell runs", async () => {
    const r = await run(`console.log("one");
process.stdout.write("two\\n");
console.error("three");
setTimeout(() => console.log("four"), 10);
await new Promise((r) => setTimeout(r, 50));
console.log("five");`);
    // Consecutive writes to one stream may arrive in one message or several: merge them.
    let text = "";
    let last = "";
    for (const o of r.outputs) {
      if (o.type !== "stream") continue;
      text += (o.name === last ? "" : `${o.name}:`) + o.text;
      last = o.name;
    }
    assert.equal(text, "stdout:one\ntwo\nstderr:three\nstdout:four\nfive\n");
  });

  test("rich display: html, markdown, svg, png, json, plotly, records table, Jupyter.display, update", async () => {
    const r = await run(`display.html("<b>b</b>");
display.markdown("# m");
display.svg("<svg></svg>");
display.png(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]));
display.json({ k: 1 });
display({ data: [{ type: "bar", x: ["a"], y: [1] }], layout: { title: { text: "t" } } });
display([{ sym: "BTC", px: 1 }, { sym: "ETH", px: 2 }]);
display({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<i>custom</i>" } } });
display("0 %", { id: "progress" });
display.update("progress", "100 %");
new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1])`);
    assert.equal(r.status, "ok");
    const d = r.outputs.filter((o): o is DisplayMessage => o.type === "display");
    assert.equal(d[0].data["text/html"], "<b>b</b>");
    assert.equal(d[1].data["text/markdown"], "# m");
    assert.equal(d[2].data["image/svg+xml"], "<svg></svg>");
    assert.equal(d[3].data["image/png"], Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]).toString("base64"));
    assert.deepEqual(d[4].data["application/json"], { k: 1 });
    assert.deepEqual((d[5].data["application/vnd.plotly.v1+json"] as { data: unknown[] }).data, [{ type: "bar", x: ["a"], y: [1] }]);
    assert.match(d[6].data["text/html"] as string, /<th>sym<\/th><th>px<\/th>.*<td>BTC<\/td>/);
    assert.equal(d[7].data["text/html"], "<i>custom</i>");
    assert.equal(d[8].displayId, "progress");
    assert.equal(d[9].update, true);
    assert.equal(d[9].displayId, "progress");
    assert.equal(d[9].data["text/plain"], "'100 %'");
    for (const m of d) assert.equal(typeof m.data["text/plain"], "string");
    const result = r.outputs.find((o) => o.type === "result")!;
    assert.ok(result.type === "result" && typeof result.data["image/png"] === "string");
  });

  test("errors carry name, message and frames at the TypeScript line and column", async () => {
    const r = await kernel.execute("type N = number;\nfunction fail(n: N): never {\n  throw new RangeError(`bad ${n}`);\n}\nfail(3);", { cellName: "cell E" });
    assert.equal(r.status, "error");
    assert.equal(r.error!.ename, "RangeError");
    assert.equal(r.error!.evalue, "bad 3");
    assert.match(r.error!.traceback.join("\n"), /at fail \(cell E:3:9\)/);
    assert.match(r.error!.traceback.join("\n"), /at cell E:5:1/);
    assert.doesNotMatch(r.error!.traceback.join("\n"), /kernel-process|node:internal/);
  });

  test("an error inside the cascade library is traced to the library's TypeScript, not its bundle", async () => {
    const r = await kernel.execute('import { generatePositions } from "cascade";\nconst book = generatePositions({ n: 0, price: 1 });', { cellName: "cell L" });
    assert.equal(r.status, "error");
    assert.match(r.error!.evalue, /generatePositions: n must be a whole number >= 1, got 0/);
    const tb = r.error!.traceback.join("\n");
    // The library's frame: its function at a line of its source (the bundle's map is installed
    // in a build; a .vsix ships none, see stack.spec.ts for that case).
    assert.match(tb, /at generatePositions \(\S*lib[\\/]models[\\/]generate-positions\.ts:\d+:\d+\)/);
    assert.doesNotMatch(tb, /cascade\.js|dist[\\/]lib/);
    // The user's frame stays as it was, and the excerpt under the trace shows the cell's line.
    assert.match(tb, /at cell L:2:14/);
    assert.deepEqual(r.error!.traceback.slice(-2), ["  2 | const book = generatePositions({ n: 0, price: 1 });", "    |              ^"]);
  });

  test("an error shows the cell's line under the trace, whatever the cell is called (Jupyter's In[n])", async () => {
    const r = await kernel.execute("const ok = 1;\nthrow new Error('here');", { cellName: "In[7]" });
    const tb = r.error!.traceback;
    assert.deepEqual(tb.slice(-2), ["  2 | throw new Error('here');", "    |       ^"]);
    assert.match(tb.join("\n"), /at In\[7\]:2:7/);
  });

  test("a syntax error says line and column, and nothing of the cell runs", async () => {
    const r = await kernel.execute('globalThis.sideEffect = "ran";\nconst x = {a 1};', { cellName: "cell S" });
    assert.equal(r.status, "error");
    assert.equal(r.error!.ename, "SyntaxError");
    assert.match(r.error!.evalue, /line 2, column 14/);
    assert.equal(plain(await run("typeof sideEffect")), "'undefined'");
  });

  test("interrupt stops an endless synchronous loop and keeps earlier variables", async () => {
    await run("const kept = 'still here'; let spins = 0;");
    const t = Date.now();
    setTimeout(() => kernel.interrupt(), 200);
    const r = await run("while (true) { spins++ }");
    assert.equal(r.status, "interrupted");
    assert.ok(Date.now() - t < 1200, `stopped in ${Date.now() - t} ms`);
    assert.equal(plain(await run("kept")), "'still here'");
  });

  test("interrupt stops a loop that runs after an await, and a loop inside a function", async () => {
    setTimeout(() => kernel.interrupt(), 200);
    const r = await run("await new Promise((r) => setTimeout(r, 20)); const spin = () => { for (;;) {} }; spin();");
    assert.equal(r.status, "interrupted");
    assert.equal(plain(await run("kept")), "'still here'");
  });

  test("interrupt stops a never-settling await", async () => {
    setTimeout(() => kernel.interrupt(), 200);
    const t = Date.now();
    const r = await run("await new Promise(() => {});");
    assert.equal(r.status, "interrupted");
    assert.ok(Date.now() - t < 1200);
    assert.equal(plain(await run("kept")), "'still here'");
  });

  test("interrupt stops a package's endless loop called from the cell (SIGINT through vm)", async () => {
    await run('import { spin } from "./spin.js";');
    setTimeout(() => kernel.interrupt(), 200);
    // No await before the call: the package's loop runs inside the cell's synchronous part.
    const r = await run("spin();");
    assert.equal(r.status, "interrupted");
    assert.equal(plain(await run("kept")), "'still here'");
  });

  test("an interrupt while idle does not touch the next cell", async () => {
    kernel.interrupt();
    assert.equal((await run("for (let i = 0; i < 1000; i++) {} 'fine'")).status, "ok");
  });

  test("tslab's display API works unchanged", async () => {
    const r = await run('import * as tslab from "tslab";\ntslab.display.html("<p>t</p>");\nconst d = tslab.newDisplay(); d.text("a"); d.text("b");');
    const d = r.outputs.filter((o): o is DisplayMessage => o.type === "display");
    assert.equal(d[0].data["text/html"], "<p>t</p>");
    assert.equal(d[1].update, false);
    assert.equal(d[2].update, true);
    assert.equal(d[1].displayId, d[2].displayId);
  });

  test("an unhandled rejection after the cell finished is reported, not lost", async () => {
    const late: OutputMessage[] = [];
    const onLate = (m: OutputMessage) => late.push(m);
    kernel.on("late-output", onLate);
    const r = await run("setTimeout(() => Promise.reject(new Error('later')), 30); 1");
    assert.equal(r.status, "ok");
    await new Promise((res) => setTimeout(res, 300));
    kernel.off("late-output", onLate);
    const err = late.find((m) => m.type === "error");
    assert.ok(err && err.type === "error" && err.evalue === "later" && err.origin === "uncaught", JSON.stringify(late));
    assert.equal(err.id, r.id);
  });

  test("completion and inspect of live values", async () => {
    await run("const portfolio = { btc: 1, eth: 2 };");
    const c = await kernel.complete("portfolio.b", 11);
    assert.deepEqual(c.matches.map((m) => m.label), ["btc"]);
    assert.equal(c.cursorStart, 10);
    const g = await kernel.complete("portf", 5);
    assert.ok(g.matches.some((m) => m.label === "portfolio"));
    const i = await kernel.inspect("portfolio", 3);
    assert.equal(i.found, true);
    assert.match(i.data["text/plain"] as string, /let portfolio: \{\s+btc: number;/);
    // No static type to show: the live value is inspected instead.
    await run("const loose: any = { k: 1 };");
    const live = await kernel.inspect("loose.k", 7);
    assert.equal(live.found, true);
    assert.match(live.data["text/plain"] as string, /loose\.k: number\n1/);
    const v = await kernel.variables();
    assert.ok(v.variables.some((x) => x.name === "portfolio" && x.size === 2));
  });

  test("a package loop after an await ignores the interrupt: the kernel restarts and says so", async () => {
    const restarted = new Promise<{ reason: string }>((res) => kernel.once("restarted", res));
    setTimeout(() => kernel.interrupt(), 200);
    const r = await run('const { spin: spin2 } = await import("./spin.js");\nawait new Promise((r) => setTimeout(r, 10));\nspin2();');
    assert.equal(r.status, "died");
    assert.match(r.error!.evalue, /did not stop within 3000 ms of an interrupt/);
    assert.match((await restarted).reason, /did not stop/);
    assert.equal(plain(await run("typeof kept")), "'undefined'");
  });

  test("type intelligence: completions from the cells given, else from the executed cells, else from live values", async () => {
    const given = await kernel.complete("portfolio.", 10, [{ code: "const portfolio = { btc: 1, eth: 2 };" }]);
    assert.deepEqual(given.matches.map((m) => m.label), ["btc", "eth"]);
    await run("const history1 = { alpha: 1, beta: 'b' };");
    const fromHistory = await kernel.complete("history1.al", 11);
    assert.deepEqual(fromHistory.matches.map((m) => m.label), ["alpha"]);
    await run("const untyped: any = JSON.parse('{\"zeta\": 1}');");
    const live = await kernel.complete("untyped.ze", 10);
    assert.deepEqual(live.matches.map((m) => m.label), ["zeta"]);
  });

  test("type intelligence: hover, signature help and diagnostics through the protocol", async () => {
    const cells = [{ code: "/** Doubles. */\nfunction twice(n: number): number { return 2 * n }" }];
    const hover = await kernel.inspect("twice(2)", 2, cells);
    assert.match(hover.data["text/markdown"] as string, /twice\(n: number\): number/);
    assert.match(hover.data["text/markdown"] as string, /Doubles\./);
    const sig = await kernel.signature("twice(", 6, cells);
    assert.equal(sig.signatures[0].label, "twice(n: number): number");
    const diag = await kernel.diagnostics("const s: string = twice(1);", cells);
    assert.deepEqual(diag.diagnostics.map((d) => [d.line, d.column, d.code]), [[1, 7, 2322]]);
  });

  test("typecheck warn (default): the cell runs, its type errors arrive as diagnostics", async () => {
    const got: unknown[] = [];
    const onDiag = (m: { id: string; diagnostics: unknown[] }) => got.push(m);
    kernel.on("diagnostics", onDiag);
    const r = await run("const wrongly: string = 42 as unknown as number;");
    await kernel.settled();
    kernel.off("diagnostics", onDiag);
    assert.equal(r.status, "ok");
    // Checks of earlier cells may still be arriving (after the restart above, the first check
    // waits for the new types thread): count this cell's.
    const mine = got.filter((m) => (m as { id: string }).id === r.id);
    assert.equal(mine.length, 1, JSON.stringify(got));
    const d = mine[0] as { id: string; diagnostics: Array<{ code: number; line: number; column: number }> };
    assert.deepEqual(d.diagnostics.map((x) => [x.code, x.line, x.column]), [[2322, 1, 7]]);
  });

  test("typecheck error: a cell with type errors does not run and says where", async () => {
    const r = await kernel.execute("globalThis.ranAnyway = true;\nconst n: number = 'text';", { cellName: "cell T", typecheck: "error" });
    assert.equal(r.status, "error");
    assert.equal(r.error!.ename, "TypeCheckError");
    assert.match(r.error!.evalue, /not assignable to type 'number'\. \(cell T, line 2, column 7, TS2322\)/);
    assert.equal(plain(await run("typeof (globalThis as any).ranAnyway")), "'undefined'");
  });

  test("restart gives a fresh context", async () => {
    await run("const beforeRestart = 1;");
    await kernel.restart();
    assert.equal(plain(await run("typeof beforeRestart")), "'undefined'");
  });
});

test("shutting down while a cell spins answers that cell and ends the process quickly", async () => {
  const kernel = await startKernel({});
  const pending = kernel.execute("while (true) {}");
  await new Promise((r) => setTimeout(r, 200));
  const t = Date.now();
  await kernel.shutdown();
  const r = await pending;
  assert.equal(r.status, "aborted");
  assert.match(r.error!.evalue, /shut down while the cell ran/);
  assert.ok(Date.now() - t < 2500, `shut down in ${Date.now() - t} ms`);
  assert.equal(kernel.state, "dead");
});

test("a kernel that never says ready is an error, not a hang", async () => {
  const dir = tempDir("cascade-stuck-");
  // A "node" that starts and waits forever without ever speaking the protocol.
  const fake = join(dir, "stuck-node.sh");
  writeFileSync(fake, "#!/bin/sh\nexec sleep 60\n", { mode: 0o755 });
  const t = Date.now();
  await assert.rejects(startKernel({ nodePath: fake, startTimeoutMs: 500 }), /did not start within 500 ms/);
  assert.ok(Date.now() - t < 5000);
});

describe("the types thread stops (an error nothing caught)", () => {
  // CASCADE_FAULTS=types-thread: a request whose code holds the mark stops the thread at once.
  const MARK = "/*stop the types thread*/";
  let kernel: Kernel;
  before(async () => {
    kernel = await startKernel({ env: { ...process.env, CASCADE_FAULTS: "types-thread" } });
  });
  after(() => kernel.shutdown());

  test("every request it had is answered, saying why; the next request starts it again, knowing the cells that ran", async () => {
    assert.equal((await kernel.execute("const ranBefore = { alpha: 1, beta: 2 };")).status, "ok");
    // A completion goes to live values instead.
    const completion = await kernel.complete(`${MARK} ranBefore.al`, MARK.length + 13);
    assert.deepEqual(completion.matches.map((m) => m.label), ["alpha"]);
    // A diagnostics request says the cell was not checked, and why.
    const diag = await kernel.diagnostics(`${MARK} const s: string = 1;`);
    assert.equal(diag.diagnostics.length, 1);
    assert.equal(diag.diagnostics[0].severity, "warning");
    assert.match(diag.diagnostics[0].message, /Not type-checked: the kernel's types thread stopped \(stopped on purpose \(CASCADE_FAULTS=types-thread\)\); it starts again with the next request\./);
    // Started again: types from the cells that ran before it stopped, and real checks.
    const again = await kernel.complete("ranBefore.be", 12);
    assert.deepEqual(again.matches.map((m) => m.label), ["beta"]);
    const checked = await kernel.diagnostics("const s: string = ranBefore.alpha;");
    assert.deepEqual(checked.diagnostics.map((d) => d.code), [2322]);
  });

  test("a cell to run with typecheck error is stopped, not run unchecked; a checked cell that ran gets a warning", async () => {
    const stopped = await kernel.execute(`${MARK} globalThis.ranUnchecked = true;`, { cellName: "cell F", typecheck: "error" });
    assert.equal(stopped.status, "error");
    assert.match(stopped.error!.evalue, /Not type-checked: the kernel's types thread stopped/);
    assert.equal(plain(await kernel.execute("typeof (globalThis as any).ranUnchecked")), "'undefined'");
    const got: Array<{ id: string; diagnostics: Array<{ message: string; severity: string }> }> = [];
    const onDiag = (m: (typeof got)[number]) => got.push(m);
    kernel.on("diagnostics", onDiag);
    const ran = await kernel.execute(`${MARK} const afterwards = 1;`, { cellName: "cell G", typecheck: "warn" });
    await kernel.settled();
    kernel.off("diagnostics", onDiag);
    assert.equal(ran.status, "ok");
    const mine = got.filter((m) => m.id === ran.id);
    assert.equal(mine.length, 1, JSON.stringify(got));
    assert.equal(mine[0].diagnostics[0].severity, "warning");
    assert.match(mine[0].diagnostics[0].message, /Not type-checked: the kernel's types thread stopped/);
    // And the next check is a real one again.
    const next = await kernel.execute("const n: number = 'x';", { typecheck: "error" });
    assert.equal(next.error?.ename, "TypeCheckError");
  });
});

describe("kernel crashes", () => {
  let kernel: Kernel;
  before(async () => {
    kernel = await startKernel({ heapMb: 64 });
  });
  after(() => kernel.shutdown());

  async function expectRestart(code: string, reason: RegExp): Promise<void> {
    await kernel.execute("const survivor = 1;");
    const restarted = new Promise<{ reason: string }>((res) => kernel.once("restarted", res));
    const r = await kernel.execute(code, { cellName: "cell X" });
    assert.equal(r.status, "died");
    assert.equal(r.error!.ename, "KernelDied");
    assert.match(r.error!.evalue, reason);
    assert.match(r.error!.evalue, /while running cell X.*restarted/);
    assert.match((await restarted).reason, reason);
    const next = await kernel.execute("typeof survivor");
    assert.equal(next.status, "ok");
    assert.equal(plain(next), "'undefined'");
  }

  test("process.exit() ends the cell with an error and the kernel restarts", () => expectRestart("process.exit(3)", /process\.exit\(3\) was called/));
  test("running out of heap ends the cell with an error and the kernel restarts", () =>
    expectRestart("const hog: number[][] = []; while (true) hog.push(new Array(1e5).fill(1.5));", /ran out of memory \(heap limit 64 MB\)/));
  test("a native crash ends the cell with an error and the kernel restarts", () => expectRestart("process.kill(process.pid, 'SIGSEGV')", /crashed \(signal SIGSEGV\)/));
});
