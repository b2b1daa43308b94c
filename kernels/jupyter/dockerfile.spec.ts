import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// No container runtime here: the image is not built in tests. What can be checked is that what
// the Dockerfile relies on exists: its base, the files `npm pack` puts in the package, and the
// `cascade kernel install --prefix` step it runs.
const root = join(__dirname, "../../../..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");

test("the Dockerfile builds on Node 20 slim and installs the packed package and the kernelspec", () => {
  const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
  assert.deepEqual(froms, ["node:20-slim", "node:20-slim"]);
  assert.match(dockerfile, /npm pack --pack-destination \/pkg/);
  assert.match(dockerfile, /npm install -g [^\n]*cascade-notebooks-\*\.tgz/);
  assert.match(dockerfile, /cascade kernel install --prefix \/opt\/jupyter/);
  assert.match(dockerfile, /jupyterhub/, "jupyterhub-singleuser for Zero to JupyterHub");
  // Enterprise Gateway: the kernel pods' launcher is the CLI's, run under tini (the pod
  // template's command); the gateway's kernelspec names the image the build is told it is.
  assert.match(dockerfile, /cascade kernel install-gateway --prefix \/opt\/gateway --image "\$KERNEL_IMAGE"/);
  assert.match(dockerfile, /^ARG KERNEL_IMAGE=/m);
  assert.match(dockerfile, /apt-get install [^\n]*\btini\b/);
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.equal(manifest.bin.cascade, "./bin/cascade.js");
});

test("npm pack holds what the image runs: the CLI, the kernel, the library; no tests or benchmarks", () => {
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const files = new Set((pack.files as Array<{ path: string }>).map((f) => f.path));
  for (const f of ["bin/cascade.js", "dist/cli.js", "dist/kernel-process.js", "dist/protocol-thread.js", "dist/lib/cascade.js", "package.json", "README.md"]) assert.ok(files.has(f), `the package has ${f}`);
  // Source maps stay: errors inside the library show its TypeScript lines.
  assert.deepEqual([...files].filter((f) => f.startsWith("dist/test/") || f.startsWith("dist/bench/") || f.startsWith("dist/docs/")), []);
});

test("`cascade kernel install --prefix DIR` (the image's step) writes the cascade-ts kernelspec there", () => {
  const prefix = mkdtempSync(join(tmpdir(), "cascade-kernelspec-"));
  try {
    execFileSync(process.execPath, [join(root, "bin/cascade.js"), "kernel", "install", "--prefix", prefix], { stdio: "pipe" });
    const dir = join(prefix, "share", "jupyter", "kernels", "cascade-ts");
    assert.ok(existsSync(join(dir, "kernel.json")), `kernel.json in ${readdirSync(prefix, { recursive: true }).join(", ")}`);
    const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8"));
    assert.equal(spec.language, "typescript");
    assert.ok(spec.argv.includes("{connection_file}"));
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});
