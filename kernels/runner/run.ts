/**
 * The headless runner: execute a notebook top to bottom through the kernel protocol and write
 * the outputs, execution counts and timings back into the file.
 *
 * @example
 *   const report = await runNotebook("notebooks/00-quickstart.ipynb", { params: { source: "snapshot" } });
 *   report.failures; // [] when every cell ran
 */
import { basename, dirname, join, resolve } from "node:path";
import { mkdirSync } from "node:fs";
import ts from "typescript";
import { startKernel, type Kernel } from "../client";
import type { DiagnosticsMessage, OutputMessage } from "../protocol";
import { cellLanguage, ensureCellIds, joinSource, readNotebook, writeNotebook, type Notebook } from "../notebook";
import { applyParams } from "./params";
import { OutputCollector } from "./outputs";
import { addStaticImages, type ImageRenderer } from "./static-images";

export interface RunOptions {
  /** Write to this folder instead of in place. */
  outDir?: string;
  params?: Record<string, unknown>;
  /** Per-cell timeout in seconds. */
  timeout?: number;
  /** Run on after a failing cell and report all failures. */
  continueOnError?: boolean;
  heapMb?: number;
  /** Type errors stop a cell (true), or are reported as warnings while cells run (false). */
  typecheck?: boolean;
  /** Draws a PNG beside each plotly chart (see static-images.ts). */
  images?: ImageRenderer;
  /** Called as each cell finishes (for progress lines). */
  onCell?: (event: { index: number; status: string; durationMs: number }) => void;
}

export interface CellFailure {
  notebook: string;
  /** 1-based index among all cells, as the notebook editor counts them. */
  cell: number;
  ename: string;
  evalue: string;
}

export interface TypeWarning {
  notebook: string;
  cell: number;
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
  /** Type errors found in cells that ran anyway (typecheck off): not stored in the notebook. */
  warnings: TypeWarning[];
}

export const KERNELSPEC = { name: "cascade-ts", display_name: "TypeScript (Cascade)", language: "typescript" };

export function languageInfo(): Record<string, unknown> {
  return { name: "typescript", version: ts.version, file_extension: ".ts", mimetype: "text/typescript", codemirror_mode: { name: "javascript", typescript: true } };
}

function stampMetadata(nb: Notebook): void {
  // A notebook written for another TypeScript kernel (tslab) keeps its kernelspec.
  nb.metadata.kernelspec ??= KERNELSPEC;
  nb.metadata.language_info = languageInfo();
}

export async function runNotebook(file: string, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const nb = readNotebook(file);
  applyParams(nb, options.params ?? {}, file);
  ensureCellIds(nb, basename(file));
  const output = options.outDir ? join(options.outDir, basename(file)) : file;
  const failures: CellFailure[] = [];
  const displays = new Map<string, { data: Record<string, unknown> }>();
  const kernel = await startKernel({ cwd: dirname(resolve(file)), heapMb: options.heapMb, typecheck: options.typecheck ? "error" : "warn" });
  const warnings: TypeWarning[] = [];
  const cellOfExecution = new Map<string, number>();
  kernel.on("diagnostics", (m: DiagnosticsMessage) => {
    const cell = cellOfExecution.get(m.id) ?? 0;
    for (const d of m.diagnostics) warnings.push({ notebook: file, cell, line: d.line, column: d.column, code: d.code, message: d.message });
  });
  // Output of async work that a cell started and that arrives after the cell finished.
  const byExecution = new Map<string, OutputCollector>();
  kernel.on("late-output", (msg: OutputMessage) => byExecution.get(msg.id)?.add(msg));
  let count = 0;
  let cellsRun = 0;
  let stopped = false;
  try {
    for (let i = 0; i < nb.cells.length; i++) {
      const cell = nb.cells[i];
      if (cell.cell_type !== "code") continue;
      if (stopped) {
        // Cells after a failure did not run: stale outputs would mislead.
        cell.outputs = [];
        cell.execution_count = null;
        continue;
      }
      const source = joinSource(cell.source);
      const language = cellLanguage(nb, cell);
      if (source.trim() === "" || language === "other") {
        cell.outputs = cell.outputs ?? [];
        continue;
      }
      const collector = new OutputCollector(displays, ++count);
      const cellName = `cell ${i + 1}`;
      const result = await executeWithTimeout(kernel, source, { cellName, language, collector, timeout: options.timeout, byExecution });
      cellOfExecution.set(result.id, i + 1);
      cellsRun++;
      cell.outputs = collector.outputs;
      cell.execution_count = count;
      cell.metadata.execution = result.timing;
      options.onCell?.({ index: i + 1, status: result.status, durationMs: result.durationMs });
      if (result.status !== "ok") {
        failures.push({ notebook: file, cell: i + 1, ename: result.ename ?? "Error", evalue: result.evalue ?? result.status });
        if (!options.continueOnError) stopped = true;
      }
    }
    await kernel.settled();
  } finally {
    await kernel.shutdown();
  }
  stampMetadata(nb);
  if (options.images) await addStaticImages(nb, options.images);
  if (options.outDir) mkdirSync(options.outDir, { recursive: true });
  writeNotebook(output, nb);
  warnings.sort((a, b) => a.cell - b.cell || a.line - b.line || a.column - b.column);
  return { notebook: file, output, cellsRun, durationMs: performance.now() - started, failures, warnings };
}

interface CellRun {
  id: string;
  status: string;
  durationMs: number;
  ename?: string;
  evalue?: string;
  timing: Record<string, string>;
}

async function executeWithTimeout(
  kernel: Kernel,
  source: string,
  { cellName, language, collector, timeout, byExecution }: { cellName: string; language: "typescript" | "javascript"; collector: OutputCollector; timeout?: number; byExecution: Map<string, OutputCollector> },
): Promise<CellRun> {
  const busy = new Date().toISOString();
  let timedOut = false;
  const timer = timeout ? setTimeout(() => { timedOut = true; kernel.interrupt(); }, timeout * 1000) : undefined;
  const pendingOutputs: OutputMessage[] = [];
  const result = await kernel.execute(source, { cellName, language, onOutput: (o) => pendingOutputs.push(o) });
  clearTimeout(timer);
  byExecution.set(result.id, collector);
  let ename = result.error?.ename;
  let evalue = result.error?.evalue;
  for (const o of pendingOutputs) {
    if (timedOut && o.type === "error" && (o.ename === "Interrupt" || o.ename === "KernelDied")) {
      ename = "Timeout";
      evalue = `${cellName} did not finish within ${timeout} s and was stopped${o.ename === "KernelDied" ? "; the kernel was restarted" : ""}`;
      collector.add({ ...o, ename, evalue, traceback: [`Timeout: ${evalue}`] });
    } else {
      collector.add(o);
    }
  }
  const idle = new Date().toISOString();
  return {
    id: result.id,
    status: timedOut ? "timeout" : result.status,
    durationMs: result.durationMs,
    ename,
    evalue,
    timing: { "iopub.execute_input": busy, "iopub.status.busy": busy, "iopub.status.idle": idle, "shell.execute_reply": idle },
  };
}
