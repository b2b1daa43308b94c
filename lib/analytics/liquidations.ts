/**
 * Liquidation totals, from a frame of liquidation orders (one row per forced order, as the
 * loaders and the live capture write them) or from a published event's figures, and the ratio
 * of two events ("Nov 21 liquidated a quarter of the traders and a tenth of the dollars of
 * 1011").
 */
import { Frame } from "../frame";
import type { LiquidationEvent } from "../data/snapshot/events";
import { SOURCES } from "../data/snapshot/sources";
import { checkOptions, optionKeys } from "../options";

/** Totals of a liquidation event or frame. */
export interface LiquidationTotals {
  /** Dollars liquidated. */
  usd: number;
  /** Traders liquidated (a published event) or liquidation orders (a frame). */
  count: number;
  longsUsd: number;
  shortsUsd: number;
  /** longsUsd / (longsUsd + shortsUsd); NaN when the split is unknown. */
  longShare: number;
  /** The largest single liquidation, dollars. */
  largestUsd: number;
  /** The publications the figures come from (for a frame: its distinct `source` values, if any). */
  sources: string[];
}

/** Options of {@link liquidationTotals}: which tallies of an event, or which columns of a frame. */
export interface LiquidationTotalsOptions {
  /** For an event: prefer the checked tallies ("checked", the default) or the article's own ("article"). */
  prefer?: "checked" | "article";
  /** For a frame: the dollar column; "usd" by default, price x amount when the frame has no such column. */
  usd?: string;
  /** For a frame: the side column, "long" or "short" per row; "side" by default. */
  side?: string;
}

function fromEvent(event: LiquidationEvent, prefer: "checked" | "article"): LiquidationTotals {
  const sources = new Set<string>();
  const pick = (metric: string): number => {
    const all = event.figures.filter((f) => f.metric === metric);
    const fromArticle = all.filter((f) => f.source === SOURCES.article);
    const checked = all.filter((f) => f.source !== SOURCES.article);
    const figure = (prefer === "article" ? [...fromArticle, ...checked] : [...checked, ...fromArticle])[0];
    if (!figure) return NaN;
    sources.add(figure.source);
    return figure.value;
  };
  const usd = pick("liquidated_usd");
  const count = pick("traders");
  const longsUsd = pick("longs_usd");
  const shortsUsd = pick("shorts_usd");
  const largestUsd = pick("largest_liquidation_usd");
  return { usd, count, longsUsd, shortsUsd, longShare: longsUsd / (longsUsd + shortsUsd), largestUsd, sources: [...sources] };
}

function fromFrame(frame: Frame, usdName: string, sideName: string): LiquidationTotals {
  let usdValues: Float64Array;
  if (frame.has(usdName)) usdValues = frame.numbers(usdName);
  else if (frame.has("price") && frame.has("amount")) {
    const price = frame.numbers("price");
    const amount = frame.numbers("amount");
    usdValues = price.map((p, i) => p * amount[i]);
  } else throw new Error(`liquidationTotals needs a "${usdName}" column, or "price" and "amount"; the frame has: ${frame.columns.join(", ")}`);
  const sides = frame.has(sideName) ? frame.strings(sideName) : undefined;
  let usd = 0, longsUsd = 0, shortsUsd = 0, largestUsd = NaN, count = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = usdValues[i];
    if (v !== v) continue;
    count++;
    usd += v;
    if (!(v <= largestUsd)) largestUsd = v;
    const side = sides?.[i];
    if (side === "long") longsUsd += v;
    else if (side === "short") shortsUsd += v;
  }
  if (!sides) longsUsd = shortsUsd = NaN;
  const sources = frame.has("source") ? [...new Set(frame.strings("source").filter((s): s is string => s !== null))] : [];
  return { usd, count, longsUsd, shortsUsd, longShare: longsUsd / (longsUsd + shortsUsd), largestUsd, sources };
}

const LIQUIDATION_TOTALS_OPTIONS = optionKeys<NonNullable<Parameters<typeof liquidationTotals>[1]>>()("prefer", "usd", "side");

/**
 * Totals of a published event (from its figures) or of a frame of liquidation orders.
 *
 * @example
 *   const [oct10, nov21] = snapshot().events;
 *   liquidationTotals(oct10) // { usd: 19.13e9, count: 1618240, longsUsd: 16.7e9, shortsUsd: 2.4e9, longShare: 0.874, ... }
 *   liquidationTotals(capturedFrame).usd
 */
export function liquidationTotals(input: LiquidationEvent | Frame, { prefer = "checked", usd = "usd", side = "side", ...unknown }: LiquidationTotalsOptions = {}): LiquidationTotals {
  checkOptions("liquidationTotals", unknown, LIQUIDATION_TOTALS_OPTIONS);
  return input instanceof Frame ? fromFrame(input, usd, side) : fromEvent(input, prefer);
}

/** How one event compares with another: each total of `a` over the same total of `b`. */
export interface LiquidationRatio {
  count: number;
  usd: number;
  longsUsd: number;
  largestUsd: number;
}

const LIQUIDATION_RATIO_OPTIONS = optionKeys<LiquidationTotalsOptions>()("prefer", "usd", "side");

/**
 * The ratio of two events' totals, a over b.
 *
 * @example
 *   liquidationRatio(nov21, oct10) // { count: 0.249, usd: 0.103, ... } (the article: a quarter, a tenth)
 */
export function liquidationRatio(a: LiquidationEvent | Frame | LiquidationTotals, b: LiquidationEvent | Frame | LiquidationTotals, options: LiquidationTotalsOptions = {}): LiquidationRatio {
  checkOptions("liquidationRatio", options, LIQUIDATION_RATIO_OPTIONS);
  const totals = (x: LiquidationEvent | Frame | LiquidationTotals) => ("usd" in x && "count" in x ? x : liquidationTotals(x, options));
  const ta = totals(a);
  const tb = totals(b);
  // a ratio over an event with nothing liquidated is not a number, whatever a divides into it
  if (tb.count === 0 || tb.usd === 0) throw new Error(`liquidationRatio: the second event has no liquidations (${tb.count} orders, ${tb.usd} USD), so there is no ratio`);
  return { count: ta.count / tb.count, usd: ta.usd / tb.usd, longsUsd: ta.longsUsd / tb.longsUsd, largestUsd: ta.largestUsd / tb.largestUsd };
}
