/**
 * Liquidation and bankruptcy prices of perpetual-futures positions, after the venue formulas:
 * Binance USDⓈ-M (linear, USD-margined) and COIN-M (inverse, coin-margined) liquidation-price
 * rules, in isolated, cross and unified (multi-asset collateral) accounts, with tiered
 * maintenance-margin brackets.
 *
 * Every case reduces to one linear condition in the mark price P: an account is liquidated when
 * its equity falls to its maintenance margin, i.e. when `A + B * P <= 0` (USD). For a linear
 * position of size q (base units), side s (+1 long, -1 short), entry E, margin W, maintenance
 * rate r and maintenance amount c (Binance's "cum"):
 *
 *   equity = W + s q (P - E),  maintenance = r q P - c   =>  A = W + c - s q E,  B = s q - r q
 *
 * and for an inverse position of face value N USD with margin M coins (cum c in coins):
 *
 *   equity = M P + s N (P / E - 1),  maintenance = r N - c P  =>  A = -s N - r N,  B = M + s N / E + c
 *
 * The liquidation price is -A / B; B > 0 means liquidated at or below it (long-like), B < 0 at
 * or above it (short-like). The bankruptcy price is the same with r = c = 0 (equity zero).
 * The models' cascade engine uses these coefficients directly (see `linearTerms`).
 */
import { checkFinite, checkNonNegative, checkOneOf, checkPositive } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** One maintenance-margin bracket: applies to a position notional in [floor, cap). */
export interface MarginTier {
  /** Lowest notional (USD; face value for inverse) of the bracket. */
  floor: number;
  /** Notional where the next bracket starts. */
  cap: number;
  /** Highest leverage the venue allows in the bracket. */
  maxLeverage: number;
  /** Maintenance margin rate, e.g. 0.004 for 0.40 %. */
  rate: number;
  /** Maintenance amount ("cum"), so the maintenance margin is continuous across brackets. */
  amount: number;
}

/** A flat maintenance rate, or brackets by notional. */
export type MaintenanceMargin = number | MarginTier[];

/**
 * Brackets from their caps, leverage limits and rates, with floors and maintenance amounts
 * filled in by Binance's rule: amount_k = amount_{k-1} + floor_k * (rate_k - rate_{k-1}), which
 * makes the maintenance margin `rate * notional - amount` continuous at every bracket boundary.
 *
 * @example
 *   const tiers = marginTiers([{ cap: 50_000, maxLeverage: 125, rate: 0.004 }, { cap: 600_000, maxLeverage: 100, rate: 0.005 }]);
 *   tiers[1].amount // 50 (= 50,000 * (0.005 - 0.004))
 */
export function marginTiers(
  rows: Array<{
    /** Upper bound of the bracket's position notional, USD. */
    cap: number;
    /** Highest leverage allowed in the bracket. */
    maxLeverage: number;
    /** Maintenance margin rate of the bracket (0.004 = 0.4 %). */
    rate: number;
  }>,
): MarginTier[] {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error("marginTiers: give at least one bracket");
  const tiers: MarginTier[] = [];
  let floor = 0;
  let amount = 0;
  let rate = 0;
  rows.forEach((row, k) => {
    checkPositive(`marginTiers: bracket ${k} cap`, row.cap);
    checkPositive(`marginTiers: bracket ${k} maxLeverage`, row.maxLeverage);
    checkNonNegative(`marginTiers: bracket ${k} rate`, row.rate);
    if (row.cap <= floor) throw new Error(`marginTiers: bracket ${k} cap ${row.cap} must be above the previous cap ${floor}`);
    // rounded to micro-dollars: the rule gives whole dollars for the venues' brackets
    amount = Math.round((amount + floor * (row.rate - rate)) * 1e6) / 1e6;
    tiers.push({ floor, cap: row.cap, maxLeverage: row.maxLeverage, rate: row.rate, amount });
    floor = row.cap;
    rate = row.rate;
  });
  tiers[tiers.length - 1].cap = Infinity;
  return tiers;
}

