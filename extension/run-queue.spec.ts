import { test } from "node:test";
import assert from "node:assert/strict";
import { RunQueue, type QueuedJob } from "./run-queue";

function job(log: string[], name: string, ok = true, gate?: Promise<void>): QueuedJob {
  return {
    run: async () => {
      log.push(`run ${name}`);
      await gate;
      log.push(`end ${name}`);
      return ok;
    },
    abort: () => log.push(`abort ${name}`),
  };
}

const settle = () => new Promise((r) => setImmediate(r));

test("jobs run one after another, in order", async () => {
  const log: string[] = [];
  const q = new RunQueue();
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  q.push(job(log, "a", true, gate));
  q.push(job(log, "b"));
  await settle();
  assert.deepEqual(log, ["run a"]);
  assert.equal(q.busy, true);
  open();
  await settle();
  await settle();
  assert.deepEqual(log, ["run a", "end a", "run b", "end b"]);
  assert.equal(q.busy, false);
});

test("a failing job aborts the jobs queued behind it, later pushes run again", async () => {
  const log: string[] = [];
  const q = new RunQueue();
  q.push(job(log, "a", false));
  q.push(job(log, "b"));
  q.push(job(log, "c"));
  await settle();
  await settle();
  assert.deepEqual(log, ["run a", "end a", "abort b", "abort c"]);
  q.push(job(log, "d"));
  await settle();
  assert.deepEqual(log.slice(4), ["run d", "end d"]);
});

test("a job that throws counts as failed", async () => {
  const log: string[] = [];
  const q = new RunQueue();
  q.push({ run: async () => { throw new Error("x"); }, abort: () => log.push("abort a") });
  q.push(job(log, "b"));
  await settle();
  await settle();
  assert.deepEqual(log, ["abort b"]);
});

test("a waiting job can be withdrawn alone; the running one cannot", async () => {
  const log: string[] = [];
  const q = new RunQueue();
  let open!: () => void;
  const a = job(log, "a", true, new Promise<void>((r) => (open = r)));
  const b = job(log, "b");
  const c = job(log, "c");
  q.push(a);
  q.push(b);
  q.push(c);
  await settle();
  assert.equal(q.remove(a), false);
  assert.equal(q.remove(b), true);
  assert.equal(q.pending, 1);
  open();
  await settle();
  await settle();
  assert.deepEqual(log, ["run a", "abort b", "end a", "run c", "end c"]);
});
