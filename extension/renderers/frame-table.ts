/// <reference lib="dom" />
/**
 * The data viewer's grid: a table of any length that draws only the rows on screen, asks its
 * source (table-source.ts) for the page it shows, and lets the user sort (click a header:
 * ascending, descending, table order), filter (a condition under each header, a quick filter
 * over every cell), see column statistics and export the view. Used by the notebook renderer
 * (frame-renderer.ts) and the data viewer panel (frame-panel.ts).
 *
 * Layout: a toolbar, the note of a saved output, the statistics table when shown, a header
 * row, a row of filter boxes, then a scroller whose content is a sticky "window" of the visible
 * rows followed by a spacer; scrolling moves the scrollbar, and the window is refilled with the
 * rows at that proportion of the view (viewport.ts). Keys: arrows, Page Up/Down, Home/End.
 */
import type { ColumnFilter, ColumnStats, TableCell, TableView } from "../../kernels/protocol";
import { cellText, formatNumber, formatTime, parseCondition } from "../../kernels/runtime/table-view";
import type { PageReply, TableSource } from "./table-source";
import { firstVisibleRow, scrollHeight, scrollTopFor } from "./viewport";

export interface FrameTableOptions {
  /** Rows visible at once (default 15). */
  visibleRows?: number;
  /** Row height in pixels (default 22). */
  rowPx?: number;
}

const STYLE_ID = "cascade-frame-table-style";
const CSS = `
.cascade-frame-table { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 12px); color: var(--vscode-editor-foreground, inherit); max-width: 100%; outline: none; }
.cascade-frame-table:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0078d4); }
.cascade-frame-table .cf-scroll-x { overflow-x: auto; max-width: 100%; }
.cascade-frame-table .cf-grid { display: inline-block; min-width: 100%; }
.cascade-frame-table .cf-row { display: grid; grid-template-columns: var(--cf-columns); height: var(--cf-row-px); line-height: var(--cf-row-px); white-space: nowrap; }
.cascade-frame-table .cf-row > div { overflow: hidden; text-overflow: ellipsis; padding: 0 6px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.2)); }
.cascade-frame-table .cf-header { height: auto; line-height: 1.3; font-weight: 600; }
.cascade-frame-table .cf-header > div { padding: 3px 6px; cursor: pointer; user-select: none; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.5)); }
.cascade-frame-table .cf-header > div:hover { background: var(--vscode-list-hoverBackground, rgba(128,128,128,0.1)); }
.cascade-frame-table .cf-filters { height: auto; }
.cascade-frame-table .cf-filters > div { padding: 2px 3px; }
.cascade-frame-table .cf-filters input, .cascade-frame-table .cf-toolbar input { width: 100%; box-sizing: border-box; font: inherit; font-size: 0.92em; background: var(--vscode-input-background, transparent); color: var(--vscode-input-foreground, inherit); border: 1px solid var(--vscode-input-border, rgba(128,128,128,0.35)); border-radius: 2px; padding: 1px 4px; }
.cascade-frame-table input.cf-invalid { border-color: var(--vscode-inputValidation-errorBorder, #be1100); }
.cascade-frame-table .cf-stats { border-collapse: collapse; margin: 4px 0 6px; font-size: 0.95em; }
.cascade-frame-table .cf-stats th, .cascade-frame-table .cf-stats td { padding: 1px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.2)); text-align: right; white-space: nowrap; }
.cascade-frame-table .cf-stats th:first-child, .cascade-frame-table .cf-stats td:first-child { text-align: left; }
.cascade-frame-table .cf-type { display: block; font-weight: normal; opacity: 0.6; font-size: 0.9em; }
.cascade-frame-table .cf-num { text-align: right; }
.cascade-frame-table .cf-index { opacity: 0.6; text-align: right; }
.cascade-frame-table .cf-missing { opacity: 0.45; font-style: italic; }
.cascade-frame-table .cf-scroller { overflow-y: auto; overflow-x: hidden; position: relative; }
.cascade-frame-table .cf-window { position: sticky; top: 0; }
.cascade-frame-table .cf-toolbar, .cascade-frame-table .cf-footer { display: flex; gap: 8px; align-items: center; padding: 4px 0; font-family: var(--vscode-font-family, sans-serif); }
.cascade-frame-table .cf-toolbar input { max-width: 260px; }
.cascade-frame-table .cf-note { padding: 4px 6px; margin: 2px 0; font-family: var(--vscode-font-family, sans-serif); border-left: 3px solid var(--vscode-editorWarning-foreground, #c90); background: var(--vscode-textBlockQuote-background, rgba(128,128,128,0.1)); }
.cascade-frame-table .cf-error { color: var(--vscode-errorForeground, #c00); font-family: var(--vscode-font-family, sans-serif); }
.cascade-frame-table button { background: var(--vscode-button-secondaryBackground, transparent); color: var(--vscode-button-secondaryForeground, inherit); border: 1px solid var(--vscode-button-border, rgba(128,128,128,0.4)); border-radius: 2px; padding: 0 6px; cursor: pointer; font: inherit; }
.cascade-frame-table button:disabled { opacity: 0.4; cursor: default; }
.cascade-frame-table button[aria-pressed="true"] { background: var(--vscode-button-background, #0e639c); color: var(--vscode-button-foreground, #fff); }
.cascade-frame-table .cf-status { opacity: 0.85; }
`;

function ensureStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

const fmt = (n: number) => n.toLocaleString("en-US");
/** Rows fetched per request: a few screens, so scrolling a little needs no round trip. */
const BLOCK = 200;

const STAT_NAMES = ["count", "missing", "min", "max", "mean", "distinct"] as const;

/** A column's statistics as the cells of the statistics table (one row per column). */
function statsCells(s: ColumnStats): string[] {
  const v = (x: number | string | undefined) => (x === undefined ? "" : typeof x === "string" ? x : s.type === "time" ? formatTime(x) : formatNumber(x));
  const mean = s.mean === undefined ? "" : s.type === "time" ? formatTime(Math.round(s.mean)) : formatNumber(s.mean);
  return [fmt(s.count), fmt(s.missing), v(s.min), v(s.max), mean, s.distinct === undefined ? "" : fmt(s.distinct)];
}

/** A column width in characters, from its header and the first rows. */
function widthCh(name: string, type: string, rows: TableCell[][], k: number): number {
  let w = Math.max(name.length + 2, type.length + 2, 10);
  for (const r of rows.slice(0, 200)) w = Math.max(w, cellText(r[k], type as "number").length);
  return Math.min(w, 48) + 2;
}

/**
 * Draw the table of `source` into `container` (replacing its content).
 *
 * @example const table = await renderFrameTable(element, localSource(json)); ...; table.dispose();
 */
