/**
 * `jupyter nbconvert --to notebook --execute` of a notebook with tslab's Jupyter kernel and with
 * ours (cascade-ts): what a Jupyter user runs to execute a notebook headless. Everything Jupyter writes (tslab's kernelspec,
 * connection files, config, data) goes to a temp folder through the JUPYTER_* variables, so the
 * machine's Jupyter setup is neither used nor changed.
 */
import { spawnSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

/** The first `name` on PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/**
 * The Python that runs nbconvert (from its `#!` line): it has jupyter_client, which tslab's
 * installer needs, where a `python3` first on PATH (pyenv, a venv) may not.
 */
function nbconvertPython(nbconvert: string): string {
  const first = readFileSync(nbconvert, "utf8").split("\n", 1)[0];
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return "python3";
  return m[1].endsWith("/env") && m[2] ? m[2] : m[1];
}

/**
 * The environment of a Jupyter run kept inside `dir`: kernelspecs installed with `--prefix dir`
 * are found there, and nothing is read from or written to the user's own Jupyter folders.
 */
export function isolatedJupyterEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JUPYTER_PATH: join(dir, "share", "jupyter"),
    JUPYTER_DATA_DIR: join(dir, "data"),
    JUPYTER_CONFIG_DIR: join(dir, "config"),
    JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
    IPYTHONDIR: join(dir, "ipython"),
  };
}

export interface NbconvertTslab {
  /**
   * Executes the .ipynb text once; resolves to the wall time in ms. Throws if a cell failed or
   * the last cell's output lacks `expectLast`.
   */
  run(notebook: string, label: string, expectLast: string, kernelName: "tslab" | "cascade-ts"): Promise<number>;
  dispose(): void;
}

/** Sets up tslab's kernelspec and ours in a temp folder; a string says why Jupyter cannot run here. */
export function setupNbconvert(): NbconvertTslab | string {
  const nbconvert = onPath("jupyter-nbconvert");
  if (!nbconvert) return "n/a (jupyter not installed)";
  const python = nbconvertPython(nbconvert);
  if (spawnSync(python, ["-c", "import jupyter_client"]).status !== 0) return `n/a (jupyter_client missing in ${python})`;

  const dir = mkdtempSync(join(tmpdir(), "cascade-bench-jupyter-"));
  const env = isolatedJupyterEnv(dir);
  const tslabBin = join(dirname(require.resolve("tslab/package.json")), "bin", "tslab");
  const install = spawnSync(process.execPath, [tslabBin, "install", `--python=${python}`, `--binary=${tslabBin}`, `--prefix=${dir}`], { env, encoding: "utf8" });
  if (install.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `n/a (tslab install failed: ${(install.stderr || install.stdout).trim().slice(-200)})`;
  }
  const cascadeCli = join(__dirname, "..", "..", "bin", "cascade.js");
  const ours = spawnSync(process.execPath, [cascadeCli, "kernel", "install", "--prefix", dir], { env, encoding: "utf8" });
  if (ours.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `n/a (cascade kernel install failed: ${ours.stderr.trim().slice(-200)})`;
  }

  return {
    async run(notebook, label, expectLast, kernelName) {
      const input = join(dir, `${label}.ipynb`);
      writeFileSync(input, notebook);
      const args = ["--to", "notebook", "--execute", `--ExecutePreprocessor.kernel_name=${kernelName}`, "--ExecutePreprocessor.timeout=120", "--output", `${label}.out.ipynb`, input];
      const started = performance.now();
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(nbconvert, args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
        let err = "";
        child.stderr!.setEncoding("utf8").on("data", (t: string) => (err = (err + t).slice(-2000)));
        child.on("close", (c) => resolve({ code: c, stderr: err }));
      });
      const ms = performance.now() - started;
      if (code !== 0) throw new Error(`nbconvert with ${kernelName} failed (exit ${code}): ${stderr.trim()}`);
      const out = JSON.parse(readFileSync(join(dir, `${label}.out.ipynb`), "utf8")) as { cells: { outputs?: { output_type: string }[] }[] };
      if (out.cells.some((c) => c.outputs?.some((o) => o.output_type === "error"))) throw new Error(`nbconvert with ${kernelName}: a cell failed`);
      if (!JSON.stringify(out.cells.at(-1)?.outputs).includes(expectLast)) throw new Error(`nbconvert with ${kernelName}: unexpected last output`);
      return ms;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
