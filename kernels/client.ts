/**
 * The host side of the kernel protocol: start a kernel process, run cells, interrupt,
 * restart, and survive the kernel's death. The CLI runner, the VS Code controller and the
 * Jupyter adapter all run cells through this and nothing else.
 *
 * @example
 *   const kernel = await startKernel({ cwd: "notebooks" });
 *   const r = await kernel.execute("const x = 1 + 1; x", { cellName: "cell 1" });
 *   r.status;   // "ok"
 *   r.outputs;  // [{ type: "result", data: { "text/plain": "2" }, ... }]
 *   await kernel.shutdown();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Socket } from "node:net";
import type {
  CellSource,
  CompleteReply,
  DebugReply,
  DiagnosticsMessage,
  DiagnosticsReply,
  SignatureReply,
  TypecheckMode,
  ErrorMessage,
  HostMessage,
  InspectReply,
  KernelMessage,
  OutputMessage,
  ReadyMessage,
  VariablesReply,
  PendingReply,
  TableRequest,
  TableReply,
  TableExportRequest,
  TableExportReply,
} from "./protocol";
import { isOutputMessage } from "./protocol";

export interface KernelOptions {
  /** The notebook's folder: the kernel's working directory and where imports resolve from. */
  cwd?: string;
  /** V8 heap limit of the kernel process in MB (default 4096). */
  heapMb?: number;
  /** The Node executable (default: the one running the host). */
  nodePath?: string;
  env?: NodeJS.ProcessEnv;
  /** How long a cell may ignore an interrupt before the kernel is restarted (default 2000 ms). */
  interruptGraceMs?: number;
  /** Type checking of executed cells (default "warn"); see ExecuteRequest.typecheck. */
  typecheck?: TypecheckMode;
  /** How long the kernel process may take to say it is ready (default 30 s). */
  startTimeoutMs?: number;
}

export interface ExecuteOptions {
  cellName?: string;
  language?: "typescript" | "javascript";
  /** Overrides the kernel's typecheck mode for this cell. */
  typecheck?: TypecheckMode;
  /** Called with each output as it arrives. */
  onOutput?: (output: OutputMessage) => void;
  /** Called at once with the execution's id: its late output (see `late-output`) carries it. */
  onId?: (id: string) => void;
  /**
   * Keep every output in `ExecuteResult.outputs` (default true). A host that takes outputs as
   * they come (`onOutput`) passes false: then only errors are kept, so a cell printing for hours
   * does not grow the host's memory.
   */
  keepOutputs?: boolean;
  /** The cell's document, for debuggers (ExecuteRequest.cellUri). */
  cellUri?: string;
  /** Pause before the first statement when a debugger is attached (Run by Line). */
  pauseAtStart?: boolean;
}

export type ExecuteStatus = "ok" | "error" | "interrupted" | "died" | "aborted";

export interface ExecuteResult {
  id: string;
  status: ExecuteStatus;
  outputs: OutputMessage[];
  durationMs: number;
  /** The first error output, if any. */
  error?: ErrorMessage;
}

export type KernelState = "starting" | "idle" | "busy" | "restarting" | "dead";

interface Pending {
  id: string;
  code: string;
  options: ExecuteOptions;
  outputs: OutputMessage[];
  resolve: (r: ExecuteResult) => void;
  started?: number;
}

/** Where the built kernel lives: the folder holding kernel-process.js. */
export function kernelDistDir(from = __dirname): string {
  for (let d = resolve(from); ; d = dirname(d)) {
    if (existsSync(join(d, "kernel-process.js")) && existsSync(join(d, "protocol-thread.js"))) return d;
    if (existsSync(join(d, "dist", "kernel-process.js"))) return join(d, "dist");
    if (dirname(d) === d) throw new Error(`cannot find the built kernel (dist/kernel-process.js) above ${from}: run npm run build`);
  }
}

/** What Node's inspector prints on the kernel's stderr when it opens, attaches and closes. */
const INSPECTOR_NOTICES = /^(Debugger listening on ws:\/\/\S+|For help, see: https:\/\/nodejs\.org\/en\/docs\/inspector|Debugger attached\.|Debugger ending on ws:\/\/\S+|Waiting for the debugger to disconnect\.\.\.)\r?\n/gm;

let nextId = 0;
const newId = (prefix: string) => `${prefix}-${process.pid}-${++nextId}`;

