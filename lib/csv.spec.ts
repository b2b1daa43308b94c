import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readCsv, CsvError } from "./csv";
import { Frame } from "./frame";
import { seededRandom } from "./random";

const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10, 20);
const dir = mkdtempSync(join(tmpdir(), "cascade-csv-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

test("infers ISO times, epoch times, numbers and strings", () => {
  const f = readCsv("time,ts_ms,time_unix,close,venue\n2025-10-10T20:00:00Z,1760126400000,1760126400,121000.5,binance\n2025-10-10 21:00,1760130000000,1760130000,113000,bybit\n");
  assert.deepEqual(f.schema, [
    { name: "time", type: "time" },
    { name: "ts_ms", type: "time" },
    { name: "time_unix", type: "time" },
    { name: "close", type: "number" },
    { name: "venue", type: "string" },
  ]);
  for (const name of ["time", "ts_ms", "time_unix"]) assert.deepEqual([...f.numbers(name)], [T0, T0 + H], name);
  assert.deepEqual([...f.numbers("close")], [121000.5, 113000]);
  assert.deepEqual(f.strings("venue"), ["binance", "bybit"]);
});

test("numbers under names that are not time-like stay numbers; types and timeUnit override", () => {
  const text = "id,hour,t_value\n1760126400000,0,5\n1760130000000,1,6\n";
  assert.deepEqual(readCsv(text).schema.map((c) => c.type), ["number", "number", "number"]);
  const typed = readCsv(text, { types: { id: "time", hour: "string" } });
  assert.deepEqual(typed.schema.map((c) => c.type), ["time", "string", "number"]);
  assert.deepEqual([...typed.numbers("id")], [T0, T0 + H]);
  assert.deepEqual(typed.strings("hour"), ["0", "1"]);
  const seconds = readCsv("time\n1760126400000\n", { timeUnit: "s" });
  assert.equal(seconds.numbers("time")[0], 1760126400000 * 1000);
  const micros = readCsv("timestamp\n1760126400000000\n");
  assert.equal(micros.numbers("timestamp")[0], T0);
});

test("numbers parse to the same double as Number(), in every written form", () => {
  const forms = ["0", "-0", "+3", "42", "-12.5e1", ".5", "5.", "1e5", "1E-5", "2.5e+3", "0.1", "0.30000000000000004", "123456789012345678901234567890", "1.7976931348623157e308", "5e-324", "4.9406564584124654e-324", "9007199254740993", "0.000001234", "1e23", "8.98846567431158e307", "Infinity", "-inf"];
  const f = readCsv("x\n" + forms.join("\n") + "\n", { types: { x: "number" } });
  forms.forEach((s, i) => assert.equal(f.numbers("x")[i], s === "-inf" ? -Infinity : Number(s), s));
  const random = seededRandom(5);
  const values = Array.from({ length: 5000 }, (_, i) => (random() - 0.5) * 10 ** ((i % 40) - 20));
  const g = readCsv("x\n" + values.map(String).join("\n") + "\n" + values.map((v) => v.toFixed(6)).join("\n") + "\n");
  values.forEach((v, i) => assert.equal(g.numbers("x")[i], v));
  values.forEach((v, i) => assert.equal(g.numbers("x")[values.length + i], Number(v.toFixed(6))));
});

test("missing values: empty and NA-like tokens are NaN; an empty string field is null, a quoted one is empty", () => {
  const f = readCsv('time,x,s\n2025-10-10,,""\n,NA,\n2025-10-11,NaN,a\n2025-10-12, null ,b\n2025-10-13,1,c\n');
  assert.deepEqual([...f.numbers("x")], [NaN, NaN, NaN, NaN, 1]);
  assert.deepEqual([...f.numbers("time")], [Date.UTC(2025, 9, 10), NaN, Date.UTC(2025, 9, 11), Date.UTC(2025, 9, 12), Date.UTC(2025, 9, 13)]);
  assert.deepEqual(f.strings("s"), ["", null, "a", "b", "c"]);
  // a column with no value in the sampled rows is read as text: nothing can go wrong later
  assert.equal(readCsv("a,b\n1,\n2,NA\n").type("b"), "string");
});

test("quoted fields: delimiters, escaped quotes, line breaks, quoted numbers", () => {
  const f = readCsv('note,price\n"a, b",1\n"say ""hi""",2\n"two\nlines",3\n"",4\n"x","5.5"\n');
  assert.deepEqual(f.strings("note"), ["a, b", 'say "hi"', "two\nlines", "", "x"]);
  assert.deepEqual([...f.numbers("price")], [1, 2, 3, 4, 5.5]);
});

test("CRLF, a byte order mark, blank lines and a missing final newline", () => {
  const f = readCsv(Buffer.from("\ufefftime,close\r\n2025-10-10T20:00Z,1\r\n\r\n2025-10-10T21:00Z,2"));
  assert.deepEqual(f.columns, ["time", "close"]);
  assert.deepEqual([...f.numbers("close")], [1, 2]);
  assert.deepEqual([...f.numbers("time")], [T0, T0 + H]);
  const g = readCsv("a,b\r\nx,y\r\n");
  assert.deepEqual(g.strings("b"), ["y"]);
});

test("delimiter: detected from the first line, or given", () => {
  assert.deepEqual(readCsv("a;b\n1,5;2\n").columns, ["a", "b"]);
  assert.deepEqual([...readCsv("a\tb\n1\t2\n").numbers("b")], [2]);
  assert.deepEqual(readCsv("a|b\n1|2\n", { delimiter: "|" }).columns, ["a", "b"]);
  assert.deepEqual(readCsv("a,b\n1,2\n", { delimiter: ";" }).columns, ["a,b"]);
  assert.throws(() => readCsv("a\n1\n", { delimiter: "::" }), /delimiter must be one byte/);
});

test("header: detected, refused, or names given", () => {
  const noHeader = readCsv("2025-10-10T20:00Z,1\n2025-10-10T21:00Z,2\n");
  assert.deepEqual(noHeader.columns, ["column1", "column2"]);
  assert.equal(noHeader.length, 2);
  assert.equal(noHeader.type("column1"), "time");
  const named = readCsv("2025-10-10T20:00Z,1\n", { names: ["time", "close"] });
  assert.deepEqual(named.columns, ["time", "close"]);
  const forced = readCsv("a,b\nc,d\n", { header: false });
  assert.deepEqual(forced.strings("column1"), ["a", "c"]);
  const renamed = readCsv("a,b\n1,2\n", { names: ["x", "y"] });
  assert.deepEqual(renamed.columns, ["x", "y"]);
  assert.equal(renamed.length, 1);
  assert.deepEqual(readCsv("a,,c\n1,2,3\n").columns, ["a", "column2", "c"]);
  assert.equal(readCsv("a,b\n").length, 0);
});

test("select reads only some columns; required columns must exist", () => {
  const f = readCsv("time,open,close,junk\n2025-10-10,1,2,zz\n", { select: ["time", "close"] });
  assert.deepEqual(f.columns, ["time", "close"]);
  assert.throws(() => readCsv("time,close\n2025-10-10,1\n", { required: ["time", "volume"] }), {
    name: "CsvError",
    message: '<text>:1: missing required column "volume"; the columns are: "time", "close"',
  });
  assert.throws(() => readCsv("a\n1\n", { select: ["b"] }), /missing required column "b"/);
  assert.throws(() => readCsv("a\n1\n", { types: { b: "number" } }), /missing required column "b"/);
  assert.throws(() => readCsv("a,b,a\n1,2,3\n"), /the column name "a" appears twice \(columns 1 and 3\)/);
});

test("a bad number names the file, line and column, even far past the sampled rows", () => {
  const rows = Array.from({ length: 3000 }, (_, i) => `2025-10-10,${i}`);
  rows[2500] = "2025-10-10,12abc";
  const path = file("bad-number.csv", "time,close\n" + rows.join("\n") + "\n");
  assert.throws(
    () => readCsv(path),
    (err: unknown) => {
      assert.ok(err instanceof CsvError);
      assert.equal(err.message, `${path}:2502: column "close" (column 2): expected a number, found "12abc" (pass types: { "close": "string" } to read the column as text)`);
      assert.equal(err.line, 2502);
      assert.equal(err.column, "close");
      assert.equal(err.source, path);
      return true;
    },
  );
});

test("ragged rows, bad times, stray quotes and empty input are errors with places", () => {
  assert.throws(() => readCsv("a,b,c\n1,2,3\n4,5\n"), { message: "<text>:3: expected 3 fields, found 2" });
  assert.throws(() => readCsv("a,b\n1,2\n3,4,5\n"), { message: "<text>:3: expected 2 fields, found 3" });
  assert.throws(() => readCsv("time,x\n2025-10-10,1\n2025-13-10,2\n", { types: { time: "time" } }), { message: '<text>:3: column "time" (column 1): expected an ISO 8601 time, found "2025-13-10"' });
  assert.throws(() => readCsv("time,x\n2025-10-10,1\n1760126400,2\n", { types: { time: "time" } }), /found "1760126400" \(a number: pass types/);
  assert.throws(() => readCsv('a,b\n1,"open\n2,3\n'), /<text>:2: column "b" \(column 2\): a quoted field that never closes/);
  assert.throws(() => readCsv('a,b\n1,"x"y\n'), /<text>:2: column "b" \(column 2\): characters after the closing quote of "x"/);
  assert.throws(() => readCsv(""), /no rows/);
  assert.throws(() => readCsv("a,b\n1,2\r3,4\n"), /a carriage return that does not end the line|expected a number/);
  assert.throws(() => readCsv("a,b\n\n\n1,x\n", { types: { b: "number" } }), /<text>:4: column "b"/);
  assert.throws(() => readCsv("a,b\n\"x\ny\",1\n2,oops\n", { types: { b: "number" } }), /<text>:4: column "b"/);
});

test("reads files bigger than a chunk, with quoted line breaks across chunk edges, like the same text", () => {
  const random = seededRandom(9);
  const lines = ["time,price,note,qty"];
  for (let i = 0; i < 60_000; i++) {
    const note = i % 7 === 0 ? `"multi\nline ""${i}"", with comma"` : i % 11 === 0 ? "" : `n${i}`;
    lines.push(`${new Date(T0 + i * 1000).toISOString()},${(random() * 1e5).toFixed(2)},${note},${i % 13 === 0 ? "" : Math.floor(random() * 100)}`);
  }
  const text = lines.join("\r\n") + "\r\n";
  assert.ok(Buffer.byteLength(text) > 2 * 1024 * 1024);
  const fromFile = readCsv(file("big.csv", text));
  const fromText = readCsv(text);
  assert.equal(fromFile.length, 60_000);
  assert.deepEqual(fromFile.schema, fromText.schema);
  for (const { name } of fromFile.schema) assert.deepEqual(fromFile.column(name), fromText.column(name), name);
  assert.equal(fromFile.strings("note")[7], 'multi\nline "7", with comma');
  assert.equal(fromFile.strings("note")[11], null);
  // a bad value after the multi-line fields is reported on its physical line
  const broken = lines.slice();
  broken[30_000] = broken[30_000].replace(/,(\d+)$/, ",x$1");
  const bad = broken.findIndex((l, i) => i > 0 && /,x\d+$/.test(l));
  const physical = broken.slice(0, bad).reduce((n, l) => n + l.split("\n").length, 0) + 1;
  assert.throws(() => readCsv(file("broken.csv", broken.join("\n") + "\n")), new RegExp(`broken.csv:${physical}: column "qty"`));
});

test("rows longer than the chunk and files whose first rows mislead the size estimate", () => {
  const long = "x".repeat(3 << 20);
  const f = readCsv(file("long.csv", `a,b\n${long},1\nshort,2\n`));
  assert.equal(f.strings("a")[0]?.length, long.length);
  assert.deepEqual([...f.numbers("b")], [1, 2]);
  const lines = ["note,v"];
  for (let i = 0; i < 1000; i++) lines.push(`${"y".repeat(500)},${i}`);
  for (let i = 0; i < 200_000; i++) lines.push(`s,${i}`);
  const g = readCsv(file("estimate.csv", lines.join("\n")));
  assert.equal(g.length, 201_000);
  assert.equal(g.numbers("v")[200_999], 199_999);
});

test("candles: out-of-order and repeated timestamps are reported with their lines, or fixed on request", () => {
  const text = "time,open,high,low,close,volume\n" + ["2025-10-10T20:00Z,1,2,0,1,5", "2025-10-10T22:00Z,3,3,3,3,1", "2025-10-10T21:00Z,2,2,2,2,1", "2025-10-10T22:00Z,4,4,4,4,2"].join("\n") + "\n";
  assert.throws(() => readCsv(text, { candles: true }), {
    message: '1 timestamp is out of order in column "time": the first is <text>:4 (2025-10-10T21:00:00Z), earlier than <text>:3 (2025-10-10T22:00:00Z); pass unsorted: "sort" to sort the rows',
  });
  assert.throws(() => readCsv(text, { candles: { unsorted: "sort" } }), {
    message: '1 timestamp is repeated in column "time": the first is <text>:5 (2025-10-10T22:00:00Z), the same as <text>:3 (2025-10-10T22:00:00Z); pass duplicates: "first" or "last" to keep one row per timestamp',
  });
  const first = readCsv(text, { candles: { unsorted: "sort", duplicates: "first" } });
  assert.deepEqual([...first.numbers("open")], [1, 2, 3]);
  const last = readCsv(text, { candles: { unsorted: "sort", duplicates: "last" } });
  assert.deepEqual([...last.numbers("open")], [1, 2, 4]);
  const sortedDup = "time,open,high,low,close\n2025-10-10,1,1,1,1\n2025-10-10,2,2,2,2\n";
  assert.throws(() => readCsv(sortedDup, { candles: true }), /1 timestamp is repeated in column "time": the first is <text>:3/);
  assert.throws(() => readCsv("time,close\n2025-10-10,1\n", { candles: true }), /missing required column "open"/);
  assert.throws(() => readCsv("id,open,high,low,close\nx,1,1,1,1\n", { candles: true }), /candles need a time column/);
  assert.equal(readCsv("time,close\n2025-10-10,1\n", { candles: { required: ["close"] } }).length, 1);
});

test("reference data: hourly bars resampled to days match the daily file's OHLCV", (t) => {
  const found = findShared("btc_hourly_2025-08-31_2025-11-22.csv");
  if (!found) return t.diagnostic("reference data not present");
  const hourly = readCsv(found, { candles: true });
  assert.equal(hourly.length, 2016);
  assert.equal(hourly.type("time_unix"), "time");
  assert.equal(Math.max(...hourly.numbers("high")), 126287.29); // the all-time high of the window
  const daily = readCsv(join(dirname(found), "btc_daily_2025q4.csv"), { candles: { time: "date", required: [] } });
  const resampled = hourly.resample("1d");
  const byDay = new Map<number, number>([...resampled.numbers("time_unix")].map((d, i) => [d, i]));
  let compared = 0;
  for (let i = 0; i < daily.length; i++) {
    const k = byDay.get(daily.numbers("date")[i]);
    if (k === undefined || Number.isNaN(daily.numbers("open")[i])) continue;
    for (const col of ["open", "high", "low"]) assert.equal(resampled.numbers(col)[k], daily.numbers(col)[i], `${col} on row ${i}`);
    assert.ok(Math.abs(resampled.numbers("volume_btc")[k] - daily.numbers("volume_btc")[i]) < 0.011);
    // days marked h23_partial close on the next day's open in the daily file
    if (daily.strings("ohlc_note")[i] !== "h23_partial") assert.equal(resampled.numbers("close")[k], daily.numbers("close")[i]);
    compared++;
  }
  assert.ok(compared >= 80, `compared ${compared} days`);
});

/** A file of ../shared/data beside the repository, looked for upward from here; undefined when absent. */
function findShared(name: string): string | undefined {
  for (let d = __dirname; ; d = dirname(d)) {
    const p = join(d, "shared", "data", name);
    if (existsSync(p)) return p;
    if (dirname(d) === d) return undefined;
  }
}

test("readCsv reads what Frame holds: a frame from records round-trips through a file", () => {
  const f = Frame.fromRecords([{ time: new Date(T0), close: 1.5, venue: "a" }]);
  const path = file("rt.csv", "time,close,venue\n2025-10-10T20:00:00Z,1.5,a\n");
  assert.deepEqual(readCsv(path).toRecords(), f.toRecords());
  assert.equal(readFileSync(path, "utf8").split("\n").length, 3);
});

test("a stray value inside the sampled rows is the same error as one past them, not a text column", () => {
  // 1,000 rows are sampled for types; before, "1.2k" on line 41 turned the whole column into text
  for (const stray of ["1.2k", "abc"]) {
    const rows = Array.from({ length: 2000 }, (_, i) => `2025-10-10,${i}`);
    rows[39] = `2025-10-10,${stray}`;
    const path = file(`stray-${stray}.csv`, "time,close\n" + rows.join("\n") + "\n");
    assert.throws(
      () => readCsv(path),
      (err: unknown) => {
        assert.ok(err instanceof CsvError);
        assert.equal(err.message, `${path}:41: column "close" (column 2): expected a number, found "${stray}" (pass types: { "close": "string" } to read the column as text)`);
        assert.equal(err.line, 41);
        assert.equal(err.column, "close");
        return true;
      },
    );
    // the suggested fix reads it as text
    assert.equal(readCsv(path, { types: { close: "string" } }).strings("close")[39], stray);
  }
  // 90 % of the sampled values make a number column: 9 numbers and a stray is an error ...
  assert.throws(() => readCsv("a\n1\n2\n3\n4\n5\n6\n7\n8\n9\nx\n"), /<text>:11: column "a" \(column 1\): expected a number, found "x"/);
  // ... 8 and 2 strays is text, as is a column of labels with a few numbers
  assert.equal(readCsv("a\n1\n2\n3\n4\n5\n6\n7\n8\nx\ny\n").type("a"), "string");
  assert.equal(readCsv("venue\nokx\n1\nbinance\n").type("venue"), "string");
  // missing values do not count
  assert.equal(readCsv("a\n1\nNA\n\n2\n").type("a"), "number");
  // a time column with a stray value is reported the same way
  assert.throws(() => readCsv("time,x\n" + Array.from({ length: 20 }, (_, i) => (i === 5 ? "yesterday,1" : `2025-10-${10 + i},1`)).join("\n") + "\n"), /<text>:7: column "time" \(column 1\): expected an ISO 8601 time, found "yesterday"$/);
});

test("candles: true needs numbers in open, high, low, close and volume, and names the column and line that is not", () => {
  const head = "time,open,high,low,close,volume\n";
  const rows = ["2025-10-10T00:00Z,1,2,0.5,1.5,10", "2025-10-10T01:00Z,1,2,0.5,1.5,10", "2025-10-10T02:00Z,1,2,0.5,1.5,10"];
  // a close column of text (all values text, so not a stray: read as strings, then refused)
  const textClose = head + rows.map((r, i) => r.replace(",1.5,", `,$${i},`)).join("\n") + "\n";
  assert.throws(() => readCsv(textClose, { candles: true }), {
    name: "CsvError",
    message: '<text>:2: column "close" (column 5): candles need numbers in open, high, low, close and volume; found "$0"',
  });
  // imposed as text: the first value that is not a number, with its line
  const volume = head + rows.join("\n").replace(/,10$/, ",n/a") + "\n";
  assert.throws(() => readCsv(volume, { candles: true, types: { volume: "string" } }), (err: unknown) => err instanceof CsvError && err.line === 4 && err.column === "volume" && /found "n\/a"/.test(err.message));
  // numbers as text, imposed: still not numbers
  assert.throws(() => readCsv(head + rows.join("\n") + "\n", { candles: true, types: { open: "string" } }), /<text>:2: column "open" \(column 2\): candles need numbers .*the column was read as text/);
  assert.equal(readCsv(head + rows.join("\n") + "\n", { candles: true }).length, 3);
});
