/**
 * Order-book depth: how much can be sold (bought) before the price moves a given distance.
 *
 * A `BookProfile` holds, for each side, the cumulative USD resting within a distance of the
 * mid (0.01 = 1 %), piecewise linear between points, which is how depth is reported ("1 %
 * depth $20M", CoinDesk Research / Kaiko bands). Beyond the last point the book continues at
 * the last segment's density. Profiles come from a snapshot of levels, from bands, or from a
 * power law. `walkBook` fills a market order level by level (snapshot) or along the curve
 * (profile); `withdrawDepth` scales the resting liquidity when market makers pull quotes.
 */
import { midPrice, type OrderBook } from "../analytics/depth";
import { checkFinite, checkPositive, checkRange } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** Cumulative USD within each distance of the mid: distances ascending, notionals non-decreasing. */
export interface DepthCurve {
  distance: Float64Array;
  notional: Float64Array;
}

/** Both sides of a book around a mid price, as cumulative depth curves. */
export interface BookProfile {
  mid: number;
  bid: DepthCurve;
  ask: DepthCurve;
}

/** Bands as [distance, USD] pairs, or the analytics' `{ bands, depth }` profile of one side. */
export type Bands = Array<[number, number]> | { bands: readonly number[]; depth: readonly number[] };

function pairs(bands: Bands): Array<[number, number]> {
  if (Array.isArray(bands)) return bands;
  const b = bands as { bands: readonly number[]; depth: readonly number[] };
  if (b.bands.length !== b.depth.length) throw new Error(`depthFromBands: ${b.bands.length} bands but ${b.depth.length} depths`);
  return b.bands.map((x, k): [number, number] => [x, b.depth[k]]);
}

function curve(points: Array<[number, number]>, what: string): DepthCurve {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  if (!sorted.length) throw new Error(`${what}: give at least one depth point`);
  const distance = new Float64Array(sorted.length);
  const notional = new Float64Array(sorted.length);
  sorted.forEach(([x, usd], k) => {
    checkRange(`${what}: distance`, x, 0, 1);
    checkFinite(`${what}: depth at ${x}`, usd);
    if (x === 0) throw new Error(`${what}: distance must be above 0 (depth within 0 % of the mid is 0), got 0`);
    if (k > 0 && x === distance[k - 1]) throw new Error(`${what}: distance ${x} appears twice`);
    if (usd < (k ? notional[k - 1] : 0)) throw new Error(`${what}: depth must not shrink with distance: ${usd} at ${x} after ${notional[k - 1]}`);
    distance[k] = x;
    notional[k] = usd;
  });
  if (notional[notional.length - 1] <= 0) throw new Error(`${what}: the book holds no depth`);
  return { distance, notional };
}

const DEPTH_FROM_BANDS_OPTIONS = optionKeys<Parameters<typeof depthFromBands>[0]>()("mid", "bands", "asks");

/**
 * A profile from reported depth bands: distance from the mid -> USD within it.
 *
 * @example
 *   const btc = depthFromBands({ mid: 121_700, bands: [[0.005, 15.5e6], [0.01, 20e6], [0.05, 40e6]] });
 *   profileDepth(btc, 0.02) // 25e6: linear between the 1 % and 5 % bands
 */
export function depthFromBands({ mid, bands, asks = bands, ...unknown }: {
  /** The mid price the distances are measured from (USD). */
  mid: number;
  /** Bid-side depth: [distance from the mid as a fraction (0.01 = 1 %), cumulative USD within it] pairs, or the analytics' `{ bands, depth }`. */
  bands: Bands;
  /** Ask-side depth in the same form; the bid side's bands by default (a symmetric book). */
  asks?: Bands;
}): BookProfile {
  checkOptions("depthFromBands", unknown, DEPTH_FROM_BANDS_OPTIONS);
  checkPositive("depthFromBands: mid", mid);
  return { mid, bid: curve(pairs(bands), "depthFromBands: bands"), ask: curve(pairs(asks), "depthFromBands: asks") };
}

const DEPTH_FROM_SNAPSHOT_OPTIONS = optionKeys<NonNullable<Parameters<typeof depthFromSnapshot>[1]>>()("mid");

