import { test } from "node:test";
import assert from "node:assert/strict";
import { isOfflineError, parseRetryAfter, withRetries } from "./retry";
import { seededRandom } from "../random";

class Throttled extends Error {
  constructor(readonly retryAfter?: number) {
    super("429 Too Many Requests");
  }
}
const policy = { retryable: (e: Error) => e instanceof Throttled || /timeout/.test(e.message), retryAfterMs: (e: Error) => (e as Throttled).retryAfter };

test("retries retryable failures with doubling jittered delays, then succeeds", async () => {
  const waits: number[] = [];
  let calls = 0;
  const result = await withRetries(async () => {
    calls++;
    if (calls < 4) throw new Error("timeout");
    return "ok";
  }, policy, { baseDelayMs: 100, sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
  assert.equal(result, "ok");
  assert.deepEqual(waits, [50, 100, 200]);
});

test("honours Retry-After, caps at maxDelayMs, and gives up after `retries`", async () => {
  const waits: number[] = [];
  await assert.rejects(
    withRetries(async () => {
      throw new Throttled(2000);
    }, policy, { retries: 2, baseDelayMs: 1, maxDelayMs: 5000, sleep: async (ms) => void waits.push(ms), random: seededRandom(1) }),
    /429/,
  );
  assert.deepEqual(waits, [2000, 2000]);
  const capped: number[] = [];
  await assert.rejects(withRetries(async () => { throw new Throttled(60_000); }, policy, { retries: 1, maxDelayMs: 3000, sleep: async (ms) => void capped.push(ms) }));
  assert.deepEqual(capped, [3000]);
});

test("a failure that is not retryable fails at once", async () => {
  let calls = 0;
  const onRetry = () => assert.fail("no retry expected");
  await assert.rejects(withRetries(async () => { calls++; throw new Error("bad symbol"); }, policy, { onRetry }), /bad symbol/);
  assert.equal(calls, 1);
});

test("Retry-After: seconds or an HTTP date", () => {
  assert.equal(parseRetryAfter("2"), 2000);
  assert.equal(parseRetryAfter("0.5"), 500);
  assert.equal(parseRetryAfter("Tue, 21 Oct 2025 07:28:00 GMT", Date.parse("2025-10-21T07:27:00Z")), 60_000);
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
});

test("no network (a host name that does not resolve) fails at once as offline, however retryable", async () => {
  // As ccxt reports it: its own error around Node's getaddrinfo failure.
  const dns = Object.assign(new Error("getaddrinfo ENOTFOUND api.binance.com"), { code: "ENOTFOUND" });
  const wrapped = new Error("binance GET https://api.binance.com/api/v3/klines fetch failed", { cause: dns });
  let calls = 0;
  const retryable = { retryable: () => true };
  await assert.rejects(withRetries(async () => { calls++; throw wrapped; }, retryable, { onRetry: () => assert.fail("no retry on DNS failure") }), /^Error: offline \(no network, or the host name does not resolve\): binance GET/);
  assert.equal(calls, 1);
  assert.equal(isOfflineError(Object.assign(new Error("x"), { code: "EAI_AGAIN" })), true);
  assert.equal(isOfflineError(new Error("429 Too Many Requests")), false);
  assert.equal(isOfflineError(new Error("connect ECONNREFUSED 127.0.0.1:9")), false);
});
