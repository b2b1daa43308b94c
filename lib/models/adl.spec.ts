import { test } from "node:test";
import assert from "node:assert/strict";
import { FIRST_CHUNK } from "./adl";
import { runCascade, type CascadeResult } from "./cascade";
import type { CascadeOptions } from "./cascade-options";
import { CAUSES } from "./events";
import { generatePositions } from "./generate-positions";
import { positionBook } from "./positions";

const ADL = CAUSES.indexOf("adl");

/** The lazily sorted ADL queue against the reference that sorts every profitable position at each ranking: the same events, bit for bit, and the same totals. */
function assertSameAsReference(options: CascadeOptions, least: number): CascadeResult {
  const lazy = runCascade(options, "sweep", "lazy");
  const reference = runCascade(options, "sweep", "reference");
  const adl = lazy.totals.byCause.adl.events;
  assert.ok(adl >= least, `${adl} ADL events: the case does not use the queue enough to test it (at least ${least})`);
  assert.equal(lazy.events.length, reference.events.length);
  for (const column of ["time", "account", "unit", "cohort", "side", "quantity", "notional", "price", "cause"] as const) {
    const a = lazy.events[column];
    const b = reference.events[column];
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`event ${i} (${CAUSES[lazy.events.cause[i]]}): ${column} ${a[i]}, reference ${b[i]}`);
  }
  assert.deepEqual(lazy.totals, reference.totals);
  assert.deepEqual(Array.from(lazy.price), Array.from(reference.price));
  return lazy;
}

test("ADL: the lazily sorted queue closes the same positions as a full sort at every ranking, on seeded books where it runs deep", () => {
  const price = 100_000;
  // a crash (bankrupt longs: profitable shorts deleveraged) and a squeeze (the other way round)
  const cases = [
    { longShare: 0.7, shocks: [{ at: 0, drop: 0.25, over: 60 }], closes: -1 },
    { longShare: 0.3, shocks: [{ at: 0, drop: -0.3, over: 30 }], closes: 1 },
  ];
  for (const seed of [1, 2]) {
    for (const { longShare, shocks, closes } of cases) {
      const book = generatePositions({
        n: 40_000,
        price,
        openInterest: 10e9,
        seed,
        cohorts: [
          { name: "traders", share: 0.8, longShare, leverage: { median: 20 }, entrySpread: 0.05, inverseShare: 0.2 },
          { name: "hedgers", share: 0.15, longShare: 1 - longShare, mode: "cross", leverage: { median: 3 } },
          { name: "unified", share: 0.05, longShare: 0.5, mode: "unified", leverage: { median: 5 }, collateral: { asset: "USDe", share: 1 } },
        ],
      });
      const r = assertSameAsReference(
        {
          book,
          price,
          minutes: 240,
          depth: 100e6,
          shocks,
          withdrawal: 0.7,
          venue: { insuranceFund: 1e6, adlRerank: 0.002 },
          collateral: { USDe: { depeg: { at: 30, depth: 0.2, fall: 10, hold: 30 }, depth: 20e6 } },
        },
        3 * FIRST_CHUNK,
      );
      for (let i = 0; i < r.events.length; i++) if (r.events.cause[i] === ADL) assert.equal(r.events.side[i], closes, `seed ${seed}: an ADL event closed the other side`);
    }
  }
});

test("ADL: equal scores are closed in unit order, as the full sort has them", () => {
  // 12,000 positions of six kinds, each repeated: every ranking is full of exact ties.
  const price = 100_000;
  const kinds = [
    { side: "long", entry: 100_000, leverage: 25 },
    { side: "long", entry: 99_000, leverage: 10 },
    { side: "long", entry: 101_000, leverage: 50 },
    { side: "short", entry: 100_000, leverage: 5 },
    { side: "short", entry: 102_000, leverage: 3 },
    { side: "short", entry: 104_000, leverage: 2 },
  ];
  const rows = Array.from({ length: 12_000 }, (_, i) => kinds[i % kinds.length]);
  const book = positionBook({ size: rows.map(() => 0.5), entry: rows.map((r) => r.entry), side: rows.map((r) => r.side), leverage: rows.map((r) => r.leverage) });
  assertSameAsReference({ book, price, minutes: 60, depth: 5e6, shocks: [{ at: 0, drop: 0.08, over: 20 }], venue: { insuranceFund: 0 } }, FIRST_CHUNK);
});