/**
 * Brackets in the shape of Binance's USDⓈ-M BTCUSDT schedule (as published in 2024; illustrative:
 * a venue changes its brackets, so read the current ones from its API for live work).
 *
 * @example
 *   maintenanceAt(BINANCE_BTCUSDT_TIERS, 100_000) // { rate: 0.005, amount: 50, maxLeverage: 100 }
 */
export const BINANCE_BTCUSDT_TIERS: MarginTier[] = marginTiers([
  { cap: 50_000, maxLeverage: 125, rate: 0.004 },
  { cap: 600_000, maxLeverage: 100, rate: 0.005 },
  { cap: 3_000_000, maxLeverage: 75, rate: 0.0065 },
  { cap: 12_000_000, maxLeverage: 50, rate: 0.01 },
  { cap: 70_000_000, maxLeverage: 25, rate: 0.02 },
  { cap: 100_000_000, maxLeverage: 20, rate: 0.025 },
  { cap: 230_000_000, maxLeverage: 10, rate: 0.05 },
  { cap: 480_000_000, maxLeverage: 5, rate: 0.1 },
  { cap: 600_000_000, maxLeverage: 4, rate: 0.125 },
  { cap: 800_000_000, maxLeverage: 3, rate: 0.15 },
  { cap: 1_200_000_000, maxLeverage: 2, rate: 0.25 },
  { cap: 1_800_000_000, maxLeverage: 1, rate: 0.5 },
]);

/**
 * The bracket that applies to a notional: rate, maintenance amount and leverage limit.
 *
 * @example
 *   maintenanceAt(0.005, 1e6) // { rate: 0.005, amount: 0, maxLeverage: Infinity }
 */
export function maintenanceAt(maintenance: MaintenanceMargin, notional: number): { rate: number; amount: number; maxLeverage: number } {
  if (typeof maintenance === "number") return { rate: maintenance, amount: 0, maxLeverage: Infinity };
  let k = 0;
  while (k < maintenance.length - 1 && notional >= maintenance[k].cap) k++;
  const t = maintenance[k];
  return { rate: t.rate, amount: t.amount, maxLeverage: t.maxLeverage };
}

/** One unit of collateral in a unified account. */
export interface CollateralHolding {
  /** Units held. */
  amount: number;
  /** USD price the venue marks it at now. */
  price: number;
  /** The venue's collateral ratio (haircut), 1 = full value. */
  ratio?: number;
  /** Whether its price moves with the position's underlying (the coin itself, a staked form of it). */
  tracksUnderlying?: boolean;
}

/** Options of {@link liquidationPrice} and {@link bankruptcyPrice}: the position and the venue's margin. */
export interface LiquidationPriceOptions {
  /** Entry price. */
  entry: number;
  /** "long" (liquidated on a fall) or "short" (liquidated on a rise). */
  side: "long" | "short";
  /** Venue leverage setting, 1 to the bracket's maximum; sets the margin when `margin` is not given. */
  leverage?: number;
  /** Base units (linear) or face value in USD (inverse); matters with brackets. Default 1 (linear) or entry (inverse). */
  size?: number;
  /** A flat rate or brackets; default 0.005 (0.5 %). */
  maintenanceMargin?: MaintenanceMargin;
  /** Isolated margin: USD for linear, coins for inverse. Default notional / leverage. Above the notional: effective leverage below 1. */
  margin?: number;
  /** "linear" (USD-margined, default) or "inverse" (coin-margined). */
  contract?: "linear" | "inverse";
  /** "isolated" (default), "cross" (the wallet backs the position) or "unified" (plus collateral assets). */
  mode?: "isolated" | "cross" | "unified";
  /** Cross/unified: the wallet balance (Binance's WB); default `margin`. */
  walletBalance?: number;
  /** Cross/unified: maintenance margin of the account's other positions (TMM1). */
  otherMaintenance?: number;
  /** Cross/unified: unrealized PnL of the account's other positions (UPNL1). */
  otherPnl?: number;
  /** Unified: collateral assets beside the wallet balance. */
  collateral?: CollateralHolding[];
  /** Unified: the underlying's mark now, to value collateral that tracks it; default entry. */
  markPrice?: number;
}

