/**
 * The debug adapter sees each cell as a file path (kernels/cell-source.ts: the kernel's source
 * map of a cell names `cellDebugPath(cellUri)`); VS Code sees it as the cell's document. These
 * functions translate every `Source` in the Debug Adapter Protocol messages between the two:
 * towards the adapter a cell's URI becomes its path (breakpoints, breakpoint locations), towards
 * VS Code a cell's path becomes its URI again (stack frames, breakpoints, loaded sources), so
 * the editor opens the cell itself, not a read-only copy. Pure (no VS Code API): tested on its own.
 */
import { cellDebugPath } from "../../kernels/cell-source";

/** The parts of a DAP Source this module reads and writes. */
export interface DapSource {
  name?: string;
  path?: string;
  sourceReference?: number;
  [key: string]: unknown;
}

interface DapMessage {
  type: string;
  command?: string;
  event?: string;
  success?: boolean;
  arguments?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/** Call `visit` on every Source a DAP message carries (the message is changed in place). */
export function visitSources(message: unknown, visit: (source: DapSource) => void): void {
  const m = message as DapMessage;
  const one = (s: unknown) => {
    if (s && typeof s === "object") visit(s as DapSource);
  };
  const each = (list: unknown, key?: string) => {
    if (Array.isArray(list)) for (const item of list) one(key ? (item as Record<string, unknown>)?.[key] : item);
  };
  if (m.type === "request" && m.arguments) {
    one(m.arguments.source);
    return;
  }
  if (m.type === "event" && m.body) {
    if (m.event === "breakpoint") one((m.body.breakpoint as Record<string, unknown> | undefined)?.source);
    else one(m.body.source);
    return;
  }
  if (m.type === "response" && m.success && m.body) {
    switch (m.command) {
      case "stackTrace":
        each(m.body.stackFrames, "source");
        break;
      case "loadedSources":
        each(m.body.sources);
        break;
      case "scopes":
        each(m.body.scopes, "source");
        break;
      case "setBreakpoints":
      case "setFunctionBreakpoints":
      case "setExceptionBreakpoints":
        each(m.body.breakpoints, "source");
        break;
      case "gotoTargets":
      case "stepInTargets":
        break;
      default:
        one(m.body.source);
    }
  }
}

/** The cells of one notebook as the translation needs them. */
export interface CellRef {
  uri: string;
  /** What the call stack shows for the cell, e.g. "analysis.ipynb, Cell 3". */
  label: string;
}

/** Translates sources for one notebook; `cells` is asked again when a path is not known yet. */
export class CellSourceMapper {
  private byPath = new Map<string, CellRef>();
  private byUri = new Map<string, string>();

  constructor(private readonly cells: () => CellRef[]) {
    this.refresh();
  }

  private refresh(): void {
    this.byPath.clear();
    this.byUri.clear();
    for (const cell of this.cells()) {
      const path = cellDebugPath(cell.uri);
      this.byPath.set(path, cell);
      this.byUri.set(cell.uri, path);
    }
  }

  private pathOf(uri: string): string | undefined {
    if (!this.byUri.has(uri)) this.refresh();
    return this.byUri.get(uri);
  }

  private cellOf(path: string): CellRef | undefined {
    if (!this.byPath.has(path)) this.refresh();
    return this.byPath.get(path);
  }

  /** VS Code -> debug adapter: cell URIs become the paths the kernel's source maps name. */
  toAdapter(message: unknown): void {
    visitSources(message, (source) => {
      if (typeof source.path !== "string" || !source.path.startsWith("vscode-notebook-cell:")) return;
      const path = this.pathOf(source.path);
      if (path) source.path = path;
    });
  }

  /** Debug adapter -> VS Code: cell paths become the cells' URIs (opened as the cell itself). */
  toEditor(message: unknown): void {
    visitSources(message, (source) => {
      if (typeof source.path !== "string") return;
      const cell = this.cellOf(source.path);
      if (!cell) return;
      source.path = cell.uri;
      source.name = cell.label;
      // The adapter offers the map's copy of the text (the path is no file): the cell is better.
      source.sourceReference = 0;
    });
  }
}
