/**
 * Plotly layout defaults that follow the VS Code theme: transparent backgrounds (the output
 * area's own colour shows through), text and grid lines in the theme's foreground, and a
 * colourway readable on dark backgrounds. Only what the figure did not set itself is filled
 * in, so a figure that chose its colours keeps them. Pure: colours in, layout out.
 */
export interface ThemeColors {
  dark: boolean;
  /** CSS colour of text, e.g. the value of --vscode-editor-foreground. */
  foreground: string;
  /** Font family of the editor UI. */
  fontFamily?: string;
}

type Layout = Record<string, unknown>;

const LIGHT_COLORWAY = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
// Brighter hues of the same order, so traces keep their colours across themes.
const DARK_COLORWAY = ["#4ea3e6", "#ffa64d", "#5cd65c", "#ff6b6b", "#b39ddb", "#c49c94", "#f7a6d8", "#bdbdbd", "#dbdb5c", "#4dd9e6"];

const isObject = (v: unknown): v is Layout => !!v && typeof v === "object" && !Array.isArray(v);

/** `base` with `override` on top, recursively for plain objects. */
function merge(base: Layout, override: Layout): Layout {
  const out: Layout = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Layout, v) : v;
  return out;
}

/** Grid lines: the foreground at low opacity works on any background. */
function translucent(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].replace(/./g, (c) => c + c) : hex[1];
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    return `rgba(${r},${g},${b},${alpha})`;
  }
  return color;
}

/**
 * The figure's layout with theme defaults under it.
 *
 * @example themedLayout({ title: { text: "BTC" } }, { dark: true, foreground: "#cccccc" }).paper_bgcolor // "rgba(0,0,0,0)"
 */
export function themedLayout(layout: Layout | undefined, theme: ThemeColors): Layout {
  const fg = theme.foreground || (theme.dark ? "#cccccc" : "#333333");
  const grid = translucent(fg, 0.15);
  const axis = { gridcolor: grid, zerolinecolor: translucent(fg, 0.35), linecolor: translucent(fg, 0.35), tickcolor: translucent(fg, 0.35) };
  const defaults: Layout = {
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { color: fg, ...(theme.fontFamily ? { family: theme.fontFamily } : {}) },
    colorway: theme.dark ? DARK_COLORWAY : LIGHT_COLORWAY,
    legend: { bgcolor: "rgba(0,0,0,0)" },
    hoverlabel: { font: { family: theme.fontFamily } },
    margin: { t: 40, r: 20, b: 40, l: 50 },
  };
  const themed = merge(defaults, layout ?? {});
  // Every axis the figure uses (xaxis, xaxis2, yaxis3, ...) and the default pair.
  const axes = new Set(["xaxis", "yaxis", ...Object.keys(layout ?? {}).filter((k) => /^[xy]axis\d*$/.test(k))]);
  for (const name of axes) themed[name] = merge(axis, isObject(themed[name]) ? (themed[name] as Layout) : {});
  return themed;
}
