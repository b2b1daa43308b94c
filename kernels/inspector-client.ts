/**
 * A small Chrome DevTools Protocol client over a WebSocket: what a debugger does to a kernel
 * opened with `debug("open")` (kernels/client.ts), for tests and benchmarks that need a real
 * inspector session rather than VS Code. Not used by the kernel or the extension.
 *
 * @example
 *   const cdp = await InspectorClient.connect((await kernel.debug("open", { wait: true })).url!);
 *   await cdp.send("Debugger.enable");
 *   await cdp.send("Runtime.runIfWaitingForDebugger");
 */
import { SourceMap } from "node:module";
import WebSocket from "ws";

export interface ScriptParsed {
  scriptId: string;
  url: string;
  sourceMapURL?: string;
}

export interface PausedEvent {
  reason: string;
  callFrames: Array<{ callFrameId: string; functionName: string; url: string; location: { scriptId: string; lineNumber: number; columnNumber: number } }>;
}

export class InspectorClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners = new Map<string, Array<(params: unknown) => void>>();
  /** Every script the debugger was told about, by id. */
  readonly scripts = new Map<string, ScriptParsed>();

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p?.resolve(msg.result);
        return;
      }
      if (msg.method === "Debugger.scriptParsed") {
        const s = msg.params as ScriptParsed;
        this.scripts.set(s.scriptId, s);
      }
      for (const l of this.listeners.get(msg.method ?? "") ?? []) l(msg.params);
    });
    ws.on("close", () => {
      for (const p of this.pending.values()) p.reject(new Error(`${p.method}: the inspector closed the connection`));
      this.pending.clear();
    });
  }

  static connect(url: string): Promise<InspectorClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once("open", () => resolve(new InspectorClient(ws)));
      ws.once("error", reject);
    });
  }

  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method: string, listener: (params: unknown) => void): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), listener]);
  }

  /** The next `method` event (e.g. "Debugger.paused"), or an error after `ms`. */
  next<T>(method: string, ms = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${ms} ms`)), ms);
      const list = this.listeners.get(method) ?? [];
      const once = (p: unknown) => {
        clearTimeout(timer);
        this.listeners.set(method, (this.listeners.get(method) ?? []).filter((l) => l !== once));
        resolve(p as T);
      };
      this.listeners.set(method, [...list, once]);
    });
  }

  /** Resolves when the inspector closes the connection (or at once if it is closed). */
  closed(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.ws.once("close", () => resolve()));
  }

  close(): void {
    this.ws.close();
  }
}

/** The source map a script carries inline (`data:` URL), parsed; undefined if none. */
export function inlineSourceMap(script: ScriptParsed): { sources: string[]; sourcesContent?: string[]; mappings: string } | undefined {
  const m = /^data:application\/json[^,]*;base64,(.*)$/.exec(script.sourceMapURL ?? "");
  return m ? JSON.parse(Buffer.from(m[1], "base64").toString("utf8")) : undefined;
}

/** The first position (0-based) in `script` that its inline source map maps to `line` (1-based). */
export async function generatedPosition(cdp: InspectorClient, script: ScriptParsed, line: number): Promise<{ lineNumber: number; columnNumber: number }> {
  const raw = inlineSourceMap(script);
  if (!raw) throw new Error(`script ${script.url} has no inline source map`);
  const map = new SourceMap(raw as never);
  const { scriptSource } = await cdp.send<{ scriptSource: string }>("Debugger.getScriptSource", { scriptId: script.scriptId });
  const lines = scriptSource.split("\n");
  for (let l = 0; l < lines.length; l++) {
    for (let c = 0; c < lines[l].length; c++) {
      const e = map.findEntry(l, c) as { generatedLine?: number; generatedColumn?: number; originalLine?: number };
      if (e.generatedLine === l && e.generatedColumn === c && e.originalLine === line - 1) return { lineNumber: l, columnNumber: c };
    }
  }
  throw new Error(`no position of ${script.url} maps to line ${line}`);
}
