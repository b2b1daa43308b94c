import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatJson, parseJson, readJson, writeJson } from "./json";
import { Frame } from "./frame";

const T0 = Date.UTC(2025, 9, 10, 21);
const dir = mkdtempSync(join(tmpdir(), "cascade-json-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function sample(): Frame {
  return Frame.fromColumns({ time: [T0, T0 + 1, NaN], close: [113_000.5, NaN, 1], venue: ["binance", null, ""] }, { types: { time: "time" } });
}

function assertSameFrame(actual: Frame, expected: Frame): void {
  assert.deepEqual(actual.schema, expected.schema);
  for (const { name } of expected.schema) assert.deepEqual(actual.column(name), expected.column(name), name);
}

test("records: ISO strings become times, numbers numbers, booleans 1/0, missing keys missing", () => {
  const f = parseJson('[{"time":"2025-10-10T21:00:00Z","close":113000,"ok":true,"venue":"okx"},{"time":"2025-10-10T22:00Z","close":null,"ok":false}]');
  assert.deepEqual(f.schema.map((c) => c.type), ["time", "number", "number", "string"]);
  assert.deepEqual([...f.numbers("time")], [T0, T0 + 3_600_000]);
  assert.deepEqual([...f.numbers("close")], [113000, NaN]);
  assert.deepEqual([...f.numbers("ok")], [1, 0]);
  assert.deepEqual(f.strings("venue"), ["okx", null]);
});

test("epoch numbers under time-like names are times, in their unit", () => {
  const f = parseJson('[{"fundingTime":1760130000000,"ts":1760130000,"rate":0.0001}]');
  assert.deepEqual(f.schema.map((c) => c.type), ["time", "time", "number"]);
  assert.equal(f.numbers("fundingTime")[0], T0);
  assert.equal(f.numbers("ts")[0], T0);
});

test("columns, NDJSON and frame JSON shapes all read", () => {
  assert.deepEqual([...parseJson('{"close":[1,2],"venue":["a","b"]}').numbers("close")], [1, 2]);
  const nd = parseJson('{"time":"2025-10-10T21:00Z","x":1}\n{"time":"2025-10-10T21:00:00.001Z","x":2}\n');
  assert.deepEqual([...nd.numbers("time")], [T0, T0 + 1]);
  const framed = parseJson('{"columns":[{"name":"t","type":"time"},{"name":"x","type":"number"}],"length":2,"rows":[[5,1],[null,null]]}');
  assert.deepEqual(framed.schema, [{ name: "t", type: "time" }, { name: "x", type: "number" }]);
  assert.deepEqual([...framed.numbers("t")], [5, NaN]); // epoch ms even when small
});

test("types override inference; mixed or misfit values name the column and row", () => {
  const f = parseJson('[{"id":"001","t":"2025-10-10T21:00Z"}]', { types: { t: "string" } });
  assert.deepEqual(f.schema.map((c) => c.type), ["string", "string"]);
  assert.throws(() => parseJson('[{"x":1},{"x":"two"}]'), /<json>: column "x" mixes kinds of values: row 1 is string "two", while row 0 is number 1/);
  assert.throws(() => parseJson('[{"x":1},{"x":"two"}]', { types: { x: "number" } }), /column "x", row 1: expected a number, found string "two"/);
  assert.throws(() => parseJson('[{"t":"soon"}]', { types: { t: "time" } }), /column "t", row 0: expected an ISO 8601 time, found "soon"/);
  assert.throws(() => parseJson('[{"x":{"a":1}}]', { types: { x: "number" } }), /found an object/);
  assert.throws(() => parseJson("[1]"), /record 0 is number 1, not an object/);
  assert.throws(() => parseJson("{oops"), /<json>: not JSON/);
  assert.throws(() => parseJson('{"a":1}\n{oops}\n'), /NDJSON record 1 is not JSON/);
  assert.throws(() => parseJson('{"a":[1]}', { types: { b: "number" } }), /types names column "b"/);
});

test("formatJson writes records, columns, NDJSON and frame JSON; each reads back to the frame", () => {
  assert.equal(formatJson(sample().head(2)), '[{"time":"2025-10-10T21:00:00Z","close":113000.5,"venue":"binance"},{"time":"2025-10-10T21:00:00.001Z","close":null,"venue":null}]');
  assert.equal(formatJson(sample().select(["time"]).head(1), { times: "ms", format: "columns" }), `{"time":[${T0}]}`);
  for (const format of ["records", "columns", "ndjson", "frame"] as const) {
    assertSameFrame(parseJson(formatJson(sample(), { format }), { types: { venue: "string" } }), sample());
  }
  const path = join(dir, "sample.json");
  writeJson(sample(), path);
  assertSameFrame(readJson(path, { types: { venue: "string" } }), sample());
  assertSameFrame(readJson(formatJson(sample()), { types: { venue: "string" } }), sample());
});
