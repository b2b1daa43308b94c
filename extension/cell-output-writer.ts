/**
 * Kernel output messages into one cell's outputs, during an execution: consecutive stream
 * writes of the same stream join one output (as Jupyter shows them), displays with an id can
 * be updated in place, results and errors become outputs of their own; stream output past the
 * `cascade.output.lineLimit` setting keeps its first and last lines and a note.
 *
 * The output metadata (`outputType`, `originalError`) is what VS Code's ipynb serializer reads
 * to write Jupyter's output types back to the file, so a saved notebook matches nbformat.
 */
import { noteTable, outputId } from "./data-viewer/handles";
import * as vscode from "vscode";
import type { MimeBundle, OutputMessage } from "../kernels/protocol";
import { bundleItems, errorItem } from "./output-items";
import { DEFAULT_STREAM_LIMITS, describeOmitted, StreamLimiter, type StreamLimits, type StreamName } from "../kernels/stream-limit";

/** A MIME bundle as VS Code output items, in display order (output-items.ts). */
export function toOutputItems(bundle: MimeBundle): vscode.NotebookCellOutputItem[] {
  return bundleItems(bundle).map((item) => {
    if (item.encoding === "json") return vscode.NotebookCellOutputItem.json(item.value, item.mime);
    if (item.encoding === "base64") return new vscode.NotebookCellOutputItem(Buffer.from(item.value as string, "base64"), item.mime);
    return vscode.NotebookCellOutputItem.text(item.value as string, item.mime);
  });
}

const STREAM_MIMES = ["application/vnd.code.notebook.stdout", "application/vnd.code.notebook.stderr"];

/** The stream ("stdout" | "stderr") an existing output holds, if it is a stream output. */
function streamOf(output: vscode.NotebookCellOutput | undefined): "stdout" | "stderr" | undefined {
  const mime = output?.items.length ? output.items[0].mime : undefined;
  if (mime === STREAM_MIMES[0]) return "stdout";
  if (mime === STREAM_MIMES[1]) return "stderr";
  return undefined;
}

const streamItem = (name: StreamName, text: string) => (name === "stdout" ? vscode.NotebookCellOutputItem.stdout(text) : vscode.NotebookCellOutputItem.stderr(text));

/** While the first lines come, the cell is updated this often (ms); past them, less often. */
export const OUTPUT_BATCH_MS = 100;
export const OUTPUT_TAIL_BATCH_MS = 500;

export interface WriterOptions {
  /** The cell's outputs before this execution (late output joins them); kept as they are. */
  existing?: readonly vscode.NotebookCellOutput[];
  /** What the cell keeps of its stream output (the `cascade.output.lineLimit` setting). */
  limits?: StreamLimits;
}

/** An output this writer put in the cell, with the stream text it holds. */
interface Shown {
  /** Unset for stream text not in the cell yet. */
  output?: vscode.NotebookCellOutput;
  name?: StreamName;
  text?: string;
}

/**
 * Writes one execution's outputs into its cell. Outputs are batched: the writer keeps what the
 * cell should show (a StreamLimiter: the first lines, a note, the last lines) and brings the
 * cell up to date every OUTPUT_BATCH_MS with as few calls as it can (text added to a stream
 * output is appended, a moving window of last lines replaced), so a cell printing a million
 * lines costs VS Code a few calls a second, not one per line. `flush()` before ending the
 * execution.
 */
