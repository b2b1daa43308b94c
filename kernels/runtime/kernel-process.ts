/**
 * The kernel process's main thread: it runs cells, one at a time, in this process's global
 * context, so that every value a cell leaves behind is a plain global seen by later cells and
 * by the packages they import (no cross-realm `instanceof` surprises).
 *
 * The host channel belongs to the protocol thread (protocol-thread.ts); this thread receives
 * requests from it and posts every output to it, so output streams live even while a cell
 * keeps this thread busy.
 *
 * Started by kernels/client.ts as: node --max-old-space-size=N kernel-process.js
 * with fd 3 the host channel and CASCADE_KERNEL_CWD the notebook's folder.
 */
import { Worker } from "node:worker_threads";
import { AsyncLocalStorage } from "node:async_hooks";
import * as vm from "node:vm";
import { Console } from "node:console";
import * as inspector from "node:inspector";
import { join } from "node:path";
import type { CellTypeDiagnostic, DebugRequest, ExecuteRequest, HostMessage, KernelMessage, MimeBundle } from "../protocol";
import { cellDebugPath } from "../cell-source";
import { loadTypeScript, saveTypeScriptCache, typescriptVersion } from "./typescript-cache";
import { FRAME_MIME, toMimeBundle } from "./display";
import { createDisplay, createTslabModule } from "./display-api";
import { createHelp } from "./help";
import { createImporter } from "./imports";
import { cellSourceLine, firstCellFrame, installStackMapping, registerCell, sourceExcerpt } from "./stack";
import { completeAt, describeVariables, inspectAt, lookup } from "./introspect";
import { Tables, type ExportLibrary } from "./tables";

const KERNEL_VERSION = "0.1.0";
const here = __dirname;
/** See protocol-thread.ts: [0] interrupt, [1] exit handshake, [2] in a cell's synchronous part, [3] stream text in flight, [4] channel closed, [5] waiting for a debugger. */
const control = new SharedArrayBuffer(24);
const flags = new Int32Array(control);
// First thing: the protocol thread boots on its own thread while this one loads TypeScript.
const baseDir = process.env.CASCADE_KERNEL_CWD || process.cwd();
const thread = new Worker(join(here, "protocol-thread.js"), {
  workerData: { fd: 3, control, types: { baseDir, typesDir: join(here, "types"), typeRoots: [join(here, "..")] } },
});

type Compiler = typeof import("../compiler");
let compilerModule: Compiler | undefined;
/** The cell compiler, with TypeScript loaded through V8's code cache on first use. */
function compiler(): Compiler {
  if (!compilerModule) {
    loadTypeScript();
    compilerModule = require("../compiler") as Compiler;
  }
  return compilerModule;
}
setImmediate(compiler);

const context = new AsyncLocalStorage<{ id: string }>();
let lastId = "";
/** The id output is attributed to: the cell whose code (or async work) is writing. */
const currentId = () => context.getStore()?.id ?? running?.id ?? lastId;

// ---- output capture --------------------------------------------------------------------------
//
// Stream writes are coalesced here, where they are produced: a cell printing in a loop must
// not cost one message between threads per console.log. A write after a quiet spell goes out
// at once (a progress line shows while the cell keeps computing); writes that follow quickly
// are kept in one batch per execution and stream, sent when it reaches STREAM_BATCH_CHARS, when
// it is STREAM_BATCH_MS old at the next write, when this thread's event loop turns, or before
// any other message (so that stdout, stderr and displays keep their order).

/** A batch is sent once it holds this many characters. */
const STREAM_BATCH_CHARS = 32 * 1024;
/** ... or once it is this old when the next write comes. */
const STREAM_BATCH_MS = 20;
let batch = "";
let batchId = "";
let batchName: "stdout" | "stderr" = "stdout";
let batchStarted = 0;
let lastSent = -Infinity;
let batchScheduled = false;

/**
 * Stream text sent but not yet handed to the host's channel may not exceed this (characters):
 * a cell printing faster than the host reads waits here, so that memory stays bounded and an
 * interrupt's `done` is never queued behind minutes of output.
 */
const STREAM_IN_FLIGHT_MAX = 256 * 1024;

