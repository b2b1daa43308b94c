import { test } from "node:test";
import assert from "node:assert/strict";
import { BACKGROUNDS, COLORS, contrastRatio, PALETTE, paletteColor, relativeLuminance, withAlpha } from "./theme";

test("relative luminance and contrast follow WCAG 2", () => {
  assert.equal(relativeLuminance("#ffffff"), 1);
  assert.equal(relativeLuminance("#000"), 0);
  assert.equal(contrastRatio("#000000", "#ffffff"), 21);
  assert.equal(contrastRatio("#777777", "#777777"), 1);
  assert.equal(contrastRatio("#7f7f7f", "#ffffff").toFixed(2), "4.00");
  assert.throws(() => relativeLuminance("grey"), /expected a #rgb or #rrggbb colour/);
});

test("every palette colour has contrast >= 3 on white and on the dark editor background", () => {
  for (const color of PALETTE) {
    for (const [name, bg] of Object.entries(BACKGROUNDS)) {
      const ratio = contrastRatio(color, bg);
      assert.ok(ratio >= 3, `${color} on ${name} (${bg}): contrast ${ratio.toFixed(2)} < 3`);
    }
  }
});

test("so do the colours with a meaning (text, up, down, markers)", () => {
  for (const [role, color] of Object.entries(COLORS)) {
    if (!color.startsWith("#")) continue; // the translucent grid and axis greys
    for (const bg of Object.values(BACKGROUNDS)) assert.ok(contrastRatio(color, bg) >= 3, `${role} ${color} on ${bg}`);
  }
});

test("palette colours are distinct and wrap around", () => {
  assert.equal(new Set(PALETTE).size, PALETTE.length);
  assert.equal(paletteColor(PALETTE.length), PALETTE[0]);
  assert.equal(paletteColor(-1), PALETTE[PALETTE.length - 1]);
  assert.equal(withAlpha("#3f88c5", 0.2), "rgba(63,136,197,0.2)");
});
