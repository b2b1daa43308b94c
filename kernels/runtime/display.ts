/**
 * Values to MIME bundles. One function, `toMimeBundle`, decides how any value is shown; the
 * hosts only pick the richest MIME type they can draw.
 *
 * Precedence: an object's own `[Symbol.for("Jupyter.display")]()` (Deno's convention, which the
 * "cascade" frames use) > plotly figures > images in bytes > arrays of records (HTML table) >
 * text/plain from util.inspect.
 */
import { inspect } from "node:util";
import type { MimeBundle } from "../protocol";
import { TableViews, toTable } from "./table-view";

export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
export const FRAME_MIME = "application/vnd.cascade.frame+json";
/** Rows an output carries; the data viewer asks the kernel for the rest. */
export const TABLE_OUTPUT_ROWS = 1000;

/**
 * Whether arrays of records and Arrow tables also get the frame table's MIME type (the host
 * set CASCADE_KERNEL_TABLES=1: VS Code, whose viewer browses them). Saved notebooks of other
 * hosts keep the HTML table they always had.
 */
const tablesForRecords = () => process.env.CASCADE_KERNEL_TABLES === "1";

/** The frame table's JSON (lib/frame-display.ts's FrameJson) for any table-like value. */
function tableJson(value: unknown): Record<string, unknown> | undefined {
  const table = toTable(value);
  if (!table) return undefined;
  const { rows } = new TableViews(table).page(null, 0, TABLE_OUTPUT_ROWS);
  return { columns: table.columns.map((c) => ({ name: c.name, type: c.type })), length: table.length, rows };
}

function isArrowTable(value: object): boolean {
  const t = value as { numRows?: unknown; getChild?: unknown; schema?: { fields?: unknown } };
  return typeof t.numRows === "number" && typeof t.getChild === "function" && Array.isArray(t.schema?.fields);
}

const TABLE_ROWS = 50;

/** `text/plain` for any value, as the REPL would print it (no colours). */
export function plainText(value: unknown): string {
  if (typeof value === "string") return inspect(value);
  return inspect(value, { depth: 4, colors: false, maxArrayLength: 100, breakLength: 100 });
}

/**
 * The MIME bundle for a value; `text/plain` is always present.
 *
 * @example
 *   toMimeBundle({ data: [{ type: "scatter", x: [1], y: [2] }], layout: {} })
 *   // { "application/vnd.plotly.v1+json": {...}, "text/plain": "Plotly figure: 1 trace (scatter)" }
 */
export function toMimeBundle(value: unknown): MimeBundle {
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    const custom = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY];
    if (typeof custom === "function") {
      const bundle = (custom as () => unknown).call(value);
      if (bundle && typeof bundle === "object") return withPlain(bundle as MimeBundle, value);
    }
    if (isPlotlyFigure(value)) return plotlyBundle(value);
    if (value instanceof Uint8Array) {
      const image = imageMime(value);
      if (image) return { [image]: Buffer.from(value).toString("base64"), "text/plain": `<${image}, ${value.length} bytes>` };
    }
    if (Array.isArray(value) && isRecordArray(value)) {
      const json = tablesForRecords() ? tableJson(value) : undefined;
      return { ...(json ? { [FRAME_MIME]: json } : {}), "text/html": recordsToHtml(value), "text/plain": plainText(value) };
    }
    if (tablesForRecords() && isArrowTable(value)) {
      const json = tableJson(value);
      if (json) return { [FRAME_MIME]: json, "text/plain": `Arrow table: ${json.length} rows x ${(json.columns as unknown[]).length} columns` };
    }
  }
  return { "text/plain": plainText(value) };
}

function withPlain(bundle: MimeBundle, value: unknown): MimeBundle {
  if (typeof bundle["text/plain"] === "string") return bundle;
  return { ...bundle, "text/plain": plainText(value) };
}

export interface PlotlyFigure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** A plotly figure object: `{ data: [trace...], layout? }` whose traces look like traces. */
export function isPlotlyFigure(value: unknown): value is PlotlyFigure {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const { data, layout } = value as Partial<PlotlyFigure>;
  if (!Array.isArray(data) || (layout !== undefined && (typeof layout !== "object" || layout === null))) return false;
  const keys = Object.keys(value);
  if (keys.some((k) => k !== "data" && k !== "layout" && k !== "config" && k !== "frames")) return false;
  return data.every((t) => t && typeof t === "object" && ("type" in t || "x" in t || "y" in t || "values" in t || "z" in t));
}

function plotlyBundle(fig: PlotlyFigure): MimeBundle {
  const types = [...new Set(fig.data.map((t) => String(t.type ?? "scatter")))];
  const title = (fig.layout?.title as { text?: string } | string | undefined);
  const titleText = typeof title === "string" ? title : title?.text;
  const plain = `Plotly figure${titleText ? ` "${titleText}"` : ""}: ${fig.data.length} trace${fig.data.length === 1 ? "" : "s"} (${types.join(", ")})`;
  // JSON round trip: typed arrays become plain arrays, functions and undefined disappear.
  const json = JSON.parse(JSON.stringify(fig, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v)));
  return { [PLOTLY_MIME]: json, "text/plain": plain };
}

/** PNG, JPEG or GIF by their magic numbers. */
export function imageMime(bytes: Uint8Array): string | undefined {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length > 6 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return "image/gif";
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Non-empty arrays of plain objects, as `rows.map(r => ({...}))` makes. */
export function isRecordArray(values: unknown[]): values is Record<string, unknown>[] {
  if (values.length === 0) return false;
  const n = Math.min(values.length, 20);
  for (let i = 0; i < n; i++) if (!isPlainObject(values[i])) return false;
  return true;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  if (typeof v === "object") return inspect(v, { depth: 1, breakLength: Infinity });
  return String(v);
}

/** An HTML table of the first rows of `records`, with the row count when cut. */
export function recordsToHtml(records: Record<string, unknown>[], maxRows = TABLE_ROWS): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of records.slice(0, maxRows)) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); columns.push(k); }
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = records
    .slice(0, maxRows)
    .map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(cellText(r[c]))}</td>`).join("")}</tr>`)
    .join("");
  const more = records.length > maxRows ? `<p>${maxRows} of ${records.length} rows</p>` : "";
  return `<table class="cascade-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}
