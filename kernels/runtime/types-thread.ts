/**
 * The kernel's types thread: the TypeScript language service, off the main thread so that
 * completions answer while a cell runs and a cell's type check never delays its first result.
 * Started by the protocol thread on the first request that needs it.
 *
 * Context for a request: the `cells` the host sends (the notebook's cells before this one, in
 * file order), or else the cells this kernel has executed, in execution order.
 */
import "./background-priority";
import "./types-typescript";
import { parentPort, workerData } from "node:worker_threads";
import type { CellSource, CellTypeDiagnostic } from "../protocol";
import { createNotebookTypes } from "../types/service";
import { saveTypeScriptCache } from "./typescript-cache";

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

/**
 * The thread starts on the first request that needs it, or with the first executed cell when
 * cells are checked. TypeScript's lib and Node's types are parsed (about a second of work) once
 * the kernel has been quiet for a moment (QUIET_MS, as for the checks), unless a request needs
 * them first: during a Run All that work would compete with the cells for the cores.
 */
let warm = false;
function warmUp(): void {
  if (warm) return;
  warm = true;
  try {
    // No cells yet: the first request brings its own context, or the history as it is by then.
    types.prepare([]);
  } catch (err) {
    process.stderr.write(`kernel types: preparing the language service failed: ${(err as Error).message}\n`);
  }
}

/** V8's code cache of TypeScript for this thread, saved once it has answered (see typescript-cache.ts). */
let cacheSaved = false;
function saveCacheOnce(): void {
  if (cacheSaved) return;
  cacheSaved = true;
  saveTypeScriptCache();
}

/**
 * Checks of executed cells wait until the kernel has been quiet for a moment: during a Run All
 * they would compete for the machine's cores with the cells themselves, and the cells that ran
 * meanwhile are then checked together, in one program. Each pending check keeps the context it
 * had when its cell ran.
 */
const QUIET_MS = 150;
const pendingChecks: Array<{ id: string; cellName?: string; code: string; language?: string; before: number }> = [];
let quietTimer: NodeJS.Timeout | undefined = setTimeout(runPendingChecks, QUIET_MS);

function runPendingChecks(): void {
  clearTimeout(quietTimer);
  quietTimer = undefined;
  const checks = pendingChecks.splice(0);
  if (checks.length === 0) return warmUp();
  warm = true;
  const results: Array<CellTypeDiagnostic[] | undefined> = checks.map(() => undefined);
  // Cells that ran sit in the history where they were checked: all of them in one program of
  // the history up to the last of them (each sees only the cells before it, as when it ran).
  const inHistory = checks.map((c, i) => ({ c, i })).filter(({ c }) => history[c.before] === c.code);
  if (inHistory.length > 0) {
    const upTo = Math.max(...inHistory.map(({ c }) => c.before)) + 1;
    try {
      const found = types.diagnosticsOfCells(history.slice(0, upTo), inHistory.map(({ c }) => ({ index: c.before, semantic: c.language !== "javascript" })));
      inHistory.forEach(({ i }, j) => (results[i] = found[j]));
    } catch (err) {
      process.stderr.write(`kernel types: checking ${inHistory.length} cell(s) failed: ${(err as Error).message}\n`);
      for (const { i } of inHistory) results[i] = [];
    }
  }
  checks.forEach((c, i) => {
    try {
      // A cell that failed is not in the history: checked on its own, with the cells before it.
      const diagnostics = results[i] ?? check(c.code, c.language, history.slice(0, c.before));
      if (diagnostics.length > 0) port.postMessage({ type: "diagnostics", id: c.id, cellName: c.cellName, diagnostics });
    } catch (err) {
      process.stderr.write(`kernel types: checking ${c.cellName ?? "a cell"} failed: ${(err as Error).message}\n`);
    }
  });
  // The protocol thread keeps each check until it is reported (it reports the checks a stopped thread had).
  if (checks.length > 0) port.postMessage({ type: "checked", ids: checks.map((c) => c.id) });
  // Before the settle reply: a run (cascade run) ends the kernel soon after it.
  saveCacheOnce();
}

function check(code: string, language: string | undefined, before: string[]): CellTypeDiagnostic[] {
  // JavaScript cells get syntax checks only: their values are untyped by choice.
  return types.diagnostics(before, code, { semantic: language !== "javascript" });
}

/**
 * A fault for the kernel's tests (CASCADE_FAULTS=types-thread): a request whose code holds
 * FAULT_MARK stops this thread at once, as an error nothing catches would.
 */
const FAULT_MARK = "/*stop the types thread*/";
const faults = (process.env.CASCADE_FAULTS ?? "").split(",");

port.on("message", (req: TypesRequest) => {
  if (faults.includes("types-thread") && "code" in req && req.code.includes(FAULT_MARK)) throw new Error("stopped on purpose (CASCADE_FAULTS=types-thread)");
  // After the first answer (the timer runs once this request is done).
  if (!cacheSaved && req.type !== "executed" && req.type !== "settle") setTimeout(saveCacheOnce, 50);
  // A request that needs the language service prepares it as it goes.
  if (req.type !== "executed" && req.type !== "settle") warm = true;
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
        // typecheck "error": the cell against the cells that ran, before it runs.
        port.postMessage({ type: "check_reply", id: req.id, diagnostics: types.diagnosticsOfCells([...history, req.code], [{ index: history.length, semantic: req.language !== "javascript" }])[0] });
        return;
      case "executed": {
        if (req.check) pendingChecks.push({ id: req.id, cellName: req.cellName, code: req.code, language: req.language, before: history.length });
        if (req.check || !warm) {
          clearTimeout(quietTimer);
          quietTimer = setTimeout(runPendingChecks, QUIET_MS);
        }
        if (req.ok) {
          history.push(req.code);
          if (history.length > MAX_HISTORY) {
            history.shift();
            for (const c of pendingChecks) c.before = Math.max(0, c.before - 1);
          }
        }
        return;
      }
      case "settle":
        // Messages are handled in order: every check asked for before this one is done now.
        runPendingChecks();
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
