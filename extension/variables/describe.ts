/**
 * How a variable reads in the variables view: "Frame · 2,016 · Frame(2016 rows x 6 columns)".
 * Pure, so it is tested without VS Code.
 */
import type { VariableInfo } from "../../kernels/protocol";

/** Identifiers only: a variable's name is put into code (`display(name)`) to show its value. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name);
}

/** The type as the user knows it: "Frame" for the library's frames, whatever the bundle named it. */
export function displayType(type: string): string {
  return isFrameType(type) ? "Frame" : type;
}

export function describeVariable(v: VariableInfo, maxPreview = 80): string {
  const size = v.shape ? ` · ${v.shape[0].toLocaleString("en-US")} × ${v.shape[1]}` : v.size === undefined ? "" : ` · ${v.size.toLocaleString("en-US")}`;
  // A table's preview is a text table: its header line names the columns.
  const preview = (v.shape ? v.preview.split("\n")[0] : v.preview).replace(/\s+/g, " ").trim();
  const short = preview.length > maxPreview ? preview.slice(0, maxPreview - 1) + "…" : preview;
  return `${displayType(v.type)}${size} · ${short}`;
}

/**
 * Whether a type name is the library's Frame. Bundlers may rename the class (esbuild gives a
 * class that collides with another name `_Frame`), and the kernel reports constructor names.
 */
export function isFrameType(type: string): boolean {
  return /^_*Frame\d*$/.test(type);
}

/** A codicon for the variable's type. */
export function variableIcon(type: string): string {
  if (isFrameType(type)) return "table";
  if (type.startsWith("Array") || /Array$/.test(type)) return "symbol-array";
  if (type === "function") return "symbol-function";
  if (type === "class") return "symbol-class";
  if (type === "string") return "symbol-string";
  if (type === "number" || type === "bigint") return "symbol-number";
  if (type === "boolean") return "symbol-boolean";
  return "symbol-variable";
}

/** The variables shown: without imports, functions and classes unless `showAll`. */
export function visibleVariables(list: VariableInfo[], showAll: boolean): VariableInfo[] {
  return showAll ? list : list.filter((v) => v.kind === undefined || v.kind === "value");
}

export type VariableSort = "name" | "type" | "size";

/** Sorted by name, by type (then name), or by size, largest first (then name). */
export function sortVariables(list: VariableInfo[], by: VariableSort): VariableInfo[] {
  const size = (v: VariableInfo) => (v.shape ? v.shape[0] * Math.max(1, v.shape[1]) : v.size ?? -1);
  const byName = (a: VariableInfo, b: VariableInfo) => a.name.localeCompare(b.name);
  if (by === "type") return [...list].sort((a, b) => displayType(a.type).localeCompare(displayType(b.type)) || byName(a, b));
  if (by === "size") return [...list].sort((a, b) => size(b) - size(a) || byName(a, b));
  return [...list].sort(byName);
}
