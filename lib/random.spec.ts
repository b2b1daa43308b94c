import { test } from "node:test";
import assert from "node:assert/strict";
import { seededNormal, seededRandom } from "./random";

test("seededRandom repeats its sequence for a seed and stays in [0, 1)", () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  assert.equal(a(), 0.6011037519201636);
  assert.equal(b(), 0.6011037519201636);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
  assert.notEqual(seededRandom(1)(), seededRandom(2)());
});

test("seededNormal has mean about 0 and deviation about 1", () => {
  const normal = seededNormal(seededRandom(7));
  let sum = 0;
  let sumSq = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const x = normal();
    sum += x;
    sumSq += x * x;
  }
  assert.ok(Math.abs(sum / n) < 0.03);
  assert.ok(Math.abs(Math.sqrt(sumSq / n) - 1) < 0.03);
});
