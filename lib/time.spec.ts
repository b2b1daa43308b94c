import { test } from "node:test";
import assert from "node:assert/strict";
import { daysFromCivil, epochUnit, formatIsoTime, isTimeName, parseIsoBytes, parseIsoTime, toEpochMs } from "./time";

test("daysFromCivil matches Date.UTC across eras, leap days and month ends", () => {
  for (const [y, m, d] of [[1970, 1, 1], [1969, 12, 31], [2000, 2, 29], [1900, 3, 1], [2025, 10, 10], [2400, 12, 31], [1600, 2, 29], [1583, 1, 1]]) {
    assert.equal(daysFromCivil(y, m, d) * 86_400_000, Date.UTC(y, m - 1, d), `${y}-${m}-${d}`);
  }
  // every day of four years, through a leap year
  for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000) {
    const date = new Date(ms);
    assert.equal(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) * 86_400_000, ms);
  }
});

test("parseIsoTime reads dates, date-times, fractions and zones as UTC", () => {
  assert.equal(parseIsoTime("2025-10-10"), Date.UTC(2025, 9, 10));
  assert.equal(parseIsoTime("2025-10-10T21:00:00Z"), Date.UTC(2025, 9, 10, 21));
  assert.equal(parseIsoTime("2025-10-10 21:05"), Date.UTC(2025, 9, 10, 21, 5));
  assert.equal(parseIsoTime("2025-10-10T21:05:07.123456Z"), Date.UTC(2025, 9, 10, 21, 5, 7, 123));
  assert.equal(parseIsoTime("2025-10-10T21:05:07.5"), Date.UTC(2025, 9, 10, 21, 5, 7, 500));
  assert.equal(parseIsoTime("2025-10-10T23:00+02:00"), Date.UTC(2025, 9, 10, 21));
  assert.equal(parseIsoTime("2025-10-10T19:30-0130"), Date.UTC(2025, 9, 10, 21));
  assert.equal(parseIsoTime("2025-10-10T21:00:00+00"), Date.UTC(2025, 9, 10, 21));
  assert.equal(parseIsoTime("  2024-02-29T00:00:00z "), Date.UTC(2024, 1, 29));
});

test("parseIsoTime rejects what is not a valid calendar time", () => {
  for (const bad of ["", "2025", "2025-13-01", "2025-02-29", "2025-04-31", "2025-10-10T24:00", "2025-10-10T21:60", "2025-10-10T21:00:61", "2025/10/10", "2025-10-10X21:00", "2025-10-10T21:00Q", "2025-10-10T21:00:00.", "10/10/2025", "abc-de-fg"]) {
    assert.ok(Number.isNaN(parseIsoTime(bad)), bad);
  }
});

test("parseIsoBytes reads a range of a buffer", () => {
  const buf = Buffer.from("x,2025-10-10T21:00:00Z,y");
  assert.equal(parseIsoBytes(buf, 2, 22), Date.UTC(2025, 9, 10, 21));
});

test("formatIsoTime prints UTC, milliseconds only when present, empty for NaN", () => {
  assert.equal(formatIsoTime(Date.UTC(2025, 9, 10, 21)), "2025-10-10T21:00:00Z");
  assert.equal(formatIsoTime(Date.UTC(2025, 9, 10, 21, 0, 0, 7)), "2025-10-10T21:00:00.007Z");
  assert.equal(formatIsoTime(Date.UTC(2025, 9, 10), { withMs: true }), "2025-10-10T00:00:00.000Z");
  assert.equal(formatIsoTime(NaN), "");
});

test("epochUnit tells seconds, ms, us and ns apart for modern dates", () => {
  const ms = Date.UTC(2025, 9, 10);
  assert.equal(epochUnit(ms / 1000), "s");
  assert.equal(epochUnit(ms), "ms");
  assert.equal(epochUnit(ms * 1000), "us");
  assert.equal(epochUnit(ms * 1e6), "ns");
});

test("toEpochMs takes Dates, numbers and ISO text, and names bad text", () => {
  assert.equal(toEpochMs(new Date(5)), 5);
  assert.equal(toEpochMs(7), 7);
  assert.equal(toEpochMs("1970-01-01T00:00:01Z"), 1000);
  assert.throws(() => toEpochMs("yesterday"), /not an ISO 8601 time: "yesterday"/);
});

test("isTimeName recognises timestamp column names, not look-alikes", () => {
  for (const name of ["time", "Time", "timestamp", "ts", "date", "datetime", "time_unix", "open_time", "close_time", "created_at", "closeTime", "updatedAt", "t"]) assert.ok(isTimeName(name), name);
  for (const name of ["hour", "close", "uptime", "lifetime", "tsla", "dated_note", "volume"]) assert.ok(!isTimeName(name), name);
});
