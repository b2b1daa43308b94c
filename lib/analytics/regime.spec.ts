import { test } from "node:test";
import assert from "node:assert/strict";
import { regime } from "./regime";
import { supportTests } from "./support";
import { snapshot } from "../data/snapshot/index";
import { Frame } from "../frame";
import { seededNormal, seededRandom } from "../random";

function walk(n: number, drift: number, seed: number): Frame {
  const normal = seededNormal(seededRandom(seed));
  const close = [100];
  for (let i = 1; i < n; i++) close.push(close[i - 1] * Math.exp(drift + 0.01 * normal()));
  return Frame.fromColumns({ time: close.map((_, i) => i * 86_400_000), close }, { types: { time: "time" } });
}

test("regime: bear past 20 % down, correction past 10 %, uptrend above the average, with reasons", () => {
  const daily = snapshot().candles.resample("1d");
  const r = regime(daily);
  assert.equal(r.label, "bear");
  assert.match(r.reasons[0], /below the high of 126,287 \(2025-10-06\): past the 20\.0 % bear line/);
  assert.equal(r.reasons.length, 3);
  assert.equal(regime(walk(200, 0.004, 1)).label, "uptrend");
  const up = walk(100, 0.003, 2).numbers("close");
  const fallen = Frame.fromColumns({ close: [...up, ...Array.from({ length: 25 }, (_, i) => up[99] * (1 - 0.006 * (i + 1)))] });
  const c = regime(fallen);
  assert.equal(c.label, "correction");
  assert.ok(c.fromAverage < 0);
  assert.throws(() => regime(walk(10, 0, 3)), /more than 20 bars/);
});

test("support tests: visits to the zone, breaks, rebounds", () => {
  // two touches of 100: one bounces 10 %, one 2 % and then closes under the zone
  const low = [120, 110, 100.5, 105, 112, 111, 101, 98, 97, 99];
  const f = Frame.fromColumns({ high: low.map((x) => x + 1), low, close: low.map((x) => x + 0.5) });
  const t = supportTests(f, { level: 100, tolerance: 0.01, rebound: 0.05, lookahead: 3 });
  assert.equal(t.touches.length, 2);
  assert.equal(t.touches[0].at, 2);
  assert.ok(Math.abs(t.touches[0].rebound - (113 / 100.5 - 1)) < 1e-12);
  assert.equal(t.touches[0].rebounded, true);
  assert.equal(t.touches[1].low, 97);
  assert.equal(t.touches[1].broke, true);
  assert.equal(t.touches[1].rebounded, false);
  assert.deepEqual([t.rebounds, t.weak, t.held], [1, 1, false]);
  // the snapshot's $80k test: only Nov 21's observed range reaches the zone, and its low is a
  // touch at the published hour. How many touches that day has depends on the drawn hours.
  const s = supportTests(snapshot().candles, { level: 80_000, tolerance: 0.01 });
  assert.ok(s.touches.length >= 1);
  for (const x of s.touches) assert.equal((x.at as Date).toISOString().slice(0, 10), "2025-11-21");
  const lowest = s.touches.reduce((a, b) => (b.low < a.low ? b : a));
  assert.deepEqual([(lowest.at as Date).toISOString(), lowest.low], ["2025-11-21T12:00:00.000Z", 80562.05]);
});

test("supportTests of candles without lows is an error, not a level that held", () => {
  const empty = Frame.fromColumns({ high: [], low: [], close: [] });
  assert.throws(() => supportTests(empty, { level: 100 }), { message: "supportTests: the candles have no lows (0 rows, none with a value)" });
  const missing = Frame.fromColumns({ high: [NaN, NaN], low: [NaN, NaN], close: [NaN, NaN] });
  assert.throws(() => supportTests(missing, { level: 100 }), /no lows \(2 rows, none with a value\)/);
});
