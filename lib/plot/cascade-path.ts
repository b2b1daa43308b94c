/**
 * The cascade's path: the price falling in the top panel, and under it the dollars liquidated
 * in each time bin, stacked by cohort (or cause), so the loop of "price breaks a level, forced
 * sells, price breaks the next" is seen step by step.
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure, type Trace } from "./figure";
import { lttb, pick } from "./downsample";
import { binCenters, binOf, equalBins, extent } from "./bins";
import { amountScale, axisData, scaledUnit } from "./format";
import { COLORS, paletteColor } from "./theme";
import { labelsOf, tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** A simulated or observed cascade: the price path and the liquidations along it. */
export interface CascadeInput {
  /** The price path: a time column and a price column. */
  path: Table;
  /** Liquidations: time, dollar size, and the group columns (cohort, cause). */
  liquidations: Table;
  /** Names for numeric group codes, found by the group column's plural ("cohorts", "causes"). */
  [names: string]: unknown;
}

/** Options of {@link cascadePathChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface CascadePathChartOptions extends ChartOptions {
  /** Time column of the path and of the liquidations. Default "time". */
  time?: string;
  /** The path's price column: the first of "price", "mid", "close", "mark". */
  price?: string;
  /** The liquidations' dollar column: the first of "usd", "notional", "size_usd", "size", "value". */
  size?: string;
  /** The column the bars are stacked by. Default "cohort" ("cause" is the other usual one). */
  by?: string;
  /** Names for numeric codes in the `by` column; by default the input's `${by}s` list when it has one. */
  groupNames?: readonly string[];
  /** Number of time bins for the bars. Default 120. */
  bins?: number;
  /** At most this many stacked groups: the smallest beyond it are summed into "other". Default 12. */
  maxGroups?: number;
  /** Price unit, for the price axis title. Default "USD". */
  priceUnit?: string;
  /** Unit of the liquidated amounts, for the bars' axis title. Default "USD". */
  sizeUnit?: string;
  /** Unit of a numeric (not dated) time axis. Default "steps". */
  timeUnit?: string;
  /** At most this many points on the price line (LTTB). Default 2000. */
  maxPoints?: number;
}

const SIZE_COLUMNS = ["usd", "notional", "size_usd", "size", "value"];

/** A model's result (simulateCascade) hands over its paths and events as frames. */
interface FramedResult {
  pathFrame(): Table;
  eventsFrame(): Table;
}

const CASCADE_PATH_CHART_OPTIONS = optionKeys<CascadePathChartOptions>()("time", "price", "size", "by", "groupNames", "bins", "maxGroups", "priceUnit", "sizeUnit", "timeUnit", "maxPoints", "source", "title", "height", "layout");

/**
 * Price path above, liquidated dollars per time bin stacked by cohort or cause below.
 * `cascade`: `{ path, liquidations }`, e.g. what a cascade simulation returns, or the candles
 * and the liquidation orders of a real day.
 *
 * @example
 *   const sim = simulateCascade({ ... });
 *   cascadePathChart(sim, { by: "cause", source: "cascade model, seed 1 (calibrated to CoinGlass Oct 10 totals)" })
 *   cascadePathChart({ path: candles, liquidations: liqs }, { price: "close", source: "Binance via ccxt" })
 */
