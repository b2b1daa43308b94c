import { test } from "node:test";
import assert from "node:assert/strict";
import { amountScale, axisData, formatAmount, formatNumber, formatPercent, labelTime, plotTime, scaledUnit } from "./format";
import { barOf, binCenters, binOf, equalBins, extent } from "./bins";

test("times as plotly reads them, and for labels", () => {
  assert.equal(plotTime(Date.UTC(2025, 9, 10, 21)), "2025-10-10T21:00:00Z");
  assert.equal(plotTime(Date.UTC(2025, 9, 10, 21) + 5), "2025-10-10T21:00:00.005Z");
  assert.equal(plotTime(NaN), null);
  assert.deepEqual(axisData([0, NaN], "linear"), [0, null]);
  assert.equal(labelTime(Date.UTC(2025, 10, 21, 12)), "2025-11-21 12:00 UTC");
  assert.equal(labelTime(Date.UTC(2025, 10, 18)), "2025-11-18");
});

test("amounts, numbers and percentages", () => {
  assert.deepEqual(amountScale(523.15e6), { factor: 1e6, suffix: "m" });
  assert.deepEqual(amountScale(19.13e9), { factor: 1e9, suffix: "bn" });
  assert.equal(scaledUnit("USD", amountScale(2e9)), "USD bn");
  assert.equal(scaledUnit("USD", amountScale(20)), "USD");
  assert.equal(formatNumber(80_562), "80,562");
  assert.equal(formatNumber(-1234.5, 1), "\u22121,234.5");
  assert.equal(formatAmount(-523e6, "USD"), "\u2212$523m");
  assert.equal(formatAmount(1.965e9, "USD"), "$1.97bn");
  assert.equal(formatAmount(970, "BTC"), "970 BTC");
  assert.equal(formatPercent(-3.78), "\u22123.78 %");
  assert.equal(formatPercent(0.5, 1), "+0.5 %");
  assert.equal(formatPercent(0), "0 %");
});

test("bins", () => {
  const b = equalBins(0, 10, 5);
  assert.deepEqual(b, { start: 0, width: 2, count: 5 });
  assert.deepEqual([binOf(b, 0), binOf(b, 9.99), binOf(b, 10), binOf(b, 10.5), binOf(b, -1), binOf(b, NaN)], [0, 4, 4, -1, -1, -1]);
  assert.deepEqual([...binCenters({ start: 0, width: 2, count: 3 })], [1, 3, 5]);
  assert.deepEqual(equalBins(5, 5, 2).count, 2);
  assert.throws(() => equalBins(Infinity, -Infinity, 3), /not finite/);
  assert.deepEqual([barOf([0, 10, 20], 15), barOf([0, 10, 20], -1), barOf([0, 10, 20], 20), barOf([], 1)], [1, -1, 2, -1]);
  assert.deepEqual(extent([3, NaN, 1], [7]), [1, 7]);
});
