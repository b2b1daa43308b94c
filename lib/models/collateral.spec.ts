import { test } from "node:test";
import assert from "node:assert/strict";
import { collateralIndex, depegPath } from "./collateral";
import { loanBook, loanLiquidationPrice, loanToValue } from "./loans";

test("a depeg path: fall, hold, recover", () => {
  const usde = depegPath({ at: 46, depth: 0.35, fall: 10, hold: 20, recover: 20 });
  assert.equal(usde(0), 0);
  assert.equal(usde(46), 0);
  assert.ok(Math.abs(usde(51) - 0.175) < 1e-12);
  assert.equal(usde(56), 0.35);
  assert.equal(usde(76), 0.35);
  assert.ok(Math.abs(usde(86) - 0.175) < 1e-12);
  assert.equal(usde(96), 0);
});

test("venue-only index versus a redemption-weighted one with a floor", () => {
  const depeg = { at: 46, depth: 0.35, fall: 10, hold: 20 };
  const venue = collateralIndex({ depeg });
  const redemption = collateralIndex({ index: "redemption", depeg });
  assert.equal(venue(30, 0, 1), 1);
  assert.equal(venue(60, 0, 1), 0.65);
  assert.equal(redemption(60, 0, 1), 0.95);
  const soft = collateralIndex({ index: "redemption", redemptionWeight: 0.9, floor: 0.5, depeg });
  assert.equal(soft(60, 0, 1), 0.965);
});

test("collateral sold into a thin venue book pushes its index, which refills", () => {
  const index = collateralIndex({ depth: 1e6, resilience: 10 });
  assert.equal(index(1, 2e6, 1), 0.98); // 2M into 1M per 1 %
  assert.ok(Math.abs(index(11, 0, 10) - 0.99) < 1e-12);
  let v = 0;
  for (let t = 12; t < 400; t++) v = index(t, 0, 1);
  assert.equal(v, 1); // ticks of 1e-4: a recovered index is exactly 1
});

test("a 30 % LTV loan survives a 36 % fall but not a 70 % one", () => {
  const loan = { debt: 30_000, collateralAmount: 1, liquidationLtv: 0.83 };
  assert.ok(Math.abs(loanToValue({ ...loan, price: 100_000 }) - 0.3) < 1e-12);
  assert.ok(loanToValue({ ...loan, price: 64_000 }) < 0.83);
  assert.ok(loanToValue({ ...loan, price: 30_000 }) >= 0.83);
  assert.ok(Math.abs(loanLiquidationPrice(loan) - 30_000 / 0.83) < 1e-9);
  assert.throws(() => loanBook({ collateralAmount: [1, -1], debt: [1, 1], liquidationLtv: [0.8, 0.8] }), /loan 1 \(account 1\): collateralAmount must be a finite number > 0, got -1/);
  assert.throws(() => loanBook({ collateralAmount: [1], debt: [1], liquidationLtv: [1.2] }), /liquidationLtv must be in \(0, 1\]/);
});

test("loanToValue and loanLiquidationPrice: a missing or zero figure is an error, not NaN or Infinity", () => {
  assert.throws(() => loanToValue({ debt: 30_000, collateralAmount: 1, price: NaN }), { message: "loanToValue: price must be a finite number, got NaN" });
  assert.throws(() => loanToValue({ debt: 30_000, collateralAmount: 0, price: 100_000 }), /loanToValue: collateralAmount must be > 0, got 0/);
  assert.throws(() => loanToValue({ debt: undefined as unknown as number, collateralAmount: 1, price: 100_000 }), /loanToValue: debt must be a finite number, got undefined/);
  assert.throws(() => loanLiquidationPrice({ debt: 30_000, collateralAmount: 1, liquidationLtv: 0 }), { message: "loanLiquidationPrice: liquidationLtv must be in (0, 1], got 0" });
  assert.throws(() => loanLiquidationPrice({ debt: 30_000, collateralAmount: 1, liquidationLtv: 83 }), /liquidationLtv must be in \(0, 1\], got 83/);
});
