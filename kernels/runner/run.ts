/**
 * The headless runner: execute a notebook top to bottom through the kernel protocol and write
 * the outputs, execution counts and timings back into the file.
 *
 * @example
 *   const report = await runNotebook("notebooks/00-quickstart.ipynb", { params: { source: "snapshot" } });
 *   report.failures; // [] when every cell ran
 */
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { mkdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { startKernel, type Kernel } from "../client";
import type { DiagnosticsMessage, ErrorMessage, OutputMessage } from "../protocol";
import { cellLanguage, ensureCellIds, InputError, joinSource, readNotebook, writeNotebook, type Notebook } from "../notebook";
import { applyParams } from "./params";
import { OutputCollector } from "./outputs";
import type { StreamLimits } from "../stream-limit";
import { addStaticImages, storedImages, type ImageRenderer } from "./static-images";

export interface RunOptions {
  /** Write to this folder instead of in place. */
  outDir?: string;
  /** Write to this notebook file instead of in place (its folder is made if missing); before outDir. */
  outFile?: string;
  params?: Record<string, unknown>;
  /** Per-cell timeout in seconds. */
  timeout?: number;
  /** Run on after a failing cell and report all failures. */
  continueOnError?: boolean;
  heapMb?: number;
  /**
   * Type checking of cells: "off" (the default: cells run as soon as they are compiled, and no
   * language service is loaded), "warn" (problems reported as warnings, cells run anyway) or
   * "error" (a cell with type errors does not run).
   */
  typecheck?: "off" | "warn" | "error";
  /** Keep Jupyter's timing metadata (when each cell started and ended) in the file. Default false. */
  timings?: boolean;
  /**
   * Draws a PNG beside each plotly chart whose figure has none stored yet (see static-images.ts).
   * With or without it, a chart whose figure is unchanged keeps the PNG the file held.
   */
  images?: ImageRenderer;
  /** Called as each cell finishes (for progress lines). */
  onCell?: (event: { index: number; status: string; durationMs: number }) => void;
  /**
   * After the last cell, wait up to this long (ms) for errors of async work the cells started (a
   * timer that throws, a rejected promise) before the kernel is shut down: while timers the cells
   * started are pending. Default 500.
   */
  lateErrorWaitMs?: number;
  /** Called while a cell runs long: after `stillRunningMs[0]`, then every `stillRunningMs[1]`. */
  onStillRunning?: (event: { notebook: string; cell: number; label: string; elapsedMs: number }) => void;
  /** Default STILL_RUNNING_MS: 30 s, then every minute. */
  stillRunningMs?: readonly [number, number];
  /** What a cell's stream output keeps in the file (default DEFAULT_STREAM_LIMITS). */
  outputLimits?: StreamLimits;
  /**
   * A folder for the full stream text of each cell whose stored output was cut, as
   * `<notebook>.cell-<N>.txt` (N counts all cells from 1, as the editor does).
   */
  fullOutputDir?: string;
  /**
   * Open the kernel's inspector on 127.0.0.1:`port` (0: a free one) and run no cell before a
   * debugger has attached (`cascade run --inspect`). Cells are then named for the debugger by
   * the notebook's file URL and their cell id (see ExecuteRequest.cellUri).
   */
  inspect?: { port: number };
  /** Called with the inspector's WebSocket URL once it waits for a debugger. */
  onInspector?: (event: { notebook: string; url: string }) => void;
}

/** A cell still running after the first (ms) is reported, then every second (ms). */
export const STILL_RUNNING_MS: readonly [number, number] = [30_000, 60_000];

/** How long the runner waits after the last cell for late errors of async work, by default. */
export const LATE_ERROR_WAIT_MS = 500;

export interface CellFailure {
  notebook: string;
  /** 1-based index among all cells, as the notebook editor counts them. */
  cell: number;
  /** The cell as Jupyter users read it: `code cell 3 [In 3]: const x = await load(...)`. */
  label: string;
  ename: string;
  evalue: string;
  /** The error came from async work the cell started (a timer, a promise), not from its code. */
  async?: boolean;
}

export interface TypeWarning {
  notebook: string;
  cell: number;
  /** The cell as Jupyter users read it (see CellFailure.label). */
  label: string;
  line: number;
  column: number;
  code: number;
  message: string;
}

export interface RunReport {
  notebook: string;
  output: string;
  cellsRun: number;
  durationMs: number;
  failures: CellFailure[];
  /** Charts' PNGs: kept from the file (figure unchanged), drawn, or missing (no renderer). */
  images: { reused: number; drawn: number; missing: number };
  /** Type errors found in cells that ran anyway (typecheck "warn"): not stored in the notebook. */
  warnings: TypeWarning[];
  /** Full stream text written for cells whose stored output was cut (--full-output). */
  fullOutputs: string[];
}

export const KERNELSPEC = { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" };

/**
 * TypeScript's version, from its package.json: loading the compiler itself (over half a second)
 * only to read its version would be most of a short notebook's run.
 */
function typescriptVersion(): string {
  return (require("typescript/package.json") as { version: string }).version;
}

export function languageInfo(): Record<string, unknown> {
  return { name: "typescript", version: typescriptVersion(), file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { name: "javascript", typescript: true } };
}

/**
 * Refuse a notebook written for another language (a Python kernelspec or language_info): its
 * cells would all be skipped and the run would look fine. Without either, or with TypeScript or
 * JavaScript (ours, tslab's, any other), the notebook runs.
 */
export function assertRunnable(nb: Notebook, file: string): void {
  const kernelspec = nb.metadata.kernelspec as { name?: string; display_name?: string; language?: string } | undefined;
  const info = nb.metadata.language_info as { name?: string } | undefined;
  const languages = [info?.name, kernelspec?.language].filter((l): l is string => typeof l === "string" && l.trim() !== "");
  if (languages.length === 0 || languages.some((l) => /^(typescript|javascript|ts|js)$/i.test(l.trim()))) return;
  const kernel = kernelspec?.name ? `kernel "${kernelspec.name}"${kernelspec.display_name ? ` (${kernelspec.display_name})` : ""}` : "no kernelspec";
  throw new InputError(`${file}: a ${languages[0]} notebook (${kernel}, language ${languages.join("/")}): cascade runs TypeScript and JavaScript notebooks only`);
}

function stampMetadata(nb: Notebook): void {
  // A notebook written for another TypeScript kernel (tslab) keeps its kernelspec.
  nb.metadata.kernelspec ??= KERNELSPEC;
  nb.metadata.language_info = languageInfo();
}

export async function runNotebook(file: string, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const nb = readNotebook(file);
  assertRunnable(nb, file);
  const previousImages = storedImages(nb);
  applyParams(nb, options.params ?? {}, file);
  ensureCellIds(nb, basename(file));
  const output = options.outFile ?? (options.outDir ? join(options.outDir, basename(file)) : file);
  const failures: CellFailure[] = [];
  const displays = new Map<string, { data: Record<string, unknown> }>();
  const kernel = await startKernel({ cwd: dirname(resolve(file)), heapMb: options.heapMb, typecheck: options.typecheck ?? "off" });
  if (options.inspect) {
    const reply = await kernel.debug("open", { port: options.inspect.port, wait: true });
    if (!reply.open || !reply.url) {
      await kernel.shutdown();
      throw new Error(`${file}: ${reply.error ?? "the kernel's inspector did not open"}`);
    }
    options.onInspector?.({ notebook: file, url: reply.url });
  }
  const warnings: TypeWarning[] = [];
  const cellOfExecution = new Map<string, number>();
  const labelOfExecution = new Map<string, { cell: number; label: string }>();
  kernel.on("diagnostics", (m: DiagnosticsMessage) => {
    const cell = cellOfExecution.get(m.id) ?? 0;
    const label = labelOfExecution.get(m.id)?.label ?? `cell ${cell}`;
    for (const d of m.diagnostics) warnings.push({ notebook: file, cell, label, line: d.line, column: d.column, code: d.code, message: d.message });
  });
  let stopped = false;
  // Output of async work that a cell started and that arrives after the cell finished; an error
  // among it fails that cell as if its code had thrown (the run stops unless --continue).
  const byExecution = new Map<string, OutputCollector>();
  const lateOutput = (msg: OutputMessage) => {
    const collector = byExecution.get(msg.id);
    const at = labelOfExecution.get(msg.id);
    if (!collector || !at) return;
    collector.add(msg);
    if (msg.type === "error") {
      failures.push({ notebook: file, cell: at.cell, label: at.label, ename: msg.ename, evalue: `${msg.evalue} (in async work the cell started, after it finished)`, async: true });
      if (!options.continueOnError) stopped = true;
    }
  };
  kernel.on("late-output", lateOutput);
  const intervals = { firstMs: options.stillRunningMs?.[0] ?? STILL_RUNNING_MS[0], everyMs: options.stillRunningMs?.[1] ?? STILL_RUNNING_MS[1] };
  let count = 0;
  let codeCells = 0;
  // Outputs are stored once the run is over: late output of a cell's async work joins them.
  const collected: Array<{ cell: (typeof nb.cells)[number]; collector: OutputCollector }> = [];
  const fullOutputs: string[] = [];
  if (options.fullOutputDir) mkdirSync(options.fullOutputDir, { recursive: true });
  let cellsRun = 0;
  try {
    for (let i = 0; i < nb.cells.length; i++) {
      const cell = nb.cells[i];
      if (cell.cell_type !== "code") continue;
      codeCells++;
      if (stopped) {
        // Cells after a failure did not run: stale outputs would mislead.
        cell.outputs = [];
        cell.execution_count = null;
        delete cell.metadata.execution;
        continue;
      }
      const source = joinSource(cell.source);
      const language = cellLanguage(nb, cell);
      if (source.trim() === "" || language === "other") {
        cell.outputs = cell.outputs ?? [];
        if (source.trim() === "") cell.execution_count = null;
        continue;
      }
      const fullOutputFile = options.fullOutputDir ? join(options.fullOutputDir, `${basename(file, extname(file))}.cell-${i + 1}.txt`) : undefined;
      const collector = new OutputCollector(displays, ++count, {
        limits: options.outputLimits,
        fullOutputFile,
        fullOutputLabel: fullOutputFile && relative(dirname(resolve(output)), resolve(fullOutputFile)).split(sep).join("/"),
      });
      collected.push({ cell, collector });
      const cellName = `code cell ${codeCells}`;
      const label = cellLabel(codeCells, count, source);
      const stillRunning = options.onStillRunning && ((elapsedMs: number) => options.onStillRunning!({ notebook: file, cell: i + 1, label, elapsedMs }));
      const onId = (id: string) => {
        cellOfExecution.set(id, i + 1);
        labelOfExecution.set(id, { cell: i + 1, label });
      };
      // Under a debugger each cell is a source of its own, named by the file and the cell's id.
      const cellUri = options.inspect ? `${pathToFileURL(resolve(file)).href}#${encodeURIComponent(String(cell.id ?? i))}` : undefined;
      const result = await executeWithTimeout(kernel, source, { cellName, language, cellUri, collector, timeout: options.timeout, byExecution, stillRunning, onId }, intervals);
      cellsRun++;
      cell.execution_count = count;
      // Only on request: a re-run that changed nothing leaves the file as it was.
      if (options.timings) cell.metadata.execution = result.timing;
      else delete cell.metadata.execution;
      options.onCell?.({ index: i + 1, status: result.status, durationMs: result.durationMs });
      if (result.status !== "ok") {
        const async = result.origin === "uncaught";
        const evalue = result.evalue ?? result.status;
        failures.push({ notebook: file, cell: i + 1, label, ename: result.ename ?? "Error", evalue: async ? `${evalue} (in async work the cell started)` : evalue, ...(async ? { async } : {}) });
        if (!options.continueOnError) stopped = true;
      }
    }
    // A timer or promise of the last cells may still fail: wait while cells' timers are pending,
    // up to the limit. (A rejected promise has reported by the time the kernel answers.)
    if (cellsRun > 0 && !stopped) await waitForLateWork(kernel, options.lateErrorWaitMs ?? LATE_ERROR_WAIT_MS);
    await kernel.settled();
  } finally {
    await kernel.shutdown();
    for (const { cell, collector } of collected) {
      cell.outputs = collector.outputs;
      const written = collector.finish();
      if (written) fullOutputs.push(written);
    }
  }
  stampMetadata(nb);
  const images = await addStaticImages(nb, options.images, previousImages);
  if (output !== file) mkdirSync(dirname(resolve(output)), { recursive: true });
  writeNotebook(output, nb);
  warnings.sort((a, b) => a.cell - b.cell || a.line - b.line || a.column - b.column);
  failures.sort((a, b) => a.cell - b.cell);
  return { notebook: file, output, cellsRun, durationMs: performance.now() - started, failures, warnings, images, fullOutputs };
}

/** Wait until the kernel has no timers the cells started, or `limitMs` has passed. */
async function waitForLateWork(kernel: Kernel, limitMs: number): Promise<void> {
  const until = performance.now() + limitMs;
  while ((await kernel.pendingTimers()) > 0 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(20, Math.max(0, until - performance.now()))));
  }
}

