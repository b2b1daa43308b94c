/**
 * The data viewer's engine: a frame, an array of records or an Arrow table as typed columns,
 * and views of it (sort, column conditions, quick text) over ALL its rows, with the page of
 * rows on screen and column statistics. The kernel serves `table` requests with it
 * (kernels/runtime/tables.ts); the frame renderer runs the same code over the rows a saved
 * output holds, so a view means the same thing in both places.
 *
 * Pure and DOM-free (no Node imports). Cost model: a sort is one radix pass set over the
 * column (lib/sort-order.ts), cached per column and direction; a filter is one linear pass per
 * condition; a view's row order is cached, so paging through it costs only the page.
 */
import { argsortNumbers, argsortStrings } from "../../lib/sort-order";
import type { ColumnFilter, ColumnStats, TableCell, TableColumnType, TableView } from "../protocol";

export interface TableColumn {
  name: string;
  type: TableColumnType;
  /** Numbers and times (epoch ms, NaN missing) as Float64Array; strings with null missing. */
  values: Float64Array | ArrayLike<string | null>;
}

export interface Table {
  kind: "frame" | "records" | "arrow";
  columns: TableColumn[];
  length: number;
}

// ---- values to tables ----------------------------------------------------------------------

interface FrameLike {
  length: number;
  schema: Array<{ name: string; type: string }>;
  column(name: string): Float64Array | ArrayLike<string | null>;
}

interface ArrowLike {
  numRows: number;
  schema: { fields: Array<{ name: string; type: unknown }> };
  getChild(name: string): { get(i: number): unknown; length: number } | null;
}

function isFrameLike(v: unknown): v is FrameLike {
  const f = v as FrameLike;
  return !!f && typeof f === "object" && typeof f.length === "number" && Array.isArray(f.schema) && typeof f.column === "function";
}

function isArrowLike(v: unknown): v is ArrowLike {
  const t = v as ArrowLike;
  return !!t && typeof t === "object" && typeof t.numRows === "number" && Array.isArray(t.schema?.fields) && typeof t.getChild === "function";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Non-empty arrays whose first 20 entries are plain objects (as `rows.map(r => ({...}))` makes). */
export function isRecordArray(v: unknown): v is Record<string, unknown>[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  const n = Math.min(v.length, 20);
  for (let i = 0; i < n; i++) if (!isPlainObject(v[i])) return false;
  return true;
}

/** Whether the data viewer can browse this value. */
export function isTableLike(v: unknown): boolean {
  return isFrameLike(v) || isArrowLike(v) || isRecordArray(v);
}

/** Text for a value that is neither a number nor a time. */
function asText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
  if (typeof v === "object") {
    try {
      return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x)) ?? String(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
}

/** One column from any values: all numbers (or bigints) -> number, all Dates -> time, else string. */
function columnOf(name: string, n: number, get: (i: number) => unknown): TableColumn {
  let numbers = 0;
  let dates = 0;
  let others = 0;
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v === null || v === undefined) continue;
    if (typeof v === "number" || typeof v === "bigint") numbers++;
    else if (v instanceof Date) dates++;
    else others++;
    if (others > 0 || (numbers > 0 && dates > 0)) break;
  }
  if (others === 0 && (numbers === 0 || dates === 0) && numbers + dates > 0) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = get(i);
      values[i] = v === null || v === undefined ? Number.NaN : v instanceof Date ? v.getTime() : Number(v);
    }
    return { name, type: dates > 0 ? "time" : "number", values };
  }
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const v = get(i);
    values[i] = v === null || v === undefined ? null : asText(v);
  }
  return { name, type: "string", values };
}

/**
 * The value as a table, or undefined when it is not table-like. Frames are used as they are
 * (their columns are already typed arrays); records and Arrow columns are converted once.
 *
 * @example toTable([{ x: 1, s: "a" }])!.columns.map((c) => c.type) // ["number", "string"]
 */
