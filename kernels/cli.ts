/**
 * `cascade`, the command line: run notebooks headlessly, export them to HTML.
 *
 *   cascade run <notebook.ipynb ...> [--out DIR|FILE.ipynb] [--params k=v ...] [--timeout S] [--continue] [--heap MB] [--typecheck MODE]
 *   cascade export <notebook.ipynb> --html out.html
 *   cascade <command> --help, cascade --version
 *
 * Exit codes: 0 all good; 1 a cell failed (its own error or one of async work it started);
 * 2 bad input (file, JSON, option, a notebook of another language).
 */
import { limitsForLines, type StreamLimits } from "./stream-limit";
import { basename, join, resolve } from "node:path";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { InputError, joinSource, parseNotebook, readNotebook, serializeNotebook, writeFileAtomic, writeNotebook } from "./notebook";
import { stripNotebook } from "./runner/strip";
import { compareOutputs } from "./runner/drift";
import { installGitFilter, writeCiWorkflow } from "./runner/repo-setup";
import { lazyImageRenderer } from "./runner/static-images";
import { writeSite, type SiteEntry } from "./runner/site";
import type * as Cascade from "../lib/index";
import { pull, readSpecFile, validateSpec, type PullSpec } from "./runner/data-pull";
import { parseParams } from "./runner/params";
import { assertRunnable, labelOfCell, runNotebook, type CellFailure } from "./runner/run";
import { notebookToHtml } from "./runner/html";
import { installKernelSpec, removeKernelSpec } from "./jupyter/kernelspec";
import { ConnectionFileError } from "./jupyter/connection";

const USAGE = `usage (the command is cascade-notebooks; inside a project that installs it, cascade is its short alias):
  cascade run <notebook.ipynb ...> [--out DIR|FILE.ipynb] [--params key=value ...] [--timeout SECONDS] [--continue] [--heap MB]
      [--typecheck off|warn|error] [--jobs N] [--timings] [--static-images [--chromium PATH]] [--html SITE_DIR]
      [--output-lines N] [--full-output DIR] [--inspect[=PORT]]
  cascade run --check <notebook.ipynb ...> [--rtol X]  re-run and compare with the committed outputs
  cascade export <notebook.ipynb> --html OUT.html
  cascade strip <notebook.ipynb ...> [--outputs] [--clear-counts]  drop timings, number counts 1..n (or drop outputs)
  cascade strip --stdin [--outputs] [--clear-counts]   the same as a filter (stdin to stdout)
  cascade git-setup                                    keep committed notebooks clean (git filter)
  cascade data pull <source> <symbol> [--kind K] [--timeframe 1d] --from DATE --to DATE [--market spot|swap]
                    [--cache-dir DIR] [--offline] [--base-url URL]   fill the data cache (source: a ccxt
                    exchange id, stooq, fred, coinglass)
  cascade data pull --spec pulls.json                  many pulls from a JSON list
  cascade init ci [--force]                            write .github/workflows/notebooks.yml
  cascade kernel install [--user | --prefix DIR]     write the Jupyter kernelspec "cascade-ts"
  cascade kernel remove [--user | --prefix DIR]
  cascade kernel install-gateway --image IMAGE [--prefix DIR]  Enterprise Gateway's kernelspec
  cascade kernel launch-remote --kernel-id ID --response-address IP:PORT --public-key KEY [--port-range L..U]
                                                       (run in the gateway's kernel pod)
  cascade jupyter --connection-file FILE [--heap MB] [--output-lines N]  (started by Jupyter)
  cascade calibrate --report [--n ROWS] [--json]
                    the shipped calibration: parameters fitted, targets fitted (Oct 10-11) and held out (Nov 21), errors
  cascade calibrate [--starts N] [--budget N] [--seed S] [--n ROWS] [--no-profile] [--json] [--record FILE]
                    re-run the seeded multi-start fit on Oct 10-11 and the profile intervals; --record writes the fit record module
  cascade --version                                    the version
  cascade <command> --help                             a command's options, one line each`;

