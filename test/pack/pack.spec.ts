/**
 * The package in another repository, as a user installs it: `npm pack` the project, install the
 * tarball into a fresh git repository (its dependencies from a registry on 127.0.0.1 that serves
 * this repository's installed packages, see registry.ts), run a notebook that imports "cascade"
 * there with `npx cascade-notebooks`, then run the `run:` steps of the workflow `init ci` writes,
 * in a shell, as CI would.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelDistDir } from "../../kernels/client";
import { startLoopbackRegistry } from "./registry";

const root = join(kernelDistDir(), "..");

/** The `run:` commands of a GitHub Actions workflow, in order (single-line ones, as init ci writes). */
export function workflowRunSteps(yaml: string): string[] {
  return [...yaml.matchAll(/^\s*(?:- )?run:\s*(.+)$/gm)].map((m) => m[1].trim());
}

test("npm pack installs into another repository with only run-time files; there npx cascade-notebooks runs a notebook importing cascade, and init ci's workflow steps pass", { timeout: 900_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), "cascade-pack-"));
  const registry = await startLoopbackRegistry(root);
  try {
    // npm's own settings for every command here: the loopback registry, a cache of this test's own.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      npm_config_registry: registry.url,
      npm_config_cache: join(work, "npm-cache"),
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com",
    };
    // Asynchronous: the registry answers from this process while npm runs.
    const run = (cmd: string, args: string[], cwd: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env, timeout: 600_000 });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${cmd} ${args.join(" ")} in ${cwd} exited ${code}:\n${stdout}\n${stderr}`))));
      });

    // 1. The package: what runs, nothing of the repository's tests, benchmarks or sources.
    const packed = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", work], root))[0] as { filename: string; files: { path: string }[]; size: number };
    const files = packed.files.map((f) => f.path);
    for (const needed of ["bin/cascade.js", "dist/cli.js", "dist/kernel-process.js", "dist/protocol-thread.js", "dist/types-thread.js", "dist/lib/cascade.js", "dist/types/kernel-globals.d.ts", "dist/types/lib-docs.json", "package.json", "README.md"]) {
      assert.ok(files.includes(needed), `${needed} is in the package`);
    }
    for (const f of files) {
      if (f === "kernels/PROTOCOL.md") continue; // the kernel protocol, for other hosts
      assert.doesNotMatch(f, /^(dist\/test|dist\/bench|dist\/docs|node_modules|kernels|lib|extension|bench|test|scripts)\//, `${f} is not needed at run time`);
    }
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    assert.equal(manifest.bin["cascade-notebooks"], manifest.bin.cascade, "cascade is an alias of cascade-notebooks");

    // 2. A user's repository, with the package as a dev dependency.
    const repo = join(work, "analysis");
    mkdirSync(join(repo, "notebooks"), { recursive: true });
    writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "analysis", private: true, version: "1.0.0" }, null, 2));
    await run("git", ["init", "-q"], repo);
    await run("npm", ["install", "--save-dev", join(work, packed.filename)], repo);
    assert.ok(registry.requested.includes("typescript") && registry.requested.includes("ccxt"), `dependencies came from the loopback registry (${registry.requested.join(", ")})`);
    assert.equal((await run("npx", ["--no-install", "cascade-notebooks", "--version"], repo)).trim(), `cascade ${manifest.version}`);
    assert.equal((await run("npx", ["--no-install", "cascade", "--version"], repo)).trim(), `cascade ${manifest.version}`);

    // 3. The user's notebook, importing the library, run there.
    const notebook = {
      cells: [
        { cell_type: "code", metadata: {}, source: 'import { snapshot, drawdown } from "cascade";\nconst dd = drawdown(snapshot().daily);', outputs: [], execution_count: null },
        { cell_type: "code", metadata: {}, source: "+(dd.depth * 100).toFixed(1)", outputs: [], execution_count: null },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(repo, "notebooks", "drawdown.ipynb"), JSON.stringify(notebook, null, 1));
    const ran = await run("npx", ["--no-install", "cascade-notebooks", "run", "notebooks/drawdown.ipynb"], repo);
    assert.match(ran, /ok +notebooks\/drawdown\.ipynb: 2 cells/);
    const out = JSON.parse(readFileSync(join(repo, "notebooks", "drawdown.ipynb"), "utf8"));
    assert.deepEqual(out.cells[1].outputs[0].data["text/plain"], ["36.2"], "BTC's fall from its high, from the package's own snapshot");

    // 4. init ci, committed, then its workflow's run: steps in a shell, in order.
    await run("npx", ["--no-install", "cascade-notebooks", "init", "ci"], repo);
    await run("git", ["add", "."], repo);
    await run("git", ["commit", "-qm", "analysis"], repo);
    const steps = workflowRunSteps(readFileSync(join(repo, ".github", "workflows", "notebooks.yml"), "utf8"));
    assert.deepEqual(steps.map((s) => s.split(" ")[0]), ["npm", "npx"]);
    rmSync(join(repo, "node_modules"), { recursive: true, force: true });
    for (const step of steps) await run("bash", ["-eo", "pipefail", "-c", step], repo);
    assert.equal(await run("git", ["status", "--porcelain"], repo), "", "the workflow leaves the repository as committed");
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
});
