// Every builder at once: a source is required, the figure is a plain plotly figure object that
// the kernel recognises, every value axis has a unit, and a million-point input stays under 1 MB
// of JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Frame } from "../frame";
import { seededNormal, seededRandom } from "../random";
import { sourceOf, type Figure } from "./figure";
import { candlesChart } from "./candles";
import { drawdownChart } from "./drawdown";
import { depthProfileChart } from "./depth-profile";
import { cascadePathChart } from "./cascade-path";
import { liquidationWaterfallChart } from "./liquidation-waterfall";
import { liquidationMapChart } from "./liquidation-map";
import { crossAssetChart } from "./cross-asset";
import { mnavChart } from "./mnav";
import { etfFlowChart } from "./etf-flows";
import { scenarioFanChart } from "./scenario-fan";

type L = Record<string, any>;
const N = 1_000_000;
const MB = 1_000_000;
const T0 = Date.UTC(2025, 8, 1);
const normal = seededNormal(seededRandom(7));

// One million one-second bars of a random walk from 110,000, with a crash wick in the middle.
const time = Float64Array.from({ length: N }, (_, i) => T0 + i * 1000);
const close = new Float64Array(N);
for (let i = 0, p = 110_000; i < N; i++) close[i] = p *= Math.exp(0.00002 * normal());
const high = close.map((c) => c * 1.0005);
const low = close.map((c) => c * 0.9995);
low[500_000] = 80_562;
const candles = Frame.fromColumns({ time, open: close, high, low, close, volume: close.map(() => 1) }, { types: { time: "time" } });
const liqs = {
  time,
  usd: close.map(() => 1e4 * Math.exp(normal())),
  price: low,
  side: Array.from({ length: N }, (_, i) => (i % 3 ? "long" : "short")),
  cohort: Uint16Array.from({ length: N }, (_, i) => i % 4),
  cause: Uint8Array.from({ length: N }, (_, i) => i % 3),
};
const paths = Array.from({ length: 1000 }, () => {
  const a = new Float64Array(1000);
  for (let j = 0, p = 85_000; j < 1000; j++) a[j] = p *= Math.exp(0.03 * normal());
  return a;
});

const builders: Array<[string, (source: string | undefined) => Figure]> = [
  ["candlesChart", (source) => candlesChart(candles, { liquidations: liqs, source: source as string })],
  ["drawdownChart", (source) => drawdownChart(candles, { high: "high", low: "low", source: source as string })],
  ["depthProfileChart", (source) => depthProfileChart({ before: [{ band: 0.01, bid: 20e6, ask: 19e6 }], after: [{ band: 0.01, bid: 14e6, ask: 13e6 }] }, { source: source as string })],
  ["cascadePathChart", (source) => cascadePathChart({ path: candles, liquidations: liqs, cohorts: ["a", "b", "c", "d"] }, { price: "close", source: source as string })],
  ["liquidationWaterfallChart", (source) => liquidationWaterfallChart(liqs, { by: ["cohort", "cause"], source: source as string })],
  ["liquidationMapChart", (source) => liquidationMapChart(liqs, { path: candles, source: source as string })],
  ["crossAssetChart", (source) => crossAssetChart({ asset: Array.from({ length: N }, (_, i) => `asset ${i}`), change: close.map((c) => c / 1e4 - 11) }, { source: source as string })],
  ["mnavChart", (source) => mnavChart({ time, company: Array.from({ length: N }, (_, i) => ["Strategy", "Metaplanet", "BitMine"][i % 3]), mnav: close.map((c) => c / 110_000) }, { source: source as string })],
  ["etfFlowChart", (source) => etfFlowChart({ time, flow: close.map((c) => c - 110_000) }, { source: source as string })],
  ["scenarioFanChart", (source) => scenarioFanChart({ paths }, { support: 80_000, source: source as string })],
];

for (const [name, build] of builders) {
  test(`${name}: refuses to draw without a source, naming the option`, () => {
    assert.throws(() => build(undefined), { message: new RegExp(`^${name}: the "source" option is required`) });
  });

  test(`${name}: a million-point input gives a plotly figure under 1 MB with titled axes and the source`, () => {
    const fig = build("test data");
    // The kernel shows an object with only these keys and traces as plotly (kernels/runtime/display.ts).
    assert.deepEqual(Object.keys(fig).sort(), ["config", "data", "layout"]);
    assert.ok(fig.data.length > 0 && fig.data.every((t) => typeof t.type === "string"));
    const size = JSON.stringify(fig).length;
    assert.ok(size < MB, `${name}: ${size} bytes of JSON`);
    assert.equal(sourceOf(fig), "Source: test data");
    const l = fig.layout as L;
    assert.equal(l.paper_bgcolor, "rgba(0,0,0,0)");
    assert.ok(typeof l.title.text === "string" && l.title.text.length > 0);
    // Every axis in use has a title; value axes carry their unit in parentheses.
    const axes = Object.keys(l).filter((k) => /^[xy]axis\d*$/.test(k));
    for (const axis of axes) assert.ok(l[axis].title?.text, `${name}: ${axis} has a title`);
    const withUnits = axes.filter((a) => /\(.+\)/.test(l[a].title.text));
    assert.ok(withUnits.length >= 1, `${name}: some axis says its unit (${axes.map((a) => l[a].title.text).join("; ")})`);
  });
}

test("the drawdown of a million points still shows the exact low", () => {
  const fig = drawdownChart(candles, { high: "close", low: "low", showPrice: false, source: "s" });
  const dd = fig.data[0] as L;
  let peak = -Infinity;
  for (let i = 0; i <= 500_000; i++) peak = Math.max(peak, close[i]);
  assert.ok(dd.y.includes(Math.round((80_562 / peak - 1) * 100 * 100) / 100));
  assert.ok(dd.x.length <= 2000);
  assert.equal(dd.x[0], "2025-09-01T00:00:00Z");
});
