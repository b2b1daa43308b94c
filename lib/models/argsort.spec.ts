import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { argsort } from "./argsort";

/** The reference: a stable comparator sort. */
const reference = (keys: number[], descending = false) => keys.map((_, i) => i).sort((a, b) => (descending ? keys[b] - keys[a] : keys[a] - keys[b]) || a - b);

test("small cases", () => {
  assert.deepEqual([...argsort(new Float64Array([3, -1, 2]))], [1, 2, 0]);
  assert.deepEqual([...argsort(new Float64Array([3, -1, 2]), { descending: true })], [0, 2, 1]);
  assert.deepEqual([...argsort(new Float64Array([Infinity, 0, -0, -Infinity, 5]))], [3, 1, 2, 4, 0]);
  assert.deepEqual([...argsort(new Float64Array([5, 1, 4, 2]), { subset: new Uint32Array([0, 2, 3]) })], [3, 2, 0]);
  assert.deepEqual([...argsort(new Float64Array(0))], []);
});

test("matches a stable comparator sort, also on keys that tie in float32", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -5, max: 5 }), fc.constantFrom(100_000, 100_000.000001, 100_000.000002)), { maxLength: 300 }), fc.boolean(), (keys, descending) => {
      assert.deepEqual([...argsort(Float64Array.from(keys), { descending })], reference(keys, descending));
    }),
    { seed: 20251010, numRuns: 200 },
  );
});
