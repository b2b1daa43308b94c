import { test } from "node:test";
import assert from "node:assert/strict";
import { depthFromBands, depthFromSnapshot, profileDepth, parametricDepth, walkBook, withdrawDepth, withdrawnDepth, withdrawnDistance } from "./order-book";

const near = (actual: number, expected: number, tolerance = 1e-9) => assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
const book = { bids: [[100, 1], [99, 2], [98, 5]] as Array<[number, number]>, asks: [[101, 1], [102, 3]] as Array<[number, number]> };

test("walking a three-level book, by hand", () => {
  const sell = walkBook(book, { side: "sell", quantity: 2.5 });
  assert.equal(sell.quantity, 2.5);
  near(sell.notional, 100 + 1.5 * 99);
  near(sell.averagePrice, 248.5 / 2.5);
  assert.equal(sell.lastPrice, 99);
  assert.equal(sell.levels, 2);
  near(sell.slippage, (100.5 - 99.4) / 100.5);
  assert.equal(sell.unfilled, 0);
  // in USD: 100 at the first level, 150 at 99
  const usd = walkBook(book, { side: "sell", notional: 250 });
  near(usd.quantity, 1 + 150 / 99);
  // more than the book holds: what is left is reported
  const all = walkBook(book, { side: "sell", quantity: 10 });
  assert.equal(all.quantity, 8);
  assert.equal(all.unfilled, 2);
  assert.equal(all.lastPrice, 98);
  const buy = walkBook(book, { side: "buy", quantity: 2 });
  near(buy.averagePrice, 101.5);
  near(buy.slippage, 1 / 100.5);
  assert.throws(() => walkBook(book, { side: "sell" }), /exactly one of quantity/);
});

test("profiles from snapshots, bands and a power law", () => {
  const snap = depthFromSnapshot(book);
  assert.equal(snap.mid, 100.5);
  near(profileDepth(snap, 1.5 / 100.5), 298);
  near(profileDepth(snap, 0.5 / 100.5), 100);
  const btc = depthFromBands({ mid: 121_700, bands: [[0.005, 15.5e6], [0.01, 20e6], [0.05, 40e6]] });
  near(profileDepth(btc, 0.02), 25e6);
  near(profileDepth(btc, 0.0025), 7.75e6);
  near(profileDepth(parametricDepth({ mid: 100_000, within1pct: 20e6 }), 0.05), 100e6);
  near(profileDepth(parametricDepth({ mid: 100_000, within1pct: 20e6, exponent: 0.5 }), 0.04), 40e6, 1e-2);
  assert.throws(() => depthFromBands({ mid: 1, bands: [[0.01, 10], [0.02, 5]] }), /depth must not shrink/);
  assert.throws(() => depthFromBands({ mid: 1, bands: [[0, 10]] }), /distance must be above 0/);
});

test("withdrawal: a 98 % cut near the mid, resting bids kept beyond", () => {
  const token = parametricDepth({ mid: 1, within1pct: 1.2e6 });
  near(profileDepth(withdrawDepth(token, { factor: 27e3 / 1.2e6 }), 0.01), 27_000, 1e-9);
  const bands = depthFromBands({ mid: 100, bands: [[0.01, 10], [0.04, 40], [0.1, 100]] });
  const w = { factor: 0.02, keepBeyond: 0.04 };
  near(withdrawnDepth(bands.bid, 0.01, w), 0.2);
  near(withdrawnDepth(bands.bid, 0.04, w), 0.8);
  near(withdrawnDepth(bands.bid, 0.1, w), 60.8);
  for (const usd of [0.1, 0.8, 5, 60.8, 200]) near(withdrawnDepth(bands.bid, withdrawnDistance(bands.bid, usd, w), w), usd);
  near(profileDepth(withdrawDepth(bands, w), 0.1), 60.8);
});

test("walking a profile: a flat book of 1M per 1 %", () => {
  const flat = parametricDepth({ mid: 100, within1pct: 1e6 });
  const fill = walkBook(flat, { side: "sell", notional: 1e6 });
  near(fill.lastPrice, 99);
  const base = (1e8 / 100) * Math.log(1 / 0.99); // density / mid * ln(1 / (1 - x))
  near(fill.quantity, base);
  near(fill.averagePrice, 1e6 / base);
  const byQuantity = walkBook(flat, { side: "sell", quantity: base });
  near(byQuantity.notional, 1e6, 1e-6);
  assert.ok(walkBook(flat, { side: "buy", notional: 1e6 }).averagePrice > 100);
});
