/**
 * mNAV of a treasury company (a "DAT"): what the market pays for the company over what its
 * coins are worth. Below 1 the stock is worth less than the coins, so selling coins to buy back
 * stock raises value per share (claim A11) and a forced seller adds to the fall.
 *
 * mNAV = market cap / (coins x price), or enterprise value (market cap + debt + preferred -
 * cash) / (coins x price): reports quote either, so say which.
 */
import { checkOptions, optionKeys } from "../options";
import { checkFinite, checkPositive } from "../models/validate";

export interface MnavInput {
  /** Coins held. */
  holdings: number;
  /** Coin price, dollars. */
  price: number;
  /** Market capitalisation, dollars; or give shares and sharePrice. */
  marketCap?: number;
  /** Enterprise value, dollars; or give debt, preferred and cash beside the market cap. */
  enterpriseValue?: number;
  shares?: number;
  sharePrice?: number;
  /** Debt, preferred stock and cash, dollars: given any, mNAV is on enterprise value. */
  debt?: number;
  preferred?: number;
  cash?: number;
}

const MNAV_OPTIONS = optionKeys<NonNullable<Parameters<typeof mnav>[0]>>()("holdings", "price", "marketCap", "enterpriseValue", "shares", "sharePrice", "debt", "preferred", "cash");

/**
 * mNAV: enterprise value over coin value when an enterprise value (or debt, preferred or cash)
 * is given, else market cap over coin value.
 *
 * @example
 *   mnav({ holdings: 641_692, price: 85_000, marketCap: 53.5e9 })       // 0.981 (an illustrative market cap)
 *   mnav({ holdings: 10_000, price: 90_000, shares: 1e8, sharePrice: 8, debt: 200e6 }) // 1.111
 */
export function mnav({ holdings, price, marketCap, enterpriseValue, shares, sharePrice, debt, preferred, cash, ...unknown }: MnavInput): number {
  checkOptions("mnav", unknown, MNAV_OPTIONS);
  // a NaN or a string among the figures given would come out as an mNAV of NaN
  for (const [k, v] of Object.entries({ holdings, price, marketCap, enterpriseValue, shares, sharePrice, debt, preferred, cash })) if (v !== undefined) checkFinite(`mnav: ${k}`, v);
  const nav = holdings * price;
  if (!(nav > 0)) throw new Error(`mnav needs positive holdings and price, got ${holdings} coins at ${price}`);
  if (enterpriseValue !== undefined) return enterpriseValue / nav;
  const cap = marketCap ?? (shares !== undefined && sharePrice !== undefined ? shares * sharePrice : undefined);
  if (cap === undefined) throw new Error("mnav needs marketCap, enterpriseValue, or shares and sharePrice");
  if (debt !== undefined || preferred !== undefined || cash !== undefined) return (cap + (debt ?? 0) + (preferred ?? 0) - (cash ?? 0)) / nav;
  return cap / nav;
}

const MNAV_PRICE_OPTIONS = optionKeys<NonNullable<Parameters<typeof mnavPrice>[0]>>()("holdings", "marketCap", "enterpriseValue", "target");

/**
 * The coin price at which mNAV falls to `target` (1 by default), the rest unchanged: below it
 * the stock trades under its coins.
 *
 * @example
 *   mnavPrice({ holdings: 641_692, marketCap: 53.5e9 }) // 83,373: mNAV 1 at that BTC price (illustrative)
 */
export function mnavPrice({ holdings, marketCap, enterpriseValue, target = 1, ...unknown }: {
  /** Coins the company holds. */
  holdings: number;
  /** The company's market capitalization, USD; give this or `enterpriseValue`. */
  marketCap?: number;
  /** Enterprise value (market cap plus debt and preferred, less cash), USD; used instead of `marketCap` when given. */
  enterpriseValue?: number;
  /** The mNAV to solve for; 1 (stock worth its coins) by default. */
  target?: number;
}): number {
  checkOptions("mnavPrice", unknown, MNAV_PRICE_OPTIONS);
  checkPositive("mnavPrice: holdings", holdings);
  checkPositive("mnavPrice: target", target);
  for (const [k, v] of Object.entries({ marketCap, enterpriseValue })) if (v !== undefined) checkFinite(`mnavPrice: ${k}`, v);
  const value = enterpriseValue ?? marketCap;
  if (value === undefined) throw new Error("mnavPrice needs marketCap or enterpriseValue");
  return value / (holdings * target);
}