export function toTable(value: unknown): Table | undefined {
  if (isFrameLike(value)) {
    const columns = value.schema.map((c) => ({ name: c.name, type: (c.type === "number" || c.type === "time" ? c.type : "string") as TableColumnType, values: value.column(c.name) }));
    return { kind: "frame", columns, length: value.length };
  }
  if (isArrowLike(value)) {
    const n = value.numRows;
    const columns = value.schema.fields.map((field) => {
      const vector = value.getChild(field.name);
      const column = columnOf(field.name, n, (i) => vector?.get(i));
      // Arrow timestamps and dates read as epoch ms numbers (or Dates): the field says it is a time.
      if (column.type === "number" && /^(Timestamp|Date)/i.test(String(field.type))) column.type = "time";
      return column;
    });
    return { kind: "arrow", columns, length: n };
  }
  if (isRecordArray(value)) {
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of value) {
      if (!r || typeof r !== "object") continue;
      for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
    }
    const columns = names.map((name) => columnOf(name, value.length, (i) => (value[i] as Record<string, unknown> | null)?.[name]));
    return { kind: "records", columns, length: value.length };
  }
  return undefined;
}

// ---- cell text -----------------------------------------------------------------------------

/** A number as tables show it: integers whole, others to 10 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(10)));
}

/** Epoch ms as ISO 8601 UTC, without milliseconds when they are zero. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.slice(0, -5) + "Z" : iso;
}

/** A page cell as text ("" for missing). */
export function cellText(v: TableCell, type: TableColumnType): string {
  if (v === null) return "";
  if (typeof v === "string") return v;
  return type === "time" ? formatTime(v) : formatNumber(v);
}

// ---- views ---------------------------------------------------------------------------------

function columnIndex(table: Table, name: string, what: string): number {
  const k = table.columns.findIndex((c) => c.name === name);
  if (k < 0) throw new Error(`${what}: no column "${name}" (columns: ${table.columns.map((c) => c.name).join(", ")})`);
  return k;
}

const OPS = new Set(["=", "!=", "<", "<=", ">", ">=", "between", "contains", "starts", "empty", "notEmpty"]);

function numberOperand(f: ColumnFilter, v: unknown, type: TableColumnType, which: string): number {
  const x = typeof v === "string" && type === "time" ? parseTime(v) : typeof v === "string" ? Number(v.trim()) : v;
  if (typeof x !== "number" || Number.isNaN(x)) throw new Error(`filter on "${f.column}": ${which} ${JSON.stringify(v)} is not a ${type === "time" ? "time (ISO 8601 or epoch ms)" : "number"}`);
  return x;
}

/** ISO 8601 (UTC when no zone is given) or epoch ms, as epoch ms; NaN when neither. */
export function parseTime(text: string): number {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t) && t.length > 8) return Number(t);
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? t.replace(" ", "T") + "Z" : t;
  return Date.parse(iso);
}

/** Keep (mask[i] = 1) only rows passing `f`. */
function applyFilter(table: Table, f: ColumnFilter, mask: Uint8Array): void {
  if (!OPS.has(f.op)) throw new Error(`filter on "${f.column}": unknown condition "${f.op}" (use one of ${[...OPS].join(", ")})`);
  const col = table.columns[columnIndex(table, f.column, "filter")];
  const n = table.length;
  const values = col.values;
  if (f.op === "empty" || f.op === "notEmpty") {
    const want = f.op === "empty";
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      const v = values[i];
      const missing = v === null || v !== v;
      if (missing !== want) mask[i] = 0;
    }
    return;
  }
  if (col.type !== "string") {
    const xs = values as Float64Array;
    if (f.op === "contains" || f.op === "starts") {
      const needle = String(f.value ?? "").toLowerCase();
      const fmt = col.type === "time" ? formatTime : formatNumber;
      for (let i = 0; i < n; i++) {
        if (!mask[i]) continue;
        const v = xs[i];
        if (v !== v) mask[i] = 0;
        else {
          const s = fmt(v).toLowerCase();
          if (f.op === "contains" ? !s.includes(needle) : !s.startsWith(needle)) mask[i] = 0;
        }
      }
      return;
    }
    const a = numberOperand(f, f.value, col.type, "value");
    const b = f.op === "between" ? numberOperand(f, f.value2, col.type, "value2") : 0;
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      const v = xs[i];
      let keep: boolean;
      if (v !== v) keep = f.op === "!=";
      else
        switch (f.op) {
          case "=": keep = v === a; break;
          case "!=": keep = v !== a; break;
          case "<": keep = v < a; break;
          case "<=": keep = v <= a; break;
          case ">": keep = v > a; break;
          case ">=": keep = v >= a; break;
          default: keep = v >= a && v <= b;
        }
      if (!keep) mask[i] = 0;
    }
    return;
  }
  const ss = values as ArrayLike<string | null>;
  if (f.value === undefined || f.value === null) throw new Error(`filter on "${f.column}": "${f.op}" needs a value`);
  const a = String(f.value);
  const b = f.op === "between" ? String(f.value2 ?? "") : "";
  const lower = a.toLowerCase();
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    const v = ss[i];
    let keep: boolean;
    if (v === null || v === undefined) keep = f.op === "!=";
    else
      switch (f.op) {
        case "=": keep = v === a; break;
        case "!=": keep = v !== a; break;
        case "<": keep = v < a; break;
        case "<=": keep = v <= a; break;
        case ">": keep = v > a; break;
        case ">=": keep = v >= a; break;
        case "between": keep = v >= a && v <= b; break;
        case "contains": keep = v.toLowerCase().includes(lower); break;
        default: keep = v.toLowerCase().startsWith(lower);
      }
    if (!keep) mask[i] = 0;
  }
}

