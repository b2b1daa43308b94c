import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../frame";
import { generatePositions } from "./generate-positions";
import { linearTerms } from "./margin";
import { openInterest, positionBook, positionsFromFrame } from "./positions";

test("a book from columns, with defaults", () => {
  const book = positionBook({ size: [1, 2], entry: [100_000, 98_000], side: ["long", -1], leverage: [10, 5] });
  assert.equal(book.length, 2);
  assert.deepEqual([...book.margin], [10_000, 39_200]);
  assert.deepEqual([...book.side], [1, -1]);
  assert.deepEqual([...book.account], [0, 1]);
  assert.deepEqual(book.cohorts, ["all"]);
  assert.deepEqual(openInterest(book, 100_000), { long: 100_000, short: 200_000, total: 300_000 });
});

test("bad rows are named by position and account before anything runs", () => {
  const base = { size: [1, 1], entry: [100, 100], side: ["long", "long"], account: [7, 9] };
  assert.throws(() => positionBook({ ...base, size: [1, -2] }), /position 1 \(account 9\): size must be a finite number > 0, got -2/);
  assert.throws(() => positionBook({ ...base, leverage: [0.5, 1] }), /position 0 \(account 7\): leverage must be at least 1, got 0.5/);
  assert.throws(() => positionBook({ ...base, leverage: [10, 150] }), /position 1 \(account 9\): leverage 150 is above the venue maximum 125/);
  assert.throws(() => positionBook({ ...base, entry: [100, NaN] }), /position 1 \(account 9\): entry price must be a finite number > 0, got NaN/);
  assert.throws(() => positionBook({ ...base, side: ["long", "flat"] }), /side must be "long", "short", 1 or -1, got "flat"/);
  assert.throws(() => positionBook({ ...base, mode: ["isolated", "portfolio"] }), /mode must be one of isolated, cross, unified, got "portfolio"/);
  assert.throws(() => positionBook({ ...base, collateral: ["USDe", null], collateralAmount: [1, 0] }), /collateral "USDe" needs mode "unified"/);
  assert.throws(() => positionBook({ size: [], entry: [], side: [] }), /the book is empty/);
  assert.throws(() => positionBook({ ...base, entry: [100] }), /column "entry" has 1 values but "size" has 2/);
});

test("from a Frame, with renamed columns", () => {
  const frame = Frame.fromRecords([
    { qty: 1, px: 100_000, side: "long", leverage: 20, mode: "unified", collateral: "USDe", collateralAmount: 5_000, cohort: "mm" },
    { qty: 3, px: 99_000, side: "short", leverage: 5, mode: "isolated", collateral: "", collateralAmount: 0, cohort: "retail" },
  ]);
  const book = positionsFromFrame(frame, { columns: { size: "qty", entry: "px" } });
  assert.deepEqual([...book.size], [1, 3]);
  assert.deepEqual([...book.collateral], [0, -1]);
  assert.deepEqual(book.collateralAssets, ["USDe"]);
  assert.deepEqual(book.cohorts, ["mm", "retail"]);
  assert.throws(() => positionsFromFrame(frame), /no column "size" for the position size/);
});