/** `cascade <command> --help`: what the command does and each of its options, one line each. */
const HELP: Record<string, string> = {
  run: `usage: cascade run <notebook.ipynb ...> [options]
Run notebooks top to bottom and write outputs back (exit 0 all ran, 1 a cell failed, 2 bad input).
  --out PATH             write the notebooks into the folder PATH instead of in place; with one
                         notebook, a PATH ending in .ipynb is the output file
  --params key=value ... replace values in the cell tagged "parameters"
  --timeout SECONDS      stop a cell that runs longer and fail it
  --continue             run on after a failing cell (and notebook) and report every failure
  --heap MB              heap limit of the kernel process
  --typecheck MODE       off (default): cells run at once, no type checks; warn: type errors are
                         printed as warnings; error: a cell with type errors fails without running
  --jobs N               notebooks run at once, each in its own kernel (default: the number of cores)
  --timings              keep each cell's start and end times in the file (left out by default, so
                         that a re-run that changed nothing leaves the file as it was)
  --static-images        a PNG beside each plotly chart, for viewers without JavaScript (drawn in
                         Chromium when one is found; an unchanged chart keeps its stored PNG)
  --chromium PATH        the Chromium executable for --static-images
  --html SITE_DIR        also write an HTML site of the notebooks with an index page
  --inspect[=PORT]       open the kernel's inspector on 127.0.0.1:PORT (default 9229) and wait for a debugger
  --check                re-run into a temporary folder and compare with the committed outputs
  --rtol X               relative tolerance of numbers for --check (default 1e-9)
  --output-lines N       stream lines a cell keeps in the file: the first N/2 and the last N/2,
                         with a note saying how many were left out (default 5000; 0 keeps all)
  --full-output DIR      write the full stream text of each cut cell to DIR/<notebook>.cell-<N>.txt
  --help                 this help`,
  export: `usage: cascade export <notebook.ipynb> --html OUT.html
Write one self-contained HTML page of a notebook's stored outputs (it does not run the notebook).
  --html OUT.html        the page to write (required)
  --help                 this help`,
  strip: `usage: cascade strip <notebook.ipynb ...> [--outputs] [--clear-counts] | cascade strip --stdin [...]
Drop timings from notebooks and number their execution counts 1..n in cell order (as cascade run
writes them), in place.
  --outputs              drop all outputs (and execution counts) too
  --clear-counts         empty the execution counts instead of numbering them
  --stdin                read one notebook from standard input and write it to standard output
  --help                 this help`,
  "git-setup": `usage: cascade git-setup
Install a git filter that strips notebooks on every \`git add\` (in the repository of the current folder).
  --help                 this help`,
  init: `usage: cascade init ci [--force] [--notebooks GLOB]
Write .github/workflows/notebooks.yml, a workflow that runs the notebooks with --check.
  --force                overwrite an existing workflow file
  --notebooks GLOB       the notebooks the workflow checks (default notebooks/*.ipynb)
  --help                 this help`,
  data: `usage: cascade data pull ...
Fill the market-data cache. Actions:
  pull                   one pull (<source> <symbol>) or many (--spec FILE); cascade data pull --help
  --help                 this help`,
  "data pull": `usage: cascade data pull <source> <symbol> --from DATE --to DATE [options] | cascade data pull --spec pulls.json
Fetch a series into the data cache (source: a ccxt exchange id, stooq, fred, coinglass).
  --spec FILE            a JSON list of pulls to make instead of <source> <symbol>
  --kind K               exchanges: candles, open-interest, funding, liquidations; coinglass: liquidations, etf-flows
  --timeframe TF         bar length, e.g. 1h or 1d (candles default 1d)
  --from DATE            start date (YYYY-MM-DD)
  --to DATE              end date (YYYY-MM-DD), after --from
  --market spot|swap     the market of an exchange
  --cache-dir DIR        the cache folder (default ~/.cache/cascade-notebooks)
  --offline              read the cache only, never the network
  --base-url URL         send requests to this origin instead (a mirror, a proxy)
  --timeout-ms MS        per-request timeout
  --help                 this help`,
  kernel: `usage: cascade kernel install|remove|install-gateway|launch-remote ...
The Jupyter kernelspec "cascade-ts", and the kernel in Jupyter Enterprise Gateway's pods. Actions:
  install                write the kernelspec
  remove                 delete it
  install-gateway        write Enterprise Gateway's kernelspec cascade_ts_kubernetes
  launch-remote          start the kernel for the gateway (run in the kernel's pod)
  --help                 this help`,
  "kernel install-gateway": `usage: cascade kernel install-gateway --image IMAGE [--user | --prefix DIR] [--launch-kubernetes FILE] [--gateway-kernels-dir DIR]
Write Jupyter Enterprise Gateway's kernelspec "cascade_ts_kubernetes" (kernel.json with the
KubernetesProcessProxy and the image, scripts/kernel-pod.yaml.j2), for the gateway's kernelspecs.
  --image IMAGE          the kernel image (this package's Dockerfile), e.g. registry.example.com/cascade-notebooks:0.1.0
  --user | --prefix DIR  where to write it (as for install)
  --launch-kubernetes FILE  the gateway's launch_kubernetes.py, copied into scripts/
  --gateway-kernels-dir DIR where the gateway mounts its kernelspecs (default /usr/local/share/jupyter/kernels)
  --help                 this help`,
  "kernel launch-remote": `usage: cascade kernel launch-remote --kernel-id ID --response-address IP:PORT --public-key KEY [--port-range L..U]
Start the kernel for Jupyter Enterprise Gateway (its kernel pod runs this): pick the ports in the
range, start the kernel, send the connection information encrypted to the gateway's response
address, and serve its signal and shutdown requests on the communication port. The gateway's
spelling --RemoteProcessProxy.kernel-id (and so on) is accepted too.
  --kernel-id ID         the kernel's id at the gateway
  --response-address IP:PORT  where the gateway waits for the connection information
  --public-key KEY       the gateway's RSA public key (base64)
  --port-range L..U      ports to use (0..0: any)
  --ip IP                the address the kernel binds (default 0.0.0.0)
  --help                 this help`,
  "kernel install": `usage: cascade kernel install [--user | --prefix DIR]
Write the Jupyter kernelspec "cascade-ts" (system-wide without an option).
  --user                 into the user's Jupyter data folder
  --prefix DIR           under DIR/share/jupyter (e.g. a virtual environment)
  --help                 this help`,
  "kernel remove": `usage: cascade kernel remove [--user | --prefix DIR]
Delete the Jupyter kernelspec "cascade-ts".
  --user                 from the user's Jupyter data folder
  --prefix DIR           from under DIR/share/jupyter
  --help                 this help`,
  jupyter: `usage: cascade jupyter --connection-file FILE [--heap MB] [--output-lines N]
Serve as a Jupyter kernel (Jupyter starts this through the kernelspec).
  --connection-file FILE the connection file Jupyter wrote (also -f FILE)
  --heap MB              heap limit of the kernel process
  --output-lines N       stream lines a cell sends: the first N/2 as they come, the last N/2 and
                         a note when it ends (default 5000; 0 sends all)
  --help                 this help`,
  calibrate: `usage: cascade calibrate --report [--n ROWS] [--json] | cascade calibrate [fit options]
The liquidation-cascade calibration: the shipped report, or the seeded fit behind it.
  --report               print the shipped calibration's parameters, targets and errors
  --n ROWS               positions per simulated book
  --json                 print JSON instead of a table
  --starts N             fit: number of seeded starts (default 5)
  --budget N             fit: loss evaluations per start (at least 10)
  --seed S               fit: the seed of the starts
  --no-profile           fit: skip the profile intervals
  --record FILE          fit: write the fit record module to FILE
  --help                 this help`,
};

