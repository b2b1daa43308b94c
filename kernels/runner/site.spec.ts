/** The report's index: the reference and the guide beside the notebooks when they are built, no link when not. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSite } from "./site";

function notebook(dir: string): string {
  const file = join(dir, "a.ipynb");
  writeFileSync(file, JSON.stringify({ cells: [{ cell_type: "markdown", metadata: {}, source: ["# A title"] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
  return file;
}

test("a built reference is copied beside the notebooks and linked; the guide becomes a page", () => {
  const dir = mkdtempSync(join(tmpdir(), "cascade-site-"));
  try {
    const reference = join(dir, "built-reference");
    mkdirSync(join(reference, "modules"), { recursive: true });
    writeFileSync(join(reference, "index.html"), "<h1>cascade</h1>");
    writeFileSync(join(reference, "modules", "Models.html"), "<h1>Models</h1>");
    const guide = join(dir, "guide.md");
    writeFileSync(guide, "# From a question to a cascade\n\nSee the [reference](reference/index.html).\n\n```ts\nconst x = 1;\n```\n");
    const out = join(dir, "site");
    const index = readFileSync(writeSite(out, [{ file: notebook(dir), failures: 0 }], { reference, guide }), "utf8");
    assert.match(index, /<a href="reference\/index.html">Library reference<\/a>/);
    assert.match(index, /<a href="guide.html">Guide: from a question to a cascade<\/a>/);
    assert.equal(readFileSync(join(out, "reference", "modules", "Models.html"), "utf8"), "<h1>Models</h1>");
    const page = readFileSync(join(out, "guide.html"), "utf8");
    assert.match(page, /<h1[^>]*>From a question to a cascade<\/h1>/);
    assert.match(page, /<a href="reference\/index.html">reference<\/a>/);
    assert.match(page, /<code class="language-ts">const x = 1;/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("no reference built, no guide: the index links the notebooks only", () => {
  const dir = mkdtempSync(join(tmpdir(), "cascade-site-"));
  try {
    const out = join(dir, "site");
    const index = readFileSync(writeSite(out, [{ file: notebook(dir), failures: 0 }], { reference: join(dir, "none"), guide: join(dir, "none.md") }), "utf8");
    assert.doesNotMatch(index, /reference|guide/i);
    assert.ok(!existsSync(join(out, "reference")));
    assert.match(index, /<a href="a.html">a<\/a>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
