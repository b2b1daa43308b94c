/**
 * What a cell's stream output keeps when it prints more than anyone reads: the first lines and
 * the last lines, and a note saying how many were left out in between. Every host stores stream
 * output through this (the runner in the file, the Jupyter adapter on iopub, the VS Code
 * controller in the cell), so a cell that prints a million lines costs each of them time linear
 * in the output and memory bounded by the limit.
 *
 * Lines are kept whole, stdout and stderr apart (each in its own runs, in the order written).
 * Other outputs (displays, results, errors) are never left out; they keep their place among the
 * kept lines.
 *
 * @example
 *   const s = new StreamLimiter<string>({ lines: 4, chars: 1000 });
 *   for (let i = 0; i < 10; i++) s.stream("stdout", `line ${i}\n`);
 *   s.items(); // stdout "line 0\nline 1\n", the note (6 lines left out), stdout "line 8\nline 9\n"
 */

export type StreamName = "stdout" | "stderr";

export interface StreamLimits {
  /** Lines kept per cell: the first half and the last half (0: no limit). */
  lines: number;
  /** Characters kept per cell, split the same way (0: no limit). */
  chars: number;
}

/** Default: 5,000 lines (first 2,500, last 2,500) and 1,000,000 characters per cell. */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { lines: 5000, chars: 1_000_000 };

/** Limits from a line count alone: 200 characters a line on average, at least 100,000. */
export function limitsForLines(lines: number): StreamLimits {
  if (!Number.isInteger(lines) || lines < 0) throw new RangeError(`the output line limit must be a whole number >= 0 (0: no limit), not ${lines}`);
  if (lines === 0) return { lines: 0, chars: 0 };
  return { lines, chars: Math.max(100_000, lines * 200) };
}

export type LimitedItem<T> =
  | { kind: "stream"; name: StreamName; text: string }
  | { kind: "note"; name: StreamName; text: string }
  | { kind: "other"; value: T };

export interface OmittedStats {
  lines: number;
  chars: number;
  totalLines: number;
  keptFirst: number;
  keptLast: number;
}

interface Line {
  name: StreamName;
  /** undefined: too long to keep (only its length counts). */
  text: string | undefined;
  length: number;
  seq: number;
}

export class StreamLimiter<T> {
  private readonly headMaxLines: number;
  private readonly tailMaxLines: number;
  private readonly halfChars: number;
  /** The first part, in order: stream runs (same stream joined) and other outputs. */
  private readonly head: LimitedItem<T>[] = [];
  private headLines = 0;
  private headChars = 0;
  private eliding_ = false;
  /** Lines after the head: a sliding window of the last ones (from `tailStart`). */
  private tail: Line[] = [];
  private tailStart = 0;
  private tailChars = 0;
  /** Other outputs that arrived after the head was full, with their place among the lines. */
  private readonly later: Array<{ value: T; seq: number }> = [];
  private seq = 0;
  /** A line not ended yet, per stream. */
  private readonly partial: Record<StreamName, { parts: string[]; length: number; oversized: boolean }> = {
    stdout: { parts: [], length: 0, oversized: false },
    stderr: { parts: [], length: 0, oversized: false },
  };
  private lastStream: StreamName | undefined;
  private omittedLines = 0;
  private omittedChars = 0;
  private firstOmitted: StreamName | undefined;
  private totalLines = 0;

  constructor(
    private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
    /** The note's text; the default says how many lines were left out and what was kept. */
    private readonly describe: (o: OmittedStats) => string = describeOmitted,
    /** Called with each line as it joins the head (a host that shows output live sends it on). */
    private readonly onHead?: (name: StreamName, text: string) => void,
  ) {
    const unlimited = limits.lines <= 0;
    this.headMaxLines = unlimited ? Infinity : Math.ceil(limits.lines / 2);
    this.tailMaxLines = unlimited ? Infinity : Math.floor(limits.lines / 2);
    this.halfChars = limits.chars <= 0 ? Infinity : Math.floor(limits.chars / 2);
  }

  /** Stream text as written (any piece of a line, or many lines). */
  stream(name: StreamName, text: string): void {
    if (text === "") return;
    if (this.lastStream !== undefined && this.lastStream !== name) this.endPartial(this.lastStream);
    this.lastStream = name;
    let from = 0;
    let nl: number;
    while ((nl = text.indexOf("\n", from)) >= 0) {
      this.addToPartial(name, text.slice(from, nl + 1));
      this.endPartial(name);
      from = nl + 1;
    }
    if (from < text.length) this.addToPartial(name, from === 0 ? text : text.slice(from));
  }

  /** Any other output: kept, in its place. */
  other(value: T): void {
    if (this.lastStream) this.endPartial(this.lastStream);
    this.lastStream = undefined;
    if (!this.eliding_) this.head.push({ kind: "other", value });
    else this.later.push({ value, seq: ++this.seq });
  }

  /** True once the head is full: later lines go to the window of the last ones. */
  get eliding(): boolean {
    return this.eliding_;
  }

  /**
   * End the lines not ended yet (a progress line without "\n"), so that a live host can show
   * them; each counts as a line.
   */
  endOpenLines(): void {
    this.endPartial("stdout");
    this.endPartial("stderr");
  }

  /** True once lines were left out. */
  get truncated(): boolean {
    return this.omittedLines > 0 || this.pendingOmitted() > 0;
  }

