import { test } from "node:test";
import assert from "node:assert/strict";
import { argsortNumbers, argsortStrings } from "./sort-order";

test("radix argsort agrees with a comparison sort, including signs, zeros, infinities and NaN", () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pool = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-300, -1e300, 0.5, 2 ** 40];
  const values = Float64Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? pool[i % pool.length] : (rand() - 0.5) * 1e6));
  for (const direction of ["asc", "desc"] as const) {
    const expected = Array.from(values.keys()).sort((a, b) => {
      const x = values[a];
      const y = values[b];
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
      if (x === y) return a - b;
      return (x < y ? -1 : 1) * (direction === "asc" ? 1 : -1);
    });
    assert.deepEqual(Array.from(argsortNumbers(values, direction)), expected, direction);
  }
});

test("strings sort by code unit, stable, missing last in both directions", () => {
  assert.deepEqual(Array.from(argsortStrings(["b", null, "a", "b"], "desc")), [0, 3, 2, 1]);
  assert.deepEqual(Array.from(argsortStrings(["b", null, "a", "B", "b"])), [3, 2, 0, 4, 1]);
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const values = Array.from({ length: 3000 }, () => (rand() < 0.1 ? null : `s${Math.floor(rand() * 200)}`));
  const expected = Array.from(values.keys()).sort((a, b) => {
    const x = values[a];
    const y = values[b];
    if (x === y) return a - b;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  });
  assert.deepEqual(Array.from(argsortStrings(values)), expected);
});

test("epoch milliseconds one apart sort exactly (no rounding of near keys)", () => {
  const t0 = Date.UTC(2025, 9, 10);
  const values = Float64Array.from({ length: 10_000 }, (_, i) => t0 + ((i * 7919) % 10_000));
  const order = argsortNumbers(values, "desc");
  for (let i = 1; i < order.length; i++) assert.ok(values[order[i - 1]] > values[order[i]]);
});
