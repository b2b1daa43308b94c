import { test } from "node:test";
import assert from "node:assert/strict";
import { withTimeout } from "./with-timeout";

test("the answer when it comes in time", async () => {
  assert.equal(await withTimeout(Promise.resolve(1), 1000, "late"), 1);
});

test("the fallback when it does not, or when it fails", async () => {
  assert.equal(await withTimeout(new Promise(() => undefined), 10, "late"), "late");
  assert.equal(await withTimeout(Promise.reject(new Error("x")), 1000, "failed"), "failed");
});
