import { test } from "node:test";
import assert from "node:assert/strict";
import { Kind, detectDelimiter, inferColumn, isNumberText, looksLikeHeader, numberFromText, tokenizeSample } from "./csv-infer";

test("detectDelimiter picks the most frequent candidate outside quotes", () => {
  assert.equal(detectDelimiter(Buffer.from("a,b,c\n")), ",");
  assert.equal(detectDelimiter(Buffer.from('"x;y;z",b\n')), ",");
  assert.equal(detectDelimiter(Buffer.from("a\tb\tc\n1,2\n")), "\t");
  assert.equal(detectDelimiter(Buffer.from("single\n")), ",");
});

test("isNumberText accepts decimal forms only", () => {
  for (const s of ["1", "-1.5", "+.5", "5.", "1e10", "2.5E-3", "Infinity", "-inf"]) assert.ok(isNumberText(s), s);
  for (const s of ["", "0x10", "1,5", "1e", ".", "- 1", "abc"]) assert.ok(!isNumberText(s), s);
  assert.equal(numberFromText("-inf"), -Infinity);
  assert.ok(Number.isNaN(numberFromText("0x10")));
});

test("tokenizeSample splits records, with quotes, blank lines and their line numbers", () => {
  const { records, line } = tokenizeSample(Buffer.from('a,b\n\n"x\ny",2\n'), 0, 13, 44, 10);
  assert.deepEqual(records.map((r) => [r.line, r.fields.map((f) => f.text)]), [[1, ["a", "b"]], [3, ["x\ny", "2"]]]);
  assert.equal(line, 5);
});

test("looksLikeHeader: no field is a number or a time", () => {
  const rec = (...texts: string[]) => ({ line: 1, fields: texts.map((text) => ({ text, quoted: false })) });
  assert.ok(looksLikeHeader(rec("time", "close")));
  assert.ok(!looksLikeHeader(rec("2025-10-10", "close")));
  assert.ok(!looksLikeHeader(rec("a", "1")));
});

test("inferColumn: numbers, epoch times by name and magnitude, ISO times, strings; types win", () => {
  assert.deepEqual(inferColumn("close", ["1", "2.5", ""]), { name: "close", kind: Kind.Number, scale: 1 });
  assert.deepEqual(inferColumn("time_unix", ["1756598400"]), { name: "time_unix", kind: Kind.TimeEpoch, scale: 1000 });
  assert.deepEqual(inferColumn("timestamp", ["1756598400000"]), { name: "timestamp", kind: Kind.TimeEpoch, scale: 1 });
  assert.deepEqual(inferColumn("time", ["3", "4"]).kind, Kind.Number); // too small for an epoch time
  assert.deepEqual(inferColumn("date", ["2025-10-10", "NA"]).kind, Kind.TimeIso);
  assert.deepEqual(inferColumn("venue", ["okx", "1"]).kind, Kind.String);
  assert.deepEqual(inferColumn("empty", ["", "NA"]).kind, Kind.String);
  assert.deepEqual(inferColumn("close", ["1"], "string").kind, Kind.String);
  assert.deepEqual(inferColumn("x", ["1756598400000"], "time", "ms"), { name: "x", kind: Kind.TimeEpoch, scale: 1 });
  assert.deepEqual(inferColumn("x", ["2025-10-10"], "time").kind, Kind.TimeIso);
});
