/**
 * The variables grid, a webview view in the panel: the active notebook's top-level variables
 * in columns name, type, shape or size, and preview, refreshed after each cell. A click on a
 * column header sorts by it (again: the other way); objects, arrays and maps expand to their
 * members; imports and the notebook's functions and classes are hidden until the toggle shows
 * them; a table's row has "Open in Data Viewer", other rows "Show Value" (value-panel.ts).
 *
 * The rows are computed here (grid-model.ts) and posted to the webview, which draws them
 * (grid-webview.ts) and posts back what the user did:
 * `{ type: "sort", column }`, `{ type: "toggle", key }`, `{ type: "showAll", on }`,
 * `{ type: "open", name }`, `{ type: "show", name }`, `{ type: "ready" }`.
 */
import * as vscode from "vscode";
import type { VariableInfo } from "../../kernels/protocol";
import type { Sessions } from "../kernel/sessions";
import { withTimeout } from "../intellisense/with-timeout";
import { gridRows, isGridColumn, nextSort, toggleExpanded, type GridState } from "./grid-model";

export const GRID_VIEW_ID = "cascade.variablesGrid";
const VARIABLES_MS = 3000;

function nonce(): string {
  return Array.from({ length: 24 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 62)]).join("");
}

class VariablesGrid implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private list: VariableInfo[] = [];
  /** The last list per notebook: shown while the kernel is busy and cannot answer. */
  private readonly last = new WeakMap<object, VariableInfo[]>();
  private state: GridState = { showAll: false, sort: { column: "name", descending: false }, expanded: new Set() };
  private status = "";
  /** Refreshes overlap (a cell ends while the last answer is on its way): the newest wins. */
  private generation = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: Sessions,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const scripts = vscode.Uri.joinPath(this.extensionUri, "dist", "renderers");
    view.webview.options = { enableScripts: true, localResourceRoots: [scripts] };
    const n = nonce();
    const csp = `default-src 'none'; style-src ${view.webview.cspSource} 'unsafe-inline'; script-src 'nonce-${n}';`;
    const script = view.webview.asWebviewUri(vscode.Uri.joinPath(scripts, "variables-grid.js"));
    view.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Variables</title></head><body><div id="cascade-variables"></div><script type="module" nonce="${n}" src="${script}"></script></body></html>`;
    view.webview.onDidReceiveMessage((m: Record<string, unknown>) => this.onMessage(m));
    view.onDidChangeVisibility(() => view.visible && void this.refresh());
    view.onDidDispose(() => (this.view = undefined));
  }

  private onMessage(m: Record<string, unknown>): void {
    if (m.type === "ready") return void this.refresh();
    if (m.type === "sort" && isGridColumn(m.column)) this.state = { ...this.state, sort: nextSort(this.state.sort, m.column) };
    else if (m.type === "toggle" && typeof m.key === "string") this.state = { ...this.state, expanded: toggleExpanded(this.state.expanded, m.key, this.list) };
    else if (m.type === "showAll") this.setShowAll(m.on === true);
    else if ((m.type === "open" || m.type === "show") && typeof m.name === "string") {
      const v = this.list.find((x) => x.name === m.name);
      if (v) void vscode.commands.executeCommand(v.shape ? "cascade.openInDataViewer" : "cascade.showVariable", v);
      return;
    }
    this.post();
  }

  setShowAll(on: boolean): void {
    this.state = { ...this.state, showAll: on };
    this.post();
  }

  /** Ask the active notebook's kernel for its variables and redraw. */
  async refresh(): Promise<void> {
    if (!this.view) return;
    const session = this.sessions.active();
    const kernel = session?.peek();
    if (!session || !kernel) {
      this.generation++;
      this.list = [];
      this.status = "Run a cell of a TypeScript notebook to see its variables here.";
      return this.post();
    }
    const gen = ++this.generation;
    const reply = await withTimeout(kernel.variables(), VARIABLES_MS, undefined);
    if (gen !== this.generation) return;
    this.list = reply ? reply.variables : this.last.get(session) ?? [];
    this.last.set(session, this.list);
    this.status = reply ? "" : "The kernel is busy: these are the variables it last reported.";
    this.post();
  }

  private post(): void {
    if (!this.view) return;
    const grid = gridRows(this.list, this.state);
    void this.view.webview.postMessage({ type: "rows", ...grid, sort: this.state.sort, showAll: this.state.showAll, status: this.status, total: this.list.length });
  }
}

export function registerVariablesGrid(context: vscode.ExtensionContext, sessions: Sessions): vscode.Disposable[] {
  const grid = new VariablesGrid(context.extensionUri, sessions);
  let timer: NodeJS.Timeout | undefined;
  // Cells end in bursts during Run All: refresh once they pause.
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void grid.refresh(), 150);
  };
  return [
    vscode.window.registerWebviewViewProvider(GRID_VIEW_ID, grid),
    sessions.onDidExecute((s) => s === sessions.active() && refreshSoon()),
    sessions.onDidChange((s) => s === sessions.active() && s.state === "restarting" && refreshSoon()),
    vscode.window.onDidChangeActiveNotebookEditor(refreshSoon),
    vscode.commands.registerCommand("cascade.refreshVariablesGrid", () => grid.refresh()),
  ];
}