  /** How much was left out so far, and what is kept. */
  stats(): OmittedStats {
    const tailLines = this.tail.length - this.tailStart;
    return {
      lines: this.omittedLines + this.pendingOmitted(),
      chars: this.omittedChars + (this.partial.stdout.oversized ? this.partial.stdout.length : 0) + (this.partial.stderr.oversized ? this.partial.stderr.length : 0),
      totalLines: this.totalLines + this.openLines(),
      keptFirst: this.headLines,
      keptLast: tailLines + this.openLines() - this.pendingOmitted(),
    };
  }

  /**
   * The outputs to show or store now: the head, the note (if lines were left out), then the
   * last lines and the later outputs in their order. A line not ended yet is included.
   */
  items(): LimitedItem<T>[] {
    const out: LimitedItem<T>[] = this.head.slice();
    if (!this.eliding_) {
      // Open lines that fit go to the head as they would when ended.
      for (const l of this.openParts()) {
        if (l.text !== undefined && this.headLines < this.headMaxLines && this.headChars + l.length <= this.halfChars) appendStream(out, l.name, l.text);
      }
      if (this.truncated) out.push(this.note());
      return out;
    }
    return out.concat(this.rest());
  }

  /**
   * What comes after the head: the note (if lines were left out), then the last lines and the
   * outputs that came after the head was full, in their order.
   */
  rest(): LimitedItem<T>[] {
    const out: LimitedItem<T>[] = [];
    if (this.truncated) out.push(this.note());
    if (!this.eliding_) return out;
    const lines = this.tail.slice(this.tailStart).concat(this.openParts().filter((l) => l.text !== undefined));
    let li = 0;
    let oi = 0;
    while (li < lines.length || oi < this.later.length) {
      if (oi < this.later.length && (li >= lines.length || this.later[oi].seq < lines[li].seq)) out.push({ kind: "other", value: this.later[oi++].value });
      else {
        const l = lines[li++];
        appendStream(out, l.name, l.text!);
      }
    }
    return out;
  }

  private openParts(): Line[] {
    const open: Line[] = [];
    for (const name of ["stdout", "stderr"] as const) {
      const p = this.partial[name];
      if (p.length > 0) open.push({ name, text: p.oversized ? undefined : p.parts.join(""), length: p.length, seq: Infinity });
    }
    return open;
  }

  private note(): LimitedItem<T> {
    return { kind: "note", name: this.firstOmitted ?? this.lastStream ?? "stdout", text: this.describe(this.stats()) };
  }

  /** Lines not ended yet. */
  private openLines(): number {
    return (this.partial.stdout.length > 0 ? 1 : 0) + (this.partial.stderr.length > 0 ? 1 : 0);
  }

  /** Open lines that could not be kept (too long). */
  private pendingOmitted(): number {
    return (this.partial.stdout.oversized ? 1 : 0) + (this.partial.stderr.oversized ? 1 : 0);
  }

  private addToPartial(name: StreamName, piece: string): void {
    const p = this.partial[name];
    p.length += piece.length;
    if (p.oversized) return;
    if (p.length > this.halfChars) {
      // Longer than either kept half could hold: only its length is kept.
      p.oversized = true;
      p.parts = [];
      this.firstOmitted ??= name;
      return;
    }
    p.parts.push(piece);
  }

  private endPartial(name: StreamName): void {
    const p = this.partial[name];
    if (p.length === 0) return;
    const text = p.oversized ? undefined : p.parts.length === 1 ? p.parts[0] : p.parts.join("");
    this.partial[name] = { parts: [], length: 0, oversized: false };
    this.commit({ name, text, length: p.length, seq: ++this.seq });
  }

  private commit(line: Line): void {
    this.totalLines++;
    if (!this.eliding_) {
      if (line.text !== undefined && this.headLines < this.headMaxLines && this.headChars + line.length <= this.halfChars) {
        this.headLines++;
        this.headChars += line.length;
        appendStream(this.head, line.name, line.text);
        this.onHead?.(line.name, line.text);
        return;
      }
      this.eliding_ = true;
    }
    if (line.text === undefined) {
      // Too long for the tail: everything before it leaves the window, and so does it.
      while (this.tailStart < this.tail.length) this.evict();
      this.omit(line);
      return;
    }
    this.tail.push(line);
    this.tailChars += line.length;
    while (this.tail.length - this.tailStart > this.tailMaxLines || this.tailChars > this.halfChars) this.evict();
    if (this.tailStart > 4096 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  private evict(): void {
    const l = this.tail[this.tailStart];
    this.tail[this.tailStart++] = undefined as unknown as Line;
    this.tailChars -= l.length;
    this.omit(l);
  }

  private omit(l: Line): void {
    this.omittedLines++;
    this.omittedChars += l.length;
    this.firstOmitted ??= l.name;
  }
}

function appendStream<T>(items: LimitedItem<T>[], name: StreamName, text: string): void {
  const last = items[items.length - 1];
  if (last && last.kind === "stream" && last.name === name) last.text += text;
  else items.push({ kind: "stream", name, text });
}

const fmt = (n: number) => n.toLocaleString("en-US");

function size(chars: number): string {
  if (chars < 10_000) return `${fmt(chars)} characters`;
  if (chars < 1_000_000) return `${(chars / 1000).toFixed(0)} thousand characters`;
  return `${(chars / 1_000_000).toFixed(1)} million characters`;
}

/** The note where lines were left out, e.g. "... 995,000 lines (11.8 million characters) left out ...". */
export function describeOmitted(o: OmittedStats, hint = ""): string {
  const lines = `${fmt(o.lines)} line${o.lines === 1 ? "" : "s"}`;
  return `[... ${lines} (${size(o.chars)}) left out of ${fmt(o.totalLines)}: the first ${fmt(o.keptFirst)} and the last ${fmt(o.keptLast)} are kept${hint ? `; ${hint}` : ""} ...]\n`;
}
