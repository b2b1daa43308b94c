/**
 * mNAV against 1: one line per treasury company (market value over the value of its coins),
 * a dashed line at 1 and the region below it shaded. Below 1 the stock is worth less than the
 * coins it holds, and selling coins to buy back stock pays (claim A11).
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure, type Trace } from "./figure";
import { lttb, pick } from "./downsample";
import { extent } from "./bins";
import { axisData, labelTime } from "./format";
import { COLORS, paletteColor, withAlpha } from "./theme";
import { tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link mnavChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface MnavChartOptions extends ChartOptions {
  /** The time column: the first of "time", "date", "month", "day". */
  time?: string;
  /** The company column: the first of "company", "name", "ticker", "symbol"; several are joined ("Strategy · market cap"). */
  company?: string | readonly string[];
  /** The mNAV column: the first of "mnav", "mNAV". */
  mnav?: string;
  /** At most this many points per company (LTTB). Default 2000. */
  maxPoints?: number;
  /** At most this many companies (lines); more is an error asking to filter. Default 30. */
  maxCompanies?: number;
}

const MNAV_CHART_OPTIONS = optionKeys<MnavChartOptions>()("time", "company", "mnav", "maxPoints", "maxCompanies", "source", "title", "height", "layout");

/**
 * mNAV over time by company, against the line at 1. `points`: one row per company and time,
 * with the mNAV (a ratio: 0.98 is 2 % below the coins' value).
 *
 * @example
 *   mnavChart(snapshot().treasuries, { company: ["company", "basis"], source: "public reporting, Nov 2025" })
 *   mnavChart(daily, { source: "company filings; CoinGecko prices" })
 */
export function mnavChart(points: Table, options: MnavChartOptions): Figure {
  checkOptions("mnavChart", options, MNAV_CHART_OPTIONS);
  const chart = "mnavChart";
  const { source, title = "mNAV: market value over coin holdings", height = 460, layout, time, company, mnav, maxPoints = 2000, maxCompanies = 30 } = options ?? ({} as MnavChartOptions);
  requireSource(chart, source);
  const read = tableReader(points, chart, "mNAV points");
  const timeName = read.resolve("time", time, ["time", "date", "month", "day"]);
  const { values: t, kind } = read.axis(timeName);
  const m = read.numbers(read.resolve("mnav", mnav, ["mnav", "mNAV"]));
  const companyColumns = company === undefined ? [read.resolve("company", undefined, ["company", "name", "ticker", "symbol"])] : (typeof company === "string" ? [company] : [...company]).map((c) => read.resolve("company", c, [c]));
  const labels = companyColumns.map((c) => read.strings(c));
  const names = Array.from(m, (_v, i) => labels.map((l) => l[i]).filter(Boolean).join(" \u00b7 "));

  const byCompany = new Map<string, number[]>();
  names.forEach((n, i) => {
    if (!(m[i] === m[i] && t[i] === t[i])) return;
    let rows = byCompany.get(n);
    if (!rows) byCompany.set(n, (rows = []));
    rows.push(i);
  });
  if (byCompany.size > maxCompanies) throw new Error(`${chart}: ${byCompany.size} companies is more lines than a chart can show (maxCompanies ${maxCompanies}); filter the points first`);
  // One date for all (a table of latest values): a dot per company instead of lines.
  const single = new Set(Array.from(t).filter((v) => v === v)).size === 1;
  const data: Trace[] = [...byCompany.entries()].map(([name, rows], k) => {
    if (single) {
      return {
        type: "scatter",
        mode: "markers+text",
        name,
        x: rows.map(() => name),
        y: rows.map((i) => m[i]),
        text: rows.map((i) => `${m[i].toFixed(2)}x`),
        textposition: "middle right",
        textfont: { color: COLORS.text, size: 11 },
        marker: { color: paletteColor(k), size: 11 },
        hovertemplate: `${name}: %{y:.2f}x<extra></extra>`,
        showlegend: false,
      };
    }
    rows.sort((a, b) => t[a] - t[b]);
    const ts = Float64Array.from(rows, (i) => t[i]);
    const ms = Float64Array.from(rows, (i) => m[i]);
    const idx = lttb(ts, ms, maxPoints);
    return {
      type: "scatter",
      mode: rows.length <= 60 ? "lines+markers" : "lines",
      name,
      x: axisData(pick(ts, idx), kind),
      y: pick(ms, idx),
      line: { color: paletteColor(k), width: 2 },
      marker: { color: paletteColor(k), size: 7 },
      hovertemplate: `${name}: %{y:.2f}x<extra></extra>`,
    };
  });
  const [lo, hi] = extent(m);
  const bottom = Math.min(lo, 1);
  const top = Math.max(hi, 1);
  const pad = Math.max(0.05, (top - bottom) * 0.12);
  const range = [Math.max(0, bottom - pad), top + pad];
  return figure({
    chart,
    data,
    source,
    title,
    height,
    override: layout,
    layout: {
      hovermode: "closest",
      xaxis: single
        ? { type: "category", title: { text: `company (${singleLabel(read.raw(timeName), t, kind)})` } }
        : { type: kind === "date" ? "date" : "linear", title: { text: kind === "date" ? axisTitle("time", "UTC") : "time" } },
      yaxis: { title: { text: axisTitle("mNAV", "x coin value") }, range, ticksuffix: "x" },
      shapes: [
        { type: "rect", xref: "paper", yref: "y", x0: 0, x1: 1, y0: range[0], y1: 1, fillcolor: withAlpha(COLORS.down, 0.1), line: { width: 0 }, layer: "below" },
        { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 1, y1: 1, line: { color: COLORS.reference, width: 1.5, dash: "dash" } },
      ],
      annotations: [
        // Bottom left: in a falling market the lines have left it.
        { xref: "paper", yref: "y", x: 0, xanchor: "left", xshift: 4, y: range[0], yanchor: "bottom", text: "below 1: the stock is worth less than its coins", showarrow: false, font: { size: 11, color: COLORS.text } },
      ],
    },
  });
}

/** The one time of a table of latest values, as given ("2025-11") or as a date. */
function singleLabel(raw: ArrayLike<unknown>, t: Float64Array, kind: "date" | "linear"): string {
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== t[i]) continue;
    if (typeof raw[i] === "string") return raw[i] as string;
    return kind === "date" ? labelTime(t[i]) : String(t[i]);
  }
  return "";
}
