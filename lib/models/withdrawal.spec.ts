import { test } from "node:test";
import assert from "node:assert/strict";
import { incrEwMean, incrEwVolatility } from "./accumulators";
import { marketMakerWithdrawal } from "./withdrawal";

test("accumulators weigh by half-life in time", () => {
  const mean = incrEwMean(10);
  assert.ok(Number.isNaN(mean()));
  mean(1);
  assert.equal(mean(3, 10), 2);
  const variance = incrEwVolatility(10, 0.001 ** 2);
  const alpha = 1 - Math.pow(2, -0.1);
  assert.ok(Math.abs(variance(-0.03, 1) - (1e-6 + alpha * (9e-4 - 1e-6))) < 1e-15);
  // the same statistic for one 2-minute step as for its per-minute rate
  const a = incrEwVolatility(5, 0);
  const b = incrEwVolatility(5, 0);
  a(0.02, 2);
  b(0.02 / Math.SQRT2, 1);
  b(0.02 / Math.SQRT2, 1);
  assert.ok(Math.abs(a() - b()) / b() < 0.05);
});

test("calm markets keep full depth", () => {
  const withdraw = marketMakerWithdrawal();
  for (let k = 0; k < 100; k++) withdraw(k % 2 ? 0.0008 : -0.0008, 0, 1);
  assert.ok(withdraw() > 0.999);
});

test("a volatility spike pulls depth fast; it returns slowly", () => {
  const withdraw = marketMakerWithdrawal({ baseVolatility: 0.0008, volatilityHalfLife: 5, withdrawHalfLife: 1, recoveryHalfLife: 240 });
  const after = withdraw(-0.03, 0, 1);
  const variance = 0.0008 ** 2 + (1 - Math.pow(2, -0.2)) * (0.03 ** 2 - 0.0008 ** 2);
  const target = 0.0008 / Math.sqrt(variance);
  assert.ok(Math.abs(after - (target + (1 - target) / 2)) < 1e-12, `${after}`);
  // the -98 % case: ten minutes of 5 % falls reach the floor
  for (let k = 0; k < 10; k++) withdraw(-0.05, 0, 1);
  assert.ok(Math.abs(withdraw() - 0.02) < 1e-3, `depth factor ${withdraw()}`);
  // calm again: back only part of the way after an hour, most of it after a day
  for (let k = 0; k < 60; k++) withdraw(0, 0, 1);
  assert.ok(withdraw() < 0.25, `after an hour ${withdraw()}`);
  for (let k = 0; k < 1440; k++) withdraw(0, 0, 1);
  assert.ok(withdraw() > 0.9, `after a day ${withdraw()}`);
});

test("losses cut capital and depth with it (the funding side of the spiral)", () => {
  const withdraw = marketMakerWithdrawal({ capital: 1e9, withdrawHalfLife: 0.01 });
  withdraw(0, -5e8, 1);
  assert.ok(Math.abs(withdraw() - 0.5) < 1e-6);
  assert.equal(withdraw.capital(), 5e8);
  withdraw(0, -4.9e8, 1);
  assert.ok(Math.abs(withdraw() - 0.02) < 1e-6);
  assert.throws(() => marketMakerWithdrawal({ floor: 0 }), /floor must be between/);
});
