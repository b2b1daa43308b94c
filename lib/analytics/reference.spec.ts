// Proof on real data: the analytics against real BTC hourly bars, and the snapshot's rebuilt
// candles beside them. The data lives outside the repository; without it this says so once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readCsv } from "../csv";
import { drawdown } from "./drawdown";
import { correlation } from "./correlation";
import { returns } from "./returns";
import { snapshot } from "../data/snapshot/index";
import { BTC_ANCHORS } from "../data/snapshot/btc-anchors";
import { referenceFile } from "./reference-data";

const path = referenceFile("btc_hourly_2025-08-31_2025-11-22.csv", __dirname);
const DAY = 86_400_000;

test("real BTC hourly bars: drawdown finds the 126,287.29 peak, the 80,562.05 trough, 36.2 % in 46 days", (t) => {
  if (!path) return t.diagnostic("reference data not present");
  const bars = readCsv(path);
  assert.equal(bars.length, 2016);
  const dd = drawdown(bars);
  assert.equal(dd.peak, 126287.29);
  assert.equal((dd.peakAt as Date).toISOString().slice(0, 10), "2025-10-06");
  assert.equal(dd.trough, 80562.05);
  assert.equal((dd.troughAt as Date).toISOString().slice(0, 13), "2025-11-21T12");
  assert.equal(+(dd.depth * 100).toFixed(1), 36.2);
  assert.equal(Math.round(dd.days), 46);
});

test("the snapshot's reconstructed candles beside the real bars: anchors equal, closes correlated (reported)", (t) => {
  if (!path) return; // said once above
  const real = readCsv(path);
  const rt = real.numbers("time_unix"), ro = real.numbers("open"), rh = real.numbers("high"), rl = real.numbers("low"), rc = real.numbers("close");
  // The published anchors are the real file's days, rounded to the dollar.
  for (const a of BTC_ANCHORS) {
    const from = Date.parse(a.date + "T00:00:00Z");
    const idx = [...rt.keys()].filter((i) => rt[i] >= from && rt[i] < from + DAY);
    const day = [ro[idx[0]], Math.max(...idx.map((i) => rh[i])), Math.min(...idx.map((i) => rl[i])), rc[idx[idx.length - 1]]].map(Math.round);
    assert.deepEqual(day, [a.open, a.high, a.low, a.close], a.date);
  }
  const synthetic = snapshot().candles;
  const st = synthetic.numbers("time");
  const offset = rt.indexOf(st[0]);
  assert.ok(offset >= 0);
  const realCloses = rc.subarray(offset, offset + synthetic.length);
  assert.equal(realCloses.length, synthetic.length);
  const levels = correlation(realCloses, synthetic.numbers("close"));
  const moves = correlation(returns(realCloses), returns(synthetic));
  t.diagnostic(`hourly closes, reconstructed vs real: correlation of levels ${levels.toFixed(3)}, of hourly returns ${moves.toFixed(3)} (not asserted: the path between anchors is drawn, not real)`);
  assert.ok(levels === levels);
});
