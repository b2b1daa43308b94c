import { test } from "node:test";
import assert from "node:assert/strict";
import { returns } from "./returns";
import { rollingVolatility, volatility } from "./volatility";
import { correlation, rollingCorrelation } from "./correlation";
import { Frame } from "../frame";
import { seededNormal, seededRandom } from "../random";

const close = (a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-12) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Number.isNaN(b[i]) ? Number.isNaN(a[i]) : Math.abs(a[i] - b[i]) <= eps * Math.max(1, Math.abs(b[i])), `at ${i}: ${a[i]} vs ${b[i]}`);
};

test("returns: simple and log, over one or more periods, aligned with the prices", () => {
  close(returns([100, 110, 99]), [NaN, 0.1, -0.1]);
  close(returns([100, 110, 121], { kind: "log" }), [NaN, Math.log(1.1), Math.log(1.1)]);
  close(returns([100, 110, 121], { periods: 2 }), [NaN, NaN, 0.21]);
  close(returns(Frame.fromColumns({ close: [1, 2] })), [NaN, 1]);
  assert.throws(() => returns([1], { periods: 0 }), /whole number/);
});

test("volatility recovers the deviation of a seeded random walk; rolling matches the whole on a full window", () => {
  const normal = seededNormal(seededRandom(11));
  const prices = [100];
  for (let i = 0; i < 5000; i++) prices.push(prices[i] * Math.exp(0.01 * normal()));
  assert.ok(Math.abs(volatility(prices) - 0.01) < 0.0005);
  assert.ok(Math.abs(volatility(prices, { periodsPerYear: 365 }) - 0.01 * Math.sqrt(365)) < 0.01);
  const rv = rollingVolatility(prices.slice(0, 31), { window: 30 });
  assert.ok(Number.isNaN(rv[29]));
  assert.ok(Math.abs(rv[30] - volatility(prices.slice(0, 31))) < 1e-12);
});

test("correlation: perfect, inverse, missing pairs skipped, an error without variation", () => {
  assert.ok(Math.abs(correlation([1, 2, 3, 4], [2, 4, 6, 8]) - 1) < 1e-12);
  assert.ok(Math.abs(correlation([1, 2, 3, 4], [8, 6, 4, 2]) + 1) < 1e-12);
  assert.ok(Math.abs(correlation([1, NaN, 3, 4], [2, 100, 6, 8]) - 1) < 1e-12);
  assert.throws(() => correlation([1, 1, 1], [1, 2, 3]), /correlation: the first series does not vary over the 3 complete pairs/);
  assert.throws(() => correlation([1], [1, 2]), /same length/);
});

test("rollingCorrelation equals the correlation of each window, even at bitcoin's price level", () => {
  const random = seededRandom(3);
  const x = Array.from({ length: 60 }, () => 100_000 + random() * 1000);
  const y = x.map((v, i) => v * 0.5 + random() * 300 + (i % 7));
  const r = rollingCorrelation(x, y, { window: 10 });
  for (let i = 0; i < 60; i++) {
    if (i < 9) assert.ok(Number.isNaN(r[i]));
    else assert.ok(Math.abs(r[i] - correlation(x.slice(i - 9, i + 1), y.slice(i - 9, i + 1))) < 1e-9);
  }
  assert.throws(() => rollingCorrelation(x, y, { window: 1 }), /window/);
});

test("nothing to compute is an error, not a NaN: correlation of empty or disjoint series, volatility of one price", () => {
  assert.throws(() => correlation([], []), { message: "correlation needs at least two pairs where both values are present, got 0 (of 0 rows)" });
  assert.throws(() => correlation([1, NaN, 3], [NaN, 2, NaN]), /got 0 \(of 3 rows\)/);
  assert.throws(() => correlation([1, 2], [3, 3]), /the second series does not vary/);
  assert.throws(() => volatility([]), { message: "volatility needs at least two returns (three prices in a row), got 0" });
  assert.throws(() => volatility([100, 101]), /got 1/);
  assert.throws(() => volatility([100, 101, 102], { periodsPerYear: 0 }), /volatility: periodsPerYear must be > 0, got 0/);
  assert.throws(() => rollingVolatility([100, 101, 102], { window: 2, periodsPerYear: -365 }), /rollingVolatility: periodsPerYear must be > 0/);
});

test("returns: an unknown kind is an error (it used to give simple returns)", () => {
  assert.throws(() => returns([1, 2], { kind: "logs" as "log" }), { message: 'returns: kind must be one of "simple", "log", got "logs"' });
});
