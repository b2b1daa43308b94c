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

/**
 * Row indices ordered by `values`: LSD radix sort, 16 bits a pass, on each float's bits mapped
 * to an unsigned order (sign bit flipped for positives, all bits for negatives), so it is
 * stable and linear. NaN (missing) gets the largest key, so it comes last in both directions.
 */
export function argsortNumbers(values: Float64Array, direction: SortDirection = "asc"): Uint32Array {
  const n = values.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const [L, H] = le ? [0, 1] : [1, 0];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      hi[i] = 0xffffffff;
      lo[i] = 0xffffffff;
      continue;
    }
    f[0] = v === 0 ? 0 : v; // -0 sorts with 0
    let h = u[H];
    let l = u[L];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    if (direction === "desc") {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let tmp = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (const [keys, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 0xffff]++;
    // A digit that is the same for every row (common for times and small integers) moves nothing.
    if (n > 0 && counts[(keys[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      tmp[counts[(keys[row] >>> shift) & 0xffff]++] = row;
    }
    [order, tmp] = [tmp, order];
  }
  return order;
}

/** Row indices ordered by string values (code-unit order, stable), missing last. */
export function argsortStrings(values: Array<string | null>, direction: SortDirection = "asc"): Uint32Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const sign = direction === "asc" ? 1 : -1;
  order.sort((a, b) => {
    const x = values[a];
    const y = values[b];
    if (x === y) return a - b;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
  return order;
}
