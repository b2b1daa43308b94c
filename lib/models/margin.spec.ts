import { test } from "node:test";
import assert from "node:assert/strict";
import { BINANCE_BTCUSDT_TIERS, bankruptcyPrice, liquidationPrice, maintenanceAt, marginTiers } from "./margin";

const near = (actual: number, expected: number, tolerance = 1e-6) => assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);

test("brackets get Binance's cumulative maintenance amounts", () => {
  const amounts = BINANCE_BTCUSDT_TIERS.map((t) => t.amount);
  assert.deepEqual(amounts, [0, 50, 950, 11_450, 131_450, 481_450, 2_981_450, 14_481_450, 26_481_450, 41_481_450, 121_481_450, 421_481_450]);
  assert.deepEqual(maintenanceAt(BINANCE_BTCUSDT_TIERS, 100_000), { rate: 0.005, amount: 50, maxLeverage: 100 });
  assert.deepEqual(maintenanceAt(BINANCE_BTCUSDT_TIERS, 49_999), { rate: 0.004, amount: 0, maxLeverage: 125 });
  // continuity: rate * notional - amount is the same on both sides of a boundary
  for (let k = 1; k < BINANCE_BTCUSDT_TIERS.length; k++) {
    const { floor, rate, amount } = BINANCE_BTCUSDT_TIERS[k];
    const below = BINANCE_BTCUSDT_TIERS[k - 1];
    near(rate * floor - amount, below.rate * floor - below.amount);
  }
  assert.throws(() => marginTiers([{ cap: 10, maxLeverage: 10, rate: 0.01 }, { cap: 5, maxLeverage: 5, rate: 0.02 }]), /bracket 1 cap 5 must be above/);
});

test("USDⓈ-M isolated liquidation prices match Binance's formula by hand", () => {
  // long 1 BTC at 100,000, 10x: WB 10,000, bracket 50k-600k (0.5 %, cum 50)
  near(liquidationPrice({ entry: 100_000, leverage: 10, side: "long", size: 1, maintenanceMargin: BINANCE_BTCUSDT_TIERS }), 89_950 / 0.995);
  // the same short: (10,000 + 50 + 100,000) / (0.005 + 1)
  near(liquidationPrice({ entry: 100_000, leverage: 10, side: "short", size: 1, maintenanceMargin: BINANCE_BTCUSDT_TIERS }), 110_050 / 1.005);
  // 20 BTC at 20x: notional at the liquidation price is in the 600k-3M bracket (0.65 %, cum 950)
  const lp = liquidationPrice({ entry: 100_000, leverage: 20, side: "long", size: 20, maintenanceMargin: BINANCE_BTCUSDT_TIERS });
  near(lp, (2_000_000 - 100_000 - 950) / (20 * 0.9935));
  assert.ok(20 * lp >= 600_000 && 20 * lp < 3_000_000);
  // flat rate: (E - E / L) / (1 - mmr)
  near(liquidationPrice({ entry: 50_000, leverage: 25, side: "long", maintenanceMargin: 0.004 }), (50_000 - 2_000) / 0.996);
});

test("COIN-M inverse liquidation prices by hand", () => {
  // 10,000 USD face at 100,000, 10x: margin 0.01 BTC; LP = (N mmr + N) / (WB + N / E)
  near(liquidationPrice({ entry: 100_000, leverage: 10, side: "long", size: 10_000, contract: "inverse", maintenanceMargin: 0.005 }), 10_050 / 0.11);
  near(liquidationPrice({ entry: 100_000, leverage: 10, side: "short", size: 10_000, contract: "inverse", maintenanceMargin: 0.005 }), -9_950 / -0.09);
  // a 1x coin-margined short is fully hedged: never liquidated
  assert.equal(liquidationPrice({ entry: 100_000, leverage: 1, side: "short", size: 10_000, contract: "inverse", maintenanceMargin: 0 }), Infinity);
});

test("cross and unified accounts", () => {
  // cross: WB 50,000 less other positions' maintenance 2,000, plus their PnL -3,000
  near(liquidationPrice({ entry: 100_000, side: "long", mode: "cross", walletBalance: 50_000, otherMaintenance: 2_000, otherPnl: -3_000 }), 55_000 / 0.995);
  // unified, USD-margined long worth 100,000 backed by 200,000 USDe: a 0.5x long, never liquidated at par...
  const unified = { entry: 100_000, leverage: 1, margin: 0, side: "long" as const, mode: "unified" as const };
  assert.equal(liquidationPrice({ ...unified, collateral: [{ amount: 200_000, price: 1 }] }), 0);
  // ...but with USDe marked at 0.30, liquidated at (100,000 - 60,000) / 0.995
  near(liquidationPrice({ ...unified, collateral: [{ amount: 200_000, price: 0.3 }] }), 40_000 / 0.995);
  // collateral that tracks the underlying (a staked form of it) at a 95 % ratio steepens the condition
  near(liquidationPrice({ ...unified, collateral: [{ amount: 2, price: 100_000, ratio: 0.95, tracksUnderlying: true }] }), 100_000 / (0.995 + 1.9));
  assert.throws(() => liquidationPrice({ entry: 1, side: "long", collateral: [{ amount: 1, price: 1 }] }), /collateral needs mode "unified"/);
});

test("an isolated 0.5x long has no liquidation price; bankruptcy prices", () => {
  assert.equal(liquidationPrice({ entry: 100_000, leverage: 1, margin: 200_000, side: "long" }), 0);
  near(bankruptcyPrice({ entry: 100_000, leverage: 10, side: "long" }), 90_000);
  near(bankruptcyPrice({ entry: 100_000, leverage: 10, side: "short" }), 110_000);
  near(bankruptcyPrice({ entry: 100_000, leverage: 10, side: "long", size: 10_000, contract: "inverse" }), 10_000 / (0.01 + 0.1));
});

test("bad input names the parameter", () => {
  assert.throws(() => liquidationPrice({ entry: 100_000, leverage: 0.5, side: "long" }), /leverage must be at least 1/);
  assert.throws(() => liquidationPrice({ entry: 100_000, leverage: 150, size: 0.1, side: "long", maintenanceMargin: BINANCE_BTCUSDT_TIERS }), /leverage 150 is above the venue maximum 125 for a notional of 10000/);
  assert.throws(() => liquidationPrice({ entry: 100_000, leverage: 110, size: 1, side: "long", maintenanceMargin: BINANCE_BTCUSDT_TIERS }), /leverage 110 is above the venue maximum 100 for a notional of 100000/);
  assert.throws(() => liquidationPrice({ entry: NaN, leverage: 10, side: "long" }), /entry must be a finite number, got NaN/);
  assert.throws(() => liquidationPrice({ entry: 100, leverage: 10, side: "up" as "long" }), /side must be one of/);
  assert.throws(() => liquidationPrice({ entry: 100, size: -1, side: "long" }), /size must be > 0, got -1/);
});
