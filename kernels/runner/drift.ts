/**
 * Drift between a notebook's committed outputs and a fresh run: what `cascade run --check`
 * reports. Timings, execution counts and display ids never count; numbers (in text and in
 * JSON) are equal within a relative tolerance, so a last-digit wobble is not drift.
 *
 * @example
 *   compareOutputs(committed, fresh, { rtol: 1e-6 })
 *   // [{ cell: 4, output: 0, mime: "text/plain", old: "-36.2", new: "-35.9" }]
 */
import type { NbOutput, Notebook } from "../notebook";

export interface Drift {
  /** 1-based cell index. */
  cell: number;
  /** Index of the output in the cell, or -1 when the number of outputs differs. */
  output: number;
  /** Where it differs: a MIME type, "stream", "error", or "outputs". */
  what: string;
  old: string;
  new: string;
}

export interface CompareOptions {
  /** Relative tolerance for numbers (default 1e-9). */
  rtol?: number;
  /** Absolute tolerance for numbers near zero (default 1e-12). */
  atol?: number;
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

function close(a: number, b: number, rtol: number, atol: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** First difference between two texts, numbers compared within tolerance; undefined if equal. */
export function textDifference(a: string, b: string, rtol: number, atol: number): { old: string; new: string } | undefined {
  if (a === b) return undefined;
  const skeletonA = a.replace(NUMBER, "#");
  const skeletonB = b.replace(NUMBER, "#");
  if (skeletonA !== skeletonB) return { old: excerpt(a, b), new: excerpt(b, a) };
  const na = a.match(NUMBER) ?? [];
  const nb = b.match(NUMBER) ?? [];
  for (let i = 0; i < na.length; i++) {
    if (!close(Number(na[i]), Number(nb[i]), rtol, atol)) return { old: na[i], new: nb[i] };
  }
  return undefined;
}

/** The line where two texts first differ. */
function excerpt(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  const i = la.findIndex((line, k) => line !== lb[k]);
  return (la[i < 0 ? la.length - 1 : i] ?? "").slice(0, 200);
}

function jsonDifference(a: unknown, b: unknown, rtol: number, atol: number, path = ""): { old: string; new: string } | undefined {
  if (typeof a === "number" && typeof b === "number") return close(a, b, rtol, atol) ? undefined : { old: `${path}=${a}`, new: `${path}=${b}` };
  if (typeof a === "string" && typeof b === "string") {
    const d = textDifference(a, b, rtol, atol);
    return d && { old: `${path}=${d.old}`, new: `${path}=${d.new}` };
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return { old: `${path}: ${a.length} items`, new: `${path}: ${b.length} items` };
    for (let i = 0; i < a.length; i++) {
      const d = jsonDifference(a[i], b[i], rtol, atol, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = jsonDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], rtol, atol, path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : { old: `${path}=${JSON.stringify(a)}`, new: `${path}=${JSON.stringify(b)}` };
}

const text = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : JSON.stringify(v));

function outputDifference(a: NbOutput, b: NbOutput, rtol: number, atol: number): { what: string; old: string; new: string } | undefined {
  if (a.output_type !== b.output_type) return { what: "output type", old: a.output_type, new: b.output_type };
  if (a.output_type === "stream" && b.output_type === "stream") {
    const d = textDifference(text(a.text), text(b.text), rtol, atol);
    return d && { what: `stream ${a.name}`, ...d };
  }
  if (a.output_type === "error" && b.output_type === "error") {
    const d = textDifference(`${a.ename}: ${a.evalue}`, `${b.ename}: ${b.evalue}`, rtol, atol);
    return d && { what: "error", ...d };
  }
  if ("data" in a && "data" in b) {
    const mimes = new Set([...Object.keys(a.data), ...Object.keys(b.data)]);
    // A static image beside a chart is a fallback drawn only when Chromium is there.
    if (a.data["application/vnd.plotly.v1+json"] || b.data["application/vnd.plotly.v1+json"]) mimes.delete("image/png");
    for (const mime of mimes) {
      const va = a.data[mime];
      const vb = b.data[mime];
      if (va === undefined || vb === undefined) return { what: mime, old: va === undefined ? "(none)" : "(present)", new: vb === undefined ? "(none)" : "(present)" };
      // Images are re-rendered by other tools at other sizes: their presence is what counts.
      if (mime.startsWith("image/") && mime !== "image/svg+xml") continue;
      const d = /json$/.test(mime) ? jsonDifference(va, vb, rtol, atol) : textDifference(text(va), text(vb), rtol, atol);
      if (d) return { what: mime, ...d };
    }
  }
  return undefined;
}

/** Every drifted output of `fresh` against `committed` (cells matched by position). */
export function compareOutputs(committed: Notebook, fresh: Notebook, { rtol = 1e-9, atol = 1e-12 }: CompareOptions = {}): Drift[] {
  const drifts: Drift[] = [];
  committed.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const before = cell.outputs ?? [];
    const after = fresh.cells[i]?.outputs ?? [];
    if (before.length !== after.length) {
      drifts.push({ cell: i + 1, output: -1, what: "outputs", old: `${before.length} outputs`, new: `${after.length} outputs` });
      return;
    }
    before.forEach((out, k) => {
      const d = outputDifference(out, after[k], rtol, atol);
      if (d) drifts.push({ cell: i + 1, output: k, ...d });
    });
  });
  return drifts;
}
