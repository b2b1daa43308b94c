/**
 * Reading and writing .ipynb files (nbformat 4.5) the way Jupyter does: keys sorted, one-space
 * indent, multi-line strings as lists of lines, and always through a temporary file and a
 * rename so that a notebook is never left half-written.
 */
import { readFileSync, renameSync, writeFileSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createHash } from "node:crypto";

export type MultilineString = string | string[];

export interface NotebookCell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs?: NbOutput[];
  execution_count?: number | null;
  attachments?: unknown;
}

export type NbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: MultilineString }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** A problem with a file given on the command line: the CLI prints it on one line, exit 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

export function joinSource(source: MultilineString | undefined): string {
  if (source === undefined) return "";
  return Array.isArray(source) ? source.join("") : source;
}

/** Split text into Jupyter's list-of-lines form (each line keeps its "\n"). */
export function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/**
 * Parse notebook text; errors name the file and what is wrong.
 *
 * @example parseNotebook(readFileSync("a.ipynb", "utf8"), "a.ipynb").cells.length
 */
export function parseNotebook(text: string, file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!nb || typeof nb !== "object" || Array.isArray(nb)) throw new InputError(`${file}: not a notebook (expected a JSON object)`);
  if (nb.nbformat !== 4) throw new InputError(`${file}: not a notebook in format 4 (nbformat is ${JSON.stringify(nb.nbformat)})`);
  if (!Array.isArray(nb.cells)) throw new InputError(`${file}: not a notebook ("cells" is missing or not a list)`);
  nb.cells.forEach((cell, i) => {
    if (!cell || typeof cell !== "object" || !["code", "markdown", "raw"].includes(cell.cell_type)) {
      throw new InputError(`${file}: cell ${i + 1} has no valid cell_type`);
    }
    if (typeof cell.source !== "string" && !Array.isArray(cell.source)) throw new InputError(`${file}: cell ${i + 1} has no source`);
    cell.metadata ??= {};
  });
  nb.metadata ??= {};
  return nb;
}

export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a notebook" : (err as Error).message}`);
  }
  return parseNotebook(text, file);
}

/** nbformat 4.5 wants a cell id; give cells without one an id derived from their position. */
export function ensureCellIds(nb: Notebook, seed: string): void {
  const seen = new Set<string>();
  nb.cells.forEach((cell, i) => {
    let id = typeof cell.id === "string" && /^[a-zA-Z0-9-_]{1,64}$/.test(cell.id) ? cell.id : undefined;
    if (!id || seen.has(id)) id = createHash("sha1").update(`${seed}#${i}`).digest("hex").slice(0, 8);
    seen.add(id);
    cell.id = id;
  });
  if (nb.nbformat_minor < 5) nb.nbformat_minor = 5;
}

/** `value` with every object's keys in sorted order (Jupyter's on-disk form). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** Jupyter's on-disk form: sorted keys, indent 1, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/** Write atomically: a temporary file in the same folder, then rename over the target. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created
    }
    throw err;
  }
}

export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, serializeNotebook(nb));
}

export type CellLanguageId = "typescript" | "javascript";

/** The language a code cell is in: VS Code's per-cell language, else the notebook's. */
export function cellLanguage(nb: Notebook, cell: NotebookCell): CellLanguageId | "other" {
  const vscode = cell.metadata.vscode as { languageId?: string } | undefined;
  const lang = vscode?.languageId ?? (nb.metadata.language_info as { name?: string } | undefined)?.name ?? (nb.metadata.kernelspec as { language?: string } | undefined)?.language ?? "typescript";
  const l = lang.toLowerCase();
  if (l === "typescript" || l === "ts") return "typescript";
  if (l === "javascript" || l === "js") return "javascript";
  return "other";
}
