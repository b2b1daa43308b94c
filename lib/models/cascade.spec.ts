import { test } from "node:test";
import assert from "node:assert/strict";
import { simulateCascade } from "./cascade";
import { CAUSES } from "./events";
import { generatePositions } from "./generate-positions";
import { loanBook } from "./loans";
import { liquidationPrice } from "./margin";
import { parametricDepth } from "./order-book";
import { positionBook } from "./positions";

const crowd = (seed = 3, n = 20_000) =>
  generatePositions({ n, price: 100_000, openInterest: 20e9, seed, cohorts: [{ name: "traders", share: 1, longShare: 0.8, leverage: { median: 12, spread: 0.6 }, sizeElasticity: -0.4, entrySpread: 0.04 }] });

test("the same shock liquidates far more as depth is withdrawn, 0 % to 98 %", (t) => {
  // Measured in coins (or positions): USD at the trigger price understates a collapse.
  const book = crowd();
  const fractions = [0, 0.25, 0.5, 0.75, 0.9, 0.98];
  const runs = fractions.map((withdrawal) => simulateCascade({ book, price: 100_000, depth: 300e6, minutes: 240, shocks: [{ at: 0, drop: 0.04, over: 10 }], withdrawal }).totals.liquidated);
  t.diagnostic(fractions.map((f, k) => `withdrawn ${f * 100} %: ${runs[k].events} positions, ${runs[k].quantity.toFixed(0)} BTC`).join("; "));
  for (let k = 1; k < fractions.length; k++) {
    assert.ok(runs[k].quantity >= runs[k - 1].quantity, `withdrawing ${fractions[k]} liquidated less than ${fractions[k - 1]}`);
    assert.ok(runs[k].events >= runs[k - 1].events);
  }
  assert.ok(runs[5].quantity > 10 * runs[0].quantity, `98 % withdrawn: ${runs[5].quantity} vs none: ${runs[0].quantity}`);
  assert.ok(runs[5].events > 3 * runs[0].events);
});

test("an isolated 0.5x long is never liquidated by its own price, but is in a unified account whose collateral depegs", () => {
  // 0.5x: a 1x position of 1 BTC at 100,000 with 200,000 of margin
  const price = 100_000;
  const shock = { shocks: [{ at: 0, drop: 0.36, over: 60 }], depth: 1e12, minutes: 240, price };
  const isolated = positionBook({ size: [1], entry: [price], side: ["long"], leverage: [1], margin: [200_000] });
  assert.equal(liquidationPrice({ entry: price, leverage: 1, margin: 200_000, side: "long" }), 0);
  assert.equal(simulateCascade({ ...shock, book: isolated, shocks: [{ at: 0, drop: 0.95, over: 60 }] }).events.length, 0);

  // the same position in a unified account backed by 2 units of a staked form of the coin (worth
  // 100,000 each), marked at the venue's own book, which prints 75 % below fair value
  const unified = positionBook({ size: [1], entry: [price], side: ["long"], leverage: [1], margin: [0], mode: ["unified"], collateral: ["LST"], collateralAmount: [2] });
  const lst = { price, beta: 1 as const, depeg: { at: 90, depth: 0.75, fall: 10, hold: 60, recover: 30 } };
  const venue = simulateCascade({ ...shock, book: unified, collateral: { LST: lst } });
  assert.equal(venue.events.length, 1);
  assert.equal(CAUSES[venue.events.cause[0]], "collateral");
  assert.ok(venue.events.time[0] > 90 && venue.events.time[0] <= 100, `liquidated at minute ${venue.events.time[0]}`);
  // a redemption-weighted index with a floor keeps it alive
  const redemption = simulateCascade({ ...shock, book: unified, collateral: { LST: { ...lst, index: "redemption" } } });
  assert.equal(redemption.events.length, 0);
  assert.ok(Math.min(...redemption.collateralIndex.LST) >= 0.95);
});

test("a 30 % LTV loan survives a 36 % fall on BTC but not on collateral that falls 70 %", () => {
  const price = 100_000;
  const book = positionBook({ size: [0.001], entry: [price], side: ["long"] });
  const loans = loanBook({ collateralAmount: [1, 100_000], debt: [30_000, 30_000], liquidationLtv: [0.83, 0.83], collateral: [null, "ALT"], account: [1, 2] });
  const r = simulateCascade({ book, loans, price, depth: 1e12, minutes: 600, shocks: [{ at: 0, drop: 0.36, over: 120 }], collateral: { ALT: { depeg: { at: 0, depth: 0.7, fall: 120, hold: 480 } } } });
  assert.equal(r.events.length, 1);
  assert.equal(r.events.account[0], 2);
  assert.equal(CAUSES[r.events.cause[0]], "ltv");
  // LTV 0.30 / (1 - d) reaches 0.83 when the collateral is down 63.9 %: minute 110 of the 120-minute fall
  assert.ok(Math.abs(r.events.time[0] - 110) <= 1, `minute ${r.events.time[0]}`);
  assert.ok(r.totals.minPrice <= 64_001);
});

