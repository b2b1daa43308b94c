import { test } from "node:test";
import assert from "node:assert/strict";
import { consumedAfter, depthRecovery, squareRootImpact } from "./impact";

const near = (actual: number, expected: number, tolerance = 1e-9) => assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);

test("the square-root law: Y sigma sqrt(Q / V)", () => {
  near(squareRootImpact({ quantity: 1e9, dailyVolume: 40e9, dailyVolatility: 0.03 }), 0.7 * 0.03 * Math.sqrt(1 / 40));
  near(squareRootImpact({ quantity: 4e9, dailyVolume: 40e9, dailyVolatility: 0.03, Y: 1 }), 0.03 * Math.sqrt(0.1));
  // four times the quantity, twice the impact
  near(squareRootImpact({ quantity: 4e9, dailyVolume: 40e9, dailyVolatility: 0.03 }) / squareRootImpact({ quantity: 1e9, dailyVolume: 40e9, dailyVolatility: 0.03 }), 2);
  assert.equal(squareRootImpact({ quantity: 0, dailyVolume: 1, dailyVolatility: 0.03 }), 0);
  assert.throws(() => squareRootImpact({ quantity: -1, dailyVolume: 1, dailyVolatility: 0.03 }), /quantity must be >= 0/);
});

test("depth recovers by half each half-life", () => {
  const depth = depthRecovery({ depth: 27e3, baseline: 1.2e6, halfLife: 30 });
  near(depth(0), 27e3);
  near(depth(30), 613_500);
  near(depth(60), 1.2e6 - 1.173e6 / 4);
  assert.ok(Math.abs(depth(3000) - 1.2e6) < 1e-6);
});

test("consumed depth: decay, refill within a step, no refill", () => {
  const rate = Math.LN2 / 10;
  near(consumedAfter(100, 0, rate, 10), 50);
  near(consumedAfter(0, 60e6, rate, 60), (60e6 * (1 - Math.exp(-rate * 60))) / (rate * 60));
  near(consumedAfter(5, 7, 0, 1), 12);
  // a fast refill absorbs rate * dt times the flow
  near(consumedAfter(0, 1e6, 100, 1), 1e4, 1e-6);
});
