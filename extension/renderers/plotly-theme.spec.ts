import { test } from "node:test";
import assert from "node:assert/strict";
import { themedLayout } from "./plotly-theme";

test("dark theme: transparent backgrounds, theme text, bright colourway", () => {
  const l = themedLayout({ title: { text: "BTC" } }, { dark: true, foreground: "#cccccc" });
  assert.equal(l.paper_bgcolor, "rgba(0,0,0,0)");
  assert.deepEqual(l.font, { color: "#cccccc" });
  assert.equal((l.colorway as string[])[0], "#4ea3e6");
  assert.equal((l.xaxis as Record<string, string>).gridcolor, "rgba(204,204,204,0.15)");
  assert.deepEqual(l.title, { text: "BTC" });
});

test("light theme uses plotly's own colourway", () => {
  assert.equal((themedLayout({}, { dark: false, foreground: "#333" }).colorway as string[])[0], "#1f77b4");
});

test("what the figure sets wins, on every axis it uses", () => {
  const l = themedLayout({ paper_bgcolor: "white", yaxis2: { title: "OI" }, xaxis: { gridcolor: "red" }, font: { size: 10 } }, { dark: true, foreground: "#ddd" });
  assert.equal(l.paper_bgcolor, "white");
  assert.equal((l.xaxis as Record<string, string>).gridcolor, "red");
  assert.equal((l.yaxis2 as Record<string, string>).title, "OI");
  assert.equal((l.yaxis2 as Record<string, string>).gridcolor, "rgba(221,221,221,0.15)");
  assert.deepEqual(l.font, { color: "#ddd", size: 10 });
});
