import { test } from "node:test";
import assert from "node:assert/strict";
import { simulateCascade, type CascadeResult } from "./cascade";
import { CAUSES } from "./events";
import { generatePositions } from "./generate-positions";
import { loanBook } from "./loans";
import { positionBook } from "./positions";

/** Every event's quantity is in base units of the underlying: quantity x price = notional. */
function assertUnits(r: CascadeResult): void {
  const e = r.events;
  const sums = CAUSES.map(() => ({ quantity: 0, notional: 0, events: 0 }));
  for (let i = 0; i < e.length; i++) {
    const q = e.quantity[i], p = e.price[i], usd = e.notional[i];
    assert.ok(q > 0 && p > 0 && usd > 0, `event ${i} (${CAUSES[e.cause[i]]}): quantity ${q}, price ${p}, notional ${usd}`);
    assert.ok(Math.abs(q * p - usd) <= 1e-9 * usd, `event ${i} (${CAUSES[e.cause[i]]}): quantity ${q} x price ${p} = ${q * p}, notional ${usd}`);
    const s = sums[e.cause[i]];
    s.quantity += q;
    s.notional += usd;
    s.events++;
  }
  CAUSES.forEach((cause, k) => {
    const tally = r.totals.byCause[cause];
    assert.equal(tally.events, sums[k].events, `${cause} events`);
    assert.ok(Math.abs(tally.quantity - sums[k].quantity) <= 1e-9 * Math.max(1, sums[k].quantity), `${cause}: tally ${tally.quantity} BTC, events add up to ${sums[k].quantity}`);
    assert.ok(Math.abs(tally.notional - sums[k].notional) <= 1e-9 * Math.max(1, sums[k].notional), `${cause}: tally $${tally.notional}, events $${sums[k].notional}`);
  });
  const liquidated = sums[CAUSES.indexOf("price")].quantity + sums[CAUSES.indexOf("collateral")].quantity;
  assert.ok(Math.abs(r.totals.liquidated.quantity - liquidated) <= 1e-9 * Math.max(1, liquidated), `liquidated ${r.totals.liquidated.quantity} BTC, price and collateral events ${liquidated}`);
}

test("three positions on a replayed path: each event's quantity, notional and price by hand", () => {
  // Replayed mark (no impact): 100,000 -> 95,000 -> 90,000 -> 85,000; maintenance margin 0.5 %.
  const book = positionBook({
    size: [1, 2, 30_000], // BTC, BTC, USD face value (inverse)
    entry: [100_000, 100_000, 100_000],
    side: ["long", "long", "long"],
    leverage: [10, 20, 10],
    contract: ["linear", "linear", "inverse"],
  });
  // Liquidation prices: (100,000 - 10,000) / 0.995 = 90,452; (200,000 - 10,000) / 1.99 = 95,477;
  // inverse: (30,000 + 150) / (0.03 + 0.3) = 91,364.
  const r = simulateCascade({ book, price: 100_000, minutes: 3, reference: [100_000, 95_000, 90_000, 85_000], feedback: false, depth: 1e15 });
  const e = r.events;
  assert.equal(e.length, 3);
  assert.deepEqual(Array.from(e.account), [1, 0, 2]);
  assert.deepEqual(Array.from(e.time), [1, 2, 2]);
  assert.deepEqual(Array.from(e.price), [95_000, 90_000, 90_000]);
  const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `${what}: ${a}, expected ${b}`);
  near(e.quantity[0], 2, "2 BTC long");
  near(e.notional[0], 190_000, "2 BTC at 95,000");
  near(e.quantity[1], 1, "1 BTC long");
  near(e.notional[1], 90_000, "1 BTC at 90,000");
  near(e.quantity[2], 30_000 / 90_000, "an inverse $30,000 face at 90,000 in BTC");
  near(e.notional[2], 30_000, "an inverse position's notional is its face value");
  const { liquidated } = r.totals;
  assert.equal(liquidated.events, 3);
  near(liquidated.notional, 310_000, "USD liquidated");
  near(liquidated.quantity, 3 + 1 / 3, "BTC liquidated");
  assertUnits(r);
});

test("every cause's events are in base units of the underlying: positions, collateral, ADL, loans on another asset, treasuries", () => {
  const price = 100_000;
  const book = generatePositions({
    n: 4_000,
    price,
    openInterest: 3e9,
    seed: 5,
    cohorts: [
      { name: "traders", share: 0.7, longShare: 0.8, leverage: { median: 15 }, inverseShare: 0.3 },
      { name: "accounts", share: 0.2, longShare: 0.7, mode: "cross", leverage: { median: 8 } },
      { name: "unified", share: 0.1, longShare: 0.7, mode: "unified", leverage: { median: 5 }, collateral: { asset: "USDe", share: 1 } },
    ],
  });
  // Loans on BTC and on an altcoin worth $2,000, whose collateral sold is 15 coins of it, not 15 BTC.
  const loans = loanBook({ collateralAmount: [1, 50, 100], debt: [40_000, 40_000, 120_000], liquidationLtv: [0.8, 0.8, 0.8], collateral: [null, "ALT", "ALT"] });
  const r = simulateCascade({
    book,
    loans,
    price,
    minutes: 3 * 1440,
    dt: 10,
    depth: 150e6,
    shocks: [{ at: 0, drop: 0.2, over: 60 }],
    withdrawal: 0.8,
    venue: { insuranceFund: 1e6 },
    collateral: { USDe: { depeg: { at: 20, depth: 0.3, fall: 10, hold: 60 }, depth: 5e6 }, ALT: { price: 2_000, depeg: { at: 0, depth: 0.6, fall: 60, hold: 4000 } } },
    treasuries: [{ name: "T", holdings: 10_000, mNAV: 1.1, sellAfterDays: 0, sellPerDay: 0.01 }],
  });
  for (const cause of CAUSES) assert.ok(r.totals.byCause[cause].events > 0, `no ${cause} events: the check would not cover them`);
  assertUnits(r);
  // the altcoin loans' quantities are what their collateral sold is worth in BTC
  const e = r.events;
  for (let i = 0; i < e.length; i++) if (CAUSES[e.cause[i]] === "ltv") assert.ok(e.quantity[i] < 2, `loan event ${i}: ${e.quantity[i]} BTC`);
});
