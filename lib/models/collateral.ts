/**
 * How a venue marks collateral in unified (multi-asset) accounts, and how that mark can depeg.
 *
 * On Oct 10, 2025 Binance marked USDe, wBETH and BNSOL collateral at its own spot order books;
 * those thin books printed USDe at $0.65 between 21:36 and 22:16 UTC while the token stayed
 * redeemable near $1, and unified accounts backed by them were liquidated whatever their own
 * positions (Binance later compensated about $283M and moved to indices weighted toward
 * redemption prices). Two index rules model that:
 *
 * - "venue": the venue's own spot price, which a depeg path (exogenous sellers) and the
 *   collateral sold by liquidations (a thin book with `depth` USD within 1 %, refilling with
 *   `resilience`) push below fair value;
 * - "redemption": `redemptionWeight` on the redemption (fair) value plus the rest on the venue
 *   price, never below `floor` times fair value.
 *
 * The multiplier (index / fair value) is quoted in ticks of 1e-4, so a recovered index is
 * exactly 1 again and the cascade engine can tell a moving index from a still one.
 */
import { checkOptions, optionKeys } from "../options";
import { checkPositiveOrInfinity, checkInteger, checkNonNegative, checkOneOf, checkPositive, checkRange } from "./validate";

/** A fall of the venue price below fair value: linear to `depth` over `fall`, flat for `hold`, linear back over `recover` (minutes). */
export interface DepegPath {
  /** Minute the depeg starts. */
  at: number;
  /** Fraction below fair value at the trough (0.35: USDe at $0.65). */
  depth: number;
  fall?: number;
  hold?: number;
  recover?: number;
}

/** A collateral asset of the cascade's `collateral` option: its price, how it tracks the underlying, its haircut and its depeg. */
export interface CollateralAssetOptions {
  /** USD price of one unit at the start; default 1. */
  price?: number;
  /** 1: tracks the underlying (a staked or wrapped form of it); 0 (default): valued on its own, like a stablecoin. */
  beta?: 0 | 1;
  /** The venue's collateral ratio (haircut); default 1. */
  ratio?: number;
  /** A fall of the asset below its fair value over the cascade's minutes (see {@link depegPath}); none by default. */
  depeg?: DepegPath;
  /** USD within 1 % on the venue's spot book for the asset, which liquidations sell into; default Infinity (sales do not move it). */
  depth?: number;
  /** Half-life (minutes) of that book's refill; default 10. */
  resilience?: number;
  /** "venue" (default) or "redemption"; see the module comment. */
  index?: "venue" | "redemption";
  /** Weight of the redemption value in a "redemption" index; default 0.8. */
  redemptionWeight?: number;
  /** Lowest index of a "redemption" index, as a fraction of fair value; default 0.95. */
  floor?: number;
}

export const DEPEG_OPTIONS = optionKeys<DepegPath>()("at", "depth", "fall", "hold", "recover");
export const COLLATERAL_ASSET_OPTIONS = optionKeys<CollateralAssetOptions>()("price", "beta", "ratio", "depeg", "depth", "resilience", "index", "redemptionWeight", "floor");

const TICKS = 10_000; // per unit of fair value: quotes of 1e-4

/**
 * The fraction below fair value of a depeg path at minute `t`.
 *
 * @example
 *   const usde = depegPath({ at: 46, depth: 0.35, fall: 10, hold: 10, recover: 20 });
 *   usde(56) // 0.35: USDe at $0.65, 46 minutes after the 20:50 UTC start
 */
export function depegPath({ at, depth, fall = 1, hold = 0, recover = 1, ...unknown }: DepegPath): (t: number) => number {
  checkOptions("depegPath", unknown, DEPEG_OPTIONS);
  checkNonNegative("depegPath: at", at);
  checkRange("depegPath: depth", depth, 0, 0.999);
  checkPositive("depegPath: fall", fall);
  checkNonNegative("depegPath: hold", hold);
  checkPositive("depegPath: recover", recover);
  return (t) => {
    const s = t - at;
    if (s <= 0) return 0;
    if (s < fall) return (depth * s) / fall;
    if (s <= fall + hold) return depth;
    if (s < fall + hold + recover) return depth * (1 - (s - fall - hold) / recover);
    return 0;
  };
}

