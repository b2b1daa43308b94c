/**
 * The one protocol between a host (the CLI runner, the VS Code controller, the Jupyter adapter)
 * and the kernel process. Newline-delimited JSON over the kernel's fd 3, both directions.
 * kernels/PROTOCOL.md is the prose version of this file; keep them together.
 */

/** A MIME bundle: MIME type -> data (string, or JSON for JSON types). */
export type MimeBundle = Record<string, unknown>;

// ---- host -> kernel --------------------------------------------------------------------------

export type TypecheckMode = "off" | "warn" | "error";

export interface ExecuteRequest {
  type: "execute";
  /** Chosen by the host; every message about this execution carries it. */
  id: string;
  code: string;
  /** Shown in stack traces and errors, e.g. "cell 3". */
  cellName?: string;
  language?: "typescript" | "javascript";
  /**
   * Type checking of this cell against the cells executed before it. "warn" (default): the
   * cell runs at once, type errors arrive later as a `diagnostics` message. "error": the cell is
   * checked first and does not run when it has type errors. "off": no check.
   */
  typecheck?: TypecheckMode;
  /**
   * The cell's document (VS Code: its `vscode-notebook-cell:` URI). The compiled cell's source
   * map then names `cellDebugPath(cellUri)` (kernels/cell-source.ts) as its source, which a
   * debugger attached to the kernel shows and sets breakpoints on; without it, `cellName`.
   */
  cellUri?: string;
  /** Pause before the cell's first statement when a debugger is attached (Run by Line). */
  pauseAtStart?: boolean;
}

/**
 * Open or close Node's inspector in the kernel process (127.0.0.1 only). "open": `port` 0 or
 * absent picks a free port; `wait` makes the kernel run nothing more until a debugger has
 * attached and said to go on (Runtime.runIfWaitingForDebugger); an inspector already open
 * is answered as it is. "close": ends every debugger's connection (a paused cell goes on) and
 * the kernel runs at its normal speed again; it also releases a kernel still waiting.
 */
export interface DebugRequest {
  type: "debug";
  id: string;
  action: "open" | "close";
  port?: number;
  wait?: boolean;
}

/** A cell of the notebook, as context for type intelligence (the cells before, in file order). */
export interface CellSource {
  code: string;
  language?: "typescript" | "javascript";
}

export interface InterruptRequest {
  type: "interrupt";
  /**
   * The execution to stop. An interrupt that arrives after that execution ended (and another
   * started) must not stop the next one; without an id, whatever runs is stopped.
   */
  id?: string;
}

export interface CompleteRequest {
  type: "complete";
  id: string;
  code: string;
  /** The cells before this one (file order); without it, the cells the kernel has executed. */
  cells?: CellSource[];
  /** Offset in `code` (UTF-16 code units). */
  cursor: number;
}

export interface InspectRequest {
  type: "inspect";
  id: string;
  code: string;
  /** The cells before this one (file order); without it, the cells the kernel has executed. */
  cells?: CellSource[];
  cursor: number;
}

export interface SignatureRequest {
  type: "signature";
  id: string;
  code: string;
  cursor: number;
  cells?: CellSource[];
}

export interface DiagnosticsRequest {
  type: "diagnostics";
  id: string;
  code: string;
  cells?: CellSource[];
  language?: "typescript" | "javascript";
}

/** Answered (settle_reply) once every pending type check of executed cells has reported. */
export interface SettleRequest {
  type: "settle";
  id: string;
}

export interface VariablesRequest {
  type: "variables";
  id: string;
}

/**
 * Answered (pending_reply) with how many timers and immediates are waiting in the kernel: async
 * work that cells started and that may still print or fail (the kernel's own are short-lived).
 */
export interface PendingRequest {
  type: "pending";
  id: string;
}

// ---- tables (the data viewer) --------------------------------------------------------------

/**
 * What a table request browses: a top-level variable holding a frame, an array of records or an
 * Arrow table, or a table a cell output showed (`handle`, from that output's display/result
 * message; valid while the kernel that showed it lives).
 */
export type TableSource = { variable: string } | { handle: string };

export type TableColumnType = "number" | "time" | "string";

/**
 * One column condition. Numbers and times compare as numbers (times as epoch ms); strings
 * compare in code-unit order, `contains` and `starts` ignore case. Missing values (NaN, null)
 * pass only `empty`, and `!=` (as pandas' `!=` keeps NaN).
 */
