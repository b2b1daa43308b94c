import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "./frame";
import { FRAME_MIME, frameText, type FrameJson } from "./frame-display";

const H = 3_600_000;
const T0 = Date.UTC(2025, 9, 10);

function hourly(n: number): Frame {
  return Frame.fromColumns(
    {
      time: Float64Array.from({ length: n }, (_, i) => T0 + i * H),
      close: Float64Array.from({ length: n }, (_, i) => 100 + i / 4),
      venue: Array.from({ length: n }, (_, i) => (i % 2 ? "bybit" : "<okx>")),
    },
    { types: { time: "time" } },
  );
}

function display(frame: Frame): Record<string, unknown> {
  return (frame as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for("Jupyter.display")]();
}

test("a frame answers Symbol.for('Jupyter.display') with html, text and frame JSON", () => {
  const bundle = display(hourly(3));
  assert.deepEqual(Object.keys(bundle).sort(), [FRAME_MIME, "text/html", "text/plain"].sort());
  assert.equal(FRAME_MIME, "application/vnd.cascade.frame+json");
});

test("the text table: index, names, types, ISO UTC times, right-aligned numbers, shape", () => {
  assert.equal(
    frameText(hourly(3)),
    [
      "   time                   close  venue",
      "   time                  number  string",
      "-  --------------------  ------  ------",
      "0  2025-10-10T00:00:00Z     100  <okx>",
      "1  2025-10-10T01:00:00Z  100.25  bybit",
      "2  2025-10-10T02:00:00Z   100.5  <okx>",
      "3 rows x 3 columns",
    ].join("\n"),
  );
});

test("long frames show the first 20 and last 5 rows around an ellipsis", () => {
  const f = hourly(1000);
  const text = display(f)["text/plain"] as string;
  const lines = text.split("\n");
  assert.equal(lines.length, 3 + 20 + 1 + 5 + 1);
  assert.match(lines[3], /^0 /);
  assert.match(lines[22], /^19 /);
  assert.match(lines[23], /^…/);
  assert.match(lines[24], /^995 /);
  assert.match(lines[28], /^999 +2025-11-20T15:00:00Z +349.75/);
  assert.equal(lines[29], "1000 rows x 3 columns");

  const html = display(f)["text/html"] as string;
  assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 20 + 1 + 5);
  assert.match(html, /<th>995<\/th>/);
  assert.doesNotMatch(html, /<th>20<\/th>/);
  assert.match(html, /time<br><span[^>]*>time<\/span>/);
  assert.match(html, /close<br><span[^>]*>number<\/span>/);
  assert.match(html, /2025-10-10T01:00:00Z/);
  assert.match(html, /&lt;okx&gt;/); // escaped
  assert.match(html, /<p>1000 rows x 3 columns<\/p>/);
});

test("frame JSON: schema, length and the first 1000 rows as arrays, missing as null", () => {
  const big = display(hourly(1500))[FRAME_MIME] as FrameJson;
  assert.deepEqual(big.columns, [
    { name: "time", type: "time" },
    { name: "close", type: "number" },
    { name: "venue", type: "string" },
  ]);
  assert.equal(big.length, 1500);
  assert.equal(big.rows.length, 1000);
  assert.deepEqual(big.rows[1], [T0 + H, 100.25, "bybit"]);
  const missing = display(Frame.fromColumns({ t: [NaN], x: [NaN], s: [null] }, { types: { t: "time" } }))[FRAME_MIME] as FrameJson;
  assert.deepEqual(missing.rows, [[null, null, null]]);
  assert.doesNotThrow(() => JSON.stringify(big));
});

test("missing values, float noise, milliseconds and singular shapes render plainly", () => {
  const f = Frame.fromColumns({ t: [T0 + 5, NaN], x: [0.1 + 0.2, NaN], s: ["a", null] }, { types: { t: "time" } });
  const text = frameText(f);
  assert.match(text, /2025-10-10T00:00:00.005Z +0.3 +a/);
  assert.match(text, /null +NaN +null/);
  assert.match(frameText(f.head(1).select(["x"])), /1 row x 1 column$/);
  assert.match(frameText(Frame.fromColumns({})), /0 rows x 0 columns$/);
});
