/**
 * The cells waiting to run in one notebook, run one after another.
 *
 * Why the extension queues cells itself instead of handing them all to the kernel at once (the
 * kernel queues too): Jupyter's rule that an error or an interrupt stops the cells queued behind
 * it ("Run All" stops at the first failing cell, and an interrupted endless loop does not let
 * the rest of the notebook run on stale state). A cell reaches the kernel only when the one
 * before it has finished, so the ones behind can still be withdrawn.
 *
 * @example
 *   const queue = new RunQueue();
 *   queue.push({ run: async () => (await kernel.execute(code)).status === "ok", abort: () => exec.end(undefined) });
 */
export interface QueuedJob {
  /** Runs the job; resolves true to go on with the next one, false to abort the ones queued. */
  run(): Promise<boolean>;
  /** Called instead of `run` when the job is withdrawn before it started. */
  abort(): void;
}

export class RunQueue {
  private readonly jobs: QueuedJob[] = [];
  private running?: QueuedJob;

  /** Whether a job is running or waiting. */
  get busy(): boolean {
    return this.running !== undefined || this.jobs.length > 0;
  }

  get pending(): number {
    return this.jobs.length;
  }

  push(job: QueuedJob): void {
    this.jobs.push(job);
    if (!this.running) void this.pump();
  }

  /** Withdraw one waiting job; false when it already started (or was never queued). */
  remove(job: QueuedJob): boolean {
    const i = this.jobs.indexOf(job);
    if (i < 0) return false;
    this.jobs.splice(i, 1);
    job.abort();
    return true;
  }

  /** Withdraw every waiting job; the running one is left to finish (or to be interrupted). */
  abortPending(): void {
    for (const job of this.jobs.splice(0)) job.abort();
  }

  private async pump(): Promise<void> {
    while (!this.running && this.jobs.length > 0) {
      const job = this.jobs.shift()!;
      this.running = job;
      let goOn = false;
      try {
        goOn = await job.run();
      } catch {
        goOn = false;
      } finally {
        this.running = undefined;
      }
      if (!goOn) this.abortPending();
    }
  }
}
