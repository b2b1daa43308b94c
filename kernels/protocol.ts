/**
 * The one protocol between a host (the CLI runner, the VS Code controller, the Jupyter adapter)
 * and the kernel process. Newline-delimited JSON over the kernel's fd 3, both directions.
 * kernels/PROTOCOL.md is the prose version of this file; keep them together.
 */

/** A MIME bundle: MIME type -> data (string, or JSON for JSON types). */
export type MimeBundle = Record<string, unknown>;

// ---- host -> kernel --------------------------------------------------------------------------

export interface ExecuteRequest {
  type: "execute";
  /** Chosen by the host; every message about this execution carries it. */
  id: string;
  code: string;
  /** Shown in stack traces and errors, e.g. "cell 3". */
  cellName?: string;
  language?: "typescript" | "javascript";
}

export interface InterruptRequest {
  type: "interrupt";
}

export interface CompleteRequest {
  type: "complete";
  id: string;
  code: string;
  /** Offset in `code` (UTF-16 code units). */
  cursor: number;
}

export interface InspectRequest {
  type: "inspect";
  id: string;
  code: string;
  cursor: number;
}

export interface VariablesRequest {
  type: "variables";
  id: string;
}

export interface ShutdownRequest {
  type: "shutdown";
}

export type HostMessage =
  | ExecuteRequest
  | InterruptRequest
  | CompleteRequest
  | InspectRequest
  | VariablesRequest
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
}

export interface ResultMessage {
  type: "result";
  id: string;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface ErrorMessage {
  type: "error";
  id: string;
  ename: string;
  evalue: string;
  traceback: string[];
  /** "cell": the cell threw; "uncaught": async work of the cell threw or rejected later. */
  origin?: "cell" | "uncaught";
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
  kind: "variable" | "function" | "class" | "property" | "method" | "keyword" | "module";
  detail?: string;
}

export interface InspectReply {
  type: "inspect_reply";
  id: string;
  found: boolean;
  data: MimeBundle;
}

export interface VariableInfo {
  name: string;
  type: string;
  /** Rows for frames and arrays, keys for objects, bytes for buffers. */
  size?: number;
  preview: string;
}

export interface VariablesReply {
  type: "variables_reply";
  id: string;
  variables: VariableInfo[];
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
  | VariablesReply
  | ExitingMessage;

/** Messages that belong to one execution (carry its id) and end up as cell outputs. */
export type OutputMessage = StreamMessage | DisplayMessage | ResultMessage | ErrorMessage;

export function isOutputMessage(m: KernelMessage): m is OutputMessage {
  return m.type === "stream" || m.type === "display" || m.type === "result" || m.type === "error";
}
