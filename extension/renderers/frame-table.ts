/// <reference lib="dom" />
/**
 * The frame table: a sortable grid that draws only the rows on screen, so a million-row frame
 * costs what a twenty-row one does. Used by the notebook renderer (frame-renderer.ts) and by
 * the variables view's panel (frame-panel.ts).
 *
 * Layout: a header row, then a scroller whose content is a sticky "window" of the visible rows
 * followed by a spacer; scrolling moves the scrollbar, and the window is refilled with the rows
 * at that proportion of the frame (viewport.ts). Click a header to sort ascending, again for
 * descending, again for the frame's order. Keys: arrows, Page Up/Down, Home/End.
 */
import { FrameModel } from "./frame-model";
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
.cascade-frame-table .cf-type { display: block; font-weight: normal; opacity: 0.6; font-size: 0.9em; }
.cascade-frame-table .cf-num { text-align: right; }
.cascade-frame-table .cf-index { opacity: 0.6; text-align: right; }
.cascade-frame-table .cf-missing { opacity: 0.45; font-style: italic; }
.cascade-frame-table .cf-scroller { overflow-y: auto; overflow-x: hidden; position: relative; }
.cascade-frame-table .cf-window { position: sticky; top: 0; }
.cascade-frame-table .cf-footer { display: flex; gap: 8px; align-items: center; padding: 4px 0; font-family: var(--vscode-font-family, sans-serif); opacity: 0.85; }
.cascade-frame-table .cf-footer button { background: var(--vscode-button-secondaryBackground, transparent); color: var(--vscode-button-secondaryForeground, inherit); border: 1px solid var(--vscode-button-border, rgba(128,128,128,0.4)); border-radius: 2px; padding: 0 6px; cursor: pointer; font: inherit; }
.cascade-frame-table .cf-footer button:disabled { opacity: 0.4; cursor: default; }
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

/**
 * Draw `model` into `container` (replacing its content).
 *
 * @example const table = renderFrameTable(element, FrameModel.fromJson(json)); ...; table.dispose();
 */
export function renderFrameTable(container: HTMLElement, model: FrameModel, { visibleRows = 15, rowPx = 22 }: FrameTableOptions = {}): { dispose(): void } {
  const doc = container.ownerDocument;
  ensureStyle(doc);
  const rows = model.rowCount;
  const visible = Math.max(1, Math.min(visibleRows, rows));
  const indexCh = Math.max(3, String(model.length).length + 1);
  const widths = model.columns.map((_, k) => model.widthCh(k));

  const root = el(doc, "div", "cascade-frame-table");
  root.tabIndex = 0;
  root.setAttribute("role", "grid");
  root.setAttribute("aria-rowcount", String(rows + 1));
  root.setAttribute("aria-colcount", String(model.columns.length + 1));
  root.style.setProperty("--cf-columns", [`${indexCh + 1}ch`, ...widths.map((w) => `${w}ch`)].join(" "));
  root.style.setProperty("--cf-row-px", `${rowPx}px`);

  const scrollX = el(doc, "div", "cf-scroll-x");
  const grid = el(doc, "div", "cf-grid");
  const header = el(doc, "div", "cf-row cf-header");
  header.setAttribute("role", "row");
  header.appendChild(el(doc, "div", "cf-index", "#")).setAttribute("role", "columnheader");
  const headerCells = model.columns.map((c, k) => {
    const th = el(doc, "div", c.type === "string" ? "" : "cf-num");
    th.setAttribute("role", "columnheader");
    th.title = `Sort by ${c.name}`;
    th.append(el(doc, "span", "cf-name", c.name), el(doc, "span", "cf-type", c.type));
    th.addEventListener("click", () => sortBy(k));
    header.appendChild(th);
    return th;
  });

  const scroller = el(doc, "div", "cf-scroller");
  scroller.style.height = `${visible * rowPx}px`;
  const win = el(doc, "div", "cf-window");
  win.style.height = `${visible * rowPx}px`;
  const spacer = el(doc, "div", "cf-spacer");
  spacer.style.height = `${Math.max(0, scrollHeight(rows, rowPx) - visible * rowPx)}px`;
  scroller.append(win, spacer);

  // A fixed pool of row elements, refilled on scroll: the DOM never grows with the frame.
  const pool = Array.from({ length: visible }, () => {
    const row = el(doc, "div", "cf-row");
    row.setAttribute("role", "row");
    const cells = [el(doc, "div", "cf-index"), ...model.columns.map((c) => el(doc, "div", c.type === "string" ? "" : "cf-num"))];
    for (const cell of cells) {
      cell.setAttribute("role", "gridcell");
      row.appendChild(cell);
    }
    win.appendChild(row);
    return { row, cells };
  });

  grid.append(header, scroller);
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
  const toLast = button("⇥", "Last rows", () => rows);
  const status = el(doc, "span", "cf-status");
  footer.appendChild(status);

  root.append(scrollX, footer);
  container.replaceChildren(root);

  const geometry = () => ({ scrollHeight: scroller.scrollHeight, clientHeight: scroller.clientHeight, rows, visibleRows: visible });

  function render(): void {
    first = firstVisibleRow({ ...geometry(), scrollTop: scroller.scrollTop });
    const page = model.page(first, visible);
    pool.forEach(({ row, cells }, i) => {
      const r = page[i];
      row.style.visibility = r ? "" : "hidden";
      if (!r) return;
      row.setAttribute("aria-rowindex", String(first + i + 2));
      cells[0].textContent = String(r[0]);
      for (let k = 1; k < cells.length; k++) {
        cells[k].textContent = r[k] as string;
        cells[k].classList.toggle("cf-missing", model.value(first + i, k - 1) === null);
      }
    });
    const last = Math.min(rows, first + visible);
    const sort = model.sort;
    const sorted = sort ? ` · sorted by ${model.columns[sort.column].name} ${sort.direction === "asc" ? "↑" : "↓"}` : "";
    const partial = model.length > rows ? ` (the first ${fmt(rows)} of ${fmt(model.length)} rows were sent)` : "";
    status.textContent = rows === 0 ? `0 rows × ${model.columns.length} columns` : `rows ${fmt(first + 1)}–${fmt(last)} of ${fmt(rows)} × ${model.columns.length} columns${partial}${sorted}`;
    toFirst.disabled = prev.disabled = first === 0;
    toLast.disabled = next.disabled = last >= rows;
  }

  function show(row: number): void {
    scroller.scrollTop = scrollTopFor({ ...geometry(), row });
    render();
  }

  function sortBy(k: number): void {
    model.sortBy(model.nextSort(k));
    headerCells.forEach((th, j) => {
      const s = model.sort;
      th.setAttribute("aria-sort", s && s.column === j ? (s.direction === "asc" ? "ascending" : "descending") : "none");
      (th.firstChild as HTMLElement).textContent = model.columns[j].name + (s && s.column === j ? (s.direction === "asc" ? " ↑" : " ↓") : "");
    });
    show(0);
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
      End: () => rows,
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
