/**
 * The inputs chart builders accept, read one column at a time: a Frame, an array of records
 * (`[{ time, close }, ...]`), or an object of columns (`{ time: Float64Array, close: [...] }`).
 * Builders name the columns they read by options with defaults, and a column that is missing
 * is reported with the builder, the option and the columns there are, so a loader that renames
 * a column breaks loudly and is fixed by one option.
 *
 * Times may be epoch milliseconds, Dates, or ISO 8601 text ("2025-10-10T21:00Z", "2025-11-21",
 * or a month "2025-11"); a Frame's time column is already epoch milliseconds.
 */
import { parseIsoTime } from "../time";

/** Records: one object per row. */
export type Records = ArrayLike<Record<string, unknown>>;
/** Columns: one array (or typed array) per column, all of the same length. */
export type Columns = Record<string, ArrayLike<unknown>>;
/** The structural part of a Frame the builders read (so any Frame-like value works). */
export interface FrameLike {
  readonly length: number;
  readonly columns: string[];
  has(name: string): boolean;
  column(name: string): ArrayLike<unknown>;
  type(name: string): string;
}
/** What a chart builder takes as data: a Frame, records, or columns. */
export type Table = FrameLike | Records | Columns;

/** A time-like column: epoch milliseconds on a date axis, or plain numbers (steps, seconds) on a linear one. */
export interface AxisValues {
  values: Float64Array;
  kind: "date" | "linear";
}

/** Reads the columns of one input for one chart builder; see `tableReader`. */
export interface TableReader {
  readonly length: number;
  /** Column names, in order. */
  readonly columns: string[];
  /** A column's values as stored. */
  raw(name: string): ArrayLike<unknown>;
  has(name: string): boolean;
  /** The first of `names` the table has, or undefined. */
  find(names: readonly string[]): string | undefined;
  /** The column an option names, or the first default candidate present; throws naming the option. */
  resolve(option: string, given: string | undefined, candidates: readonly string[]): string;
  numbers(name: string): Float64Array;
  /** Epoch milliseconds. */
  times(name: string): Float64Array;
  /** Times on a date axis, or numbers on a linear one (numbers below 1e11 are not taken for epoch ms). */
  axis(name: string): AxisValues;
  strings(name: string): string[];
}

const isFrameLike = (t: unknown): t is FrameLike =>
  !!t && typeof (t as FrameLike).column === "function" && typeof (t as FrameLike).has === "function" && Array.isArray((t as FrameLike).columns);

function columnNames(table: Table): string[] {
  if (isFrameLike(table)) return table.columns;
  if (Array.isArray(table)) {
    const seen = new Set<string>();
    for (let i = 0; i < Math.min(table.length, 100); i++) for (const k of Object.keys(table[i] ?? {})) seen.add(k);
    return [...seen];
  }
  return Object.keys(table);
}

/**
 * A reader over `table` for the builder `chart`, which calls the input `what` in its errors.
 *
 * @example
 *   const read = tableReader([{ time: "2025-10-10", close: 113976 }], "candlesChart", "candles");
 *   read.times("time")  // Float64Array [1760054400000]
 *   read.numbers("open") // throws: candlesChart: the candles have no column "open"; their columns are: time, close
 */