export class Kernel extends EventEmitter {
  state: KernelState = "starting";
  versions?: ReadyMessage["versions"];
  private child?: ChildProcess;
  private channel?: Socket;
  private queue: Pending[] = [];
  private current?: Pending;
  private replies = new Map<string, (m: KernelMessage) => void>();
  private exitReason?: string;
  private stderrTail = "";
  private interruptTimer?: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly options: KernelOptions = {}) {
    super();
  }

  /** Start (or restart) the kernel process; resolves when it is ready for cells. */
  async start(): Promise<void> {
    const { cwd = process.cwd(), heapMb = 4096, nodePath = process.execPath, env = process.env, startTimeoutMs = 30_000 } = this.options;
    const dist = kernelDistDir();
    this.exitReason = undefined;
    this.stderrTail = "";
    const child = spawn(nodePath, [`--max-old-space-size=${heapMb}`, join(dist, "kernel-process.js")], {
      cwd,
      env: { ...env, CASCADE_KERNEL_CWD: resolve(cwd) },
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      // A process group of its own: a SIGINT sent to the host's group (Ctrl-C in a terminal,
      // Jupyter's interrupt, which signals the whole group) must reach the kernel only as the
      // protocol's interrupt. Sent straight to the kernel while no cell runs, it would be kept
      // by vm's watchdog and stop the next cell instead.
      detached: true,
    });
    this.child = child;
    const channel = child.stdio[3] as Socket;
    this.channel = channel;
    channel.setEncoding("utf8");
    // Lines are cut where they end; a partial line waits for its rest (chunks are joined once
    // per line, never rescanned), so a flood of output costs time linear in its size.
    let partial: string[] = [];
    channel.on("data", (chunk: string) => {
      let from = 0;
      let nl: number;
      while ((nl = chunk.indexOf("\n", from)) >= 0) {
        let line = chunk.slice(from, nl);
        if (partial.length > 0) {
          partial.push(line);
          line = partial.join("");
          partial = [];
        }
        from = nl + 1;
        if (line) this.receive(JSON.parse(line) as KernelMessage);
      }
      if (from < chunk.length) partial.push(chunk.slice(from));
    });
    channel.on("error", () => undefined);
    // Output that bypassed the kernel's capture (native code, V8's fatal errors).
    child.stdout!.setEncoding("utf8").on("data", (t: string) => this.rawOutput("stdout", t));
    child.stderr!.setEncoding("utf8").on("data", (t: string) => {
      this.stderrTail = (this.stderrTail + t).slice(-8192);
      this.rawOutput("stderr", t);
    });
    const ready = new Promise<void>((resolveReady, reject) => {
      // A kernel that never says ready (a broken install, a stuck disk) must not hang its host.
      const timer = setTimeout(() => {
        child.off("exit", onEarlyExit);
        // Given up on: its exit is no crash to restart from.
        this.setState("dead");
        child.kill("SIGKILL");
        reject(new Error(`the kernel process did not start within ${startTimeoutMs} ms: ${this.stderrTail.trim().slice(-500) || "no output"}`));
      }, startTimeoutMs);
      const onReady = (m: ReadyMessage) => {
        clearTimeout(timer);
        child.off("exit", onEarlyExit);
        this.versions = m.versions;
        resolveReady();
      };
      const onEarlyExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`the kernel process exited while starting (${signal ?? `code ${code}`}): ${this.stderrTail.trim().slice(-500)}`));
      };
      this.once("ready", onReady);
      child.once("exit", onEarlyExit);
    });
    child.on("exit", (code, signal) => this.onExit(child, code, signal));
    await ready;
    this.setState("idle");
    this.pump();
  }

  private setState(state: KernelState): void {
    // Shut down is final: the "done" of a cell that was stopped by the shutdown must not
    // bring the state back to idle (the process's exit would then look like a crash).
    if (this.state === state || this.state === "dead") return;
    this.state = state;
    this.emit("status", state);
  }

  private rawOutput(name: "stdout" | "stderr", text: string): void {
    // Node's inspector announces itself on stderr (Debug Cell): news for the host, not output.
    if (name === "stderr") {
      text = text.replace(INSPECTOR_NOTICES, "");
      if (!text) return;
    }
    const target = this.current;
    if (!target || /Reached heap limit|JavaScript heap out of memory/.test(text)) return;
    this.deliver(target, { type: "stream", id: target.id, name, text });
  }

  private deliver(target: Pending, out: OutputMessage): void {
    if (target.options.keepOutputs !== false || out.type === "error") target.outputs.push(out);
    target.options.onOutput?.(out);
  }

  private receive(msg: KernelMessage): void {
    switch (msg.type) {
      case "ready":
        this.emit("ready", msg);
        return;
      case "status":
        if (msg.state === "busy") this.setState("busy");
        return;
      case "exiting":
        this.exitReason = msg.reason;
        return;
      case "done": {
        const p = this.current;
        if (!p || p.id !== msg.id) return;
        this.current = undefined;
        clearTimeout(this.interruptTimer);
        p.resolve({ id: p.id, status: msg.status, outputs: p.outputs, durationMs: msg.durationMs, error: firstError(p.outputs) });
        this.setState("idle");
        this.pump();
        return;
      }
      case "diagnostics":
        // Type warnings of an executed cell: hosts show them as they can (editor squiggles,
        // stderr lines); they are not cell outputs, so a notebook's outputs stay the same.
        this.emit("diagnostics", msg as DiagnosticsMessage);
        return;
      case "complete_reply":
      case "inspect_reply":
      case "signature_reply":
      case "diagnostics_reply":
      case "settle_reply":
      case "pending_reply":
      case "debug_reply":
      case "variables_reply":
      case "table_reply":
      case "table_export_reply": {
        const reply = this.replies.get(msg.id);
        this.replies.delete(msg.id);
        reply?.(msg);
        return;
      }
    }
    if (isOutputMessage(msg)) {
      const target = this.current && this.current.id === msg.id ? this.current : undefined;
      if (target) this.deliver(target, msg);
      // Output of async work of a cell that already finished.
      else this.emit("late-output", msg);
    }
  }

  private send(msg: HostMessage): void {
    this.channel?.write(JSON.stringify(msg) + "\n");
  }

  private pump(): void {
    if (this.current || this.state === "starting" || this.state === "restarting" || this.state === "dead") return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    next.started = performance.now();
    const typecheck = next.options.typecheck ?? this.options.typecheck ?? "warn";
    const { cellName, language, cellUri, pauseAtStart } = next.options;
    this.send({ type: "execute", id: next.id, code: next.code, cellName, language, typecheck, ...(cellUri ? { cellUri } : {}), ...(pauseAtStart ? { pauseAtStart } : {}) });
  }

  /** Run one cell. Cells run in the order they are submitted. */
  execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (this.state === "dead") return Promise.reject(new Error("the kernel was shut down"));
    return new Promise((resolveResult) => {
      const id = newId("exec");
      options.onId?.(id);
      this.queue.push({ id, code, options, outputs: [], resolve: resolveResult });
      this.pump();
    });
  }

  /**
   * Stop the running cell, keeping every variable. A cell that ignores the interrupt for
   * `interruptGraceMs` (stuck inside a package's own loop) gets the kernel restarted.
   */
  interrupt(): void {
    if (!this.current) return;
    this.send({ type: "interrupt", id: this.current.id });
    clearTimeout(this.interruptTimer);
    const target = this.current;
    this.interruptTimer = setTimeout(() => {
      if (this.current === target) {
        this.exitReason = `the cell did not stop within ${this.options.interruptGraceMs ?? 2000} ms of an interrupt`;
        this.child?.kill("SIGKILL");
      }
    }, this.options.interruptGraceMs ?? 2000);
  }

  /** Abort what is queued, kill the process and start a fresh one. */
  async restart(): Promise<void> {
    this.setState("restarting");
    this.abortQueued("the kernel was restarted");
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      this.closing = true;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      this.closing = false;
    }
    await this.start();
    this.emit("restarted", { reason: "restart requested" });
  }

  private abortQueued(why: string): void {
    for (const p of this.queue.splice(0)) {
      p.resolve({ id: p.id, status: "aborted", outputs: [], durationMs: 0, error: { type: "error", id: p.id, ename: "Aborted", evalue: why, traceback: [`Aborted: ${why}`] } });
    }
  }

  private describeExit(code: number | null, signal: string | null): string {
    if (this.exitReason) return this.exitReason;
    if (/Reached heap limit|JavaScript heap out of memory/.test(this.stderrTail)) {
      return `the kernel ran out of memory (heap limit ${this.options.heapMb ?? 4096} MB)`;
    }
    if (signal) return `the kernel process crashed (signal ${signal})`;
    return `the kernel process exited with code ${code}`;
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null): void {
    if (child !== this.child || this.closing) return;
    clearTimeout(this.interruptTimer);
    for (const reply of this.replies.values()) reply({ type: "complete_reply", id: "", matches: [], cursorStart: 0, cursorEnd: 0 });
    this.replies.clear();
    if (this.state === "dead") {
      // Shut down while a cell ran: whoever awaits that cell gets an answer.
      const p = this.current;
      this.current = undefined;
      const evalue = "the kernel was shut down while the cell ran";
      p?.resolve({ id: p.id, status: "aborted", outputs: p.outputs, durationMs: performance.now() - (p.started ?? 0), error: { type: "error", id: p.id, ename: "Aborted", evalue, traceback: [`Aborted: ${evalue}`] } });
      return;
    }
    const reason = this.describeExit(code, signal);
    const p = this.current;
    this.current = undefined;
    if (p) {
      const where = p.options.cellName ? ` while running ${p.options.cellName}` : "";
      const evalue = `${reason}${where}. The kernel was restarted: variables defined before are lost.`;
      const error: ErrorMessage = { type: "error", id: p.id, ename: "KernelDied", evalue, traceback: [`KernelDied: ${evalue}`] };
      this.deliver(p, error);
      p.resolve({ id: p.id, status: "died", outputs: p.outputs, durationMs: performance.now() - (p.started ?? 0), error });
    }
    this.abortQueued(`not run: ${reason}`);
    this.setState("restarting");
    this.start().then(
      () => this.emit("restarted", { reason }),
      (err) => {
        this.setState("dead");
        // An EventEmitter throws an "error" nobody listens to: hosts that care listen.
        if (this.listenerCount("error") > 0) this.emit("error", err);
      },
    );
  }

  private request<T extends KernelMessage>(msg: HostMessage & { id: string }): Promise<T> {
    return new Promise((resolveReply) => {
      this.replies.set(msg.id, resolveReply as (m: KernelMessage) => void);
      this.send(msg);
    });
  }

  /** Completions at `cursor`; `cells` are the cells before this one (file order). */
  complete(code: string, cursor: number, cells?: CellSource[]): Promise<CompleteReply> {
    return this.request({ type: "complete", id: newId("complete"), code, cursor, cells });
  }

  /** Type, doc comment and value of the name at `cursor` (hover). */
  inspect(code: string, cursor: number, cells?: CellSource[]): Promise<InspectReply> {
    return this.request({ type: "inspect", id: newId("inspect"), code, cursor, cells });
  }

  /** Signature help at `cursor` inside a call's parentheses. */
  signature(code: string, cursor: number, cells?: CellSource[]): Promise<SignatureReply> {
    return this.request({ type: "signature", id: newId("signature"), code, cursor, cells });
  }

  /** Type and syntax problems of `code` given the cells before it. */
  diagnostics(code: string, cells?: CellSource[], language?: "typescript" | "javascript"): Promise<DiagnosticsReply> {
    return this.request({ type: "diagnostics", id: newId("diagnostics"), code, cells, language });
  }

  /** Resolves once every type check of executed cells has reported (typecheck "warn"). */
  settled(): Promise<void> {
    return this.request<KernelMessage>({ type: "settle", id: newId("settle") }).then(() => undefined);
  }

  /** How many timers and immediates cells left waiting in the kernel (see PendingRequest). */
  pendingTimers(): Promise<number> {
    return this.request<PendingReply>({ type: "pending", id: newId("pending") }).then((r) => r.timers);
  }

  variables(): Promise<VariablesReply> {
    return this.request({ type: "variables", id: newId("vars") });
  }

  /**
   * A page of a table's view (sorted, filtered) and optionally column statistics, computed by
   * the kernel over all rows. Waits while a cell runs (the values live on the kernel's main thread).
   */
  table(request: Omit<TableRequest, "type" | "id">): Promise<TableReply> {
    return this.request({ type: "table", id: newId("table"), ...request });
  }

  /** Write a table's view to a CSV or Parquet file (atomically, by the kernel). */
  exportTable(request: Omit<TableExportRequest, "type" | "id">): Promise<TableExportReply> {
    return this.request({ type: "table_export", id: newId("export"), ...request });
  }

  /**
   * Open Node's inspector in the kernel (127.0.0.1; `port` 0 = a free one), or close it. With
   * `wait`, the kernel runs nothing more until a debugger attaches and tells it to go on (or
   * `debug("close")` releases it). See DebugRequest in protocol.ts.
   */
  debug(action: "open" | "close", options: { port?: number; wait?: boolean } = {}): Promise<DebugReply> {
    if (this.state === "dead") return Promise.reject(new Error("the kernel was shut down"));
    return this.request<KernelMessage>({ type: "debug", id: newId("debug"), action, ...options }).then((m) => {
      // A kernel that died meanwhile answers every request with an empty reply.
      if (m.type !== "debug_reply") return { type: "debug_reply", id: "", open: false, error: "the kernel exited" };
      return m;
    });
  }

  /** Stop the kernel process for good. */
  async shutdown(): Promise<void> {
    this.abortQueued("the kernel was shut down");
    this.setState("dead");
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    this.send({ type: "shutdown" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
    await exited;
    clearTimeout(timer);
  }
}

function firstError(outputs: OutputMessage[]): ErrorMessage | undefined {
  return outputs.find((o): o is ErrorMessage => o.type === "error");
}

/** Start a kernel and wait until it is ready. */
export async function startKernel(options: KernelOptions = {}): Promise<Kernel> {
  const kernel = new Kernel(options);
  await kernel.start();
  return kernel;
}
