import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatCsv, writeCsv } from "./csv-write";
import { readCsv } from "./csv";
import { Frame } from "./frame";
import { seededRandom } from "./random";

const T0 = Date.UTC(2025, 9, 10, 20);
const dir = mkdtempSync(join(tmpdir(), "cascade-csv-write-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

function sample(): Frame {
  return Frame.fromColumns(
    { time: [T0, T0 + 1500, NaN], close: [121000.5, NaN, 1e-7], note: ['a,"b"', "", null], lines: ["x\ny", " padded ", "plain"] },
    { types: { time: "time" } },
  );
}

test("formatCsv: ISO times, shortest numbers, quoting only where needed, missing as empty", () => {
  assert.equal(
    formatCsv(sample()),
    'time,close,note,lines\n2025-10-10T20:00:00Z,121000.5,"a,""b""","x\ny"\n2025-10-10T20:00:01.500Z,,""," padded "\n,1e-7,,plain\n',
  );
  assert.equal(formatCsv(sample().select(["time"]), { times: "ms", header: false }), `${T0}\n${T0 + 1500}\n\n`);
  assert.equal(formatCsv(sample().select(["time", "close"]).head(1), { times: "s", delimiter: ";" }), "time;close\n1760126400;121000.5\n");
  assert.equal(formatCsv(Frame.fromColumns({ "a;b": [1] }), { delimiter: ";" }), '"a;b"\n1\n');
});

test("what writeCsv writes, readCsv reads back to the same frame", () => {
  const f = sample();
  const path = join(dir, "sample.csv");
  writeCsv(f, path);
  const back = readCsv(path, { types: { note: "string", lines: "string" } });
  assert.deepEqual(back.schema, f.schema);
  for (const { name } of f.schema) assert.deepEqual(back.column(name), f.column(name), name);
});

test("a seeded million-value frame round-trips exactly through a file", () => {
  const random = seededRandom(21);
  const n = 200_000;
  const f = Frame.fromColumns(
    {
      time: Float64Array.from({ length: n }, (_, i) => T0 + i * 60_000),
      price: Float64Array.from({ length: n }, () => 50_000 + random() * 70_000),
      size: Float64Array.from({ length: n }, () => (random() < 0.01 ? NaN : -Math.log(random()) * 3)),
      side: Array.from({ length: n }, () => (random() < 0.5 ? "buy" : "sell")),
      tiny: Float64Array.from({ length: n }, () => (random() - 0.5) * 1e-12),
    },
    { types: { time: "time" } },
  );
  const path = join(dir, "big.csv");
  writeCsv(f, path);
  const back = readCsv(path);
  assert.deepEqual(back.schema, f.schema);
  for (const { name } of f.schema) assert.deepEqual(back.column(name), f.column(name), name);
  assert.equal(readFileSync(path, "utf8").split("\n")[1].split(",")[0], "2025-10-10T20:00:00Z");
});
