/**
 * Stack traces that point at what the user wrote: frames in a cell are mapped through the
 * cell's source map to the TypeScript line and column; frames in the kernel's own code and in
 * Node's internals are dropped. Files with inline source maps (the user's .ts modules) are
 * mapped by Node's own `findSourceMap`. Frames in the "cascade" library's bundle are mapped to
 * the library's TypeScript through the bundle's linked source map, read the first time an
 * error's trace is formatted; where the map is not installed (a build without it) they are
 * left out, and one line after the frames says how many.
 */
import { SourceMap, findSourceMap } from "node:module";
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const cellMaps = new Map<string, { map: SourceMap; source: string[]; lastLine: number }>();
let kernelFiles: string[] = [];
let libraryFiles: string[] = [];
/** Library bundle -> its source map, or null once known to have none. Filled on first use. */
const libraryMaps = new Map<string, SourceMap | null>();

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

/**
 * The source map a bundle links to with its last `//# sourceMappingURL=` comment (a file
 * beside it), or null when there is none or it cannot be read. Read once per bundle.
 */
function linkedSourceMap(bundle: string): SourceMap | null {
  const known = libraryMaps.get(bundle);
  if (known !== undefined) return known;
  let map: SourceMap | null = null;
  try {
    const size = statSync(bundle).size;
    const tailLength = Math.min(size, 4096);
    const tail = Buffer.alloc(tailLength);
    const fd = openSync(bundle, "r");
    try {
      readSync(fd, tail, 0, tailLength, size - tailLength);
    } finally {
      closeSync(fd);
    }
    const url = /\/\/# sourceMappingURL=([^\s]+)\s*$/.exec(tail.toString("utf8"))?.[1];
    if (url && !url.startsWith("data:")) {
      const mapFile = url.startsWith("file:") ? fileURLToPath(url) : resolve(dirname(bundle), url);
      const payload = JSON.parse(readFileSync(mapFile, "utf8"));
      // Sources are relative to the map's folder (or its sourceRoot): make them absolute paths.
      const base = resolve(dirname(mapFile), payload.sourceRoot ?? "");
      payload.sources = (payload.sources as string[]).map((src) => (src.startsWith("file:") ? fileURLToPath(src) : resolve(base, src)));
      delete payload.sourceRoot;
      map = new SourceMap(payload);
    }
  } catch {
    map = null;
  }
  libraryMaps.set(bundle, map);
  return map;
}

/** A library frame's position in the library's sources, or undefined when it cannot be mapped. */
function mapLibraryPosition(file: string, line: number, column: number): string | undefined {
  const hit = linkedSourceMap(file)?.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (hit?.originalSource === undefined || hit.originalLine === undefined) return undefined;
  return `${hit.originalSource}:${hit.originalLine + 1}:${(hit.originalColumn ?? 0) + 1}`;
}

/** What formatFrame returns for a library frame it cannot map: counted, not shown. */
const HIDDEN = Symbol("hidden library frame");

const isLibrary = (file: string | null | undefined): file is string => !!file && libraryFiles.includes(file);

/** A frame as a trace line; undefined for frames left out, HIDDEN for unmapped library frames. */
function formatFrame(frame: NodeJS.CallSite): string | typeof HIDDEN | undefined {
  const file = frame.getFileName() ?? frame.getScriptNameOrSourceURL();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (isInternal(file)) return undefined;
  if (file && line && cellMaps.get(file)?.lastLine === line) return undefined;
  let where: string;
  const mapped = file && line && column ? mapCellPosition(file, line, column) : undefined;
  if (mapped) {
    where = `${mapped.file}:${mapped.line}:${mapped.column}`;
  } else if (isLibrary(file)) {
    const inSource = line && column ? mapLibraryPosition(file, line, column) : undefined;
    if (!inSource) return HIDDEN;
    where = inSource;
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
 * traces); `libraryBundles` are the "cascade" library's bundles (mapped to its sources, or
 * hidden behind one line when their source map is not installed).
 */
export function installStackMapping(internalFiles: string[], libraryBundles: string[] = []): void {
  kernelFiles = internalFiles;
  libraryFiles = libraryBundles;
  Error.stackTraceLimit = 50;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => formatStack(formatErrorHead(error), frames.map(formatFrame));
}

/** The trace: the head, the frames shown, and a line counting the library frames left out. */
function formatStack(head: string, formatted: (string | typeof HIDDEN | undefined)[]): string {
  const lines = formatted.filter((l): l is string => typeof l === "string");
  const hidden = formatted.filter((l) => l === HIDDEN).length;
  if (hidden > 0) lines.push(`    ... ${hidden} frame${hidden === 1 ? "" : "s"} inside the cascade library hidden (its source map is not installed)`);
  return [head, ...lines].join("\n");
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
