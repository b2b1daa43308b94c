/**
 * The variables view: the top-level variables of the active notebook's kernel as a grid of
 * name, type, shape or size and preview, refreshed after each cell. Values bound by imports and
 * the notebook's functions and classes are hidden until the eye button shows them; objects,
 * arrays and maps expand to their members; tables (frames, arrays of records, Arrow tables)
 * open in the Data Viewer, others in a value panel (value-panel.ts). Sortable by name, type or
 * size (the list-ordered button).
 */
import * as vscode from "vscode";
import type { VariableInfo } from "../../kernels/protocol";
import type { Sessions } from "../kernel/sessions";
import { withTimeout } from "../intellisense/with-timeout";
import { describeVariable, displayType, sortVariables, variableIcon, visibleVariables, type VariableSort } from "./describe";

const VARIABLES_MS = 3000;

type Child = NonNullable<VariableInfo["children"]>[number] & { parent: string };
type Node = VariableInfo | Child;
const isChild = (n: Node): n is Child => "parent" in n;

class VariablesProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The last list per notebook: shown while the kernel is busy and cannot answer. */
  private readonly last = new WeakMap<object, VariableInfo[]>();
  showAll = false;
  sort: VariableSort = "name";

  constructor(private readonly sessions: Sessions) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: Node): Promise<Node[]> {
    if (element) return isChild(element) ? [] : (element.children ?? []).map((c) => ({ ...c, parent: element.name }));
    const session = this.sessions.active();
    const kernel = session?.peek();
    if (!session || !kernel) return [];
    const reply = await withTimeout(kernel.variables(), VARIABLES_MS, undefined);
    const list = reply ? reply.variables : this.last.get(session) ?? [];
    this.last.set(session, list);
    return sortVariables(visibleVariables(list, this.showAll), this.sort);
  }

  getTreeItem(v: Node): vscode.TreeItem {
    if (isChild(v)) {
      const item = new vscode.TreeItem(v.name, vscode.TreeItemCollapsibleState.None);
      item.description = `${v.type} · ${v.preview.replace(/\s+/g, " ").slice(0, 80)}`;
      item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${v.parent}.${v.name}**: \`${v.type}\`\n\n`).appendCodeblock(v.preview, "text");
      item.iconPath = new vscode.ThemeIcon(variableIcon(v.type));
      item.contextValue = "cascadeChild";
      return item;
    }
    const item = new vscode.TreeItem(v.name, v.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = describeVariable(v);
    const size = v.shape ? ` (${v.shape[0].toLocaleString("en-US")} rows × ${v.shape[1]} columns)` : v.size === undefined ? "" : ` (${v.size.toLocaleString("en-US")})`;
    item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${v.name}**: \`${displayType(v.type)}\`${size}${v.kind === "import" ? " · imported" : ""}\n\n`).appendCodeblock(v.preview, "text");
    item.iconPath = new vscode.ThemeIcon(variableIcon(v.type));
    item.contextValue = v.shape ? "cascadeTable" : "cascadeVariable";
    item.command = v.shape
      ? { command: "cascade.openInDataViewer", title: "Open in Data Viewer", arguments: [v] }
      : { command: "cascade.showVariable", title: "Show Value", arguments: [v] };
    return item;
  }
}

export function registerVariablesView(sessions: Sessions): vscode.Disposable[] {
  const provider = new VariablesProvider(sessions);
  const view = vscode.window.createTreeView("cascade.variables", { treeDataProvider: provider, showCollapseAll: true });
  let timer: NodeJS.Timeout | undefined;
  // Cells end in bursts during Run All: refresh once they pause.
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => provider.refresh(), 150);
  };
  const setShowAll = (on: boolean) => {
    provider.showAll = on;
    void vscode.commands.executeCommand("setContext", "cascade.variables.showAll", on);
    view.message = on ? undefined : "Imports and functions are hidden (the eye button shows them).";
    provider.refresh();
  };
  setShowAll(false);
  return [
    view,
    sessions.onDidExecute((s) => s === sessions.active() && refreshSoon()),
    sessions.onDidChange((s) => s === sessions.active() && s.state === "restarting" && refreshSoon()),
    vscode.window.onDidChangeActiveNotebookEditor(refreshSoon),
    vscode.commands.registerCommand("cascade.refreshVariables", () => provider.refresh()),
    vscode.commands.registerCommand("cascade.showAllVariables", () => setShowAll(true)),
    vscode.commands.registerCommand("cascade.hideImportVariables", () => setShowAll(false)),
    vscode.commands.registerCommand("cascade.sortVariables", async () => {
      const picked = await vscode.window.showQuickPick(
        [
          { label: "Name", sort: "name" as const },
          { label: "Type", sort: "type" as const },
          { label: "Size (largest first)", sort: "size" as const },
        ],
        { title: "Sort variables by" },
      );
      if (!picked) return;
      provider.sort = picked.sort;
      provider.refresh();
    }),
  ];
}
