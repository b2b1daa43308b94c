/**
 * The kernel side of the data viewer: `table` and `table_export` requests (PROTOCOL.md,
 * "Tables") over the live values of the notebook.
 *
 * A table reaches the viewer two ways: a top-level variable (by name), or a cell output that
 * showed one (by the handle its display/result message carried). Outputs keep their table
 * alive while the kernel lives, up to the last `keep` tables shown (older handles answer with
 * an error saying to re-run the cell), so a cell output keeps browsing what it showed even
 * after the variable is reassigned. Handles start with a token of this kernel process: a
 * handle from before a restart is refused, never mistaken for another table.
 */
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { TableExportReply, TableExportRequest, TableHandle, TableReply, TableRequest, TableSource } from "../protocol";
import { isTableLike, TableViews, toTable, type TableColumn } from "./table-view";

/** What export needs from the library ("cascade"): frames and their writers. */
export interface ExportLibrary {
  Frame: new (columns: TableColumn[]) => unknown;
  writeCsv(frame: never, path: string): void;
  writeParquet(path: string, frame: never): void;
}

export interface TablesOptions {
  /** A top-level variable's value. */
  lookup(name: string): { found: boolean; value: unknown };
  /** Relative export paths are resolved against this folder (the notebook's). */
  baseDir: string;
  /** The library, loaded on first export. */
  library(): ExportLibrary;
  /** Tables kept alive for outputs (default 64). */
  keep?: number;
}

const MAX_LIMIT = 10_000;

function rowsOf(value: unknown): number {
  const v = value as { numRows?: number; length?: number };
  return typeof v.numRows === "number" ? v.numRows : (v.length ?? 0);
}

export class Tables {
  private readonly token = randomBytes(4).toString("hex");
  private counter = 0;
  private readonly shown = new Map<string, object>();
  private readonly handles = new WeakMap<object, string>();
  private readonly cache = new WeakMap<object, { views: TableViews; rows: number }>();

  constructor(private readonly options: TablesOptions) {}

  /** A handle for a table a cell output shows (undefined when the value is not table-like). */
  register(value: unknown): TableHandle | undefined {
    if (!value || typeof value !== "object" || !isTableLike(value)) return undefined;
    let handle = this.handles.get(value);
    if (!handle) {
      handle = `${this.token}:${++this.counter}`;
      this.handles.set(value, handle);
    }
    this.shown.delete(handle);
    this.shown.set(handle, value);
    const keep = this.options.keep ?? 64;
    while (this.shown.size > keep) this.shown.delete(this.shown.keys().next().value as string);
    return { handle, length: rowsOf(value) };
  }

  private resolve(source: TableSource): object {
    if (source && "handle" in source && typeof source.handle === "string") {
      const value = this.shown.get(source.handle);
      if (value) return value;
      if (!source.handle.startsWith(`${this.token}:`)) throw new Error("this output was made by an earlier kernel (it restarted since): re-run the cell to browse all rows");
      throw new Error(`the kernel no longer holds this output's table (it keeps the last ${this.options.keep ?? 64} tables shown): re-run the cell to browse all rows`);
    }
    if (source && "variable" in source && typeof source.variable === "string") {
      const hit = this.options.lookup(source.variable);
      if (!hit.found) throw new Error(`no variable "${source.variable}" in the kernel (run the cell that defines it)`);
      if (!hit.value || typeof hit.value !== "object" || !isTableLike(hit.value)) throw new Error(`"${source.variable}" is not a table (a frame, an array of records or an Arrow table)`);
      return hit.value;
    }
    throw new Error("a table request needs source { variable } or { handle }");
  }

  /** The views of a value, converted once (arrays of records again when their length changed). */
  private viewsOf(value: object): TableViews {
    const rows = rowsOf(value);
    const hit = this.cache.get(value);
    if (hit && hit.rows === rows) return hit.views;
    const table = toTable(value)!;
    const views = new TableViews(table);
    this.cache.set(value, { views, rows });
    return views;
  }

  /** Serve a `table` request. Errors come back in the reply, never thrown. */
  table(req: TableRequest): TableReply {
    const started = performance.now();
    try {
      const views = this.viewsOf(this.resolve(req.source));
      const order = views.order(req.view);
      const limit = Math.max(0, Math.min(req.limit ?? 100, MAX_LIMIT));
      const page = views.page(order, req.offset ?? 0, limit);
      const stats = req.stats ? views.stats(order, Array.isArray(req.stats) ? req.stats : undefined) : undefined;
      const table = views.table;
      return {
        type: "table_reply",
        id: req.id,
        kind: table.kind,
        columns: table.columns.map((c) => ({ name: c.name, type: c.type })),
        length: table.length,
        total: views.total(order),
        ...page,
        ...(stats ? { stats } : {}),
        elapsedMs: performance.now() - started,
      };
    } catch (err) {
      return { type: "table_reply", id: req.id, error: (err as Error).message, columns: [], length: 0, total: 0, offset: 0, rows: [], rowIndex: [], elapsedMs: performance.now() - started };
    }
  }

  /** Serve a `table_export` request: the view's rows to CSV or Parquet, written atomically. */
  export(req: TableExportRequest): TableExportReply {
    const path = typeof req.path === "string" && req.path ? (isAbsolute(req.path) ? req.path : resolve(this.options.baseDir, req.path)) : "";
    try {
      if (!path) throw new Error("table_export needs a path");
      if (req.format !== "csv" && req.format !== "parquet") throw new Error(`table_export: format must be "csv" or "parquet", not ${JSON.stringify(req.format)}`);
      const views = this.viewsOf(this.resolve(req.source));
      const order = views.order(req.view);
      const lib = this.options.library();
      const frame = new lib.Frame(views.columnsOf(order)) as never;
      if (req.format === "parquet") lib.writeParquet(path, frame);
      else {
        // writeCsv streams to its file: write beside the target, then rename over it.
        const temp = `${path}.${process.pid}-${randomBytes(3).toString("hex")}.tmp`;
        try {
          lib.writeCsv(frame, temp);
          renameSync(temp, path);
        } catch (err) {
          rmSync(temp, { force: true });
          throw new Error(`cannot write ${path}: ${(err as Error).message}`);
        }
      }
      return { type: "table_export_reply", id: req.id, path, rows: views.total(order), bytes: statSync(path).size };
    } catch (err) {
      return { type: "table_export_reply", id: req.id, error: (err as Error).message, path, rows: 0, bytes: 0 };
    }
  }
}
