/**
 * The cascade engine's options, their defaults, and the checks that run before a step does:
 * every number finite and in range, every collateral asset the books use described, so a
 * mistake is an error naming the parameter instead of a NaN price path.
 */
import { COLLATERAL_ASSET_OPTIONS, DEPEG_OPTIONS, type CollateralAssetOptions } from "./collateral";
import type { LoanBook } from "./loans";
import type { MaintenanceMargin } from "./margin";
import { parametricDepth, type BookProfile } from "./order-book";
import type { PositionBook } from "./positions";
import { TREASURY_OPTIONS, type TreasuryOptions } from "./treasury";
import type { MarketMakerWithdrawalOptions } from "./withdrawal";
import { checkOptions, optionKeys } from "../options";
import { checkPositiveOrInfinity, checkFinite, checkInteger, checkNonNegative, checkOneOf, checkPositive, checkRange } from "./validate";

/** A fall of the reference price (news, a macro shock): `drop` of it, linearly over `over` minutes from minute `at`. */
export interface Shock {
  /** Minute the fall starts, from the start of the run; 0 by default. */
  at?: number;
  /** The fall, as a fraction of the reference price (0.05 = 5 %; at most 0.99, negative for a rise). */
  drop: number;
  /** Minutes the fall is spread over, linearly; 1 by default. */
  over?: number;
}

/** Market sells of `notional` USD spread evenly over `over` minutes from `at` (negative: buys). */
export interface SellProgram {
  /** Minute the selling starts, from the start of the run; 0 by default. */
  at?: number;
  /** USD sold in all (negative: bought). */
  notional: number;
  /** Minutes the selling is spread over, evenly; 1 by default. */
  over?: number;
}

/** Dynamic market-maker withdrawal, plus how far out resting bids stay. */
export interface WithdrawalModel extends MarketMakerWithdrawalOptions {
  /** Distance beyond which bids stay when market makers withdraw; default Infinity. */
  keepBeyond?: number;
  /** Half-life (minutes) over which market makers offload the inventory they absorbed; default 30. */
  inventoryHalfLife?: number;
}

/** The venue's rules. */
export interface VenueRules {
  /** Flat rate or brackets; default 0.005. */
  maintenanceMargin?: MaintenanceMargin;
  /** Highest leverage; default 125. */
  maxLeverage?: number;
  /** Insurance fund at the start (USD); default Infinity (never exhausted, no ADL). */
  insuranceFund?: number;
  /** Auto-deleveraging: "queue" (by profit x leverage, Binance/Bybit) or "pro-rata"; default "queue". */
  adl?: "queue" | "pro-rata";
  /** Price move (fraction) after which the ADL queue is re-ranked; default 0.005. */
  adlRerank?: number;
  /** Liquidation bonus of lenders: collateral sold = debt * (1 + bonus); default 0.05. */
  loanBonus?: number;
}

/**
 * Permanent impact of all net flows (liquidations, sell programs, treasuries) by the
 * square-root law, Donier & Bonart (2015): the reference price moves by
 * Y * sigma_daily * sqrt(Q / V_daily) for a cumulative net sale Q, whatever its duration.
 */
export interface PermanentImpact {
  /** USD traded a day; default 100e9. */
  dailyVolume?: number;
  /** Daily volatility; default 0.03. */
  dailyVolatility?: number;
  /** Prefactor; default 0.7. */
  Y?: number;
}

