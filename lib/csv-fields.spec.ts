import { test } from "node:test";
import assert from "node:assert/strict";
import { FIELD_SLOW, StringCache, fieldEnd, internString, parseNumberAt, readQuoted } from "./csv-fields";

function parse(text: string): { end: number; value: number } {
  const out = new Float64Array(1);
  const end = parseNumberAt(Buffer.from(text), 0, out, 0);
  return { end, value: out[0] };
}

test("parseNumberAt reads a number, stops at the first byte after it, and writes the column", () => {
  assert.deepEqual(parse("-12.5e1,"), { end: 7, value: -125 });
  assert.deepEqual(parse("42\n"), { end: 2, value: 42 });
  assert.deepEqual(parse("0.1x"), { end: 3, value: 0.1 });
  assert.equal(parse("12345678901234567890123\n").value, 12345678901234567890123);
  assert.equal(parse("1e-400,").value, 0);
  assert.equal(parse(",").end, FIELD_SLOW);
  assert.equal(parse("NaN,").end, FIELD_SLOW);
  assert.equal(parse("1e,").end, FIELD_SLOW);
  assert.equal(parse('"1",').end, FIELD_SLOW);
});

test("fieldEnd finds the delimiter, CR or LF", () => {
  const buf = Buffer.from("abc;def\r\n");
  assert.equal(fieldEnd(buf, 0, 59), 3);
  assert.equal(fieldEnd(buf, 4, 59), 7);
});

test("readQuoted unescapes doubled quotes, counts line breaks, and asks for more at the limit", () => {
  const buf = Buffer.from('"a ""b""\nc",x\n');
  assert.deepEqual(readQuoted(buf, 0, buf.length), { text: 'a "b"\nc', end: 11, newlines: 1 });
  assert.equal(readQuoted(buf, 0, 5), null);
});

test("internString reuses one string per repeated ASCII value and decodes UTF-8 correctly", () => {
  const buf = Buffer.from("BTC/USDT,BTC/USDT,ÉTÉ,ÉTÉ");
  const cache = new StringCache();
  const a = internString(buf, 0, 8, cache);
  const b = internString(buf, 9, 17, cache);
  assert.equal(a, "BTC/USDT");
  assert.equal(b, a);
  assert.equal(cache.hits, 1);
  assert.equal(internString(buf, 18, 23, cache), "ÉTÉ");
  assert.equal(internString(buf, 24, 29, cache), "ÉTÉ");
  const ids = new StringCache();
  for (let i = 0; i < 25_000; i++) internString(Buffer.from(`id${i}`), 0, `id${i}`.length, ids);
  assert.equal(ids.enabled, false); // unique values turn the cache off
});
