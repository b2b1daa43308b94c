/**
 * How a frame shows itself: the MIME bundle the kernel asks for through
 * `[Symbol.for("Jupyter.display")]()` (Deno's convention), with an HTML table, a fixed-width
 * text table and the frame as JSON for renderers that draw their own grid.
 *
 * Long frames show their first 20 and last 5 rows, like pandas, so a million-row frame costs
 * the same to display as a small one. Times render as ISO 8601 UTC.
 */
import type { Frame, ColumnType } from "./frame";
import { formatIsoTime } from "./time";
import { checkOptions, optionKeys } from "./options";

export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");
export const FRAME_MIME = "application/vnd.cascade.frame+json";

export interface DisplayOptions {
  /** Rows shown from the top when the frame is elided. */
  head?: number;
  /** Rows shown from the bottom when the frame is elided. */
  tail?: number;
}

/** The JSON form of a frame: `rows` are arrays in column order, times as epoch ms, missing as null. */
export interface FrameJson {
  columns: Array<{ name: string; type: ColumnType }>;
  length: number;
  rows: Array<Array<number | string | null>>;
}

/** Row indices to show: all when they fit, else the head, -1 as the elision marker, the tail. */
function shownRows(length: number, head: number, tail: number): number[] {
  if (length <= head + tail) return Array.from({ length }, (_, i) => i);
  const rows = Array.from({ length: head }, (_, i) => i);
  rows.push(-1);
  for (let i = length - tail; i < length; i++) rows.push(i);
  return rows;
}

/**
 * A number for a table: integers as they are, others to 10 significant digits so float noise
 * (0.30000000000000004) does not widen the column.
 *
 * @example
 *   formatNumber(0.1 + 0.2) // "0.3"
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(10)));
}

function cellText(frame: Frame, name: string, type: ColumnType, i: number, withMs: boolean): string {
  const v = frame.column(name)[i];
  if (type === "time") return Number.isNaN(v) ? "null" : formatIsoTime(v as number, { withMs });
  if (type === "number") return formatNumber(v as number);
  return v === null ? "null" : (v as string);
}

/** Whether any shown time in the column has milliseconds, so the whole column shows them. */
function needsMs(frame: Frame, name: string, rows: number[]): boolean {
  const values = frame.column(name) as Float64Array;
  return rows.some((i) => i >= 0 && values[i] % 1000 !== 0 && Number.isFinite(values[i]));
}

/** The shape line of a table, as pandas prints it. @example shapeText(frame) // "2016 rows x 3 columns" */
export function shapeText(frame: Frame): string {
  const n = frame.length;
  const m = frame.columns.length;
  return `${n} row${n === 1 ? "" : "s"} x ${m} column${m === 1 ? "" : "s"}`;
}

function grid(frame: Frame, { head = 20, tail = 5 }: DisplayOptions) {
  const rows = shownRows(frame.length, head, tail);
  const schema = frame.schema;
  const withMs = schema.map((c) => c.type === "time" && needsMs(frame, c.name, rows));
  const cells = rows.map((i) => (i < 0 ? null : schema.map((c, k) => cellText(frame, c.name, c.type, i, withMs[k]))));
  return { rows, schema, cells };
}

const FRAME_TEXT_OPTIONS = optionKeys<DisplayOptions>()("head", "tail");

/**
 * A fixed-width text table: an index column, names, types, then the rows (numbers right-aligned).
 *
 * @example
 *   frameText(Frame.fromColumns({ close: [1, 2] }))
 *   //     close
 *   //    number
 *   // -  ------
 *   // 0       1
 *   // 1       2
 *   // 2 rows x 1 column
 */