function sendBatch(): void {
  batchScheduled = false;
  if (batch === "") return;
  // Backpressure: wait (this thread only) while the host is behind, unless the cell is being
  // interrupted (its loop stops at its next check) or the channel is gone.
  let inFlight: number;
  while ((inFlight = Atomics.load(flags, 3)) > STREAM_IN_FLIGHT_MAX && Atomics.load(flags, 0) === 0 && Atomics.load(flags, 4) === 0) {
    Atomics.wait(flags, 3, inFlight, 50);
  }
  Atomics.add(flags, 3, batch.length);
  thread.postMessage({ type: "stream", id: batchId, name: batchName, text: batch } satisfies KernelMessage);
  batch = "";
  lastSent = performance.now();
}

function streamWrite(name: "stdout" | "stderr", text: string): void {
  if (text === "") return;
  sendUpdate();
  const id = currentId();
  const now = performance.now();
  if (batch !== "" && (batchId !== id || batchName !== name)) sendBatch();
  if (batch === "") {
    batchId = id;
    batchName = name;
    batchStarted = now;
    if (now - lastSent > STREAM_BATCH_MS) {
      // After a quiet spell: at once.
      batch = text;
      sendBatch();
      return;
    }
  }
  batch += text;
  if (batch.length >= STREAM_BATCH_CHARS || now - batchStarted >= STREAM_BATCH_MS) sendBatch();
  else if (!batchScheduled) {
    batchScheduled = true;
    setImmediate(sendBatch);
  }
}

/**
 * A display update waiting to go: replaced by a later update of the same display made within
 * STREAM_BATCH_MS (a progress display updated in a loop sends its state a few times a second,
 * not once per call), sent like a stream batch.
 */
let pendingUpdate: KernelMessage | undefined;
let updateScheduled = false;
function sendUpdate(): void {
  updateScheduled = false;
  if (!pendingUpdate) return;
  const msg = pendingUpdate;
  pendingUpdate = undefined;
  thread.postMessage(msg);
  lastSent = performance.now();
}

/** Every message but stream text goes out after the text written before it. */
const post = (msg: KernelMessage) => {
  if (msg.type === "display" && msg.update && msg.displayId !== undefined) {
    const same = pendingUpdate?.type === "display" && pendingUpdate.displayId === msg.displayId && pendingUpdate.id === msg.id;
    if (!same) sendUpdate();
    sendBatch();
    pendingUpdate = msg;
    // After a quiet spell at once, then at most every STREAM_BATCH_MS while a loop holds this thread.
    if (performance.now() - lastSent > STREAM_BATCH_MS) sendUpdate();
    else if (!updateScheduled) {
      updateScheduled = true;
      setImmediate(sendUpdate);
    }
    return;
  }
  sendUpdate();
  sendBatch();
  thread.postMessage(msg);
};

function captureStream(stream: NodeJS.WriteStream, name: "stdout" | "stderr"): void {
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | (() => void), cb?: () => void) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8");
    streamWrite(name, text);
    const done = typeof encoding === "function" ? encoding : cb;
    if (done) process.nextTick(done);
    return true;
  }) as typeof stream.write;
}
captureStream(process.stdout, "stdout");
captureStream(process.stderr, "stderr");

// The console cells use: the same output as Node's own (no colours: the streams are not
// terminals), without what makes each call of the global one slow here (the inspector's wrapper,
// a colour check, and an error listener added and removed per call), about 3x faster in a loop.
{
  const original = globalThis.console;
  const fast = new Console({ stdout: process.stdout, stderr: process.stderr, colorMode: false, ignoreErrors: false });
  for (const key of Object.keys(original) as Array<keyof Console>) {
    if (!(key in fast)) (fast as unknown as Record<string, unknown>)[key] = original[key];
  }
  Object.defineProperty(globalThis, "console", { value: fast, writable: true, configurable: true, enumerable: false });
}

// ---- the runtime object compiled cells call --------------------------------------------------

class Interrupt extends Error {
  constructor() {
    super("the cell was stopped; variables defined before it are kept");
    this.name = "Interrupt";
  }
}

