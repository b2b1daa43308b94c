// The calibration: observed inputs are the snapshot's, six parameters inside their priors, October
// fitted and November held out, the shipped record reproduced, several starts agreeing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ASSUMPTIONS, CALIBRATION, PRIORS, runEvent } from "./calibration";
import { ENTRY_DAYS, eventInputs, minutePath } from "./calibration-inputs";
import { calibrationReport, fitCalibration, octoberLoss, PARAMETER_NAMES, TARGETS, targetError } from "./calibration-fit";
import { formatCalibrationReport } from "./calibration-format";
import { FIT_RECORD } from "./calibration-record";
import { BTC_DAILY } from "../data/snapshot/btc-daily";
import { snapshot } from "../data/snapshot/index";

const day = (date: string) => BTC_DAILY.find((d) => d.date === date)!;

test("observed inputs come from the snapshot and the facts sheet, not from the fit", () => {
  const oct = eventInputs("2025-10-10");
  const nov = eventInputs("2025-11-21");
  // the path opens at the observed open and reaches the observed low, in the published hour
  assert.equal(oct.path[0], day("2025-10-10").open);
  assert.equal(nov.path[0], day("2025-11-21").open);
  const lowAt = (p: Float64Array) => p.indexOf(Math.min(...p));
  assert.equal(Math.min(...oct.path.subarray(0, 1440)), day("2025-10-10").low);
  assert.equal(lowAt(oct.path), 21 * 60 + 15); // 21:15 UTC, Amberdata's peak minute
  assert.equal(Math.min(...nov.path), day("2025-11-21").low);
  assert.equal(Math.floor(lowAt(nov.path) / 60), 12);
  assert.equal(oct.path[1440], day("2025-10-11").open);
  assert.deepEqual(oct.window, [1250, 2690]); // 24 h from 20:50 UTC
  // open interest: $123B after a 43 % fall; November scaled by BTC's $66.54B / $94.12B
  assert.ok(Math.abs(oct.openInterest.value - 215.8e9) < 0.1e9);
  assert.ok(Math.abs(nov.openInterest.value - 152.6e9) < 0.1e9);
  // entries: the closes of the 30 days before each event, and what each survived since
  assert.equal(ENTRY_DAYS, 30);
  const dates = BTC_DAILY.map((d) => d.date);
  const upTo = (date: string) => dates.slice(dates.indexOf(date) - 30, dates.indexOf(date)).map((d) => day(d).close);
  assert.deepEqual(nov.priorCloses.value, upTo("2025-11-21"));
  assert.deepEqual(oct.priorCloses.value, upTo("2025-10-10"));
  // after the close of Oct 22, the lowest low up to Nov 21 is Nov 20's 86,019.03
  assert.deepEqual(nov.sinceExtremes.value[0], [86019.03, 116395.5]);
  assert.equal(oct.depeg!.value.at, 21 * 60 + 36);
  for (const input of [oct.openInterest, oct.depthBands, oct.priorCloses, oct.entrySpread, oct.baseVolatility, nov.openInterest]) assert.ok(input.source.length > 10);
  assert.throws(() => eventInputs("2025-10-11" as never), /unknown event "2025-10-11"/);
});

