/**
 * Cross-asset moves: one horizontal bar per asset with its percentage change, labelled, falls
 * in red and rises in green (horizontal, so long asset names read without turning). The article's point (claim A9) is that on Nov 21 everything fell together,
 * safe havens included; this chart shows it at a glance.
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure } from "./figure";
import { formatPercent } from "./format";
import { COLORS } from "./theme";
import { tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link crossAssetChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface CrossAssetChartOptions extends ChartOptions {
  /** The asset column(s): the first of "asset", "name", "symbol"; several are joined ("KOSPI · week"). */
  asset?: string | readonly string[];
  /** The change column, in percent: the first of "change_pct", "change", "pct_change", "return_pct". */
  change?: string;
  /** Bar order from the top: "ascending" (largest fall first, the default), "descending" or "input". */
  sort?: "ascending" | "descending" | "input";
  /** Decimals in the labels. Default 2. */
  digits?: number;
  /** At most this many bars: the largest moves are kept and a note says how many were left out. Default 60. */
  maxAssets?: number;
}

const CROSS_ASSET_CHART_OPTIONS = optionKeys<CrossAssetChartOptions>()("asset", "change", "sort", "digits", "maxAssets", "source", "title", "height", "layout");

/**
 * Bars of percentage change by asset. `moves`: a table of assets and changes in percent, or an
 * object `{ asset: change }`. Rows with a missing change are left out; an asset named twice is
 * numbered ("KOSPI (2)").
 *
 * @example
 *   crossAssetChart({ KOSPI: -3.78, "Nikkei 225": -2.4, "Hang Seng": -2.38, "spot gold": -1.2 }, { title: "Nov 21, 2025", source: "Techub News; Bloomberg" })
 *   crossAssetChart(snapshot().crossAsset.filter((r) => r.period === "day"), { source: "snapshot: article and public reporting" })
 */
export function crossAssetChart(moves: Table | Record<string, number>, options: CrossAssetChartOptions): Figure {
  checkOptions("crossAssetChart", options, CROSS_ASSET_CHART_OPTIONS);
  const chart = "crossAssetChart";
  const { source, title = "Moves across assets", height, layout, asset, change, sort = "ascending", digits = 2, maxAssets = 60 } = options ?? ({} as CrossAssetChartOptions);
  requireSource(chart, source);
  const plain = !!moves && typeof moves === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(moves));
  const isMapping = plain && Object.values(moves).length > 0 && Object.values(moves).every((v) => typeof v === "number");
  const table: Table = isMapping ? { asset: Object.keys(moves), change_pct: Object.values(moves as Record<string, number>) } : (moves as Table);
  const read = tableReader(table, chart, "moves");
  const assetColumns = asset === undefined ? [read.resolve("asset", undefined, ["asset", "name", "symbol"])] : (typeof asset === "string" ? [asset] : [...asset]).map((a) => read.resolve("asset", a, [a]));
  const labels = assetColumns.map((c) => read.strings(c));
  const values = read.numbers(read.resolve("change", change, ["change_pct", "change", "pct_change", "return_pct"]));
  let rows = Array.from(values, (v, i) => ({ label: labels.map((l) => l[i]).filter(Boolean).join(" \u00b7 "), v })).filter((r) => r.v === r.v);
  const seen = new Map<string, number>();
  rows = rows.map((r) => {
    const n = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, n);
    return n > 1 ? { ...r, label: `${r.label} (${n})` } : r;
  });
  const left = Math.max(0, rows.length - maxAssets);
  if (left > 0) {
    const keep = new Set(rows.map((r, i) => ({ i, a: Math.abs(r.v) })).sort((p, q) => q.a - p.a).slice(0, maxAssets).map((r) => r.i));
    rows = rows.filter((_r, i) => keep.has(i));
  }
  if (sort === "ascending") rows.sort((a, b) => a.v - b.v);
  else if (sort === "descending") rows.sort((a, b) => b.v - a.v);
  // Room on both sides of the bars for their outside labels.
  const lo = Math.min(0, ...rows.map((r) => r.v));
  const hi = Math.max(0, ...rows.map((r) => r.v));
  const pad = Math.max(0.5, (hi - lo) * 0.16);
  return figure({
    chart,
    data: [
      {
        type: "bar",
        orientation: "h",
        name: "change",
        y: rows.map((r) => r.label),
        x: rows.map((r) => r.v),
        text: rows.map((r) => formatPercent(r.v, digits)),
        textposition: "outside",
        textfont: { color: COLORS.text, size: 11 },
        cliponaxis: false,
        marker: { color: rows.map((r) => (r.v < 0 ? COLORS.down : COLORS.up)) },
        hovertemplate: "%{y}: %{text}<extra></extra>",
        showlegend: false,
      },
    ],
    source,
    title,
    height: height ?? Math.max(300, 180 + 34 * rows.length),
    override: layout,
    layout: {
      bargap: 0.3,
      xaxis: { title: { text: axisTitle("change", "%") }, ticksuffix: " %", zeroline: true, range: [lo - (lo < 0 ? pad : 0), hi + (hi > 0 ? pad : 0)] },
      // The first row on top.
      yaxis: { type: "category", autorange: "reversed", title: { text: "asset" } },
      annotations: left > 0 ? [{ xref: "paper", yref: "paper", x: 1, xanchor: "right", y: 1, yanchor: "bottom", text: `${left} smaller moves not shown`, showarrow: false, font: { size: 11, color: COLORS.text } }] : [],
    },
  });
}
