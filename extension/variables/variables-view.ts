/**
 * The variables view: every top-level variable of the active notebook's kernel with its type,
 * size and a short preview, refreshed after each cell. Clicking one shows its value in a panel
 * (value-panel.ts), frames as the same table as in outputs.
 */
import * as vscode from "vscode";
import type { VariableInfo } from "../../kernels/protocol";
import type { Sessions } from "../kernel/sessions";
import { withTimeout } from "../intellisense/with-timeout";
import { describeVariable, displayType, isFrameType, variableIcon } from "./describe";

const VARIABLES_MS = 3000;

class VariablesProvider implements vscode.TreeDataProvider<VariableInfo> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The last list per notebook: shown while the kernel is busy and cannot answer. */
  private readonly last = new WeakMap<object, VariableInfo[]>();

  constructor(private readonly sessions: Sessions) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(element?: VariableInfo): Promise<VariableInfo[]> {
    if (element) return [];
    const session = this.sessions.active();
    const kernel = session?.peek();
    if (!session || !kernel) return [];
    const reply = await withTimeout(kernel.variables(), VARIABLES_MS, undefined);
    const list = reply ? [...reply.variables].sort((a, b) => a.name.localeCompare(b.name)) : this.last.get(session) ?? [];
    this.last.set(session, list);
    return list;
  }

  getTreeItem(v: VariableInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(v.name, vscode.TreeItemCollapsibleState.None);
    item.description = describeVariable(v);
    item.tooltip = new vscode.MarkdownString().appendMarkdown(`**${v.name}**: \`${displayType(v.type)}\`${v.size === undefined ? "" : ` (${v.size.toLocaleString("en-US")})`}\n\n`).appendCodeblock(v.preview, "text");
    item.iconPath = new vscode.ThemeIcon(variableIcon(v.type));
    item.contextValue = isFrameType(v.type) ? "cascadeFrame" : "cascadeVariable";
    item.command = { command: "cascade.showVariable", title: "Show Value", arguments: [v] };
    return item;
  }
}

export function registerVariablesView(sessions: Sessions): vscode.Disposable[] {
  const provider = new VariablesProvider(sessions);
  const view = vscode.window.createTreeView("cascade.variables", { treeDataProvider: provider, showCollapseAll: false });
  let timer: NodeJS.Timeout | undefined;
  // Cells end in bursts during Run All: refresh once they pause.
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => provider.refresh(), 150);
  };
  return [
    view,
    sessions.onDidExecute((s) => s === sessions.active() && refreshSoon()),
    sessions.onDidChange((s) => s === sessions.active() && s.state === "restarting" && refreshSoon()),
    vscode.window.onDidChangeActiveNotebookEditor(refreshSoon),
    vscode.commands.registerCommand("cascade.refreshVariables", () => provider.refresh()),
  ];
}