test("minutePath visits each bar's extremes and pins a published minute", () => {
  const start = Date.parse("2025-11-21T12:00:00Z");
  const p = minutePath(start, 60);
  const candles = snapshot().candles;
  const bar = candles.numbers("time").indexOf(start);
  assert.equal(p[0], candles.numbers("open")[bar]);
  assert.equal(p[60], candles.numbers("close")[bar]);
  assert.equal(Math.min(...p), 80562.05);
  const pinned = minutePath(start, 60, { [start]: 7 });
  assert.equal(pinned.indexOf(80562.05), 7);
  assert.throws(() => minutePath(Date.parse("2025-11-22T23:00:00Z"), 120), /run past the snapshot's last candle/);
});

test("six fitted parameters, each inside its prior, each with its reason; CALIBRATION is the record's best start", () => {
  assert.equal(PARAMETER_NAMES.length, 6);
  const report = calibrationReport(CALIBRATION, { n: FIT_RECORD.fit.settings.n, seed: FIT_RECORD.fit.settings.bookSeed });
  assert.equal(report.parameters.length, 6);
  for (const p of report.parameters) {
    assert.ok(p.fitted && p.value >= p.low && p.value <= p.high, `${p.name} = ${p.value} outside [${p.low}, ${p.high}]`);
    assert.ok(PRIORS[p.name].why.length > 20);
  }
  assert.deepEqual(CALIBRATION, FIT_RECORD.fit.best.parameters);
  // the assumptions are stated beside them, not fitted
  assert.equal(ASSUMPTIONS.venues.length, 2);
  assert.equal(ASSUMPTIONS.positionsPerTrader, 1.5);
});

test("targets: October's are fitted, November's held out, the loss is October's alone", () => {
  const names = TARGETS.map((t) => t.name);
  for (const name of ["oct.notional", "oct.traders", "oct.longShare", "oct.first40min", "oct.peakMinute", "oct.adl", "oct.oiFall", "nov.notional", "nov.traders", "nov.longShare"]) assert.ok(names.includes(name), name);
  for (const t of TARGETS) assert.equal(t.role, t.name.startsWith("oct.") ? "fit" : "holdout", t.name);
  const { n, bookSeed } = FIT_RECORD.fit.settings;
  const report = calibrationReport(CALIBRATION, { n, seed: bookSeed });
  const fitted = report.targets.filter((t) => t.role === "fit").reduce((s, t) => s + targetError(TARGETS.find((x) => x.name === t.name)!, t.modelled), 0);
  assert.ok(Math.abs(report.loss - fitted) < 1e-9);
  assert.ok(Math.abs(octoberLoss(CALIBRATION, { n, seed: bookSeed }) - report.loss) < 1e-9);
});

test("the shipped record is what the model gives at CALIBRATION, target by target", () => {
  const { n, bookSeed } = FIT_RECORD.fit.settings;
  const report = calibrationReport(CALIBRATION, { n, seed: bookSeed });
  assert.equal(report.targets.length, FIT_RECORD.targets.length);
  for (const [k, t] of report.targets.entries()) {
    const r = FIT_RECORD.targets[k];
    assert.equal(t.name, r.name);
    assert.ok(Math.abs(t.modelled - r.modelled) <= 1e-9 * Math.abs(r.modelled), `${t.name}: ${t.modelled} vs recorded ${r.modelled}`);
    assert.equal(t.meets, r.meets, t.name);
  }
  assert.ok(Math.abs(report.loss - FIT_RECORD.loss) < 1e-9);
  assert.match(formatCalibrationReport(report), /oct\.notional\s+fit/);
});

test("which targets the model reaches, and which it misses (written down; README and notebook 08 say the same)", () => {
  const met = Object.fromEntries(FIT_RECORD.targets.map((t) => [t.name, t.meets]));
  assert.deepEqual(met, EXPECTED_MEETS);
  // The thresholds: long shares within 5 points, the first 40 minutes within 25 %, held-out figures within 30 %.
  const th = Object.fromEntries(TARGETS.map((t) => [t.name, t.threshold]));
  assert.equal(th["oct.longShare"], 0.05);
  assert.equal(th["nov.longShare"], 0.05);
  assert.equal(th["oct.first40min"], 0.25);
  for (const t of TARGETS) if (t.role === "holdout" && t.unit !== "share") assert.equal(th[t.name], 0.3, t.name);
});

test("identifiability: at least five seeded starts, their spread and the profile intervals are recorded", () => {
  const fit = FIT_RECORD.fit;
  assert.ok(fit.starts.length >= 5);
  assert.ok(fit.profile, "profile intervals recorded");
  for (const name of PARAMETER_NAMES) {
    const s = fit.spread[name];
    const p = fit.profile![name];
    assert.ok(s.min <= fit.best.parameters[name] && fit.best.parameters[name] <= s.max, name);
    assert.ok(p.low <= fit.best.parameters[name] && fit.best.parameters[name] <= p.high, name);
  }
  // the starts that reached the best loss agree, within a factor written down per parameter
  assert.ok(fit.spread.leverageMedian.agreeing >= 3, `${fit.spread.leverageMedian.agreeing} starts within 1 of the best loss`);
  for (const [name, factor] of Object.entries(AGREEMENT)) {
    const s = fit.spread[name as keyof typeof fit.spread];
    assert.ok(s.max / s.min <= factor, `${name}: starts from ${s.min} to ${s.max}`);
  }
});

test("the search is seeded: the same options give the same fit, and it lowers the loss from its start", () => {
  const options = { starts: 2, budget: 14, n: 4_000 };
  const a = fitCalibration(options);
  const b = fitCalibration(options);
  assert.deepEqual(a.best.parameters, b.best.parameters);
  for (const s of a.starts) assert.ok(s.loss <= octoberLoss(s.start, { n: 4_000 }) + 1e-9);
});

test("November is predicted, not fitted: its runs use October's parameters and November's inputs", () => {
  const nov = runEvent("2025-11-21", CALIBRATION, { n: 4_000 });
  assert.equal(nov.inputs.openInterest.value, eventInputs("2025-11-21").openInterest.value);
  assert.ok(nov.notional > 0 && nov.traders > 0);
  assert.ok(Number.isNaN(nov.first40Minutes));
});

// Filled from the shipped record: a change of the model that changes these must change the README and notebook 08 too.
const EXPECTED_MEETS: Record<string, boolean> = {
  "oct.notional": true,
  "oct.traders": true,
  "oct.longShare": true,
  "oct.first40min": false, // +35 %: the crash's minutes are an assumed shape inside a reconstructed hour
  "oct.peakMinute": true,
  "oct.adl": true,
  "oct.oiFall": false, // -26.5 % against -43 %: the fit gives it up for the other targets
  "nov.notional": false, // about 12x: the model keeps October's leverage; November's book was deleveraged
  "nov.traders": false,
  "nov.longShare": false,
  "ratio.traders": false,
  "ratio.notional": false,
};
/** Largest max / min of a parameter over the agreeing starts. */
const AGREEMENT: Record<string, number> = { leverageMedian: 1.5, leverageSpread: 1.6, sizeMedian: 1.6, longShare: 1.3, turnover: 2.1, depthMultiple: 1.6 };

test("the order of A19 over six weeks: who is hit first follows the article, by volume the market makers come last (written down)", () => {
  const treasuries = [
    { name: "large treasury", holdings: 640_000, mNAV: 1.15, sellPerDay: 0.001 },
    { name: "small treasury", holdings: 10_000, mNAV: 1.05, sellPerDay: 0.01 },
  ];
  const long = runEvent("2025-10-10", CALIBRATION, { minutes: 42 * 1440, treasuries, n: 20_000 });
  const at = (cohort: string, q: number) => {
    const s = long.cohortSeries[cohort];
    const total = s.reduce((a, b) => a + b, 0);
    let acc = 0;
    for (let m = 0; m < s.length; m++) if ((acc += s[m]) >= q * total) return m;
    return NaN;
  };
  const [levered, makers, sellers] = ["leveraged traders", "market makers and quants", "treasuries"];
  assert.ok(at(levered, 0.05) < at(makers, 0.05) && at(makers, 0.05) < at(sellers, 0.05), "onset order");
  assert.ok(at(makers, 0.05) >= 21 * 60 + 36 && at(makers, 0.05) < 23 * 60, `market makers begin with the USDe depeg, minute ${at(makers, 0.05)}`);
  assert.ok(at(sellers, 0.05) > 7 * 1440, "treasuries sell after a week below mNAV 1");
  // by half of the dollars: the market makers' 3x positions go in November's slide, after the treasuries' sales
  assert.ok(at(makers, 0.5) > at(sellers, 0.5), `makers' median ${at(makers, 0.5)}, treasuries' ${at(sellers, 0.5)}`);
  assert.throws(() => runEvent("2025-10-10", CALIBRATION, { minutes: 1.5 }), /runEvent: minutes/);
});