export function frameText(frame: Frame, options: DisplayOptions = {}): string {
  checkOptions("frameText", options, FRAME_TEXT_OPTIONS);
  const { rows, schema, cells } = grid(frame, options);
  const index = rows.map((i) => (i < 0 ? "…" : String(i)));
  const indexWidth = Math.max(1, ...index.map((s) => s.length));
  const widths = schema.map((c, k) => Math.max(c.name.length, c.type.length, ...cells.map((r) => (r ? r[k].length : 1))));
  const pad = (s: string, w: number, right: boolean) => (right ? s.padStart(w) : s.padEnd(w));
  const right = schema.map((c) => c.type === "number");
  const line = (first: string, parts: string[]) => [first.padEnd(indexWidth), ...parts.map((p, k) => pad(p, widths[k], right[k]))].join("  ").trimEnd();
  const out = [
    line("", schema.map((c) => c.name)),
    line("", schema.map((c) => c.type)),
    line("-".repeat(indexWidth), widths.map((w) => "-".repeat(w))),
    ...cells.map((r, j) => line(index[j], r ?? schema.map(() => "…"))),
    shapeText(frame),
  ];
  return out.join("\n");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;"));
}

const FRAME_HTML_OPTIONS = optionKeys<DisplayOptions>()("head", "tail");

/**
 * An HTML table of the first 20 and last 5 rows, each header with the column's type, and a
 * "N rows x M columns" caption.
 *
 * @example
 *   frameHtml(frame) // "<div class=\"cascade-frame\"><table>..."
 */
export function frameHtml(frame: Frame, options: DisplayOptions = {}): string {
  checkOptions("frameHtml", options, FRAME_HTML_OPTIONS);
  const { rows, schema, cells } = grid(frame, options);
  const head = `<tr><th></th>${schema.map((c) => `<th style="text-align:${c.type === "number" ? "right" : "left"}">${escapeHtml(c.name)}<br><span style="font-weight:normal;opacity:0.6">${c.type}</span></th>`).join("")}</tr>`;
  const body = cells
    .map((r, j) => {
      if (!r) return `<tr><th>…</th>${schema.map((c) => `<td style="text-align:${c.type === "number" ? "right" : "left"}">…</td>`).join("")}</tr>`;
      const tds = r.map((text, k) => `<td style="text-align:${schema[k].type === "number" ? "right" : "left"}">${escapeHtml(text)}</td>`).join("");
      return `<tr><th>${rows[j]}</th>${tds}</tr>`;
    })
    .join("");
  return `<div class="cascade-frame"><table><thead>${head}</thead><tbody>${body}</tbody></table><p>${shapeText(frame)}</p></div>`;
}

const FRAME_JSON_OPTIONS = optionKeys<NonNullable<Parameters<typeof frameJson>[1]>>()("maxRows");

/**
 * The frame as JSON for `application/vnd.cascade.frame+json`: schema, length and the first
 * `maxRows` rows as arrays (times as epoch ms, NaN and missing as null).
 *
 * @example
 *   frameJson(Frame.fromColumns({ x: [1, NaN] })) // { columns: [{ name: "x", type: "number" }], length: 2, rows: [[1], [null]] }
 */
export function frameJson(frame: Frame, { maxRows = 1000, ...unknown }: {
  /** Rows included (the first ones); 1000 by default. `length` still gives the frame's full length. */
  maxRows?: number;
} = {}): FrameJson {
  checkOptions("frameJson", unknown, FRAME_JSON_OPTIONS);
  const schema = frame.schema;
  const values = schema.map((c) => frame.column(c.name));
  const n = Math.min(frame.length, maxRows);
  const rows = new Array<Array<number | string | null>>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = values.map((col) => {
      const v = col[i];
      return typeof v === "number" && !Number.isFinite(v) ? null : v;
    });
  }
  return { columns: schema, length: frame.length, rows };
}

/**
 * The MIME bundle for a frame: text/html, text/plain and application/vnd.cascade.frame+json.
 *
 * @example
 *   frameBundle(frame)["text/plain"]
 */
export function frameBundle(frame: Frame): Record<string, unknown> {
  return { "text/html": frameHtml(frame), "text/plain": frameText(frame), [FRAME_MIME]: frameJson(frame) };
}