export interface ColumnFilter {
  column: string;
  op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "between" | "contains" | "starts" | "empty" | "notEmpty";
  value?: number | string;
  /** The upper bound of `between` (inclusive, as the lower). */
  value2?: number | string;
}

/** A view of a table: the rows passing every filter and the quick text, in sort order. */
export interface TableView {
  /** Stable; missing values last in both directions. Without it, the table's own order. */
  sort?: { column: string; descending?: boolean };
  filters?: ColumnFilter[];
  /** Quick filter: rows where any cell's text contains this (case-insensitive). */
  text?: string;
}

export interface TableRequest {
  type: "table";
  id: string;
  source: TableSource;
  view?: TableView;
  /** First row of the page, in view order (default 0), and how many rows (default 100, at most 10,000). */
  offset?: number;
  limit?: number;
  /** Column statistics of the view's rows: true for every column, or these columns. */
  stats?: boolean | string[];
}

export interface ColumnStats {
  column: string;
  type: TableColumnType;
  /** Values present, and missing (NaN, null). */
  count: number;
  missing: number;
  /** Numbers and times: min, max, mean (times as epoch ms); strings: min, max in code-unit order. */
  min?: number | string;
  max?: number | string;
  mean?: number;
  /** Strings: how many distinct values. */
  distinct?: number;
}

/** A page cell: a number (times as epoch ms), a string, or null for missing; infinities as "Infinity"/"-Infinity". */
export type TableCell = number | string | null;

export interface TableReply {
  type: "table_reply";
  id: string;
  /** Set when the request could not be served (unknown variable, stale handle, bad column); nothing else is then. */
  error?: string;
  kind?: "frame" | "records" | "arrow";
  columns: Array<{ name: string; type: TableColumnType }>;
  /** Rows of the table, and rows of the view (after filters). */
  length: number;
  total: number;
  offset: number;
  rows: TableCell[][];
  /** The table's row number of each page row. */
  rowIndex: number[];
  stats?: ColumnStats[];
  /** Kernel-side time of this request (view order from cache or computed, plus the page), ms. */
  elapsedMs: number;
}

/** Write the view (sorted, filtered, all its rows) to a file; the kernel writes it atomically. */
export interface TableExportRequest {
  type: "table_export";
  id: string;
  source: TableSource;
  view?: TableView;
  format: "csv" | "parquet";
  /** Absolute path, or relative to the notebook's folder. */
  path: string;
}

export interface TableExportReply {
  type: "table_export_reply";
  id: string;
  error?: string;
  path: string;
  rows: number;
  bytes: number;
}

export interface ShutdownRequest {
  type: "shutdown";
}

export type HostMessage =
  | ExecuteRequest
  | InterruptRequest
  | CompleteRequest
  | InspectRequest
  | SignatureRequest
  | PendingRequest
  | DiagnosticsRequest
  | SettleRequest
  | VariablesRequest
  | TableRequest
  | TableExportRequest
  | DebugRequest
  | ShutdownRequest;

// ---- kernel -> host --------------------------------------------------------------------------

export interface ReadyMessage {
  type: "ready";
  pid: number;
  versions: { node: string; typescript: string; kernel: string };
}

export interface StatusMessage {
  type: "status";
  state: "busy" | "idle";
  /** The execution that made the kernel busy. */
  id?: string;
}

export interface StreamMessage {
  type: "stream";
  id: string;
  name: "stdout" | "stderr";
  text: string;
}

export interface DisplayMessage {
  type: "display";
  id: string;
  data: MimeBundle;
  metadata: Record<string, unknown>;
  /** Set when the display may be updated later (`display(x, { id })`). */
  displayId?: string;
  /** True for an update of an earlier display with the same displayId. */
  update?: boolean;
  /** The shown value is a table the kernel can browse (`table` requests) while it lives. */
  table?: TableHandle;
}

export interface TableHandle {
  handle: string;
  /** All its rows (the output itself carries at most the first 1,000). */
  length: number;
}

export interface ResultMessage {
  type: "result";
  id: string;
  data: MimeBundle;
  metadata: Record<string, unknown>;
  table?: TableHandle;
}

