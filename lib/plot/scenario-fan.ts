/**
 * Scenario fan charts: the spread of simulated price paths as quantile bands (p5-p95 light,
 * p25-p75 darker), the median as a line, and support levels as dashed lines (the article's
 * "BTC keeps testing $80k" scenario, claim A21).
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure, type Layout, type Trace } from "./figure";
import { lttb, pick } from "./downsample";
import { axisData, formatNumber } from "./format";
import { COLORS, withAlpha } from "./theme";
import { tableReader, type AxisValues, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Simulated paths: one array per path, all of the same length, with the times of their steps (or step numbers when absent). */
export interface ScenarioPaths {
  paths: ArrayLike<ArrayLike<number>>;
  time?: ArrayLike<number | string | Date>;
}

/** A level to mark: a number or a value with a label. */
export type SupportLevel = number | { value: number; label?: string };

/** Options of {@link scenarioFanChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface ScenarioFanChartOptions extends ChartOptions {
  /** With a quantile table: its time column; "time" by default. */
  time?: string;
  /** With a quantile table: the 5th-percentile column; the first of "p5", "p05", "q05" by default. */
  p5?: string;
  /** With a quantile table: the 25th-percentile column; "p25" or "q25" by default. */
  p25?: string;
  /** With a quantile table: the median column; the first of "p50", "median", "q50" by default. */
  p50?: string;
  /** With a quantile table: the 75th-percentile column; "p75" or "q75" by default. */
  p75?: string;
  /** With a quantile table: the 95th-percentile column; "p95" or "q95" by default. */
  p95?: string;
  /** Support (or resistance) levels, drawn as dashed lines: 80000, or { value: 80000, label: "support $80k" }. */
  support?: SupportLevel | readonly SupportLevel[];
  /** Price unit. Default "USD". */
  unit?: string;
  /** Unit of a numeric (not dated) time axis. Default "days". */
  timeUnit?: string;
  /** At most this many points per band edge (the median's LTTB choice of steps, shared by all bands). Default 2000. */
  maxPoints?: number;
}

const LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * Quantiles (linear interpolation between order statistics, as numpy's default) of simulated
 * paths at every step: one Float64Array per requested probability.
 *
 * @example
 *   pathQuantiles([[1, 2], [3, 4], [5, 6]], [0.5]) // [Float64Array [3, 4]]
 */
export function pathQuantiles(paths: ArrayLike<ArrayLike<number>>, probabilities: readonly number[] = LEVELS): Float64Array[] {
  if (paths.length === 0) throw new Error("pathQuantiles: no paths");
  const steps = paths[0].length;
  for (let k = 1; k < paths.length; k++) if (paths[k].length !== steps) throw new Error(`pathQuantiles: path ${k} has ${paths[k].length} steps but path 0 has ${steps}`);
  const out = probabilities.map(() => new Float64Array(steps));
  const column = new Float64Array(paths.length);
  for (let j = 0; j < steps; j++) {
    let n = 0;
    for (let k = 0; k < paths.length; k++) {
      const v = paths[k][j];
      if (v === v) column[n++] = v;
    }
    const sorted = column.subarray(0, n).sort();
    probabilities.forEach((q, r) => {
      if (n === 0) return void (out[r][j] = NaN);
      const h = (n - 1) * q;
      const lo = Math.floor(h);
      out[r][j] = sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, n - 1)] ?? sorted[lo]) - sorted[lo]);
    });
  }
  return out;
}

function isPaths(input: unknown): input is ScenarioPaths {
  return !!input && typeof input === "object" && "paths" in input && typeof (input as ScenarioPaths).paths === "object";
}

const SUPPORT_LEVEL_OPTIONS = optionKeys<Exclude<SupportLevel, number>>()("value", "label");
const SCENARIO_FAN_CHART_OPTIONS = optionKeys<ScenarioFanChartOptions>()("time", "p5", "p25", "p50", "p75", "p95", "support", "unit", "timeUnit", "maxPoints", "source", "title", "height", "layout");

/**
 * A fan of scenarios: quantile bands, the median, and support levels. `scenarios`: either
 * simulated paths `{ paths, time? }` (quantiles are taken here), or a table of quantiles by
 * time (columns time, p5, p25, p50, p75, p95).
 *
 * @example
 *   scenarioFanChart({ paths: sim.paths, time: sim.time }, { support: { value: 80_000, label: "support $80k" }, source: "Monte Carlo, 10,000 paths, seed 7" })
 *   scenarioFanChart(quantileTable, { support: 80_000, source: "cascade model" })
 */