export function cascadePathChart(input: CascadeInput | FramedResult, options: CascadePathChartOptions): Figure {
  checkOptions("cascadePathChart", options, CASCADE_PATH_CHART_OPTIONS);
  const chart = "cascadePathChart";
  const cascade: CascadeInput =
    typeof (input as FramedResult).pathFrame === "function" ? { path: (input as FramedResult).pathFrame(), liquidations: (input as FramedResult).eventsFrame() } : (input as CascadeInput);
  const {
    source,
    title = "Cascade: price and liquidations",
    height = 560,
    layout,
    time = "time",
    price,
    size,
    by = "cohort",
    groupNames,
    bins = 120,
    maxGroups = 12,
    priceUnit = "USD",
    sizeUnit = "USD",
    timeUnit = "steps",
    maxPoints = 2000,
  } = options ?? ({} as CascadePathChartOptions);
  requireSource(chart, source);
  if (!cascade || typeof cascade !== "object" || !cascade.path || !cascade.liquidations) {
    throw new Error(`${chart}: expected { path, liquidations }: the price path and the liquidations along it`);
  }
  const pathRead = tableReader(cascade.path, chart, "path");
  const { values: t, kind } = pathRead.axis(pathRead.resolve("time", time, [time]));
  const p = pathRead.numbers(pathRead.resolve("price", price, ["price", "mid", "close", "mark"]));
  const liqRead = tableReader(cascade.liquidations, chart, "liquidations");
  const lt = kind === "date" ? liqRead.times(liqRead.resolve("time", time, [time])) : liqRead.numbers(liqRead.resolve("time", time, [time]));
  const usd = liqRead.numbers(liqRead.resolve("size", size, SIZE_COLUMNS));
  const plural = cascade[`${by}s`];
  const names = groupNames ?? (Array.isArray(plural) && plural.every((s) => typeof s === "string") ? (plural as string[]) : undefined);
  const groups = labelsOf(liqRead, liqRead.resolve("by", by, [by]), names);

  const [lo, hi] = extent(t, lt);
  const edges = equalBins(lo, hi, bins);
  const sums = new Map<string, Float64Array>();
  for (let i = 0; i < usd.length; i++) {
    const b = binOf(edges, lt[i]);
    if (b < 0 || !(usd[i] > 0)) continue;
    const g = groups[i] || "(none)";
    let s = sums.get(g);
    if (!s) sums.set(g, (s = new Float64Array(bins)));
    s[b] += usd[i];
  }
  const total = (s: Float64Array) => s.reduce((a, v) => a + v, 0);
  let ordered = [...sums.entries()].sort((a, b) => total(b[1]) - total(a[1]));
  if (ordered.length > maxGroups) {
    const other = new Float64Array(bins);
    for (const [, s] of ordered.slice(maxGroups - 1)) for (let b = 0; b < bins; b++) other[b] += s[b];
    ordered = [...ordered.slice(0, maxGroups - 1), [`other (${ordered.length - maxGroups + 1} groups)`, other]];
  }
  let maxBin = 0;
  for (let b = 0; b < bins; b++) maxBin = Math.max(maxBin, ordered.reduce((a, [, s]) => a + s[b], 0));
  const scale = amountScale(maxBin);
  const centers = axisData(binCenters(edges), kind);

  const idx = lttb(t, p, maxPoints);
  const data: Trace[] = [
    { type: "scatter", mode: "lines", name: "price", x: axisData(pick(t, idx), kind), y: pick(p, idx), line: { color: COLORS.primary, width: 1.5 }, yaxis: "y", hovertemplate: `%{y:,.2f} ${priceUnit}<extra>price</extra>` },
    ...ordered.map(([g, s], i) => ({
      type: "bar",
      name: g,
      x: centers,
      y: Array.from(s, (v) => (v > 0 ? v / scale.factor : 0)),
      width: edges.width,
      marker: { color: paletteColor(i + 1), line: { width: 0 } },
      yaxis: "y2",
      hovertemplate: `${g}: %{y:,.3~f} ${scaledUnit(sizeUnit, scale)}<extra></extra>`,
    })),
  ];
  return figure({
    chart,
    data,
    source,
    title,
    height,
    override: layout,
    layout: {
      barmode: "stack",
      bargap: 0,
      hovermode: "x",
      xaxis: { type: kind === "date" ? "date" : "linear", title: { text: kind === "date" ? axisTitle("time", "UTC") : axisTitle("time", timeUnit) }, anchor: "y2" },
      yaxis: { title: { text: axisTitle("price", priceUnit) }, domain: [0.42, 1], tickformat: ",~f" },
      yaxis2: { title: { text: axisTitle(`liquidated by ${by}`, scaledUnit(sizeUnit, scale)) }, domain: [0, 0.34], rangemode: "tozero" },
    },
  });
}
