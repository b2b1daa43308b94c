/**
 * The shared base of every chart: a plotly figure object (`{ data, layout, config }`, what the
 * kernel shows as application/vnd.plotly.v1+json) with the layout defaults composed under what
 * a builder sets. Defaults: transparent backgrounds and grey text and grid lines that read on a
 * light and a dark notebook (see theme.ts), a left-aligned title, a horizontal legend above the
 * plot, and the data source as a note under the plot. The source is required: a chart without
 * one is refused, by name of the option.
 *
 * Numbers in traces are kept to 7 significant digits (0.1 on a price of 100,000): more is
 * invisible on any screen and only makes the figure's JSON heavier.
 */
import { COLORS, PALETTE } from "./theme";
import { checkOptions, optionKeys } from "../options";

/** One plotly trace. */
export type Trace = Record<string, unknown>;
/** A plotly layout (or part of one). */
export type Layout = Record<string, unknown>;

/** A plotly figure object, as every builder returns it. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  config: Record<string, unknown>;
}

/** Options every chart builder takes. */
export interface ChartOptions {
  /** Where the data comes from, shown under the chart ("CoinGlass", "reconstructed from ..."). Required. */
  source: string;
  /** The chart's title; each builder has a default. */
  title?: string;
  /** Height in pixels; each builder has a default. */
  height?: number;
  /** Layout merged over the builder's (objects merged, annotations and shapes appended). */
  layout?: Layout;
}

/**
 * The `source` option, checked: a chart must say where its data comes from.
 *
 * @example
 *   requireSource("candlesChart", "Binance via ccxt") // "Binance via ccxt"
 *   requireSource("candlesChart", undefined)          // throws: candlesChart: the "source" option is required ...
 */
export function requireSource(chart: string, source: unknown): string {
  if (typeof source !== "string" || source.trim() === "") {
    throw new Error(`${chart}: the "source" option is required: name where the data comes from, e.g. { source: "CoinGlass" }; it is printed under the chart`);
  }
  return source.trim();
}

/**
 * An axis title with its unit in parentheses.
 *
 * @example
 *   axisTitle("price", "USD") // "price (USD)"
 */
export function axisTitle(label: string, unit?: string): string {
  return unit ? `${label} (${unit})` : label;
}

const isObject = (v: unknown): v is Layout => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * `over` merged onto `base`: plain objects recursively, annotations and shapes appended (so a
 * caller's extra note never removes the source), anything else replaced.
 *
 * @example
 *   mergeLayout({ xaxis: { title: { text: "t" } } }, { xaxis: { range: [0, 1] } })
 *   // { xaxis: { title: { text: "t" }, range: [0, 1] } }
 */
export function mergeLayout(base: Layout, over: Layout): Layout {
  const out: Layout = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    if ((k === "annotations" || k === "shapes") && Array.isArray(v) && Array.isArray(out[k])) out[k] = [...(out[k] as unknown[]), ...v];
    else out[k] = isObject(v) && isObject(out[k]) ? mergeLayout(out[k] as Layout, v) : v;
  }
  return out;
}

const AXIS: Layout = {
  gridcolor: COLORS.grid,
  zerolinecolor: COLORS.axis,
  linecolor: COLORS.axis,
  tickcolor: COLORS.axis,
  showline: true,
  automargin: true,
  title: { standoff: 8 },
};

/** Room under the plot for tick labels, the x axis title and the source line. */
const BOTTOM = 96;

function baseLayout(title: string, source: string, height: number): Layout {
  return {
    title: { text: title, x: 0, xanchor: "left", xref: "paper", font: { size: 16 } },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { color: COLORS.text, size: 12 },
    colorway: [...PALETTE],
    height,
    margin: { t: 72, r: 24, b: BOTTOM, l: 72 },
    legend: { orientation: "h", x: 0, xanchor: "left", y: 1.01, yanchor: "bottom", bgcolor: "rgba(0,0,0,0)", font: { size: 11 } },
    hoverlabel: { namelength: -1 },
    annotations: [
      {
        // Under the plot, at the bottom of the figure: the source of the data.
        text: `Source: ${source}`,
        xref: "paper",
        yref: "paper",
        x: 0,
        xanchor: "left",
        y: 0,
        yanchor: "bottom",
        yshift: -(BOTTOM - 6),
        showarrow: false,
        align: "left",
        font: { size: 11, color: COLORS.text },
        name: "source",
      },
    ],
    shapes: [],
  };
}

/** Options of `figure`: the builder's traces and layout, and the common chart options. */
export interface FigureParts {
  /** The builder's name, for errors. */
  chart: string;
  data: Trace[];
  layout?: Layout;
  source: unknown;
  title: string;
  height?: number;
  /** The caller's layout, merged last. */
  override?: Layout;
}

const FIGURE_PARTS = optionKeys<NonNullable<Parameters<typeof figure>[0]>>()("chart", "data", "layout", "source", "title", "height", "override");

/**
 * A complete figure: the base layout, then the builder's layout, then the caller's, with the
 * axis defaults under every axis used (xaxis, yaxis2, ...).
 *
 * @example
 *   figure({ chart: "lineChart", data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], title: "BTC", source: "CoinGecko",
 *            layout: { yaxis: { title: { text: "price (USD)" } } } }).layout.annotations[0].text // "Source: CoinGecko"
 */
export function figure({ chart, data, layout = {}, source, title, height = 480, override = {}, ...unknown }: FigureParts): Figure {
  checkOptions("figure", unknown, FIGURE_PARTS);
  const checked = requireSource(chart, source);
  let merged = mergeLayout(mergeLayout(baseLayout(title, checked, height), layout), override);
  const axes = new Set(["xaxis", "yaxis", ...Object.keys(merged).filter((k) => /^[xy]axis\d*$/.test(k))]);
  for (const name of axes) {
    // x axes keep a fixed margin: grown by long tick labels, they would run into the source line.
    const defaults = name.startsWith("x") ? { ...AXIS, automargin: false } : AXIS;
    merged = { ...merged, [name]: mergeLayout(defaults, isObject(merged[name]) ? (merged[name] as Layout) : {}) };
  }
  return { data: data.map(compactTrace), layout: merged, config: { responsive: true, displaylogo: false } };
}

const DIGITS = 7;

/**
 * A number kept to 7 significant digits.
 *
 * @example
 *   significant(126287.4567) // 126287.5
 *   significant(0.93)        // 0.93
 */
export function significant(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const k = DIGITS - 1 - Math.floor(Math.log10(Math.abs(v)));
  if (k <= 0) {
    const f = 10 ** -k;
    return Math.round(v / f) * f;
  }
  const f = 10 ** k;
  return Math.round(v * f) / f;
}

function compactValue(v: unknown): unknown {
  if (typeof v === "number") return significant(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, significant);
  if (Array.isArray(v)) return v.map(compactValue);
  return v;
}

/** A trace with its numeric arrays (x, y, z, open, ..., nested for heatmaps) compacted; typed arrays become plain arrays. */
function compactTrace(trace: Trace): Trace {
  const out: Trace = {};
  for (const [k, v] of Object.entries(trace)) out[k] = Array.isArray(v) || ArrayBuffer.isView(v) ? compactValue(v) : v;
  return out;
}

/**
 * The source annotation of a figure (the one `figure` adds), for tests and checks.
 *
 * @example
 *   sourceOf(fig) // "Source: CoinGlass"
 */
export function sourceOf(fig: Figure): string | undefined {
  const notes = (fig.layout.annotations ?? []) as Layout[];
  return notes.find((a) => a.name === "source")?.text as string | undefined;
}
