/**
 * One notebook's kernel: started on first use (running a cell, or IntelliSense asking), in the
 * notebook's folder, and shut down when the notebook closes. Also holds what the controller
 * needs across cells of that notebook: the run queue, the execution counter, which cell is
 * running, and which execution ran which cell (for output that arrives after a cell ended).
 */
import * as vscode from "vscode";
import { startKernel, type Kernel, type KernelOptions, type KernelState } from "../../kernels/client";
import type { OutputMessage } from "../../kernels/protocol";
import { RunQueue } from "../run-queue";
import { log } from "../log";

export type SessionState = KernelState | "not started";

/** Thrown instead of starting a kernel in Restricted Mode. */
export class UntrustedWorkspaceError extends Error {
  constructor() {
    super("This workspace is in Restricted Mode, so Cascade does not run its code. Trust the workspace (Manage Workspace Trust) to run cells.");
    this.name = "RestrictedMode";
  }
}

/** The last run of a cell, kept so that late output can be added without changing its status. */
export interface LastRun {
  /** The execution counter value the run showed: a late-output execution must show it again. */
  order: number | undefined;
  success: boolean | undefined;
  start: number;
  end: number;
}

const REMEMBERED_EXECUTIONS = 500;

export class NotebookSession implements vscode.Disposable {
  readonly queue = new RunQueue();
  executionCount = 0;
  runningCell: vscode.NotebookCell | undefined;
  /** The reason of the last crash, until the next cell runs. */
  lastCrash: string | undefined;
  readonly lastRuns = new WeakMap<vscode.NotebookCell, LastRun>();
  private readonly executions = new Map<string, vscode.NotebookCell>();
  private kernelPromise: Promise<Kernel> | undefined;
  private current: Kernel | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly executed = new vscode.EventEmitter<void>();
  private readonly late = new vscode.EventEmitter<OutputMessage>();
  /** The kernel's state, the running cell or the crash notice changed. */
  readonly onDidChange = this.changed.event;
  /** A cell finished (the variables may have changed). */
  readonly onDidExecute = this.executed.event;
  /** Output of a cell's async work after the cell ended. */
  readonly onLateOutput = this.late.event;

  constructor(
    readonly notebook: vscode.NotebookDocument,
    private readonly options: () => KernelOptions,
  ) {}

  get state(): SessionState {
    if (this.current) return this.current.state;
    return this.kernelPromise ? "starting" : "not started";
  }

  /** The kernel if it is running, without starting one. */
  peek(): Kernel | undefined {
    return this.current && this.current.state !== "dead" ? this.current : undefined;
  }

  /** The kernel, started if needed. Rejects in Restricted Mode. */
  kernel(): Promise<Kernel> {
    if (!vscode.workspace.isTrusted) return Promise.reject(new UntrustedWorkspaceError());
    if (this.disposed) return Promise.reject(new Error("the notebook was closed"));
    if (!this.kernelPromise) {
      const starting = this.start();
      this.kernelPromise = starting;
      starting.catch(() => {
        if (this.kernelPromise === starting) this.kernelPromise = undefined;
        this.changed.fire();
      });
      this.changed.fire();
    }
    return this.kernelPromise;
  }

  private async start(): Promise<Kernel> {
    const options = this.options();
    log().info(`starting a kernel for ${this.name} in ${options.cwd} (node ${options.nodePath}, heap ${options.heapMb} MB)`);
    const kernel = await startKernel(options).catch((err: Error) => {
      log().error(`the kernel for ${this.name} did not start: ${err.message}`);
      throw err;
    });
    log().info(`kernel ${kernel.versions?.kernel} for ${this.name} is ready (Node ${kernel.versions?.node}, TypeScript ${kernel.versions?.typescript})`);
    if (this.disposed) {
      void kernel.shutdown();
      throw new Error("the notebook was closed");
    }
    kernel.on("status", () => this.changed.fire());
    kernel.on("restarted", ({ reason }: { reason: string }) => {
      this.executionCount = 0;
      log().info(`the kernel of ${this.name} restarted: ${reason}`);
      if (reason !== "restart requested") {
        this.lastCrash = reason;
        void vscode.window.showWarningMessage(`Cascade: the kernel of ${this.name} died (${reason}). It was restarted; variables defined before are lost.`);
      }
      this.changed.fire();
      this.executed.fire();
    });
    // The client emits "error" when a restart after a crash failed: the kernel is gone for good,
    // and the next cell starts a fresh one.
    kernel.on("error", (err: Error) => {
      if (this.current === kernel) {
        this.current = undefined;
        this.kernelPromise = undefined;
      }
      this.lastCrash = err.message;
      void vscode.window.showErrorMessage(`Cascade: the kernel of ${this.name} could not be restarted: ${err.message}`);
      this.changed.fire();
    });
    kernel.on("late-output", (msg: OutputMessage) => this.late.fire(msg));
    this.current = kernel;
    this.changed.fire();
    return kernel;
  }

  get name(): string {
    return this.notebook.uri.path.split("/").pop() ?? "the notebook";
  }

  /** Record which cell an execution ran (bounded: only recent ones can still print). */
  remember(executionId: string, cell: vscode.NotebookCell): void {
    this.executions.set(executionId, cell);
    if (this.executions.size > REMEMBERED_EXECUTIONS) this.executions.delete(this.executions.keys().next().value!);
  }

  cellOf(executionId: string): vscode.NotebookCell | undefined {
    return this.executions.get(executionId);
  }

  setRunning(cell: vscode.NotebookCell | undefined): void {
    this.runningCell = cell;
    if (cell) this.lastCrash = undefined;
    this.changed.fire();
  }

  didExecute(): void {
    this.executed.fire();
  }

  /**
   * Set while a debugger is attached to this notebook's kernel (extension/debug/): it must let
   * go of the kernel (a paused cell goes on) before an interrupt can reach the cell.
   */
  debugging: { stop(): Promise<void> } | undefined;

  /** Stop the running cell (variables survive) and drop the cells queued behind it. */
  interrupt(): void {
    this.queue.abortPending();
    const debugging = this.debugging;
    if (debugging) void debugging.stop().finally(() => this.current?.interrupt());
    else this.current?.interrupt();
  }

  /** A fresh kernel: queued cells are dropped, variables are gone, the counter starts over. */
  async restart(): Promise<void> {
    this.queue.abortPending();
    this.lastCrash = undefined;
    if (!this.current) return;
    await this.current.restart();
    this.executionCount = 0;
  }

  dispose(): void {
    this.disposed = true;
    this.queue.abortPending();
    const kernel = this.current;
    this.current = undefined;
    this.kernelPromise = undefined;
    void kernel?.shutdown();
    this.changed.fire();
    this.changed.dispose();
    this.executed.dispose();
    this.late.dispose();
  }
}
