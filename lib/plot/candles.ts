/**
 * Candles with volume bars under them and liquidations marked on the price: the chart of a
 * crash hour. Long liquidations (forced sells) are circles at the bar's low, short
 * liquidations (forced buys) at its high, sized by the dollars liquidated in the bar.
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure, type Trace } from "./figure";
import { bucketOhlc } from "./ohlc-buckets";
import { barOf } from "./bins";
import { axisData, plotTime } from "./format";
import { COLORS, withAlpha } from "./theme";
import { tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link candlesChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface CandlesChartOptions extends ChartOptions {
  /** The time column; "time" by default. */
  time?: string;
  /** The open-price column; "open" by default. */
  open?: string;
  /** The high-price column; "high" by default. */
  high?: string;
  /** The low-price column; "low" by default. */
  low?: string;
  /** The close-price column; "close" by default. */
  close?: string;
  /** The volume column: "volume" when the candles have it; null for no volume panel. */
  volume?: string | null;
  /** The instrument, for the legend and the default title ("BTC-USD"). */
  name?: string;
  /** Price unit, for the axis title. Default "USD". */
  priceUnit?: string;
  /** Volume unit, for the axis title. Default "coins". */
  volumeUnit?: string;
  /** Liquidation orders to mark: a table with a time, a dollar size and (optionally) a side. */
  liquidations?: Table;
  /** The liquidations' time column. Default "time". */
  liquidationTime?: string;
  /** The liquidations' dollar column: the first of "usd", "notional", "size_usd", "size", "value". */
  liquidationSize?: string;
  /** The liquidations' side column ("long"/"sell": a long liquidated; "short"/"buy": a short); "side" when present, null to ignore. */
  liquidationSide?: string | null;
  /** At most this many candles are drawn: more rows are merged into OHLC bars. Default 2000. */
  maxCandles?: number;
}

const SIZE_COLUMNS = ["usd", "notional", "size_usd", "size", "value"];

function sideOf(text: string): "long" | "short" | "all" {
  const t = text.trim().toLowerCase();
  if (t.startsWith("long") || t === "sell") return "long";
  if (t.startsWith("short") || t === "buy") return "short";
  return "all";
}

const CANDLES_CHART_OPTIONS = optionKeys<CandlesChartOptions>()("time", "open", "high", "low", "close", "volume", "name", "priceUnit", "volumeUnit", "liquidations", "liquidationTime", "liquidationSize", "liquidationSide", "maxCandles", "source", "title", "height", "layout");

/**
 * A candlestick chart of `candles` (columns time, open, high, low, close and optionally volume,
 * as the loaders and `snapshot().candles` give them), with a volume panel and liquidation
 * markers when given.
 *
 * @example
 *   const { candles } = snapshot();
 *   candlesChart(candles.slice(-72), { name: "BTC-USD", source: "CryptoCompare daily OHLCV (observed); hours reconstructed (snapshot)" })
 *   candlesChart(snapshot().daily, { name: "BTC-USD daily", source: "CryptoCompare aggregate index (observed)" })
 *   candlesChart(candles, { liquidations: liqs, volume: null, source: "Binance via ccxt; liquidations: CoinGlass" })
 */