/** A collateral index as an accumulator: `index(t, soldUsd, dt)` steps to minute t; `index()` reads. */
export interface CollateralIndex {
  /** Steps to minute `t` after `soldUsd` of the asset was sold on the venue over the last `dt` minutes; returns index / fair value. */
  (t?: number, soldUsd?: number, dt?: number): number;
  /** The venue's own spot price / fair value now (what a "venue" index marks at). */
  venue(): number;
}

/**
 * The index / fair value of one collateral asset over time (see the module comment).
 *
 * @example
 *   const usde = collateralIndex({ depeg: { at: 46, depth: 0.35, fall: 10, hold: 20 } });
 *   usde(60, 0, 1) // 0.65 on a venue-only index
 *   collateralIndex({ index: "redemption", depeg: { at: 46, depth: 0.35, fall: 10, hold: 20 } })(60, 0, 1) // 0.95: floored
 */
export function collateralIndex(options: CollateralAssetOptions = {}): CollateralIndex {
  checkOptions("collateralIndex", options, COLLATERAL_ASSET_OPTIONS);
  const { depeg, depth = Infinity, resilience = 10, index = "venue", redemptionWeight = 0.8, floor = 0.95 } = options;
  checkOneOf("collateralIndex: index", index, ["venue", "redemption"] as const);
  checkPositiveOrInfinity("collateralIndex: depth", depth);
  checkPositive("collateralIndex: resilience", resilience);
  checkRange("collateralIndex: redemptionWeight", redemptionWeight, 0, 1);
  checkRange("collateralIndex: floor", floor, 0, 1);
  const path = depeg ? depegPath(depeg) : () => 0;
  let consumed = 0; // USD of the asset's bids eaten and not yet refilled
  let venue = 1;
  let value = 1;
  const step = ((t?: number, soldUsd = 0, dt = 1) => {
    if (t === undefined) return value;
    checkNonNegative("collateralIndex: soldUsd", soldUsd);
    consumed = consumed * Math.pow(2, -dt / resilience) + soldUsd;
    if (consumed < 1e-6 * (Number.isFinite(depth) ? depth : 1)) consumed = 0;
    const pushed = Number.isFinite(depth) ? Math.min(0.99, (0.01 * consumed) / depth) : 0;
    venue = (1 - path(t)) * (1 - pushed);
    const raw = index === "venue" ? venue : Math.max(floor, redemptionWeight + (1 - redemptionWeight) * venue);
    value = Math.max(1, Math.round(raw * TICKS)) / TICKS;
    return value;
  }) as CollateralIndex;
  step.venue = () => venue;
  return step;
}

/** Checks a map of collateral assets; returns it with defaults filled. */
export function resolveCollateral(assets: Record<string, CollateralAssetOptions>, names: string[], where: string): Array<Required<Pick<CollateralAssetOptions, "price" | "beta" | "ratio">> & CollateralAssetOptions> {
  return names.map((name) => {
    const a = assets[name];
    if (!a) throw new Error(`${where}: collateral asset "${name}" is used by the book but not described in options.collateral (known: ${Object.keys(assets).join(", ") || "none"})`);
    const { price = 1, beta = 0, ratio = 1 } = a;
    checkPositive(`${where}: collateral "${name}" price`, price);
    checkInteger(`${where}: collateral "${name}" beta (0 or 1)`, beta);
    if (beta !== 0 && beta !== 1) throw new Error(`${where}: collateral "${name}" beta must be 0 or 1, got ${beta}`);
    checkRange(`${where}: collateral "${name}" ratio`, ratio, 0, 1);
    return { ...a, price, beta, ratio };
  });
}
