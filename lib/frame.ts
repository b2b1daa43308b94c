/**
 * Frame: a columnar table on typed arrays, the shape every market-data loader returns.
 *
 * Three column types: "number" (Float64Array, NaN is the missing value), "time" (epoch
 * milliseconds UTC in a Float64Array, NaN missing) and "string" (an array of strings, null
 * missing). Frames are immutable: every operation returns a new frame. Operations that keep a
 * column unchanged (select, slice, head) share its memory with the source, so treat the arrays
 * that `column()` returns as read-only.
 */
import { compareCells, take, toColumn } from "./column";
import { frameBundle, frameText, JUPYTER_DISPLAY } from "./frame-display";
import { resample, type ResampleOptions } from "./resample";
import { asofJoin, type AsofJoinOptions } from "./asof-join";
import { rolling, type RollingOptions, type RollingReducer } from "./rolling";
import { toDanfo } from "./danfo";
import { toArrow } from "./arrow";
import type { Table } from "apache-arrow";
import { checkOptions, optionKeys } from "./options";

export type ColumnType = "number" | "time" | "string";
export type StringColumn = Array<string | null>;
export type ColumnValues = Float64Array | StringColumn;
/** A column's name and type, as `frame.schema` lists them. */
export interface ColumnSchema {
  name: string;
  type: ColumnType;
}
/** One column of a frame: what the constructor takes. */
export interface Column extends ColumnSchema {
  values: ColumnValues;
}
/** A cell as `toRecords()` gives it: numbers (NaN when missing), Dates for times, strings, or null. */
export type Cell = number | string | Date | null;
export type Row = Record<string, Cell>;
/** What `fromColumns` accepts for one column. */
export type ColumnInput = ArrayLike<number | string | Date | null | undefined>;

/** Options of {@link Frame.fromColumns}. */
export interface FromColumnsOptions {
  /** Column types to impose; by default numbers and typed arrays are "number", Dates "time", strings "string". */
  types?: Record<string, ColumnType>;
}

/** Where a string column first holds a value that is not a number: for the error of `numbers()`. */
function firstNonNumber(values: StringColumn): string {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v.trim() !== "" && !Number.isFinite(Number(v))) return `: row ${i} is ${JSON.stringify(v)}`;
  }
  const i = values.findIndex((v) => v !== null && v !== undefined);
  return i >= 0 ? ` (numbers as text, from row ${i}: ${JSON.stringify(values[i])}; build the column from numbers)` : " (every value is missing)";
}

const FROM_COLUMNS_OPTIONS = optionKeys<FromColumnsOptions>()("types");
const SORT_OPTIONS = optionKeys<{ descending?: boolean }>()("descending");
const IS_SORTED_OPTIONS = optionKeys<{ strict?: boolean }>()("strict");

/**
 * A table of equal-length typed columns; see the module comment for the column types.
 *
 * @example
 *   const candles = Frame.fromColumns({ time: [new Date(0), new Date(3600e3)], close: [1, 2] });
 *   candles.resample("1d").toRecords() // [{ time: 1970-01-01T00:00:00.000Z, close: 2 }]
 */
export class Frame {
  /** Number of rows. */
  readonly length: number;
  readonly #columns: Column[];
  readonly #byName: Map<string, Column>;

