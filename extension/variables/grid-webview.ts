/// <reference lib="dom" />
/**
 * The script of the variables grid (variables-grid.ts): draws the rows the extension posts and
 * posts back the user's clicks and keys. Themed with VS Code's CSS variables.
 *
 * Keyboard: Tab reaches the toggle, the column headers (Enter or Space sorts) and the grid;
 * in the grid ArrowUp/ArrowDown/Home/End move between rows, ArrowRight expands a row (or goes
 * to its first member), ArrowLeft collapses it (or goes to its variable), Enter opens the row's
 * value (a table in the Data Viewer), Space expands or collapses.
 */
import type { GridColumn, GridRow, GridSort } from "./grid-model";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

interface RowsMessage {
  type: "rows";
  rows: GridRow[];
  hidden: number;
  total: number;
  sort: GridSort;
  showAll: boolean;
  status: string;
}

const COLUMNS: Array<{ column: GridColumn; label: string }> = [
  { column: "name", label: "Name" },
  { column: "type", label: "Type" },
  { column: "size", label: "Shape / size" },
  { column: "preview", label: "Preview" },
];

const STYLE = `
body { padding: 0; margin: 0; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); }
.cv-bar { display: flex; gap: 12px; align-items: center; padding: 4px 8px; position: sticky; top: 0; background: var(--vscode-panel-background, var(--vscode-editor-background)); z-index: 2; }
.cv-bar button { font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; cursor: pointer; }
.cv-bar button[aria-pressed="true"] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
.cv-status { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th { text-align: left; font-weight: 600; position: sticky; top: 30px; background: var(--vscode-panel-background, var(--vscode-editor-background)); border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); z-index: 1; }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: none; padding: 3px 6px; width: 100%; text-align: left; cursor: pointer; }
th:nth-child(1) { width: 22%; } th:nth-child(2) { width: 14%; } th:nth-child(3) { width: 13%; } th:nth-child(5) { width: 150px; }
td { padding: 2px 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
td.cv-preview, td.cv-size { font-family: var(--vscode-editor-font-family); }
td.cv-size { text-align: right; }
tr.cv-row:hover { background: var(--vscode-list-hoverBackground); }
tr.cv-row:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; background: var(--vscode-list-focusBackground, var(--vscode-list-hoverBackground)); }
tr.cv-member td.cv-name { padding-left: 26px; color: var(--vscode-descriptionForeground); }
.cv-twisty { display: inline-block; width: 14px; border: none; background: none; color: inherit; padding: 0; cursor: pointer; font: inherit; }
.cv-actions button { font: inherit; color: var(--vscode-textLink-foreground); background: none; border: none; padding: 0; cursor: pointer; text-decoration: underline; }
.cv-empty { padding: 8px; color: var(--vscode-descriptionForeground); }
th button:focus-visible, .cv-bar button:focus-visible, .cv-actions button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
`;

const api = acquireVsCodeApi();
const root = document.getElementById("cascade-variables")!;
const style = document.createElement("style");
style.textContent = STYLE;
document.head.appendChild(style);

let rows: GridRow[] = [];
let focusedKey: string | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function rowAction(row: GridRow): void {
  if (row.depth !== 0) return;
  api.postMessage({ type: row.table ? "open" : "show", name: row.name });
}

function focusRow(key: string | undefined): void {
  const all = Array.from(root.querySelectorAll<HTMLTableRowElement>("tr.cv-row"));
  const target = all.find((r) => r.dataset.key === key) ?? all[0];
  if (!target) return;
  for (const r of all) r.tabIndex = r === target ? 0 : -1;
  focusedKey = target.dataset.key;
  target.focus();
}

function onKey(e: KeyboardEvent, row: GridRow, index: number): void {
  const move = (i: number) => rows[i] && focusRow(rows[i].key);
  const parentIndex = () => rows.findIndex((r) => r.depth === 0 && row.key.startsWith(r.key + ".") && rows.indexOf(r) < index);
  switch (e.key) {
    case "ArrowDown": move(Math.min(rows.length - 1, index + 1)); break;
    case "ArrowUp": move(Math.max(0, index - 1)); break;
    case "Home": move(0); break;
    case "End": move(rows.length - 1); break;
    case "ArrowRight":
      if (row.expandable && !row.expanded) api.postMessage({ type: "toggle", key: row.key });
      else if (row.expanded) move(index + 1);
      break;
    case "ArrowLeft":
      if (row.expanded) api.postMessage({ type: "toggle", key: row.key });
      else if (row.depth === 1) move(parentIndex());
      break;
    case " ":
      if (row.expandable) api.postMessage({ type: "toggle", key: row.key });
      break;
    case "Enter": rowAction(row); break;
    default: return;
  }
  e.preventDefault();
}

