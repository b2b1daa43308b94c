/**
 * Order-book depth profiles, before and after: the dollars resting within each band of the mid
 * (0.5, 1, 2, 5, 10 %), bids to the left of the mid and asks to the right, one bar colour per
 * profile. The last profile's bars are labelled with their change from the first: the "1 %
 * depth fell 98 %" of a crash reads straight off the chart.
 */
import { axisTitle, figure, requireSource, type ChartOptions, type Figure, type Trace } from "./figure";
import { amountScale, formatAmount, formatNumber, formatPercent, scaledUnit } from "./format";
import { COLORS, paletteColor } from "./theme";
import { selectRows, tableReader, type Table } from "./table";
import { checkOptions, optionKeys } from "../options";

/** Profiles: `{ name: bands }`, `[{ name, bands }]`, or one table with a profile column (option `by`). */
export type DepthProfiles = Record<string, Table> | ReadonlyArray<{ name: string; bands: Table }> | Table;

/** Options of {@link depthProfileChart}, with the title, source, height and layout of {@link ChartOptions}. */
export interface DepthProfileChartOptions extends ChartOptions {
  /** With a single table: the column naming the profile of each row ("when"). */
  by?: string;
  /** Band column: the first of "band_pct", "distance_pct", "band", "distance". */
  distance?: string;
  /** The band's unit: "percent" (1 for 1 %) or "fraction" (0.01). By default from the name (…pct, …percent: percent) or the values (all <= 0.25: fraction). */
  distanceUnit?: "percent" | "fraction";
  /** Bid depth column: the first of "bid", "bids", "bid_usd", "bid_depth". */
  bid?: string;
  /** Ask depth column: the first of "ask", "asks", "ask_usd", "ask_depth". */
  ask?: string;
  /** Depth of both sides together, used when there are no bid and ask columns: the first of "total", "depth_usd", "depth", "usd". */
  total?: string;
  /** Depth unit. Default "USD". */
  unit?: string;
  /** Label the last profile's bars with the change from the first. Default true (with two or more profiles). */
  showChange?: boolean;
}

const MAX_BANDS = 40;

interface Profile {
  name: string;
  bid: Map<number, number>;
  ask: Map<number, number>;
  total: Map<number, number>;
}

const isTableValue = (v: unknown) => !!v && typeof v === "object" && !(ArrayBuffer.isView(v)) && (!Array.isArray(v) || (v.length > 0 && typeof v[0] === "object" && v[0] !== null));

function split(input: DepthProfiles, by: string | undefined): Array<{ name: string; bands: Table }> {
  if (by !== undefined) {
    const read = tableReader(input as Table, "depthProfileChart", "depth bands");
    const names = read.strings(read.resolve("by", by, [by]));
    return [...new Set(names)].map((name) => ({ name, bands: selectRows(read, names.flatMap((n, i) => (n === name ? [i] : []))) }));
  }
  if (Array.isArray(input) && input.length > 0 && "bands" in (input[0] as object)) return input as Array<{ name: string; bands: Table }>;
  const values = Object.values(input as object);
  if (!Array.isArray(input) && typeof (input as { column?: unknown }).column !== "function" && values.length > 0 && values.every(isTableValue)) {
    return Object.entries(input as Record<string, Table>).map(([name, bands]) => ({ name, bands }));
  }
  return [{ name: "depth", bands: input as Table }];
}

const DEPTH_PROFILE_CHART_OPTIONS = optionKeys<DepthProfileChartOptions>()("by", "distance", "distanceUnit", "bid", "ask", "total", "unit", "showChange", "source", "title", "height", "layout");

/**
 * Depth within each band, per profile: bars of cumulative bid depth left of the mid and ask
 * depth right of it (or of both sides' total, when the bands have only that).
 *
 * Bands: rows with a band (distance from the mid) and the depth within it, as
 * `depthBands(book)` gives them (`{ band: 0.01, bid, ask }`) or as the snapshot's depth table
 * (`band_pct`, `depth_usd`, with a `when` column to split by).
 *
 * @example
 *   depthProfileChart({ "Oct 10 20:40": depthBands(before), "Oct 10 21:20": depthBands(after) }, { source: "Binance order book via ccxt" })
 *   const btc = snapshot().depth.filter((r) => r.asset === "BTC");
 *   depthProfileChart(btc.withColumn("phase", btc.strings("when").map((w) => w?.split(":")[0] ?? "")), { by: "phase", source: "CoinDesk Research" })
 */
