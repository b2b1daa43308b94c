/**
 * Kernel output messages -> nbformat outputs, as a notebook file stores them: consecutive
 * stream text merged, text MIME data as lists of lines, display updates applied in place, and
 * stream output past the limit left out with a note (stream-limit.ts).
 */
import type { OutputMessage } from "../protocol";
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { splitLines, type NbOutput } from "../notebook";
import { DEFAULT_STREAM_LIMITS, describeOmitted, StreamLimiter, type StreamLimits } from "../stream-limit";

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

export interface CollectorOptions {
  /** What stream output the file keeps (default DEFAULT_STREAM_LIMITS). */
  limits?: StreamLimits;
  /**
   * Where the cell's full stream text goes when lines are left out (stdout and stderr in the
   * order written); the note names it as `fullOutputLabel`.
   */
  fullOutputFile?: string;
  fullOutputLabel?: string;
}

/**
 * Collects one cell's outputs. `displays` is shared by all cells of a notebook. Stream output
 * goes through a StreamLimiter: the file keeps the first and last lines and a note in between.
 * Call `finish()` once no more output can come; `outputs` is then what the file stores.
 */
export class OutputCollector {
  private readonly limiter: StreamLimiter<NbOutput>;
  private fullFd: number | undefined;
  private fullOpenFailed = false;

  constructor(
    private readonly displays: Map<string, { data: Record<string, unknown> }>,
    private readonly executionCount: number,
    private readonly options: CollectorOptions = {},
  ) {
    const hint = options.fullOutputFile
      ? `the full text is in ${options.fullOutputLabel ?? options.fullOutputFile}`
      : "cascade run --output-lines N keeps more (0: all), --full-output DIR writes the full text beside";
    this.limiter = new StreamLimiter<NbOutput>(options.limits ?? DEFAULT_STREAM_LIMITS, (o) => describeOmitted(o, hint));
  }

  /** The outputs as the file stores them: stream runs joined, lines left out said so. */
  get outputs(): NbOutput[] {
    const out: NbOutput[] = [];
    for (const item of this.limiter.items()) {
      if (item.kind === "other") {
        out.push(item.value);
        continue;
      }
      const last = out[out.length - 1];
      if (last && last.output_type === "stream" && last.name === item.name) (last.text as string[]).push(...splitLines(item.text));
      else out.push({ output_type: "stream", name: item.name, text: splitLines(item.text) });
    }
    return out;
  }

  /** True once lines of stream output were left out. */
  get truncated(): boolean {
    return this.limiter.truncated;
  }

  add(msg: OutputMessage): void {
    switch (msg.type) {
      case "stream":
        this.limiter.stream(msg.name, msg.text);
        if (this.options.fullOutputFile) this.writeFull(msg.text);
        return;
      case "display": {
        const data = toNbData(msg.data);
        const existing = msg.displayId ? this.displays.get(msg.displayId) : undefined;
        if (msg.update) {
          // An update of a display no cell shows is dropped, as in Jupyter.
          if (existing) existing.data = data;
          return;
        }
        const output = { output_type: "display_data" as const, data, metadata: msg.metadata ?? {} };
        this.limiter.other(output);
        if (msg.displayId) this.displays.set(msg.displayId, output);
        return;
      }
      case "result":
        this.limiter.other({ output_type: "execute_result", data: toNbData(msg.data), metadata: msg.metadata ?? {}, execution_count: this.executionCount });
        return;
      case "error":
        this.limiter.other({ output_type: "error", ename: msg.ename, evalue: msg.evalue, traceback: msg.traceback });
        return;
    }
  }

  private writeFull(text: string): void {
    if (this.fullOpenFailed) return;
    try {
      this.fullFd ??= openSync(`${this.options.fullOutputFile}.tmp`, "w");
      writeSync(this.fullFd, text);
    } catch (err) {
      this.fullOpenFailed = true;
      throw new Error(`cannot write the full output to ${this.options.fullOutputFile}: ${(err as Error).message}`);
    }
  }

  /**
   * No more output comes: the full text is put in place (through a rename) if lines were left
   * out, and dropped if the file holds all of it. Returns the file written, if any.
   */
  finish(): string | undefined {
    if (this.fullFd === undefined) return undefined;
    closeSync(this.fullFd);
    this.fullFd = undefined;
    const file = this.options.fullOutputFile!;
    if (this.limiter.truncated) {
      renameSync(`${file}.tmp`, file);
      return file;
    }
    unlinkSync(`${file}.tmp`);
    return undefined;
  }
}
