/**
 * A rolling JSON Lines file for live captures: one JSON object per line, appended; a new file
 * for each time bucket of the events (an hour by default) and when a file passes `maxBytes`;
 * the oldest files removed beyond `keep`. Each line is written with one append call, so a
 * crash loses at most the line being written, and readers skip a partial last line.
 *
 * Files are named <prefix>-<bucket start, YYYYMMDDTHHMM>-<n>.jsonl, so their names sort in
 * time order; a restarted capture appends to the newest file of the current bucket.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { bucketStart } from "../timeframe";

export interface RollingFileOptions {
  dir: string;
  /** File name prefix; "capture" by default. */
  prefix?: string;
  /** The bucket of event times a file holds: "1h" (default), "1d", "15m"... */
  rollEvery?: string;
  /** Roll to a new file past this size; 64 MiB by default. */
  maxBytes?: number;
  /** Files to keep (the oldest are removed); all by default. */
  keep?: number;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 13);

/**
 * Appends records to rolling files.
 *
 * @example
 *   const out = new RollingFile({ dir: "captures/binance", prefix: "liquidations", rollEvery: "1h" });
 *   out.write(Date.now(), { side: "long", usd: 1.2e6 });
 */
export class RollingFile {
  readonly dir: string;
  readonly prefix: string;
  readonly #bucket: (ms: number) => number;
  readonly #maxBytes: number;
  readonly #keep: number;
  #current?: { bucket: number; seq: number; path: string; bytes: number };

  constructor({ dir, prefix = "capture", rollEvery = "1h", maxBytes = 64 * 1024 * 1024, keep = Infinity }: RollingFileOptions) {
    if (!/^[A-Za-z0-9._-]+$/.test(prefix)) throw new Error(`RollingFile: prefix ${JSON.stringify(prefix)} must be letters, digits, dots, dashes or underscores`);
    this.dir = dir;
    this.prefix = prefix;
    this.#bucket = bucketStart(rollEvery);
    this.#maxBytes = maxBytes;
    this.#keep = keep;
    mkdirSync(dir, { recursive: true });
  }

  /** The capture's files, oldest first. */
  get files(): string[] {
    return listCaptureFiles(this.dir, this.prefix);
  }

  /** Appends one record (as a JSON line) to the file of `time`'s bucket. */
  write(time: number, record: unknown): void {
    const line = JSON.stringify(record) + "\n";
    const bucket = this.#bucket(time);
    let cur = this.#current;
    const previous = cur?.path;
    if (!cur || cur.bucket !== bucket) cur = this.#open(bucket);
    if (cur.bytes > 0 && cur.bytes + Buffer.byteLength(line) > this.#maxBytes) cur = this.#open(bucket, cur.seq + 1);
    appendFileSync(cur.path, line);
    cur.bytes += Buffer.byteLength(line);
    this.#current = cur;
    if (cur.path !== previous) this.#prune();
  }

  #open(bucket: number, seq?: number) {
    if (seq === undefined) {
      // A restarted capture continues the newest file of this bucket.
      const existing = this.files.filter((f) => f.startsWith(`${this.prefix}-${stamp(bucket)}-`));
      seq = existing.length ? Number(/-(\d+)\.jsonl$/.exec(existing[existing.length - 1])![1]) : 0;
    }
    const path = join(this.dir, `${this.prefix}-${stamp(bucket)}-${seq}.jsonl`);
    const bytes = existsSync(path) ? statSync(path).size : 0;
    this.#current = { bucket, seq, path, bytes };
    return this.#current;
  }

  #prune() {
    const files = this.files;
    for (const f of files.slice(0, Math.max(0, files.length - this.#keep))) if (join(this.dir, f) !== this.#current?.path) rmSync(join(this.dir, f), { force: true });
  }
}

/** A capture's files in a folder, oldest first. @example listCaptureFiles("captures", "liquidations") */
export function listCaptureFiles(dir: string, prefix: string): string[] {
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${prefix.replace(/[.]/g, "\\.")}-(\\d{8}T\\d{4})-(\\d+)\\.jsonl$`);
  return readdirSync(dir)
    .map((name) => ({ name, m: pattern.exec(name) }))
    .filter((x) => x.m)
    .sort((a, b) => (a.m![1] === b.m![1] ? Number(a.m![2]) - Number(b.m![2]) : a.m![1] < b.m![1] ? -1 : 1))
    .map((x) => x.name);
}

/**
 * Every complete record of a capture, oldest file first; a partial last line (a crash
 * mid-write) is skipped.
 *
 * @example
 *   readCapture("captures/binance", "liquidations").length
 */
export function readCapture(dir: string, prefix: string): unknown[] {
  const out: unknown[] = [];
  for (const name of listCaptureFiles(dir, prefix)) {
    const text = readFileSync(join(dir, name), "utf8");
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]) continue;
      try {
        out.push(JSON.parse(lines[i]));
      } catch (err) {
        if (i === lines.length - 1) continue; // the line a crash cut short
        throw new Error(`capture file ${join(dir, name)}, line ${i + 1}: ${(err as Error).message}`);
      }
    }
  }
  return out;
}
