/**
 * Notebooks in repositories: `run --check`, `strip`, `git-setup` and `init ci`, each through the
 * CLI on a temporary git repository.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { tempDir } from "../../test/support/temp-dir";

const CLI = join(kernelDistDir(), "..", "bin", "cascade.js");

function cascade(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", input, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } });
}

function repoWithNotebook(): { dir: string; file: string } {
  const dir = tempDir("cascade-repo-");
  git(dir, "init", "-q");
  const nb = {
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# Drift" },
      { cell_type: "code", metadata: {}, source: "const depth = 1 - 80562 / 126287;\n+(depth * 100).toFixed(1)", outputs: [], execution_count: null },
      { cell_type: "code", metadata: {}, source: "console.log('rows', 22); ({ data: [{ type: 'bar', x: ['a'], y: [depth] }] })", outputs: [], execution_count: null },
    ],
    metadata: { custom: 1 },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = join(dir, "drift.ipynb");
  writeFileSync(file, JSON.stringify(nb));
  return { dir, file };
}

test("run --check passes on unchanged outputs, catches a changed number, ignores timings and counts", () => {
  const { dir, file } = repoWithNotebook();
  assert.equal(cascade(["run", file], dir).code, 0);
  const ok = cascade(["run", "--check", file], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /outputs match/);

  // Volatile things changed: still no drift.
  const nb = JSON.parse(readFileSync(file, "utf8"));
  nb.cells[1].execution_count = 99;
  nb.cells[1].metadata.execution = { "iopub.status.idle": "2000-01-01T00:00:00Z" };
  nb.cells[1].outputs[0].execution_count = 99;
  writeFileSync(file, JSON.stringify(nb));
  assert.equal(cascade(["run", "--check", file], dir).code, 0);

  // A number changed: drift, named with notebook, cell, old and new value.
  nb.cells[1].outputs[0].data["text/plain"] = ["36.3"];
  nb.cells[2].outputs[1].data["application/vnd.plotly.v1+json"].data[0].y = [0.4];
  writeFileSync(file, JSON.stringify(nb));
  const drift = cascade(["run", "--check", file], dir);
  assert.equal(drift.code, 1);
  assert.match(drift.stderr, /DRIFT .*drift\.ipynb: code cell 1 \[In 1\]: const depth = 1 - 80562 \/ 126287;: output 1 text\/plain: "36\.3" -> "36\.2"/);
  assert.match(drift.stderr, /DRIFT .*drift\.ipynb: code cell 2 \[In 2\]: console\.log\('rows', 22\);.*\.\.\.: output 2 application\/vnd\.plotly\.v1\+json: "data\[0\]\.y\[0\]=0\.4" -> "data\[0\]\.y\[0\]=0\.36/);
  assert.equal(JSON.parse(readFileSync(file, "utf8")).cells[1].outputs[0].data["text/plain"][0], "36.3", "--check leaves the notebook as it was");

  // Within tolerance: no drift.
  nb.cells[1].outputs[0].data["text/plain"] = ["36.2000001"];
  nb.cells[2].outputs[1].data["application/vnd.plotly.v1+json"].data[0].y = [1 - 80562 / 126287 + 1e-9];
  writeFileSync(file, JSON.stringify(nb));
  assert.equal(cascade(["run", "--check", file, "--rtol", "1e-6"], dir).code, 0);
  assert.equal(cascade(["run", "--check", file], dir).code, 1, "default tolerance is tight");
});

test("strip drops timings and numbers counts 1..n, --clear-counts empties them, --outputs drops outputs; a second strip changes nothing", () => {
  const { dir, file } = repoWithNotebook();
  assert.equal(cascade(["run", file, "--timings"], dir).code, 0);
  const run = JSON.parse(readFileSync(file, "utf8"));
  assert.match(run.cells[1].metadata.execution["iopub.status.idle"], /^\d{4}-\d\d-\d\dT/, "--timings keeps them");
  // A notebook another tool ran out of order: counts 7 and 3.
  run.cells[1].execution_count = 7;
  run.cells[1].outputs[0].execution_count = 7;
  run.cells[2].execution_count = 3;
  writeFileSync(file, JSON.stringify(run));
  assert.equal(cascade(["strip", file], dir).code, 0);
  const once = readFileSync(file, "utf8");
  const nb = JSON.parse(once);
  assert.deepEqual([nb.cells[1].execution_count, nb.cells[1].outputs[0].execution_count, nb.cells[2].execution_count], [1, 1, 2]);
  assert.equal(nb.cells[1].metadata.execution, undefined);
  assert.deepEqual(nb.cells[1].outputs[0].data["text/plain"], ["36.2"]);
  assert.equal(cascade(["strip", file], dir).code, 0);
  assert.equal(readFileSync(file, "utf8"), once);
  assert.equal(cascade(["strip", "--clear-counts", file], dir).code, 0);
  const cleared = JSON.parse(readFileSync(file, "utf8"));
  assert.deepEqual([cleared.cells[1].execution_count, cleared.cells[1].outputs[0].execution_count], [null, null]);
  assert.deepEqual(cleared.cells[1].outputs[0].data["text/plain"], ["36.2"]);
  assert.equal(cascade(["strip", "--outputs", file], dir).code, 0);
  assert.deepEqual(JSON.parse(readFileSync(file, "utf8")).cells[1].outputs, []);
  const bad = cascade(["strip", "--stdin"], dir, "{ nope");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /<stdin>: not valid JSON/);
});

test("git-setup: the filter keeps commits clean, a re-run leaves git status clean, round trip byte for byte", () => {
  const { dir, file } = repoWithNotebook();
  const setup = cascade(["git-setup"], dir);
  assert.equal(setup.code, 0, setup.stderr);
  assert.match(readFileSync(join(dir, ".gitattributes"), "utf8"), /\*\.ipynb filter=cascade-notebook/);
  assert.equal(cascade(["run", file], dir).code, 0);
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "notebook");
  const committed = git(dir, "show", "HEAD:drift.ipynb");
  assert.doesNotMatch(committed, /iopub/, "no timings in the commit");
  assert.match(committed, /36\.2/, "outputs are kept");
  // What is committed is what strip makes of the working file, byte for byte.
  assert.equal(cascade(["strip", "--stdin"], dir, readFileSync(file, "utf8")).stdout, committed);
  // Run again, with timings in the working file: nothing for git to commit. (git status may list
  // the file until the next add, as the file's size changed; its content for git did not.)
  assert.equal(cascade(["run", file, "--timings"], dir).code, 0);
  assert.equal(git(dir, "diff"), "");
  git(dir, "add", ".");
  assert.equal(git(dir, "status", "--porcelain"), "");
  // A fresh checkout gives back the committed bytes.
  git(dir, "rm", "-q", "--cached", "drift.ipynb");
  git(dir, "checkout", "-q", "HEAD", "--", "drift.ipynb");
  assert.equal(readFileSync(file, "utf8"), committed);
  const outside = cascade(["git-setup"], tempDir("cascade-nogit-"));
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /not inside a git repository/);
});

test("a re-run writes the same bytes: no timings by default, counts 1..n; a repository without the git filter stays clean", () => {
  const { dir, file } = repoWithNotebook();
  assert.equal(cascade(["run", file], dir).code, 0);
  const first = readFileSync(file, "utf8");
  assert.doesNotMatch(first, /iopub|"execution": \{/);
  const nb = JSON.parse(first);
  assert.deepEqual(nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: { execution_count: number }) => c.execution_count), [1, 2]);
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "notebook");
  assert.equal(cascade(["run", file], dir).code, 0);
  assert.equal(readFileSync(file, "utf8"), first);
  assert.equal(git(dir, "status", "--porcelain"), "");
  // What cascade run writes passes strip (the git filter) unchanged.
  assert.equal(cascade(["strip", "--stdin"], dir, first).stdout, first);
});

test("init ci writes a workflow that runs the notebooks with --check, and will not overwrite it", () => {
  const { dir } = repoWithNotebook();
  const r = cascade(["init", "ci"], dir);
  assert.equal(r.code, 0, r.stderr);
  const workflow = readFileSync(join(dir, ".github/workflows/notebooks.yml"), "utf8");
  assert.match(workflow, /npm ci/);
  assert.match(workflow, /npx --no-install cascade-notebooks run --check notebooks\/\*\.ipynb/);
  const again = cascade(["init", "ci"], dir);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists: give --force/);
  assert.equal(cascade(["init", "ci", "--force"], dir).code, 0);
  assert.ok(existsSync(join(dir, ".github/workflows/notebooks.yml")));
});

test("cascade calibrate --report prints the shipped calibration's table; a fit runs seeded; bad options are input errors", () => {
  const dir = tempDir("cascade-calibrate-");
  const text = cascade(["calibrate", "--report"], dir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Fitted on Oct 10-11 \(role "fit"\), Nov 21 held out/);
  assert.match(text.stdout, /oct\.notional\s+fit\s+\$19\.13B/);
  assert.match(text.stdout, /nov\.notional\s+holdout\s+\$1\.97B/);
  const json = cascade(["calibrate", "--report", "--json"], dir);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.equal(report.parameters.length, 6);
  assert.ok(report.parameters.every((p: { fitted: boolean; value: number; low: number; high: number }) => p.fitted && p.value >= p.low && p.value <= p.high));
  assert.deepEqual([...new Set(report.targets.map((t: { role: string }) => t.role))], ["fit", "holdout"]);
  const fit = () => cascade(["calibrate", "--starts", "1", "--budget", "10", "--n", "4000", "--no-profile", "--json"], dir);
  const [a, b] = [fit(), fit()];
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(JSON.parse(a.stdout).best, JSON.parse(b.stdout).best);
  assert.match(a.stderr, /calibrate: start 1 of 1: loss/);
  for (const [args, message] of [
    [["--starts", "0"], /--starts takes an integer >= 1, got 0/],
    [["--seed", "x"], /--seed takes an integer, got "x"/],
    [["--report", "--starts", "3"], /--starts is for a fit, not --report/],
    [["--iterations", "3"], /unknown option/],
  ] as const) {
    const bad = cascade(["calibrate", ...args], dir);
    assert.equal(bad.code, 2, `${args.join(" ")}: ${bad.stderr}`);
    assert.match(bad.stderr, message);
  }
});

