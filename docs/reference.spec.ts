/**
 * `npm run docs`: the reference builds with TypeDoc's warnings as errors, has a page per part of
 * the library and one per export, and names no path of the machine it was built on.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReference } from "./reference";
import { GROUPS } from "../kernels/types/lib-docs";

// The spec runs from dist/test/docs/; the repository is three levels up.
const root = join(__dirname, "..", "..", "..");

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

test("the reference: a page per group, a page per export, options, defaults, examples, no machine paths", { timeout: 600_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), "cascade-reference-"));
  try {
    const r = await buildReference({ root, out });
    assert.ok(r.exports > 150);
    assert.deepEqual(readdirSync(join(out, "modules")).sort(), GROUPS.map((g) => `${g.replace(/ /g, "_")}.html`).sort());
    const page = (p: string) => readFileSync(join(out, p), "utf8");
    const text = (p: string) => page(p).replace(/<[^>]+>/g, "");
    // Each group's page lists its exports.
    for (const [group, name] of [["Frames and files", "readCsv"], ["Data and loaders", "loadCandles"], ["Snapshot", "snapshot"], ["Analytics", "rollingVolatility"], ["Plots", "candlesChart"], ["Models", "simulateCascade"]] as const) {
      assert.match(page(r.groupPages[group]), new RegExp(`>${name}<`), `${name} on the ${group} page`);
    }
    // A function's page: summary, its options with their words and defaults, its example.
    const vol = text("functions/Analytics.rollingVolatility.html");
    assert.match(vol, /Rolling volatility of log returns/);
    assert.match(vol, /Returns in each window/);
    assert.match(vol, /Valid returns needed for a value; the full window by default/);
    assert.match(vol, /rollingVolatility\(candles, \{ window: 24, periodsPerYear: 8760 \}\)/);
    const opts = text("interfaces/Analytics.VolatilityOptions.html");
    assert.match(opts, /1 \(no scaling\) by default/);
    // Classes and options interfaces get their own pages.
    assert.match(text("classes/Frames_and_files.Frame.html"), /fromRecords/);
    assert.match(text("interfaces/Models.CascadeOptions.html"), /The venue's rules/);
    // Nothing of this machine: not the checkout, not the temporary folder, no home folder.
    const all = files(out);
    assert.ok(all.length > 300, `only ${all.length} files`);
    for (const f of all.filter((f) => /\.(html|js|json)$/.test(f))) {
      const body = readFileSync(f, "utf8");
      for (const bad of [root, out, tmpdir(), "file://"]) assert.ok(!body.includes(bad), `${f} names ${bad}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("a TypeDoc warning fails the build: a broken {@link} in a doc comment", { timeout: 600_000 }, async () => {
  const fixture = mkdtempSync(join(tmpdir(), "cascade-reference-fixture-"));
  try {
    mkdirSync(join(fixture, "lib"), { recursive: true });
    writeFileSync(join(fixture, "lib", "index.ts"), '/** Doubles, see {@link nowhere}. @example twice(2) // 4 */\nexport function twice(n: number): number {\n  return 2 * n;\n}\n');
    await assert.rejects(buildReference({ root: fixture, out: join(fixture, "out") }), /nowhere/);
  } finally {
    rmSync(fixture, { recursive: true, force: true });
  }
});