test("a cross account is one unit: liquidated when its net position crosses the account's price", () => {
  // long 1 BTC and short 0.5 BTC at 100,000 sharing a 10,000 wallet: 10,000 + 0.5 (P - 100,000) = 0.0075 P
  const book = positionBook({ size: [1, 0.5], entry: [100_000, 100_000], side: ["long", "short"], margin: [5_000, 5_000], mode: ["cross", "cross"], account: [7, 7] });
  const r = simulateCascade({ book, price: 100_000, depth: 1e12, minutes: 300, shocks: [{ at: 0, drop: 0.25, over: 250 }] });
  const L = 40_000 / 0.4925;
  assert.equal(r.events.length, 1);
  assert.equal(r.events.account[0], 7);
  assert.ok(Math.abs(r.events.quantity[0] - 0.5) < 1e-12);
  const minute = r.events.time[0];
  assert.ok(r.price[minute] <= L && r.price[minute - 1] > L, `triggered at ${r.price[minute]}, before ${r.price[minute - 1]}, L ${L}`);
});

test("the insurance fund pays first; ADL closes the most profitable, most leveraged shorts", () => {
  const price = 100_000;
  // 20 longs at 50x that gap through their bankruptcy price in a thin book, and 3 profitable shorts
  const longs = 20;
  const book = positionBook({
    size: [...Array(longs).fill(10), 5, 5, 5],
    entry: [...Array(longs).fill(price), 110_000, 110_000, 105_000],
    side: [...Array(longs).fill("long"), "short", "short", "short"],
    leverage: [...Array(longs).fill(50), 10, 2, 10],
  });
  const run = (insuranceFund: number, adl: "queue" | "pro-rata" = "queue") =>
    simulateCascade({ book, price, depth: 2e6, resilience: 30, minutes: 60, shocks: [{ at: 0, drop: 0.03, over: 5 }], venue: { insuranceFund, adl } });
  const rich = run(1e12);
  assert.equal(rich.totals.adl, 0);
  assert.ok(rich.totals.insuranceFund.paid > 0);
  const poor = run(0);
  const adl = [...poor.events.cause.keys()].filter((i) => CAUSES[poor.events.cause[i]] === "adl");
  assert.ok(adl.length > 0 && poor.totals.adl > 0);
  // profit x leverage: 10x short from 110,000 first, then 10x from 105,000, the 2x last
  assert.equal(poor.events.account[adl[0]], longs);
  assert.ok(adl.every((i) => poor.events.side[i] === -1));
  assert.ok(poor.totals.flow.takenOverByAdl > 0);
  assert.ok(Math.abs(poor.totals.flow.takenOverByAdl - poor.totals.adl) < 1e-6 * poor.totals.adl);
  const proRata = run(0, "pro-rata");
  const accounts = new Set([...proRata.events.cause.keys()].filter((i) => CAUSES[proRata.events.cause[i]] === "adl").map((i) => proRata.events.account[i]));
  assert.deepEqual([...accounts].sort(), [20, 21, 22]);
});

test("bad input is an error naming the parameter or position, before anything runs", () => {
  const book = positionBook({ size: [1, 1], entry: [100_000, 100_000], side: ["long", "long"], leverage: [10, 100], account: [3, 4] });
  const ok = { book, price: 100_000, depth: 1e9 };
  assert.throws(() => simulateCascade({ ...ok, price: NaN }), /simulateCascade: price must be a finite number, got NaN/);
  assert.throws(() => simulateCascade({ ...ok, venue: { maxLeverage: 50 } }), /position 1 \(account 4\): leverage 100 is above the venue maximum 50/);
  assert.throws(() => simulateCascade({ ...ok, price: 80_000 }), /position 0 \(account 3\) is already past its liquidation point at the start price 80000/);
  assert.throws(() => simulateCascade({ ...ok, withdrawal: 1.5 }), /withdrawal must be between 0 and 0.999/);
  assert.throws(() => simulateCascade({ ...ok, shocks: [{ drop: NaN }] }), /shocks\[0\].drop must be a finite number/);
  assert.throws(() => simulateCascade({ ...ok, depth: -1 }), /depth must be > 0/);
  assert.throws(() => simulateCascade({ ...ok, book: { ...book, length: 0 } }), /the book is empty/);
  const unified = positionBook({ size: [1], entry: [100_000], side: ["long"], mode: ["unified"], collateral: ["USDe"], collateralAmount: [1e6] });
  assert.throws(() => simulateCascade({ ...ok, book: unified }), /collateral asset "USDe" is used by the book but not described/);
});

test("deterministic: the same options give the same result", () => {
  const book = crowd(9, 5_000);
  const options = { book, price: 100_000, depth: 50e6, minutes: 120, shocks: [{ at: 5, drop: 0.05, over: 20 }], withdrawal: { floor: 0.02 }, venue: { insuranceFund: 1e7 } };
  const a = simulateCascade(options);
  const b = simulateCascade(options);
  assert.deepEqual(a.price, b.price);
  assert.deepEqual(a.events, b.events);
  assert.deepEqual(a.totals, b.totals);
  const frame = a.eventsFrame();
  assert.equal(frame.length, a.events.length);
  assert.deepEqual(frame.columns, ["time", "account", "cohort", "cause", "side", "quantity", "notional", "price"]);
  assert.deepEqual(a.pathFrame().columns, ["time", "price", "reference", "depth", "withdrawal", "insuranceFund"]);
});