export class CellOutputWriter {
  private readonly limiter: StreamLimiter<vscode.NotebookCellOutput>;
  private readonly displays = new Map<string, vscode.NotebookCellOutput>();
  /** Outputs of the cell this writer does not own (before a late-output execution). */
  private readonly existing: vscode.NotebookCellOutput[];
  /** The last existing output, when it is a stream output later text may join. */
  private readonly continued: Shown | undefined;
  private shown: Shown[] = [];
  /** Displays updated since they were shown. */
  private readonly dirty = new Set<vscode.NotebookCellOutput>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly execution: vscode.NotebookCellExecution,
    options: WriterOptions | vscode.NotebookCellOutput = {},
  ) {
    const opts: WriterOptions = options instanceof vscode.NotebookCellOutput ? { existing: [options] } : options;
    this.existing = [...(opts.existing ?? [])];
    const last = this.existing[this.existing.length - 1];
    const name = streamOf(last);
    if (last && name) {
      this.existing.pop();
      this.continued = { output: last, name, text: "" };
      this.shown.push({ ...this.continued });
    }
    const hint = "the setting cascade.output.lineLimit keeps more (0: all)";
    this.limiter = new StreamLimiter(opts.limits ?? DEFAULT_STREAM_LIMITS, (o) => describeOmitted(o, hint));
  }

  write(msg: OutputMessage): void {
    switch (msg.type) {
      case "stream":
        this.limiter.stream(msg.name, msg.text);
        break;
      case "display": {
        const previous = msg.displayId ? this.displays.get(msg.displayId) : undefined;
        if (msg.update) {
          // An update of a display this execution never showed (another cell's) has nowhere to go.
          if (!previous) return;
          noteTable(outputId(previous), msg.table?.handle);
          // Only the last of many updates between two batches reaches VS Code.
          previous.items = toOutputItems(msg.data);
          if (this.shown.some((s) => s.output === previous)) this.dirty.add(previous);
          break;
        }
        const metadata = { outputType: "display_data", metadata: msg.metadata, ...(msg.displayId ? { transient: { display_id: msg.displayId } } : {}) };
        const output = new vscode.NotebookCellOutput(toOutputItems(msg.data), metadata);
        noteTable(outputId(output), msg.table?.handle);
        if (msg.displayId) this.displays.set(msg.displayId, output);
        this.limiter.other(output);
        break;
      }
      case "result": {
        const output = new vscode.NotebookCellOutput(toOutputItems(msg.data), { outputType: "execute_result", metadata: msg.metadata });
        noteTable(outputId(output), msg.table?.handle);
        this.limiter.other(output);
        break;
      }
      case "error": {
        const error = errorItem(msg);
        const item = vscode.NotebookCellOutputItem.error(Object.assign(new Error(error.message), error));
        this.limiter.other(new vscode.NotebookCellOutput([item], { outputType: "error", originalError: { ename: msg.ename, evalue: msg.evalue, traceback: msg.traceback } }));
        break;
      }
    }
    this.timer ??= setTimeout(() => this.flush(), this.limiter.eliding ? OUTPUT_TAIL_BATCH_MS : OUTPUT_BATCH_MS);
  }

  /** An error that is the extension's, not the cell's (no kernel, Restricted Mode). */
  writeHostError(name: string, message: string): void {
    this.write({ type: "error", id: "", ename: name, evalue: message, traceback: [] });
    this.flush();
  }

  /** Bring the cell up to date now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const want = this.wanted();
    const shown = this.shown;
    let i = 0;
    // Keep what already matches: same output, or stream text that only grew (append the rest).
    for (; i < Math.min(want.length, shown.length); i++) {
      const w = want[i];
      const s = shown[i];
      if (w.name === undefined) {
        if (w.output === s.output) continue;
        break;
      }
      if (w.name !== s.name) break;
      if (w.text === s.text) continue;
      if (w.text!.startsWith(s.text!)) void this.execution.appendOutputItems(streamItem(w.name, w.text!.slice(s.text!.length)), s.output!);
      else void this.execution.replaceOutputItems(streamItem(w.name, w.text!), s.output!);
      s.text = w.text;
    }
    for (const output of this.dirty) if (shown.slice(0, i).some((s) => s.output === output)) void this.execution.replaceOutputItems(output.items, output);
    this.dirty.clear();
    if (i === want.length && i === shown.length) return;
    const fresh: Shown[] = want.slice(i).map((w) => ({ output: w.output ?? new vscode.NotebookCellOutput([streamItem(w.name!, w.text!)], { outputType: "stream" }), name: w.name, text: w.text }));
    this.shown = shown.slice(0, i).concat(fresh);
    if (i === shown.length) {
      // Only new outputs at the end: append them.
      for (const f of fresh) void this.execution.appendOutput(f.output!);
      return;
    }
    // Something in the middle changed (the window of last lines moved across a stream switch):
    // one replace of the whole list, the unchanged outputs passed as they are.
    void this.execution.replaceOutput([...this.existing, ...this.shown.map((s) => s.output!)]);
  }

  /** What the cell should show now, each stream run with its whole text. */
  private wanted(): Shown[] {
    const want: Shown[] = [];
    for (const item of this.limiter.items()) {
      if (item.kind === "other") {
        want.push({ output: item.value });
        continue;
      }
      const last = want[want.length - 1];
      if (last && last.name === item.name && last.output === undefined) last.text += item.text;
      else want.push({ name: item.name, text: item.text });
    }
    // Late output: text of the stream the cell's last output holds joins that output; other
    // output comes after it.
    const c = this.continued;
    if (c && !(want.length > 0 && want[0].name === c.name)) want.unshift({ output: c.output, name: c.name, text: "" });
    return want;
  }
}
