/**
 * Kernel output messages -> nbformat outputs, as a notebook file stores them: consecutive
 * stream text merged, text MIME data as lists of lines, display updates applied in place.
 */
import type { OutputMessage } from "../protocol";
import { splitLines, type NbOutput } from "../notebook";

function isJsonMime(mime: string): boolean {
  return mime === "application/json" || /\+json$/.test(mime);
}

/** MIME data as nbformat stores it: JSON types as objects, text as lists of lines. */
export function toNbData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data)) {
    if (isJsonMime(mime)) out[mime] = value;
    else if (typeof value === "string" && (mime.startsWith("text/") || mime === "image/svg+xml" || mime === "application/javascript")) out[mime] = splitLines(value);
    else out[mime] = value;
  }
  return out;
}

/** Collects one cell's outputs. `displays` is shared by all cells of a notebook. */
export class OutputCollector {
  readonly outputs: NbOutput[] = [];

  constructor(
    private readonly displays: Map<string, { data: Record<string, unknown> }>,
    private readonly executionCount: number,
  ) {}

  add(msg: OutputMessage): void {
    switch (msg.type) {
      case "stream": {
        const last = this.outputs[this.outputs.length - 1];
        if (last && last.output_type === "stream" && last.name === msg.name) {
          last.text = splitLines((last.text as string[]).join("") + msg.text);
        } else {
          this.outputs.push({ output_type: "stream", name: msg.name, text: splitLines(msg.text) });
        }
        return;
      }
      case "display": {
        const data = toNbData(msg.data);
        const existing = msg.displayId ? this.displays.get(msg.displayId) : undefined;
        if (msg.update) {
          // An update of a display no cell shows is dropped, as in Jupyter.
          if (existing) existing.data = data;
          return;
        }
        const output = { output_type: "display_data" as const, data, metadata: msg.metadata ?? {} };
        this.outputs.push(output);
        if (msg.displayId) this.displays.set(msg.displayId, output);
        return;
      }
      case "result":
        this.outputs.push({ output_type: "execute_result", data: toNbData(msg.data), metadata: msg.metadata ?? {}, execution_count: this.executionCount });
        return;
      case "error":
        this.outputs.push({ output_type: "error", ename: msg.ename, evalue: msg.evalue, traceback: msg.traceback });
        return;
    }
  }
}
