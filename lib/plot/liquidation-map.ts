/**
 * A liquidation map: dollars liquidated (or resting at liquidation prices) binned by price and
 * time into a heatmap, with the price path drawn over it when given. Clusters of liquidation
 * prices just below the price are the fuel of a cascade.
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure, type Trace } from "./figure";
import { lttb, pick } from "./downsample";
import { binCenters, binOf, equalBins, extent } from "./bins";
import { amountScale, axisData, scaledUnit } from "./format";
import { COLORS } from "./theme";
import { tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Heat colours, all of mid luminance so the cells read on light and dark pages; empty cells are transparent. */
const HEAT = [
  [0, "#3f88c5"],
  [0.35, "#8a78d0"],
  [0.65, "#d0529a"],
  [1, "#d9730d"],
];

/** Options of {@link liquidationMapChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface LiquidationMapChartOptions extends ChartOptions {
  /** The events' time column; "time" by default. */
  time?: string;
  /** The events' price column; the first of "price", "liquidation_price", "level" by default. */
  price?: string;
  /** The events' dollar column; the first of "usd", "notional", "size_usd", "size", "value" by default. */
  size?: string;
  /** Number of time bins (heatmap columns); 120 by default. */
  timeBins?: number;
  /** Number of price bins (heatmap rows); 80 by default. */
  priceBins?: number;
  /** A price path to draw over the map: a table with time and price columns ("time"; first of "price", "close", "mid"). */
  path?: Table;
  /** The path's price column; the first of "price", "close", "mid" by default. */
  pathPrice?: string;
  /** Price unit, for the axis title. Default "USD". */
  priceUnit?: string;
  /** Unit of the liquidated amounts, for the colour-bar title. Default "USD". */
  sizeUnit?: string;
  /** Unit of a numeric (not dated) time axis. Default "steps". */
  timeUnit?: string;
}

const LIQUIDATION_MAP_CHART_OPTIONS = optionKeys<LiquidationMapChartOptions>()("time", "price", "size", "timeBins", "priceBins", "path", "pathPrice", "priceUnit", "sizeUnit", "timeUnit", "source", "title", "height", "layout");

/**
 * A price-by-time heatmap of liquidated dollars. `events`: one row per liquidation (or per
 * estimated liquidation level), with a time, a price and a dollar amount.
 *
 * @example
 *   liquidationMapChart(liqs, { path: candles, pathPrice: "close", source: "Hyperliquid liquidations (public API)" })
 *   liquidationMapChart(levels, { price: "liquidation_price", source: "liquidation-map model from open interest" })
 */
export function liquidationMapChart(events: Table, options: LiquidationMapChartOptions): Figure {
  checkOptions("liquidationMapChart", options, LIQUIDATION_MAP_CHART_OPTIONS);
  const chart = "liquidationMapChart";
  const { source, title = "Liquidation map", height = 500, layout, time = "time", price, size, timeBins = 120, priceBins = 80, path, pathPrice, priceUnit = "USD", sizeUnit = "USD", timeUnit = "steps" } =
    options ?? ({} as LiquidationMapChartOptions);
  requireSource(chart, source);
  const read = tableReader(events, chart, "events");
  const { values: t, kind } = read.axis(read.resolve("time", time, [time]));
  const p = read.numbers(read.resolve("price", price, ["price", "liquidation_price", "level"]));
  const usd = read.numbers(read.resolve("size", size, ["usd", "notional", "size_usd", "size", "value"]));

  let pathT: Float64Array | undefined;
  let pathP: Float64Array | undefined;
  if (path) {
    const pr = tableReader(path, chart, "path");
    const tn = pr.resolve("time", time, [time]);
    pathT = kind === "date" ? pr.times(tn) : pr.numbers(tn);
    pathP = pr.numbers(pr.resolve("pathPrice", pathPrice, ["price", "close", "mid"]));
  }
  const [t0, t1] = extent(t, pathT ?? []);
  const [p0, p1] = extent(p, pathP ?? []);
  const tb = equalBins(t0, t1, timeBins);
  const pb = equalBins(p0, p1, priceBins);
  const z = Array.from({ length: priceBins }, () => new Float64Array(timeBins));
  let max = 0;
  for (let i = 0; i < usd.length; i++) {
    const a = binOf(tb, t[i]);
    const b = binOf(pb, p[i]);
    if (a < 0 || b < 0 || !(usd[i] > 0)) continue;
    z[b][a] += usd[i];
    if (z[b][a] > max) max = z[b][a];
  }
  const scale = amountScale(max);
  const unitLabel = scaledUnit(sizeUnit, scale);
  const data: Trace[] = [
    {
      type: "heatmap",
      name: "liquidated",
      x: axisData(binCenters(tb), kind),
      y: Array.from(binCenters(pb), (v) => Math.round(v * 100) / 100),
      // Empty cells are null: transparent, so the page shows through.
      z: z.map((row) => Array.from(row, (v) => (v > 0 ? Math.round((v / scale.factor) * 1000) / 1000 : null))),
      colorscale: HEAT,
      zmin: 0,
      hoverongaps: false,
      colorbar: { title: { text: axisTitle("liquidated", unitLabel), side: "right" }, outlinewidth: 0, tickfont: { color: COLORS.text } },
      hovertemplate: `%{y:,.0f} ${priceUnit}, %{x}: %{z:,.3~f} ${unitLabel}<extra></extra>`,
    },
  ];
  if (pathT && pathP) {
    const idx = lttb(pathT, pathP, 2000);
    data.push({ type: "scatter", mode: "lines", name: "price", x: axisData(pick(pathT, idx), kind), y: pick(pathP, idx), line: { color: COLORS.text, width: 1.5 } });
  }
  return figure({
    chart,
    data,
    source,
    title,
    height,
    override: layout,
    layout: {
      xaxis: { type: kind === "date" ? "date" : "linear", title: { text: kind === "date" ? axisTitle("time", "UTC") : axisTitle("time", timeUnit) }, showgrid: false },
      yaxis: { title: { text: axisTitle("price", priceUnit) }, tickformat: ",~f", showgrid: false },
    },
  });
}