/** Keep rows where any cell's text contains `text` (case-insensitive). */
function applyText(table: Table, text: string, mask: Uint8Array): void {
  const needle = text.toLowerCase();
  const n = table.length;
  const hit = new Uint8Array(n);
  // A number's text has only digits, signs, dots and exponents (or Infinity/NaN), a time's only
  // digits and ISO separators: columns whose text cannot contain the needle are skipped.
  const numeric = /^[0-9.e+\-]+$/.test(needle) || /^-?(i|in|inf|infi|infin|infini|infinit|infinity|n|na|nan)$/.test(needle);
  const timeLike = /^[0-9tz:.\-]+$/.test(needle);
  for (const col of table.columns) {
    if (col.type === "string") {
      const ss = col.values as ArrayLike<string | null>;
      const memo = new Map<string, boolean>();
      for (let i = 0; i < n; i++) {
        if (hit[i] || !mask[i]) continue;
        const v = ss[i];
        if (v === null || v === undefined) continue;
        let m = memo.get(v);
        if (m === undefined) {
          m = v.toLowerCase().includes(needle);
          if (memo.size < 100_000) memo.set(v, m);
        }
        if (m) hit[i] = 1;
      }
    } else if ((col.type === "number" && numeric) || (col.type === "time" && timeLike)) {
      const xs = col.values as Float64Array;
      const fmt = col.type === "time" ? formatTime : formatNumber;
      for (let i = 0; i < n; i++) {
        if (hit[i] || !mask[i]) continue;
        const v = xs[i];
        if (v === v && fmt(v).toLowerCase().includes(needle)) hit[i] = 1;
      }
    }
  }
  for (let i = 0; i < n; i++) if (!hit[i]) mask[i] = 0;
}

/**
 * A table with its caches: the sort order of each column and direction asked for, and the row
 * orders of the last few views. Keep one per table while it is browsed.
 */
export class TableViews {
  private readonly sorts = new Map<string, Uint32Array>();
  private readonly views = new Map<string, Uint32Array | null>();

  constructor(readonly table: Table, private readonly keep = 8) {}

  /** The sorted permutation of all rows by one column (cached). */
  sortOrder(column: string, descending = false): Uint32Array {
    const k = columnIndex(this.table, column, "sort");
    const key = `${k}:${descending ? "desc" : "asc"}`;
    let order = this.sorts.get(key);
    if (!order) {
      const col = this.table.columns[k];
      order = col.values instanceof Float64Array ? argsortNumbers(col.values, descending ? "desc" : "asc") : argsortStrings(col.values as ArrayLike<string | null>, descending ? "desc" : "asc");
      this.sorts.set(key, order);
    }
    return order;
  }

