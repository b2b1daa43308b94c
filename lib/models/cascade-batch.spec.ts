import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Batch, SweepCursor, sweepTo } from "./cascade-batch";
import { bucketOf, sweepOf, type Sweep } from "./cascade-units";

const P0 = 100_000;

/** Buckets units 0..n-1 with liquidation prices `keys`: longs (k = 1, below P0) or shorts (k = -1, above it). */
function sweepFor(keys: number[], k: 1 | -1): { sweep: Sweep; L: Float64Array } {
  const L = Float64Array.from(keys);
  const kind = new Int8Array(keys.length).fill(k);
  const far = k === 1 ? Math.max(0, Math.min(P0, ...keys)) : Math.min(4 * P0, Math.max(P0, ...keys));
  return { sweep: sweepOf(kind, L, k, P0, keys.length, far), L };
}

test("bucketOf is monotone and clamps to the buckets", () => {
  const { sweep } = sweepFor([99_000, 90_000, 50_000, 10_000], 1);
  const prices = [200_000, P0, 99_500, 99_000, 75_000, 50_000, 1, -5];
  const buckets = prices.map((p) => bucketOf(sweep, p));
  buckets.slice(1).forEach((b, i) => assert.ok(b >= buckets[i], `longs: bucket of ${prices[i + 1]} (${b}) before ${prices[i]}'s (${buckets[i]})`));
  assert.equal(buckets[0], 0);
  assert.equal(buckets[buckets.length - 1], sweep.start.length - 2);
});

test("a sweep takes exactly the units a rescan finds, each once, along any price path", () => {
  const key = fc.oneof(fc.double({ min: -50_000, max: 99_999, noNaN: true }), fc.constantFrom(90_000, 90_000.000001, 0, -1));
  const shortKey = fc.oneof(fc.double({ min: 100_001, max: 1e6, noNaN: true }), fc.constantFrom(110_000, 110_000.000001, 500_000));
  fc.assert(
    fc.property(fc.boolean(), fc.array(key, { minLength: 1, maxLength: 400 }), fc.array(shortKey, { minLength: 1, maxLength: 400 }), fc.array(fc.double({ min: 1, max: 600_000, noNaN: true }), { minLength: 1, maxLength: 40 }), (isLong, longKeys, shortKeys, path) => {
      const keys = isLong ? longKeys : shortKeys;
      const { sweep, L } = sweepFor(keys, isLong ? 1 : -1);
      const cursor = new SweepCursor(sweep);
      const b = new Batch(keys.length);
      const taken = new Uint8Array(keys.length);
      for (const P of path) {
        b.clear();
        sweepTo(cursor, L, P, b);
        const got = b.pending.subarray(0, b.pendingCount);
        for (const u of got) taken[u]++;
        // what a rescan would say: every crossed unit has been taken by now (once), and this step took only crossed ones
        for (let u = 0; u < keys.length; u++) if (isLong ? L[u] >= P : L[u] <= P) assert.equal(taken[u], 1, `unit ${u} (L ${L[u]}) crossed at ${P}, taken ${taken[u]} times`);
        for (const u of got) assert.ok(isLong ? L[u] >= P : L[u] <= P, `unit ${u} (L ${L[u]}) taken at ${P}`);
      }
      assert.ok(taken.every((c) => c <= 1), "a unit was taken twice");
    }),
    { seed: 20251121, numRuns: 300 },
  );
});

test("a book of one liquidation price (a span of zero) is taken whole when crossed", () => {
  const { sweep, L } = sweepFor([90_000, 90_000, 90_000], 1);
  const cursor = new SweepCursor(sweep);
  const b = new Batch(3);
  sweepTo(cursor, L, 95_000, b);
  assert.equal(b.pendingCount, 0);
  sweepTo(cursor, L, 90_000, b);
  assert.deepEqual([...b.pending.subarray(0, b.pendingCount)].sort(), [0, 1, 2]);
});
