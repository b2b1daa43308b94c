/**
 * The prebuilt notebooks, re-run: the project's own CI catches a change in any figure they show,
 * and a re-run writes the committed bytes (so `npm run notebooks` on a fresh clone leaves
 * `git status` clean without any git filter).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { parseNotebook } from "../notebook";
import { compareOutputs } from "./drift";

const ROOT = join(kernelDistDir(), "..");

test("every prebuilt notebook re-runs to its committed file, byte for byte", () => {
  const names = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  assert.ok(names.length >= 10, `${names.length} notebooks`);
  const out = mkdtempSync(join(tmpdir(), "cascade-notebooks-"));
  try {
    // Offline: the notebooks run on the embedded snapshot, whatever keys the environment has.
    const env = { ...process.env, COINGLASS_API_KEY: "", CASCADE_OFFLINE: "1" };
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "cascade.js"), "run", "--out", out, ...names.map((f) => join(ROOT, "notebooks", f))], { cwd: ROOT, encoding: "utf8", env, timeout: 240_000 });
    assert.equal(r.status, 0, `a notebook failed:\n${r.stderr}`);
    for (const name of names) {
      const committed = readFileSync(join(ROOT, "notebooks", name), "utf8");
      const fresh = readFileSync(join(out, name), "utf8");
      if (fresh === committed) continue;
      // Name what differs: figures (with their old and new values) or else the first line.
      const drifts = compareOutputs(parseNotebook(committed, name), parseNotebook(fresh, name), { rtol: 0 });
      const a = committed.split("\n");
      const b = fresh.split("\n");
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(`${name} re-ran to other bytes: ${drifts.length ? drifts.map((d) => `cell ${d.cell} ${d.what}: ${JSON.stringify(d.old)} -> ${JSON.stringify(d.new)}`).join("; ") : `line ${line + 1}: ${JSON.stringify(a[line])} -> ${JSON.stringify(b[line])}`}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