  /**
   * A frame from columns of equal length. Prefer `Frame.fromColumns` or `Frame.fromRecords`;
   * this one checks shapes but converts nothing.
   *
   * @example
   *   new Frame([{ name: "close", type: "number", values: new Float64Array([1, 2]) }]).length // 2
   */
  constructor(columns: Column[]) {
    this.#columns = columns.map((c) => ({ name: c.name, type: c.type, values: c.values }));
    this.#byName = new Map();
    this.length = columns.length ? columns[0].values.length : 0;
    for (const c of this.#columns) {
      if (this.#byName.has(c.name)) throw new Error(`duplicate column "${c.name}"`);
      if (c.values.length !== this.length) {
        throw new Error(`column "${c.name}" has ${c.values.length} values but column "${columns[0].name}" has ${this.length}: all columns need the same length`);
      }
      const numeric = c.values instanceof Float64Array;
      if (numeric !== (c.type !== "string")) throw new Error(`column "${c.name}" of type ${c.type} needs ${c.type === "string" ? "an array of strings" : "a Float64Array"}`);
      this.#byName.set(c.name, c);
    }
  }

  /**
   * A frame from named columns: Float64Array or other typed arrays and number arrays become
   * number columns, Date arrays time columns, string arrays string columns; `types` imposes a
   * type (ISO strings or epoch milliseconds with "time"). null/undefined are missing values.
   *
   * @example
   *   const f = Frame.fromColumns({ time: ["2025-10-10T20:00Z", "2025-10-10T21:00Z"], close: [121000, 113000] }, { types: { time: "time" } });
   *   f.schema // [{ name: "time", type: "time" }, { name: "close", type: "number" }]
   */
  static fromColumns(columns: Record<string, ColumnInput>, { types = {}, ...unknown }: FromColumnsOptions = {}): Frame {
    checkOptions("Frame.fromColumns", unknown, FROM_COLUMNS_OPTIONS);
    for (const name of Object.keys(types)) {
      if (!(name in columns)) throw new Error(`types names column "${name}", which is not among the columns: ${Object.keys(columns).join(", ")}`);
    }
    return new Frame(Object.entries(columns).map(([name, values]) => toColumn(name, values, types[name])));
  }

  /**
   * A frame from an array of objects; the columns are the union of their keys in order of
   * first appearance, and a key missing from a record is a missing value.
   *
   * @example
   *   Frame.fromRecords([{ time: new Date(0), close: 1 }, { time: new Date(3600e3), close: 2 }]).length // 2
   */
  static fromRecords(records: ArrayLike<Record<string, unknown>>, options: FromColumnsOptions = {}): Frame {
    checkOptions("Frame.fromRecords", options, FROM_COLUMNS_OPTIONS);
    const names: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < records.length; i++) {
      for (const key of Object.keys(records[i])) if (!seen.has(key)) (seen.add(key), names.push(key));
    }
    const columns: Record<string, ColumnInput> = {};
    for (const name of names) {
      const values = new Array(records.length);
      for (let i = 0; i < records.length; i++) values[i] = records[i][name];
      columns[name] = values;
    }
    return Frame.fromColumns(columns, options);
  }

  /** Column names, in order. */
  get columns(): string[] {
    return this.#columns.map((c) => c.name);
  }

  /** Column names and types, in order. */
  get schema(): ColumnSchema[] {
    return this.#columns.map(({ name, type }) => ({ name, type }));
  }

  /** Whether the frame has a column of that name. */
  has(name: string): boolean {
    return this.#byName.has(name);
  }

