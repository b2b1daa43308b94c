import { test } from "node:test";
import assert from "node:assert/strict";
import { DEPTH_BANDS, depthBands, depthLost, depthWithin, midPrice, type OrderBook } from "./depth";
import { marketOrderSlippage } from "./slippage";

const book: OrderBook = {
  bids: [[99.5, 2], [99, 1], [98, 5], [90, 10]],
  asks: [[100.5, 1], [101, 3], [103, 4], [120, 1]],
};

test("midPrice and depth within a band, per side", () => {
  assert.equal(midPrice(book), 100);
  assert.equal(depthWithin(book, { band: 0.01 }), 99.5 * 2 + 99 * 1 + 100.5 + 101 * 3);
  assert.equal(depthWithin(book, { band: 0.02, side: "bid" }), 99.5 * 2 + 99 + 98 * 5);
  assert.equal(depthWithin(book, { band: 0.005, side: "ask" }), 100.5);
  assert.equal(midPrice({ bids: [[50, 1]], asks: [] }), 50);
  assert.throws(() => midPrice({ bids: [], asks: [] }), /neither bids nor asks/);
  assert.throws(() => depthWithin(book, { band: 0 }), /positive fraction/);
});

test("depthBands: the 0.5, 1, 2, 5, 10 % bands, cumulative", () => {
  const bands = depthBands(book);
  assert.deepEqual(bands.map((b) => b.band), [...DEPTH_BANDS]);
  for (let i = 1; i < bands.length; i++) assert.ok(bands[i].total >= bands[i - 1].total);
  assert.equal(bands[4].bid, 99.5 * 2 + 99 + 98 * 5 + 90 * 10);
  assert.equal(bands[4].ask, 100.5 + 101 * 3 + 103 * 4);
});

test("depthLost between two books or two published figures", () => {
  const after: OrderBook = { bids: [[99.5, 0.1], [90, 10]], asks: [[100.5, 0.1]] };
  const loss = depthLost(book, after, { band: 0.01, side: "bid" });
  assert.equal(loss.before, 99.5 * 2 + 99);
  assert.ok(Math.abs(loss.after - 9.95) < 1e-12);
  assert.ok(Math.abs(loss.fraction - (1 - 9.95 / 298)) < 1e-12);
  // Oct 10: one token's 1 % depth, $1.2M to $27k in 40 minutes (public reporting): -98 %
  assert.equal(Math.round(depthLost(1.2e6, 27e3).fraction * 100), 98);
  // BTC 1 %: about $20M early October to $14M Nov 11 (CoinDesk Research): -30 %
  assert.equal(depthLost(20e6, 14e6).fraction, 0.3);
});

test("market order against a book: average and worst fill, unfilled when the book runs out", () => {
  const s = marketOrderSlippage(book, { notional: 99.5 * 2 + 99, side: "sell" });
  assert.equal(s.worstPrice, 99);
  assert.equal(s.filled, 298);
  assert.equal(s.unfilled, 0);
  assert.ok(Math.abs(s.averagePrice - 298 / 3) < 1e-9);
  assert.ok(Math.abs(s.average - (1 - 298 / 3 / 100)) < 1e-12);
  const buy = marketOrderSlippage(book, { notional: 1e6, side: "buy" });
  assert.equal(buy.filled, 100.5 + 303 + 412 + 120);
  assert.equal(buy.unfilled, 1e6 - buy.filled);
  assert.ok(Math.abs(buy.worst - 0.2) < 1e-12);
});

test("market order against a depth profile: depth spread evenly within each band", () => {
  const profile = { bands: [0.005, 0.01], depth: [5e6, 7e6] };
  // inside the first band: fills from 0 to x where 5e6 * x / 0.005 = 2.5e6, average x / 2
  const half = marketOrderSlippage(profile, { notional: 2.5e6 });
  assert.ok(Math.abs(half.worst - 0.0025) < 1e-15);
  assert.ok(Math.abs(half.average - 0.00125) < 1e-15);
  const s = marketOrderSlippage(profile, { notional: 6e6, mid: 84_000 });
  assert.ok(Math.abs(s.average - 0.003125) < 1e-12);
  assert.ok(Math.abs(s.worst - 0.0075) < 1e-12);
  assert.ok(Math.abs(s.averagePrice - 84_000 * (1 - 0.003125)) < 1e-6);
  const beyond = marketOrderSlippage(profile, { notional: 10e6 });
  assert.equal(beyond.filled, 7e6);
  assert.equal(beyond.unfilled, 3e6);
  assert.throws(() => marketOrderSlippage({ bands: [0.01, 0.005], depth: [1, 2] }, { notional: 1 }), /must increase/);
  assert.throws(() => marketOrderSlippage(profile, { notional: 0 }), /positive/);
});
