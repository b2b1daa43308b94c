/**
 * Colours that read on a light and a dark page alike: the chart's backgrounds are transparent,
 * so the notebook's own background shows through, and every colour a line, bar or label uses
 * has a WCAG contrast of at least 3 against both white (#ffffff) and VS Code's dark editor
 * (#1e1e1e). That pins their relative luminance between about 0.14 and 0.30: mid-tones, no
 * pale yellows (lost on white) and no navy (lost on black).
 */

/** The categorical palette, in the order traces take it. */
export const PALETTE: readonly string[] = [
  "#3f88c5", // blue
  "#d9730d", // orange
  "#1f9d8f", // teal
  "#d0529a", // magenta
  "#8a78d0", // violet
  "#a58b23", // olive
  "#2e9e44", // green
  "#e5484d", // red
  "#7f7f7f", // grey
];

/** Colours with a meaning, shared by every chart. */
export const COLORS = {
  /** A rising candle, an inflow, a gain. */
  up: "#2e9e44",
  /** A falling candle, an outflow, a loss, a liquidation of longs. */
  down: "#e5484d",
  /** Text, tick labels and reference lines: a grey with contrast about 4 on both backgrounds. */
  text: "#7f7f7f",
  /** Grid lines: grey at low opacity, faint on either background. */
  grid: "rgba(128,128,128,0.22)",
  /** Zero lines and axis lines. */
  axis: "rgba(128,128,128,0.55)",
  /** Reference lines such as mNAV = 1 or a support level. */
  reference: "#7f7f7f",
  /** The main series of a single-series chart. */
  primary: "#3f88c5",
  /** A second, contrasting series (a cumulative line, a running high). */
  secondary: "#d9730d",
  /** Liquidated longs and liquidated shorts, as markers on a price chart. */
  longsLiquidated: "#d9730d",
  shortsLiquidated: "#8a78d0",
} as const;

/** The backgrounds the palette is checked against: white and VS Code's dark editor. */
export const BACKGROUNDS = { light: "#ffffff", dark: "#1e1e1e" } as const;

function channels(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`expected a #rgb or #rrggbb colour, got ${JSON.stringify(hex)}`);
  const h = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * WCAG 2 relative luminance of a #rrggbb colour: 0 for black, 1 for white.
 *
 * @example
 *   relativeLuminance("#ffffff") // 1
 *   relativeLuminance("#7f7f7f") // 0.212
 */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white). Graphics and
 * large text need 3.
 *
 * @example
 *   contrastRatio("#7f7f7f", "#ffffff") // 4.00
 *   contrastRatio("#7f7f7f", "#1e1e1e") // 4.16
 */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A #rrggbb colour at an opacity, as plotly's rgba() text: for fills under lines.
 *
 * @example
 *   withAlpha("#3f88c5", 0.2) // "rgba(63,136,197,0.2)"
 */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = channels(hex);
  return `rgba(${r},${g},${b},${alpha})`;
}

/**
 * The palette colour for the i-th series, wrapping around.
 *
 * @example
 *   paletteColor(0) // "#3f88c5"
 */
export function paletteColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}