/** The package's version, from package.json beside dist/. */
function packageVersion(): string {
  for (const file of [join(__dirname, "..", "package.json"), join(__dirname, "..", "..", "package.json")]) {
    try {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "cascade-notebooks" && pkg.version) return pkg.version;
    } catch {
      // not here
    }
  }
  return "unknown";
}

/** The help of `command` (or of its subcommand `rest[0]`) when `rest` asks for it. */
function helpFor(command: string, rest: string[]): string | undefined {
  if (!rest.includes("--help") && !rest.includes("-h")) return undefined;
  const sub = `${command} ${rest[0]}`;
  return HELP[sub] ?? HELP[command];
}

interface OptionSpec {
  /** "optional": a flag that may carry a value, only as --name=value. */
  [name: string]: "flag" | "value" | "list" | "optional";
}

/** Parse `args` against `spec`; unknown options are input errors. */
export function parseArgs(args: string[], spec: OptionSpec): { positional: string[]; options: Record<string, string | string[] | boolean> } {
  const positional: string[] = [];
  const options: Record<string, string | string[] | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = spec[name];
    if (!kind) throw new InputError(`unknown option --${name}`);
    if (kind === "flag") {
      options[name] = true;
    } else if (kind === "optional") {
      options[name] = inline ?? true;
    } else if (kind === "value") {
      const v = inline ?? args[++i];
      if (v === undefined || v.startsWith("--")) throw new InputError(`--${name} needs a value`);
      options[name] = v;
    } else {
      const list = (options[name] as string[] | undefined) ?? [];
      if (inline !== undefined) list.push(inline);
      while (i + 1 < args.length && !args[i + 1].startsWith("--") && args[i + 1].includes("=")) list.push(args[++i]);
      if (list.length === 0) throw new InputError(`--${name} needs key=value arguments`);
      options[name] = list;
    }
  }
  return { positional, options };
}