  /**
   * The view's rows in order: table row numbers, or null for "every row in table order".
   *
   * @example new TableViews(toTable([{ x: 2 }, { x: 1 }])!).order({ sort: { column: "x" } }) // Uint32Array [1, 0]
   */
  order(view: TableView = {}): Uint32Array | null {
    const key = JSON.stringify([view.sort?.column ?? null, !!view.sort?.descending, view.filters ?? [], view.text ?? ""]);
    if (this.views.has(key)) {
      const hit = this.views.get(key)!;
      // Most recently used last.
      this.views.delete(key);
      this.views.set(key, hit);
      return hit;
    }
    const order = this.compute(view);
    this.views.set(key, order);
    while (this.views.size > this.keep) this.views.delete(this.views.keys().next().value as string);
    return order;
  }

  private compute(view: TableView): Uint32Array | null {
    const n = this.table.length;
    const filters = view.filters ?? [];
    const text = (view.text ?? "").trim();
    let mask: Uint8Array | undefined;
    if (filters.length > 0 || text) {
      mask = new Uint8Array(n).fill(1);
      for (const f of filters) applyFilter(this.table, f, mask);
      if (text) applyText(this.table, text, mask);
    }
    const sorted = view.sort ? this.sortOrder(view.sort.column, !!view.sort.descending) : undefined;
    if (!mask) return sorted ?? null;
    let count = 0;
    for (let i = 0; i < n; i++) count += mask[i];
    const out = new Uint32Array(count);
    let j = 0;
    if (sorted) {
      for (let i = 0; i < n; i++) if (mask[sorted[i]]) out[j++] = sorted[i];
    } else {
      for (let i = 0; i < n; i++) if (mask[i]) out[j++] = i;
    }
    return out;
  }

  /** Rows in the view. */
  total(order: Uint32Array | null): number {
    return order ? order.length : this.table.length;
  }

  /**
   * Rows `offset` to `offset + limit` of the view (clamped), each cell a number (times epoch
   * ms), string or null; with the table row number of each.
   */
  page(order: Uint32Array | null, offset: number, limit: number): { rows: TableCell[][]; rowIndex: number[]; offset: number } {
    const total = this.total(order);
    const from = Math.max(0, Math.min(Math.floor(offset), total));
    const to = Math.max(from, Math.min(from + Math.floor(limit), total));
    const rows: TableCell[][] = [];
    const rowIndex: number[] = [];
    const cols = this.table.columns;
    for (let r = from; r < to; r++) {
      const i = order ? order[r] : r;
      rowIndex.push(i);
      rows.push(cols.map((c) => {
        const v = c.values[i];
        if (typeof v === "number") return v !== v ? null : Number.isFinite(v) ? v : String(v);
        return v ?? null;
      }));
    }
    return { rows, rowIndex, offset: from };
  }

  /** Statistics of the view's rows for each column named (all when none are). */
  stats(order: Uint32Array | null, columns?: string[]): ColumnStats[] {
    const picked = columns ? columns.map((c) => this.table.columns[columnIndex(this.table, c, "stats")]) : this.table.columns;
    const n = this.total(order);
    return picked.map((col) => {
      if (col.type !== "string") {
        const xs = col.values as Float64Array;
        let count = 0;
        let sum = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let r = 0; r < n; r++) {
          const v = xs[order ? order[r] : r];
          if (v !== v) continue;
          count++;
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        const s: ColumnStats = { column: col.name, type: col.type, count, missing: n - count };
        if (count > 0) {
          s.min = Number.isFinite(min) ? min : String(min);
          s.max = Number.isFinite(max) ? max : String(max);
          if (Number.isFinite(sum)) s.mean = sum / count;
        }
        return s;
      }
      const ss = col.values as ArrayLike<string | null>;
      const distinct = new Set<string>();
      let count = 0;
      let min: string | undefined;
      let max: string | undefined;
      for (let r = 0; r < n; r++) {
        const v = ss[order ? order[r] : r];
        if (v === null || v === undefined) continue;
        count++;
        distinct.add(v);
        if (min === undefined || v < min) min = v;
        if (max === undefined || v > max) max = v;
      }
      return { column: col.name, type: col.type, count, missing: n - count, ...(min !== undefined ? { min, max } : {}), distinct: distinct.size };
    });
  }

