/**
 * Debug Cell and Run by Line, on VS Code's own JavaScript debugger (js-debug, built in).
 *
 * 1. The kernel opens Node's inspector on 127.0.0.1, on a free port, and waits (kernel
 *    `debug` request, kernels/protocol.ts). Never in Restricted Mode: no kernel runs there.
 * 2. A js-debug `node` attach session connects to it; a tracker (cell-sources.ts) translates
 *    the cells' documents to the paths the kernel's source maps name and back, so breakpoints
 *    set in cells bind, and stepping, the call stack, hover and Variables show the cells.
 * 3. The cell runs as usual (its output goes to the cell), paused at the first statement for
 *    Run by Line. Breakpoints in earlier cells bind too: every cell the kernel ran carries its
 *    source map.
 * 4. When the debugged cells have ended, or the user stops the session, the session ends and
 *    the kernel closes its inspector: variables stay, cells run at their normal speed again.
 *    An interrupt while debugging ends the session first (a paused cell cannot hear it).
 */
import * as vscode from "vscode";
import { dirname, join } from "node:path";
import { kernelDistDir } from "../../kernels/client";
import { enqueueCell, cellName } from "../execute-cell";
import type { NotebookSession } from "../kernel/session";
import type { Sessions } from "../kernel/sessions";
import { UntrustedWorkspaceError } from "../kernel/session";
import { explainRestrictedMode } from "../trust";
import { log } from "../log";
import { CellSourceMapper } from "./cell-sources";

/** Marks our attach sessions' configurations: the notebook they debug. */
const NOTEBOOK_KEY = "__cascadeNotebook";

interface Debugging {
  notebook: vscode.NotebookDocument;
  /** When Debug Cell was asked for (ms, Date.now()), for the log's phase times. */
  asked: number;
  /** Whether the first stop was logged. */
  stopLogged?: boolean;
  session: NotebookSession;
  /** The js-debug session, once VS Code started it. */
  debugSession?: vscode.DebugSession;
  /** Debugged cells not yet ended. */
  cells: number;
  ending?: Promise<void>;
}

/**
 * `isOurs(notebook)`: whether the notebook runs on this extension's kernel (its controller is
 * selected, or its metadata asks for it, or it has a kernel session).
 */
