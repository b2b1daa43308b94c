/**
 * Market-maker withdrawal: the share of normal order-book depth that market makers keep
 * quoting, falling when volatility rises and when they lose money, and coming back slowly.
 *
 * This is the liquidity spiral of Brunnermeier & Pedersen (2009, "Market liquidity and funding
 * liquidity", Review of Financial Studies 22(6)): a dealer's quoting capacity is its capital
 * over the margin its inventory needs, and margins rise with volatility; losses cut capital,
 * and volatility raises margins, so liquidity falls exactly when prices gap. Here
 *
 *   target = clamp((capital / capital0)^lossSensitivity * (baseVolatility / max(vol, baseVolatility))^volatilitySensitivity, floor, 1)
 *
 * and the depth factor moves toward the target with a short half-life when falling (quotes are
 * pulled in seconds) and a long one when rising (Oct 10-11, 2025: books stayed thin for weeks,
 * BTC 1 % depth about $20M early October and $14M on Nov 11, CoinDesk Research). The floor
 * defaults to 0.02: the -98 % withdrawal seen on Oct 10 (one token's 1 % depth went from $1.2M
 * to $27k in 40 minutes) is the deepest the model reaches.
 */
import { incrEwVolatility } from "./accumulators";
import { checkPositiveOrInfinity, checkPositive, checkRange } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link marketMakerWithdrawal}: calm volatility, how fast market makers pull and return. */
export interface MarketMakerWithdrawalOptions {
  /** Volatility of log returns per minute in a calm market; default 0.0008 (about 3 % a day). */
  baseVolatility?: number;
  /** Half-life (minutes) of the realized-volatility estimate; default 5. */
  volatilityHalfLife?: number;
  /** Exponent of the volatility term; default 1 (depth inversely proportional to volatility). */
  volatilitySensitivity?: number;
  /** Market makers' capital (USD); default Infinity (losses do not matter). */
  capital?: number;
  /** Exponent of the capital term; default 1. */
  lossSensitivity?: number;
  /** Lowest depth factor; default 0.02 (a 98 % withdrawal). */
  floor?: number;
  /** Half-life (minutes) of pulling quotes; default 1. */
  withdrawHalfLife?: number;
  /** Half-life (minutes) of coming back; default 240. */
  recoveryHalfLife?: number;
}

const MARKET_MAKER_WITHDRAWAL_OPTIONS = optionKeys<MarketMakerWithdrawalOptions>()("baseVolatility", "volatilityHalfLife", "volatilitySensitivity", "capital", "lossSensitivity", "floor", "withdrawHalfLife", "recoveryHalfLife");

/** The withdrawal state as an accumulator: `withdraw(return, pnl, dt)` steps it; `withdraw()` reads. */
export interface WithdrawalAccumulator {
  /** Feeds one interval's log return, market makers' PnL (USD) over it and its length (minutes); returns the depth factor. */
  (logReturn?: number, pnl?: number, dt?: number): number;
  /** Realized volatility per minute now. */
  volatility(): number;
  /** Market makers' capital now. */
  capital(): number;
}

/**
 * A market-maker withdrawal accumulator (see the module comment).
 *
 * @example
 *   const withdraw = marketMakerWithdrawal({ baseVolatility: 0.0008 });
 *   withdraw(0, 0, 1);      // 1: calm
 *   withdraw(-0.03, 0, 1);  // falls fast: volatility jumped about 10x
 *   withdraw();             // the current factor
 */
export function marketMakerWithdrawal({ baseVolatility = 0.0008, volatilityHalfLife = 5, volatilitySensitivity = 1, capital = Infinity, lossSensitivity = 1, floor = 0.02, withdrawHalfLife = 1, recoveryHalfLife = 240, ...unknown }: MarketMakerWithdrawalOptions = {}): WithdrawalAccumulator {
  checkOptions("marketMakerWithdrawal", unknown, MARKET_MAKER_WITHDRAWAL_OPTIONS);
  checkPositive("marketMakerWithdrawal: baseVolatility", baseVolatility);
  checkPositive("marketMakerWithdrawal: volatilityHalfLife", volatilityHalfLife);
  checkRange("marketMakerWithdrawal: volatilitySensitivity", volatilitySensitivity, 0, 10);
  checkPositiveOrInfinity("marketMakerWithdrawal: capital", capital);
  checkRange("marketMakerWithdrawal: lossSensitivity", lossSensitivity, 0, 10);
  checkRange("marketMakerWithdrawal: floor", floor, 1e-4, 1);
  checkPositive("marketMakerWithdrawal: withdrawHalfLife", withdrawHalfLife);
  checkPositive("marketMakerWithdrawal: recoveryHalfLife", recoveryHalfLife);
  const variance = incrEwVolatility(volatilityHalfLife, baseVolatility * baseVolatility);
  const capital0 = capital;
  let equity = capital;
  let factor = 1;
  const withdraw = ((logReturn?: number, pnl = 0, dt = 1) => {
    if (logReturn === undefined) return factor;
    const vol = Math.sqrt(variance(logReturn, dt));
    if (Number.isFinite(capital0)) equity = Math.max(0, Math.min(capital0, equity + pnl));
    const funding = Number.isFinite(capital0) ? Math.pow(equity / capital0, lossSensitivity) : 1;
    const target = Math.min(1, Math.max(floor, funding * Math.pow(baseVolatility / Math.max(vol, baseVolatility), volatilitySensitivity)));
    const halfLife = target < factor ? withdrawHalfLife : recoveryHalfLife;
    factor = target + (factor - target) * Math.pow(2, -dt / halfLife);
    return factor;
  }) as WithdrawalAccumulator;
  withdraw.volatility = () => Math.sqrt(variance());
  withdraw.capital = () => equity;
  return withdraw;
}