export interface ErrorMessage {
  type: "error";
  id: string;
  ename: string;
  evalue: string;
  traceback: string[];
  /** "cell": the cell threw; "uncaught": async work of the cell threw or rejected later. */
  origin?: "cell" | "uncaught";
  /**
   * Interrupt only: where the code was when it was stopped (`cellName` is the cell that defined
   * it: another cell when a function it declared was running). Absent when that cannot be told
   * (the cell was waiting on an `await`, or stopped inside a package).
   */
  at?: { cellName: string; line: number; column: number; source: string };
}

export interface DoneMessage {
  type: "done";
  id: string;
  status: "ok" | "error" | "interrupted";
  durationMs: number;
}

export interface CompleteReply {
  type: "complete_reply";
  id: string;
  matches: CompletionItem[];
  cursorStart: number;
  cursorEnd: number;
}

export interface CompletionItem {
  label: string;
  kind: "variable" | "function" | "class" | "property" | "method" | "keyword" | "module" | "interface" | "type" | "enum" | "constant";
  /** The type or signature, e.g. "(n: number) => number". */
  detail?: string;
  /** The doc comment, Markdown. */
  documentation?: string;
}

export interface InspectReply {
  type: "inspect_reply";
  id: string;
  found: boolean;
  /** text/plain always; text/markdown with the type and doc comment when types are known. */
  data: MimeBundle;
  /** The span of the inspected name in the cell (offsets), when known. */
  start?: number;
  end?: number;
}

export interface SignatureInfo {
  label: string;
  documentation?: string;
  parameters: Array<{ label: string; documentation?: string }>;
}

export interface SignatureReply {
  type: "signature_reply";
  id: string;
  signatures: SignatureInfo[];
  activeSignature: number;
  activeParameter: number;
}

/** A type or syntax problem in a cell; lines and columns 1-based, in the cell. */
export interface CellTypeDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** TypeScript's error number, e.g. 2322. */
  code: number;
  severity: "error" | "warning";
}

export interface DiagnosticsReply {
  type: "diagnostics_reply";
  id: string;
  diagnostics: CellTypeDiagnostic[];
}

export interface SettleReply {
  type: "settle_reply";
  id: string;
}

export interface PendingReply {
  type: "pending_reply";
  id: string;
  /** Timers (setTimeout, setInterval) and immediates waiting in the kernel process. */
  timers: number;
}

/** Type problems found in an executed cell (typecheck "warn"); `id` is the execution's. */
export interface DiagnosticsMessage {
  type: "diagnostics";
  id: string;
  cellName?: string;
  diagnostics: CellTypeDiagnostic[];
}

export interface VariableInfo {
  name: string;
  type: string;
  /** Rows for frames and arrays, keys for objects, bytes for buffers. */
  size?: number;
  preview: string;
  /**
   * "import": bound by an import (a module or one of its exports); "function" and "class":
   * declared by the notebook; "value": anything else. Hosts hide imports and functions by default.
   */
  kind?: "import" | "function" | "class" | "value";
  /** Rows x columns, for values the data viewer browses (frames, arrays of records, Arrow tables). */
  shape?: [number, number];
  /** Members to expand it by (objects, arrays, maps): name, type, preview; at most 200. */
  children?: Array<{ name: string; type: string; preview: string }>;
}

export interface VariablesReply {
  type: "variables_reply";
  id: string;
  variables: VariableInfo[];
}

export interface DebugReply {
  type: "debug_reply";
  id: string;
  /** Whether the inspector is open after the request. */
  open: boolean;
  /** The inspector's WebSocket URL and port while open. */
  url?: string;
  port?: number;
  /** Why it could not be opened (the port is taken, ...). */
  error?: string;
}

/** The kernel is about to exit on its own (process.exit in a cell); sent before it does. */
export interface ExitingMessage {
  type: "exiting";
  code: number;
  reason: string;
}

export type KernelMessage =
  | ReadyMessage
  | StatusMessage
  | StreamMessage
  | DisplayMessage
  | ResultMessage
  | ErrorMessage
  | DoneMessage
  | CompleteReply
  | InspectReply
  | SignatureReply
  | DiagnosticsReply
  | DiagnosticsMessage
  | SettleReply
  | PendingReply
  | VariablesReply
  | TableReply
  | TableExportReply
  | DebugReply
  | ExitingMessage;

/** Messages that belong to one execution (carry its id) and end up as cell outputs. */
export type OutputMessage = StreamMessage | DisplayMessage | ResultMessage | ErrorMessage;

export function isOutputMessage(m: KernelMessage): m is OutputMessage {
  return m.type === "stream" || m.type === "display" || m.type === "result" || m.type === "error";
}