test("generated books: seeded, scaled to the open interest, none past liquidation at the start", () => {
  const options = {
    n: 20_000,
    price: 100_000,
    openInterest: 1e10,
    traders: 200_000,
    seed: 5,
    cohorts: [
      { name: "retail", share: 0.9, longShare: 0.8, leverage: { median: 25, spread: 0.8 }, entrySpread: 0.05 },
      { name: "funds", share: 0.1, oiShare: 0.5, leverage: { median: 3 }, mode: "cross" as const },
      { name: "mm", share: 0.01, oiShare: 0.1, mode: "unified" as const, collateral: { asset: "USDe" } },
    ],
  };
  const a = generatePositions(options);
  const b = generatePositions(options);
  assert.deepEqual(a.size, b.size);
  assert.deepEqual(a.entry, b.entry);
  assert.notDeepEqual(generatePositions({ ...options, seed: 6 }).size, a.size);
  assert.equal(a.length, 20_000);
  assert.equal(a.tradersPerPosition, 10);
  const oi = openInterest(a, 100_000).total;
  assert.ok(Math.abs(oi / 1e10 - 1) < 1e-9, `open interest ${oi}`);
  let funds = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.cohorts[a.cohort[i]] === "funds") funds += a.size[i] * 100_000;
    const t = linearTerms("linear", a.side[i], a.size[i], a.entry[i], a.margin[i] + a.collateralAmount[i], 0.005, 0);
    assert.ok(t.A + t.B * 100_000 > 0, `position ${i} starts liquidatable`);
    assert.ok(a.leverage[i] >= 1 && a.leverage[i] <= 125);
  }
  assert.ok(Math.abs(funds / 1e10 - 0.5) < 1e-9);
  assert.throws(() => generatePositions({ ...options, cohorts: [{ name: "x", share: 1, longShare: 2 }] }), /longShare must be between 0 and 1, got 2/);
});

test("generated survivors: a row no draw lets survive the path since its entry is dropped, not opened at today's price; its open interest stays in its cohort", () => {
  const price = 100_000;
  // Every entry 20 % above today's price, the path since then as low as 80 % of it: a long at
  // 50x or more cannot have survived; shorts from there are in profit and all survive.
  const doomed = { name: "doomed longs", share: 0.5, oiShare: 0.6, longShare: 0.5, leverage: { median: 80, spread: 0.2, min: 50 }, entries: [1.2 * price], entryExtremes: [[0.8 * price, 1.2 * price] as const], entrySpread: 0.001 };
  const plain = { name: "plain", share: 0.5, oiShare: 0.4, longShare: 0.5, leverage: { median: 5 } };
  const book = generatePositions({ n: 2_000, price, openInterest: 1e9, seed: 4, positionsPerTrader: 1, cohorts: [doomed, plain] });
  const draws = book.draws!;
  const longs = (k: number) => book.side.filter((s, i) => s > 0 && book.cohort[i] === k).length;
  assert.equal(longs(0), 0, "no long of the doomed cohort is left");
  assert.ok(draws.dropped[0] > 400 && draws.dropped[0] < 600, `dropped ${draws.dropped[0]} of 1,000 (about half are longs)`);
  assert.equal(draws.dropped[1], 0);
  assert.equal(book.length, 2_000 - draws.dropped[0]);
  assert.ok(draws.droppedNotional[0] > 0);
  for (let i = 0; i < book.length; i++) assert.notEqual(book.entry[i], price, `row ${i} was opened at today's price`);
  // the cohorts keep their open interest
  const oi = [0, 0];
  for (let i = 0; i < book.length; i++) oi[book.cohort[i]] += book.size[i] * price;
  assert.ok(Math.abs(oi[0] - 0.6e9) < 1e-6 * 0.6e9, `doomed cohort ${oi[0]}`);
  assert.ok(Math.abs(oi[1] - 0.4e9) < 1e-6 * 0.4e9, `plain cohort ${oi[1]}`);
  // the same positions stand for more traders: the USD each row carries grew with the cohort's share
  const undropped = generatePositions({ n: 2_000, price, openInterest: 1e9, seed: 4, positionsPerTrader: 1, cohorts: [{ ...doomed, longShare: 0 }, plain] });
  assert.deepEqual(undropped.draws!.dropped, [0, 0]);
  // every kept row is past no liquidation point at today's price nor at the path's low
  for (let i = 0; i < book.length; i++) {
    const t = linearTerms("linear", book.side[i], book.size[i], book.entry[i], book.margin[i], 0.005, 0);
    assert.ok(t.A + t.B * price > 0, `row ${i} past liquidation now`);
    if (book.cohort[i] === 0) assert.ok(t.A + t.B * 1.2 * price > 0, `row ${i} past liquidation at the path's high`);
  }
});
