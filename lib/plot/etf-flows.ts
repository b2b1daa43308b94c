/**
 * ETF flows: daily net flows as bars (inflows green, outflows red) and their running total as
 * a line on a second axis, with the largest outflow labelled (IBIT's record -$523M on
 * Nov 18, 2025).
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure } from "./figure";
import { amountScale, axisData, formatAmount, labelTime, scaledUnit } from "./format";
import { COLORS } from "./theme";
import { tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link etfFlowChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface EtfFlowChartOptions extends ChartOptions {
  /** The time column: the first of "time", "date", "day". */
  time?: string;
  /** The net flow column (negative: outflow): the first of "flow_usd", "flow", "net_flow", "netflow", "flows", "usd". */
  flow?: string;
  /** Unit of the flows. Default "USD". */
  unit?: string;
  /** Fund or group name, for the legend ("IBIT"). Default "net flow". */
  name?: string;
  /** Label the largest outflow. Default true. */
  markLargestOutflow?: boolean;
  /** At most this many bars: more rows are summed into consecutive buckets (the running total stays exact at each bucket's end). Default 2000. */
  maxBars?: number;
}

const ETF_FLOW_CHART_OPTIONS = optionKeys<EtfFlowChartOptions>()("time", "flow", "unit", "name", "markLargestOutflow", "maxBars", "source", "title", "height", "layout");

/**
 * Bars of net flows by day and the cumulative flow on a second axis. `flows`: one row per day
 * (rows are sorted by time here), flows in dollars with outflows negative.
 *
 * @example
 *   etfFlowChart(ibitDaily, { name: "IBIT", source: "Farside Investors" })
 *   etfFlowChart(snapshot().etfFlows.filter((r) => r.period === "day" && r.fund === "IBIT"), { source: "public reporting" })
 */
export function etfFlowChart(flows: Table, options: EtfFlowChartOptions): Figure {
  checkOptions("etfFlowChart", options, ETF_FLOW_CHART_OPTIONS);
  const chart = "etfFlowChart";
  const { source, title = "ETF net flows", height = 460, layout, time, flow, unit = "USD", name = "net flow", markLargestOutflow = true, maxBars = 2000 } = options ?? ({} as EtfFlowChartOptions);
  requireSource(chart, source);
  const read = tableReader(flows, chart, "flows");
  const { values: t0, kind } = read.axis(read.resolve("time", time, ["time", "date", "day"]));
  const f0 = read.numbers(read.resolve("flow", flow, ["flow_usd", "flow", "net_flow", "netflow", "flows", "usd"]));
  const order = Array.from({ length: t0.length }, (_, i) => i).filter((i) => t0[i] === t0[i] && f0[i] === f0[i]);
  order.sort((a, b) => t0[a] - t0[b]);
  const per = Math.max(1, Math.ceil(order.length / maxBars));
  const n = Math.ceil(order.length / per);
  const t = new Float64Array(n);
  const f = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    t[b] = t0[order[b * per]];
    for (let k = b * per; k < Math.min(order.length, (b + 1) * per); k++) f[b] += f0[order[k]];
  }
  const cumulative = new Float64Array(n);
  for (let i = 0, run = 0; i < n; i++) cumulative[i] = run += f[i];
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(f[i]));
  const barScale = amountScale(maxAbs);
  let maxCum = 0;
  for (let i = 0; i < n; i++) maxCum = Math.max(maxCum, Math.abs(cumulative[i]));
  const cumScale = amountScale(maxCum);
  const x = axisData(t, kind);
  let worst = -1;
  for (let i = 0; i < n; i++) if (f[i] < 0 && (worst < 0 || f[i] < f[worst])) worst = i;
  const marked = markLargestOutflow && worst >= 0;
  // A labelled outflow needs room under its bar for the label.
  const [barRange, cumRange] = alignedZero(Array.from(f, (v) => v / barScale.factor), Array.from(cumulative, (v) => v / cumScale.factor), marked ? 0.3 : 0.1);
  const when = (i: number) => (kind === "date" ? labelTime(t[i]) : String(t[i]));
  return figure({
    chart,
    data: [
      {
        type: "bar",
        name: per > 1 ? `${name} (sum of ${per} rows)` : name,
        x,
        y: Array.from(f, (v) => v / barScale.factor),
        marker: { color: Array.from(f, (v) => (v < 0 ? COLORS.down : COLORS.up)) },
        customdata: Array.from(f, (v) => formatAmount(v, unit)),
        hovertemplate: `${name}: %{customdata}<extra></extra>`,
      },
      {
        type: "scatter",
        mode: "lines",
        name: "cumulative",
        x,
        y: Array.from(cumulative, (v) => v / cumScale.factor),
        line: { color: COLORS.primary, width: 2, shape: "hv" },
        yaxis: "y2",
        customdata: Array.from(cumulative, (v) => formatAmount(v, unit)),
        hovertemplate: "cumulative: %{customdata}<extra></extra>",
      },
    ],
    source,
    title,
    height,
    override: layout,
    layout: {
      hovermode: "x unified",
      bargap: 0.15,
      xaxis: { type: kind === "date" ? "date" : "linear", title: { text: kind === "date" ? axisTitle("time", "UTC") : "time" } },
      yaxis: { title: { text: axisTitle("daily net flow", scaledUnit(unit, barScale)) }, zeroline: true, range: barRange },
      yaxis2: { title: { text: axisTitle("cumulative flow", scaledUnit(unit, cumScale)) }, overlaying: "y", side: "right", showgrid: false, zeroline: false, range: cumRange, tickmode: "auto" },
      margin: { r: 72 },
      annotations:
        marked
          ? [{ x: x[worst], y: f[worst] / barScale.factor, xref: "x", yref: "y", text: `largest outflow: ${formatAmount(f[worst], unit)} (${when(worst)})`, showarrow: true, arrowhead: 2, arrowcolor: COLORS.text, ax: 0, ay: 28, yanchor: "top", font: { size: 11, color: COLORS.text }, name: "largest-outflow" }]
          : [],
    },
  });
}

/**
 * Ranges for two axes sharing a plot, padded, with zero at the same height on both: so the
 * cumulative line crosses zero where the bars do.
 */
function alignedZero(a: number[], b: number[], padBelowA: number): [[number, number], [number, number]] {
  const span = (v: number[], padBelow = 0.1) => {
    let lo = 0;
    let hi = 0;
    for (const x of v) if (x === x) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
    const pad = (hi - lo) * 0.1 || 1;
    return [lo < 0 ? lo - ((hi - lo) * padBelow || 1) : 0, hi > 0 ? hi + pad : 0];
  };
  const [a0, a1] = span(a, padBelowA);
  const [b0, b1] = span(b);
  // Zero's height as a share of the axis; both axes take the larger share below zero.
  const below = Math.max(-a0 / (a1 - a0 || 1), -b0 / (b1 - b0 || 1));
  const fit = ([lo, hi]: number[]): [number, number] => {
    if (below >= 1) return [lo, 0];
    const top = Math.max(hi, (-lo * (1 - below)) / (below || 1));
    return [below > 0 ? -(top * below) / (1 - below) : 0, top];
  };
  return [fit([a0, a1]), fit([b0, b1])];
}