export function registerDebugging(controller: vscode.NotebookController, sessions: Sessions, isOurs: (notebook: vscode.NotebookDocument) => boolean = (n) => sessions.find(n) !== undefined): vscode.Disposable[] {
  const active = new Map<string, Debugging>();
  const keyOf = (notebook: vscode.NotebookDocument) => notebook.uri.toString();
  const notebookOf = (session: vscode.DebugSession | undefined): string | undefined => {
    for (let s = session; s; s = s.parentSession) {
      const key = (s.configuration as Record<string, unknown>)[NOTEBOOK_KEY];
      if (typeof key === "string") return key;
    }
    return undefined;
  };

  const end = (d: Debugging): Promise<void> => {
    d.ending ??= (async () => {
      if (d.debugSession) await Promise.resolve(vscode.debug.stopDebugging(d.debugSession)).catch(() => undefined);
      // The kernel closes its inspector: a debugger still connected is let go, a kernel still
      // waiting for one is released at once. Not awaited: a cell the debugger let go of runs on
      // (an endless loop until the interrupt that may be waiting for this very promise), and
      // the kernel reads the request when the cell has ended.
      void d.session.peek()?.debug("close").catch(() => undefined);
      if (active.get(keyOf(d.notebook)) === d) active.delete(keyOf(d.notebook));
      if (d.session.debugging === handle(d)) d.session.debugging = undefined;
      log().info(`debugging of ${d.session.name} ended; the kernel's inspector is closed`);
    })();
    return d.ending;
  };
  const handles = new WeakMap<Debugging, { stop(): Promise<void> }>();
  const handle = (d: Debugging) => {
    let h = handles.get(d);
    if (!h) handles.set(d, (h = { stop: () => end(d) }));
    return h;
  };

  async function start(notebook: vscode.NotebookDocument, session: NotebookSession, first: vscode.NotebookCell, asked: number): Promise<Debugging | undefined> {
    const kernel = await session.kernel();
    const reply = await kernel.debug("open", { wait: true });
    if (!reply.open || !reply.port) throw new Error(reply.error ?? "the kernel's inspector did not open");
    const d: Debugging = { notebook, session, cells: 0, asked };
    active.set(keyOf(notebook), d);
    session.debugging = handle(d);
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri);
    const dist = kernelDistDir();
    const config: vscode.DebugConfiguration = {
      type: "node",
      request: "attach",
      name: `Debug ${cellName(first)} of ${session.name}`,
      address: "127.0.0.1",
      port: reply.port,
      cwd: notebook.uri.scheme === "file" ? dirname(notebook.uri.fsPath) : undefined,
      // Cells and the "cascade" library live outside the workspace folder: map them all.
      resolveSourceMapLocations: null,
      // The kernel's own code (it calls the cell) is no place to step into.
      skipFiles: ["<node_internals>/**", join(dist, "kernel-process.js"), join(dist, "protocol-thread.js")],
      continueOnAttach: true,
      autoAttachChildProcesses: false,
      restart: false,
      timeout: 10_000,
      [NOTEBOOK_KEY]: keyOf(notebook),
    };
    log().info(`debugging ${session.name}: attaching to the kernel's inspector on 127.0.0.1:${reply.port}`);
    const opened = Date.now();
    const started = await vscode.debug.startDebugging(folder, config, { suppressSaveBeforeStart: true });
    if (!started) {
      await end(d);
      throw new Error("VS Code's JavaScript debugger did not attach to the kernel");
    }
    log().info(`debugging ${session.name}: inspector open ${opened - asked} ms after Debug Cell, debugger attached ${Date.now() - opened} ms later`);
    return d;
  }

  async function debugCell(cell: vscode.NotebookCell | undefined, pauseAtStart: boolean): Promise<void> {
    const asked = Date.now();
    cell ??= activeCell();
    if (!cell || cell.kind !== vscode.NotebookCellKind.Code) {
      void vscode.window.showInformationMessage("Cascade: select a code cell to debug.");
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void explainRestrictedMode();
      return;
    }
    const notebook = cell.notebook;
    const session = sessions.get(notebook);
    let d = active.get(keyOf(notebook));
    if (d?.ending) {
      await d.ending;
      d = undefined;
    }
    try {
      d ??= await start(notebook, session, cell, asked);
    } catch (err) {
      if (err instanceof UntrustedWorkspaceError) void explainRestrictedMode();
      else void vscode.window.showErrorMessage(`Cascade: could not debug ${cellName(cell)}: ${(err as Error).message}`);
      return;
    }
    if (!d) return;
    const debugging = d;
    debugging.cells++;
    enqueueCell(controller, session, cell, {
      pauseAtStart,
      ended: () => {
        debugging.cells--;
        if (debugging.cells === 0) void end(debugging);
      },
    });
  }

  const mappers = (session: vscode.DebugSession): CellSourceMapper | undefined => {
    const key = notebookOf(session);
    const d = key ? active.get(key) : undefined;
    if (!d) return undefined;
    const notebook = d.notebook;
    const name = notebook.uri.path.split("/").pop() ?? "notebook";
    return new CellSourceMapper(() => notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code).map((c) => ({ uri: c.document.uri.toString(), label: `${name}, ${cellName(c)}` })));
  };
  const trackers = ["node", "pwa-node"].map((type) =>
    vscode.debug.registerDebugAdapterTrackerFactory(type, {
      createDebugAdapterTracker(session) {
        const mapper = mappers(session);
        if (!mapper) return undefined;
        const key = notebookOf(session);
        return {
          onWillReceiveMessage: (m: unknown) => mapper.toAdapter(m),
          onDidSendMessage: (m: unknown) => {
            mapper.toEditor(m);
            const d = key ? active.get(key) : undefined;
            if (d && !d.stopLogged && isStoppedEvent(m)) {
              d.stopLogged = true;
              log().info(`debugging ${d.session.name}: stopped ${Date.now() - d.asked} ms after Debug Cell`);
            }
          },
        };
      },
    }),
  );

  // VS Code's JavaScript debugger starts (activates) on its first session: seconds, on top of
  // the first Debug Cell. A breakpoint set in a cell of one of our notebooks says debugging is
  // near, so it is started then, in the background, whether or not a cell has run yet.
  let warmed = false;
  const warm = vscode.debug.onDidChangeBreakpoints((e) => {
    if (warmed || !vscode.workspace.isTrusted) return;
    const inOurCell = e.added.some((b) => {
      if (!(b instanceof vscode.SourceBreakpoint) || b.location.uri.scheme !== "vscode-notebook-cell") return false;
      const notebook = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document.uri.toString() === b.location.uri.toString()));
      return !!notebook && isOurs(notebook);
    });
    if (!inOurCell) return;
    warmed = true;
    const jsDebug = vscode.extensions.getExtension("ms-vscode.js-debug");
    if (jsDebug && !jsDebug.isActive) {
      const t0 = Date.now();
      Promise.resolve(jsDebug.activate()).then(
        () => log().info(`VS Code's JavaScript debugger started ahead of Debug Cell (a breakpoint was set in a cell) in ${Date.now() - t0} ms`),
        (err: unknown) => log().warn(`VS Code's JavaScript debugger did not start ahead of Debug Cell: ${(err as Error).message}`),
      );
    }
  });

  return [
    warm,
    ...trackers,
    vscode.debug.onDidStartDebugSession((s) => {
      const key = (s.configuration as Record<string, unknown>)[NOTEBOOK_KEY];
      const d = typeof key === "string" ? active.get(key) : undefined;
      if (d && !d.debugSession && !s.parentSession) d.debugSession = s;
    }),
    vscode.debug.onDidTerminateDebugSession((s) => {
      for (const d of active.values()) if (d.debugSession === s) void end(d);
    }),
    vscode.commands.registerCommand("cascade.debugCell", (arg?: unknown) => debugCell(cellArg(arg), false)),
    vscode.commands.registerCommand("cascade.runByLine", (arg?: unknown) => debugCell(cellArg(arg), true)),
    { dispose: () => active.forEach((d) => void end(d)) },
  ];
}

/** A Debug Adapter Protocol "stopped" event. */
function isStoppedEvent(m: unknown): boolean {
  const e = m as { type?: unknown; event?: unknown };
  return e?.type === "event" && e.event === "stopped";
}

/** The cell a toolbar button passes (the cell, or `{ cell }`), else none. */
function cellArg(arg: unknown): vscode.NotebookCell | undefined {
  if (arg && typeof arg === "object") {
    if ("document" in arg && "notebook" in arg) return arg as vscode.NotebookCell;
    const inner = (arg as { cell?: unknown }).cell;
    if (inner && typeof inner === "object" && "document" in inner) return inner as vscode.NotebookCell;
  }
  return undefined;
}

/** The command palette's cell: the active notebook editor's selected cell. */
function activeCell(): vscode.NotebookCell | undefined {
  const editor = vscode.window.activeNotebookEditor;
  if (!editor) return undefined;
  const range = editor.selections[0];
  return range && !range.isEmpty ? editor.notebook.cellAt(range.start) : undefined;
}
