/**
 * The kernel's types thread: the TypeScript language service, off the main thread so that
 * completions answer while a cell runs and a cell's type check never delays its first result.
 * Started by the protocol thread on the first request that needs it.
 *
 * Context for a request: the `cells` the host sends (the notebook's cells before this one, in
 * file order), or else the cells this kernel has executed, in execution order.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CellSource, CellTypeDiagnostic } from "../protocol";
import { createNotebookTypes } from "../types/service";

export type TypesRequest =
  | { type: "complete" | "inspect" | "signature"; id: string; code: string; cursor: number; cells?: CellSource[] }
  | { type: "diagnostics"; id: string; code: string; cells?: CellSource[]; language?: string }
  | { type: "executed"; id: string; cellName?: string; code: string; language?: string; ok: boolean; check: boolean }
  | { type: "check"; id: string; code: string; language?: string }
  | { type: "settle"; id: string };

const { baseDir, typesDir, typeRoots } = workerData as { baseDir: string; typesDir: string; typeRoots: string[] };
const types = createNotebookTypes({ baseDir, typesDir, typeRoots });
/** Cells executed so far (successfully), the default context. */
const history: string[] = [];
const MAX_HISTORY = 300;
const port = parentPort!;

const contextOf = (cells?: CellSource[]) => (cells ? cells.map((c) => c.code) : history);

function check(code: string, language: string | undefined, before: string[]): CellTypeDiagnostic[] {
  // JavaScript cells get syntax checks only: their values are untyped by choice.
  return types.diagnostics(before, code, { semantic: language !== "javascript" });
}

port.on("message", (req: TypesRequest) => {
  try {
    switch (req.type) {
      case "complete": {
        const r = types.complete(contextOf(req.cells), req.code, req.cursor);
        port.postMessage({ type: "complete_reply", id: req.id, ...r });
        return;
      }
      case "inspect": {
        const q = types.quickInfo(contextOf(req.cells), req.code, req.cursor);
        // `any` says nothing: let the live value speak instead.
        if (/(^|: )any$/.test(q.plain.split("\n")[0])) q.found = false;
        port.postMessage({ type: "inspect_reply", id: req.id, found: q.found, data: q.found ? { "text/markdown": q.markdown, "text/plain": q.plain } : {}, start: q.start, end: q.end });
        return;
      }
      case "signature":
        port.postMessage({ type: "signature_reply", id: req.id, ...types.signature(contextOf(req.cells), req.code, req.cursor) });
        return;
      case "diagnostics":
        port.postMessage({ type: "diagnostics_reply", id: req.id, diagnostics: check(req.code, req.language, contextOf(req.cells)) });
        return;
      case "check":
        port.postMessage({ type: "check_reply", id: req.id, diagnostics: check(req.code, req.language, history) });
        return;
      case "executed": {
        if (req.check) {
          const diagnostics = check(req.code, req.language, history);
          if (diagnostics.length > 0) port.postMessage({ type: "diagnostics", id: req.id, cellName: req.cellName, diagnostics });
        }
        if (req.ok) {
          history.push(req.code);
          if (history.length > MAX_HISTORY) history.shift();
        }
        return;
      }
      case "settle":
        // Messages are handled in order: everything sent before this is done.
        port.postMessage({ type: "settle_reply", id: req.id });
        return;
    }
  } catch (err) {
    // A language-service failure must not take completions down for good: answer empty.
    process.stderr.write(`kernel types: ${req.type} failed: ${(err as Error).stack ?? err}\n`);
    const empty: Record<string, object> = {
      complete: { type: "complete_reply", matches: [], cursorStart: 0, cursorEnd: 0 },
      inspect: { type: "inspect_reply", found: false, data: {} },
      signature: { type: "signature_reply", signatures: [], activeSignature: 0, activeParameter: 0 },
      diagnostics: { type: "diagnostics_reply", diagnostics: [] },
      check: { type: "check_reply", diagnostics: [] },
      settle: { type: "settle_reply" },
    };
    if (empty[req.type]) port.postMessage({ ...empty[req.type], id: req.id });
  }
});