function positiveNumber(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InputError(`--${option} takes a positive number, got "${value}"`);
  return n;
}

/** `--inspect` (port 9229, Node's default) or `--inspect=PORT` (0: a free one). */
function inspectPort(value: unknown): { port: number } | undefined {
  if (value === undefined) return undefined;
  if (value === true) return { port: 9229 };
  const port = Number(value);
  if (!/^\d+$/.test(String(value)) || port > 65535) throw new InputError(`--inspect takes a port number (0-65535), as --inspect=9229; got "${value}"`);
  return { port };
}

function onInspector(event: { notebook: string; url: string }): void {
  process.stderr.write(`cascade: the kernel of ${event.notebook} waits for a debugger on ${event.url}\n` +
    `  attach any inspector client: VS Code ("type": "node", "request": "attach", "port": ${new URL(event.url.replace(/^ws:/, "http:")).port}), or chrome://inspect\n`);
}

/** `--typecheck MODE`: off (the default), warn or error. */
function typecheckMode(value: unknown): "off" | "warn" | "error" | undefined {
  if (value === undefined) return undefined;
  if (value === "off" || value === "warn" || value === "error") return value;
  throw new InputError(`--typecheck takes off, warn or error, got "${value}"`);
}

/** `--jobs N`: notebooks run at once; default the machine's cores. */
function jobsOption(value: unknown): number {
  if (value === undefined) return Math.max(1, availableParallelism());
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--jobs takes a whole number of at least 1, got "${value}"`);
  return n;
}

async function commandRun(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, { out: "value", params: "list", timeout: "value", continue: "flag", heap: "value", typecheck: "value", timings: "flag", jobs: "value", check: "flag", rtol: "value", "static-images": "flag", chromium: "value", html: "value", "output-lines": "value", "full-output": "value", inspect: "optional" });
  const typecheck = typecheckMode(options.typecheck);
  if (positional.length === 0) throw new InputError("run: give at least one notebook (.ipynb)");
  const inspect = inspectPort(options.inspect);
  if (options.check) return commandCheck(positional, options);
  const params = parseParams((options.params as string[]) ?? []);
  const timeout = positiveNumber(options.timeout, "timeout");
  const heapMb = positiveNumber(options.heap, "heap");
  // One debugger, one port: with --inspect the notebooks run one at a time.
  const jobs = inspect ? 1 : jobsOption(options.jobs);
  const outputLimits = outputLinesOption(options["output-lines"]);
  const fullOutputDir = options["full-output"] as string | undefined;
  const { outDir, outFile } = outOption(options.out as string | undefined, positional);
  // Check every file before running any: a typo in the fifth name should not cost four runs.
  for (const file of positional) assertRunnable(readNotebook(file), file);
  const images = options["static-images"]
    ? lazyImageRenderer({ chromium: options.chromium as string | undefined, onUnavailable: (why) => process.stderr.write(`note: charts without static images: ${why}\n`) })
    : undefined;
  const failures: CellFailure[] = [];
  const site: (SiteEntry | undefined)[] = positional.map(() => undefined);
  let stop = false;
  let next = 0;
  // Up to `jobs` notebooks at once, each in its own kernel process; lines are printed as each
  // notebook ends, and after a failure (without --continue) no further notebook starts.
  const worker = async () => {
    while (!stop && next < positional.length) {
      const index = next++;
      const file = positional[index];
      const report = await runNotebook(file, { outDir, outFile, params, timeout, heapMb, inspect, onInspector, continueOnError: Boolean(options.continue), typecheck, timings: Boolean(options.timings), images, onStillRunning, stillRunningMs: stillRunningIntervals(), outputLimits, fullOutputDir });
      for (const f of report.fullOutputs) process.stdout.write(`full output of a cut cell: ${f}\n`);
      site[index] = { file: report.output, failures: report.failures.length };
      for (const w of report.warnings) process.stderr.write(`warning ${w.notebook}: ${w.label}: line ${w.line}, column ${w.column}: TS${w.code}: ${w.message.split("\n")[0]}\n`);
      const seconds = (report.durationMs / 1000).toFixed(1);
      if (report.failures.length === 0) {
        const missing = report.images.missing > 0 ? ` (${report.images.missing} chart${report.images.missing === 1 ? "" : "s"} without a static image)` : "";
        process.stdout.write(`ok   ${file}: ${report.cellsRun} cells in ${seconds} s -> ${report.output}${missing}\n`);
      } else {
        for (const f of report.failures) process.stderr.write(`FAIL ${f.notebook}: ${f.label}: ${f.ename}: ${f.evalue}\n`);
        failures.push(...report.failures);
        if (!options.continue) stop = true;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, positional.length) }, worker));
  } finally {
    await images?.close();
  }
  // The reference and guide of this package, when built (npm run docs): beside the notebooks.
  const docs = { reference: join(__dirname, "..", "docs", "reference"), guide: join(__dirname, "..", "docs", "guide.md") };
  if (options.html) process.stdout.write(`wrote ${writeSite(options.html as string, site.filter((e): e is SiteEntry => e !== undefined), docs)}\n`);
  return failures.length > 0 ? 1 : 0;
}

/**
 * `--out PATH`: a folder the notebooks are written into, or, for one notebook, a path ending in
 * `.ipynb` (not an existing folder) that is the output file. Two notebooks of the same name
 * would be written over each other in one folder: an error, before anything runs.
 */
function outOption(out: string | undefined, notebooks: string[]): { outDir?: string; outFile?: string } {
  if (out === undefined) return {};
  const isFolder = existsSync(out) && statSync(out).isDirectory();
  if (/\.ipynb$/i.test(out) && !isFolder) {
    if (notebooks.length !== 1) throw new InputError(`run: --out ${out} names one notebook file, but ${notebooks.length} notebooks were given: give a folder to write them into`);
    return { outFile: out };
  }
  const byName = new Map<string, string>();
  for (const file of notebooks) {
    const earlier = byName.get(basename(file));
    if (earlier !== undefined && resolve(earlier) !== resolve(file)) throw new InputError(`run: ${earlier} and ${file} would both be written to ${join(out, basename(file))}: run them with different --out folders`);
    byName.set(basename(file), file);
  }
  return { outDir: out };
}

/** `--output-lines N`: stream lines a cell keeps in the file (0: all); the default without it. */
function outputLinesOption(value: unknown): StreamLimits | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`--output-lines takes a whole number of lines (0: keep all), got "${value}"`);
  return limitsForLines(n);
}

/** A long cell, on stderr: a CI log shows which cell a run is waiting for. */
function onStillRunning(e: { notebook: string; label: string; elapsedMs: number }): void {
  process.stderr.write(`still running ${e.notebook}: ${e.label} (${Math.round(e.elapsedMs / 1000)} s)\n`);
}

/** The still-running intervals: 30 s then every minute; CASCADE_STILL_RUNNING_MS="FIRST,EVERY" sets them (tests). */
function stillRunningIntervals(): [number, number] | undefined {
  const v = process.env.CASCADE_STILL_RUNNING_MS?.split(",").map(Number);
  return v && v.length === 2 && v.every((n) => Number.isFinite(n) && n > 0) ? [v[0], v[1]] : undefined;
}

/** `run --check`: run each notebook into a temporary folder and compare with the committed file. */
async function commandCheck(files: string[], options: Record<string, string | string[] | boolean>): Promise<number> {
  if (options.out) throw new InputError("--check compares with the notebook in place: --out does not apply");
  const rtol = options.rtol === undefined ? 1e-9 : positiveNumber(options.rtol, "rtol")!;
  const params = parseParams((options.params as string[]) ?? []);
  const committed = files.map((f) => readNotebook(f));
  committed.forEach((nb, i) => assertRunnable(nb, files[i]));
  let problems = 0;
  for (const [i, file] of files.entries()) {
    const out = mkdtempSync(join(tmpdir(), "cascade-check-"));
    try {
      const report = await runNotebook(file, { outDir: out, params, timeout: positiveNumber(options.timeout, "timeout"), heapMb: positiveNumber(options.heap, "heap"), continueOnError: true, typecheck: typecheckMode(options.typecheck), onStillRunning, stillRunningMs: stillRunningIntervals(), outputLimits: outputLinesOption(options["output-lines"]) });
      for (const f of report.failures) process.stderr.write(`FAIL ${f.notebook}: ${f.label}: ${f.ename}: ${f.evalue}\n`);
      const fresh = readNotebook(report.output);
      const drifts = compareOutputs(committed[i], fresh, { rtol });
      for (const d of drifts) {
        process.stderr.write(`DRIFT ${file}: ${labelOfCell(fresh, d.cell)}:${d.output >= 0 ? ` output ${d.output + 1}` : ""} ${d.what}: ${JSON.stringify(d.old)} -> ${JSON.stringify(d.new)}\n`);
      }
      problems += report.failures.length + drifts.length;
      if (report.failures.length === 0 && drifts.length === 0) process.stdout.write(`ok   ${file}: outputs match (rtol ${rtol})\n`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return problems > 0 ? 1 : 0;
}

async function commandStrip(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, { outputs: "flag", stdin: "flag", "clear-counts": "flag" });
  const outputs = Boolean(options.outputs);
  const counts = options["clear-counts"] ? "clear" : "renumber";
  if (options.stdin) {
    if (positional.length > 0) throw new InputError("strip --stdin reads one notebook from standard input: no files");
    const nb = parseNotebook(readFileSync(0, "utf8"), "<stdin>");
    process.stdout.write(serializeNotebook(stripNotebook(nb, { outputs, counts })));
    return 0;
  }
  if (positional.length === 0) throw new InputError("strip: give notebooks (.ipynb), or --stdin");
  const notebooks = positional.map((f) => [f, readNotebook(f)] as const);
  for (const [file, nb] of notebooks) {
    writeNotebook(file, stripNotebook(nb, { outputs, counts }));
    process.stdout.write(`stripped ${file}${outputs ? " (outputs removed)" : ""}\n`);
  }
  return 0;
}

function cliCommand(): string {
  const local = join(process.cwd(), "node_modules", ".bin", "cascade-notebooks");
  if (existsSync(local)) return "npx --no-install cascade-notebooks";
  const bin = join(__dirname, "..", "bin", "cascade.js");
  return `"${process.execPath}" "${bin}"`;
}

async function commandGitSetup(args: string[]): Promise<number> {
  parseArgs(args, {});
  let done: { attributes: string; config: string[] };
  try {
    done = installGitFilter(process.cwd(), cliCommand());
  } catch (err) {
    throw new InputError(`git-setup: ${process.cwd()} is not inside a git repository (${(err as Error).message.split("\n")[0]})`);
  }
  process.stdout.write(`git filter installed: ${done.config.join(", ")}; notebooks marked in ${done.attributes}\n`);
  return 0;
}

async function commandInit(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, { force: "flag", notebooks: "value" });
  if (positional[0] !== "ci" || positional.length !== 1) throw new InputError('init: the only thing to set up is "ci" (cascade init ci)');
  try {
    process.stdout.write(`wrote ${writeCiWorkflow(process.cwd(), { force: Boolean(options.force), notebooks: options.notebooks as string | undefined })}\n`);
  } catch (err) {
    throw new InputError(`init ci: ${(err as Error).message}`);
  }
  return 0;
}

async function commandData(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== "pull") throw new InputError(`data: unknown action "${action ?? ""}" (pull)`);
  const { positional, options } = parseArgs(rest, { spec: "value", kind: "value", timeframe: "value", from: "value", to: "value", market: "value", "cache-dir": "value", offline: "flag", "base-url": "value", "timeout-ms": "value" });
  let specs: PullSpec[];
  if (options.spec) {
    if (positional.length > 0) throw new InputError("data pull: give --spec FILE or <source> <symbol>, not both");
    specs = readSpecFile(options.spec as string);
  } else {
    if (positional.length !== 2) throw new InputError('data pull: give <source> <symbol> (e.g. binance BTC/USDT, stooq "S&P 500", fred PAYEMS)');
    if (options.market !== undefined && options.market !== "spot" && options.market !== "swap") throw new InputError(`--market is spot or swap, got "${options.market}"`);
    specs = [validateSpec({ source: positional[0], symbol: positional[1], kind: options.kind as string | undefined, timeframe: options.timeframe as string | undefined, from: options.from as string, to: options.to as string, market: options.market as "spot" | "swap" | undefined }, "data pull")];
  }
  const log = (line: string) => process.stdout.write(line + "\n");
  let failed = 0;
  for (const spec of specs) {
    try {
      await pull(spec, { cacheDir: options["cache-dir"] as string | undefined, offline: Boolean(options.offline) || undefined, baseUrl: options["base-url"] as string | undefined, timeoutMs: positiveNumber(options["timeout-ms"], "timeout-ms"), log });
    } catch (err) {
      failed++;
      process.stderr.write(`FAIL pull ${spec.source} ${spec.symbol}: ${(err as Error).message}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

async function commandExport(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, { html: "value" });
  if (positional.length !== 1) throw new InputError("export: give exactly one notebook (.ipynb)");
  if (!options.html) throw new InputError("export: --html OUT.html is required");
  const nb = readNotebook(positional[0]);
  writeFileAtomic(options.html as string, notebookToHtml(nb, { title: basename(positional[0], ".ipynb") }));
  process.stdout.write(`wrote ${options.html}\n`);
  const code = nb.cells.filter((c) => c.cell_type === "code" && joinSource(c.source).trim() !== "");
  if (code.length > 0 && code.every((c) => (c.outputs ?? []).length === 0 && c.execution_count == null)) {
    process.stderr.write(`warning: ${positional[0]} was never run (no code cell has outputs): the page shows code only; run it first (cascade run ${positional[0]})\n`);
  }
  return 0;
}

