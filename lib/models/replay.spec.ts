// A replayed market (feedback: false), per-cohort trader weights, and books of survivors drawn
// from observed entry prices: the pieces the calibration stands on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { simulateCascade } from "./cascade";
import { generatePositions } from "./generate-positions";
import { parametricDepth } from "./order-book";
import { liquidationPrice } from "./margin";

const price = 100_000;
const book = () => generatePositions({ n: 5_000, price, openInterest: 5e9, seed: 4, cohorts: [{ name: "traders", share: 1, longShare: 0.8, leverage: { median: 15, spread: 0.5 }, entrySpread: 0.01 }] });
/** A path that falls 12 % over an hour and comes back half of it. */
const path = Float64Array.from({ length: 241 }, (_, m) => price * (m <= 60 ? 1 - 0.12 * (m / 60) : 0.88 + 0.06 * Math.min(1, (m - 60) / 60)));

test("feedback: false replays the path as the mark, whatever is sold into the book", () => {
  const thin = simulateCascade({ book: book(), price, minutes: 240, reference: path, feedback: false, depth: parametricDepth({ mid: price, within1pct: 1e6 }) });
  assert.ok(thin.totals.liquidated.events > 100);
  assert.deepEqual(Array.from(thin.price), Array.from(path));
  // With feedback the same sales push the mark below the path.
  const pushed = simulateCascade({ book: book(), price, minutes: 240, reference: path, depth: parametricDepth({ mid: price, within1pct: 1e6 }) });
  assert.ok(pushed.totals.minPrice < Math.min(...path) * 0.99, `min ${pushed.totals.minPrice}`);
});

test("a replayed market still fills liquidations through the book: a thinner book drains the insurance fund into ADL", () => {
  const run = (within1pct: number) => simulateCascade({ book: book(), price, minutes: 240, reference: path, feedback: false, depth: parametricDepth({ mid: price, within1pct }), venue: { insuranceFund: 5e6 } });
  const deep = run(1e10);
  const thin = run(2e6);
  // The same positions are crossed on the same path...
  assert.equal(thin.totals.liquidated.events, deep.totals.liquidated.events);
  // ...but their fills walk a thin book below the mark, past bankruptcy.
  assert.ok(thin.totals.insuranceFund.paid > 10 * deep.totals.insuranceFund.paid, `paid ${thin.totals.insuranceFund.paid} vs ${deep.totals.insuranceFund.paid}`);
  assert.ok(thin.totals.adl > 0 && deep.totals.adl === 0, `adl ${thin.totals.adl} / ${deep.totals.adl}`);
});

test("feedback: false needs the path; a non-boolean is named", () => {
  assert.throws(() => simulateCascade({ book: book(), price, depth: 1e6, feedback: false }), /feedback: false replays a market and needs its path as `reference`/);
  assert.throws(() => simulateCascade({ book: book(), price, depth: 1e6, feedback: "no" as unknown as boolean }), /feedback must be true or false, got no/);
});

test("positionsPerTrader: a row stands for its cohort's positions of its size, over the positions a trader holds", () => {
  const b = generatePositions({ n: 4_000, price, openInterest: 1e9, seed: 2, positionsPerTrader: 2, cohorts: [{ name: "small", share: 0.5, oiShare: 0.5, size: { median: 1_000, spread: 0.5 } }, { name: "large", share: 0.5, oiShare: 0.5, size: { median: 100_000, spread: 0.5 } }] });
  const [small, large] = b.tradersByCohort!;
  // $500M in positions of about $1.1k each is about 440k positions, 220k traders over 2,000 rows.
  assert.ok(small / large > 80 && small / large < 120, `${small} / ${large}`);
  assert.ok(small * 2000 > 150_000 && small * 2000 < 300_000, `small traders ${small * 2000}`);
  // The engine counts liquidated traders with each row's cohort weight.
  const r = simulateCascade({ book: b, price, minutes: 60, shocks: [{ drop: 0.5, over: 30 }], depth: 1e12 });
  const e = r.events;
  let expected = 0;
  for (let i = 0; i < e.length; i++) expected += b.tradersByCohort![e.cohort[i]];
  assert.ok(Math.abs(r.totals.liquidated.traders - expected) < 1e-6 * expected);
  assert.throws(() => generatePositions({ n: 10, price, traders: 5, positionsPerTrader: 1 }), /give traders or positionsPerTrader, not both/);
});

test("entries from observed prices: each position opened at one of them, and survivors only of the path since", () => {
  const entries = [110_000, 105_000, 100_000];
  const extremes: Array<[number, number]> = [[96_000, 111_000], [96_000, 106_000], [100_000, 100_000]];
  const b = generatePositions({ n: 3_000, price, seed: 9, cohorts: [{ name: "t", share: 1, longShare: 1, leverage: { median: 10, spread: 0.6 }, entries, entryExtremes: extremes, entrySpread: 0.001 }] });
  let near = 0;
  for (let i = 0; i < b.length; i++) {
    const k = entries.findIndex((e) => Math.abs(b.entry[i] / e - 1) < 0.01);
    if (k < 0) continue; // a redraw that fell back to today's price
    near++;
    const L = liquidationPrice({ entry: b.entry[i], leverage: b.leverage[i], margin: b.margin[i], side: "long", size: b.size[i] });
    assert.ok(L < extremes[k][0], `row ${i}: liquidation ${L} above the low ${extremes[k][0]} it survived`);
  }
  assert.ok(near > 2_500, `${near} rows at an observed entry`);
  assert.throws(() => generatePositions({ n: 10, price, cohorts: [{ name: "t", share: 1, entries, entryExtremes: [[1, 2]] }] }), /entryExtremes needs one \[low, high\] per entry \(3\), got 1/);
  assert.throws(() => generatePositions({ n: 10, price, cohorts: [{ name: "t", share: 1, entries: [] }] }), /entries is empty/);
});