/** The label of cell `cell` (1-based among all cells) of `nb`, from its stored execution count. */
export function labelOfCell(nb: Notebook, cell: number): string {
  const codeIndex = nb.cells.slice(0, cell).filter((c) => c.cell_type === "code").length;
  const c = nb.cells[cell - 1];
  return cellLabel(codeIndex, (c?.execution_count as number | null | undefined) ?? null, joinSource(c?.source ?? ""));
}

/** A code cell as Jupyter users count it: `code cell 3 [In 3]: const x = await load(...)`. */
export function cellLabel(codeIndex: number, executionCount: number | null, source: string): string {
  const first = source.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  const shown = first.length > 60 ? `${first.slice(0, 57)}...` : first;
  return `code cell ${codeIndex} [In ${executionCount ?? " "}]${shown ? `: ${shown}` : ""}`;
}

/** Where an interrupt stopped a cell, from the kernel's `at` (see protocol.ts), or that it cannot be told. */
function stoppedWhere(o: ErrorMessage, cellName: string): string {
  if (!o.at) return "(where it was could not be told: it was waiting on an await, or running inside a package, when it was stopped)";
  const where = o.at.cellName === cellName ? `line ${o.at.line}` : `line ${o.at.line} of ${o.at.cellName}`;
  return `at ${where}: ${o.at.source.trim()}`;
}

