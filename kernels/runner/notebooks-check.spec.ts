/**
 * The prebuilt notebooks, re-run and compared with their committed outputs (`cascade run
 * --check`): the project's own CI catches a change in any figure they show.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { kernelDistDir } from "../client";

const ROOT = join(kernelDistDir(), "..");

test("every prebuilt notebook re-runs to its committed outputs", () => {
  const notebooks = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(ROOT, "notebooks", f));
  assert.ok(notebooks.length >= 10, `${notebooks.length} notebooks`);
  // Offline: the notebooks run on the embedded snapshot, whatever keys the environment has.
  const env = { ...process.env, COINGLASS_API_KEY: "", CASCADE_OFFLINE: "1" };
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "cascade.js"), "run", "--check", ...notebooks], { cwd: ROOT, encoding: "utf8", env, timeout: 240_000 });
  assert.equal(r.status, 0, `drift or failure:\n${r.stderr}`);
  assert.equal(r.stdout.match(/outputs match/g)?.length, notebooks.length, r.stdout);
});
