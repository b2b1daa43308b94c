/**
 * Where the frame table's rows come from. Live: the kernel (`table` requests through the
 * extension), which sorts, filters and summarises ALL the table's rows and sends the page on
 * screen. Saved: the rows an output holds (a reopened notebook, a restarted kernel), browsed
 * with the kernel's own engine (kernels/runtime/table-view.ts) so a view means the same thing,
 * with a note that says plainly it covers only those rows.
 *
 * DOM-free, so both are tested in Node.
 */
import type { ColumnStats, TableCell, TableColumnType, TableView } from "../../kernels/protocol";
import { TableViews, type TableColumn } from "../../kernels/runtime/table-view";

export interface PageRequest {
  view: TableView;
  offset: number;
  limit: number;
  stats?: boolean;
}

export interface PageReply {
  error?: string;
  total: number;
  offset: number;
  rows: TableCell[][];
  rowIndex: number[];
  stats?: ColumnStats[];
  elapsedMs?: number;
}

export interface TableSource {
  columns: Array<{ name: string; type: TableColumnType }>;
  /** The table's rows (all of them, also when the source holds fewer). */
  length: number;
  /** Sorted and filtered by the kernel over all rows. */
  live: boolean;
  /** Said above the table when the view is not of all rows (saved outputs). */
  note?: string;
  page(request: PageRequest): Promise<PageReply>;
  /** Export the view (live sources). */
  exportView?(view: TableView, format: "csv" | "parquet"): Promise<string>;
  /** Re-run the cell that made this output (saved outputs in a notebook). */
  rerun?(): void;
}

/** The JSON an output holds (lib/frame-display.ts's FrameJson). */
export interface FrameJson {
  columns: Array<{ name: string; type: string }>;
  length: number;
  rows: Array<Array<number | string | null>>;
}

export function isFrameJson(value: unknown): value is FrameJson {
  const v = value as FrameJson;
  return !!v && Array.isArray(v.columns) && Array.isArray(v.rows) && v.columns.every((c) => c && typeof c.name === "string");
}

/** A table of the rows an output holds. */
export function savedTable(json: FrameJson): TableViews {
  const n = json.rows.length;
  const columns: TableColumn[] = json.columns.map((c, k) => {
    const type: TableColumnType = c.type === "number" || c.type === "time" ? c.type : "string";
    if (type === "string") {
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) {
        const v = json.rows[i]?.[k];
        values[i] = v === null || v === undefined ? null : String(v);
      }
      return { name: c.name, type, values };
    }
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = json.rows[i]?.[k];
      values[i] = typeof v === "number" ? v : v === null || v === undefined ? Number.NaN : Number(v);
    }
    return { name: c.name, type, values };
  });
  return new TableViews({ kind: "frame", columns, length: n });
}

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * The rows an output holds, browsed here. `reason`: why the kernel cannot serve it (no kernel,
 * restarted, ...), said in the note.
 *
 * @example localSource(json).note // "Saved output: the first 1,000 of 100,000 rows are here; sort, filter and statistics apply to these rows only."
 */
export function localSource(json: FrameJson, options: { reason?: string; rerun?: () => void } = {}): TableSource {
  const views = savedTable(json);
  const held = json.rows.length;
  const length = Math.max(held, typeof json.length === "number" ? json.length : held);
  const partial = length > held;
  const note = partial
    ? `Saved output: the first ${fmt(held)} of ${fmt(length)} rows are here; sort, filter and statistics apply to these rows only.${options.reason ? ` (${options.reason})` : ""}`
    : options.reason
      ? `Saved output: all ${fmt(held)} rows are here. (${options.reason})`
      : undefined;
  return {
    columns: views.table.columns.map((c) => ({ name: c.name, type: c.type })),
    length,
    live: false,
    note,
    rerun: partial ? options.rerun : undefined,
    async page({ view, offset, limit, stats }) {
      try {
        const order = views.order(view);
        const page = views.page(order, offset, limit);
        return { total: views.total(order), ...page, ...(stats ? { stats: views.stats(order) } : {}) };
      } catch (err) {
        return { error: (err as Error).message, total: 0, offset: 0, rows: [], rowIndex: [] };
      }
    },
  };
}

/** A request to the extension and its answer (renderer messaging, or a webview's postMessage). */
export type Transport = (message: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * Requests matched with replies by `requestId`, over any message channel.
 *
 * @example const send = requestChannel((m) => ctx.postMessage(m), (f) => ctx.onDidReceiveMessage(f));
 */
export function requestChannel(post: (m: unknown) => void, listen: (f: (m: unknown) => void) => void): Transport {
  let next = 0;
  const waiting = new Map<number, (m: Record<string, unknown>) => void>();
  listen((m) => {
    const msg = m as Record<string, unknown>;
    const id = msg?.requestId;
    if (typeof id === "number" && waiting.has(id)) {
      waiting.get(id)!(msg);
      waiting.delete(id);
    }
  });
  return (message) =>
    new Promise((resolve) => {
      const requestId = ++next;
      waiting.set(requestId, resolve);
      post({ ...message, requestId });
    });
}

/**
 * The kernel's view of a table, or undefined with the kernel's reason when it cannot serve it
 * (then the caller falls back to the rows it holds).
 */
export async function liveSource(transport: Transport, source: { variable: string } | { output: string }): Promise<{ source?: TableSource; error?: string }> {
  const first = (await transport({ type: "table", source, view: {}, offset: 0, limit: 1 })) as unknown as PageReply & { columns: TableSource["columns"]; length: number };
  if (first.error) return { error: first.error };
  return {
    source: {
      columns: first.columns,
      length: first.length,
      live: true,
      async page({ view, offset, limit, stats }) {
        return (await transport({ type: "table", source, view, offset, limit, stats: !!stats })) as unknown as PageReply;
      },
      async exportView(view, format) {
        const reply = await transport({ type: "export", source, view, format });
        return String(reply.message ?? reply.error ?? "");
      },
    },
  };
}
