import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { DUCKDB_PACKAGE, installSqlEngine, sqlEngineDir } from "./sql-engine-install";
import { loadDuckDB, sqlEngineSearchPaths } from "../../lib/sql";

const root = join(__dirname, "../../../..");

function npmOnPath(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir && existsSync(join(dir, "npm"))) return join(dir, "npm");
  throw new Error("npm is not on PATH");
}

test("Add SQL Engine is a contributed command with a title", () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const cmd = manifest.contributes.commands.find((c: { command: string }) => c.command === "cascade.addSqlEngine");
  assert.deepEqual(cmd, { command: "cascade.addSqlEngine", title: "Add SQL Engine", category: "Cascade" });
  assert.equal(`@duckdb/node-api@${manifest.devDependencies["@duckdb/node-api"]}`, DUCKDB_PACKAGE, "the command installs the version the library is tested with");
});

// No network here: npm installs a local tarball standing in for DuckDB's package (same name).
// What is tested is the command's part: npm install in the extension's own folder, and the
// library finding the package there through CASCADE_SQL_ENGINE_DIR.
test("installs with npm into <globalStorage>/sql-engine, where the library's kernels find it", async () => {
  const work = mkdtempSync(join(tmpdir(), "cascade-sql-engine-"));
  try {
    const pkg = join(work, "pkg");
    mkdirSync(pkg);
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@duckdb/node-api", version: "0.0.0-local", main: "index.js" }));
    writeFileSync(join(pkg, "index.js"), "exports.localStandIn = true;\n");
    const tarball = join(work, execFileSync(npmOnPath(), ["pack", "--silent", pkg], { cwd: work, encoding: "utf8" }).trim().split("\n").pop()!);
    const dir = sqlEngineDir(join(work, "globalStorage"));
    assert.equal(dir, join(work, "globalStorage", "sql-engine"));
    await installSqlEngine(dir, npmOnPath(), tarball);
    assert.ok(existsSync(join(dir, "node_modules", "@duckdb", "node-api", "package.json")));
    assert.ok(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies["@duckdb/node-api"], "recorded in the folder's own package.json");
    const saved = process.env.CASCADE_SQL_ENGINE_DIR;
    process.env.CASCADE_SQL_ENGINE_DIR = dir;
    try {
      const paths = sqlEngineSearchPaths();
      assert.ok(paths.includes(dir));
      // Resolved from the engine folder alone (the repository's own DuckDB left out).
      assert.equal((loadDuckDB([dir]) as unknown as { localStandIn?: boolean }).localStandIn, true);
    } finally {
      if (saved === undefined) delete process.env.CASCADE_SQL_ENGINE_DIR;
      else process.env.CASCADE_SQL_ENGINE_DIR = saved;
    }
    await assert.rejects(installSqlEngine(join(work, "bad"), npmOnPath(), join(work, "no-such.tgz")), /npm install .*no-such\.tgz.* exited with/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