/** The linear condition A + B P <= 0 of one position, with the bracket that produced it. */
export interface LinearTerms {
  A: number;
  B: number;
  rate: number;
  amount: number;
}

/**
 * The coefficients A, B of "liquidated when A + B P <= 0" for one linear or inverse position
 * with margin (or wallet) W, at maintenance `rate` and `amount`; see the module comment.
 *
 * @example
 *   linearTerms("linear", 1, 1, 100_000, 10_000, 0.005, 50) // { A: -89950, B: 0.995, ... }
 */
export function linearTerms(contract: "linear" | "inverse", s: number, size: number, entry: number, margin: number, rate: number, amount: number): LinearTerms {
  if (contract === "linear") return { A: margin + amount - s * size * entry, B: s * size - rate * size, rate, amount };
  return { A: -s * size - rate * size, B: margin + (s * size) / entry + amount, rate, amount };
}

/** Resolves options to a position's size, margin (after cross and unified adjustments) and collateral slope. */
const LIQUIDATION_PRICE_OPTIONS = optionKeys<LiquidationPriceOptions>()("entry", "side", "leverage", "size", "maintenanceMargin", "margin", "contract", "mode", "walletBalance", "otherMaintenance", "otherPnl", "collateral", "markPrice");
const COLLATERAL_HOLDING_OPTIONS = optionKeys<CollateralHolding>()("amount", "price", "ratio", "tracksUnderlying");

function resolve(options: LiquidationPriceOptions, prefix: string) {
  checkOptions(prefix, options, LIQUIDATION_PRICE_OPTIONS);
  if (Array.isArray(options.collateral)) options.collateral.forEach((c, k) => checkOptions(`${prefix}: collateral[${k}]`, c, COLLATERAL_HOLDING_OPTIONS));
  const { entry, side, leverage = 1, contract = "linear", mode = "isolated", maintenanceMargin = 0.005, otherMaintenance = 0, otherPnl = 0, collateral = [] } = options;
  checkPositive(`${prefix}: entry`, entry);
  checkOneOf(`${prefix}: side`, side, ["long", "short"] as const);
  checkOneOf(`${prefix}: contract`, contract, ["linear", "inverse"] as const);
  checkOneOf(`${prefix}: mode`, mode, ["isolated", "cross", "unified"] as const);
  checkPositive(`${prefix}: leverage`, leverage);
  if (leverage < 1) throw new Error(`${prefix}: leverage must be at least 1 (a venue's lowest setting), got ${leverage}; for an effective leverage below 1 give a margin above the notional`);
  const size = options.size ?? (contract === "linear" ? 1 : entry);
  checkPositive(`${prefix}: size`, size);
  const notional = contract === "linear" ? size * entry : size; // USD at entry
  const tier = maintenanceAt(maintenanceMargin, notional);
  if (leverage > tier.maxLeverage) throw new Error(`${prefix}: leverage ${leverage} is above the venue maximum ${tier.maxLeverage} for a notional of ${notional}`);
  const margin = options.margin ?? (contract === "linear" ? notional / leverage : notional / leverage / entry);
  checkNonNegative(`${prefix}: margin`, margin);
  let wallet = margin;
  let slope = 0; // extra B from collateral that tracks the underlying
  if (mode !== "isolated") {
    wallet = (options.walletBalance ?? margin) - checkFinite(`${prefix}: otherMaintenance`, otherMaintenance) + checkFinite(`${prefix}: otherPnl`, otherPnl);
    checkFinite(`${prefix}: walletBalance`, wallet);
  }
  if (mode === "unified") {
    const mark = options.markPrice ?? entry;
    checkPositive(`${prefix}: markPrice`, mark);
    collateral.forEach((c, k) => {
      checkNonNegative(`${prefix}: collateral[${k}].amount`, c.amount);
      checkNonNegative(`${prefix}: collateral[${k}].price`, c.price);
      const value = c.amount * c.price * checkNonNegative(`${prefix}: collateral[${k}].ratio`, c.ratio ?? 1);
      // USD collateral adds to A (inverse: coins, so divide by the mark); tracking collateral to B
      if (c.tracksUnderlying) slope += value / mark;
      else wallet += contract === "linear" ? value : value / mark;
    });
  } else if (collateral.length) throw new Error(`${prefix}: collateral needs mode "unified", got mode "${mode}"`);
  return { s: side === "long" ? 1 : -1, size, entry, contract, wallet, slope, maintenanceMargin };
}

