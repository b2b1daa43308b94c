/**
 * `npm run bench`: runs every suite, prints one table (markdown, ready for the README).
 * `npm run bench -- kernel csv` runs only the named groups.
 */
import type { BenchRow, BenchSuite } from "./types";
import { suites } from "./suites";

function formatTable(rows: BenchRow[]): string {
  const head = "| group | measure | cascade | alternative (same run) | ratio | target | met |\n|---|---|---|---|---|---|---|";
  const body = rows.map((r) => `| ${r.group} | ${r.name} | ${r.ours} | ${r.theirs} | ${r.ratio === undefined ? "" : `${r.ratio.toFixed(1)}x`} | ${r.target ?? ""} | ${r.met === undefined ? "" : r.met ? "yes" : "no"} |`);
  return [head, ...body].join("\n");
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const chosen: BenchSuite[] = wanted.length ? suites.filter((s) => wanted.includes(s.group)) : suites;
  const rows: BenchRow[] = [];
  let failed = 0;
  for (const suite of chosen) {
    process.stderr.write(`bench: ${suite.group}...\n`);
    // A suite that fails is reported and the others still run: one broken harness must not
    // throw away the figures of the rest.
    try {
      rows.push(...(await suite.run()));
    } catch (err) {
      failed++;
      process.stderr.write(`bench: ${suite.group} failed: ${(err as Error)?.stack ?? err}\n`);
      rows.push({ group: suite.group, name: "(the suite failed; see stderr)", ours: "n/a", theirs: "n/a" });
    }
  }
  process.stdout.write(formatTable(rows) + "\n");
  if (failed > 0) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
