import { test } from "node:test";
import assert from "node:assert/strict";
import { axisTitle, figure, mergeLayout, requireSource, significant, sourceOf } from "./figure";

type L = Record<string, any>;

test("a chart without a source is refused, naming the option", () => {
  for (const source of [undefined, "", "  ", 42]) {
    assert.throws(() => requireSource("candlesChart", source), { message: /^candlesChart: the "source" option is required/ });
  }
  assert.equal(requireSource("x", " CoinGlass "), "CoinGlass");
});

test("figure: transparent backgrounds, grey text, title, source under the plot", () => {
  const fig = figure({ chart: "lineChart", data: [{ type: "scatter", x: [1], y: [2] }], title: "BTC", source: "CoinGecko", layout: { yaxis: { title: { text: axisTitle("price", "USD") } } } });
  assert.deepEqual(Object.keys(fig).sort(), ["config", "data", "layout"]);
  const l = fig.layout as L;
  assert.equal(l.paper_bgcolor, "rgba(0,0,0,0)");
  assert.equal(l.plot_bgcolor, "rgba(0,0,0,0)");
  assert.equal(l.font.color, "#7f7f7f");
  assert.equal(l.title.text, "BTC");
  assert.equal(sourceOf(fig), "Source: CoinGecko");
  const note = l.annotations.find((a: L) => a.name === "source");
  assert.ok(note.yshift < 0 && note.yref === "paper" && note.y === 0, "under the plot");
  assert.equal(l.yaxis.title.text, "price (USD)");
  assert.equal(l.yaxis.gridcolor, "rgba(128,128,128,0.22)");
  assert.equal(l.yaxis.automargin, true);
  assert.equal(l.xaxis.automargin, false, "x axes keep their margin so the source line stays clear");
});

test("axis defaults go under every axis a builder uses; the caller's layout goes last", () => {
  const fig = figure({
    chart: "c",
    data: [],
    title: "t",
    source: "s",
    layout: { yaxis2: { title: { text: "b" } }, annotations: [{ text: "low", name: "low" }] },
    override: { yaxis2: { side: "right" }, annotations: [{ text: "note" }], height: 300 },
  });
  const l = fig.layout as L;
  assert.equal(l.yaxis2.gridcolor, "rgba(128,128,128,0.22)");
  assert.equal(l.yaxis2.side, "right");
  assert.equal(l.yaxis2.title.text, "b");
  assert.deepEqual(l.annotations.map((a: L) => a.text), ["Source: s", "low", "note"]);
  assert.equal(l.height, 300);
});

test("mergeLayout merges objects, appends annotations and shapes, replaces the rest", () => {
  assert.deepEqual(mergeLayout({ a: { b: 1, c: [1] }, shapes: [1] }, { a: { c: [2] }, shapes: [2], d: undefined }), { a: { b: 1, c: [2] }, shapes: [1, 2] });
});

test("trace numbers keep 7 significant digits; typed arrays become plain arrays", () => {
  assert.equal(significant(126287.4567), 126287.5);
  assert.equal(significant(0.93), 0.93);
  assert.equal(significant(-0.0001234567891), -0.0001234568);
  assert.equal(significant(17_280_000_123), 17_280_000_000);
  assert.equal(significant(0), 0);
  assert.ok(Number.isNaN(significant(NaN)));
  const fig = figure({ chart: "c", title: "t", source: "s", data: [{ type: "heatmap", x: ["a"], y: new Float64Array([1 / 3]), z: [[2 / 3, null]], name: "n" }] });
  const trace = fig.data[0] as L;
  assert.deepEqual(trace.y, [0.3333333]);
  assert.ok(Array.isArray(trace.y));
  assert.deepEqual(trace.z, [[0.6666667, null]]);
  assert.deepEqual(trace.x, ["a"]);
});
