/**
 * Order-book depth: the dollars resting within a band of the mid price (the "1 % depth" of
 * market-structure reports), across the standard bands, and how much of it vanished between two
 * snapshots of the book.
 *
 * Books are in ccxt's shape: `bids` best (highest) first and `asks` best (lowest) first, each
 * level `[price, amount]` with the amount in the base currency. Depth is in the quote currency
 * (price x amount summed), dollars for a USD or USDT book.
 */
import { checkOptions, optionKeys } from "../options";

/** A book level: [price, amount in base currency] (ccxt may add more fields; they are ignored). */
export type BookLevel = readonly [number, number, ...unknown[]];

/** An order-book snapshot in ccxt's shape. */
export interface OrderBook {
  bids: ReadonlyArray<BookLevel>;
  asks: ReadonlyArray<BookLevel>;
  timestamp?: number;
  symbol?: string;
}

/** The bands market-structure reports use, as fractions of the mid: 0.5, 1, 2, 5 and 10 %. */
export const DEPTH_BANDS: readonly number[] = [0.005, 0.01, 0.02, 0.05, 0.1];

/**
 * The mid price: halfway between the best bid and the best ask (the one side's best when the
 * other is empty).
 *
 * @example
 *   midPrice({ bids: [[99, 1]], asks: [[101, 1]] }) // 100
 */
export function midPrice(book: OrderBook): number {
  const bid = book.bids.length ? book.bids[0][0] : NaN;
  const ask = book.asks.length ? book.asks[0][0] : NaN;
  if (bid === bid && ask === ask) return (bid + ask) / 2;
  if (bid === bid || ask === ask) return bid === bid ? bid : ask;
  throw new Error("midPrice: the book has neither bids nor asks");
}

/** Options of {@link depthWithin}: the band and the mid it is measured from. */
export interface DepthOptions {
  /** The band around the mid, as a fraction: 0.01 for 1 % (the default). */
  band?: number;
  /** "bid" (buy orders below the mid), "ask" (sell orders above it) or "both" (the default). */
  side?: "bid" | "ask" | "both";
  /** The reference price; the book's mid by default. */
  mid?: number;
}

function sideDepth(levels: ReadonlyArray<BookLevel>, inside: (price: number) => boolean): number {
  let total = 0;
  for (const [price, amount] of levels) {
    if (!inside(price)) break; // levels are sorted from the best outwards
    total += price * amount;
  }
  return total;
}

const DEPTH_WITHIN_OPTIONS = optionKeys<NonNullable<Parameters<typeof depthWithin>[1]>>()("band", "side", "mid");

/**
 * Quote-currency depth within `band` of the mid: bids at or above mid x (1 - band), asks at or
 * below mid x (1 + band).
 *
 * @example
 *   const book = { bids: [[99.5, 2], [98, 5]], asks: [[100.5, 1], [103, 4]] };
 *   depthWithin(book, { band: 0.01 })               // 99.5*2 + 100.5*1 = 299.5
 *   depthWithin(book, { band: 0.05, side: "bid" })  // 99.5*2 + 98*5 = 689
 */
export function depthWithin(book: OrderBook, { band = 0.01, side = "both", mid = midPrice(book), ...unknown }: DepthOptions = {}): number {
  checkOptions("depthWithin", unknown, DEPTH_WITHIN_OPTIONS);
  if (!(band > 0)) throw new Error(`depthWithin: band must be a positive fraction (0.01 for 1 %), got ${band}`);
  const bids = side === "ask" ? 0 : sideDepth(book.bids, (p) => p >= mid * (1 - band) - 1e-9 * mid);
  const asks = side === "bid" ? 0 : sideDepth(book.asks, (p) => p <= mid * (1 + band) + 1e-9 * mid);
  return bids + asks;
}

/** Depth within one band, per side. */
export interface BandDepth {
  /** The band as a fraction of the mid (0.01 for 1 %). */
  band: number;
  bid: number;
  ask: number;
  total: number;
}

const DEPTH_BANDS_OPTIONS = optionKeys<NonNullable<Parameters<typeof depthBands>[1]>>()("bands", "mid");

/**
 * Depth within each band (0.5, 1, 2, 5, 10 % by default), bids and asks apart.
 *
 * @example
 *   depthBands(book).map((b) => b.total) // cumulative: each band includes the narrower ones
 */
export function depthBands(book: OrderBook, { bands = DEPTH_BANDS, mid = midPrice(book), ...unknown }: {
  /** Band widths as fractions of the mid (0.01 = 1 %); {@link DEPTH_BANDS} (0.5, 1, 2, 5, 10 %) by default. */
  bands?: readonly number[];
  /** The price bands are measured from (USD); the book's mid, (best bid + best ask) / 2, by default. */
  mid?: number;
} = {}): BandDepth[] {
  checkOptions("depthBands", unknown, DEPTH_BANDS_OPTIONS);
  return bands.map((band) => {
    const bid = depthWithin(book, { band, side: "bid", mid });
    const ask = depthWithin(book, { band, side: "ask", mid });
    return { band, bid, ask, total: bid + ask };
  });
}

/** How much depth vanished between two snapshots. */
export interface DepthLoss {
  before: number;
  after: number;
  /** before - after (negative when depth grew). */
  lost: number;
  /** lost / before: 0.98 when 98 % of the depth is gone. */
  fraction: number;
}

const DEPTH_LOST_OPTIONS = optionKeys<DepthOptions>()("band", "side", "mid");

/**
 * The depth lost between two books (within a band and side), or between two depth figures.
 *
 * @example
 *   depthLost(1.2e6, 27e3)                                 // { lost: 1173000, fraction: 0.9775 } (the Oct 10 token: -98 %)
 *   depthLost(bookAt2040, bookAt2120, { band: 0.01, side: "bid" })
 */
export function depthLost(before: OrderBook | number, after: OrderBook | number, options: DepthOptions = {}): DepthLoss {
  checkOptions("depthLost", options, DEPTH_LOST_OPTIONS);
  const b = typeof before === "number" ? before : depthWithin(before, options);
  const a = typeof after === "number" ? after : depthWithin(after, options);
  return { before: b, after: a, lost: b - a, fraction: b > 0 ? (b - a) / b : NaN };
}