  /** The view's rows as new columns (for export). */
  columnsOf(order: Uint32Array | null): TableColumn[] {
    return this.table.columns.map((c) => {
      if (!order) return { ...c, values: c.values instanceof Float64Array ? c.values : Array.from(c.values) };
      if (c.values instanceof Float64Array) {
        const out = new Float64Array(order.length);
        for (let r = 0; r < order.length; r++) out[r] = c.values[order[r]];
        return { ...c, values: out };
      }
      const out = new Array<string | null>(order.length);
      for (let r = 0; r < order.length; r++) out[r] = (c.values as ArrayLike<string | null>)[order[r]] ?? null;
      return { ...c, values: out };
    });
  }
}

// ---- conditions as users type them -----------------------------------------------------------

/**
 * A condition typed in a column's filter box: `> 100`, `<= 2025-10-10`, `= BTC`, `!= 0`,
 * `100..200` (between), `empty`, `!empty`; a bare value is `=` for numbers and times and
 * `contains` for strings; `^abc` is `starts`. Returns undefined for an empty box.
 *
 * @example parseCondition("low", "number", ">= 80000") // { column: "low", op: ">=", value: 80000 }
 */
export function parseCondition(column: string, type: TableColumnType, input: string): ColumnFilter | undefined {
  const t = input.trim();
  if (!t) return undefined;
  if (/^(empty|null|missing)$/i.test(t)) return { column, op: "empty" };
  if (/^!\s*(empty|null|missing)$|^not empty$/i.test(t)) return { column, op: "notEmpty" };
  const value = (s: string): number | string => {
    const x = s.trim();
    if (type === "string") return x;
    const v = type === "time" ? parseTime(x) : Number(x);
    if (Number.isNaN(v) || x === "") throw new Error(`"${x}" is not a ${type === "time" ? "time (ISO 8601, UTC)" : "number"}`);
    return v;
  };
  const range = /^(.+?)\s*\.\.\s*(.+)$/.exec(t);
  if (range && !(type === "number" && /^\.\./.test(t))) return { column, op: "between", value: value(range[1]), value2: value(range[2]) };
  const m = /^(<=|>=|!=|==|=|<|>)\s*(.*)$/.exec(t);
  if (m) return { column, op: (m[1] === "==" ? "=" : m[1]) as ColumnFilter["op"], value: value(m[2]) };
  if (type === "string") return t.startsWith("^") ? { column, op: "starts", value: t.slice(1) } : { column, op: "contains", value: t };
  return { column, op: "=", value: value(t) };
}

/**
 * The first rows of a table-like value as a fixed-width text table (numbers right-aligned),
 * with its shape: what a hover card shows in a code block, so the headers line up.
 *
 * @example tableText([{ x: 1, s: "a" }]) // "   x  s\n0  1  a\n1 row x 2 columns"
 */
export function tableText(value: unknown, rows = 5): string | undefined {
  const total = Array.isArray(value) ? value.length : (value as { numRows?: number })?.numRows ?? (value as { length?: number })?.length;
  // Only the rows shown are converted: arrays of records and Arrow tables are cut first.
  const head = Array.isArray(value) ? value.slice(0, rows) : typeof (value as { numRows?: number })?.numRows === "number" && typeof (value as { slice?: unknown }).slice === "function" ? (value as { slice(a: number, b: number): unknown }).slice(0, rows) : value;
  const table = toTable(head);
  if (!table || typeof total !== "number") return undefined;
  const page = new TableViews(table).page(null, 0, rows);
  const names = table.columns.map((c) => c.name);
  const cells = page.rows.map((r) => r.map((v, k) => (v === null ? "null" : cellText(v, table.columns[k].type))));
  const index = page.rowIndex.map(String);
  const iw = Math.max(0, ...index.map((s) => s.length));
  const widths = names.map((n, k) => Math.max(n.length, ...cells.map((r) => r[k].length)));
  const right = table.columns.map((c) => c.type !== "string");
  const line = (first: string, parts: string[]) => [first.padEnd(iw), ...parts.map((p, k) => (right[k] ? p.padStart(widths[k]) : p.padEnd(widths[k])))].join("  ").trimEnd();
  const out = [line("", names), ...cells.map((r, j) => line(index[j], r))];
  if (total > page.rows.length) out.push("…");
  out.push(`${total.toLocaleString("en-US")} row${total === 1 ? "" : "s"} x ${names.length} column${names.length === 1 ? "" : "s"}`);
  return out.join("\n");
}
