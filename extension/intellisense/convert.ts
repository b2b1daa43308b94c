/**
 * Kernel answers (kernels/protocol.ts) in VS Code's vocabulary, as names and plain numbers so
 * this stays testable without VS Code; the providers look the names up in the vscode enums.
 */
import type { CellTypeDiagnostic, CompletionItem, TypecheckMode } from "../../kernels/protocol";

/** vscode.CompletionItemKind member names for the kernel's completion kinds. */
export const COMPLETION_KIND: Record<CompletionItem["kind"], "Variable" | "Function" | "Class" | "Property" | "Method" | "Keyword" | "Module" | "Interface" | "TypeParameter" | "Enum" | "Constant"> = {
  variable: "Variable",
  function: "Function",
  class: "Class",
  property: "Property",
  method: "Method",
  keyword: "Keyword",
  module: "Module",
  interface: "Interface",
  type: "TypeParameter",
  enum: "Enum",
  constant: "Constant",
};

/**
 * Severity of a kernel diagnostic under the type-check setting: "warn" (the default) shows type
 * errors as warnings, because a cell with a type error still runs; "error" shows them as errors
 * (such a cell does not run then); "off" shows none.
 */
export function diagnosticSeverity(d: Pick<CellTypeDiagnostic, "severity">, mode: TypecheckMode): "Error" | "Warning" | undefined {
  if (mode === "off") return undefined;
  if (mode === "error" && d.severity === "error") return "Error";
  return "Warning";
}

/** A 1-based line/column span (kernel) as a 0-based one (VS Code), never inverted. */
export function zeroBasedRange(d: Pick<CellTypeDiagnostic, "line" | "column" | "endLine" | "endColumn">): [number, number, number, number] {
  const startLine = Math.max(0, d.line - 1);
  const startCol = Math.max(0, d.column - 1);
  let endLine = Math.max(0, d.endLine - 1);
  let endCol = Math.max(0, d.endColumn - 1);
  if (endLine < startLine || (endLine === startLine && endCol < startCol)) [endLine, endCol] = [startLine, startCol];
  return [startLine, startCol, endLine, endCol];
}

/** Sort text that keeps the kernel's ranking among items VS Code scores alike. */
export function sortText(index: number): string {
  return String(index).padStart(6, "0");
}

/**
 * Whether an edit's range meets a problem's range, by lines (a word grown at its end, a line
 * split or joined): such a problem may no longer apply and is taken away until the recheck.
 *
 * @example touches({ start: { line: 2 }, end: { line: 2 } }, { start: { line: 2 }, end: { line: 2 } }) // true
 */
export function touches(problem: { start: { line: number }; end: { line: number } }, edit: { start: { line: number }; end: { line: number } }): boolean {
  return problem.start.line <= edit.end.line && edit.start.line <= problem.end.line;
}