async function commandKernel(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === "launch-remote") return commandLaunchRemote(rest);
  const { positional, options } = parseArgs(rest, { user: "flag", prefix: "value", ...(action === "install-gateway" ? { image: "value", "launch-kubernetes": "value", "gateway-kernels-dir": "value" } : {}) });
  if (positional.length > 0) throw new InputError(`kernel ${action}: unexpected argument "${positional[0]}"`);
  if (options.user && options.prefix) throw new InputError("kernel: give --user or --prefix, not both");
  const location = { user: Boolean(options.user), prefix: options.prefix as string | undefined };
  if (action === "install") {
    const cli = join(__dirname, "..", "bin", "cascade.js");
    process.stdout.write(`installed kernelspec cascade-ts in ${installKernelSpec(location, cli)}\n`);
    return 0;
  }
  if (action === "install-gateway") {
    const { installGatewayKernelSpec, LaunchError } = await import("./jupyter/gateway");
    if (typeof options.image !== "string") throw new InputError("kernel install-gateway: --image IMAGE is required (the kernel image the gateway starts pods from)");
    try {
      const dir = installGatewayKernelSpec(location, options.image, { launchKubernetes: options["launch-kubernetes"] as string | undefined, gatewayKernelsDir: options["gateway-kernels-dir"] as string | undefined });
      process.stdout.write(`installed Enterprise Gateway kernelspec cascade_ts_kubernetes in ${dir}\n`);
      if (!options["launch-kubernetes"]) process.stdout.write(`  add the gateway's launch_kubernetes.py to ${join(dir, "scripts")} (from the gateway's release: etc/kernel-launchers/kubernetes/scripts)\n`);
    } catch (err) {
      if (err instanceof LaunchError) throw new InputError(`kernel install-gateway: ${err.message}`);
      throw err;
    }
    return 0;
  }
  if (action === "remove") {
    const removed = removeKernelSpec(location);
    process.stdout.write(removed ? `removed ${removed}\n` : "no cascade-ts kernelspec there\n");
    return 0;
  }
  throw new InputError(`kernel: unknown action "${action ?? ""}" (install, remove, install-gateway or launch-remote)`);
}

