/**
 * docs/guide.md runs: its TypeScript blocks, in order, as the cells of one notebook in a real
 * kernel, offline on the snapshot, with type errors as errors. Any error fails, naming the
 * block and its first line in the page.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKernel, type Kernel } from "../kernels/client";

// The spec runs from dist/test/docs/; the repository is three levels up.
const root = join(__dirname, "..", "..", "..");

/** The page's ```ts blocks with the line each starts on. */
export function codeBlocks(markdown: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && !/^```\s*$/.test(lines[j])) j++;
    assert.ok(j < lines.length, `guide.md:${i + 1}: a code block is never closed`);
    blocks.push({ line: start + 1, code: lines.slice(start, j).join("\n") });
    i = j;
  }
  return blocks;
}

let kernel: Kernel;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "cascade-guide-"));
  // Offline, with an empty cache of its own: the guide must run on the snapshot alone.
  kernel = await startKernel({ cwd: dir, heapMb: 2048, env: { ...process.env, CASCADE_OFFLINE: "1", CASCADE_CACHE_DIR: join(dir, "cache") } });
});
after(async () => {
  await kernel?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test("codeBlocks finds fenced TypeScript blocks and their lines, and nothing else", () => {
  assert.deepEqual(codeBlocks("# t\n```ts\na;\nb;\n```\n```sh\nno\n```\n```typescript\nc;\n```\n"), [
    { line: 3, code: "a;\nb;" },
    { line: 10, code: "c;" },
  ]);
});

test("every code block of docs/guide.md runs, in order, in one kernel, offline on the snapshot", { timeout: 900_000 }, async () => {
  const page = readFileSync(join(root, "docs", "guide.md"), "utf8");
  const blocks = codeBlocks(page);
  assert.ok(blocks.length >= 12, `only ${blocks.length} code blocks`);
  // The steps the guide promises, each with code under it.
  const steps = ["The snapshot", "The cache", "Live", "2. Measure", "3. Plot", "4. A position book from open interest", "5. Simulate a cascade", "6. Calibrate", "7. Monte Carlo"];
  for (const s of steps) assert.match(page, new RegExp(`^#+ ${s.replace(/[.]/g, "\\.")}\\n[\\s\\S]*?\`\`\`ts`, "m"), `no step "${s}" with code`);
  let charts = 0;
  for (const [k, b] of blocks.entries()) {
    const r = await kernel.execute(b.code, { cellName: `guide.md:${b.line}`, typecheck: "error" });
    const where = `block ${k + 1} (guide.md:${b.line}): ${b.code.split("\n")[0]}`;
    assert.equal(r.status, "ok", `${where}\n${r.error ? `${r.error.ename}: ${r.error.evalue}\n${r.error.traceback.join("\n")}` : ""}`);
    for (const o of r.outputs) if ((o.type === "result" || o.type === "display") && "application/vnd.plotly.v1+json" in o.data) charts++;
  }
  assert.ok(charts >= 3, `${charts} charts shown; the guide draws candles, a drawdown and a cascade`);
});
