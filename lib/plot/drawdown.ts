/**
 * Drawdown from the high: how far the price stands below the highest price seen so far. The
 * top panel draws the price and its running high; the bottom one the drawdown in percent,
 * with the deepest point labelled (the article's "from above $126k to about $80k, -36 %").
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure, type Trace } from "./figure";
import { lttb, pick } from "./downsample";
import { axisData, formatNumber, formatPercent, labelTime } from "./format";
import { COLORS, withAlpha } from "./theme";
import { tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link drawdownChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface DrawdownChartOptions extends ChartOptions {
  /** The time column. Default "time". */
  time?: string;
  /** The price column: the first of "close", "price", "value". */
  price?: string;
  /**
   * The column of highs the running high is taken from: "high" when the table has it, else the
   * price, as `drawdown()` does (pass the price column to measure closes only).
   */
  high?: string;
  /** The column the drawdown is measured at: "low" when the table has it (an intraday low counts), else the price. */
  low?: string;
  /** Instrument name for the legend ("BTC-USD"). */
  name?: string;
  /** Price unit, for the axis title. Default "USD". */
  priceUnit?: string;
  /** Draw the price panel above the drawdown. Default true. */
  showPrice?: boolean;
  /** At most this many points per line (LTTB; the deepest point is always kept). Default 2000. */
  maxPoints?: number;
}

const DRAWDOWN_CHART_OPTIONS = optionKeys<DrawdownChartOptions>()("time", "price", "high", "low", "name", "priceUnit", "showPrice", "maxPoints", "source", "title", "height", "layout");

/**
 * The running drawdown of a price series, with the price and its running high above it.
 * `prices`: a table with a time column and a price column. Candles are measured as
 * `drawdown()` measures them, from the running high of the highs to the lows (the label says
 * "high to low"); `high: "close", low: "close"` measures closes ("close to close").
 *
 * @example
 *   drawdownChart(snapshot().candles, { name: "BTC-USD", high: "high", low: "low", source: "CryptoCompare daily OHLC (observed); hours reconstructed (snapshot)" })
 *   drawdownChart({ time: days, close: closes }, { showPrice: false, source: "CoinDesk CADLI" })
 */
export function drawdownChart(prices: Table, options: DrawdownChartOptions): Figure {
  checkOptions("drawdownChart", options, DRAWDOWN_CHART_OPTIONS);
  const chart = "drawdownChart";
  const { source, title = "Drawdown from the high", height, layout, time = "time", price, high, low, name = "price", priceUnit = "USD", showPrice = true, maxPoints = 2000 } =
    options ?? ({} as DrawdownChartOptions);
  requireSource(chart, source);
  const read = tableReader(prices, chart, "prices");
  const { values: t, kind } = read.axis(read.resolve("time", time, [time]));
  const p = read.numbers(read.resolve("price", price, ["close", "price", "value"]));
  const priceName = read.resolve("price", price, ["close", "price", "value"]);
  // the same default as drawdown(): highs and lows when the table has them
  const highName = high ?? (read.has("high") ? "high" : priceName);
  const lowName = low ?? (read.has("low") ? "low" : priceName);
  const h = read.numbers(read.resolve("high", highName, [highName]));
  const l = read.numbers(read.resolve("low", lowName, [lowName]));

  const runningHigh = new Float64Array(p.length);
  const dd = new Float64Array(p.length);
  let peak = -Infinity;
  let deepest = -1;
  let deepestPeak = NaN;
  for (let i = 0; i < p.length; i++) {
    if (h[i] > peak) peak = h[i];
    runningHigh[i] = peak > -Infinity ? peak : NaN;
    dd[i] = peak > 0 ? (l[i] / peak - 1) * 100 : NaN;
    if (dd[i] === dd[i] && (deepest < 0 || dd[i] < dd[deepest])) (deepest = i), (deepestPeak = peak);
  }
  if (deepest < 0) throw new Error(`${chart}: the prices have no values that are not missing`);

  const ddIdx = lttb(t, dd, maxPoints);
  const data: Trace[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "drawdown",
      x: axisData(pick(t, ddIdx), kind),
      y: pick(dd, ddIdx).map(round2),
      fill: "tozeroy",
      fillcolor: withAlpha(COLORS.down, 0.18),
      line: { color: COLORS.down, width: 1.5 },
      hovertemplate: "%{y:.1f} %<extra>drawdown</extra>",
      yaxis: showPrice ? "y2" : "y",
    },
  ];
  if (showPrice) {
    const pIdx = lttb(t, p, maxPoints);
    const hIdx = lttb(t, runningHigh, maxPoints);
    data.unshift(
      { type: "scatter", mode: "lines", name, x: axisData(pick(t, pIdx), kind), y: pick(p, pIdx), line: { color: COLORS.primary, width: 1.5 }, yaxis: "y" },
      { type: "scatter", mode: "lines", name: "running high", x: axisData(pick(t, hIdx), kind), y: pick(runningHigh, hIdx), line: { color: COLORS.secondary, width: 1.5, dash: "dot", shape: "hv" }, yaxis: "y" },
    );
  }
  const peakAt = findPeak(h, deepest, deepestPeak);
  const when = (i: number) => (kind === "date" ? labelTime(t[i]) : formatNumber(t[i], 2));
  const xAt = (i: number) => axisData([t[i]], kind)[0];
  const note = `${formatPercent(dd[deepest], 1)} (${highName} to ${lowName}): ${formatNumber(l[deepest])} on ${when(deepest)}<br>from the high of ${formatNumber(deepestPeak)} on ${when(peakAt)}`;
  const timeTitle = kind === "date" ? axisTitle("time", "UTC") : "time";
  return figure({
    chart,
    data,
    source,
    title,
    height: height ?? (showPrice ? 560 : 420),
    override: layout,
    layout: {
      hovermode: "x unified",
      xaxis: { type: kind === "date" ? "date" : "linear", title: { text: timeTitle }, anchor: showPrice ? "y2" : "y" },
      ...(showPrice
        ? {
            yaxis: { title: { text: axisTitle("price", priceUnit) }, domain: [0.45, 1], tickformat: ",~f" },
            yaxis2: { title: { text: axisTitle("drawdown", "%") }, domain: [0, 0.38], ticksuffix: " %", rangemode: "tozero" },
          }
        : { yaxis: { title: { text: axisTitle("drawdown", "%") }, ticksuffix: " %", rangemode: "tozero" } }),
      annotations: [
        {
          x: xAt(deepest),
          y: round2(dd[deepest]),
          xref: "x",
          yref: showPrice ? "y2" : "y",
          text: note,
          showarrow: true,
          arrowhead: 2,
          arrowcolor: COLORS.text,
          ax: -40,
          ay: 0,
          xanchor: "right",
          align: "right",
          font: { size: 11, color: COLORS.text },
          bgcolor: "rgba(0,0,0,0)",
          name: "deepest",
        },
      ],
    },
  });
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** The first row at the running high in force at `deepest`. */
function findPeak(h: Float64Array, deepest: number, peak: number): number {
  for (let i = 0; i <= deepest; i++) if (h[i] === peak) return i;
  return 0;
}
