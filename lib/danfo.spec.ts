import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "./frame";
import { toDanfo } from "./danfo";
import { requireOptional } from "./optional";

interface DanfoFrame {
  shape: number[];
  columns: string[];
  dtypes: string[];
  values: unknown[][];
}

test("toDanfo gives a danfo DataFrame with the same columns and values", () => {
  const f = Frame.fromColumns({ time: [Date.UTC(2025, 9, 10, 21), NaN], close: [113_000.5, NaN], venue: ["okx", null] }, { types: { time: "time" } });
  const df = toDanfo(f) as DanfoFrame;
  assert.deepEqual(df.shape, [2, 3]);
  assert.deepEqual(df.columns, ["time", "close", "venue"]);
  assert.deepEqual(df.values[0], ["2025-10-10T21:00:00.000Z", 113_000.5, "okx"]);
  assert.equal(df.values[1][0], null);
  assert.ok(Number.isNaN(df.values[1][1]));
  assert.equal((f.toDanfo() as DanfoFrame).shape[0], 2);
});

test("a missing optional package is an error naming the feature and the install command", () => {
  assert.throws(() => requireOptional("cascade-no-such-package", "toDanfo"), {
    message: "toDanfo needs the cascade-no-such-package package, which is not installed: npm install cascade-no-such-package",
  });
  assert.equal(typeof requireOptional<typeof import("node:path")>("node:path", "paths").join, "function");
});
