/**
 * The notebooks' sessions: one kernel process per open notebook, created on demand and
 * disposed (kernel shut down) when VS Code closes the notebook document.
 */
import * as vscode from "vscode";
import { homedir } from "node:os";
import { dirname } from "node:path";
import { kernelOptions } from "../kernel-options";
import { readSettings } from "../settings";
import { NotebookSession } from "./session";

/** The kernel's working directory: the notebook's folder, else the workspace's, else home. */
export function notebookFolder(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === "file") return dirname(notebook.uri.fsPath);
  const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === "file" ? folder.uri.fsPath : homedir();
}

export class Sessions implements vscode.Disposable {
  private readonly sessions = new Map<string, NotebookSession>();
  private readonly created = new vscode.EventEmitter<NotebookSession>();
  private readonly changed = new vscode.EventEmitter<NotebookSession>();
  private readonly executed = new vscode.EventEmitter<NotebookSession>();
  readonly onDidCreate = this.created.event;
  /** Any session's state changed (kernel state, running cell, crash notice). */
  readonly onDidChange = this.changed.event;
  readonly onDidExecute = this.executed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The notebook last in an active editor: still "current" while a panel or view has focus. */
  private lastNotebook: vscode.NotebookDocument | undefined = vscode.window.activeNotebookEditor?.notebook;

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.close(nb)),
      vscode.window.onDidChangeActiveNotebookEditor((e) => {
        if (e) this.lastNotebook = e.notebook;
      }),
    );
  }

  /** The session of `notebook`, created (without starting its kernel) if needed. */
  get(notebook: vscode.NotebookDocument): NotebookSession {
    const key = notebook.uri.toString();
    let session = this.sessions.get(key);
    if (!session) {
      const s = new NotebookSession(notebook, () => {
        const options = kernelOptions(readSettings(notebook.uri), { cwd: notebookFolder(notebook), execPath: process.execPath, electron: !!process.versions.electron, env: process.env });
        // The data viewer browses arrays of records and Arrow tables too (PROTOCOL.md, "Tables").
        return { ...options, env: { ...options.env, CASCADE_KERNEL_TABLES: "1" } };
      });
      s.onDidChange(() => this.changed.fire(s));
      s.onDidExecute(() => this.executed.fire(s));
      this.sessions.set(key, s);
      session = s;
      this.created.fire(s);
    }
    return session;
  }

  find(notebook: vscode.NotebookDocument | undefined): NotebookSession | undefined {
    return notebook ? this.sessions.get(notebook.uri.toString()) : undefined;
  }

  /**
   * The session of the notebook in the active editor, or of the one last active when focus is
   * elsewhere (the variables view, a value panel, the terminal).
   */
  active(): NotebookSession | undefined {
    const notebook = vscode.window.activeNotebookEditor?.notebook ?? this.lastNotebook;
    return notebook && !notebook.isClosed ? this.find(notebook) : undefined;
  }

  get hasKernels(): boolean {
    return [...this.sessions.values()].some((s) => s.state !== "not started");
  }

  private close(notebook: vscode.NotebookDocument): void {
    const key = notebook.uri.toString();
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    if (this.lastNotebook === notebook) this.lastNotebook = undefined;
    session.dispose();
    this.changed.fire(session);
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    for (const d of this.subscriptions) d.dispose();
    this.created.dispose();
    this.changed.dispose();
    this.executed.dispose();
  }
}
