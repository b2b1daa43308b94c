/**
 * The variables grid's rows, from the kernel's variables and the grid's state (which columns it
 * is sorted by, whether imports and functions show, which rows are expanded). Pure, so it is
 * tested without VS Code; the webview only draws these rows (grid-webview.ts).
 *
 * Sorting is stable: rows whose sort keys are equal keep the kernel's order (the order the
 * notebook bound them in). Values without a size (numbers, strings, functions) come after the
 * sized ones in both directions. Members of an expanded row stay under it, in their own order
 * (an object's keys as written, an array's indexes).
 */
import type { VariableInfo } from "../../kernels/protocol";
import { displayType, visibleVariables } from "./describe";

export type GridColumn = "name" | "type" | "size" | "preview";
export const GRID_COLUMNS: readonly GridColumn[] = ["name", "type", "size", "preview"];

export interface GridSort {
  column: GridColumn;
  descending: boolean;
}

export interface GridState {
  showAll: boolean;
  sort: GridSort;
  /** Keys (top-level names) of the expanded rows. */
  expanded: ReadonlySet<string>;
}

export interface GridRow {
  /** Unique in the grid: the variable's name, or `parent.member` for a member. */
  key: string;
  name: string;
  /** 0 for a variable, 1 for a member of an expanded one. */
  depth: 0 | 1;
  type: string;
  /** "100,000 × 3" for tables, "2,016" for sized values, "" otherwise. */
  size: string;
  /** One line: a table's header line, other values' preview with runs of white space as one. */
  preview: string;
  /** Has members to show (objects, arrays, maps). */
  expandable: boolean;
  expanded: boolean;
  /** Opens in the Data Viewer (frames, arrays of records, Arrow tables). */
  table: boolean;
  kind: NonNullable<VariableInfo["kind"]>;
}

export interface Grid {
  rows: GridRow[];
  /** Variables left out because imports and functions are hidden. */
  hidden: number;
}

const PREVIEW_CHARS = 200;

function oneLine(text: string, table: boolean): string {
  const line = (table ? text.split("\n")[0] : text).replace(/\s+/g, " ").trim();
  return line.length > PREVIEW_CHARS ? line.slice(0, PREVIEW_CHARS - 1) + "…" : line;
}

/** The number a variable sorts by in the size column: cells for tables, else its size. */
export function sizeKey(v: VariableInfo): number | undefined {
  if (v.shape) return v.shape[0] * Math.max(1, v.shape[1]);
  return v.size;
}

function sizeText(v: VariableInfo): string {
  if (v.shape) return `${v.shape[0].toLocaleString("en-US")} × ${v.shape[1].toLocaleString("en-US")}`;
  return v.size === undefined ? "" : v.size.toLocaleString("en-US");
}

function compare(a: VariableInfo, b: VariableInfo, sort: GridSort): number {
  const sign = sort.descending ? -1 : 1;
  if (sort.column === "size") {
    const x = sizeKey(a);
    const y = sizeKey(b);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    return sign * (x - y);
  }
  const text = (v: VariableInfo) => (sort.column === "name" ? v.name : sort.column === "type" ? displayType(v.type) : oneLine(v.preview, !!v.shape));
  return sign * text(a).localeCompare(text(b), "en-US", { sensitivity: "base", numeric: true });
}

/** The rows to draw, in order. */
export function gridRows(list: readonly VariableInfo[], state: GridState): Grid {
  const visible = visibleVariables([...list], state.showAll);
  // Array.prototype.sort is stable: ties keep the kernel's order.
  const sorted = [...visible].sort((a, b) => compare(a, b, state.sort));
  const rows: GridRow[] = [];
  for (const v of sorted) {
    const children = v.children ?? [];
    const expandable = children.length > 0;
    const expanded = expandable && state.expanded.has(v.name);
    rows.push({
      key: v.name,
      name: v.name,
      depth: 0,
      type: displayType(v.type),
      size: sizeText(v),
      preview: oneLine(v.preview, !!v.shape),
      expandable,
      expanded,
      table: !!v.shape,
      kind: v.kind ?? "value",
    });
    if (!expanded) continue;
    for (const c of children) {
      rows.push({ key: `${v.name}.${c.name}`, name: c.name, depth: 1, type: displayType(c.type), size: "", preview: oneLine(c.preview, false), expandable: false, expanded: false, table: false, kind: "value" });
    }
  }
  return { rows, hidden: list.length - visible.length };
}

/**
 * The sort after a click on `column`'s header: the same column flips its direction; another
 * column sorts ascending, but size, which starts with the largest.
 */
export function nextSort(current: GridSort, column: GridColumn): GridSort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: column === "size" };
}

/** The expanded set after toggling `key`, without names the kernel no longer has. */
export function toggleExpanded(expanded: ReadonlySet<string>, key: string, list: readonly VariableInfo[]): Set<string> {
  const names = new Set(list.filter((v) => v.children?.length).map((v) => v.name));
  const next = new Set([...expanded].filter((k) => names.has(k)));
  if (next.has(key)) next.delete(key);
  else if (names.has(key)) next.add(key);
  return next;
}

export function isGridColumn(value: unknown): value is GridColumn {
  return typeof value === "string" && (GRID_COLUMNS as readonly string[]).includes(value);
}
