/**
 * Digital-asset treasury companies (DATs): listed companies that hold the coin and buy more
 * while their shares trade above the value of their coins (mNAV = equity value / coin value
 * above 1), because issuing shares then buys more coin per share. Below mNAV 1 the trade
 * reverses: issuing shares destroys value, so they stop buying, and after a while some sell
 * coins to buy back shares or redeem debt (Nov 2025: at least 15 BTC treasuries below 1 by Nov
 * 10; FG Nexus sold 10,922 ETH for buybacks, Sequans 970 BTC to redeem convertibles).
 *
 * mNAV follows the coin with an elasticity (the equity premium shrinks faster than the coin
 * falls): mNAV = mNAV0 * (P / P0)^elasticity. Sales start `sellAfterDays` after mNAV falls
 * below 1 and run at `sellPerDay` of holdings a day: the slow third tier of the article's
 * liquidation order, after leveraged longs (minutes) and market makers (hours).
 */
import { checkNonNegative, checkPositive, checkRange } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** A treasury company of {@link treasuryCompany} and the cascade's `treasuries`: holdings, mNAV, and its buying and selling rules. */
export interface TreasuryOptions {
  /** The company's name, in errors and results. */
  name: string;
  /** Coins held. */
  holdings: number;
  /** mNAV at the start. */
  mNAV: number;
  /** d ln mNAV / d ln price; default 1.5. */
  elasticity?: number;
  /** USD bought a day while mNAV >= 1; default 0. */
  buyPerDay?: number;
  /** Days below mNAV 1 before selling starts; default 7. */
  sellAfterDays?: number;
  /** Fraction of holdings sold a day once selling; default 0.002. */
  sellPerDay?: number;
  /** Cohort name in the results; default "treasuries". */
  cohort?: string;
}

export const TREASURY_OPTIONS = optionKeys<TreasuryOptions>()("name", "holdings", "mNAV", "elasticity", "buyPerDay", "sellAfterDays", "sellPerDay", "cohort");

/** A treasury's policy as an accumulator: `step(minute, price, dt)` returns coins bought (> 0) or sold (< 0) over dt minutes. */
export interface TreasuryStepper {
  (minute: number, price: number, dt: number): number;
  mNAV(): number;
  holdings(): number;
}

/**
 * A treasury company's buying and selling over time (see the module comment).
 *
 * @example
 *   const strategy = treasuryCompany({ name: "A", holdings: 640_000, mNAV: 1.3, buyPerDay: 50e6 }, 126_000);
 *   strategy(0, 126_000, 1440)  // about 397 coins bought on the day: mNAV 1.3
 *   strategy(1440, 80_000, 1440) // 0: mNAV 1.3 * (80/126)^1.5 = 0.66, buying stopped
 */
export function treasuryCompany(options: TreasuryOptions, startPrice: number): TreasuryStepper {
  checkOptions(`treasuryCompany${options && options.name !== undefined ? ` "${options.name}"` : ""}`, options, TREASURY_OPTIONS);
  const { name, mNAV: mNAV0, elasticity = 1.5, buyPerDay = 0, sellAfterDays = 7, sellPerDay = 0.002 } = options;
  const where = `treasury "${name}"`;
  let holdings = checkPositive(`${where}: holdings`, options.holdings);
  checkPositive(`${where}: mNAV`, mNAV0);
  checkRange(`${where}: elasticity`, elasticity, 0, 10);
  checkNonNegative(`${where}: buyPerDay`, buyPerDay);
  checkNonNegative(`${where}: sellAfterDays`, sellAfterDays);
  checkRange(`${where}: sellPerDay`, sellPerDay, 0, 1);
  checkPositive(`${where}: start price`, startPrice);
  let mNAV = mNAV0;
  let belowSince = NaN;
  const step = ((minute: number, price: number, dt: number) => {
    mNAV = mNAV0 * Math.pow(price / startPrice, elasticity);
    if (mNAV >= 1) {
      belowSince = NaN;
      const coins = (buyPerDay * dt) / 1440 / price;
      holdings += coins;
      return coins;
    }
    if (belowSince !== belowSince) belowSince = minute;
    if (minute - belowSince < sellAfterDays * 1440) return 0;
    const coins = holdings * (1 - Math.pow(1 - sellPerDay, dt / 1440));
    holdings -= coins;
    return -coins;
  }) as TreasuryStepper;
  step.mNAV = () => mNAV;
  step.holdings = () => holdings;
  return step;
}
