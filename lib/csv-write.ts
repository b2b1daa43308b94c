/**
 * Frames to CSV text or files, in the form readCsv reads back to the same frame: numbers in
 * their shortest round-trip form, times as ISO 8601 UTC (or epoch numbers), missing values as
 * empty fields, and an empty string as "" so it stays distinct from a missing one.
 */
import { openSync, writeSync, closeSync } from "node:fs";
import type { Frame } from "./frame";
import { formatIsoTime } from "./time";
import { checkOptions, optionKeys } from "./options";

/** Options of {@link writeCsv} and {@link formatCsv}. */
export interface WriteCsvOptions {
  /** Field delimiter, "," by default. */
  delimiter?: string;
  /** Whether to write the header row (default true). */
  header?: boolean;
  /** Times as ISO 8601 UTC text ("iso", the default) or epoch "ms" or "s". */
  times?: "iso" | "ms" | "s";
}

function quoter(delimiter: string): (s: string) => string {
  const special = new RegExp(`[${delimiter.replace(/[\]\\^-]/g, "\\$&")}"\\r\\n]|^\\s|\\s$|^$`);
  return (s) => (special.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
}

/** Calls `emit` with the CSV in pieces of about 1 MB, so a file is written without one huge string. */
function produce(frame: Frame, { delimiter = ",", header = true, times = "iso" }: WriteCsvOptions, emit: (text: string) => void): void {
  const quote = quoter(delimiter);
  const schema = frame.schema;
  const cells = schema.map(({ name, type }): ((i: number) => string) => {
    const values = frame.column(name);
    if (type === "string") return (i) => (values[i] === null ? "" : quote(values[i] as string));
    const nums = values as Float64Array;
    if (type === "number") return (i) => (nums[i] === nums[i] ? String(nums[i]) : "");
    if (times === "iso") return (i) => formatIsoTime(nums[i]);
    const divisor = times === "s" ? 1000 : 1;
    return (i) => (nums[i] === nums[i] ? String(nums[i] / divisor) : "");
  });
  let out = header ? schema.map((c) => quote(c.name)).join(delimiter) + "\n" : "";
  for (let i = 0; i < frame.length; i++) {
    let line = cells[0](i);
    for (let c = 1; c < cells.length; c++) line += delimiter + cells[c](i);
    out += line + "\n";
    if (out.length > 1 << 20) {
      emit(out);
      out = "";
    }
  }
  if (out) emit(out);
}

const WRITE_CSV_OPTIONS = optionKeys<WriteCsvOptions>()("delimiter", "header", "times");

/**
 * A frame as CSV text.
 *
 * @example
 *   formatCsv(Frame.fromColumns({ time: [new Date(0)], note: ["a,b"] }))
 *   // 'time,note\n1970-01-01T00:00:00Z,"a,b"\n'
 */
export function formatCsv(frame: Frame, options: WriteCsvOptions = {}): string {
  checkOptions("formatCsv", options, WRITE_CSV_OPTIONS);
  const parts: string[] = [];
  produce(frame, options, (text) => parts.push(text));
  return parts.join("");
}

const WRITE_CSV_FILE_OPTIONS = optionKeys<WriteCsvOptions>()("delimiter", "header", "times");

/**
 * Writes a frame to a CSV file (replacing it), streaming about 1 MB at a time.
 *
 * @example
 *   writeCsv(candles, "btc_1h.csv");
 *   writeCsv(candles, "btc_1h_ms.csv", { times: "ms" });
 */
export function writeCsv(frame: Frame, path: string, options: WriteCsvOptions = {}): void {
  checkOptions("writeCsv", options, WRITE_CSV_FILE_OPTIONS);
  const fd = openSync(path, "w");
  try {
    produce(frame, options, (text) => writeSync(fd, text));
  } finally {
    closeSync(fd);
  }
}