/** Options of {@link simulateCascade}: the books, the starting price, the shocks and sellers, the market's depth and the venue's rules. Times are in minutes, prices in USD. */
export interface CascadeOptions {
  /** The positions. */
  book: PositionBook;
  /** Collateralised loans (optional). */
  loans?: LoanBook;
  /** Mark price at the start. */
  price: number;
  /** Minutes simulated; default 1440 (a day). */
  minutes?: number;
  /** Minutes per step; default 1. */
  dt?: number;
  /** Falls of the reference price. */
  shocks?: Shock[];
  /** Market sells (or buys) into the book. */
  sells?: SellProgram[];
  /** Reference price at each step (steps + 1 values), instead of shocks: a replayed path. */
  reference?: ArrayLike<number>;
  /**
   * Whether the cascade's own flows move the mark; default true. false replays a market: the
   * mark is `reference` itself (an observed path, which already holds the flows' impact), and
   * the flows only set the fill prices of liquidation orders, which walk the (withdrawn) book
   * from the mark, so the insurance fund and ADL still see thin books. Needs `reference`.
   */
  feedback?: boolean;
  /** The order book: a profile, or USD within 1 % (flat density). */
  depth: BookProfile | number;
  /** Half-life (minutes) of consumed depth; default 0.25 (15 s); Infinity: the book does not refill during the cascade. */
  resilience?: number;
  /** Square-root-law permanent impact of net flows; the book's depth sets only the transient part. */
  permanentImpact?: PermanentImpact;
  /** Fraction of depth withdrawn (0 to 0.98, fixed) or a dynamic market-maker model; default 0. */
  withdrawal?: number | WithdrawalModel;
  /** The venue's rules: maintenance margin, leverage cap, insurance fund, auto-deleveraging; see {@link VenueRules} for their defaults. */
  venue?: VenueRules;
  /** Collateral assets by name (those the books use must be here). */
  collateral?: Record<string, CollateralAssetOptions>;
  /** Treasury companies that buy and may sell coins as the price moves; none by default. */
  treasuries?: TreasuryOptions[];
  /** Keep every event (default true); false keeps totals only (Monte Carlo). */
  recordEvents?: boolean;
}

const CASCADE_OPTIONS = optionKeys<CascadeOptions>()("book", "loans", "price", "minutes", "dt", "shocks", "sells", "reference", "feedback", "depth", "resilience", "permanentImpact", "withdrawal", "venue", "collateral", "treasuries", "recordEvents");
const SHOCK_OPTIONS = optionKeys<Shock>()("at", "drop", "over");
const SELL_OPTIONS = optionKeys<SellProgram>()("at", "notional", "over");
const WITHDRAWAL_OPTIONS = optionKeys<WithdrawalModel>()("baseVolatility", "volatilityHalfLife", "volatilitySensitivity", "capital", "lossSensitivity", "floor", "withdrawHalfLife", "recoveryHalfLife", "keepBeyond", "inventoryHalfLife");
const VENUE_OPTIONS = optionKeys<VenueRules>()("maintenanceMargin", "maxLeverage", "insuranceFund", "adl", "adlRerank", "loanBonus");
const PERMANENT_IMPACT_OPTIONS = optionKeys<PermanentImpact>()("dailyVolume", "dailyVolatility", "Y");

/** Options after defaults and checks. */
export interface ResolvedOptions {
  book: PositionBook;
  loans?: LoanBook;
  price: number;
  steps: number;
  dt: number;
  shocks: Array<Required<Shock>>;
  sells: Array<Required<SellProgram>>;
  reference?: ArrayLike<number>;
  feedback: boolean;
  depth: BookProfile;
  resilience: number;
  permanentImpact: Required<PermanentImpact>;
  withdrawal: { fixed: number; model?: WithdrawalModel; keepBeyond: number; inventoryHalfLife: number };
  venue: Required<VenueRules>;
  collateral: Record<string, CollateralAssetOptions>;
  treasuries: TreasuryOptions[];
  recordEvents: boolean;
}

/**
 * Checks options and fills defaults; throws naming the parameter.
 *
 * @example
 *   resolveOptions({ book, price: 100_000, depth: 20e6 }).steps // 1440
 */