export function tableReader(table: Table, chart: string, what: string): TableReader {
  if (!table || typeof table !== "object") throw new Error(`${chart}: ${what} must be a Frame, an array of records or an object of columns, got ${table === null ? "null" : typeof table}`);
  const names = columnNames(table);
  let length: number;
  if (isFrameLike(table) || Array.isArray(table)) length = table.length;
  else length = names.length ? (table as Columns)[names[0]].length : 0;

  const has = (name: string) => (isFrameLike(table) ? table.has(name) : names.includes(name));
  const missing = (name: string, option?: string) =>
    new Error(`${chart}: the ${what} have no column "${name}"${option ? ` (option ${option})` : ""}; their columns are: ${names.join(", ") || "(none)"}`);
  const raw = (name: string): ArrayLike<unknown> => {
    if (!has(name)) throw missing(name);
    if (isFrameLike(table)) return table.column(name);
    if (Array.isArray(table)) return Array.from(table as Records, (r) => r?.[name]);
    const values = (table as Columns)[name];
    if (values.length !== length) throw new Error(`${chart}: column "${name}" of the ${what} has ${values.length} values but column "${names[0]}" has ${length}`);
    return values;
  };
  const wrong = (name: string, i: number, v: unknown, expected: string) =>
    new Error(`${chart}: column "${name}" of the ${what}, row ${i}: expected ${expected}, found ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);

  const numbers = (name: string): Float64Array => {
    const values = raw(name);
    if (values instanceof Float64Array) return values;
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "number") out[i] = v;
      else if (v === null || v === undefined) out[i] = NaN;
      else if (typeof v === "bigint") out[i] = Number(v);
      else if (v instanceof Date) out[i] = v.getTime();
      else if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) out[i] = Number(v);
      else if (typeof v === "string" && v.trim() === "") out[i] = NaN;
      else throw wrong(name, i, v, "a number");
    }
    return out;
  };
  const times = (name: string): Float64Array => {
    const values = raw(name);
    if (values instanceof Float64Array) return values;
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "number") out[i] = v;
      else if (v instanceof Date) out[i] = v.getTime();
      else if (v === null || v === undefined || v === "") out[i] = NaN;
      else if (typeof v === "string") {
        let ms = parseIsoTime(v);
        if (ms !== ms && /^\s*\d{4}-\d{2}\s*$/.test(v)) ms = parseIsoTime(`${v.trim()}-01`); // a month: "2025-11"
        if (ms !== ms) throw wrong(name, i, v, "an ISO 8601 time");
        out[i] = ms;
      } else throw wrong(name, i, v, "a time (Date, epoch milliseconds or ISO text)");
    }
    return out;
  };
  const axis = (name: string): AxisValues => {
    if (isFrameLike(table) && table.type(name) === "time") return { values: times(name), kind: "date" };
    const values = raw(name);
    let dated = false;
    let numeric = true;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v instanceof Date || typeof v === "string") dated = true;
      if (typeof v === "number" && v === v && Math.abs(v) < 1e11) numeric = false;
    }
    if (dated) return { values: times(name), kind: "date" };
    const out = numbers(name);
    return { values: out, kind: numeric && out.length > 0 ? "date" : "linear" };
  };
  const strings = (name: string): string[] => {
    const values = raw(name);
    return Array.from(values, (v) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v)));
  };
  const find = (candidates: readonly string[]) => candidates.find(has);
  const resolve = (option: string, given: string | undefined, candidates: readonly string[]): string => {
    if (given !== undefined) {
      if (!has(given)) throw missing(given, option);
      return given;
    }
    const found = find(candidates);
    if (found === undefined) {
      throw new Error(`${chart}: the ${what} have none of the columns ${candidates.map((c) => `"${c}"`).join(", ")}; name the column with the option ${option}. Their columns are: ${names.join(", ") || "(none)"}`);
    }
    return found;
  };
  return { length, columns: names, raw, has, find, resolve, numbers, times, axis, strings };
}

/**
 * The rows at `indices` of the table a reader reads, as an object of columns (a Table again).
 *
 * @example
 *   const read = tableReader({ when: ["before", "after"], depth: [20e6, 14e6] }, "chart", "bands");
 *   selectRows(read, [1]) // { when: ["after"], depth: [14000000] }
 */
export function selectRows(read: TableReader, indices: ArrayLike<number>): Columns {
  const out: Columns = {};
  for (const name of read.columns) {
    const values = read.raw(name);
    out[name] = Array.from(indices, (i) => values[i]);
  }
  return out;
}

/**
 * A column of group labels: strings as they are, or numeric codes mapped through `names`
 * (the way typed-array results store a cohort or a cause: an index into a list of names).
 *
 * @example
 *   labelsOf(tableReader({ cohort: new Uint16Array([1, 0]) }, "chart", "liquidations"), "cohort", ["retail", "funds"]) // ["funds", "retail"]
 */
export function labelsOf(read: TableReader, name: string, names?: readonly string[]): string[] {
  const values = read.raw(name);
  if (!names) return read.strings(name);
  return Array.from(values, (v) => {
    if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < names.length) return names[v];
    return v === null || v === undefined ? "" : String(v);
  });
}
