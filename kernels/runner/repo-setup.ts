/**
 * Setting up a repository of notebooks: a git filter that keeps committed notebooks clean
 * (`cascade git-setup`), and a CI workflow that runs them on every push (`cascade init ci`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../notebook";

export const FILTER_NAME = "cascade-notebook";
const ATTRIBUTE_LINE = `*.ipynb filter=${FILTER_NAME}`;

function git(repo: string, args: string[]): string {
  return execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();
}

/**
 * Register the clean filter in the repository's git config and `.gitattributes`: on `git add`,
 * notebooks pass through `cascade strip --stdin` (timings and execution counts dropped, outputs
 * kept); what is checked out is left as committed.
 */
export function installGitFilter(repo: string, cliCommand: string): { attributes: string; config: string[] } {
  const root = git(repo, ["rev-parse", "--show-toplevel"]);
  const clean = `${cliCommand} strip --stdin`;
  git(root, ["config", `filter.${FILTER_NAME}.clean`, clean]);
  git(root, ["config", `filter.${FILTER_NAME}.smudge`, "cat"]);
  git(root, ["config", `filter.${FILTER_NAME}.required`, "true"]);
  const attributes = join(root, ".gitattributes");
  const current = existsSync(attributes) ? readFileSync(attributes, "utf8") : "";
  if (!current.split("\n").includes(ATTRIBUTE_LINE)) {
    writeFileAtomic(attributes, `${current}${current && !current.endsWith("\n") ? "\n" : ""}${ATTRIBUTE_LINE}\n`);
  }
  return { attributes, config: [`filter.${FILTER_NAME}.clean=${clean}`, `filter.${FILTER_NAME}.smudge=cat`] };
}

/** The GitHub Actions workflow that runs the repository's notebooks headlessly. */
export function ciWorkflow({ notebooks = "notebooks/*.ipynb", node = "20" }: { notebooks?: string; node?: string } = {}): string {
  return `# Runs the repository's notebooks headlessly on every push and fails when one fails or its
# outputs drifted from the committed ones. Written by \`cascade-notebooks init ci\`.
# The repository installs cascade-notebooks as a dev dependency (package.json and its lock file),
# so \`npm ci\` brings it and \`npx cascade-notebooks\` runs that version, never another package.
name: notebooks
on:
  push:
  pull_request:
jobs:
  notebooks:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: "${node}"
          cache: npm
      - run: npm ci
      - name: Run the notebooks and compare their outputs with the committed ones
        run: npx --no-install cascade-notebooks run --check ${notebooks}
`;
}

/** Write .github/workflows/notebooks.yml; refuses to overwrite unless `force`. */
export function writeCiWorkflow(repo: string, { force = false, notebooks }: { force?: boolean; notebooks?: string } = {}): string {
  const dir = join(repo, ".github", "workflows");
  const file = join(dir, "notebooks.yml");
  if (existsSync(file) && !force) throw new Error(`${file} exists: give --force to replace it`);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(file, ciWorkflow({ notebooks }));
  return file;
}
