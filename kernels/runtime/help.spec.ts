/**
 * help(value) in cells and hover over the library, through a real kernel: the same Markdown,
 * read from dist/types/lib-docs.json (no TypeScript sources at run time).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type ExecuteResult, type Kernel } from "../client";
import { entryMarkdown, type DocEntry } from "../types/lib-docs-markdown";

// The spec runs from dist/test/kernels/runtime/; the build's docs are in dist/types/.
const docs = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "types", "lib-docs.json"), "utf8")) as Record<string, DocEntry>;

/** The Markdown a cell showed (help displays it; it returns nothing). */
function shown(r: ExecuteResult): string {
  assert.equal(r.status, "ok", r.error ? `${r.error.ename}: ${r.error.evalue}` : "");
  assert.ok(!r.outputs.some((o) => o.type === "result"), "help() returns nothing: no result output");
  const md = r.outputs.filter((o) => o.type === "display").map((o) => (o as { data: Record<string, unknown> }).data["text/markdown"]);
  assert.equal(md.length, 1, "help() shows one Markdown output");
  return md[0] as string;
}

describe("help(value)", () => {
  let dir: string;
  let kernel: Kernel;
  let n = 0;
  const run = (code: string) => kernel.execute(code, { cellName: `cell ${++n}` });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "cascade-help-"));
    kernel = await startKernel({ cwd: dir, heapMb: 512, env: { ...process.env, CASCADE_OFFLINE: "1" } });
    const r = await run('import { rollingVolatility, Frame, CALIBRATION } from "cascade";');
    assert.equal(r.status, "ok", r.error?.evalue);
  });
  after(async () => {
    await kernel.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a library function: summary, options with defaults, example, as built from its doc comments", async () => {
    const md = shown(await run("help(rollingVolatility)"));
    assert.equal(md, entryMarkdown(docs.rollingVolatility));
    assert.match(md, /^```ts\nfunction rollingVolatility\(input: SeriesInput, options: VolatilityOptions/);
    assert.match(md, /Rolling volatility of log returns/);
    assert.match(md, /- `window: number` Returns in each window/);
    assert.match(md, /^- `periodsPerYear\?: number` Periods per year to annualize by .*; 1 \(no scaling\) by default\.$/m);
    assert.match(md, /\*\*Example\*\*\n\n```ts\nrollingVolatility\(candles, \{ window: 24, periodsPerYear: 8760 \}\)/);
  });

  test("a library class, one of its static functions and one of its instances", async () => {
    const cls = shown(await run("help(Frame)"));
    assert.match(cls, /^```ts\nclass Frame\n```\n\nA table of equal-length typed columns/);
    assert.match(cls, /\*\*Members\*\*[\s\S]*- `static fromRecords\(records: ArrayLike<Record<string, unknown>>, options\?: FromColumnsOptions\): Frame`/);
    const stat = shown(await run("help(Frame.fromRecords)"));
    assert.match(stat, /^```ts\nFrame\.fromRecords\(records: ArrayLike<Record<string, unknown>>, options\?: FromColumnsOptions\): Frame\n```\n\nA frame from an array of objects/);
    const method = shown(await run("const f = Frame.fromRecords([{ x: 1 }]);\nhelp(f.filter)"));
    assert.match(method, /^```ts\nFrame\.prototype\.filter\(/);
    assert.match(method, /A method of `Frame`/);
    const instance = shown(await run("help(f)"));
    assert.match(instance, /^A `Frame` \(an instance of a class of "cascade"\)/);
  });

  test("a library object found by identity: CALIBRATION", async () => {
    const md = shown(await run("help(CALIBRATION)"));
    assert.equal(md, entryMarkdown(docs.CALIBRATION));
  });

  test("a user function with a doc comment: its signature as written and its comment", async () => {
    await run("/**\n * Adds one to a price, in USD.\n *\n * @example addOne(1) // 2\n */\nfunction addOne(price: number): number {\n  return price + 1;\n}");
    const md = shown(await run("help(addOne)"));
    assert.equal(md, "```ts\nfunction addOne(price: number): number\n```\n\nAdds one to a price, in USD.\n\n**Example**\n\n```ts\naddOne(1) // 2\n```");
  });

  test("a user function without a comment, an arrow function, and a user class", async () => {
    await run("const bare = (symbol: string, days = 7): string => symbol.repeat(days);\nclass Book { add(size: number): void {} }");
    const md = shown(await run("help(bare)"));
    assert.match(md, /^```ts\nfunction bare\(symbol: string, days = 7\): string\n```\n\nNo documentation: `bare` has no doc comment\./);
    const cls = shown(await run("help(Book)"));
    assert.match(cls, /^```ts\nclass Book \{\n  add\(size: number\): void\n\}\n```\n\nNo documentation/);
  });

  test("a value that is no function: says so and shows it", async () => {
    const md = shown(await run("help(42)"));
    assert.equal(md, "This is a number, not a function or class: help() has no documentation for it.\n\n```\n42\n```");
    const obj = shown(await run("help({ btc: 1 })"));
    assert.match(obj, /^This is a plain object, not a function or class: help\(\) has no documentation for it\.\n\n```\n\{ btc: 1 \}\n```$/);
    assert.match(shown(await run("help(new Map())")), /^This is a Map object, not a function or class/);
  });

  test("hover and Jupyter's inspect show help()'s text for the library, and no internal module names", async () => {
    const cells = [{ code: 'import { rollingVolatility } from "cascade";\nimport * as c from "cascade";' }, { code: "let opts: c.CascadeOptions | undefined;" }];
    const hover = await kernel.inspect("rollingVolatility", 3, cells);
    assert.equal(hover.found, true);
    assert.equal(hover.data["text/markdown"], entryMarkdown(docs.rollingVolatility));
    const opts = await kernel.inspect("opts", 2, cells);
    const text = `${opts.data["text/markdown"]}\n${opts.data["text/plain"]}`;
    assert.doesNotMatch(text, /__cascade|__cell_|import\(/);
    assert.match(text, /let opts: c\.CascadeOptions \| undefined/);
  });
});
