/**
 * The kernel's protocol thread: it owns the host channel (fd 3) so that the kernel can hear an
 * interrupt while the main thread is stuck in user code, and can stream output that a busy main
 * thread posts to it. It never runs cells.
 *
 * Interrupt, in three layers (kernels/PROTOCOL.md, "Interrupt"):
 *  1. set the shared flag that every compiled loop checks;
 *  2. raise SIGINT on the process, which `vm`'s breakOnSigint turns into an exception while
 *     the synchronous part of a cell (and anything it calls) runs;
 *  3. tell the main thread, which rejects a cell that is waiting on a promise that never settles.
 */
import { parentPort, Worker, workerData } from "node:worker_threads";
import * as net from "node:net";
import { Session } from "node:inspector";
import { join } from "node:path";
import type { CellTypeDiagnostic, HostMessage, KernelMessage } from "../protocol";
import type { TypesRequest } from "./types-thread";

interface ThreadData {
  fd: number;
  control: SharedArrayBuffer;
  /** For the types thread: the notebook folder, the declarations folder, where @types live. */
  types: { baseDir: string; typesDir: string; typeRoots: string[] };
}

const { fd, control, types: typesData } = workerData as ThreadData;
/**
 * control[0]: interrupt flag read by loop guards; [1]: exit handshake; [2]: main thread in a
 * cell's synchronous part; [3]: characters of stream text the main thread sent that are not yet
 * handed to the channel (it waits while there are too many: backpressure); [4]: 1 once the
 * channel is closed (no one to wait for); [5]: main thread blocked waiting for a debugger to attach.
 */
const flags = new Int32Array(control);
const port = parentPort!;
let running: string | undefined;

const channel = new net.Socket({ fd, readable: true, writable: true });
let buffered = "";
channel.setEncoding("utf8");
channel.on("data", (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    if (line.trim()) receive(line);
  }
});
// The host went away: nothing is left to serve. The main thread exits when it reads the
// shutdown; one held by a cell (an endless loop) cannot, so the process is ended from here after
// a moment: a kernel never outlives its host.
const gone = () => {
  Atomics.store(flags, 4, 1);
  Atomics.notify(flags, 3);
  port.postMessage({ type: "shutdown" });
  setTimeout(() => process.kill(process.pid, "SIGTERM"), 500);
};
channel.on("end", gone);
channel.on("error", gone);

// ---- the types thread (language service), started on first need ---------------------------

let typesThread: Worker | undefined;
/**
 * Cells that ran (successfully), the types thread's default context: handed over when it
 * starts, so a run that never asks for types never loads the language service (typecheck
 * "off", as in `cascade run`), a later completion still sees every cell, and a types thread
 * started again after a failure knows them too. As many as the types thread keeps.
 */
const ranCells: TypesRequest[] = [];
const MAX_RAN_CELLS = 300;
/**
 * Requests sent to the types thread and not answered yet: answered from here if it stops. A
 * completion or hover it answers empty goes on to the main thread (live values).
 */
const awaitingTypes = new Map<string, HostMessage | TypesRequest>();
/** Cells run with a check ("warn") that the types thread has not reported on yet. */
const uncheckedCells = new Map<string, string | undefined>();

function types(): Worker {
  if (!typesThread) {
    const thread = new Worker(join(__dirname, "types-thread.js"), { workerData: typesData });
    typesThread = thread;
    let failure: string | undefined;
    thread.on("message", fromTypes);
    thread.on("error", (err) => (failure = err.message));
    thread.on("exit", (code) => {
      if (typesThread === thread) typesThread = undefined;
      if (failure !== undefined || code !== 0) typesThreadStopped(failure ?? `exit code ${code}`);
    });
    for (const m of ranCells) thread.postMessage(m);
  }
  return typesThread;
}

/**
 * The types thread stopped (an error nothing caught, or out of memory): every request it had
 * is answered from here, each saying why, and the next request starts it again. Nothing waits
 * for good: a completion or hover goes to the main thread (live values), a check of a cell to
 * run ("error") stops that cell, a check of a cell that ran ("warn") arrives as a warning.
 */
