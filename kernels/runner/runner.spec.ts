/**
 * The `cascade` command, run as users run it: a child process on notebook files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { kernelDistDir } from "../client";
import { findChromium } from "./static-images";
import { tempDir } from "../../test/support/temp-dir";

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
  const dir = tempDir("cascade-run-");
  const file = join(dir, name);
  writeFileSync(file, typeof nb === "string" ? nb : JSON.stringify(nb));
  return file;
}

const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));

test("runs a notebook in place: outputs, counts, ids, kernelspec; unknown metadata kept; timings only with --timings", () => {
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
  assert.equal(nb.cells[2].metadata.execution, undefined, "no wall-clock times by default");
  assert.equal(cascade(["run", file, "--timings"]).code, 0);
  assert.ok(Date.parse(read(file).cells[2].metadata.execution["iopub.status.idle"]) > 0);
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
  assert.match(r.stderr, /FAIL .*nb\.ipynb: code cell 2 \[In 2\]: undefinedThing \+ 1: ReferenceError: undefinedThing is not defined/);
  const nb = read(file);
  assert.equal(nb.cells[1].outputs[0].output_type, "error");
  assert.deepEqual(nb.cells[2].outputs, []);
  assert.equal(nb.cells[2].execution_count, null);
});

test("--continue runs on and reports every failure", () => {
  const file = tempNotebook(notebook([{ source: "throw new Error('first')" }, { source: "'middle'" }, { source: "throw new TypeError('second')" }]));
  const r = cascade(["run", file, "--continue"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /code cell 1 \[In 1\]: throw new Error\('first'\): Error: first/);
  assert.match(r.stderr, /code cell 3 \[In 3\]: throw new TypeError\('second'\): TypeError: second/);
  assert.deepEqual(read(file).cells[1].outputs[0].data["text/plain"], ["'middle'"]);
});

test("--timeout stops a cell that runs too long", () => {
  const file = tempNotebook(notebook([{ source: "let spins = 0; while (true) spins++;" }]));
  const t = Date.now();
  const r = cascade(["run", file, "--timeout", "1"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /code cell 1 \[In 1\]: let spins = 0; while \(true\) spins\+\+;: Timeout: the cell did not finish within 1 s/);
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

test("--out FILE.ipynb with one notebook writes that file (its folder made); with two it is an error before anything runs", () => {
  const file = tempNotebook(notebook([{ source: "6 * 7" }]));
  const original = readFileSync(file, "utf8");
  const target = join(file, "..", "results", "run-1.ipynb");
  const r = cascade(["run", file, "--out", target]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(file, "utf8"), original);
  assert.deepEqual(read(target).cells[0].outputs[0].data["text/plain"], ["42"]);
  const other = tempNotebook(notebook([{ source: "globalThis.ran = 1" }]));
  const two = cascade(["run", file, other, "--out", join(file, "..", "both.ipynb")]);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /--out .*both\.ipynb names one notebook file, but 2 notebooks were given: give a folder/);
  assert.equal(read(other).cells[0].outputs.length, 0, "nothing ran");
});

test("--out DIR refuses two notebooks of the same name (one would overwrite the other)", () => {
  const a = tempNotebook(notebook([{ source: "1" }]));
  const b = tempNotebook(notebook([{ source: "2" }]));
  assert.equal(basename(a), basename(b));
  const r = cascade(["run", a, b, "--out", join(a, "..", "out")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /would both be written to .*nb\.ipynb: run them with different --out folders/);
  assert.equal(read(a).cells[0].outputs.length, 0, "nothing ran");
});

test("a display updated later is stored with its last value", () => {
  const file = tempNotebook(notebook([{ source: "display('0 %', { id: 'p' });" }, { source: "display.update('p', '100 %');" }]));
  assert.equal(cascade(["run", file]).code, 0);
  assert.deepEqual(read(file).cells[0].outputs[0].data["text/plain"], ["'100 %'"]);
});

test("no type checks by default (cells run at once); --typecheck warn prints them, --typecheck error fails the cell", () => {
  const file = tempNotebook(notebook([{ source: "const n: number = 1;" }, { source: "const s: string = n;\n`${s}!`" }]));
  const quiet = cascade(["run", file]);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stderr, /TS2322/);
  assert.equal(read(file).cells[1].outputs[0].output_type, "execute_result");
  const warned = cascade(["run", file, "--typecheck", "warn"]);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /warning .*nb\.ipynb: code cell 2 \[In 2\]: const s: string = n;: line 1, column 7: TS2322: Type 'number' is not assignable to type 'string'/);
  assert.equal(read(file).cells[1].outputs[0].output_type, "execute_result");
  const strict = cascade(["run", file, "--typecheck=error"]);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /FAIL .*nb\.ipynb: code cell 2 \[In 2\]: const s: string = n;: TypeCheckError: Type 'number' is not assignable to type 'string'/);
  const bad = cascade(["run", "--typecheck", file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--typecheck takes off, warn or error, got ".*nb\.ipynb"/);
});

test("--typecheck warn: the cells are checked together, each problem reported at its own cell and line, as each cell alone would give it", () => {
  const file = tempNotebook(
    notebook([
      { source: "let total: number = 0;" },
      { source: "# notes", type: "markdown" },
      { source: "const a = 1;\nconst b: string = total;" },
      { source: "const late = lateGlobal + 1;" },
      { source: "throw new Error('stop');\nconst never: number = 'x';" },
      { source: "declare global { var lateGlobal: number }\nexport {};" },
      { source: "const c: number = 'three';" },
    ]),
  );
  const r = cascade(["run", file, "--typecheck", "warn", "--continue"]);
  assert.equal(r.code, 1, r.stderr);
  const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning "));
  // "code cell N, line, column, code" of each warning, in the order printed.
  const where = warnings.map((l) => /: (code cell \d+) \[In \d+\].*: line (\d+), column (\d+): (TS\d+)/.exec(l)!.slice(1).join(", "));
  assert.deepEqual(where, [
    "code cell 2, 2, 7, TS2322",
    // The global a later cell declares is not known to the cell before it.
    "code cell 3, 1, 14, TS2304",
    // A cell that threw is checked too (on its own, with the cells before it).
    "code cell 4, 2, 7, TS2322",
    "code cell 6, 1, 7, TS2322",
  ]);
  assert.match(r.stderr, /FAIL .*code cell 4 \[In 4\]: throw new Error\('stop'\);: Error: stop/);
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
  const page = readFileSync(join(site, "nb.html"), "utf8");
  assert.match(page, /Plotly\.newPlot/);
  assert.match(page, /<script src="plotly\.min\.js"><\/script>/, "the site's pages share one plotly.js");
  assert.ok(page.length < 1.5 * 1024 * 1024, `page under 1.5 MB (${page.length} bytes)`);
  assert.ok(readFileSync(join(site, "plotly.min.js"), "utf8").length > 1_000_000, "plotly.js beside the pages");
});

test("--static-images without Chromium says so in one line and runs on; an unchanged chart keeps its stored PNG", () => {
  // Keys out of sorted order, as cells write them (the file stores them sorted).
  const file = tempNotebook(notebook([{ source: "({ layout: { title: { text: 'a' } }, data: [{ y: [1], x: ['a'], type: 'bar' }] })" }, { source: "({ data: [{ type: 'bar', x: ['b'], y: [2] }] })" }]));
  const r = cascade(["run", file, "--static-images", "--chromium", "/nonexistent/chromium"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.match(/note: charts without static images: no Chromium at \/nonexistent\/chromium/g)?.length, 1, r.stderr);
  assert.match(r.stdout, /\(2 charts without a static image\)/);
  assert.equal(read(file).cells[0].outputs[0].data["image/png"], undefined);
  // A PNG stored for a figure (as a machine with Chromium wrote it) stays while the figure is the same.
  const nb = read(file);
  nb.cells[0].outputs[0].data["image/png"] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  nb.cells[1].outputs[0].data["image/png"] = "stale";
  nb.cells[1].source = "({ data: [{ type: 'bar', x: ['b'], y: [3] }] })";
  writeFileSync(file, JSON.stringify(nb));
  const again = cascade(["run", file]);
  assert.equal(again.code, 0, again.stderr);
  const after = read(file);
  assert.equal(after.cells[0].outputs[0].data["image/png"], nb.cells[0].outputs[0].data["image/png"], "same figure: same PNG, no Chromium needed");
  assert.equal(after.cells[1].outputs[0].data["image/png"], undefined, "a changed figure loses the PNG of the old one");
});

test("--jobs runs notebooks at once, each in its own kernel; results and order of the report as with one job", () => {
  const files = [1, 2, 3].map((k) => tempNotebook(notebook([{ source: `const k = ${k};\nk * 10` }]), `nb${k}.ipynb`));
  const r = cascade(["run", ...files, "--jobs", "3"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.match(/^ok /gm)?.length, 3);
  files.forEach((f, i) => assert.deepEqual(read(f).cells[0].outputs[0].data["text/plain"], [String((i + 1) * 10)]));
  const bad = cascade(["run", files[0], "--jobs", "0"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--jobs takes a whole number of at least 1, got "0"/);
  // A failure stops notebooks not yet started (without --continue).
  const failing = tempNotebook(notebook([{ source: "throw new Error('first fails')" }]), "a.ipynb");
  const r2 = cascade(["run", failing, files[0], "--jobs", "1"]);
  assert.equal(r2.code, 1);
  assert.doesNotMatch(r2.stdout, /nb1\.ipynb/);
});

test("an error of async work a cell started fails the run like an error of the cell, naming the cell that started it", () => {
  const cells = [
    { source: "# async work", type: "markdown" as const },
    { source: "setTimeout(() => { throw new Error('boom in timer'); }, 10);\nawait new Promise((r) => setTimeout(r, 200));" },
    { source: "'after'" },
  ];
  const file = tempNotebook(notebook(cells));
  const r = cascade(["run", file]);
  assert.equal(r.code, 1, r.stdout);
  assert.doesNotMatch(r.stdout, /^ok/m);
  assert.match(r.stderr, /FAIL .*nb\.ipynb: code cell 1 \[In 1\]: setTimeout\(\(\) => \{ throw new Error\('boom in timer'\); \}, 10\);: Error: boom in timer \(in async work the cell started\)/);
  const nb = read(file);
  assert.equal(nb.cells[1].outputs[0].output_type, "error");
  assert.equal(nb.cells[2].execution_count, null, "the run stopped at the failing cell");
});

test("a late async error (during a later cell, or after the last) is attributed to the cell that started the work; --continue reports all", () => {
  const file = tempNotebook(
    notebook([
      { source: "setTimeout(() => { Promise.reject(new Error('late rejection')); }, 50);\n1" },
      { source: "await new Promise((r) => setTimeout(r, 300));\n2" },
      { source: "throw new Error('own error')" },
      { source: "setTimeout(() => { throw new Error('after the last cell'); }, 100);\n'last'" },
    ]),
  );
  const r = cascade(["run", file, "--continue"]);
  assert.equal(r.code, 1, r.stdout);
  const fails = r.stderr.split("\n").filter((l) => l.startsWith("FAIL"));
  assert.equal(fails.length, 3, r.stderr);
  assert.match(fails[0], /code cell 1 \[In 1\]: setTimeout.*: Error: late rejection \(in async work the cell started, after it finished\)/);
  assert.match(fails[1], /code cell 3 \[In 3\]: throw new Error\('own error'\): Error: own error/);
  assert.match(fails[2], /code cell 4 \[In 4\]: setTimeout.*: Error: after the last cell/);
  const nb = read(file);
  assert.deepEqual(nb.cells[0].outputs.map((o: { output_type: string }) => o.output_type), ["execute_result", "error"]);
  assert.match(nb.cells[0].outputs[1].traceback[0], /Unhandled promise rejection/);
  assert.deepEqual(nb.cells[1].outputs.map((o: { output_type: string }) => o.output_type), ["execute_result"], "not blamed on the cell running when it arrived");
  assert.equal(nb.cells[3].outputs[1].evalue, "after the last cell");
  // Without --continue, the late error stops the run before the next cell.
  const stop = cascade(["run", file]);
  assert.equal(stop.code, 1);
  assert.match(stop.stderr, /FAIL .*code cell 1 \[In 1\].*late rejection/);
  assert.equal(read(file).cells[2].execution_count, null);
});

test("a notebook of another language is refused (exit 2) naming notebook, kernel and language; TypeScript kernels (tslab) run", () => {
  const python = tempNotebook(notebook([{ source: "print('hi')" }], { kernelspec: { name: "python3", display_name: "Python 3 (ipykernel)", language: "python" }, language_info: { name: "python" } }), "py.ipynb");
  const r = cascade(["run", python]);
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /py\.ipynb: a python notebook \(kernel "python3" \(Python 3 \(ipykernel\)\), language python\/python\)/);
  assert.doesNotMatch(r.stdout, /ok/);
  const infoOnly = tempNotebook(notebook([{ source: "x <- 1" }], { language_info: { name: "R" } }), "r.ipynb");
  assert.equal(cascade(["run", infoOnly]).code, 2);
  const tslab = tempNotebook(notebook([{ source: "1 + 1" }], { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, language_info: { name: "typescript" } }), "ts.ipynb");
  const ok = cascade(["run", tslab]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /ok .*ts\.ipynb: 1 cells/);
  const jslab = tempNotebook(notebook([{ source: "1 + 1" }], { kernelspec: { name: "jslab", display_name: "JavaScript", language: "javascript" } }), "js.ipynb");
  assert.equal(cascade(["run", jslab]).code, 0);
});

test("every command and subcommand has --help (exit 0, its options one line each); --version prints the version", () => {
  const pkg = JSON.parse(readFileSync(join(CLI, "..", "..", "package.json"), "utf8"));
  const version = cascade(["--version"]);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), `cascade ${pkg.version}`);
  const commands: Array<[string[], string[]]> = [
    [["run"], ["--out", "--params", "--timeout", "--continue", "--heap", "--typecheck", "--jobs", "--timings", "--static-images", "--chromium", "--html", "--check", "--rtol"]],
    [["export"], ["--html"]],
    [["strip"], ["--outputs", "--stdin", "--clear-counts"]],
    [["git-setup"], []],
    [["init"], ["--force", "--notebooks"]],
    [["data"], ["pull"]],
    [["data", "pull"], ["--spec", "--kind", "--timeframe", "--from", "--to", "--market", "--cache-dir", "--offline", "--base-url", "--timeout-ms"]],
    [["kernel"], ["install", "remove"]],
    [["kernel", "install"], ["--user", "--prefix"]],
    [["kernel", "remove"], ["--user", "--prefix"]],
    [["jupyter"], ["--connection-file", "--heap"]],
    [["calibrate"], ["--report", "--n", "--json", "--starts", "--budget", "--seed", "--no-profile", "--record"]],
  ];
  for (const [command, options] of commands) {
    const r = cascade([...command, "--help"]);
    assert.equal(r.code, 0, `${command.join(" ")} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^usage: cascade ${command.join(" ")}`));
    for (const o of [...options, "--help"]) assert.match(r.stdout, new RegExp(`^  ${o}\\b.* \\w`, "m"), `${command.join(" ")} --help lists ${o}`);
  }
  assert.equal(cascade(["run", "a.ipynb", "-h"]).code, 0);
});

test("a long cell is reported on stderr while it runs (intervals injectable); --timeout names the line it stopped, or says it cannot", () => {
  const file = tempNotebook(notebook([{ source: "// waits\nawait new Promise((r) => setTimeout(r, 1500));" }]));
  const r = spawnSync(process.execPath, [CLI, "run", file], { encoding: "utf8", timeout: 60_000, env: { ...process.env, CASCADE_STILL_RUNNING_MS: "300,400" } });
  assert.equal(r.status, 0, r.stderr);
  const still = r.stderr.split("\n").filter((l) => l.startsWith("still running"));
  // At 300 ms, then every 400 ms while the cell runs: at most as many as the run's own length
  // allows (on a loaded machine the 1.5 s wait takes longer, and more lines are right).
  const seconds = Number(/in (\d+(?:\.\d+)?) s/.exec(r.stdout)?.[1]);
  const most = 2 + Math.ceil(Math.max(0, seconds * 1000 - 300) / 400);
  assert.ok(still.length >= 2 && still.length <= most, `${still.length} lines in ${seconds} s (at most ${most}): ${r.stderr}`);
  assert.match(still[0], /^still running .*nb\.ipynb: code cell 1 \[In 1\]: \/\/ waits \(0 s\)$/);

  const loop = tempNotebook(notebook([{ source: "let spins = 0;\nfor (;;) {\n  spins++;\n}" }]));
  const stopped = cascade(["run", loop, "--timeout", "1"]);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /Timeout: the cell did not finish within 1 s and was stopped at line 2: for \(;;\) \{/);
  const waiting = tempNotebook(notebook([{ source: "await new Promise(() => {});" }]));
  const w = cascade(["run", waiting, "--timeout", "1"]);
  assert.equal(w.code, 1);
  assert.match(w.stderr, /Timeout: the cell did not finish within 1 s and was stopped \(where it was could not be told: it was waiting on an await/);
});

test("exporting a notebook that was never run warns on stderr, naming it (exit 0)", () => {
  const file = tempNotebook(notebook([{ source: "# Title", type: "markdown" }, { source: "1 + 1" }]), "fresh.ipynb");
  const html = join(file, "..", "fresh.html");
  const r = cascade(["export", file, "--html", html]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: .*fresh\.ipynb was never run \(no code cell has outputs\)/);
  assert.equal(cascade(["run", file]).code, 0);
  assert.equal(cascade(["export", file, "--html", html]).stderr, "", "a notebook that ran exports without a word");
});
