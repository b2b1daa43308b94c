import { test } from "node:test";
import assert from "node:assert/strict";
import { assertSchema, describeSchema, validate } from "./schema";
import { SCHEMAS } from "./schemas";
import { Frame } from "../frame";
import { snapshot } from "./snapshot/index";

test("the snapshot's candles are valid candles; every schema documents every column with a unit", () => {
  assert.deepEqual(validate(snapshot().candles, SCHEMAS.candles), []);
  for (const schema of Object.values(SCHEMAS)) {
    assert.ok(schema.doc.length > 10, schema.name);
    for (const c of schema.columns) assert.ok(c.doc.length > 3 && typeof c.unit === "string", `${schema.name}.${c.name}`);
    assert.equal(describeSchema(schema).length, schema.columns.length);
  }
  assert.deepEqual(Object.keys(SCHEMAS), ["candles", "trades", "liquidations", "liquidationAggregates", "openInterest", "funding", "orderBookSnapshots", "depthBands", "etfFlows", "treasuryHoldings", "crossAssetCloses", "macroSeries"]);
});

test("errors name the column: missing, wrong type, out of bounds, not allowed, inconsistent bars", () => {
  const f = Frame.fromColumns({ time: [0, 3_600_000], open: [1, 2], high: [2, 1.5], low: [0.5, 1], close: [1.5, -1] }, { types: { time: "time" } });
  assert.deepEqual(validate(f, SCHEMAS.candles), [{ column: "close", row: 1, message: "column close, row 1: -1 is below 0" }]);
  const bad = f.withColumn("close", [1.5, 1.8]);
  assert.deepEqual(validate(bad, SCHEMAS.candles), [{ column: "high", row: 1, message: "column high, row 1: 1.5 is below the bar's open or close" }]);
  const missing = Frame.fromColumns({ time: [0], funding: [0.0001] }, { types: { time: "time" } });
  assert.deepEqual(validate(missing, SCHEMAS.funding).map((e) => e.message), ["column funding_rate (number, fraction per interval) is missing"]);
  const wrongType = Frame.fromColumns({ time: ["2025-10-10"], side: [1], price: [1], amount: [1], usd: [1] }, { types: { time: "time" } });
  assert.match(validate(wrongType, SCHEMAS.liquidations)[0].message, /column side is number; liquidations needs string/);
  const side = Frame.fromColumns({ time: [0], side: ["buy"], price: [1], amount: [1], usd: [1] }, { types: { time: "time" } });
  assert.match(validate(side, SCHEMAS.liquidations)[0].message, /column side, row 0: "buy" is not one of long, short/);
  const late = Frame.fromColumns({ time: [5, NaN] }, { types: { time: "time" } }).withColumn("funding_rate", [0, 0]);
  assert.match(validate(late, SCHEMAS.funding)[0].message, /column time, row 1: is missing/);
  assert.throws(() => assertSchema(missing, SCHEMAS.funding), /not valid funding: column funding_rate/);
});
