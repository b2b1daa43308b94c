import { test } from "node:test";
import assert from "node:assert/strict";
import { treasuryCompany } from "./treasury";

test("buys above mNAV 1, stops below, sells after a delay, slowly", () => {
  const t = treasuryCompany({ name: "A", holdings: 640_000, mNAV: 1.3, buyPerDay: 50e6, sellAfterDays: 7, sellPerDay: 0.002 }, 126_000);
  assert.ok(Math.abs(t(0, 126_000, 1440) - 50e6 / 126_000) < 1e-9);
  assert.equal(t(1440, 80_000, 1440), 0);
  assert.ok(Math.abs(t.mNAV() - 1.3 * Math.pow(80 / 126, 1.5)) < 1e-12);
  const held = t.holdings();
  let sold = 0;
  for (let day = 2; day < 8; day++) sold -= t(day * 1440, 80_000, 1440);
  assert.equal(sold, 0); // six days below 1: not yet
  for (let day = 8; day < 15; day++) sold -= t(day * 1440, 80_000, 1440);
  assert.ok(Math.abs(sold / held - (1 - Math.pow(0.998, 7))) < 1e-9, `${sold / held}`); // days 8 to 14
  assert.throws(() => treasuryCompany({ name: "B", holdings: -1, mNAV: 1 }, 1), /treasury "B": holdings must be > 0/);
});
