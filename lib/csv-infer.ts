/**
 * What the CSV reader decides before its fast pass, from the first rows of the file: the
 * delimiter, whether the first row is a header, and each column's type and time encoding.
 * The sample is read by a simple, general tokenizer; the fast pass then parses every row
 * (sample included) with the types chosen here and reports any value that does not fit.
 */
import { CR, LF, QUOTE, readQuoted } from "./csv-fields";
import { epochUnit, isTimeName, parseIsoTime, type EpochUnit } from "./time";
import type { ColumnType } from "./frame";

/** How the fast pass reads a column. */
export const enum Kind {
  Number = 0,
  TimeIso = 1,
  TimeEpoch = 2,
  String = 3,
  Skip = 4,
}

/** One sampled field: its text and whether it was quoted ("" quoted is an empty string, unquoted a missing value). */
export interface SampleField {
  text: string;
  quoted: boolean;
}

export interface SampleRecord {
  fields: SampleField[];
  /** The 1-based line the record starts on. */
  line: number;
}

/** Tokens read as a missing value in number and time columns. */
export const NULL_TOKENS = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "-"]);

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Infinity|inf)$/;

/** Whether trimmed text is a decimal number (no hex, no empty string, unlike `Number()`). @example isNumberText("0x10") // false */
export function isNumberText(text: string): boolean {
  return NUMBER_TEXT.test(text);
}

/** A number's text to its value, with "inf" as Infinity; NaN when it is not a number. @example numberFromText("-inf") // -Infinity */
export function numberFromText(text: string): number {
  if (!NUMBER_TEXT.test(text)) return NaN;
  return Number(text.replace(/inf$/, "Infinity"));
}

/**
 * The delimiter of the first line: the most frequent of , ; tab | outside quotes (a comma when
 * none occurs).
 *
 * @example
 *   detectDelimiter(Buffer.from("time;close\n1;2\n")) // ";"
 */
export function detectDelimiter(buf: Uint8Array, start = 0): string {
  const candidates = [44, 59, 9, 124];
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = start; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted) {
      const k = candidates.indexOf(c);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (counts[k] > counts[best]) best = k;
  return String.fromCharCode(candidates[best]);
}

/**
 * Tokenizes up to `maxRecords` records of `buf[start, limit)`, skipping blank lines. Returns
 * them with the position and line after the last one read. A quoted field that runs past
 * `limit` ends the sample before its record.
 *
 * @example
 *   tokenizeSample(Buffer.from("a,b\n1,2\n"), 0, 8, 44, 10).records.length // 2
 */
export function tokenizeSample(buf: Buffer, start: number, limit: number, delimiter: number, maxRecords: number, firstLine = 1): { records: SampleRecord[]; end: number; line: number } {
  const records: SampleRecord[] = [];
  let pos = start;
  let line = firstLine;
  outer: while (pos < limit && records.length < maxRecords) {
    if (buf[pos] === LF) (pos++, line++);
    else if (buf[pos] === CR && buf[pos + 1] === LF) (pos += 2, line++);
    else {
      const fields: SampleField[] = [];
      let p = pos;
      let newlines = 0;
      for (;;) {
        let text: string;
        let quoted = false;
        if (buf[p] === QUOTE) {
          const q = readQuoted(buf, p, limit);
          if (!q) break outer;
          text = q.text;
          quoted = true;
          newlines += q.newlines;
          p = q.end;
        } else {
          const s = p;
          while (p < limit && buf[p] !== delimiter && buf[p] !== LF && buf[p] !== CR) p++;
          text = buf.toString("utf8", s, p);
        }
        fields.push({ text, quoted });
        if (buf[p] === delimiter) p++;
        else break;
      }
      // the record ends at CR LF or LF (or the limit); anything else is left for the fast pass to report
      if (buf[p] === CR && buf[p + 1] === LF) p += 2;
      else if (buf[p] === LF) p++;
      else break; // not a record end (or cut at the limit): the fast pass reads or reports it
      records.push({ fields, line });
      line += 1 + newlines;
      pos = p;
    }
  }
  return { records, end: pos, line };
}

/**
 * Whether the first record looks like a header: none of its fields is a number or an ISO
 * time. (A file of data rows that are all text needs `header: false`.)
 *
 * @example
 *   looksLikeHeader({ line: 1, fields: [{ text: "time", quoted: false }] }) // true
 */
export function looksLikeHeader(first: SampleRecord): boolean {
  return first.fields.every(({ text }) => {
    const t = text.trim();
    return t === "" || (!isNumberText(t) && Number.isNaN(parseIsoTime(t)));
  });
}

/** The decided reading of one column. */
export interface ColumnPlan {
  name: string;
  kind: Kind;
  /** Milliseconds per unit of an epoch time column. */
  scale: number;
}

/**
 * Decides how to read a column from its sampled texts: numbers, ISO times, epoch times
 * (numbers ≥ 1e8 under a time-like name, unit from the magnitude unless given), or strings.
 * A column is numbers (times) when at least 90 % of its non-missing sampled values are
 * (INFER_MAJORITY): the others are mistakes the fast pass reports, with line and column, not a
 * reason to read the whole column as text. An imposed `type` wins; a column with no values in
 * the sample is read as strings.
 *
 * @example
 *   inferColumn("time_unix", ["1756598400", "1756602000"]) // { kind: Kind.TimeEpoch, scale: 1000 }
 */
export function inferColumn(name: string, texts: string[], type?: ColumnType, timeUnit: EpochUnit | "auto" = "auto"): ColumnPlan {
  const values = texts.map((t) => t.trim()).filter((t) => !NULL_TOKENS.has(t));
  const numbers = values.filter(isNumberText);
  const epoch = (): ColumnPlan => {
    let largest = 0;
    for (const v of numbers) largest = Math.max(largest, Math.abs(Number(v)));
    const unit = timeUnit === "auto" ? epochUnit(largest) : timeUnit;
    return { name, kind: Kind.TimeEpoch, scale: { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 }[unit] };
  };
  if (type === "string") return { name, kind: Kind.String, scale: 1 };
  if (type === "number") return { name, kind: Kind.Number, scale: 1 };
  if (type === "time") return mostly(numbers.length, values.length) ? epoch() : { name, kind: Kind.TimeIso, scale: 1 };
  // Mostly numbers: a number column with a few stray values, which the fast pass then reports
  // at the first of them (line and column), as it does a stray value after the sample.
  if (mostly(numbers.length, values.length)) {
    const epochLike = isTimeName(name) && numbers.every((v) => Math.abs(Number(v)) >= 1e8);
    return epochLike ? epoch() : { name, kind: Kind.Number, scale: 1 };
  }
  if (mostly(values.filter((v) => !Number.isNaN(parseIsoTime(v))).length, values.length)) return { name, kind: Kind.TimeIso, scale: 1 };
  return { name, kind: Kind.String, scale: 1 };
}

/**
 * Share of a column's sampled values (non-missing, of the first 1,000 rows) that must parse as
 * numbers (or ISO times) for the column to be read as numbers (times): the rest are stray values
 * (`1.2k`, `abc`), an error at the first of them. Below it the column is text.
 */
export const INFER_MAJORITY = 0.9;

/** Whether `hits` of `total` sampled values reach INFER_MAJORITY (and there is at least one). */
function mostly(hits: number, total: number): boolean {
  return hits > 0 && hits >= INFER_MAJORITY * total;
}
