/**
 * A waterfall of liquidated dollars: one step per cohort (or per cohort and cause), largest
 * first, ending in the total. It answers "who was liquidated, and how much of the total was
 * each": the article's order of leveraged longs, then market makers, then treasuries.
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure } from "./figure";
import { amountScale, formatAmount, scaledUnit } from "./format";
import { COLORS } from "./theme";
import { labelsOf, tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link liquidationWaterfallChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface LiquidationWaterfallChartOptions extends ChartOptions {
  /** The group column(s), joined into one step label ("retail · margin call"). Default "cohort". */
  by?: string | readonly string[];
  /** Names for numeric codes in each group column, by column ({ cohort: [...], cause: [...] }). */
  groupNames?: Record<string, readonly string[]>;
  /** The dollar column: the first of "usd", "notional", "size_usd", "size", "value". */
  size?: string;
  /** Unit of the amounts. Default "USD". */
  unit?: string;
  /** "size": largest step first (the default); "input": in order of first appearance. */
  order?: "size" | "input";
  /** Label of the final bar. Default "total". */
  totalLabel?: string;
  /** At most this many steps: the smallest groups beyond it are summed into one "other" step. Default 24. */
  maxSteps?: number;
}

const LIQUIDATION_WATERFALL_CHART_OPTIONS = optionKeys<LiquidationWaterfallChartOptions>()("by", "groupNames", "size", "unit", "order", "totalLabel", "maxSteps", "source", "title", "height", "layout");

/**
 * The waterfall of liquidated dollars by group. `liquidations`: one row per liquidation (or
 * per group, already summed) with a dollar column and the group column(s).
 *
 * @example
 *   liquidationWaterfallChart(sim.liquidations, { by: ["cohort", "cause"], source: "cascade model, seed 1" })
 *   liquidationWaterfallChart([{ cohort: "longs", usd: 16.7e9 }, { cohort: "shorts", usd: 2.4e9 }], { source: "CoinGlass, as quoted on Binance Square" })
 */
export function liquidationWaterfallChart(liquidations: Table, options: LiquidationWaterfallChartOptions): Figure {
  checkOptions("liquidationWaterfallChart", options, LIQUIDATION_WATERFALL_CHART_OPTIONS);
  const chart = "liquidationWaterfallChart";
  const { source, title = "Liquidated notional by group", height = 460, layout, by = "cohort", groupNames = {}, size, unit = "USD", order = "size", totalLabel = "total", maxSteps = 24 } =
    options ?? ({} as LiquidationWaterfallChartOptions);
  requireSource(chart, source);
  const read = tableReader(liquidations, chart, "liquidations");
  const usd = read.numbers(read.resolve("size", size, ["usd", "notional", "size_usd", "size", "value"]));
  const columns = (typeof by === "string" ? [by] : [...by]).map((c) => labelsOf(read, read.resolve("by", c, [c]), groupNames[c]));
  const sums = new Map<string, number>();
  for (let i = 0; i < usd.length; i++) {
    if (!(usd[i] === usd[i])) continue;
    // Two-part labels go on two lines, so category labels stay short under the bars.
    const key = columns.map((col) => col[i] || "(none)").join("<br>");
    sums.set(key, (sums.get(key) ?? 0) + usd[i]);
  }
  let steps = [...sums.entries()];
  if (order === "size") steps = steps.sort((a, b) => b[1] - a[1]);
  if (steps.length > maxSteps) {
    const keep = new Set([...steps].sort((a, b) => b[1] - a[1]).slice(0, maxSteps - 1).map(([k]) => k));
    const rest = steps.filter(([k]) => !keep.has(k));
    steps = [...steps.filter(([k]) => keep.has(k)), [`other (${rest.length} groups)`, rest.reduce((a, [, v]) => a + v, 0)]];
  }
  const grand = steps.reduce((a, [, v]) => a + v, 0);
  const scale = amountScale(Math.abs(grand));
  const labels = [...steps.map(([k]) => k), totalLabel];
  const values = [...steps.map(([, v]) => v), grand];
  return figure({
    chart,
    data: [
      {
        type: "waterfall",
        name: "liquidated",
        orientation: "v",
        measure: [...steps.map(() => "relative"), "total"],
        x: labels,
        y: [...steps.map(([, v]) => v / scale.factor), 0],
        text: values.map((v) => `${formatAmount(v, unit)}${grand > 0 ? ` (${Math.round((v / grand) * 100)} %)` : ""}`),
        textposition: "outside",
        textfont: { color: COLORS.text, size: 11 },
        cliponaxis: false,
        hovertext: labels.map((l) => l.replace(/<br>/g, " \u00b7 ")),
        hovertemplate: "%{hovertext}: %{text}<extra></extra>",
        increasing: { marker: { color: COLORS.secondary } },
        decreasing: { marker: { color: COLORS.up } },
        totals: { marker: { color: COLORS.primary } },
        connector: { line: { color: COLORS.axis, width: 1, dash: "dot" } },
        showlegend: false,
      },
    ],
    source,
    title,
    height,
    override: layout,
    layout: {
      xaxis: { type: "category", title: { text: typeof by === "string" ? by : by.join(" and ") } },
      yaxis: { title: { text: axisTitle("liquidated", scaledUnit(unit, scale)) }, rangemode: "tozero" },
      margin: { t: 80 },
    },
  });
}
