/**
 * Installing the SQL engine (DuckDB's npm package) into a folder of its own, for
 * "Cascade: Add SQL Engine" (add-sql-engine.ts); free of the VS Code API so tests run it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The DuckDB package and version range the library is tested with. */
export const DUCKDB_PACKAGE = "@duckdb/node-api@^1.5.6-r.1";

/** The folder the engine is installed into. */
export function sqlEngineDir(globalStorage: string): string {
  return join(globalStorage, "sql-engine");
}

/**
 * Runs `npm install <spec>` in `dir` (made a private package first, so npm installs there and
 * not in a parent project). Resolves with npm's output; rejects with its last lines.
 *
 * @example await installSqlEngine("/storage/sql-engine", "/usr/bin/npm")
 */
export function installSqlEngine(dir: string, npm: string, spec = DUCKDB_PACKAGE): Promise<string> {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json"))) writeFileSync(join(dir, "package.json"), '{ "name": "cascade-sql-engine", "private": true }\n');
  return new Promise((resolve, reject) => {
    const child = spawn(npm, ["install", "--no-audit", "--no-fund", "--save", spec], { cwd: dir, shell: process.platform === "win32" });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(log) : reject(new Error(`npm install ${spec} in ${dir} exited with ${code}: ${log.slice(-800)}`))));
  });
}