function typesThreadStopped(reason: string): void {
  const why = `the kernel's types thread stopped (${reason}); it starts again with the next request`;
  process.stderr.write(`kernel: ${why}\n`);
  const notChecked = (severity: "error" | "warning"): CellTypeDiagnostic[] => [{ line: 1, column: 1, endLine: 1, endColumn: 1, message: `Not type-checked: ${why}.`, code: 0, severity }];
  const reply = (msg: KernelMessage) => {
    flushStream();
    channel.write(JSON.stringify(msg) + "\n");
  };
  // Checks of cells that ran first: a settle answered below promises them reported.
  for (const [id, cellName] of uncheckedCells) reply({ type: "diagnostics", id, cellName, diagnostics: notChecked("warning") });
  uncheckedCells.clear();
  const awaiting = [...awaitingTypes.values()];
  awaitingTypes.clear();
  for (const req of awaiting) {
    switch (req.type) {
      case "complete":
      case "inspect":
        port.postMessage(req);
        break;
      case "signature":
        reply({ type: "signature_reply", id: req.id, signatures: [], activeSignature: 0, activeParameter: 0 });
        break;
      case "diagnostics":
        reply({ type: "diagnostics_reply", id: req.id, diagnostics: notChecked("warning") });
        break;
      case "settle":
        reply({ type: "settle_reply", id: req.id });
        break;
      case "check":
        port.postMessage({ type: "check_reply", id: req.id, diagnostics: notChecked("error") });
        break;
    }
  }
}

/** Hand `msg` to the types thread (starting it), remembering it until it is answered. */
function toTypes(msg: (HostMessage | TypesRequest) & { id: string }): void {
  const thread = types();
  if (msg.type === "executed") {
    if (msg.check) uncheckedCells.set(msg.id, msg.cellName);
  } else awaitingTypes.set(msg.id, msg);
  thread.postMessage(msg);
}

function fromTypes(msg: KernelMessage | { type: "check_reply"; id: string } | { type: "checked"; ids: string[] }): void {
  if (msg.type === "checked") {
    for (const id of msg.ids) uncheckedCells.delete(id);
    return;
  }
  if (msg.type === "check_reply") {
    awaitingTypes.delete(msg.id);
    port.postMessage(msg);
    return;
  }
  const id = "id" in msg ? (msg.id as string | undefined) : undefined;
  const original = id !== undefined ? awaitingTypes.get(id) : undefined;
  if (id !== undefined) {
    awaitingTypes.delete(id);
    if (msg.type === "diagnostics") uncheckedCells.delete(id);
  }
  const empty = (msg.type === "complete_reply" && msg.matches.length === 0) || (msg.type === "inspect_reply" && !msg.found);
  if (original && (original.type === "complete" || original.type === "inspect") && empty) {
    // No types to go by (plain JavaScript values): ask the live kernel.
    port.postMessage(original);
    return;
  }
  flushStream();
  channel.write(JSON.stringify(msg) + "\n");
}

function receive(line: string): void {
  let msg: HostMessage;
  try {
    msg = JSON.parse(line);
  } catch {
    process.stderr.write(`kernel: dropped a message that is not JSON: ${line.slice(0, 80)}\n`);
    return;
  }
  if (msg.type === "interrupt") {
    if (running === undefined || (msg.id !== undefined && msg.id !== running)) return;
    Atomics.store(flags, 0, 1);
    // A loop in the cell's own code sees the flag within microseconds. SIGINT is for code that
    // is not the cell's (a package's loop) and only while the main thread is inside vm's
    // breakOnSigint region; sent later, a stray signal could stop the next cell instead.
    const target = running;
    setTimeout(() => {
      if (running === target && Atomics.load(flags, 2) === 1) process.kill(process.pid, "SIGINT");
    }, 100);
    port.postMessage({ type: "interrupt", target: running });
    return;
  }
  switch (msg.type) {
    case "debug":
      // A "close" while the main thread still waits for a debugger that never came: release it
      // through the main thread's inspector from here, as a debugger would, so it can answer.
      if (msg.action === "close" && Atomics.load(flags, 5) === 1) releaseWaitingMainThread();
      break;
    case "shutdown":
      // The main thread exits when it reads this; one stuck in a cell cannot, so after a
      // moment the process is ended from here.
      port.postMessage(msg);
      setTimeout(() => process.kill(process.pid, "SIGTERM"), 500).unref();
      return;
    case "complete":
    case "inspect":
    case "signature":
    case "diagnostics":
      toTypes(msg);
      return;
    case "settle":
      if (typesThread) toTypes(msg);
      else channel.write(JSON.stringify({ type: "settle_reply", id: msg.id }) + "\n");
      return;
  }
  port.postMessage(msg);
}

