import { test } from "node:test";
import assert from "node:assert/strict";
import { CAUSES } from "./events";
import { CALIBRATION, november21Scenario, october10Scenario, runScenario } from "./calibration";
import { BOUNDS, calibrationReport, fitCalibration } from "./calibration-fit";

const october = runScenario(october10Scenario());
const november = runScenario(november21Scenario());
const within = (actual: number, target: number, tolerance: number) => Math.abs(actual / target - 1) <= tolerance;

test("Oct 10-11 and Nov 21 land within 15 % of the published totals", (t) => {
  for (const [r, s] of [[october, october10Scenario()], [november, november21Scenario()]] as const) {
    const { notional, traders } = r.totals.liquidated;
    t.diagnostic(`${s.name}: $${(notional / 1e9).toFixed(3)}B (target $${(s.target.notional / 1e9).toFixed(3)}B), ${Math.round(traders)} traders (target ${s.target.traders})`);
    assert.ok(within(notional, s.target.notional, 0.15), `${s.name} notional ${notional}`);
    assert.ok(within(traders, s.target.traders, 0.15), `${s.name} traders ${traders}`);
  }
});

test("the ratios of the article: 1/4 of the traders, 1/10 of the amount", (t) => {
  const traders = november.totals.liquidated.traders / october.totals.liquidated.traders;
  const amount = november.totals.liquidated.notional / october.totals.liquidated.notional;
  t.diagnostic(`traders ${traders.toFixed(3)} (published 0.249), amount ${amount.toFixed(3)} (published 0.103)`);
  assert.ok(within(traders, 403_398 / 1_618_240, 0.15), `traders ratio ${traders}`);
  assert.ok(within(amount, 1.965 / 19.13, 0.15), `amount ratio ${amount}`);
});

test("checks: the day's fall and the peak minute (soft constraints of the fit), depth withdrawn, where the mechanisms act", (t) => {
  const peak = Math.max(...october.liquidations);
  t.diagnostic(`Oct: fall ${(october.totals.maxDrawdown * 100).toFixed(1)} %, peak minute $${(peak / 1e9).toFixed(2)}B, least depth ${(Math.min(...october.withdrawal) * 100).toFixed(1)} % of normal, collateral $${(october.totals.byCause.collateral.notional / 1e9).toFixed(2)}B; Nov: fall ${(november.totals.maxDrawdown * 100).toFixed(1)} %`);
  assert.ok(october.totals.maxDrawdown > 0.13 && october.totals.maxDrawdown < 0.25); // BTC -13 %, large alts -18 to -22 %
  assert.ok(november.totals.maxDrawdown > 0.05 && november.totals.maxDrawdown < 0.09); // BTC -6.9 % from the open
  assert.ok(peak > 1.6e9 && peak < 6.4e9); // Amberdata: $3.2B in the peak minute, within a factor of 2
  assert.ok(Math.min(...october.withdrawal) < 0.05); // books close to the -98 % of A16
  assert.ok(Math.min(...november.withdrawal) > 0.5); // Nov 21: thin, not empty
  assert.ok(october.totals.byCause.collateral.events > 0 && november.totals.byCause.collateral.events === 0); // the depeg was Oct 10's
});

test("the tiers fall in the article's order: leveraged longs in minutes, market makers and quants next, treasuries over weeks", (t) => {
  const treasuries = [
    { name: "large treasury", holdings: 640_000, mNAV: 1.15, sellPerDay: 0.001 },
    { name: "small treasury", holdings: 10_000, mNAV: 1.05, sellPerDay: 0.01 },
  ];
  const r = runScenario(october10Scenario({ minutes: 42 * 1440, treasuries }));
  const median = (name: string) => r.totals.byCohort[name].medianMinute;
  const [longs, makers, sellers] = [median("leveraged traders"), median("market makers and quants"), median("treasuries")];
  t.diagnostic(`median minute: leveraged traders ${longs}, market makers and quants ${makers}, treasuries ${sellers} (day ${(sellers / 1440).toFixed(1)})`);
  assert.ok(longs < 60, `leveraged traders at minute ${longs}`);
  assert.ok(makers > longs && makers < 1440, `market makers at minute ${makers}`);
  assert.ok(sellers > 7 * 1440, `treasuries at minute ${sellers}`);
  // the market makers' unified accounts are also hit through their collateral
  const events = r.events;
  const makerCohort = r.cohorts.indexOf("market makers and quants");
  let collateral = 0;
  for (let i = 0; i < events.length; i++) if (events.cohort[i] === makerCohort && CAUSES[events.cause[i]] === "collateral") collateral++;
  assert.ok(collateral > 0);
});

test("the shipped CALIBRATION scores what the module comment says, and the search lowers the loss from a moved start, the same on every run", () => {
  const shipped = calibrationReport(CALIBRATION);
  // the report runs the same scenarios as the tests above
  assert.equal(shipped.october.notional, october.totals.liquidated.notional);
  assert.equal(shipped.november.traders, november.totals.liquidated.traders);
  assert.ok(shipped.loss < 0.01, `shipped loss ${shipped.loss}`);
  const start = { ...CALIBRATION, traders: CALIBRATION.traders * 1.4, depthMultiple: CALIBRATION.depthMultiple * 0.7 };
  const from = calibrationReport(start, { n: 20_000 }).loss;
  const fit = () => fitCalibration({ start, iterations: 14, n: 20_000, seed: 7 });
  const [a, b] = [fit(), fit()];
  assert.ok(a.report.loss < from, `search ended at ${a.report.loss}, started at ${from}`);
  assert.deepEqual(a.parameters, b.parameters);
  for (const [key, [lo, hi]] of Object.entries(BOUNDS)) {
    const [x, y] = key.split(".");
    const v = y ? (a.parameters as unknown as Record<string, Record<string, number>>)[x][y] : (a.parameters as unknown as Record<string, number>)[x];
    assert.ok(v >= lo && v <= hi, `${key} = ${v} outside [${lo}, ${hi}]`);
  }
});
