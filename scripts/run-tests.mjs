#!/usr/bin/env node
// Runs the built specs (dist/test/**/*.spec.js) with `node --test`, which on Node 20 takes file
// paths, not globs. `--unit` leaves out the end-to-end test (dist/test/test/e2e: it needs
// code-server and chromium, see scripts/setup-e2e.sh). Other arguments go to `node --test`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = join(new URL(".", import.meta.url).pathname, "..");
const dist = join(root, "dist/test");
const e2e = join(dist, "test/e2e");
const args = process.argv.slice(2);
const unit = args.includes("--unit");
const passThrough = args.filter((a) => a !== "--unit");

function specs(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) specs(p, out);
    else if (name.endsWith(".spec.js")) out.push(p);
  }
  return out;
}

if (!existsSync(dist)) {
  process.stderr.write("run-tests: dist/test is missing: run `npm run build` first\n");
  process.exit(2);
}
const files = specs(dist).filter((f) => !unit || !(f === e2e || f.startsWith(e2e + sep)));
if (files.length === 0) {
  process.stderr.write("run-tests: no specs in dist/test\n");
  process.exit(2);
}
process.stderr.write(`run-tests: ${files.length} spec files${unit ? " (without the end-to-end test)" : ""}\n`);
// Unit specs two at a time; then the end-to-end specs one at a time: each drives its own
// code-server and Chromium, and two of them side by side on two cores time each other out.
const isE2e = (f) => f === e2e || f.startsWith(e2e + sep);
const unitFiles = files.filter((f) => !isE2e(f)).map((f) => relative(root, f));
const e2eFiles = files.filter(isE2e).map((f) => relative(root, f));
let status = 0;
for (const [group, concurrency] of [[unitFiles, 2], [e2eFiles, 1]]) {
  if (group.length === 0) continue;
  const r = spawnSync(process.execPath, ["--test", `--test-concurrency=${concurrency}`, ...passThrough, ...group], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