export function candlesChart(candles: Table, options: CandlesChartOptions): Figure {
  checkOptions("candlesChart", options, CANDLES_CHART_OPTIONS);
  const chart = "candlesChart";
  const {
    source,
    title,
    height = 560,
    layout,
    time = "time",
    open = "open",
    high = "high",
    low = "low",
    close = "close",
    name,
    priceUnit = "USD",
    volumeUnit = "coins",
    liquidations,
    liquidationTime = "time",
    liquidationSize,
    liquidationSide,
    maxCandles = 2000,
  } = options ?? ({} as CandlesChartOptions);
  requireSource(chart, source);
  const read = tableReader(candles, chart, "candles");
  const volumeName = options?.volume === undefined ? read.find(["volume"]) : options.volume ?? undefined;
  const t = read.times(read.resolve("time", time, [time]));
  const bars = bucketOhlc(
    {
      time: t,
      open: read.numbers(read.resolve("open", open, [open])),
      high: read.numbers(read.resolve("high", high, [high])),
      low: read.numbers(read.resolve("low", low, [low])),
      close: read.numbers(read.resolve("close", close, [close])),
      volume: volumeName ? read.numbers(read.resolve("volume", volumeName, [volumeName])) : undefined,
    },
    maxCandles,
  );
  const x = axisData(bars.time, "date");
  const label = name ?? "price";
  const data: Trace[] = [
    {
      type: "candlestick",
      name: bars.rowsPerBar > 1 ? `${label} (${bars.rowsPerBar} rows per bar)` : label,
      x,
      open: Array.from(bars.open),
      high: Array.from(bars.high),
      low: Array.from(bars.low),
      close: Array.from(bars.close),
      increasing: { line: { color: COLORS.up, width: 1 }, fillcolor: COLORS.up },
      decreasing: { line: { color: COLORS.down, width: 1 }, fillcolor: COLORS.down },
      yaxis: "y",
    },
  ];
  if (bars.volume) {
    const colors = Array.from(bars.close, (c, i) => withAlpha(c >= bars.open[i] ? COLORS.up : COLORS.down, 0.6));
    data.push({ type: "bar", name: "volume", x, y: Array.from(bars.volume), marker: { color: colors }, yaxis: "y2", showlegend: false, hovertemplate: `volume %{y:,.4~f} ${volumeUnit}<extra></extra>` });
  }
  if (liquidations) data.push(...liquidationMarkers(liquidations, bars, { liquidationTime, liquidationSize, liquidationSide }));

  const priceDomain = bars.volume ? [0.3, 1] : [0, 1];
  return figure({
    chart,
    data,
    source,
    title: title ?? (name ? `${name} candles` : "Candles"),
    height,
    override: layout,
    layout: {
      hovermode: "x",
      xaxis: { type: "date", title: { text: axisTitle("time", "UTC") }, rangeslider: { visible: false }, anchor: bars.volume ? "y2" : "y" },
      yaxis: { title: { text: axisTitle("price", priceUnit) }, domain: priceDomain, tickformat: ",~f" },
      ...(bars.volume ? { yaxis2: { title: { text: axisTitle("volume", volumeUnit) }, domain: [0, 0.22], tickformat: "~s" } } : {}),
    },
  });
}

function liquidationMarkers(
  table: Table,
  bars: ReturnType<typeof bucketOhlc>,
  { liquidationTime, liquidationSize, liquidationSide }: { liquidationTime: string; liquidationSize?: string; liquidationSide?: string | null },
): Trace[] {
  const read = tableReader(table, "candlesChart", "liquidations");
  const t = read.times(read.resolve("liquidationTime", liquidationTime, [liquidationTime]));
  const usd = read.numbers(read.resolve("liquidationSize", liquidationSize, SIZE_COLUMNS));
  const sideName = liquidationSide === undefined ? read.find(["side"]) : liquidationSide ?? undefined;
  const sides = sideName ? read.strings(read.resolve("liquidationSide", sideName, [sideName])).map(sideOf) : undefined;
  const kinds = ["long", "short", "all"] as const;
  const sums = Object.fromEntries(kinds.map((k) => [k, new Float64Array(bars.time.length)])) as Record<(typeof kinds)[number], Float64Array>;
  // A liquidation after the last bar's start belongs to the last bar only if it is within one bar's span.
  const span = bars.time.length > 1 ? bars.time[bars.time.length - 1] - bars.time[bars.time.length - 2] : Infinity;
  for (let i = 0; i < t.length; i++) {
    const b = barOf(bars.time, t[i]);
    if (b < 0 || !(usd[i] > 0) || (b === bars.time.length - 1 && t[i] >= bars.time[b] + span)) continue;
    sums[sides ? sides[i] : "all"][b] += usd[i];
  }
  let max = 0;
  for (const k of kinds) for (const v of sums[k]) if (v > max) max = v;
  const traces: Trace[] = [];
  const style = {
    long: { name: "longs liquidated", color: COLORS.longsLiquidated, at: bars.low },
    short: { name: "shorts liquidated", color: COLORS.shortsLiquidated, at: bars.high },
    all: { name: "liquidations", color: COLORS.longsLiquidated, at: bars.low },
  };
  for (const k of kinds) {
    const x: Array<string | null> = [];
    const y: number[] = [];
    const size: number[] = [];
    const usd: number[] = [];
    sums[k].forEach((v, b) => {
      if (!(v > 0)) return;
      x.push(plotTime(bars.time[b]));
      y.push(style[k].at[b]);
      size.push(Math.round((6 + 22 * Math.sqrt(v / max)) * 10) / 10);
      usd.push(Math.round(v));
    });
    if (x.length === 0) continue;
    traces.push({
      type: "scatter",
      mode: "markers",
      name: style[k].name,
      x,
      y,
      customdata: usd,
      hovertemplate: `${style[k].name}: $%{customdata:,.0f}<br>%{x}<extra></extra>`,
      marker: { size, color: withAlpha(style[k].color, 0.55), line: { color: style[k].color, width: 1.5 } },
      yaxis: "y",
    });
  }
  return traces;
}
