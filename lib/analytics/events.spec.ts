import { test } from "node:test";
import assert from "node:assert/strict";
import { liquidationRatio, liquidationTotals } from "./liquidations";
import { mnav, mnavPrice } from "./mnav";
import { cumulativeFlows, flowStreaks } from "./flows";
import { snapshot } from "../data/snapshot/index";
import { Frame } from "../frame";

test("liquidation totals of the two events, and their ratio: a quarter of the traders, a tenth of the dollars", () => {
  const [oct10, nov21] = snapshot().events;
  const t = liquidationTotals(oct10);
  assert.equal(t.usd, 19.13e9);
  assert.equal(t.count, 1_618_240);
  assert.equal(t.largestUsd, 203.36e6);
  assert.ok(Math.abs(t.longShare - 16.7 / 19.1) < 1e-12);
  assert.ok(t.sources.some((s) => /CoinGlass/.test(s)));
  const r = liquidationRatio(nov21, oct10);
  assert.equal(+r.count.toFixed(3), 0.249);
  assert.equal(+r.usd.toFixed(3), 0.103);
  // the article's own figures: 403,275 traders, over $2B
  const article = liquidationTotals(nov21, { prefer: "article" });
  assert.equal(article.count, 403_275);
  assert.equal(article.usd, 2e9);
});

test("liquidation totals of a frame of orders: dollars from price x amount, longs and shorts", () => {
  const f = Frame.fromColumns({ side: ["long", "short", "long", null], price: [100, 110, 90, 95], amount: [1, 2, 3, NaN], source: ["binance", "binance", "bybit", "bybit"] });
  const t = liquidationTotals(f);
  assert.equal(t.usd, 100 + 220 + 270);
  assert.equal(t.count, 3);
  assert.equal(t.longsUsd, 370);
  assert.equal(t.shortsUsd, 220);
  assert.equal(t.largestUsd, 270);
  assert.deepEqual(t.sources, ["binance", "bybit"]);
  assert.throws(() => liquidationTotals(Frame.fromColumns({ x: [1] })), /needs a "usd" column/);
});

test("mNAV on market cap or enterprise value, and the price where it reaches 1", () => {
  assert.equal(mnav({ holdings: 100, price: 50_000, marketCap: 4e6 }), 0.8);
  assert.equal(mnav({ holdings: 100, price: 50_000, enterpriseValue: 6e6 }), 1.2);
  assert.equal(mnav({ holdings: 100, price: 50_000, shares: 1e6, sharePrice: 4, debt: 1.5e6, cash: 0.5e6 }), 1);
  assert.equal(mnavPrice({ holdings: 100, marketCap: 4e6 }), 40_000);
  assert.throws(() => mnav({ holdings: 100, price: 50_000 }), /needs marketCap/);
  assert.throws(() => mnav({ holdings: 0, price: 1, marketCap: 1 }), /positive holdings/);
});

test("flows: cumulative total and streaks, with dates from a frame", () => {
  assert.deepEqual([...cumulativeFlows([100, -50, NaN, -80])], [100, 50, 50, -30]);
  assert.deepEqual(flowStreaks([10, 20, -5, -7, -1, 3]), [
    { direction: "inflow", start: 0, end: 1, length: 2, total: 30 },
    { direction: "outflow", start: 2, end: 4, length: 3, total: -13 },
    { direction: "inflow", start: 5, end: 5, length: 1, total: 3 },
  ]);
  assert.equal(flowStreaks([-1, 0, -2, NaN, -3]).length, 3); // a zero or a missing day ends a streak
  const f = Frame.fromColumns({ time: ["2025-11-13", "2025-11-14", "2025-11-17", "2025-11-18"], flow_usd: [5, -463.1e6, -1, -523.15e6] }, { types: { time: "time" } });
  const [, out] = flowStreaks(f);
  assert.equal((out.start as Date).toISOString().slice(0, 10), "2025-11-14");
  assert.equal(out.length, 3);
  assert.equal(out.total, -463.1e6 - 1 - 523.15e6);
});

test("mnav and mnavPrice: a figure that is not a number is an error, not an mNAV of NaN", () => {
  assert.throws(() => mnav({ holdings: 100, price: 50_000, marketCap: NaN }), { message: "mnav: marketCap must be a finite number, got NaN" });
  assert.throws(() => mnav({ holdings: 100, price: 50_000, shares: 1e6, sharePrice: 4, debt: "1e6" as unknown as number }), /mnav: debt must be a finite number, got "1e6"/);
  assert.throws(() => mnavPrice({ holdings: 0, marketCap: 4e6 }), /mnavPrice: holdings must be > 0, got 0/);
  assert.throws(() => mnavPrice({ holdings: 100, enterpriseValue: NaN }), /mnavPrice: enterpriseValue must be a finite number/);
});

test("liquidationRatio over an event with no liquidations is an error, not Infinity or NaN", () => {
  const some = Frame.fromColumns({ usd: [1e6], side: ["long"] });
  const none = Frame.fromColumns({ usd: [], side: [] }, { types: { side: "string" } });
  assert.throws(() => liquidationRatio(some, none), { message: "liquidationRatio: the second event has no liquidations (0 orders, 0 USD), so there is no ratio" });
  assert.equal(liquidationRatio(none, some).usd, 0);
});
