/**
 * The `cascade` command, run as users run it: a child process on notebook files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { findChromium } from "./static-images";

const CLI = join(kernelDistDir(), "..", "bin", "cascade.js");

function cascade(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function notebook(cells: Array<{ source: string; tags?: string[]; type?: "code" | "markdown" }>, metadata: Record<string, unknown> = {}) {
  return {
    cells: cells.map((c) => ({ cell_type: c.type ?? "code", metadata: c.tags ? { tags: c.tags } : {}, source: c.source, outputs: [], execution_count: null })),
    metadata,
    nbformat: 4,
    nbformat_minor: 4,
  };
}

function tempNotebook(nb: unknown, name = "nb.ipynb"): string {
  const dir = mkdtempSync(join(tmpdir(), "cascade-run-"));
  const file = join(dir, name);
  writeFileSync(file, typeof nb === "string" ? nb : JSON.stringify(nb));
  return file;
}

const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));

test("runs a notebook in place: outputs, counts, timings, ids, kernelspec; unknown metadata kept", () => {
  const file = tempNotebook(
    notebook([{ source: "# title", type: "markdown" }, { source: "const x = 20;\nconsole.log('x is', x)" }, { source: "x * 2 + 2" }], { custom: { keep: true } }),
  );
  const r = cascade(["run", file]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ok .*nb\.ipynb: 2 cells/);
  const nb = read(file);
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  assert.deepEqual(nb.metadata.custom, { keep: true });
  assert.equal(nb.metadata.kernelspec.name, "cascade-ts");
  assert.equal(nb.metadata.language_info.name, "typescript");
  assert.deepEqual(nb.cells[1].outputs, [{ output_type: "stream", name: "stdout", text: ["x is 20\n"] }]);
  assert.equal(nb.cells[1].execution_count, 1);
  assert.deepEqual(nb.cells[2].outputs[0].data, { "text/plain": ["42"] });
  assert.equal(nb.cells[2].outputs[0].execution_count, 2);
  for (const cell of nb.cells) assert.match(cell.id, /^[a-zA-Z0-9-_]{1,64}$/);
  assert.ok(Date.parse(nb.cells[2].metadata.execution["iopub.status.idle"]) > 0);
  assert.deepEqual(readdirSync(join(file, "..")), ["nb.ipynb"], "no temporary file left behind");
});

test("--params replaces values in the cell tagged parameters", () => {
  const file = tempNotebook(notebook([{ source: 'const source: string = "snapshot"; // or live\nconst days = 46;', tags: ["parameters"] }, { source: "`${source}:${days + 1}`" }]));
  const r = cascade(["run", file, "--params", "source=live", "days=9"]);
  assert.equal(r.code, 0, r.stderr);
  const nb = read(file);
  assert.equal(nb.cells[0].source.join(""), 'const source: string = "live"; // or live\nconst days = 9;');
  assert.deepEqual(nb.cells[1].outputs[0].data["text/plain"], ["'live:10'"]);
});

test("an unknown parameter is an input error naming what the cell has", () => {
  const file = tempNotebook(notebook([{ source: "const a = 1;", tags: ["parameters"] }]));
  const r = cascade(["run", file, "--params", "b=2"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /parameter "b" is not in the parameters cell \(it has: a\)/);
});

test("the first failing cell stops the run, exits 1 and names notebook, cell and error; later cells are cleared", () => {
  const file = tempNotebook(notebook([{ source: "1" }, { source: "undefinedThing + 1" }, { source: "'never'" }]));
  const before = read(file);
  before.cells[2].outputs = [{ output_type: "stream", name: "stdout", text: ["stale\n"] }];
  writeFileSync(file, JSON.stringify(before));
  const r = cascade(["run", file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /FAIL .*nb\.ipynb: cell 2: ReferenceError: undefinedThing is not defined/);
  const nb = read(file);
  assert.equal(nb.cells[1].outputs[0].output_type, "error");
  assert.deepEqual(nb.cells[2].outputs, []);
  assert.equal(nb.cells[2].execution_count, null);
});

test("--continue runs on and reports every failure", () => {
  const file = tempNotebook(notebook([{ source: "throw new Error('first')" }, { source: "'middle'" }, { source: "throw new TypeError('second')" }]));
  const r = cascade(["run", file, "--continue"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cell 1: Error: first/);
  assert.match(r.stderr, /cell 3: TypeError: second/);
  assert.deepEqual(read(file).cells[1].outputs[0].data["text/plain"], ["'middle'"]);
});

test("--timeout stops a cell that runs too long", () => {
  const file = tempNotebook(notebook([{ source: "let spins = 0; while (true) spins++;" }]));
  const t = Date.now();
  const r = cascade(["run", file, "--timeout", "1"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cell 1: Timeout: cell 1 did not finish within 1 s/);
  assert.ok(Date.now() - t < 20_000);
  assert.equal(read(file).cells[0].outputs[0].ename, "Timeout");
});

test("--out writes elsewhere and leaves the notebook untouched", () => {
  const file = tempNotebook(notebook([{ source: "1 + 1" }]));
  const original = readFileSync(file, "utf8");
  const out = join(file, "..", "out");
  const r = cascade(["run", file, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(file, "utf8"), original);
  assert.deepEqual(read(join(out, "nb.ipynb")).cells[0].outputs[0].data["text/plain"], ["2"]);
});

test("a display updated later is stored with its last value", () => {
  const file = tempNotebook(notebook([{ source: "display('0 %', { id: 'p' });" }, { source: "display.update('p', '100 %');" }]));
  assert.equal(cascade(["run", file]).code, 0);
  assert.deepEqual(read(file).cells[0].outputs[0].data["text/plain"], ["'100 %'"]);
});

test("type errors are warnings by default (the cell runs); --typecheck makes them errors", () => {
  const file = tempNotebook(notebook([{ source: "const n: number = 1;" }, { source: "const s: string = n;\n`${s}!`" }]));
  const warned = cascade(["run", file]);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /warning .*nb\.ipynb: cell 2:1:7: TS2322: Type 'number' is not assignable to type 'string'/);
  assert.equal(read(file).cells[1].outputs[0].output_type, "execute_result");
  const strict = cascade(["run", file, "--typecheck"]);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /FAIL .*nb\.ipynb: cell 2: TypeCheckError: Type 'number' is not assignable to type 'string'/);
});

test("bad input: a one-line error naming the file, exit code 2", () => {
  const notJson = tempNotebook("{ not json", "broken.ipynb");
  const notNotebook = tempNotebook({ hello: 1 }, "other.ipynb");
  const cases: Array<[string[], RegExp]> = [
    [["run", notJson], /broken\.ipynb: not valid JSON/],
    [["run", notNotebook], /other\.ipynb: not a notebook in format 4/],
    [["run", join(tmpdir(), "does-not-exist.ipynb")], /does-not-exist\.ipynb: no such file/],
    [["run", notNotebook, "--frobnicate"], /unknown option --frobnicate/],
    [["run", notNotebook, "--timeout", "soon"], /--timeout takes a positive number/],
    [["launch"], /unknown command "launch"/],
  ];
  for (const [args, message] of cases) {
    const r = cascade(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("a run killed at any moment leaves the notebook whole (old or new, never half)", async () => {
  const big = "display({ data: [{ type: 'scatter', x: Array.from({ length: 20000 }, (_, i) => i), y: Array.from({ length: 20000 }, (_, i) => i * 2) }] })";
  const file = tempNotebook(notebook(Array.from({ length: 6 }, () => ({ source: big }))));
  for (const delayMs of [300, 600, 900, 1200, 1500]) {
    const child = spawn(process.execPath, [CLI, "run", file], { stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill("SIGKILL");
    await exited;
    const nb = read(file); // throws if half-written
    assert.equal(nb.cells.length, 6);
  }
});

test("export --html writes one self-contained page with plotly inlined", () => {
  const file = tempNotebook(notebook([{ source: "# Report", type: "markdown" }, { source: "({ data: [{ type: 'bar', x: ['a'], y: [1] }], layout: {} })" }]));
  assert.equal(cascade(["run", file]).code, 0);
  const html = join(file, "..", "out.html");
  const r = cascade(["export", file, "--html", html]);
  assert.equal(r.code, 0, r.stderr);
  const page = readFileSync(html, "utf8");
  assert.match(page, /<h1>Report<\/h1>/);
  assert.match(page, /Plotly\.newPlot\("chart-1"/);
  assert.ok(page.length > 1_000_000, "plotly.js is inlined");
  assert.doesNotMatch(page, /<script[^>]+src=/, "no external scripts");
  assert.ok(existsSync(html));
});

test("--static-images draws a PNG beside each chart; --html writes a site with an index", { skip: !findChromium() && !process.env.CI ? "Chromium not installed" : false }, () => {
  const file = tempNotebook(notebook([{ source: "# Charts", type: "markdown" }, { source: "({ data: [{ type: 'scatter', x: [1, 2, 3], y: [3, 1, 2] }], layout: { title: { text: 'three points' } } })" }]));
  const site = join(file, "..", "site");
  const r = cascade(["run", file, "--static-images", "--html", site]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /no static images/);
  const out = read(file).cells[1].outputs[0];
  const png = Buffer.from(out.data["image/png"], "base64");
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 5000, `a drawn chart, not an empty image (${png.length} bytes)`);
  assert.ok(out.data["application/vnd.plotly.v1+json"], "the interactive chart stays");
  const index = readFileSync(join(site, "index.html"), "utf8");
  assert.match(index, /<a href="nb\.html">nb<\/a><\/td><td>Charts<\/td><td>ran<\/td>/);
  assert.match(readFileSync(join(site, "nb.html"), "utf8"), /Plotly\.newPlot/);
});

test("--static-images without Chromium warns and runs on", () => {
  const file = tempNotebook(notebook([{ source: "({ data: [{ type: 'bar', x: ['a'], y: [1] }] })" }]));
  const r = cascade(["run", file, "--static-images", "--chromium", "/nonexistent/chromium"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: no static images: no Chromium at \/nonexistent\/chromium/);
  assert.equal(read(file).cells[0].outputs[0].data["image/png"], undefined);
});