export function scenarioFanChart(scenarios: ScenarioPaths | Table, options: ScenarioFanChartOptions): Figure {
  checkOptions("scenarioFanChart", options, SCENARIO_FAN_CHART_OPTIONS);
  const chart = "scenarioFanChart";
  const { source, title = "Scenarios: quantiles of simulated paths", height = 480, layout, time = "time", p5, p25, p50, p75, p95, support, unit = "USD", timeUnit = "days", maxPoints = 2000 } =
    options ?? ({} as ScenarioFanChartOptions);
  requireSource(chart, source);
  let axis: AxisValues;
  let bands: Float64Array[];
  if (isPaths(scenarios)) {
    bands = pathQuantiles(scenarios.paths);
    const steps = bands[0].length;
    if (scenarios.time) {
      const read = tableReader({ time: scenarios.time }, chart, "scenarios");
      axis = read.axis("time");
      if (axis.values.length !== steps) throw new Error(`${chart}: time has ${axis.values.length} values but the paths have ${steps} steps`);
    } else axis = { values: Float64Array.from({ length: steps }, (_, i) => i), kind: "linear" };
  } else {
    const read = tableReader(scenarios, chart, "quantiles");
    axis = read.axis(read.resolve("time", time, [time]));
    bands = [
      read.numbers(read.resolve("p5", p5, ["p5", "p05", "q05"])),
      read.numbers(read.resolve("p25", p25, ["p25", "q25"])),
      read.numbers(read.resolve("p50", p50, ["p50", "median", "q50"])),
      read.numbers(read.resolve("p75", p75, ["p75", "q75"])),
      read.numbers(read.resolve("p95", p95, ["p95", "q95"])),
    ];
  }
  const { values: t, kind } = axis;
  const idx = lttb(t, bands[2], maxPoints);
  const x = axisData(pick(t, idx), kind);
  const y = bands.map((b) => pick(b, idx));
  const edge = (name: string, values: number[], fill?: string, legend?: string): Trace => ({
    type: "scatter",
    mode: "lines",
    name: legend ?? name,
    x,
    y: values,
    line: { width: 0, color: COLORS.primary },
    ...(fill ? { fill: "tonexty", fillcolor: fill } : {}),
    showlegend: !!legend,
    hovertemplate: `${name}: %{y:,.0f} ${unit}<extra></extra>`,
  });
  const data: Trace[] = [
    edge("p5", y[0]),
    edge("p95", y[4], withAlpha(COLORS.primary, 0.2), "p5\u2013p95"),
    edge("p25", y[1]),
    edge("p75", y[3], withAlpha(COLORS.primary, 0.32), "p25\u2013p75"),
    { type: "scatter", mode: "lines", name: "median", x, y: y[2], line: { color: COLORS.primary, width: 2 }, hovertemplate: `median: %{y:,.0f} ${unit}<extra></extra>` },
  ];
  const levels = support === undefined ? [] : Array.isArray(support) ? (support as SupportLevel[]) : [support as SupportLevel];
  const shapes: Layout[] = [];
  const annotations: Layout[] = [];
  levels.forEach((level, k) => typeof level === "object" && checkOptions(`${chart}: support${Array.isArray(support) ? `[${k}]` : ""}`, level, SUPPORT_LEVEL_OPTIONS));
  for (const level of levels) {
    const { value, label } = typeof level === "number" ? { value: level, label: undefined } : level;
    if (!Number.isFinite(value)) throw new Error(`${chart}: a support level must be a finite number, got ${value}`);
    shapes.push({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: value, y1: value, line: { color: COLORS.down, width: 1.5, dash: "dash" } });
    annotations.push({ xref: "paper", yref: "y", x: 0, xanchor: "left", y: value, yanchor: "bottom", text: label ?? `support ${formatNumber(value)} ${unit}`, showarrow: false, font: { size: 11, color: COLORS.down } });
  }
  return figure({
    chart,
    data,
    source,
    title,
    height,
    override: layout,
    layout: {
      hovermode: "x unified",
      xaxis: { type: kind === "date" ? "date" : "linear", title: { text: kind === "date" ? axisTitle("time", "UTC") : axisTitle("time", timeUnit) } },
      yaxis: { title: { text: axisTitle("price", unit) }, tickformat: ",~f" },
      shapes,
      annotations,
    },
  });
}