// The data viewer's tables: outputs that show one carry its handle (tables.ts).
const tables = new Tables({
  lookup: (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? lookup(name) : { found: false, value: undefined }),
  baseDir,
  library: () => builtins.cascade() as ExportLibrary,
});
const tableOf = (value: unknown) => (value !== null && typeof value === "object" ? tables.register(value) : undefined);
const sendDisplay = (data: MimeBundle, metadata: Record<string, unknown>, displayId?: string, update?: boolean, value?: unknown) => {
  const table = data[FRAME_MIME] ? tableOf(value) : undefined;
  post({ type: "display", id: currentId(), data, metadata, displayId, update, ...(table ? { table } : {}) });
};
const display = createDisplay(sendDisplay);
const versions = { node: process.versions.node, typescript: typescriptVersion(), kernel: KERNEL_VERSION };
let cascadeLib: unknown;
const builtins = {
  cascade: () => (cascadeLib ??= require(join(here, "lib", "cascade.js"))),
  tslab: () => createTslabModule(sendDisplay, versions),
};
const importer = createImporter({ baseDir, fallbackDirs: [join(here, "..")], builtins });

// What imports bound (modules and their exports), so the variables view can tell them apart.
const importedModules = new Set<object>();
const importedObjects = new WeakSet<object>();
function noteImport<T>(mod: T): T {
  if (mod && (typeof mod === "object" || typeof mod === "function") && !importedModules.has(mod as object)) {
    importedModules.add(mod as object);
    importedObjects.add(mod as object);
    for (const key of Object.keys(mod as object)) {
      const v = safeRead(mod, key);
      if (v && (typeof v === "object" || typeof v === "function")) importedObjects.add(v as object);
    }
  }
  return mod;
}
function safeRead(o: unknown, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
/** Whether a variable's value came from an import. */
function importedValue(name: string, value: unknown): boolean {
  if (value && (typeof value === "object" || typeof value === "function")) return importedObjects.has(value as object);
  for (const m of importedModules) if (safeRead(m, name) === value && value !== undefined) return true;
  return false;
}
const wrapImport = <F extends (...args: never[]) => unknown>(fn: F): F =>
  ((...args: never[]) => {
    const out = fn(...args);
    return out instanceof Promise ? out.then(noteImport) : noteImport(out);
  }) as F;

const runtime = {
  /** Interrupt flag, shared with the protocol thread; read by every compiled loop. */
  i: flags,
  stop(): never {
    throw new Interrupt();
  },
  import: wrapImport(importer.import),
  importNamed: wrapImport(importer.importNamed),
  require: importer.require,
  /**
   * Work that runs outside JavaScript (the library's DuckDB queries) registers how to cancel
   * itself here; an interrupt of the running cell calls it. Returns the unregistration.
   */
  onInterrupt(cancel: () => void): () => void {
    interruptListeners.add(cancel);
    return () => interruptListeners.delete(cancel);
  },
};
const interruptListeners = new Set<() => void>();
Object.defineProperty(globalThis, "__cascade", { value: runtime, enumerable: false });
Object.defineProperty(globalThis, "display", { value: display, enumerable: false, writable: true, configurable: true });
// help(value): documentation as Markdown; finds user functions in the cells run so far.
const cellSources: string[] = [];
const help = createHelp({
  docsFile: join(here, "types", "lib-docs.json"),
  library: () => builtins.cascade() as Record<string, unknown>,
  cells: () => cellSources,
  declared: () => declaredNames,
  show: (markdown) => display.markdown(markdown),
});
Object.defineProperty(globalThis, "help", { value: help, enumerable: false, writable: true, configurable: true });
Object.defineProperty(globalThis, "require", { value: importer.require, enumerable: false, writable: true, configurable: true });
installStackMapping([join(here, "kernel-process.js"), join(here, "protocol-thread.js")], [join(here, "lib", "cascade.js")]);

// Node's default for SIGINT is to exit; here it means "interrupt", handled by vm's
// breakOnSigint and the loop flag, so the process itself must survive it.
process.on("SIGINT", () => undefined);

// ---- errors ----------------------------------------------------------------------------------

function errorMessage(id: string, err: unknown, origin: "cell" | "uncaught" = "cell"): KernelMessage {
  if (err instanceof Error || (err && typeof err === "object" && "stack" in err)) {
    const e = err as Error;
    const stack = String(e.stack ?? `${e.name}: ${e.message}`);
    return { type: "error", id, ename: e.name ?? "Error", evalue: e.message ?? "", traceback: stack.split("\n"), origin };
  }
  const text = toMimeBundle(err)["text/plain"] as string;
  return { type: "error", id, ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`], origin };
}

/**
 * An error of async work a cell started (a timer that threw, a rejection nobody handled): output
 * of the cell that started the work (AsyncLocalStorage keeps its id across timers and promises),
 * else of the cell running. If that cell is still running, it ends with status "error", as if
 * it had thrown itself; after its `done`, hosts get the error as late output of that cell.
 */
function uncaught(err: unknown, rejection: boolean): void {
  const id = currentId();
  const msg = withSourceLine(errorMessage(id, err, "uncaught")) as Extract<KernelMessage, { type: "error" }>;
  if (rejection) msg.traceback = [`Unhandled promise rejection (a promise a cell created was rejected and nobody handled it):`, ...msg.traceback];
  if (running && running.id === id) running.failed = true;
  post(msg);
}
process.on("uncaughtException", (err) => uncaught(err, false));
process.on("unhandledRejection", (reason) => uncaught(reason, true));

// process.exit in a cell: tell the host why before going (it restarts the kernel).
const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  const n = Number(code ?? process.exitCode ?? 0);
  post({ type: "exiting", code: n, reason: `process.exit(${code ?? ""}) was called` });
  sendUpdate();
  sendBatch();
  thread.postMessage({ type: "exit-flush" });
  Atomics.wait(flags, 1, 0, 1000);
  realExit(n);
}) as typeof process.exit;

// ---- execution -------------------------------------------------------------------------------

interface Running {
  id: string;
  cellName?: string;
  interrupt: (e: Error) => void;
  /** Async work this cell started failed while it ran (uncaught error, unhandled rejection). */
  failed?: boolean;
}
let running: Running | undefined;
const queue: ExecuteRequest[] = [];
const declaredNames = new Set<string>();
let cellCounter = 0;

async function execute(req: ExecuteRequest): Promise<void> {
  const started = performance.now();
  Atomics.store(flags, 0, 0);
  lastId = req.id;
  const cellName = req.cellName ?? `cell ${++cellCounter}`;
  let status: "ok" | "error" | "interrupted" = "ok";
  let interrupt!: (e: Error) => void;
  const interrupted = new Promise<never>((_, reject) => (interrupt = reject));
  running = { id: req.id, cellName, interrupt };
  post({ type: "status", state: "busy", id: req.id });
  const mode = req.typecheck ?? "warn";
  let compiledOk = false;
  try {
    if (mode === "error") {
      const problems = (await checkTypes(req)).filter((d) => d.severity === "error");
      if (problems.length > 0) {
        status = "error";
        post(typeErrorMessage(req, cellName, problems));
        return;
      }
    }
    const sourceName = req.cellUri ? cellDebugPath(req.cellUri) : cellName;
    const compiled = compiler().compileCell(req.code, { cellName, language: req.language, sourceName, pauseAtStart: req.pauseAtStart === true });
    compiledOk = compiled.diagnostics.length === 0;
    if (compiled.diagnostics.length > 0) {
      status = "error";
      const d = compiled.diagnostics[0];
      const src = req.code.split("\n")[d.line - 1] ?? "";
      post({
        type: "error",
        id: req.id,
        ename: "SyntaxError",
        evalue: `${d.message} (${cellName}, line ${d.line}, column ${d.column})`,
        traceback: [`SyntaxError: ${d.message}`, `    at ${cellName}:${d.line}:${d.column}`, ...sourceExcerpt(d.line, d.column, src)],
        origin: "cell",
      });
    } else {
      registerCell(cellName, compiled.sourceMap, req.code, compiled.js);
      cellSources.push(req.code);
      if (cellSources.length > 2000) cellSources.shift();
      for (const n of compiled.declared) declaredNames.add(n);
      const promise = context.run({ id: req.id }, () => {
        Atomics.store(flags, 2, 1);
        try {
          // A host that names the cell's document (VS Code, `cascade run --inspect`) gets the
          // source map inline: a debugger attached now or later (Debug Cell) shows the cell's
          // TypeScript, and stops in functions this cell declares. Other hosts run as before.
          const script = req.cellUri ? compiled.js + inlineSourceMap(compiled.sourceMap) : compiled.js;
          return vm.runInThisContext(script, { filename: cellName, breakOnSigint: true }) as Promise<unknown>;
        } finally {
          Atomics.store(flags, 2, 0);
        }
      });
      const value = await Promise.race([promise, interrupted]);
      if (compiled.hasValue && value !== undefined) {
        const data = toMimeBundle(value);
        const table = data[FRAME_MIME] ? tableOf(value) : undefined;
        post({ type: "result", id: req.id, data, metadata: {}, ...(table ? { table } : {}) });
      }
    }
  } catch (err) {
    const wasInterrupt = err instanceof Interrupt || (err as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
    if (wasInterrupt) {
      status = "interrupted";
      // Stopped by the loop check or SIGINT: the stack says where; stopped waiting: it cannot.
      const frame = firstCellFrame(String((err as Error)?.stack ?? ""));
      const line = frame && cellSourceLine(frame.file, frame.line);
      const at = frame && line !== undefined ? { cellName: frame.file, line: frame.line, column: frame.column, source: line } : undefined;
      const traceback = [`Interrupt: ${new Interrupt().message}`];
      if (at) traceback.push(`    at ${at.cellName}:${at.line}:${at.column}`, ...sourceExcerpt(at.line, at.column, at.source));
      post({ type: "error", id: req.id, ename: "Interrupt", evalue: new Interrupt().message, traceback, origin: "cell", ...(at ? { at } : {}) });
    } else {
      status = "error";
      post(withSourceLine(errorMessage(req.id, err)));
    }
  } finally {
    if (status === "ok" && running?.failed) status = "error";
    running = undefined;
    Atomics.store(flags, 0, 0);
    // The types thread learns what ran (its context for later cells) and, in "warn" mode,
    // checks it without holding the cell up.
    if (compiledOk || status === "ok") {
      thread.postMessage({ type: "executed", id: req.id, cellName, code: req.code, language: req.language, ok: status === "ok", check: mode === "warn" && compiledOk });
    }
    post({ type: "done", id: req.id, status, durationMs: performance.now() - started });
    post({ type: "status", state: "idle", id: req.id });
    if (!cacheSaved) {
      cacheSaved = true;
      setTimeout(saveTypeScriptCache, 50);
    }
  }
}
let cacheSaved = false;

const pendingChecks = new Map<string, (d: CellTypeDiagnostic[]) => void>();
function checkTypes(req: ExecuteRequest): Promise<CellTypeDiagnostic[]> {
  return new Promise((resolve) => {
    pendingChecks.set(req.id, resolve);
    thread.postMessage({ type: "check", id: req.id, code: req.code, language: req.language });
  });
}

/** Type errors that stop a cell (typecheck "error"), each with its line of the cell. */
function typeErrorMessage(req: ExecuteRequest, cellName: string, problems: CellTypeDiagnostic[]): KernelMessage {
  const lines = req.code.split("\n");
  const traceback = problems.flatMap((d) => [
    `${cellName}:${d.line}:${d.column} - error TS${d.code}: ${d.message}`,
    ...sourceExcerpt(d.line, d.column, lines[d.line - 1] ?? "", Math.max(1, d.endLine === d.line ? d.endColumn - d.column : 1)),
  ]);
  const first = problems[0];
  const evalue = `${first.message} (${cellName}, line ${first.line}, column ${first.column}, TS${first.code})${problems.length > 1 ? ` and ${problems.length - 1} more` : ""}`;
  return { type: "error", id: req.id, ename: "TypeCheckError", evalue, traceback: [`TypeCheckError: ${problems.length} type error${problems.length > 1 ? "s" : ""}; the cell did not run`, ...traceback], origin: "cell" };
}

/** Add the cell line an error was thrown at, under the error's first line. */
function withSourceLine(msg: KernelMessage): KernelMessage {
  if (msg.type !== "error") return msg;
  const at = firstCellFrame(msg.traceback.join("\n"));
  const src = at && cellSourceLine(at.file, at.line);
  if (!at || src === undefined) return msg;
  return { ...msg, traceback: [...msg.traceback, ...sourceExcerpt(at.line, at.column, src)] };
}

function inlineSourceMap(json: string): string {
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(json).toString("base64")}\n`;
}

// ---- debugging -------------------------------------------------------------------------------

/**
 * Node's inspector, opened only on request (Debug Cell, `cascade run --inspect`) and on
 * 127.0.0.1 only. While it waits for a debugger, control[3] is 1: the protocol thread can then
 * release it (a "close" that arrives while this thread is blocked in waitForDebugger).
 */
function debugRequest(msg: DebugRequest): void {
  const reply = (extra: { open: boolean; url?: string; error?: string }) => {
    const port = extra.url ? Number(new URL(extra.url.replace(/^ws:/, "http:")).port) : undefined;
    post({ type: "debug_reply", id: msg.id, ...extra, ...(port ? { port } : {}) });
  };
  if (msg.action === "close") {
    if (inspector.url()) inspector.close();
    reply({ open: false });
    return;
  }
  let url = inspector.url();
  if (!url) {
    try {
      inspector.open(msg.port ?? 0, "127.0.0.1", false);
      url = inspector.url();
    } catch (err) {
      reply({ open: false, error: `the inspector did not open on 127.0.0.1:${msg.port ?? 0}: ${(err as Error).message}` });
      return;
    }
  }
  // Waiting is flagged before the reply goes out: a "close" the host sends as soon as it has the
  // reply must find the flag set, or nothing would release this thread (see protocol-thread.ts).
  const wait = !!url && !!msg.wait;
  if (wait) Atomics.store(flags, 5, 1);
  reply({ open: !!url, url });
  if (wait) {
    try {
      inspector.waitForDebugger();
    } finally {
      Atomics.store(flags, 5, 0);
    }
  }
}

let draining = false;
async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    while (queue.length > 0) await execute(queue.shift()!);
  } finally {
    draining = false;
  }
}