/**
 * A profile from a level-by-level book in ccxt's shape (the `OrderBook` of the analytics and
 * `loadOrderBook`): each level's USD at its distance from the mid.
 *
 * @example
 *   const p = depthFromSnapshot({ bids: [[100, 1], [99, 2]], asks: [[101, 1], [102, 3]] });
 *   profileDepth(p, 1.5 / 100.5) // 298: both bid levels (100 + 198 USD) are within 1.49 % of 100.5
 */
export function depthFromSnapshot(book: OrderBook, { mid = midPrice(book), ...unknown }: {
  /** The price distances are measured from (USD); the book's mid (best bid + best ask) / 2 by default. */
  mid?: number;
} = {}): BookProfile {
  checkOptions("depthFromSnapshot", unknown, DEPTH_FROM_SNAPSHOT_OPTIONS);
  checkPositive("depthFromSnapshot: mid", mid);
  const side = (levels: OrderBook["bids"], sign: number, what: string) => {
    const points: Array<[number, number]> = [];
    let sum = 0;
    for (const [price, size] of levels) {
      checkPositive(`${what} price`, price);
      checkPositive(`${what} size`, size);
      sum += price * size;
      const x = Math.max(1e-9, (sign * (mid - price)) / mid);
      if (points.length && points[points.length - 1][0] >= x) points[points.length - 1][1] = sum;
      else points.push([x, sum]);
    }
    return curve(points, what);
  };
  return { mid, bid: side(book.bids, 1, "depthFromSnapshot: bids"), ask: side(book.asks, -1, "depthFromSnapshot: asks") };
}

const PARAMETRIC_DEPTH_OPTIONS = optionKeys<Parameters<typeof parametricDepth>[0]>()("mid", "within1pct", "exponent", "maxDistance", "points");

/**
 * A power-law profile D(x) = within1pct * (x / 1 %)^exponent: exponent 1 is a flat density,
 * below 1 a book thick near the mid, above 1 one whose liquidity sits further out.
 *
 * @example
 *   profileDepth(parametricDepth({ mid: 100_000, within1pct: 20e6 }), 0.05) // 100e6
 */
export function parametricDepth({ mid, within1pct, exponent = 1, maxDistance = 0.5, points = 24, ...unknown }: {
  /** The mid price (USD). */
  mid: number;
  /** USD resting within 1 % of the mid on each side. */
  within1pct: number;
  /** Power of the distance: 1 (flat density) by default; below 1 thick near the mid. */
  exponent?: number;
  /** Farthest distance the curve has points for, as a fraction of the mid (0.011 to 1); 0.5 by default. Beyond it depth grows at the last density. */
  maxDistance?: number;
  /** Points on the geometric grid from 0.01 % to `maxDistance` (1 % is always one more); 24 by default. */
  points?: number;
}): BookProfile {
  checkOptions("parametricDepth", unknown, PARAMETRIC_DEPTH_OPTIONS);
  checkPositive("parametricDepth: mid", mid);
  checkPositive("parametricDepth: within1pct", within1pct);
  checkPositive("parametricDepth: exponent", exponent);
  checkRange("parametricDepth: maxDistance", maxDistance, 0.011, 1);
  // geometric grid from 0.01 % to maxDistance, with 1 % on it exactly
  const xs = new Set<number>([0.01]);
  for (let k = 0; k < points; k++) xs.add(1e-4 * Math.pow(maxDistance / 1e-4, k / (points - 1)));
  const pts = [...xs].sort((a, b) => a - b).map((x): [number, number] => [x, within1pct * Math.pow(x / 0.01, exponent)]);
  return { mid, bid: curve(pts, "parametricDepth"), ask: curve(pts, "parametricDepth") };
}

/** USD within `x` of the mid on one curve, extrapolating at the last density. */
export function curveDepth(c: DepthCurve, x: number): number {
  const { distance: d, notional: v } = c;
  const last = d.length - 1;
  if (x <= d[0]) return (v[0] * x) / d[0];
  for (let k = 1; k <= last; k++) if (x <= d[k]) return v[k - 1] + ((v[k] - v[k - 1]) * (x - d[k - 1])) / (d[k] - d[k - 1]);
  return v[last] + (x - d[last]) * lastDensity(c);
}

function lastDensity(c: DepthCurve): number {
  const { distance: d, notional: v } = c;
  const last = d.length - 1;
  const density = last > 0 ? (v[last] - v[last - 1]) / (d[last] - d[last - 1]) : v[0] / d[0];
  return density > 0 ? density : v[last] / d[last];
}