export function depthProfileChart(profiles: DepthProfiles, options: DepthProfileChartOptions): Figure {
  checkOptions("depthProfileChart", options, DEPTH_PROFILE_CHART_OPTIONS);
  const chart = "depthProfileChart";
  const { source, title = "Order-book depth by distance from the mid", height = 460, layout, by, distance, distanceUnit, bid, ask, total, unit = "USD", showChange = true } =
    options ?? ({} as DepthProfileChartOptions);
  requireSource(chart, source);
  const parsed: Profile[] = split(profiles, by).map(({ name, bands }) => {
    const read = tableReader(bands, chart, `depth bands of "${name}"`);
    const dName = read.resolve("distance", distance, ["band_pct", "distance_pct", "band", "distance"]);
    const d = read.numbers(dName);
    const fraction = distanceUnit ? distanceUnit === "fraction" : !/pct|percent/i.test(dName) && Array.from(d).every((v) => !(v > 0.25));
    const pct = Array.from(d, (v) => Math.round((fraction ? v * 100 : v) * 1e6) / 1e6);
    const bidName = bid ?? read.find(["bid", "bids", "bid_usd", "bid_depth"]);
    const askName = ask ?? read.find(["ask", "asks", "ask_usd", "ask_depth"]);
    const toMap = (values: Float64Array) => new Map(pct.flatMap((p, i) => (values[i] === values[i] ? [[p, values[i]] as [number, number]] : [])));
    if (bidName || askName) {
      return {
        name,
        bid: bidName ? toMap(read.numbers(read.resolve("bid", bidName, [bidName]))) : new Map(),
        ask: askName ? toMap(read.numbers(read.resolve("ask", askName, [askName]))) : new Map(),
        total: new Map(),
      };
    }
    return { name, bid: new Map(), ask: new Map(), total: toMap(read.numbers(read.resolve("total", total, ["total", "depth_usd", "depth", "usd"]))) };
  });
  if (parsed.length === 0) throw new Error(`${chart}: no profiles to draw`);

  const twoSided = parsed.some((p) => p.bid.size > 0 || p.ask.size > 0);
  const distances = [...new Set(parsed.flatMap((p) => [...p.bid.keys(), ...p.ask.keys(), ...p.total.keys()]))].sort((a, b) => a - b);
  if (distances.length > MAX_BANDS) throw new Error(`${chart}: ${distances.length} distinct bands; a depth profile shows a handful (0.5, 1, 2, 5, 10 %), at most ${MAX_BANDS}: compute bands first (depthBands)`);
  const pctText = (d: number) => `${formatNumber(d, 2)} %`;
  const slots: Array<{ label: string; side: "bid" | "ask" | "total"; d: number }> = twoSided
    ? [...[...distances].reverse().map((d) => ({ label: `\u2212${pctText(d)}`, side: "bid" as const, d })), ...distances.map((d) => ({ label: `+${pctText(d)}`, side: "ask" as const, d }))]
    : distances.map((d) => ({ label: `\u00b1${pctText(d)}`, side: "total" as const, d }));
  let max = 0;
  for (const p of parsed) for (const m of [p.bid, p.ask, p.total]) for (const v of m.values()) max = Math.max(max, Math.abs(v));
  const scale = amountScale(max);
  const first = parsed[0];
  const last = parsed[parsed.length - 1];
  const data: Trace[] = parsed.map((p, i) => {
    const raw = slots.map((s) => p[s.side].get(s.d));
    const labelled = showChange && parsed.length > 1 && p === last;
    const text = labelled
      ? slots.map((s, k) => {
          const before = first[s.side].get(s.d);
          const now = raw[k];
          return before !== undefined && now !== undefined && before > 0 ? formatPercent((now / before - 1) * 100, 0) : "";
        })
      : undefined;
    return {
      type: "bar",
      name: p.name,
      x: slots.map((s) => s.label),
      y: raw.map((v) => (v === undefined ? null : v / scale.factor)),
      customdata: raw.map((v) => (v === undefined ? "" : formatAmount(v, unit))),
      hovertemplate: `${p.name}, %{x}: %{customdata}<extra></extra>`,
      marker: { color: paletteColor(i) },
      ...(text ? { text, textposition: "outside", textfont: { color: COLORS.text, size: 11 }, cliponaxis: false } : {}),
    };
  });
  const bidCount = twoSided ? distances.length : 0;
  return figure({
    chart,
    data,
    source,
    title,
    height,
    override: layout,
    layout: {
      barmode: "group",
      bargap: 0.25,
      xaxis: {
        type: "category",
        categoryorder: "array",
        categoryarray: slots.map((s) => s.label),
        title: { text: axisTitle(twoSided ? "distance from the mid: bids left, asks right" : "band around the mid", "%") },
      },
      yaxis: { title: { text: axisTitle("cumulative depth", scaledUnit(unit, scale)) }, rangemode: "tozero" },
      ...(twoSided
        ? {
            shapes: [{ type: "line", xref: "x", yref: "paper", x0: bidCount - 0.5, x1: bidCount - 0.5, y0: 0, y1: 1, line: { color: COLORS.reference, width: 1, dash: "dot" } }],
            // Beside the mid line, at the top: the narrowest bands (the shortest bars) are there.
            annotations: [
              { xref: "x", yref: "paper", x: bidCount - 0.5, xanchor: "right", xshift: -4, y: 1, yanchor: "top", text: "\u2190 bids", showarrow: false, font: { color: COLORS.text, size: 11 } },
              { xref: "x", yref: "paper", x: bidCount - 0.5, xanchor: "left", xshift: 4, y: 1, yanchor: "top", text: "asks \u2192", showarrow: false, font: { color: COLORS.text, size: 11 } },
            ],
          }
        : {}),
    },
  });
}
