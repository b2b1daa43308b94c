/**
 * The kernel as a Jupyter kernel: Jupyter's messaging protocol 5.3 over ZeroMQ on one side,
 * the kernel protocol (client.ts) on the other. It is a host like the CLI runner: it runs
 * cells only through `Kernel.execute`.
 *
 * Started by Jupyter through the kernelspec: `cascade jupyter --connection-file FILE`.
 */
import * as zmq from "zeromq";
import { randomUUID } from "node:crypto";
import { dirname } from "node:path";
import { startKernel, type Kernel } from "../client";
import type { DiagnosticsMessage, OutputMessage } from "../protocol";
import { isComplete } from "../compiler";
import { DEFAULT_STREAM_LIMITS, describeOmitted, StreamLimiter, type StreamLimits, type StreamName } from "../stream-limit";
import { languageInfo } from "../runner/run";
import { endpoint, readConnectionFile, type ConnectionInfo } from "./connection";
import { decode, encode, PROTOCOL_VERSION, Signer, WireError, type JupyterMessage } from "./wire";

const log = (text: string) => process.stderr.write(`cascade kernel: ${text}\n`);

/** zeromq rejects a send while another is in flight on the same socket: queue them. */
class SendQueue {
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Router | zmq.Publisher | zmq.Reply) {}
  send(frames: Array<Buffer | string>): Promise<void> {
    this.chain = this.chain
      .then(() => this.socket.send(frames as never))
      .catch((err: Error) => {
        log(`send failed: ${err.message}`);
      });
    return this.chain;
  }
}

export interface AdapterOptions {
  connectionFile: string;
  heapMb?: number;
  cwd?: string;
  /** What a cell's stream output sends (default DEFAULT_STREAM_LIMITS; `cascade jupyter --output-lines`). */
  outputLimits?: StreamLimits;
}

/** Stream text goes on iopub at most this often (ms) while a cell prints, or once 64 KB wait. */
export const STREAM_PUBLISH_MS = 50;

/**
 * One execution's stream output on iopub: batched (one message per stream run every
 * STREAM_PUBLISH_MS, not one per write), the first lines live; past the limit, lines are held
 * in the window of the last ones and sent with the note when the cell ends.
 */
class StreamPublisher {
  private readonly limiter: StreamLimiter<null>;
  private runs: Array<{ name: StreamName; text: string }> = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private sent: Promise<void> = Promise.resolve();

  constructor(
    limits: StreamLimits,
    private readonly send: (name: StreamName, text: string) => Promise<void>,
  ) {
    const hint = "cascade jupyter --output-lines N (in the kernelspec's argv) keeps more, 0 all";
    this.limiter = new StreamLimiter<null>(limits, (o) => describeOmitted(o, hint), (name, text) => this.queue(name, text));
  }

  stream(name: StreamName, text: string): void {
    this.limiter.stream(name, text);
    if (!this.limiter.eliding && this.timer === undefined) this.timer = setTimeout(() => this.tick(), STREAM_PUBLISH_MS);
  }

  /** Before any other output: what was written before it goes first. */
  other(): Promise<void> {
    this.limiter.other(null);
    return this.flush();
  }

  /** The cell ended: the rest (note, last lines) goes out. */
  async end(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.limiter.eliding) this.limiter.endOpenLines();
    for (const item of this.limiter.rest()) if (item.kind !== "other") this.queue(item.name, item.text);
    await this.flush();
  }

  private tick(): void {
    this.timer = undefined;
    // A progress line without "\n" shows while the cell runs.
    if (!this.limiter.eliding) this.limiter.endOpenLines();
    void this.flush();
  }

  private queue(name: StreamName, text: string): void {
    const last = this.runs[this.runs.length - 1];
    if (last && last.name === name) last.text += text;
    else this.runs.push({ name, text });
    this.size += text.length;
    if (this.size >= 64 * 1024) void this.flush();
  }

  private flush(): Promise<void> {
    const runs = this.runs;
    this.runs = [];
    this.size = 0;
    for (const r of runs) this.sent = this.send(r.name, r.text);
    return this.sent;
  }
}