function render(m: RowsMessage): void {
  const hadFocus = root.contains(document.activeElement) && document.activeElement?.tagName === "TR";
  rows = m.rows;
  const toggle = el("button", { className: "cv-toggle", title: "Imports and the notebook's functions and classes" }, m.showAll ? "Hide imports and functions" : `Show imports and functions${m.hidden ? ` (${m.hidden})` : ""}`);
  toggle.setAttribute("aria-pressed", String(m.showAll));
  toggle.addEventListener("click", () => api.postMessage({ type: "showAll", on: !m.showAll }));
  const bar = el("div", { className: "cv-bar" }, toggle, el("span", { className: "cv-status" }, m.status || `${m.rows.filter((r) => r.depth === 0).length} of ${m.total} variables`));

  const head = el("tr");
  for (const { column, label } of COLUMNS) {
    const th = el("th", { scope: "col" });
    th.setAttribute("role", "columnheader");
    th.dataset.column = column;
    const sorted = m.sort.column === column;
    th.setAttribute("aria-sort", sorted ? (m.sort.descending ? "descending" : "ascending") : "none");
    const button = el("button", { title: `Sort by ${label.toLowerCase()}` }, label + (sorted ? (m.sort.descending ? " ↓" : " ↑") : ""));
    button.addEventListener("click", () => api.postMessage({ type: "sort", column }));
    th.append(button);
    head.append(th);
  }
  head.append(el("th", { scope: "col" }, el("span", { className: "cv-status" }, "")));

  const body = el("tbody");
  rows.forEach((row, index) => {
    const tr = el("tr", { className: `cv-row${row.depth ? " cv-member" : ""}`, tabIndex: -1 });
    tr.dataset.key = row.key;
    tr.dataset.name = row.name;
    tr.dataset.kind = row.kind;
    tr.setAttribute("aria-level", String(row.depth + 1));
    if (row.expandable) tr.setAttribute("aria-expanded", String(row.expanded));
    const twisty = el("button", { className: "cv-twisty", tabIndex: -1, title: row.expanded ? "Collapse" : "Expand" }, row.expandable ? (row.expanded ? "▾" : "▸") : "");
    if (row.expandable) twisty.addEventListener("click", (e) => (e.stopPropagation(), api.postMessage({ type: "toggle", key: row.key })));
    const name = el("td", { className: "cv-name", title: row.key }, ...(row.depth === 0 ? [twisty] : []), row.name);
    const actions = el("td", { className: "cv-actions" });
    if (row.depth === 0) {
      const open = el("button", { className: row.table ? "cv-open" : "cv-show", tabIndex: -1 }, row.table ? "Open in Data Viewer" : "Show Value");
      open.addEventListener("click", (e) => (e.stopPropagation(), rowAction(row)));
      actions.append(open);
    }
    tr.append(name, el("td", { className: "cv-type" }, row.type), el("td", { className: "cv-size" }, row.size), el("td", { className: "cv-preview", title: row.preview }, row.preview), actions);
    for (const td of Array.from(tr.children)) td.setAttribute("role", "gridcell");
    tr.setAttribute("role", "row");
    tr.addEventListener("keydown", (e) => onKey(e, row, index));
    tr.addEventListener("click", () => focusRow(row.key));
    tr.addEventListener("dblclick", () => (row.expandable ? api.postMessage({ type: "toggle", key: row.key }) : rowAction(row)));
    body.append(tr);
  });

  const table = el("table", { className: "cascade-variables-grid" }, el("thead", {}, head), body);
  // A grid whose rows expand: a treegrid (rows carry aria-level and aria-expanded).
  table.setAttribute("role", "treegrid");
  table.setAttribute("aria-label", "Notebook variables");
  root.replaceChildren(bar, rows.length ? table : el("div", { className: "cv-empty" }, m.total ? "Only imports and functions: the toggle shows them." : m.status || "No variables yet."));
  // Roving focus: one row is in the tab order; it keeps the focus across redraws.
  const all = Array.from(root.querySelectorAll<HTMLTableRowElement>("tr.cv-row"));
  const current = all.find((r) => r.dataset.key === focusedKey) ?? all[0];
  if (current) current.tabIndex = 0;
  if (hadFocus) focusRow(current?.dataset.key);
}

window.addEventListener("message", (e: MessageEvent) => {
  const m = e.data as RowsMessage;
  if (m?.type === "rows") render(m);
});
api.postMessage({ type: "ready" });