/** The distance at which `usd` has rested within the curve: the inverse of `curveDepth`. */
export function curveDistance(c: DepthCurve, usd: number): number {
  const { distance: d, notional: v } = c;
  if (usd <= 0) return 0;
  const last = d.length - 1;
  if (usd <= v[0]) return (d[0] * usd) / v[0];
  for (let k = 1; k <= last; k++) if (usd <= v[k]) return v[k] === v[k - 1] ? d[k - 1] : d[k - 1] + ((d[k] - d[k - 1]) * (usd - v[k - 1])) / (v[k] - v[k - 1]);
  return d[last] + (usd - v[last]) / lastDensity(c);
}

/** How market makers pull liquidity: keep `factor` of it within `keepBeyond`, all of it beyond. */
export interface Withdrawal {
  /** Fraction of resting depth left near the mid: 1 none withdrawn, 0.02 a 98 % withdrawal. */
  factor: number;
  /** Distance beyond which resting bids stay (Kaiko, Oct 10: only the 4 % and 10 % bands held); default Infinity. */
  keepBeyond?: number;
}

/** USD within `x` after a withdrawal: factor * D(min(x, h)) + (D(x) - D(h)) beyond h. */
export function withdrawnDepth(c: DepthCurve, x: number, { factor, keepBeyond = Infinity }: Withdrawal): number {
  if (x <= keepBeyond) return factor * curveDepth(c, x);
  const held = curveDepth(c, keepBeyond);
  return factor * held + curveDepth(c, x) - held;
}

/** The distance a sale of `usd` reaches after a withdrawal: the inverse of `withdrawnDepth`. */
export function withdrawnDistance(c: DepthCurve, usd: number, { factor, keepBeyond = Infinity }: Withdrawal): number {
  if (usd <= 0) return 0;
  if (keepBeyond === Infinity) return curveDistance(c, usd / factor);
  const held = curveDepth(c, keepBeyond);
  if (usd <= factor * held) return curveDistance(c, usd / factor);
  return curveDistance(c, held + usd - factor * held);
}

/**
 * USD resting within `distance` of the mid on one side of a profile (for a level-by-level book,
 * the analytics' `depthWithin`).
 *
 * @example
 *   profileDepth(parametricDepth({ mid: 100_000, within1pct: 20e6 }), 0.01) // 20e6
 */
export function profileDepth(profile: BookProfile, distance: number, side: "bid" | "ask" = "bid"): number {
  checkRange("profileDepth: distance", distance, 0, 1);
  return curveDepth(profile[side], distance);
}

const WITHDRAWAL_OPTIONS = optionKeys<Withdrawal>()("factor", "keepBeyond");

/**
 * The profile after market makers withdraw: within `keepBeyond` of the mid only `factor` of the
 * depth remains (a -98 % withdrawal is factor 0.02), beyond it the resting orders stay.
 *
 * @example
 *   const thin = withdrawDepth(parametricDepth({ mid: 100_000, within1pct: 1.2e6 }), { factor: 27e3 / 1.2e6 });
 *   profileDepth(thin, 0.01) // 27,000: the Oct 10 token whose 1 % depth fell from $1.2M to $27k
 */
export function withdrawDepth(profile: BookProfile, withdrawal: Withdrawal): BookProfile {
  checkOptions("withdrawDepth", withdrawal, WITHDRAWAL_OPTIONS);
  checkRange("withdrawDepth: factor", withdrawal.factor, 1e-6, 1);
  const side = (c: DepthCurve): DepthCurve => {
    const xs = [...c.distance];
    if (withdrawal.keepBeyond !== undefined && withdrawal.keepBeyond < 1 && !xs.includes(withdrawal.keepBeyond)) xs.push(withdrawal.keepBeyond);
    xs.sort((a, b) => a - b);
    return { distance: Float64Array.from(xs), notional: Float64Array.from(xs, (x) => withdrawnDepth(c, x, withdrawal)) };
  };
  return { mid: profile.mid, bid: side(profile.bid), ask: side(profile.ask) };
}

/** What a market order got. */
export interface Fill {
  /** Base units filled. */
  quantity: number;
  /** USD paid or received. */
  notional: number;
  averagePrice: number;
  /** The last price the order reached. */
  lastPrice: number;
  /** (mid - average) / mid for a sell, (average - mid) / mid for a buy. */
  slippage: number;
  /** Levels touched (snapshots) or the distance reached (profiles, as a fraction). */
  levels: number;
  /** Base units (or USD, when the order was given in USD) the book could not fill. */
  unfilled: number;
}

