/**
 * Crypto-backed loans: USD debt against coin collateral, liquidated when the loan-to-value
 * ratio reaches the lender's liquidation threshold (Aave v3's health factor < 1, i.e.
 * debt >= threshold * collateral value; centralised lenders use the same LTV rule).
 *
 * A 30 % LTV loan on BTC survives the -36 % fall from $126k to $80k (LTV 0.30 / 0.64 = 47 %,
 * below a typical 80-85 % threshold), but not on collateral that falls 70 % (LTV 100 %): the
 * article's point that low leverage was not safe when the collateral itself collapsed.
 */
import { checkNonNegative, checkPositive, describe } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** Loans as typed columns (structure of arrays). */
export interface LoanBook {
  readonly length: number;
  /** Units of collateral. */
  collateralAmount: Float64Array;
  /** USD owed. */
  debt: Float64Array;
  /** LTV at which the loan is liquidated (0.83 = 83 %). */
  liquidationLtv: Float64Array;
  /** Index into `collateralAssets`, -1 for the underlying itself. */
  collateral: Int16Array;
  account: Int32Array;
  cohort: Uint16Array;
  cohorts: string[];
  collateralAssets: string[];
}

const LOAN_COLUMNS = optionKeys<Parameters<typeof loanBook>[0]>()("collateralAmount", "debt", "liquidationLtv", "collateral", "account", "cohort");

/**
 * A validated loan book. `collateral` names a collateral asset described in the cascade's
 * options, or is null/"" for the underlying.
 *
 * @example
 *   const loans = loanBook({ collateralAmount: [1], debt: [30_000], liquidationLtv: [0.83] }); // 30 % LTV at $100k
 */
export function loanBook(columns: {
  /** Collateral per loan, in units of its asset (BTC for the underlying), each > 0. */
  collateralAmount: ArrayLike<number>;
  /** USD owed per loan, each >= 0. */
  debt: ArrayLike<number>;
  /** Loan-to-value at which each loan is liquidated, in (0, 1] (0.83 = 83 %). */
  liquidationLtv: ArrayLike<number>;
  /** Collateral asset per loan (a name from the cascade's `collateral` option); null or "" for the underlying. All the underlying when left out. */
  collateral?: ArrayLike<string | null>;
  /** Account id per loan (whole numbers); the loan's index by default. */
  account?: ArrayLike<number>;
  /** Cohort label per loan for the cascade's tallies; "lenders" by default. */
  cohort?: ArrayLike<string>;
}): LoanBook {
  checkOptions("loanBook: columns", columns, LOAN_COLUMNS);
  const n = columns.debt?.length ?? 0;
  if (n === 0) throw new Error("loanBook: the book is empty: give at least one loan");
  for (const [name, values] of Object.entries(columns)) if (values !== undefined && values.length !== n) throw new Error(`loanBook: column "${name}" has ${values.length} values but "debt" has ${n}`);
  const book: LoanBook = {
    length: n,
    collateralAmount: new Float64Array(n),
    debt: new Float64Array(n),
    liquidationLtv: new Float64Array(n),
    collateral: new Int16Array(n),
    account: new Int32Array(n),
    cohort: new Uint16Array(n),
    cohorts: [],
    collateralAssets: [],
  };
  for (let i = 0; i < n; i++) {
    const account = columns.account ? columns.account[i] : i;
    const label = `loanBook: loan ${i} (account ${account})`;
    if (!Number.isInteger(account)) throw new Error(`${label}: account must be a whole number`);
    const amount = columns.collateralAmount[i];
    const debt = columns.debt[i];
    const ltv = columns.liquidationLtv[i];
    if (!(amount > 0 && Number.isFinite(amount))) throw new Error(`${label}: collateralAmount must be a finite number > 0, got ${describe(amount)}`);
    if (!(debt >= 0 && Number.isFinite(debt))) throw new Error(`${label}: debt must be a finite number >= 0, got ${describe(debt)}`);
    if (!(ltv > 0 && ltv <= 1)) throw new Error(`${label}: liquidationLtv must be in (0, 1], got ${describe(ltv)}`);
    const asset = columns.collateral?.[i];
    let a = -1;
    if (asset) {
      a = book.collateralAssets.indexOf(asset);
      if (a < 0) (a = book.collateralAssets.length), book.collateralAssets.push(asset);
    }
    const cohortName = columns.cohort ? String(columns.cohort[i]) : "lenders";
    let c = book.cohorts.indexOf(cohortName);
    if (c < 0) (c = book.cohorts.length), book.cohorts.push(cohortName);
    book.collateralAmount[i] = amount;
    book.debt[i] = debt;
    book.liquidationLtv[i] = ltv;
    book.collateral[i] = a;
    book.account[i] = account;
    book.cohort[i] = c;
  }
  return book;
}

const LOAN_TO_VALUE_OPTIONS = optionKeys<Parameters<typeof loanToValue>[0]>()("debt", "collateralAmount", "price", "liquidationLtv");

/**
 * Loan-to-value: debt over collateral value. A loan's `liquidationLtv` may come along (one
 * description of a loan serves here and in `loanLiquidationPrice`); it does not enter the ratio.
 *
 * @example
 *   loanToValue({ debt: 30_000, collateralAmount: 1, price: 64_000 }) // 0.469
 */
export function loanToValue({ debt, collateralAmount, price, ...unknown }: {
  /** USD owed. */
  debt: number;
  /** Units of collateral. */
  collateralAmount: number;
  /** Collateral price in USD. */
  price: number;
  /** The loan's liquidation threshold; accepted so one loan description serves both functions, not used here. */
  liquidationLtv?: number;
}): number {
  checkOptions("loanToValue", unknown, LOAN_TO_VALUE_OPTIONS);
  checkNonNegative("loanToValue: debt", debt);
  checkPositive("loanToValue: collateralAmount", collateralAmount);
  checkPositive("loanToValue: price", price);
  return debt / (collateralAmount * price);
}

const LOAN_LIQUIDATION_PRICE_OPTIONS = optionKeys<Parameters<typeof loanLiquidationPrice>[0]>()("debt", "collateralAmount", "liquidationLtv");

/**
 * The collateral price at which a loan is liquidated: debt / (amount * threshold).
 *
 * @example
 *   loanLiquidationPrice({ debt: 30_000, collateralAmount: 1, liquidationLtv: 0.83 }) // 36,145: a 63.9 % fall from $100k
 */
export function loanLiquidationPrice({ debt, collateralAmount, liquidationLtv, ...unknown }: {
  /** USD owed. */
  debt: number;
  /** Units of collateral. */
  collateralAmount: number;
  /** Loan-to-value at which the loan is liquidated, in (0, 1]. */
  liquidationLtv: number;
}): number {
  checkOptions("loanLiquidationPrice", unknown, LOAN_LIQUIDATION_PRICE_OPTIONS);
  checkNonNegative("loanLiquidationPrice: debt", debt);
  checkPositive("loanLiquidationPrice: collateralAmount", collateralAmount);
  // as loanBook: a threshold of 0 would put the liquidation price at infinity
  if (!(liquidationLtv > 0 && liquidationLtv <= 1)) throw new Error(`loanLiquidationPrice: liquidationLtv must be in (0, 1], got ${describe(liquidationLtv)}`);
  return debt / (collateralAmount * liquidationLtv);
}