/**
 * Release a main thread waiting for a debugger (flag [5]). The flag is set just before the main
 * thread enters its wait, so a release that comes in between finds nobody waiting yet: it is
 * sent again every few milliseconds until the main thread has cleared the flag.
 */
function releaseWaitingMainThread(): void {
  if (Atomics.load(flags, 5) !== 1) return;
  try {
    const session = new Session() as Session & { connectToMainThread(): void };
    session.connectToMainThread();
    session.post("Runtime.runIfWaitingForDebugger", () => {
      session.disconnect();
      if (Atomics.load(flags, 5) === 1) setTimeout(releaseWaitingMainThread, 5);
    });
  } catch (err) {
    process.stderr.write(`kernel: could not release the main thread waiting for a debugger: ${(err as Error).message}\n`);
  }
}

// Stream text is coalesced (the main thread sends batches already; this joins what arrives in
// one turn of this thread's event loop, up to 64 KB a message). An update of a display replaced
// by a later update of the same display before anything else was sent is dropped: a progress
// display updated in a tight loop costs the host one update per turn, not one per call.
let pending: { id: string; name: "stdout" | "stderr"; text: string } | undefined;
let pendingUpdate: Extract<KernelMessage, { type: "display" }> | undefined;
let flushScheduled = false;
function flushStream(): void {
  flushScheduled = false;
  if (pending) {
    const chars = pending.text.length;
    channel.write(JSON.stringify({ type: "stream", ...pending }) + "\n", () => {
      // Handed to the OS: the main thread may send more.
      Atomics.sub(flags, 3, chars);
      Atomics.notify(flags, 3);
    });
    pending = undefined;
  }
  if (pendingUpdate) {
    channel.write(JSON.stringify(pendingUpdate) + "\n");
    pendingUpdate = undefined;
  }
}
function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushStream);
}

port.on("message", (msg: KernelMessage | { type: "exit-flush" } | TypesRequest) => {
  if (msg.type === "executed") {
    if (msg.check || typesThread) toTypes(msg);
    if (msg.ok) {
      ranCells.push({ ...msg, check: false });
      if (ranCells.length > MAX_RAN_CELLS) ranCells.shift();
    }
    return;
  }
  if (msg.type === "check") {
    toTypes(msg);
    return;
  }
  if (msg.type === "stream") {
    if (pendingUpdate || (pending && (pending.id !== msg.id || pending.name !== msg.name))) flushStream();
    if (pending) pending.text += msg.text;
    else pending = { id: msg.id, name: msg.name, text: msg.text };
    if (pending.text.length > 1 << 16) flushStream();
    else scheduleFlush();
    return;
  }
  if (msg.type === "display" && msg.update && msg.displayId !== undefined) {
    if (pendingUpdate && (pendingUpdate.displayId !== msg.displayId || pendingUpdate.id !== msg.id)) flushStream();
    if (pending) flushStream();
    pendingUpdate = msg;
    scheduleFlush();
    return;
  }
  flushStream();
  if (msg.type === "exit-flush") {
    // The main thread waits (Atomics.wait) until what it sent before exiting is written.
    channel.write("", () => {
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
    });
    return;
  }
  if (msg.type === "status") running = msg.state === "busy" ? msg.id : undefined;
  channel.write(JSON.stringify(msg) + "\n");
});