async function commandLaunchRemote(args: string[]): Promise<number> {
  const { launchOptionsFrom, launchRemoteKernel, LaunchError, LAUNCH_OPTIONS } = await import("./jupyter/gateway");
  const spec: OptionSpec = {};
  for (const name of LAUNCH_OPTIONS) spec[name] = spec[`RemoteProcessProxy.${name}`] = "value";
  const { positional, options } = parseArgs(args, spec);
  if (positional.length > 0) throw new InputError(`kernel launch-remote: unexpected argument "${positional[0]}"`);
  try {
    return await launchRemoteKernel(launchOptionsFrom(options));
  } catch (err) {
    if (err instanceof LaunchError) throw new InputError(`kernel launch-remote: ${err.message}`);
    throw err;
  }
}

async function commandJupyter(args: string[]): Promise<number> {
  const { positional, options } = parseArgs(args, { "connection-file": "value", f: "value", heap: "value", "output-lines": "value" });
  const file = (options["connection-file"] ?? options.f ?? positional[0]) as string | undefined;
  if (!file) throw new InputError("jupyter: --connection-file FILE is required");
  const { runJupyterKernel } = await import("./jupyter/adapter");
  try {
    await runJupyterKernel({ connectionFile: file, heapMb: positiveNumber(options.heap, "heap"), outputLimits: outputLinesOption(options["output-lines"]) });
  } catch (err) {
    if (err instanceof ConnectionFileError) throw new InputError(err.message);
    process.stderr.write(`cascade: ${(err as Error).message}\n`);
    return 1;
  }
  return 0;
}