function priceFrom(A: number, B: number): number {
  if (B === 0) return A <= 0 ? 0 : Infinity;
  const p = -A / B;
  return p > 0 ? p : 0;
}

/**
 * The mark price at which a position is liquidated, by the Binance USDⓈ-M / COIN-M formula:
 * linear LP = (WB + cum - s q E) / (q MMR - s q), inverse LP = (N MMR + s N) / (WB + cum + s N / E),
 * with WB the isolated margin, or for cross accounts the wallet balance less the other
 * positions' maintenance plus their unrealized PnL. With brackets, the bracket is the one that
 * contains the position's notional at the liquidation price, as the venue recomputes it.
 *
 * A long is liquidated at or below the result (0: no positive price liquidates it), a short at
 * or above it (Infinity: never). A unified account adds its collateral to the wallet at the
 * venue's ratio; collateral that tracks the underlying makes the condition steeper.
 *
 * @example
 *   liquidationPrice({ entry: 100_000, leverage: 10, side: "long", size: 1, maintenanceMargin: BINANCE_BTCUSDT_TIERS })
 *   // 90,402.01: (100,000 - 10,000 - 50) / (1 - 0.005)
 *   liquidationPrice({ entry: 100_000, leverage: 1, margin: 200_000, side: "long" }) // 0: a 0.5x long is never liquidated
 */
export function liquidationPrice(options: LiquidationPriceOptions): number {
  const r = resolve(options, "liquidationPrice");
  const tiers = typeof r.maintenanceMargin === "number" ? [r.maintenanceMargin] : r.maintenanceMargin;
  let fallback = NaN;
  for (const tier of tiers) {
    const rate = typeof tier === "number" ? tier : tier.rate;
    const amount = typeof tier === "number" ? 0 : tier.amount;
    const t = linearTerms(r.contract, r.s, r.size, r.entry, r.wallet, rate, amount);
    const p = priceFrom(t.A, t.B + r.slope);
    if (typeof tier === "number") return p;
    const notional = r.contract === "linear" ? r.size * p : r.size;
    if (notional >= tier.floor && notional < tier.cap) return p;
    if (Number.isNaN(fallback)) {
      const atEntry = maintenanceAt(tiers as MarginTier[], r.contract === "linear" ? r.size * r.entry : r.size);
      const e = linearTerms(r.contract, r.s, r.size, r.entry, r.wallet, atEntry.rate, atEntry.amount);
      fallback = priceFrom(e.A, e.B + r.slope);
    }
  }
  // A price exactly on a boundary can fall between brackets; the entry's bracket decides then.
  return fallback;
}

/**
 * The price at which the position's equity is zero: below it (long) the venue's insurance fund,
 * or auto-deleveraging, pays the difference. Same formula as `liquidationPrice` with no
 * maintenance margin.
 *
 * @example
 *   bankruptcyPrice({ entry: 100_000, leverage: 10, side: "long" })  // 90,000
 *   bankruptcyPrice({ entry: 100_000, leverage: 10, side: "short" }) // 110,000
 */
export function bankruptcyPrice(options: LiquidationPriceOptions): number {
  const r = resolve({ ...options, maintenanceMargin: 0 }, "bankruptcyPrice");
  const t = linearTerms(r.contract, r.s, r.size, r.entry, r.wallet, 0, 0);
  return priceFrom(t.A, t.B + r.slope);
}
