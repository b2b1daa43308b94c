/**
 * Where the end-to-end test finds its real VS Code and browser: code-server 4.100.3 (installed
 * by scripts/setup-e2e.sh into a cache folder outside the project) and Debian's chromium.
 * Both can be pointed elsewhere with CASCADE_CODE_SERVER and CASCADE_CHROMIUM.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const CODE_SERVER_VERSION = "4.100.3";

export function codeServerPath(): string {
  if (process.env.CASCADE_CODE_SERVER) return process.env.CASCADE_CODE_SERVER;
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  const home = process.env.CASCADE_CODE_SERVER_HOME ?? join(cache, "cascade-notebooks", `code-server-${CODE_SERVER_VERSION}`);
  return join(home, "node_modules", ".bin", "code-server");
}

export function chromiumPath(): string {
  return process.env.CASCADE_CHROMIUM ?? "/usr/bin/chromium";
}

/** What is missing for the test, or an empty list. */
export function missingTools(): string[] {
  const missing: string[] = [];
  if (!existsSync(codeServerPath())) missing.push(`code-server ${CODE_SERVER_VERSION} (${codeServerPath()})`);
  if (!existsSync(chromiumPath())) missing.push(`chromium (${chromiumPath()})`);
  return missing;
}

/** What every end-to-end spec starts from. */
export interface E2eSetup {
  /** The repository: the first folder above the spec with package.json and test/e2e/fixtures. */
  root: string;
  /** See missingTools. */
  missing: string[];
  /** Why the spec is skipped (tools missing outside CI), or false; in CI (CI=true) it runs and fails instead. */
  skip: string | false;
  /** Where failures' screenshots go: inside the repository, ignored by git, kept by CI. */
  artifacts: string;
}

export function e2eSetup(from: string): E2eSetup {
  let root = resolve(from);
  while (!(existsSync(join(root, "package.json")) && existsSync(join(root, "test/e2e/fixtures")))) {
    if (dirname(root) === root) throw new Error(`no repository above ${from}`);
    root = dirname(root);
  }
  const missing = missingTools();
  const skip = missing.length > 0 && process.env.CI !== "true" ? `missing ${missing.join(" and ")}: run bash scripts/setup-e2e.sh as root, or npm run test:unit for every other test` : false;
  return { root, missing, skip, artifacts: join(root, "test/e2e/artifacts") };
}
