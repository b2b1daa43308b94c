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
import type { HostMessage, KernelMessage } from "../protocol";
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
 * Cells that ran before the types thread was needed (typecheck "off", as in `cascade run`):
 * kept here and handed over when it starts, so a run that never asks for types never loads
 * the language service, and a later completion still sees every cell.
 */
const executedBeforeTypes: TypesRequest[] = [];
/** Requests the types thread could not answer go to the main thread (live values). */
const fallback = new Map<string, HostMessage>();

function types(): Worker {
  if (!typesThread) {
    typesThread = new Worker(join(__dirname, "types-thread.js"), { workerData: typesData });
    typesThread.on("message", fromTypes);
    typesThread.on("error", (err) => process.stderr.write(`kernel: the types thread failed: ${err.message}\n`));
    for (const m of executedBeforeTypes.splice(0)) typesThread.postMessage(m);
  }
  return typesThread;
}

function fromTypes(msg: KernelMessage | { type: "check_reply"; id: string }): void {
  if (msg.type === "check_reply") {
    port.postMessage(msg);
    return;
  }
  const id = "id" in msg ? (msg.id as string | undefined) : undefined;
  const original = id !== undefined ? fallback.get(id) : undefined;
  if (id !== undefined) fallback.delete(id);
  const empty = (msg.type === "complete_reply" && msg.matches.length === 0) || (msg.type === "inspect_reply" && !msg.found);
  if (original && empty) {
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
      fallback.set(msg.id, msg);
      types().postMessage(msg);
      return;
    case "signature":
    case "diagnostics":
      types().postMessage(msg);
      return;
    case "settle":
      if (typesThread) typesThread.postMessage(msg);
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
  if (msg.type === "executed" && !msg.check && !typesThread) {
    executedBeforeTypes.push(msg);
    return;
  }
  if (msg.type === "executed" || msg.type === "check") {
    types().postMessage(msg);
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