const WALK_BOOK_OPTIONS = optionKeys<Parameters<typeof walkBook>[1]>()("side", "quantity", "notional", "mid");

/**
 * Fills a market order against a book (ccxt shape), level by level, or along a profile's curve.
 * Give the order as `quantity` (base units) or `notional` (USD); `mid` defaults to the book's.
 *
 * @example
 *   walkBook({ bids: [[100, 1], [99, 2], [98, 5]], asks: [[101, 1]] }, { side: "sell", quantity: 2.5 })
 *   // { quantity: 2.5, notional: 248.5, averagePrice: 99.4, lastPrice: 99, levels: 2, ... }
 */
export function walkBook(book: OrderBook | BookProfile, { side, quantity, notional, mid, ...unknown }: {
  /** "sell" walks down the bids, "buy" up the asks. */
  side: "buy" | "sell";
  /** Order size in base units (BTC for BTCUSDT); give this or `notional`. */
  quantity?: number;
  /** Order size in USD; give this or `quantity`. */
  notional?: number;
  /** The price slippage is measured from; the book's mid by default (a profile always uses its own). */
  mid?: number;
}): Fill {
  checkOptions("walkBook", unknown, WALK_BOOK_OPTIONS);
  if ((quantity === undefined) === (notional === undefined)) throw new Error("walkBook: give exactly one of quantity (base units) or notional (USD)");
  const wanted = checkPositive(quantity !== undefined ? "walkBook: quantity" : "walkBook: notional", quantity ?? notional);
  const sign = side === "sell" ? 1 : -1;
  if ("bid" in book) return walkProfile(book, sign, quantity, notional);
  const levels = side === "sell" ? book.bids : book.asks;
  mid ??= midPrice(book);
  let filled = 0;
  let usd = 0;
  let last = NaN;
  let touched = 0;
  for (const [price, size] of levels) {
    const left = quantity !== undefined ? quantity - filled : ((notional as number) - usd) / price;
    if (left <= 1e-12 * wanted) break;
    const take = Math.min(size, left);
    filled += take;
    usd += take * price;
    last = price;
    touched++;
  }
  const average = usd / filled;
  return { quantity: filled, notional: usd, averagePrice: average, lastPrice: last, slippage: (sign * (mid - average)) / mid, levels: touched, unfilled: Math.max(0, quantity !== undefined ? quantity - filled : (notional as number) - usd) };
}

/** Base units held between distances x0 < x1 on a curve: density / mid * ln((1 - s x0) / (1 - s x1)) per segment. */
function baseBetween(c: DepthCurve, mid: number, sign: number, x1: number): number {
  let base = 0;
  let x0 = 0;
  let k = 0;
  while (x0 < x1) {
    const end = k < c.distance.length ? Math.min(c.distance[k], x1) : x1;
    const density = (curveDepth(c, end) - curveDepth(c, x0)) / (end - x0 || 1);
    base += (density / mid) * (sign > 0 ? Math.log((1 - x0) / (1 - end)) : Math.log((1 + end) / (1 + x0)));
    x0 = end;
    k++;
  }
  return base;
}

function walkProfile(p: BookProfile, sign: number, quantity?: number, notional?: number): Fill {
  const c = sign > 0 ? p.bid : p.ask;
  const max = sign > 0 ? 0.999 : 10;
  let x: number;
  if (notional !== undefined) x = Math.min(max, curveDistance(c, notional));
  else {
    let lo = 0;
    let hi = 1e-4;
    while (baseBetween(c, p.mid, sign, hi) < (quantity as number) && hi < max) hi = Math.min(max, hi * 2);
    for (let k = 0; k < 100; k++) {
      const m = (lo + hi) / 2;
      if (baseBetween(c, p.mid, sign, m) < (quantity as number)) lo = m;
      else hi = m;
    }
    x = hi;
  }
  const usd = curveDepth(c, x);
  const base = baseBetween(c, p.mid, sign, x);
  const average = usd / base;
  const wanted = (quantity ?? notional) as number;
  const got = quantity !== undefined ? base : usd;
  return { quantity: base, notional: usd, averagePrice: average, lastPrice: p.mid * (1 - sign * x), slippage: (sign * (p.mid - average)) / p.mid, levels: x, unfilled: Math.max(0, wanted - got) };
}