function integer(value: unknown, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InputError(`--${option} takes an integer, got "${value}"`);
  return n;
}

/** `cascade calibrate`: the shipped calibration's report, or the seeded fit behind it; progress on stderr. */
function commandCalibrate(args: string[]): number {
  const { positional, options } = parseArgs(args, { starts: "value", budget: "value", seed: "value", n: "value", report: "flag", json: "flag", "no-profile": "flag", record: "value" });
  if (positional.length) throw new InputError(`calibrate: unexpected argument "${positional[0]}"`);
  const lib = require(join(__dirname, "lib", "cascade.js")) as typeof Cascade;
  const n = positiveNumber(options.n, "n");
  if (options.report) {
    for (const o of ["starts", "budget", "seed", "no-profile", "record"]) if (options[o] !== undefined) throw new InputError(`calibrate: --${o} is for a fit, not --report`);
    const report = lib.calibrationReport(lib.CALIBRATION, { n });
    if (options.json) process.stdout.write(JSON.stringify({ parameters: report.parameters, targets: report.targets, loss: report.loss }, null, 2) + "\n");
    else process.stdout.write(lib.formatCalibrationReport(report) + "\n");
    return 0;
  }
  const seed = options.seed === undefined ? undefined : integer(options.seed, "seed");
  const starts = options.starts === undefined ? undefined : integer(options.starts, "starts");
  const budget = options.budget === undefined ? undefined : integer(options.budget, "budget");
  if (starts !== undefined && starts < 1) throw new InputError(`--starts takes an integer >= 1, got ${starts}`);
  if (budget !== undefined && budget < 10) throw new InputError(`--budget takes an integer >= 10, got ${budget}`);
  const fit = lib.fitCalibration({ starts, budget, seed, n, profile: !options["no-profile"], onProgress: (m) => process.stderr.write(`calibrate: ${m}\n`) });
  if (typeof options.record === "string") {
    const report = lib.calibrationReport(fit.best.parameters, { n: fit.settings.n, seed: fit.settings.bookSeed });
    writeFileAtomic(options.record, lib.fitRecordModule(fit, report));
    process.stderr.write(`calibrate: record written to ${options.record}\n`);
  }
  if (options.json) process.stdout.write(JSON.stringify(fit, null, 2) + "\n");
  else process.stdout.write(lib.formatFit(fit) + "\n");
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const help = command === undefined ? undefined : helpFor(command, rest);
    if (help) {
      process.stdout.write(help + "\n");
      return 0;
    }
    switch (command) {
      case "run":
        return await commandRun(rest);
      case "export":
        return await commandExport(rest);
      case "kernel":
        return await commandKernel(rest);
      case "strip":
        return await commandStrip(rest);
      case "data":
        return await commandData(rest);
      case "git-setup":
        return await commandGitSetup(rest);
      case "init":
        return await commandInit(rest);
      case "jupyter":
        return await commandJupyter(rest);
      case "calibrate":
        return commandCalibrate(rest);
      case "--version":
      case "-V":
      case "version":
        process.stdout.write(`cascade ${packageVersion()}\n`);
        return 0;
      case "help":
        if (rest[0] && HELP[rest.join(" ")] !== undefined) {
          process.stdout.write(HELP[rest.join(" ")] + "\n");
          return 0;
        }
        if (rest[0]) throw new InputError(`help: unknown command "${rest.join(" ")}"`);
        process.stdout.write(USAGE + "\n");
        return 0;
      case "--help":
      case "-h":
      case undefined:
        process.stdout.write(USAGE + "\n");
        return command === undefined ? 2 : 0;
      default:
        throw new InputError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`cascade: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** Run as a program: exit code set, never process.exit (which could cut piped output). */
export function runCli(argv = process.argv.slice(2)): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`cascade: ${err?.stack ?? err}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runCli();