thread.on("message", (msg: HostMessage | { type: "interrupt"; target: string } | { type: "check_reply"; id: string; diagnostics: CellTypeDiagnostic[] }) => {
  switch (msg.type) {
    case "check_reply":
      pendingChecks.get(msg.id)?.(msg.diagnostics);
      pendingChecks.delete(msg.id);
      break;
    case "execute":
      queue.push(msg);
      void drain();
      break;
    case "interrupt":
      if (running && running.id === (msg as { target?: string }).target) {
        for (const cancel of interruptListeners) {
          try {
            cancel();
          } catch {
            // a cancel that fails must not keep the cell from being interrupted
          }
        }
        running.interrupt(new Interrupt());
      }
      break;
    case "complete": {
      const r = completeAt(msg.code, msg.cursor, declaredNames);
      post({ type: "complete_reply", id: msg.id, ...r });
      break;
    }
    case "inspect":
      post({ type: "inspect_reply", id: msg.id, ...inspectAt(msg.code, msg.cursor) });
      break;
    case "debug":
      debugRequest(msg);
      break;
    case "variables":
      post({ type: "variables_reply", id: msg.id, variables: describeVariables(declaredNames, importedValue) });
      break;
    case "table":
      post(tables.table(msg));
      break;
    case "table_export":
      post(tables.export(msg));
      break;
    case "pending":
      post({ type: "pending_reply", id: msg.id, timers: waitingTimers() });
      break;
    case "shutdown":
      realExit(0);
  }
});

/**
 * Timers and immediates waiting in this process (Node's own count of its active resources). The
 * kernel's own are short (saving the compile cache 50 ms after the first cell) or unref'd.
 */
function waitingTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout" || r === "Immediate").length;
}

post({ type: "ready", pid: process.pid, versions });