export function resolveOptions(options: CascadeOptions): ResolvedOptions {
  const where = "simulateCascade";
  if (!options || typeof options !== "object") throw new Error(`${where}: give an options object`);
  checkOptions(where, options, CASCADE_OPTIONS);
  const { book, loans, price, minutes = 1440, dt = 1, shocks = [], sells = [], reference, feedback = true, resilience = 0.25, permanentImpact = {}, withdrawal = 0, venue = {}, collateral = {}, treasuries = [], recordEvents = true } = options;
  if (!book || typeof book.length !== "number" || !(book.size instanceof Float64Array)) throw new Error(`${where}: book must be a PositionBook (positionBook, positionsFromFrame or generatePositions)`);
  if (book.length === 0) throw new Error(`${where}: the book is empty`);
  checkPositive(`${where}: price`, price);
  checkPositive(`${where}: minutes`, minutes);
  checkPositive(`${where}: dt`, dt);
  const steps = Math.round(minutes / dt);
  checkInteger(`${where}: minutes / dt`, steps, 1);
  if (!Array.isArray(shocks)) throw new Error(`${where}: shocks must be an array of { at, drop, over }`);
  if (!Array.isArray(sells)) throw new Error(`${where}: sells must be an array of { at, notional, over }`);
  const resolvedShocks = shocks.map((s, k) => {
    checkOptions(`${where}: shocks[${k}]`, s, SHOCK_OPTIONS);
    const { at = 0, drop, over = 1 } = s;
    checkNonNegative(`${where}: shocks[${k}].at`, at);
    checkRange(`${where}: shocks[${k}].drop`, drop, -10, 0.99);
    checkPositive(`${where}: shocks[${k}].over`, over);
    return { at, drop, over };
  });
  const resolvedSells = sells.map((s, k) => {
    checkOptions(`${where}: sells[${k}]`, s, SELL_OPTIONS);
    const { at = 0, notional, over = 1 } = s;
    checkNonNegative(`${where}: sells[${k}].at`, at);
    checkFinite(`${where}: sells[${k}].notional`, notional);
    checkPositive(`${where}: sells[${k}].over`, over);
    return { at, notional, over };
  });
  if (reference !== undefined) {
    if (reference.length !== steps + 1) throw new Error(`${where}: reference needs ${steps + 1} prices (steps + 1), got ${reference.length}`);
    for (let k = 0; k < reference.length; k++) checkPositive(`${where}: reference[${k}]`, reference[k]);
  }
  if (typeof feedback !== "boolean") throw new Error(`${where}: feedback must be true or false, got ${String(feedback)}`);
  if (!feedback && reference === undefined) throw new Error(`${where}: feedback: false replays a market and needs its path as \`reference\``);
  const depth = typeof options.depth === "number" ? parametricDepth({ mid: price, within1pct: checkPositive(`${where}: depth`, options.depth) }) : options.depth;
  if (!depth || !depth.bid || !depth.ask) throw new Error(`${where}: depth must be a BookProfile (depthFromBands, depthFromSnapshot, parametricDepth) or USD within 1 %`);
  if (resilience !== Infinity) checkPositive(`${where}: resilience`, resilience);
  let resolvedWithdrawal: ResolvedOptions["withdrawal"];
  if (typeof withdrawal === "number") {
    checkRange(`${where}: withdrawal`, withdrawal, 0, 0.999);
    resolvedWithdrawal = { fixed: withdrawal, keepBeyond: Infinity, inventoryHalfLife: 30 };
  } else {
    checkOptions(`${where}: withdrawal`, withdrawal, WITHDRAWAL_OPTIONS);
    const { keepBeyond = Infinity, inventoryHalfLife = 30 } = withdrawal;
    checkPositiveOrInfinity(`${where}: withdrawal.keepBeyond`, keepBeyond);
    checkPositive(`${where}: withdrawal.inventoryHalfLife`, inventoryHalfLife);
    resolvedWithdrawal = { fixed: 0, model: withdrawal, keepBeyond, inventoryHalfLife };
  }
  checkOptions(`${where}: venue`, venue, VENUE_OPTIONS);
  checkOptions(`${where}: permanentImpact`, permanentImpact, PERMANENT_IMPACT_OPTIONS);
  if (!Array.isArray(treasuries)) throw new Error(`${where}: treasuries must be an array of treasury options`);
  treasuries.forEach((t, k) => checkOptions(`${where}: treasuries[${k}]`, t, TREASURY_OPTIONS));
  // collateral is a map by asset name (any key); each asset's description is an option set
  if (!collateral || typeof collateral !== "object") throw new Error(`${where}: collateral must be an object of assets by name`);
  for (const [name, asset] of Object.entries(collateral)) {
    checkOptions(`${where}: collateral "${name}"`, asset, COLLATERAL_ASSET_OPTIONS);
    checkOptions(`${where}: collateral "${name}" depeg`, asset?.depeg, DEPEG_OPTIONS);
  }
  const { maintenanceMargin = 0.005, maxLeverage = 125, insuranceFund = Infinity, adl = "queue", adlRerank = 0.005, loanBonus = 0.05 } = venue;
  if (typeof maintenanceMargin === "number") checkRange(`${where}: venue.maintenanceMargin`, maintenanceMargin, 0, 0.5);
  else if (!Array.isArray(maintenanceMargin) || !maintenanceMargin.length) throw new Error(`${where}: venue.maintenanceMargin must be a rate or brackets (marginTiers)`);
  checkRange(`${where}: venue.maxLeverage`, maxLeverage, 1, 1000);
  if (!(insuranceFund >= 0)) throw new Error(`${where}: venue.insuranceFund must be >= 0 (Infinity for a fund never exhausted), got ${insuranceFund}`);
  checkOneOf(`${where}: venue.adl`, adl, ["queue", "pro-rata"] as const);
  checkRange(`${where}: venue.adlRerank`, adlRerank, 0, 1);
  checkRange(`${where}: venue.loanBonus`, loanBonus, 0, 1);
  for (let i = 0; i < book.length; i++) {
    if (book.leverage[i] > maxLeverage) throw new Error(`${where}: position ${i} (account ${book.account[i]}): leverage ${book.leverage[i]} is above the venue maximum ${maxLeverage}`);
  }
  const { dailyVolume = 100e9, dailyVolatility = 0.03, Y = 0.7 } = permanentImpact;
  checkPositive(`${where}: permanentImpact.dailyVolume`, dailyVolume);
  checkNonNegative(`${where}: permanentImpact.dailyVolatility`, dailyVolatility);
  checkNonNegative(`${where}: permanentImpact.Y`, Y);
  return {
    book,
    loans,
    price,
    steps,
    dt,
    shocks: resolvedShocks,
    sells: resolvedSells,
    reference,
    feedback,
    depth,
    resilience,
    permanentImpact: { dailyVolume, dailyVolatility, Y },
    withdrawal: resolvedWithdrawal,
    venue: { maintenanceMargin, maxLeverage, insuranceFund, adl, adlRerank, loanBonus },
    collateral,
    treasuries,
    recordEvents,
  };
}

/** The reference price at minute t: the start price through every shock so far. */
export function referenceAt(o: ResolvedOptions, step: number): number {
  if (o.reference) return o.reference[step];
  const t = step * o.dt;
  let s = o.price;
  for (const { at, drop, over } of o.shocks) s *= 1 - drop * Math.min(1, Math.max(0, (t - at) / over));
  return s;
}

/** USD the sell programs put into the book over [t, t + dt). */
export function programFlow(o: ResolvedOptions, step: number): number {
  const t0 = step * o.dt;
  const t1 = t0 + o.dt;
  let flow = 0;
  for (const { at, notional, over } of o.sells) {
    const overlap = Math.min(t1, at + over) - Math.max(t0, at);
    if (overlap > 0) flow += (notional * overlap) / over;
  }
  return flow;
}