  #get(name: string): Column {
    const c = this.#byName.get(name);
    if (!c) throw new Error(`no column "${name}"; the columns are: ${this.columns.map((n) => JSON.stringify(n)).join(", ") || "(none)"}`);
    return c;
  }

  /** The type of a column. @example frame.type("time") // "time" */
  type(name: string): ColumnType {
    return this.#get(name).type;
  }

  /**
   * A column's values (shared, read-only). Throws naming the column and listing the existing
   * ones when there is no such column.
   *
   * @example
   *   frame.column("close") // Float64Array [...]
   */
  column(name: string): ColumnValues {
    return this.#get(name).values;
  }

  /** A number or time column as its Float64Array; throws for a string column. @example frame.numbers("close") */
  numbers(name: string): Float64Array {
    const c = this.#get(name);
    if (!(c.values instanceof Float64Array)) throw new Error(`column "${name}" holds strings, not numbers${firstNonNumber(c.values)}`);
    return c.values;
  }

  /** A string column's values; throws for number and time columns. @example frame.strings("symbol") */
  strings(name: string): StringColumn {
    const c = this.#get(name);
    if (c.values instanceof Float64Array) throw new Error(`column "${name}" holds ${c.type}s, not strings`);
    return c.values;
  }

  /** Row `i` as an object (times as Dates). @example frame.row(0) // { time: Date, close: 1 } */
  row(i: number): Row {
    const out: Row = {};
    for (const { name, type, values } of this.#columns) {
      const v = values[i];
      out[name] = type === "time" ? (Number.isNaN(v) ? null : new Date(v as number)) : (v ?? null);
    }
    return out;
  }

  /** Every row as an object (times as Dates, missing times null). @example frame.toRecords()[0] */
  toRecords(): Row[] {
    const out = new Array<Row>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.row(i);
    return out;
  }

  /** The named columns, in the order given. @example frame.select(["time", "close"]) */
  select(names: string[]): Frame {
    return new Frame(names.map((name) => this.#get(name)));
  }

  /** The frame without the named columns. @example frame.drop(["volume"]) */
  drop(names: string[]): Frame {
    for (const name of names) this.#get(name);
    return new Frame(this.#columns.filter((c) => !names.includes(c.name)));
  }

  /** Columns renamed by a mapping from old to new names. @example frame.rename({ close: "price" }) */
  rename(mapping: Record<string, string>): Frame {
    for (const name of Object.keys(mapping)) this.#get(name);
    return new Frame(this.#columns.map((c) => ({ ...c, name: mapping[c.name] ?? c.name })));
  }

  /**
   * The frame with a column added, or replaced when the name exists (keeping its position).
   *
   * @example
   *   frame.withColumn("sma", frame.rolling("close", 20))
   */
  withColumn(name: string, values: ColumnInput, type?: ColumnType): Frame {
    const column = toColumn(name, values, type);
    const at = this.#columns.findIndex((c) => c.name === name);
    const columns = [...this.#columns];
    if (at >= 0) columns[at] = column;
    else columns.push(column);
    return new Frame(columns);
  }

  /** The rows at the given indices, in that order. @example frame.take([2, 0]) */
  take(indices: ArrayLike<number>): Frame {
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      if (!(Number.isInteger(k) && k >= 0 && k < this.length)) throw new Error(`take: index ${k} at position ${i} is outside 0..${this.length - 1}`);
    }
    return new Frame(this.#columns.map((c) => ({ ...c, values: take(c.values, indices) })));
  }

  /**
   * The rows for which `predicate(row, index)` is true, or whose `mask` entry is truthy.
   *
   * @example
   *   frame.filter((r) => (r.close as number) > 100_000)
   *   frame.filter(frame.numbers("volume").map((v) => +(v > 0)))
   */
  filter(predicate: ((row: Row, index: number) => unknown) | ArrayLike<unknown>): Frame {
    const keep: number[] = [];
    if (typeof predicate === "function") {
      for (let i = 0; i < this.length; i++) if (predicate(this.row(i), i)) keep.push(i);
    } else {
      if (predicate.length !== this.length) throw new Error(`filter: the mask has ${predicate.length} entries but the frame has ${this.length} rows`);
      for (let i = 0; i < this.length; i++) if (predicate[i]) keep.push(i);
    }
    return new Frame(this.#columns.map((c) => ({ ...c, values: take(c.values, keep) })));
  }

  /**
   * Rows sorted by one or more columns (stable; missing values last in either direction).
   *
   * @example
   *   frame.sort("time")
   *   frame.sort(["symbol", "time"], { descending: true })
   */
  sort(by: string | string[], { descending = false, ...unknown }: {
    /** Largest first; false (ascending) by default. Missing values stay last either way. */
    descending?: boolean;
  } = {}): Frame {
    checkOptions("frame.sort", unknown, SORT_OPTIONS);
    const keys = (Array.isArray(by) ? by : [by]).map((name) => this.#get(name).values);
    const sign = descending ? -1 : 1;
    const order = Array.from({ length: this.length }, (_, i) => i);
    order.sort((a, b) => {
      for (const values of keys) {
        const x = values[a];
        const y = values[b];
        const xMissing = x === null || x !== x;
        const yMissing = y === null || y !== y;
        if (xMissing || yMissing) {
          if (xMissing !== yMissing) return xMissing ? 1 : -1;
          continue;
        }
        const c = compareCells(x, y);
        if (c !== 0) return sign * c;
      }
      return a - b;
    });
    return this.take(order);
  }

  /** Whether a column is in ascending order (`strict`: no repeats). @example frame.isSorted("time") */
  isSorted(name: string, { strict = false, ...unknown }: {
    /** Also reject equal neighbours (a repeated time); false by default. */
    strict?: boolean;
  } = {}): boolean {
    checkOptions("frame.isSorted", unknown, IS_SORTED_OPTIONS);
    const values = this.#get(name).values;
    for (let i = 1; i < values.length; i++) {
      const c = compareCells(values[i - 1], values[i]);
      if (c > 0 || (strict && c === 0)) return false;
    }
    return true;
  }

  /**
   * Rows `start` to `end` (exclusive), negative indices counting from the end, as Array.slice.
   * Number and time columns share memory with this frame.
   *
   * @example
   *   frame.slice(-24) // the last 24 rows
   */
  slice(start = 0, end = this.length): Frame {
    const n = this.length;
    const s = Math.max(0, Math.min(n, start < 0 ? n + start : start));
    const e = Math.max(s, Math.min(n, end < 0 ? n + end : end));
    return new Frame(this.#columns.map((c) => ({ ...c, values: c.values instanceof Float64Array ? c.values.subarray(s, e) : c.values.slice(s, e) })));
  }

  /** The first `n` rows. @example frame.head(3) */
  head(n = 5): Frame {
    return this.slice(0, Math.max(0, n));
  }

  /** The last `n` rows. @example frame.tail(3) */
  tail(n = 5): Frame {
    return this.slice(Math.max(0, this.length - n));
  }

  /**
   * Joins `other`'s columns on the nearest earlier (or later, or nearest) time; see `asofJoin`.
   *
   * @example
   *   trades.asofJoin(quotes, { on: "time", tolerance: "5s" })
   */
  asofJoin(other: Frame, options: AsofJoinOptions): Frame {
    return asofJoin(this, other, options);
  }

  /**
   * Candles of a coarser timeframe, by OHLCV rules; see `resample`.
   *
   * @example
   *   hourly.resample("4h")
   */
  resample(timeframe: string, options?: ResampleOptions): Frame {
    return resample(this, timeframe, options);
  }

  /**
   * A rolling statistic over `window` rows of a number column; see `rolling`.
   *
   * @example
   *   frame.rolling("close", 20)          // 20-row moving average
   *   frame.rolling("close", 20, "std")
   */
  rolling(column: string, window: number, reducer: RollingReducer = "mean", options?: RollingOptions): Float64Array {
    const c = this.#get(column);
    if (c.type !== "number") throw new Error(`rolling needs a number column; "${column}" is a ${c.type} column`);
    return rolling(c.values as Float64Array, window, reducer, options);
  }

  /**
   * The frame as an apache-arrow Table (apache-arrow is loaded now, not before); see arrow.ts.
   *
   * @example
   *   frame.toArrow().numRows
   */
  toArrow(): Table {
    return toArrow(this);
  }

  /**
   * The frame as a danfo.js DataFrame (danfojs-node is loaded now, and must be installed).
   *
   * @example
   *   frame.toDanfo().print()
   */
  toDanfo(): unknown {
    return toDanfo(this);
  }

  /** A fixed-width text table of the first 20 and last 5 rows. */
  toString(): string {
    return frameText(this);
  }

  /** The MIME bundle the kernel shows for a frame: HTML table, text table and the frame as JSON. */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return frameBundle(this);
  }

  /** console.log and the REPL print the text table. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return frameText(this);
  }
}
