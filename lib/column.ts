/**
 * Column-level helpers behind Frame: turning user input into a typed column, gathering rows,
 * and the ordering of cells (missing values last) that sorting and order checks share.
 */
import type { Column, ColumnInput, ColumnType, ColumnValues, StringColumn } from "./frame";
import { parseIsoTime } from "./time";

/**
 * A column of `values` as the given (or inferred) type: typed arrays and numbers to Float64Array,
 * Dates and ISO strings to epoch milliseconds, strings kept. Throws naming the column and row of
 * a value that does not fit.
 *
 * @example
 *   toColumn("time", ["2025-10-10T21:00Z"], "time") // { name: "time", type: "time", values: Float64Array [1760130000000] }
 */
export function toColumn(name: string, input: ColumnInput, type?: ColumnType): Column {
  const n = input.length;
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) {
    if (type === "string") throw new Error(`column "${name}": a typed array cannot be a string column`);
    const values = input instanceof Float64Array ? input : Float64Array.from(input as ArrayLike<number>, Number);
    return { name, type: type ?? "number", values };
  }
  if (!type) {
    type = "number";
    for (let i = 0; i < n; i++) {
      const v = input[i];
      if (v === null || v === undefined) continue;
      type = typeof v === "string" ? "string" : v instanceof Date ? "time" : "number";
      break;
    }
  }
  if (type === "string") {
    const values: StringColumn = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = input[i];
      if (v === null || v === undefined) values[i] = null;
      else if (typeof v === "string") values[i] = v;
      else throw new Error(`column "${name}", row ${i}: expected a string, found ${describe(v)}`);
    }
    return { name, type, values };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = input[i];
    if (v === null || v === undefined) values[i] = NaN;
    else if (typeof v === "number") values[i] = v;
    else if (type === "time" && v instanceof Date) values[i] = v.getTime();
    else if (type === "time" && typeof v === "string") {
      const ms = parseIsoTime(v);
      if (Number.isNaN(ms)) throw new Error(`column "${name}", row ${i}: ${JSON.stringify(v)} is not an ISO 8601 time`);
      values[i] = ms;
    } else throw new Error(`column "${name}", row ${i}: expected ${type === "time" ? "a Date, epoch milliseconds or ISO text" : "a number"}, found ${describe(v)}`);
  }
  return { name, type, values };
}

function describe(v: unknown): string {
  if (v instanceof Date) return `the Date ${v.toISOString()}`;
  return typeof v === "string" ? `the string ${JSON.stringify(v)}` : `${typeof v} ${String(v)}`;
}

/** The values at `indices`, in that order, as a new column. @example take(new Float64Array([1, 2, 3]), [2, 0]) // Float64Array [3, 1] */
export function take(values: ColumnValues, indices: ArrayLike<number>): ColumnValues {
  const n = indices.length;
  if (values instanceof Float64Array) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = values[indices[i]];
    return out;
  }
  const out: StringColumn = new Array(n);
  for (let i = 0; i < n; i++) out[i] = values[indices[i]];
  return out;
}

/** Orders two cells ascending; missing values (NaN, null) compare as larger than any value. @example compareCells(NaN, 1) // 1 */
export function compareCells(a: number | string | null, b: number | string | null): number {
  const aMissing = a === null || a !== a;
  const bMissing = b === null || b !== b;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}