interface CellRun {
  id: string;
  status: string;
  durationMs: number;
  ename?: string;
  evalue?: string;
  origin?: "cell" | "uncaught";
  timing: Record<string, string>;
}

async function executeWithTimeout(
  kernel: Kernel,
  source: string,
  { cellName, language, cellUri, collector, timeout, byExecution, stillRunning, onId }: { cellName: string; language: "typescript" | "javascript"; cellUri?: string; collector: OutputCollector; timeout?: number; byExecution: Map<string, OutputCollector>; stillRunning?: (elapsedMs: number) => void; onId: (id: string) => void },
  intervals: { firstMs: number; everyMs: number },
): Promise<CellRun> {
  const busy = new Date().toISOString();
  const started = performance.now();
  let timedOut = false;
  const timer = timeout ? setTimeout(() => { timedOut = true; kernel.interrupt(); }, timeout * 1000) : undefined;
  // A cell that runs long says so, so that a stuck CI job shows where it is stuck.
  let every: NodeJS.Timeout | undefined;
  const first = stillRunning
    ? setTimeout(() => {
        stillRunning(performance.now() - started);
        every = setInterval(() => stillRunning(performance.now() - started), intervals.everyMs);
      }, intervals.firstMs)
    : undefined;
  let timeoutError: ErrorMessage | undefined;
  const onOutput = (o: OutputMessage) => {
    if (timedOut && !timeoutError && o.type === "error" && (o.ename === "Interrupt" || o.ename === "KernelDied")) {
      const evalue = `the cell did not finish within ${timeout} s and was stopped ${stoppedWhere(o, cellName)}${o.ename === "KernelDied" ? "; the kernel was restarted" : ""}`;
      timeoutError = { ...o, ename: "Timeout", evalue, traceback: [`Timeout: ${evalue}`, ...o.traceback.slice(1)] };
      collector.add(timeoutError);
    } else {
      collector.add(o);
    }
  };
  let result;
  try {
    result = await kernel.execute(source, {
      cellName,
      language,
      cellUri,
      onOutput,
      keepOutputs: false,
      onId: (id) => {
        // Before any output, so that late output of this cell finds its place.
        byExecution.set(id, collector);
        onId(id);
      },
    });
  } finally {
    clearTimeout(timer);
    clearTimeout(first);
    clearInterval(every);
  }
  const ename = timeoutError?.ename ?? result.error?.ename;
  const evalue = timeoutError?.evalue ?? result.error?.evalue;
  const origin = result.error?.origin;
  const idle = new Date().toISOString();
  return {
    id: result.id,
    status: timedOut ? "timeout" : result.status,
    durationMs: result.durationMs,
    ename,
    evalue,
    origin: timedOut ? "cell" : origin,
    timing: { "iopub.execute_input": busy, "iopub.status.busy": busy, "iopub.status.idle": idle, "shell.execute_reply": idle },
  };
}
