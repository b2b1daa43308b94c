import { test } from "node:test";
import assert from "node:assert/strict";
import { rolling, rollingMax, rollingMean, rollingMin, rollingStd, rollingSum } from "./rolling";
import { seededRandom } from "./random";

/** The definition, window by window, to check the O(n) versions against. */
function naive(x: number[], window: number, stat: string, minPeriods = window, ddof = 1): number[] {
  return x.map((_v, i) => {
    const w = x.slice(Math.max(0, i - window + 1), i + 1).filter((v) => !Number.isNaN(v));
    if (w.length < minPeriods) return NaN;
    const sum = w.reduce((a, b) => a + b, 0);
    const mean = sum / w.length;
    const ss = w.reduce((a, b) => a + (b - mean) ** 2, 0);
    switch (stat) {
      case "sum": return sum;
      case "mean": return mean;
      case "var": return w.length - ddof > 0 ? ss / (w.length - ddof) : NaN;
      case "std": return w.length - ddof > 0 ? Math.sqrt(ss / (w.length - ddof)) : NaN;
      case "min": return Math.min(...w);
      case "max": return Math.max(...w);
    }
    throw new Error(stat);
  });
}

function close(actual: Float64Array, expected: number[], tolerance = 1e-9): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `index ${i}: expected NaN, got ${a}`);
    else assert.ok(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `index ${i}: expected ${e}, got ${a}`);
  }
}

test("small examples", () => {
  close(rolling([1, 2, 3, 4], 2), [NaN, 1.5, 2.5, 3.5]);
  close(rolling([1, 2, 3, 4], 3, "max", { minPeriods: 1 }), [1, 2, 3, 4]);
  close(rollingSum([1, 2, 3, 4], 3), [NaN, NaN, 6, 9]);
  close(rollingMin([4, 3, 5, 1, 2], 2), [NaN, 3, 3, 1, 1]);
  close(rollingStd([2, 4, 4, 4, 5, 5, 7, 9], 8, { ddof: 0 }), [NaN, NaN, NaN, NaN, NaN, NaN, NaN, 2]);
  close(rolling([1, 2, 3, 4], 2, (w) => w[1] / w[0]), [NaN, 2, 1.5, 4 / 3]);
});

test("every reducer matches the definition on a seeded series with gaps", () => {
  const random = seededRandom(3);
  const x = Array.from({ length: 500 }, (_, i) => (i % 37 === 5 || (i > 200 && i < 215) ? NaN : 100 + random() * 50 - 25));
  for (const stat of ["sum", "mean", "var", "std", "min", "max"] as const) {
    for (const [window, minPeriods] of [[1, 1], [5, 5], [20, 3], [50, 50]]) {
      close(rolling(x, window, stat, { minPeriods }), naive(x, window, stat, minPeriods), 1e-8);
    }
  }
  close(rolling(x, 10, "std", { minPeriods: 2, ddof: 0 }), naive(x, 10, "std", 2, 0), 1e-8);
});

test("sums do not drift over a long series of large values", () => {
  const random = seededRandom(11);
  const x = Array.from({ length: 100_000 }, () => 1e9 + random());
  const r = rollingMean(x, 10);
  const expected = naive(x.slice(-20), 10, "mean");
  close(r.subarray(-10), expected.slice(-10), 1e-15);
});

test("a custom reducer sees the raw window; results need minPeriods valid values", () => {
  const seen: number[][] = [];
  rolling([1, NaN, 3], 2, (w) => (seen.push([...w]), 0), { minPeriods: 1 });
  assert.deepEqual(seen, [[1], [1, NaN], [NaN, 3]]);
  close(rollingMax([NaN, NaN, 1], 2), [NaN, NaN, NaN]);
});

test("bad windows are refused", () => {
  assert.throws(() => rolling([1], 0), /window must be a whole number of rows >= 1, got 0/);
  assert.throws(() => rolling([1], 2.5), /window must be/);
  assert.throws(() => rolling([1], 2, "mean", { minPeriods: 3 }), /minPeriods must be between 1 and the window \(2\), got 3/);
  assert.throws(() => rolling([1], 2, "median" as never), /unknown reducer "median"/);
  close(rollingMean([], 3), []);
});
