/**
 * What the kernel can tell about live values: completions from the objects that exist now,
 * a value's type and preview for inspect, and the table of the notebook's variables.
 * (Type-aware completions from the TypeScript language service come on top of these.)
 */
import { inspect } from "node:util";
import type { CompletionItem, MimeBundle, VariableInfo } from "../protocol";
import { isTableLike, tableText } from "./table-view";

const KEYWORDS = ["await", "async", "break", "case", "catch", "class", "const", "continue", "default", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "interface", "let", "new", "null", "return", "switch", "this", "throw", "true", "try", "type", "typeof", "undefined", "var", "void", "while", "yield"];

const PATH = /((?:[A-Za-z_$][\w$]*)(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\.\s*([\w$]*)$|([A-Za-z_$][\w$]*)$/;

/** Follow `a.b.c` from the global object without calling anything but property getters. */
export function lookup(path: string): { found: boolean; value: unknown } {
  let value: unknown = globalThis;
  for (const key of path.split(".").map((s) => s.trim())) {
    if (value === null || value === undefined) return { found: false, value: undefined };
    try {
      if (!(key in Object(value))) return { found: false, value: undefined };
      value = (value as Record<string, unknown>)[key];
    } catch {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value };
}

function kindOf(value: unknown, member: boolean): CompletionItem["kind"] {
  if (typeof value === "function") return /^class\s/.test(Function.prototype.toString.call(value)) ? "class" : member ? "method" : "function";
  return member ? "property" : "variable";
}

function propertyNames(value: unknown): string[] {
  const names = new Set<string>();
  for (let o: unknown = Object(value); o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== "constructor" && !k.startsWith("__")) names.add(k);
  }
  return [...names];
}

/**
 * Completions at `cursor` in `code`.
 *
 * @example completeAt("Math.fl", 7) // matches [{ label: "floor", kind: "method" }], cursorStart 5
 */
export function completeAt(code: string, cursor: number, declared: Iterable<string>): { matches: CompletionItem[]; cursorStart: number; cursorEnd: number } {
  const before = code.slice(0, cursor);
  const m = PATH.exec(before);
  if (!m) return { matches: [], cursorStart: cursor, cursorEnd: cursor };
  if (m[1] !== undefined) {
    const prefix = m[2];
    const target = lookup(m[1].replace(/\s+/g, ""));
    if (!target.found) return { matches: [], cursorStart: cursor - prefix.length, cursorEnd: cursor };
    const matches = propertyNames(target.value)
      .filter((n) => n.startsWith(prefix) && /^[A-Za-z_$][\w$]*$/.test(n))
      .sort()
      .map((label) => ({ label, kind: kindOf(safeGet(target.value, label), true) }));
    return { matches, cursorStart: cursor - prefix.length, cursorEnd: cursor };
  }
  const prefix = m[3];
  const names = new Set<string>([...declared, ...Object.getOwnPropertyNames(globalThis).filter((n) => !n.startsWith("__"))]);
  const matches: CompletionItem[] = [...names]
    .filter((n) => n.startsWith(prefix) && /^[A-Za-z_$][\w$]*$/.test(n))
    .sort()
    .map((label) => ({ label, kind: kindOf(safeGet(globalThis, label), false) }));
  for (const k of KEYWORDS) if (k.startsWith(prefix) && !names.has(k)) matches.push({ label: k, kind: "keyword" });
  return { matches, cursorStart: cursor - prefix.length, cursorEnd: cursor };
}

function safeGet(o: unknown, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The expression under or before the cursor, its type and a preview. */
export function inspectAt(code: string, cursor: number): { found: boolean; data: MimeBundle } {
  let end = cursor;
  while (end < code.length && /[\w$]/.test(code[end])) end++;
  const m = /((?:[A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*)$/.exec(code.slice(0, end));
  if (!m) return { found: false, data: {} };
  const hit = lookup(m[1]);
  if (!hit.found) return { found: false, data: {} };
  const text = `${m[1]}: ${typeName(hit.value)}\n${inspect(hit.value, { depth: 2, maxArrayLength: 20, breakLength: 100 })}`;
  return { found: true, data: { "text/plain": text } };
}

/** A short type name for the variables view: "number", "Frame", "Array(3)", "function". */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === "function") return /^class\s/.test(Function.prototype.toString.call(value)) ? "class" : "function";
  if (typeof value !== "object") return typeof value;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor ?? "Object";
}

function sizeOf(value: unknown): number | undefined {
  if (value === null || typeof value !== "object") return typeof value === "string" ? value.length : undefined;
  const v = value as { length?: unknown; size?: unknown; byteLength?: unknown };
  if (typeof v.length === "number") return v.length;
  if (typeof v.size === "number") return v.size;
  if (typeof v.byteLength === "number") return v.byteLength;
  return Object.keys(value).length;
}

function previewOf(value: unknown): string {
  try {
    return inspect(value, { depth: 0, maxArrayLength: 5, maxStringLength: 60, breakLength: Infinity }).slice(0, 120);
  } catch (e) {
    return `<${(e as Error).message}>`;
  }
}

function safeTableText(value: unknown): string | undefined {
  try {
    return tableText(value);
  } catch {
    return undefined;
  }
}

const MAX_CHILDREN = 200;

/** The members a variable expands to: array entries, map entries, own enumerable keys. */
function childrenOf(value: unknown): VariableInfo["children"] {
  if (value === null || typeof value !== "object" || isTableLike(value) || ArrayBuffer.isView(value)) return undefined;
  const out: NonNullable<VariableInfo["children"]> = [];
  const add = (name: string, v: unknown) => out.length < MAX_CHILDREN && out.push({ name, type: typeName(v), preview: previewOf(v) });
  if (Array.isArray(value)) value.slice(0, MAX_CHILDREN).forEach((v, i) => add(String(i), v));
  else if (value instanceof Map) for (const [k, v] of value) add(typeof k === "string" ? k : inspect(k, { depth: 0 }), v);
  else if (value instanceof Set) [...value].slice(0, MAX_CHILDREN).forEach((v, i) => add(String(i), v));
  else for (const k of Object.keys(value)) add(k, safeGet(value, k));
  return out.length > 0 ? out : undefined;
}

function shapeOf(value: unknown): [number, number] | undefined {
  if (value === null || typeof value !== "object" || !isTableLike(value)) return undefined;
  const v = value as { numRows?: number; length?: number; schema?: unknown[] | { fields: unknown[] }; columns?: unknown[] };
  if (typeof v.numRows === "number") return [v.numRows, (v.schema as { fields: unknown[] }).fields.length];
  if (Array.isArray(v.schema)) return [v.length ?? 0, v.schema.length];
  const keys = new Set<string>();
  const rows = value as Array<Record<string, unknown>>;
  for (let i = 0; i < Math.min(rows.length, 1000); i++) if (rows[i] && typeof rows[i] === "object") for (const k of Object.keys(rows[i])) keys.add(k);
  return [rows.length, keys.size];
}

/**
 * The notebook's variables. `imported(name, value)` tells values bound by imports (kind
 * "import"); functions and classes the notebook declared are "function" and "class".
 */
export function describeVariables(names: Iterable<string>, imported: (name: string, value: unknown) => boolean = () => false): VariableInfo[] {
  const out: VariableInfo[] = [];
  for (const name of names) {
    if (!(name in globalThis)) continue;
    const value = safeGet(globalThis, name);
    const type = typeName(value);
    const kind: VariableInfo["kind"] = imported(name, value) ? "import" : type === "function" ? "function" : type === "class" ? "class" : "value";
    const table = kind === "value" && value !== null && typeof value === "object" && isTableLike(value) ? safeTableText(value) : undefined;
    const info: VariableInfo = { name, type, size: sizeOf(value), preview: table ?? previewOf(value), kind };
    const shape = shapeOf(value);
    if (shape) info.shape = shape;
    const children = kind === "value" ? childrenOf(value) : undefined;
    if (children) info.children = children;
    out.push(info);
  }
  return out;
}
