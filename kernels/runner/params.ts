/**
 * Notebook parameters, papermill's convention: the cell tagged `parameters` holds plain
 * assignments (`const source = "snapshot";`); `--params source=live` replaces the value in
 * place, keeping the declaration, any type annotation and the trailing comment.
 */
import { InputError, joinSource, splitLines, type Notebook } from "../notebook";

/** "live" -> "live" (string), "3" -> 3, "true" -> true, '["a"]' -> ["a"]. */
export function parseParamValue(raw: string): unknown {
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
  if (raw === "true" || raw === "false") return raw === "true";
  if (raw === "null") return null;
  if (/^[[{"]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      // not JSON after all: a string that starts with a bracket
    }
  }
  return raw;
}

/** Parse `key=value` arguments. */
export function parseParams(args: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq <= 0) throw new InputError(`--params: "${a}" is not key=value`);
    out[a.slice(0, eq)] = parseParamValue(a.slice(eq + 1));
  }
  return out;
}

const ASSIGNMENT = /^(\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[^=]+?)?\s*=\s*)(.*?)(\s*;?\s*(?:\/\/.*)?)$/;

/**
 * Replace the values of `params` in the notebook's `parameters` cell.
 *
 * @example applyParams(nb, { source: "live" }, "01.ipynb") // `const source = "snapshot";` -> `const source = "live";`
 */
export function applyParams(nb: Notebook, params: Record<string, unknown>, file: string): void {
  const names = Object.keys(params);
  if (names.length === 0) return;
  const cell = nb.cells.find((c) => c.cell_type === "code" && Array.isArray(c.metadata.tags) && c.metadata.tags.includes("parameters"));
  if (!cell) throw new InputError(`${file}: --params given, but no cell is tagged "parameters"`);
  const lines = joinSource(cell.source).split("\n");
  const found = new Set<string>();
  const available: string[] = [];
  const updated = lines.map((line) => {
    const m = ASSIGNMENT.exec(line);
    if (!m) return line;
    available.push(m[2]);
    if (!(m[2] in params)) return line;
    found.add(m[2]);
    return `${m[1]}${JSON.stringify(params[m[2]])}${m[4]}`;
  });
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0) {
    throw new InputError(`${file}: parameter ${missing.map((n) => `"${n}"`).join(", ")} is not in the parameters cell (it has: ${available.join(", ") || "nothing"})`);
  }
  cell.source = splitLines(updated.join("\n"));
}
