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

test("correlation: perfect, inverse, missing pairs skipped, NaN without variation", () => {
  assert.ok(Math.abs(correlation([1, 2, 3, 4], [2, 4, 6, 8]) - 1) < 1e-12);
  assert.ok(Math.abs(correlation([1, 2, 3, 4], [8, 6, 4, 2]) + 1) < 1e-12);
  assert.ok(Math.abs(correlation([1, NaN, 3, 4], [2, 100, 6, 8]) - 1) < 1e-12);
  assert.ok(Number.isNaN(correlation([1, 1, 1], [1, 2, 3])));
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