export class JupyterAdapter {
  private readonly signer: Signer;
  private readonly session = randomUUID();
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly hb = new zmq.Reply();
  private readonly shellOut = new SendQueue(this.shell);
  private readonly controlOut = new SendQueue(this.control);
  private readonly iopubOut = new SendQueue(this.iopub);
  private kernel!: Kernel;
  /** The execute_request behind each kernel execution, for output that arrives after it. */
  private readonly parents = new Map<string, JupyterMessage>();
  private executionCount = 0;
  private shellQueue: JupyterMessage[] = [];
  private shellBusy = false;
  /** Requests queued before a failing cell are aborted, as ipykernel does with stop_on_error. */
  private abortBefore = 0;
  private received = 0;
  private closed = false;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly info: ConnectionInfo,
    private readonly options: AdapterOptions,
  ) {
    this.signer = new Signer(info.key, info.signature_scheme);
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  async start(): Promise<void> {
    const binds: Array<[zmq.Socket, number, string]> = [
      [this.shell, this.info.shell_port, "shell"],
      [this.control, this.info.control_port, "control"],
      [this.stdin, this.info.stdin_port, "stdin"],
      [this.iopub, this.info.iopub_port, "iopub"],
      [this.hb, this.info.hb_port, "heartbeat"],
    ];
    for (const [socket, port, name] of binds) {
      socket.linger = 0;
      try {
        await socket.bind(endpoint(this.info, port));
      } catch (err) {
        throw new Error(`cannot listen on the ${name} port ${port} (${this.info.ip}): ${(err as Error).message}`);
      }
    }
    this.kernel = await startKernel({ cwd: this.options.cwd, heapMb: this.options.heapMb });
    this.kernel.on("late-output", (o: OutputMessage) => this.publishOutput(o, this.parents.get(o.id)));
    // Type warnings of a cell that already ran: shown under it as stderr, as a linter would.
    this.kernel.on("diagnostics", (m: DiagnosticsMessage) => {
      const text = m.diagnostics.map((d) => `warning: ${m.cellName ?? "cell"}:${d.line}:${d.column} TS${d.code}: ${d.message}\n`).join("");
      void this.publish("stream", { name: "stderr", text }, this.parents.get(m.id));
    });
    this.kernel.on("restarted", ({ reason }: { reason: string }) => log(`kernel restarted: ${reason}`));
    this.publish("status", { execution_state: "starting" }, undefined);
    void this.heartbeat();
    void this.serve(this.shell, "shell");
    void this.serve(this.control, "control");
    void this.serve(this.stdin, "stdin");
    process.on("SIGINT", () => this.kernel.interrupt());
    process.on("SIGTERM", () => void this.close());
    // Orphaned (the Jupyter server died without stopping us): leave instead of lingering.
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && void this.close(), 2000).unref();
  }

  /** Resolves when the adapter has shut down. */
  finished(): Promise<void> {
    return this.done;
  }

  private async heartbeat(): Promise<void> {
    try {
      for await (const frames of this.hb) await this.hb.send(frames);
    } catch (err) {
      if (!this.closed) log(`heartbeat stopped: ${(err as Error).message}`);
    }
  }

  private async serve(socket: zmq.Router, channel: "shell" | "control" | "stdin"): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: JupyterMessage;
        try {
          msg = decode(frames as Buffer[], this.signer);
        } catch (err) {
          if (err instanceof WireError) {
            log(`dropped a message on ${channel}: ${err.message}`);
            continue;
          }
          throw err;
        }
        if (channel === "control") void this.handleControl(msg);
        else if (channel === "shell") this.enqueueShell(msg);
      }
    } catch (err) {
      if (!this.closed) log(`${channel} channel stopped: ${(err as Error).message}`);
    }
  }

  private publish(msgType: string, content: Record<string, unknown>, parent: JupyterMessage | undefined): Promise<void> {
    const topic = Buffer.from(`kernel.${this.session}.${msgType}`);
    return this.iopubOut.send(encode(this.signer, msgType, content, parent, { identities: [topic], session: this.session }));
  }

  private reply(channel: "shell" | "control", parent: JupyterMessage, msgType: string, content: Record<string, unknown>): Promise<void> {
    const frames = encode(this.signer, msgType, content, parent, { session: this.session });
    return (channel === "shell" ? this.shellOut : this.controlOut).send(frames);
  }

  private async withStatus(parent: JupyterMessage, work: () => Promise<void>): Promise<void> {
    await this.publish("status", { execution_state: "busy" }, parent);
    try {
      await work();
    } finally {
      await this.publish("status", { execution_state: "idle" }, parent);
    }
  }

  private enqueueShell(msg: JupyterMessage): void {
    this.received++;
    (msg as JupyterMessage & { seq?: number }).seq = this.received;
    this.shellQueue.push(msg);
    void this.drainShell();
  }

  private async drainShell(): Promise<void> {
    if (this.shellBusy) return;
    this.shellBusy = true;
    try {
      while (this.shellQueue.length > 0) {
        const msg = this.shellQueue.shift()!;
        try {
          await this.handleShell(msg);
        } catch (err) {
          log(`${msg.header.msg_type} failed: ${(err as Error).stack ?? err}`);
        }
      }
    } finally {
      this.shellBusy = false;
    }
  }

  private async handleControl(msg: JupyterMessage): Promise<void> {
    switch (msg.header.msg_type) {
      case "interrupt_request":
        this.kernel.interrupt();
        await this.reply("control", msg, "interrupt_reply", { status: "ok" });
        return;
      case "shutdown_request":
        await this.shutdown(msg, "control");
        return;
      case "kernel_info_request":
        await this.reply("control", msg, "kernel_info_reply", this.kernelInfo());
        return;
      default:
        log(`ignored control message ${msg.header.msg_type}`);
    }
  }

  private kernelInfo(): Record<string, unknown> {
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "cascade",
      implementation_version: this.kernel.versions?.kernel ?? "",
      language_info: languageInfo(),
      banner: `Cascade TypeScript kernel (TypeScript ${this.kernel.versions?.typescript}, Node ${this.kernel.versions?.node})`,
      help_links: [],
    };
  }

  private async handleShell(msg: JupyterMessage): Promise<void> {
    const c = msg.content;
    switch (msg.header.msg_type) {
      case "kernel_info_request":
        return this.withStatus(msg, () => this.reply("shell", msg, "kernel_info_reply", this.kernelInfo()));
      case "execute_request":
        return this.withStatus(msg, () => this.execute(msg));
      case "complete_request":
        return this.withStatus(msg, async () => {
          const code = String(c.code ?? "");
          const r = await this.kernel.complete(code, Number(c.cursor_pos ?? code.length));
          await this.reply("shell", msg, "complete_reply", {
            status: "ok",
            matches: r.matches.map((m) => m.label),
            cursor_start: r.cursorStart,
            cursor_end: r.cursorEnd,
            metadata: { _jupyter_types_experimental: r.matches.map((m) => ({ text: m.label, type: m.kind, start: r.cursorStart, end: r.cursorEnd })) },
          });
        });
      case "inspect_request":
        return this.withStatus(msg, async () => {
          const code = String(c.code ?? "");
          const r = await this.kernel.inspect(code, Number(c.cursor_pos ?? code.length));
          await this.reply("shell", msg, "inspect_reply", { status: "ok", found: r.found, data: r.data, metadata: {} });
        });
      case "is_complete_request":
        return this.withStatus(msg, () => this.reply("shell", msg, "is_complete_reply", isComplete(String(c.code ?? ""))));
      case "comm_info_request":
        return this.withStatus(msg, () => this.reply("shell", msg, "comm_info_reply", { status: "ok", comms: {} }));
      case "history_request":
        return this.withStatus(msg, () => this.reply("shell", msg, "history_reply", { status: "ok", history: [] }));
      case "shutdown_request":
        return this.shutdown(msg, "shell");
      default:
        log(`ignored shell message ${msg.header.msg_type}`);
    }
  }

  private publishOutput(o: OutputMessage, parent: JupyterMessage | undefined, count?: number): Promise<void> {
    switch (o.type) {
      case "stream":
        return this.publish("stream", { name: o.name, text: o.text }, parent);
      case "display":
        return this.publish(o.update ? "update_display_data" : "display_data", { data: o.data, metadata: o.metadata, transient: o.displayId ? { display_id: o.displayId } : {} }, parent);
      case "result":
        return this.publish("execute_result", { execution_count: count ?? this.executionCount, data: o.data, metadata: o.metadata }, parent);
      case "error":
        return this.publish("error", { ename: o.ename, evalue: o.evalue, traceback: o.traceback }, parent);
    }
  }

  private async execute(msg: JupyterMessage): Promise<void> {
    const c = msg.content;
    const code = String(c.code ?? "");
    const silent = Boolean(c.silent);
    const storeHistory = c.store_history === undefined ? !silent : Boolean(c.store_history);
    const seq = (msg as JupyterMessage & { seq?: number }).seq ?? 0;
    if (seq <= this.abortBefore) {
      await this.reply("shell", msg, "execute_reply", { status: "aborted", execution_count: this.executionCount });
      return;
    }
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (!silent) await this.publish("execute_input", { code, execution_count: count }, msg);
    const pending: Promise<void>[] = [];
    const streams = new StreamPublisher(this.options.outputLimits ?? DEFAULT_STREAM_LIMITS, (name, text) => this.publish("stream", { name, text }, msg));
    const result = await this.kernel.execute(code, {
      cellName: `In[${count}]`,
      keepOutputs: false,
      // Before any output: async work of this cell may report after its reply.
      onId: (id) => this.parents.set(id, msg),
      onOutput: (o) => {
        if (silent) return;
        if (o.type === "stream") streams.stream(o.name, o.text);
        else {
          // Sends queue in call order: the text written before this output goes first.
          void streams.other();
          pending.push(this.publishOutput(o, msg, count));
        }
      },
    });
    pending.push(streams.end());
    await Promise.all(pending);
    this.parents.set(result.id, msg);
    if (this.parents.size > 500) this.parents.delete(this.parents.keys().next().value!);
    if (result.status === "ok") {
      await this.reply("shell", msg, "execute_reply", { status: "ok", execution_count: count, user_expressions: {}, payload: [] });
      return;
    }
    const err = result.error;
    if (c.stop_on_error !== false) this.abortBefore = this.received;
    await this.reply("shell", msg, "execute_reply", {
      status: result.status === "aborted" ? "aborted" : "error",
      execution_count: count,
      ename: err?.ename ?? "Error",
      evalue: err?.evalue ?? result.status,
      traceback: err?.traceback ?? [],
    });
  }

  private async shutdown(msg: JupyterMessage, channel: "shell" | "control"): Promise<void> {
    const restart = Boolean(msg.content.restart);
    await this.reply(channel, msg, "shutdown_reply", { status: "ok", restart });
    // Jupyter restarts a kernel by stopping this process and starting a new one.
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.kernel?.shutdown();
    } finally {
      for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
      this.resolveDone();
    }
  }
}

/** `cascade jupyter --connection-file FILE`: serve until Jupyter shuts the kernel down. */
export async function runJupyterKernel(options: AdapterOptions): Promise<void> {
  const info = readConnectionFile(options.connectionFile);
  const adapter = new JupyterAdapter(info, { cwd: options.cwd ?? process.cwd() ?? dirname(options.connectionFile), ...options });
  await adapter.start();
  await adapter.finished();
}
