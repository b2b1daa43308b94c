/**
 * Stack traces that point at what the user wrote: frames in a cell are mapped through the
 * cell's source map to the TypeScript line and column; frames in the kernel's own code and in
 * Node's internals are dropped. Files with inline source maps (the user's .ts modules) are
 * mapped by Node's own `findSourceMap`.
 */
import { SourceMap, findSourceMap } from "node:module";

const cellMaps = new Map<string, { map: SourceMap; source: string[]; lastLine: number }>();
let kernelFiles: string[] = [];

/** Remember a compiled cell's source map under the file name its script runs as. */
export function registerCell(fileName: string, sourceMapJson: string, source: string, js: string): void {
  // The last line of a compiled cell is the `})();` that starts its wrapper: not user code.
  const lastLine = js.trimEnd().split("\n").length;
  cellMaps.set(fileName, { map: new SourceMap(JSON.parse(sourceMapJson)), source: source.split("\n"), lastLine });
}

export interface Location {
  file: string;
  line: number;
  column: number;
}

/** Map a 1-based position in a compiled cell to the cell's own 1-based line and column. */
export function mapCellPosition(fileName: string, line: number, column: number): Location | undefined {
  const entry = cellMaps.get(fileName);
  if (!entry) return undefined;
  const hit = entry.map.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number };
  if (hit.originalLine === undefined) return undefined;
  return { file: fileName, line: hit.originalLine + 1, column: (hit.originalColumn ?? 0) + 1 };
}

/** The cell's source line, for showing next to an error. */
export function cellSourceLine(fileName: string, line: number): string | undefined {
  return cellMaps.get(fileName)?.source[line - 1];
}

function isInternal(file: string | null | undefined): boolean {
  if (!file) return false;
  if (file.startsWith("node:")) return true;
  return kernelFiles.some((k) => file === k || file.startsWith(k));
}

function formatFrame(frame: NodeJS.CallSite): string | undefined {
  const file = frame.getFileName() ?? frame.getScriptNameOrSourceURL();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (isInternal(file)) return undefined;
  if (file && line && cellMaps.get(file)?.lastLine === line) return undefined;
  let where: string;
  const mapped = file && line && column ? mapCellPosition(file, line, column) : undefined;
  if (mapped) {
    where = `${mapped.file}:${mapped.line}:${mapped.column}`;
  } else if (file && line && column) {
    const sm = cellMaps.has(file) ? undefined : safeFindSourceMap(file);
    const hit = sm?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    where = hit?.originalLine !== undefined ? `${hit.originalSource?.replace(/^file:\/\//, "")}:${hit.originalLine + 1}:${(hit.originalColumn ?? 0) + 1}` : `${file}:${line}:${column}`;
  } else {
    where = file ?? "<anonymous>";
  }
  let name = frame.getFunctionName();
  const typeName = frame.getTypeName();
  const method = frame.getMethodName();
  if (frame.isConstructor()) name = `new ${name ?? "<anonymous>"}`;
  else if (name && typeName && method && typeName !== "Object" && typeName !== "global" && !name.includes(".")) name = `${typeName}.${name}`;
  if (frame.isAsync()) name = `async ${name ?? "<anonymous>"}`;
  // The cell's own wrapper function is an anonymous async arrow: show just the cell position.
  return name && !(mapped && name === "async <anonymous>") ? `    at ${name} (${where})` : `    at ${where}`;
}

function safeFindSourceMap(file: string): SourceMap | undefined {
  try {
    return findSourceMap(file);
  } catch {
    return undefined;
  }
}

/**
 * Install the stack formatter. `internalFiles` are the kernel's own bundles (dropped from
 * traces).
 */
export function installStackMapping(internalFiles: string[]): void {
  kernelFiles = internalFiles;
  Error.stackTraceLimit = 50;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    const head = formatErrorHead(error);
    const lines = frames.map(formatFrame).filter((l): l is string => l !== undefined);
    return [head, ...lines].join("\n");
  };
}

function formatErrorHead(error: Error): string {
  let name: string;
  let message: string;
  try {
    name = error?.name ?? "Error";
    message = error?.message ?? "";
  } catch {
    return "Error";
  }
  return message ? `${name}: ${message}` : String(name);
}

/** The first frame of `stack` that lies in a cell, as "cell 3:2:5". */
export function firstCellFrame(stack: string | undefined): Location | undefined {
  if (!stack) return undefined;
  for (const line of stack.split("\n")) {
    const m = /\(?([^()]+):(\d+):(\d+)\)?$/.exec(line.trim().replace(/^at\s+(?:.*?\()?/, ""));
    if (m && cellMaps.has(m[1])) return { file: m[1], line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/**
 * The two lines that show where in a cell something went wrong: the source line and a marker
 * under `column` (`^`, or `~` over `width` characters).
 *
 * @example sourceExcerpt(2, 7, "const s: string = 1;", 1) // ["  2 | const s: string = 1;", "    |       ^"]
 */
export function sourceExcerpt(line: number, column: number, source: string, width = 0): string[] {
  const gutter = " ".repeat(String(line).length);
  const marker = width > 0 ? "~".repeat(width) : "^";
  return [`  ${line} | ${source}`, `  ${gutter} | ${" ".repeat(Math.max(0, column - 1))}${marker}`];
}