export async function renderFrameTable(container: HTMLElement, source: TableSource, { visibleRows = 15, rowPx = 22 }: FrameTableOptions = {}): Promise<{ dispose(): void }> {
  const doc = container.ownerDocument;
  ensureStyle(doc);
  const columns = source.columns;
  const first0 = await source.page({ view: {}, offset: 0, limit: BLOCK });
  const visible = Math.max(1, Math.min(visibleRows, Math.max(first0.total, 1)));
  const indexCh = Math.max(3, String(source.length).length + 1);
  const widths = columns.map((c, k) => widthCh(c.name, c.type, first0.rows, k));

  const root = el(doc, "div", "cascade-frame-table");
  root.tabIndex = 0;
  root.setAttribute("role", "grid");
  root.setAttribute("aria-colcount", String(columns.length + 1));
  root.dataset.live = String(source.live);
  root.style.setProperty("--cf-columns", [`${indexCh + 1}ch`, ...widths.map((w) => `${w}ch`)].join(" "));
  root.style.setProperty("--cf-row-px", `${rowPx}px`);

  // ---- toolbar and note
  const toolbar = el(doc, "div", "cf-toolbar");
  const quick = el(doc, "input", "cf-quick");
  quick.type = "search";
  quick.placeholder = "Filter rows (any column)…";
  quick.setAttribute("aria-label", "Quick filter: rows where any cell contains this text");
  const statsButton = el(doc, "button", "cf-stats-toggle", "Σ Statistics");
  statsButton.title = "Count, missing, min, max, mean and distinct values of each column, over the rows in view";
  statsButton.setAttribute("aria-pressed", "false");
  toolbar.append(quick, statsButton);
  const exportButtons = source.exportView
    ? (["csv", "parquet"] as const).map((format) => {
        const b = el(doc, "button", `cf-export-${format}`, `Export ${format === "csv" ? "CSV" : "Parquet"}`);
        b.title = `Write the rows in view (sorted and filtered, all of them) to a ${format === "csv" ? "CSV" : "Parquet"} file`;
        b.addEventListener("click", async () => {
          b.disabled = true;
          try {
            const message = await source.exportView!(view(), format);
            if (message) exportStatus.textContent = message;
          } finally {
            b.disabled = false;
          }
        });
        toolbar.appendChild(b);
        return b;
      })
    : [];
  const exportStatus = el(doc, "span", "cf-export-status");
  toolbar.appendChild(exportStatus);
  void exportButtons;

  const note = el(doc, "div", "cf-note");
  note.hidden = !source.note;
  if (source.note) {
    note.append(el(doc, "span", "", source.note + " "));
    if (source.rerun) {
      const rerun = el(doc, "button", "cf-rerun", "Re-run to browse all");
      rerun.title = "Run the cell again: its output is then served by the kernel, every row";
      rerun.addEventListener("click", () => source.rerun!());
      note.appendChild(rerun);
    }
  }
  const error = el(doc, "div", "cf-error");
  error.hidden = true;

  // ---- header, filters, statistics
  const scrollX = el(doc, "div", "cf-scroll-x");
  const grid = el(doc, "div", "cf-grid");
  const header = el(doc, "div", "cf-row cf-header");
  header.setAttribute("role", "row");
  header.appendChild(el(doc, "div", "cf-index", "#")).setAttribute("role", "columnheader");
  let sort: TableView["sort"];
  const headerCells = columns.map((c, k) => {
    const th = el(doc, "div", c.type === "string" ? "" : "cf-num");
    th.setAttribute("role", "columnheader");
    th.setAttribute("aria-sort", "none");
    th.title = `Sort by ${c.name}${source.live ? " (all rows, in the kernel)" : ""}`;
    th.append(el(doc, "span", "cf-name", c.name), el(doc, "span", "cf-type", c.type));
    th.addEventListener("click", () => {
      sort = !sort || sort.column !== c.name ? { column: c.name } : !sort.descending ? { column: c.name, descending: true } : undefined;
      headerCells.forEach((h, j) => {
        const on = sort && sort.column === columns[j].name;
        h.setAttribute("aria-sort", on ? (sort!.descending ? "descending" : "ascending") : "none");
        (h.firstChild as HTMLElement).textContent = columns[j].name + (on ? (sort!.descending ? " ↓" : " ↑") : "");
      });
      void k;
      refresh();
    });
    header.appendChild(th);
    return th;
  });

  const filterRow = el(doc, "div", "cf-row cf-filters");
  filterRow.appendChild(el(doc, "div", "cf-index"));
  const conditions: Array<ColumnFilter | undefined> = columns.map(() => undefined);
  columns.forEach((c, k) => {
    const cell = el(doc, "div");
    const input = el(doc, "input", "cf-filter");
    input.placeholder = c.type === "string" ? "contains, =x, ^x" : c.type === "time" ? "> 2025-10-10" : "> 100, a..b";
    input.title = c.type === "string" ? "text: contains (any case); =okx exact; ^ok starts with; != x; empty; !empty" : `${c.type}: = x, != x, < x, <= x, > x, >= x, a..b (between), empty, !empty${c.type === "time" ? " (ISO 8601, UTC)" : ""}`;
    input.setAttribute("aria-label", `Filter ${c.name}`);
    input.dataset.column = c.name;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      try {
        conditions[k] = parseCondition(c.name, c.type, input.value);
        input.classList.remove("cf-invalid");
        input.title = input.title.replace(/^Invalid: .*\n/, "");
      } catch (err) {
        input.classList.add("cf-invalid");
        input.title = `Invalid: ${(err as Error).message}\n${input.title.replace(/^Invalid: .*\n/, "")}`;
        return;
      }
      refresh();
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(apply, 300);
    });
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") {
        clearTimeout(timer);
        apply();
      }
    });
    cell.appendChild(input);
    filterRow.appendChild(cell);
  });
  let quickTimer: ReturnType<typeof setTimeout> | undefined;
  quick.addEventListener("input", () => {
    clearTimeout(quickTimer);
    quickTimer = setTimeout(refresh, 300);
  });
  quick.addEventListener("keydown", (e) => {
    e.stopPropagation();
    if (e.key === "Enter") {
      clearTimeout(quickTimer);
      refresh();
    }
  });

  // Statistics: a small table, one row per column, aligned on its own.
  const statsTable = el(doc, "table", "cf-stats");
  statsTable.hidden = true;
  const statsHead = statsTable.createTHead().insertRow();
  for (const h of ["column", ...STAT_NAMES]) statsHead.appendChild(el(doc, "th", "", h));
  const statsBody = statsTable.createTBody();
  const statsRows = columns.map((c) => {
    const tr = statsBody.insertRow();
    tr.dataset.column = c.name;
    tr.appendChild(el(doc, "td", "", c.name));
    return STAT_NAMES.map(() => tr.appendChild(el(doc, "td")));
  });
  let showStats = false;
  statsButton.addEventListener("click", () => {
    showStats = !showStats;
    statsButton.setAttribute("aria-pressed", String(showStats));
    statsTable.hidden = !showStats;
    if (showStats) void loadStats();
  });

  // ---- rows
  const scroller = el(doc, "div", "cf-scroller");
  scroller.style.height = `${visible * rowPx}px`;
  const win = el(doc, "div", "cf-window");
  win.style.height = `${visible * rowPx}px`;
  const spacer = el(doc, "div", "cf-spacer");
  scroller.append(win, spacer);
  const pool = Array.from({ length: visible }, () => {
    const row = el(doc, "div", "cf-row cf-data");
    row.setAttribute("role", "row");
    const cells = [el(doc, "div", "cf-index"), ...columns.map((c) => el(doc, "div", c.type === "string" ? "" : "cf-num"))];
    for (const cell of cells) {
      cell.setAttribute("role", "gridcell");
      row.appendChild(cell);
    }
    win.appendChild(row);
    return { row, cells };
  });
  grid.append(header, filterRow, scroller);
  scrollX.appendChild(grid);

  const footer = el(doc, "div", "cf-footer");
  const button = (label: string, title: string, go: () => number) => {
    const b = el(doc, "button", "", label);
    b.title = title;
    b.addEventListener("click", () => show(go()));
    footer.appendChild(b);
    return b;
  };
  let first = 0;
  const toFirst = button("⇤", "First rows", () => 0);
  const prev = button("‹", "Previous page", () => first - visible);
  const next = button("›", "Next page", () => first + visible);
  const toLast = button("⇥", "Last rows", () => total);
  const status = el(doc, "span", "cf-status");
  footer.appendChild(status);

  root.append(toolbar, note, error, statsTable, scrollX, footer);
  container.replaceChildren(root);

  // ---- state: the view, its total, and fetched blocks of rows
  let total = first0.total;
  let version = 0;
  let blocks = new Map<number, PageReply | Promise<void>>([[0, first0]]);
  let lastElapsed = first0.elapsedMs;

  function view(): TableView {
    const filters = conditions.filter((c): c is ColumnFilter => !!c);
    const text = quick.value.trim();
    return { ...(sort ? { sort } : {}), ...(filters.length ? { filters } : {}), ...(text ? { text } : {}) };
  }

  function setTotal(n: number): void {
    total = n;
    root.setAttribute("aria-rowcount", String(n + 1));
    spacer.style.height = `${Math.max(0, scrollHeight(n, rowPx) - visible * rowPx)}px`;
  }
  setTotal(total);

  function fetchBlock(b: number): void {
    if (blocks.has(b)) return;
    const v = version;
    const p = source.page({ view: view(), offset: b * BLOCK, limit: BLOCK }).then((reply) => {
      if (v !== version) return;
      if (reply.error) return showError(reply.error);
      blocks.set(b, reply);
      lastElapsed = reply.elapsedMs;
      if (reply.total !== total) setTotal(reply.total);
      render();
    });
    blocks.set(b, p);
  }

  function showError(message: string): void {
    error.textContent = message;
    error.hidden = false;
  }

  function cellAt(r: number): { row: TableCell[]; index: number } | undefined {
    const block = blocks.get(Math.floor(r / BLOCK));
    if (!block || block instanceof Promise) return undefined;
    const j = r - block.offset;
    return j >= 0 && j < block.rows.length ? { row: block.rows[j], index: block.rowIndex[j] } : undefined;
  }

  const geometry = () => ({ scrollHeight: scroller.scrollHeight, clientHeight: scroller.clientHeight, rows: total, visibleRows: visible });

  function render(): void {
    first = firstVisibleRow({ ...geometry(), scrollTop: scroller.scrollTop });
    const last = Math.min(total, first + visible);
    for (let b = Math.floor(first / BLOCK); b <= Math.floor(Math.max(first, last - 1) / BLOCK); b++) if (b * BLOCK < total || b === 0) fetchBlock(b);
    let loading = false;
    pool.forEach(({ row, cells }, i) => {
      const r = first + i;
      if (r >= total) {
        row.style.visibility = "hidden";
        return;
      }
      row.style.visibility = "";
      row.setAttribute("aria-rowindex", String(r + 2));
      const hit = cellAt(r);
      if (!hit) loading = true;
      cells[0].textContent = hit ? String(hit.index) : "…";
      for (let k = 1; k < cells.length; k++) {
        const v = hit ? hit.row[k - 1] : null;
        cells[k].textContent = hit ? (v === null ? "null" : cellText(v, columns[k - 1].type)) : "";
        cells[k].classList.toggle("cf-missing", !!hit && v === null);
      }
    });
    const s = sort ? ` · sorted by ${sort.column} ${sort.descending ? "↓" : "↑"}` : "";
    const filtered = total !== heldRows() ? ` (filtered from ${fmt(heldRows())})` : "";
    const where = source.live ? ` · in the kernel${lastElapsed !== undefined ? ` (${lastElapsed < 10 ? lastElapsed.toFixed(1) : Math.round(lastElapsed)} ms)` : ""}` : "";
    status.textContent = total === 0 ? `0 rows${filtered} × ${columns.length} columns` : `rows ${fmt(first + 1)}–${fmt(last)} of ${fmt(total)}${filtered} × ${columns.length} columns${s}${where}${loading ? " · loading…" : ""}`;
    status.dataset.total = String(total);
    toFirst.disabled = prev.disabled = first === 0;
    toLast.disabled = next.disabled = last >= total;
  }

  /** Rows the source can show unfiltered: all of them live, the held ones saved. */
  const held = first0.total;
  function heldRows(): number {
    return held;
  }

  async function loadStats(): Promise<void> {
    const v = version;
    statsRows.forEach((cells) => cells.forEach((c) => (c.textContent = "…")));
    const reply = await source.page({ view: view(), offset: 0, limit: 0, stats: true });
    if (v !== version || !reply.stats) return;
    reply.stats.forEach((s, k) => statsCells(s).forEach((text, j) => (statsRows[k][j].textContent = text)));
  }

  function refresh(): void {
    version++;
    blocks = new Map();
    error.hidden = true;
    scroller.scrollTop = 0;
    const v = version;
    // The first block tells the view's total; the rest follows as the user scrolls.
    const p = source.page({ view: view(), offset: 0, limit: BLOCK }).then((reply) => {
      if (v !== version) return;
      if (reply.error) {
        showError(reply.error);
        setTotal(0);
        blocks.set(0, { total: 0, offset: 0, rows: [], rowIndex: [] });
      } else {
        blocks.set(0, reply);
        lastElapsed = reply.elapsedMs;
        setTotal(reply.total);
      }
      render();
    });
    blocks.set(0, p);
    if (showStats) void loadStats();
    render();
  }

  function show(row: number): void {
    scroller.scrollTop = scrollTopFor({ ...geometry(), row });
    render();
  }

  let frame = 0;
  const onScroll = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  };
  scroller.addEventListener("scroll", onScroll, { passive: true });
  root.addEventListener("keydown", (e) => {
    const moves: Record<string, () => number> = {
      ArrowDown: () => first + 1,
      ArrowUp: () => first - 1,
      PageDown: () => first + visible,
      PageUp: () => first - visible,
      Home: () => 0,
      End: () => total,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    show(move());
  });
  render();

  return {
    dispose() {
      if (frame) cancelAnimationFrame(frame);
      scroller.removeEventListener("scroll", onScroll);
      root.remove();
    },
  };
}
