/**
 * The Jupyter adapter, black-box, with a real Jupyter client: Debian's python3-jupyter-client
 * drives every message (protocol_check.py) and jupyter-nbconvert executes notebooks.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { tempDir } from "../../test/support/temp-dir";

const ROOT = join(kernelDistDir(), "..");
const CLI = join(ROOT, "bin", "cascade.js");
const PYTHON = "/usr/bin/python3";

function jupyterAvailable(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import jupyter_client, nbconvert"]).status === 0;
}

const available = jupyterAvailable();
// CI installs Jupyter (scripts/setup.sh): there a missing Jupyter is a failure, not a skip.
const skip = !available && !process.env.CI ? "Jupyter not installed: run scripts/setup.sh" : false;

describe("Jupyter kernel", { skip }, () => {
  let prefix: string;
  const env = () => ({ ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), JUPYTER_DATA_DIR: join(prefix, "data"), JUPYTER_RUNTIME_DIR: join(prefix, "runtime") });

  before(() => {
    assert.ok(available, "python3-jupyter-client and jupyter-nbconvert are required (scripts/setup.sh)");
    prefix = tempDir("cascade-jupyter-");
    const r = spawnSync(process.execPath, [CLI, "kernel", "install", "--prefix", prefix], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  });

  test("kernel install writes the cascade-ts kernelspec; remove deletes it", () => {
    const other = tempDir("cascade-spec-");
    spawnSync(process.execPath, [CLI, "kernel", "install", "--prefix", other]);
    const spec = JSON.parse(readFileSync(join(other, "share/jupyter/kernels/cascade-ts/kernel.json"), "utf8"));
    assert.equal(spec.display_name, "TypeScript (Cascade)");
    assert.equal(spec.language, "typescript");
    assert.ok(spec.argv.includes("{connection_file}"));
    const listed = spawnSync(PYTHON, ["-c", "from jupyter_client.kernelspec import KernelSpecManager as K; print(K().get_kernel_spec('cascade-ts').display_name)"], {
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: join(other, "share", "jupyter") },
    });
    assert.equal(listed.stdout.trim(), "TypeScript (Cascade)", listed.stderr);
    const removed = spawnSync(process.execPath, [CLI, "kernel", "remove", "--prefix", other], { encoding: "utf8" });
    assert.match(removed.stdout, /removed/);
    assert.equal(existsSync(join(other, "share/jupyter/kernels/cascade-ts")), false);
  });

  test("every protocol message, driven by jupyter_client", () => {
    const r = spawnSync(PYTHON, [join(ROOT, "kernels", "jupyter", "protocol_check.py")], { encoding: "utf8", env: env(), timeout: 240_000 });
    const results = r.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { name: string; ok: boolean; detail: string });
    const names = results.map((x) => x.name);
    for (const expected of ["kernel_info", "execute and execute_result", "stream", "display_data and update_display_data", "error with traceback", "a late error of async work, under its request", "complete", "inspect", "is_complete", "comm_info and history", "interrupt as a control message", "interrupt as SIGINT", "a message with a wrong signature is dropped", "restart", "shutdown", "a client disconnecting mid-execution, then shutdown"]) {
      assert.ok(names.includes(expected), `check "${expected}" did not run: ${r.stderr}`);
    }
    const failed = results.filter((x) => !x.ok);
    assert.deepEqual(failed, [], failed.map((f) => `${f.name}: ${f.detail}`).join("\n"));
    assert.match(r.stderr, /dropped a message on shell: bad signature/);
  });

  test("jupyter nbconvert --execute runs a notebook on the kernel", () => {
    const dir = tempDir("cascade-nbconvert-");
    const nb = {
      cells: [
        { cell_type: "code", metadata: {}, source: "const rows = [1, 2, 3].map((i) => ({ i, sq: i * i }));", outputs: [], execution_count: null },
        { cell_type: "code", metadata: {}, source: "console.log(rows.length); rows", outputs: [], execution_count: null },
      ],
      metadata: { kernelspec: { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(dir, "t.ipynb"), JSON.stringify(nb));
    const r = spawnSync("jupyter-nbconvert", ["--to", "notebook", "--execute", "--output", "t.out.ipynb", join(dir, "t.ipynb")], { encoding: "utf8", env: env(), timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(readFileSync(join(dir, "t.out.ipynb"), "utf8"));
    assert.deepEqual(out.cells[1].outputs[0], { name: "stdout", output_type: "stream", text: ["3\n"] });
    assert.match([].concat(out.cells[1].outputs[1].data["text/html"]).join(""), /<th>sq<\/th>/);
  });
});

describe("Jupyter kernel: errors of async work a cell started", { skip }, () => {
  let prefix: string;
  before(() => {
    prefix = mkdtempSync(join(tmpdir(), "cascade-jupyter-async-"));
    assert.equal(spawnSync(process.execPath, [CLI, "kernel", "install", "--prefix", prefix]).status, 0);
  });

  test("a timer that throws while its cell runs fails the cell under nbconvert, with the error as its output", () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-nbconvert-async-"));
    const nb = {
      cells: [
        { cell_type: "code", metadata: {}, source: "setTimeout(() => { throw new Error('boom in timer'); }, 10);\nawait new Promise((r) => setTimeout(r, 300));", outputs: [], execution_count: null },
        { cell_type: "code", metadata: {}, source: "'after'", outputs: [], execution_count: null },
      ],
      metadata: { kernelspec: { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(dir, "t.ipynb"), JSON.stringify(nb));
    const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), JUPYTER_DATA_DIR: join(prefix, "data"), JUPYTER_RUNTIME_DIR: join(prefix, "runtime") };
    const r = spawnSync("jupyter-nbconvert", ["--to", "notebook", "--execute", "--output", "t.out.ipynb", join(dir, "t.ipynb")], { encoding: "utf8", env, timeout: 120_000 });
    assert.notEqual(r.status, 0, "nbconvert fails on the cell");
    assert.match(r.stderr, /boom in timer/);
    const kept = spawnSync("jupyter-nbconvert", ["--to", "notebook", "--execute", "--allow-errors", "--output", "t.out.ipynb", join(dir, "t.ipynb")], { encoding: "utf8", env, timeout: 120_000 });
    assert.equal(kept.status, 0, kept.stderr);
    const out = JSON.parse(readFileSync(join(dir, "t.out.ipynb"), "utf8"));
    const error = out.cells[0].outputs.find((o: { output_type: string }) => o.output_type === "error");
    assert.equal(error?.evalue, "boom in timer");
  });
});

describe("the prebuilt notebooks under jupyter nbconvert", { skip }, () => {
  const notebooks = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  let prefix: string;
  before(() => {
    prefix = tempDir("cascade-jupyter-nb-");
    assert.equal(spawnSync(process.execPath, [CLI, "kernel", "install", "--prefix", prefix]).status, 0);
  });
  test("there are prebuilt notebooks", () => assert.ok(notebooks.length > 0));
  for (const name of notebooks) {
    test(`${name} executes with the cascade-ts kernel`, () => {
      // A copy in a temporary folder: nbconvert writes beside its input.
      const dir = tempDir("cascade-nbconvert-");
      copyFileSync(join(ROOT, "notebooks", name), join(dir, name));
      const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), JUPYTER_DATA_DIR: join(prefix, "data"), JUPYTER_RUNTIME_DIR: join(prefix, "runtime") };
      const r = spawnSync("jupyter-nbconvert", ["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=cascade-ts", "--ExecutePreprocessor.timeout=300", "--output", "out.ipynb", join(dir, name)], { encoding: "utf8", env, timeout: 400_000 });
      assert.equal(r.status, 0, r.stderr.slice(-3000));
      const out = JSON.parse(readFileSync(join(dir, "out.ipynb"), "utf8"));
      const errors = out.cells.flatMap((c: { outputs?: Array<{ output_type: string; ename?: string; evalue?: string }> }) => (c.outputs ?? []).filter((o) => o.output_type === "error"));
      assert.deepEqual(errors, []);
      const code = out.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
      assert.ok(code.every((c: { execution_count: number | null; source: unknown }) => c.execution_count !== null || String(c.source).trim() === ""), "every code cell ran");
    });
  }
});

describe("Jupyter kernel: bad input", () => {
  const start = (file: string) => spawnSync(process.execPath, [CLI, "jupyter", "--connection-file", file], { encoding: "utf8", timeout: 30_000 });

  test("a missing connection file is a one-line error, exit 2", () => {
    const r = start(join(tmpdir(), "no-such-connection.json"));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /connection file .*no-such-connection\.json: no such file/);
  });

  test("a malformed connection file names the field", () => {
    const dir = tempDir("cascade-conn-");
    writeFileSync(join(dir, "a.json"), "{oops");
    assert.match(start(join(dir, "a.json")).stderr, /not valid JSON/);
    writeFileSync(join(dir, "b.json"), JSON.stringify({ ip: "127.0.0.1", shell_port: "x", iopub_port: 1, stdin_port: 2, control_port: 3, hb_port: 4, key: "k" }));
    const r = start(join(dir, "b.json"));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /"shell_port" must be a port number/);
  });

  test("a port in use is a clear error and the process ends", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const busy = (server.address() as { port: number }).port;
    const dir = tempDir("cascade-conn-");
    const free = busy + 1000 > 65000 ? busy - 1000 : busy + 1000;
    writeFileSync(join(dir, "c.json"), JSON.stringify({ transport: "tcp", ip: "127.0.0.1", shell_port: busy, iopub_port: free, stdin_port: free + 1, control_port: free + 2, hb_port: free + 3, key: "k", signature_scheme: "hmac-sha256" }));
    const r = start(join(dir, "c.json"));
    server.close();
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`cannot listen on the shell port ${busy}`));
  });
});
