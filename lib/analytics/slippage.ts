/**
 * Slippage of a market order: the average and worst price it fills at, relative to the mid,
 * against a real book (walked level by level) or against a depth profile, the cumulative
 * dollars within each band that reports publish ("$14M within 1 %"). Between two bands a
 * profile's depth is taken as spread evenly over the prices, so the cumulative depth is linear
 * in the distance from the mid.
 */
import { midPrice, type OrderBook } from "./depth";
import { checkOptions, optionKeys } from "../options";

/** Cumulative depth of one side: `depth[i]` dollars rest within `bands[i]` (a fraction) of the mid. */
export interface DepthProfile {
  bands: readonly number[];
  depth: readonly number[];
}

/** Options of {@link marketOrderSlippage}: the order. */
export interface SlippageOptions {
  /** The order's size in quote currency (dollars). */
  notional: number;
  /** "sell" eats the bids (the default: a liquidation of a long), "buy" the asks. */
  side?: "sell" | "buy";
  /** The reference price for a book; its mid by default (a profile needs none: results are fractions). */
  mid?: number;
}

/** Where a market order filled. */
export interface Slippage {
  /** Average distance from the mid, as a fraction (0.004: 0.4 % worse than the mid). */
  average: number;
  /** Distance of the last (worst) fill from the mid, as a fraction. */
  worst: number;
  /** Dollars filled, and left unfilled when the depth ran out. */
  filled: number;
  unfilled: number;
  /** Average and worst prices (a book, or a profile with `mid`). */
  averagePrice: number;
  worstPrice: number;
}

function isProfile(x: OrderBook | DepthProfile): x is DepthProfile {
  return "bands" in x && "depth" in x;
}

function againstProfile({ bands, depth }: DepthProfile, notional: number): Omit<Slippage, "averagePrice" | "worstPrice"> {
  if (bands.length !== depth.length || bands.length === 0) throw new Error("a depth profile needs as many bands as depth figures, at least one");
  for (let i = 0; i < bands.length; i++) {
    const [x0, d0] = i ? [bands[i - 1], depth[i - 1]] : [0, 0];
    if (!(bands[i] > x0) || !(depth[i] >= d0)) throw new Error(`a depth profile's bands must increase and its depth must not fall: band ${bands[i]} depth ${depth[i]} follows band ${x0} depth ${d0}`);
  }
  let x0 = 0, d0 = 0, cost = 0; // cost: integral of distance over filled dollars
  for (let i = 0; i < bands.length; i++) {
    const x1 = bands[i];
    const d1 = depth[i];
    const take = Math.min(notional - d0, d1 - d0);
    if (take > 0) {
      const xEnd = x0 + ((x1 - x0) * take) / (d1 - d0);
      cost += (take * (x0 + xEnd)) / 2; // linear depth: fills spread evenly from x0 to xEnd
      if (d0 + take >= notional) return { average: cost / notional, worst: xEnd, filled: notional, unfilled: 0 };
    }
    x0 = x1;
    d0 = d1;
  }
  return { average: d0 > 0 ? cost / d0 : NaN, worst: x0, filled: d0, unfilled: notional - d0 };
}

const SLIPPAGE_OPTIONS = optionKeys<NonNullable<Parameters<typeof marketOrderSlippage>[1]>>()("notional", "side", "mid");

/**
 * The slippage of a market order of `notional` dollars.
 *
 * @example
 *   // BTC after the crash: 0.5 % depth under $10M, 1 % depth $14M (CoinDesk Research), half on each side
 *   marketOrderSlippage({ bands: [0.005, 0.01], depth: [5e6, 7e6] }, { notional: 6e6 }).average // 0.003125
 *   marketOrderSlippage(book, { notional: 250_000, side: "sell" }).worstPrice
 */
export function marketOrderSlippage(against: OrderBook | DepthProfile, { notional, side = "sell", mid, ...unknown }: SlippageOptions): Slippage {
  checkOptions("marketOrderSlippage", unknown, SLIPPAGE_OPTIONS);
  if (!(notional > 0)) throw new Error(`marketOrderSlippage: notional must be a positive amount of dollars, got ${notional}`);
  const sign = side === "sell" ? -1 : 1;
  if (isProfile(against)) {
    const r = againstProfile(against, notional);
    const ref = mid ?? NaN;
    return { ...r, averagePrice: ref * (1 + sign * r.average), worstPrice: ref * (1 + sign * r.worst) };
  }
  const ref = mid ?? midPrice(against);
  const levels = side === "sell" ? against.bids : against.asks;
  let filled = 0, amount = 0, worstPrice = NaN;
  for (const [price, size] of levels) {
    if (filled >= notional) break;
    const take = Math.min(size * price, notional - filled);
    filled += take;
    amount += take / price;
    worstPrice = price;
  }
  const averagePrice = amount > 0 ? filled / amount : NaN;
  return {
    average: sign * (averagePrice / ref - 1),
    worst: sign * (worstPrice / ref - 1),
    filled,
    unfilled: notional - filled,
    averagePrice,
    worstPrice,
  };
}
