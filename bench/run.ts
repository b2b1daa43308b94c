/**
 * `npm run bench`: runs every suite, prints one table (markdown, ready for the README).
 * `npm run bench -- kernel csv` runs only the named groups.
 *
 * Each suite runs in a process of its own (this script again, with `--suite`), so that no suite
 * measures with what an earlier one left behind: a heap grown by another suite's data, its
 * garbage still being collected, its compiled code. A cascade of 10^5 positions took 37 ms
 * after the CSV suite in one process and 19 ms in a fresh one. `--one-process` runs them all
 * here, one after the other, as before.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow, BenchSuite } from "./types";
import { suites } from "./suites";

function formatTable(rows: BenchRow[]): string {
  const head = "| group | measure | cascade | alternative (same run) | ratio | target | met |\n|---|---|---|---|---|---|---|";
  const body = rows.map((r) => `| ${r.group} | ${r.name} | ${r.ours} | ${r.theirs} | ${r.ratio === undefined ? "" : `${r.ratio.toFixed(1)}x`} | ${r.target ?? ""} | ${r.met === undefined ? "" : r.met ? "yes" : "no"} |`);
  return [head, ...body].join("\n");
}

const failedRow = (group: string): BenchRow => ({ group, name: "(the suite failed; see stderr)", ours: "n/a", theirs: "n/a" });

/** Runs `suite` here; a suite that fails is reported and gives one "failed" row. */
async function runHere(suite: BenchSuite): Promise<{ rows: BenchRow[]; ok: boolean }> {
  try {
    return { rows: await suite.run(), ok: true };
  } catch (err) {
    process.stderr.write(`bench: ${suite.group} failed: ${(err as Error)?.stack ?? err}\n`);
    return { rows: [failedRow(suite.group)], ok: false };
  }
}

/** Runs `suite` in a fresh process of this script; its rows come back through a file. */
function runApart(suite: BenchSuite, dir: string): Promise<{ rows: BenchRow[]; ok: boolean }> {
  const out = join(dir, `${suite.group}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, "--suite", suite.group, "--rows-to", out], { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => {
      process.stderr.write(`bench: ${suite.group}: could not start its process: ${err.message}\n`);
      resolve({ rows: [failedRow(suite.group)], ok: false });
    });
    child.on("exit", (code, signal) => {
      let rows: BenchRow[] | undefined;
      try {
        rows = JSON.parse(readFileSync(out, "utf8")) as BenchRow[];
      } catch {
        // No rows written: the process died before the end of its suite.
      }
      if (!rows) process.stderr.write(`bench: ${suite.group}: its process ended (${signal ?? `exit code ${code}`}) without rows\n`);
      resolve({ rows: rows ?? [failedRow(suite.group)], ok: rows !== undefined && code === 0 });
    });
  });
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const one = option("--suite");
  if (one !== undefined) {
    // A suite's own process: its rows go to the file the parent named.
    const suite = suites.find((s) => s.group === one);
    if (!suite) throw new Error(`no bench suite "${one}" (suites: ${suites.map((s) => s.group).join(", ")})`);
    const { rows, ok } = await runHere(suite);
    writeFileSync(option("--rows-to")!, JSON.stringify(rows));
    process.exit(ok ? 0 : 1);
  }
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = wanted.filter((w) => !suites.some((s) => s.group === w));
  if (unknown.length > 0) throw new Error(`no bench suite ${unknown.map((u) => `"${u}"`).join(", ")} (suites: ${suites.map((s) => s.group).join(", ")})`);
  const chosen: BenchSuite[] = wanted.length ? suites.filter((s) => wanted.includes(s.group)) : suites;
  const apart = !process.argv.includes("--one-process");
  const dir = mkdtempSync(join(tmpdir(), "cascade-bench-rows-"));
  const rows: BenchRow[] = [];
  let failed = 0;
  try {
    for (const suite of chosen) {
      process.stderr.write(`bench: ${suite.group}...\n`);
      // One broken harness must not throw away the figures of the rest.
      const r = apart ? await runApart(suite, dir) : await runHere(suite);
      rows.push(...r.rows);
      if (!r.ok) failed++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(formatTable(rows) + "\n");
  if (failed > 0) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
