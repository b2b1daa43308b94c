import { test } from "node:test";
import assert from "node:assert/strict";
import { bucketStart, parseTimeframe, timeframeMs } from "./timeframe";

test("parseTimeframe reads exchange notation, m for minutes and M for months", () => {
  assert.deepEqual(parseTimeframe("4h"), { count: 4, unit: "h", ms: 4 * 3_600_000 });
  assert.deepEqual(parseTimeframe("15m"), { count: 15, unit: "m", ms: 900_000 });
  assert.deepEqual(parseTimeframe("d"), { count: 1, unit: "d", ms: 86_400_000 });
  assert.equal(parseTimeframe("1M").unit, "M");
  assert.ok(Number.isNaN(parseTimeframe("1M").ms));
  assert.throws(() => parseTimeframe("1y"), /unknown timeframe "1y".*h, d, w or M/);
  assert.throws(() => parseTimeframe("0h"), /unknown timeframe "0h"/);
});

test("timeframeMs passes numbers through and refuses months", () => {
  assert.equal(timeframeMs("1w"), 7 * 86_400_000);
  assert.equal(timeframeMs(1234), 1234);
  assert.throws(() => timeframeMs("1M"), /months/);
});

test("buckets align to the epoch for hours and days, to Monday for weeks, to the 1st for months", () => {
  const t = Date.UTC(2025, 9, 10, 21, 30, 15); // Friday 2025-10-10
  assert.equal(bucketStart("1h")(t), Date.UTC(2025, 9, 10, 21));
  assert.equal(bucketStart("4h")(t), Date.UTC(2025, 9, 10, 20));
  assert.equal(bucketStart("15m")(t), Date.UTC(2025, 9, 10, 21, 30));
  assert.equal(bucketStart("1d")(t), Date.UTC(2025, 9, 10));
  assert.equal(bucketStart("1w")(t), Date.UTC(2025, 9, 6)); // Monday
  assert.equal(new Date(bucketStart("1w")(t)).getUTCDay(), 1);
  assert.equal(bucketStart("1w")(Date.UTC(2025, 9, 6)), Date.UTC(2025, 9, 6)); // a Monday is its own start
  assert.equal(bucketStart("1M")(t), Date.UTC(2025, 9, 1));
  assert.equal(bucketStart("3M")(t), Date.UTC(2025, 9, 1)); // quarters: Jan, Apr, Jul, Oct
  assert.equal(bucketStart("3M")(Date.UTC(2025, 8, 30)), Date.UTC(2025, 6, 1));
  assert.equal(bucketStart("1h")(Date.UTC(1969, 11, 31, 23, 30)), Date.UTC(1969, 11, 31, 23)); // before the epoch
});
