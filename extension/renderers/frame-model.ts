/**
 * The data behind the frame table: the frame's JSON (`application/vnd.cascade.frame+json`,
 * lib/frame-display.ts) turned back into typed columns, a sort order over them, and the text of
 * any window of rows. Pure (no DOM), so paging and sorting are tested in Node.
 *
 * Why columns and a permutation instead of sorting the rows: a million rows sort in tens of
 * milliseconds when the keys are a Float64Array (an LSD radix sort of the row indices on the
 * floats' bit patterns, stable, missing values last), and the view only ever asks for the ~20
 * rows on screen, so nothing else is proportional to the frame's length.
 */
import { argsortNumbers, argsortStrings } from "../../lib/sort-order";

export type ColumnType = "number" | "time" | "string";

export interface ColumnSchema {
  name: string;
  type: ColumnType;
}

/** The JSON a frame displays itself as: rows in column order, times as epoch ms, missing as null. */
export interface FrameJson {
  columns: ColumnSchema[];
  length: number;
  rows: Array<Array<number | string | null>>;
}

export type SortDirection = "asc" | "desc";

export interface SortState {
  column: number;
  direction: SortDirection;
}

type ColumnData = Float64Array | Array<string | null>;


/** A number as a table shows it: integers whole, others to 10 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(10)));
}

/** Epoch ms as ISO 8601 UTC, without milliseconds when they are zero (lib/time.ts's format). */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.slice(0, -5) + "Z" : iso;
}

function isFrameJson(value: unknown): value is FrameJson {
  const v = value as FrameJson;
  return !!v && Array.isArray(v.columns) && Array.isArray(v.rows) && v.columns.every((c) => c && typeof c.name === "string");
}

export class FrameModel {
  readonly columns: ColumnSchema[];
  /** Rows present in the JSON (a long frame may send only its first rows). */
  readonly rowCount: number;
  /** The frame's full length. */
  readonly length: number;
  private readonly data: ColumnData[];
  private order?: Uint32Array;
  private sortState?: SortState;

  private constructor(columns: ColumnSchema[], data: ColumnData[], rowCount: number, length: number) {
    this.columns = columns;
    this.data = data;
    this.rowCount = rowCount;
    this.length = Math.max(length, rowCount);
  }

  /**
   * @example FrameModel.fromJson({ columns: [{ name: "x", type: "number" }], length: 2, rows: [[2], [1]] }).rowCount // 2
   */
  static fromJson(json: unknown): FrameModel {
    if (!isFrameJson(json)) throw new Error("not a frame: expected { columns: [{ name, type }], length, rows: [[...]] }");
    const columns = json.columns.map((c) => ({ name: String(c.name), type: (["number", "time", "string"].includes(c.type) ? c.type : "string") as ColumnType }));
    const n = json.rows.length;
    const data: ColumnData[] = columns.map((c, k) => {
      if (c.type === "string") {
        const out = new Array<string | null>(n);
        for (let i = 0; i < n; i++) {
          const v = json.rows[i]?.[k];
          out[i] = v === null || v === undefined ? null : String(v);
        }
        return out;
      }
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = json.rows[i]?.[k];
        out[i] = typeof v === "number" ? v : v === null || v === undefined ? Number.NaN : Number(v);
      }
      return out;
    });
    return new FrameModel(columns, data, n, typeof json.length === "number" ? json.length : n);
  }

  get sort(): SortState | undefined {
    return this.sortState;
  }

  /** Sort by one column (stable; missing values last either way), or back to frame order. */
  sortBy(sort: SortState | undefined): void {
    this.sortState = sort;
    if (!sort || sort.column < 0 || sort.column >= this.columns.length) {
      this.sortState = undefined;
      this.order = undefined;
      return;
    }
    const values = this.data[sort.column];
    this.order = values instanceof Float64Array ? argsortNumbers(values, sort.direction) : argsortStrings(values, sort.direction);
  }

  /** The next sort when a column's header is clicked: ascending, descending, then unsorted. */
  nextSort(column: number): SortState | undefined {
    const s = this.sortState;
    if (!s || s.column !== column) return { column, direction: "asc" };
    return s.direction === "asc" ? { column, direction: "desc" } : undefined;
  }

  /** The row of the frame shown at `viewRow`. */
  dataRow(viewRow: number): number {
    return this.order ? this.order[viewRow] : viewRow;
  }

  value(viewRow: number, column: number): number | string | null {
    const v = this.data[column][this.dataRow(viewRow)];
    return typeof v === "number" && Number.isNaN(v) ? null : v;
  }

  text(viewRow: number, column: number): string {
    const v = this.value(viewRow, column);
    if (v === null) return "null";
    if (typeof v === "string") return v;
    return this.columns[column].type === "time" ? formatTime(v) : formatNumber(v);
  }

  /**
   * Rows `start` to `start + count` (clamped) in view order, as `[frame row, ...cell texts]`.
   *
   * @example model.page(0, 2) // [[0, "1", "a"], [1, "2", "b"]]
   */
  page(start: number, count: number): Array<[number, ...string[]]> {
    const from = Math.max(0, Math.min(start, this.rowCount));
    const to = Math.max(from, Math.min(from + count, this.rowCount));
    const out: Array<[number, ...string[]]> = [];
    for (let r = from; r < to; r++) out.push([this.dataRow(r), ...this.columns.map((_, k) => this.text(r, k))]);
    return out;
  }

  /** A column width in characters, from its header and the first rows (sampling keeps it O(1)). */
  widthCh(column: number, sample = 200): number {
    const c = this.columns[column];
    let w = Math.max(c.name.length, c.type.length + 2);
    for (let r = 0; r < Math.min(this.rowCount, sample); r++) w = Math.max(w, this.text(r, column).length);
    return Math.min(w, 48) + 2;
  }
}

export { argsortNumbers, argsortStrings } from "../../lib/sort-order";
