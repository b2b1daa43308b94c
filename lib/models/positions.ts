/**
 * Position books: a population of perpetual-futures positions as a structure of typed arrays
 * (one array per field), so a million positions cost a few tens of megabytes and the cascade
 * engine sweeps them without allocating. Built from columns (`positionBook`), from a Frame
 * (`positionsFromFrame`) or drawn from distributions (`generatePositions`, generate-positions.ts).
 *
 * Every check runs here, before any model: a bad row is an error naming the position's index
 * and account and the field, e.g. `position 17 (account 17): leverage 150 is above the venue
 * maximum 125`.
 */
import type { Frame } from "../frame";
import { describe } from "./validate";
import { checkOptions, optionKeys } from "../options";

export const MARGIN_MODES = ["isolated", "cross", "unified"] as const;
export const CONTRACTS = ["linear", "inverse"] as const;
export type MarginMode = (typeof MARGIN_MODES)[number];
export type ContractKind = (typeof CONTRACTS)[number];

/** A population of positions, one entry per position in each array. */
export interface PositionBook {
  readonly length: number;
  /** Base units (linear) or face value in USD (inverse), > 0. */
  size: Float64Array;
  entry: Float64Array;
  /** Venue leverage setting, 1 to the venue maximum. */
  leverage: Float64Array;
  /** Isolated margin or the account's wallet share: USD (linear) or coins (inverse). */
  margin: Float64Array;
  /** +1 long, -1 short. */
  side: Int8Array;
  /** Index into MARGIN_MODES. */
  mode: Uint8Array;
  /** Index into CONTRACTS. */
  contract: Uint8Array;
  /** Index into `collateralAssets`, -1 for none (unified accounts only). */
  collateral: Int16Array;
  /** Units of the collateral asset. */
  collateralAmount: Float64Array;
  /** Account id; cross and unified positions of one account share its margin. */
  account: Int32Array;
  /** Index into `cohorts`. */
  cohort: Uint16Array;
  cohorts: string[];
  collateralAssets: string[];
  /** How many traders one row stands for (a sample of a larger population). */
  tradersPerPosition: number;
  /** Traders one row of each cohort stands for, when cohorts are sampled at different rates (overrides `tradersPerPosition`). */
  tradersByCohort?: Float64Array;
  /**
   * A generated book's survivor draws, per cohort: rows redrawn because the path since their
   * entry would have liquidated them, rows dropped because none of their draws survived, and
   * the USD (at the book's price) those carried before their cohort's other rows took it over.
   */
  draws?: { redrawn: number[]; dropped: number[]; droppedNotional: number[] };
}

/** What `positionBook` accepts: columns as arrays; only size, entry and side are required. */
export interface PositionColumns {
  size: ArrayLike<number>;
  entry: ArrayLike<number>;
  side: ArrayLike<number | string>;
  leverage?: ArrayLike<number>;
  margin?: ArrayLike<number>;
  mode?: ArrayLike<string>;
  contract?: ArrayLike<string>;
  collateral?: ArrayLike<string | null>;
  collateralAmount?: ArrayLike<number>;
  account?: ArrayLike<number>;
  cohort?: ArrayLike<string>;
}

/** Options of {@link positionBook} and {@link positionsFromFrame}: the venue's leverage cap and the defaults of optional columns. */
export interface PositionBookOptions {
  /** The venue's highest leverage setting; default 125. */
  maxLeverage?: number;
  /** Traders one row stands for; default 1. */
  tradersPerPosition?: number;
}

/** "position 17 (account 9)": how errors name a row. */
const POSITION_COLUMNS = optionKeys<PositionColumns>()("size", "entry", "side", "leverage", "margin", "mode", "contract", "collateral", "collateralAmount", "account", "cohort");
const POSITION_BOOK_OPTIONS = optionKeys<PositionBookOptions>()("maxLeverage", "tradersPerPosition");
const POSITIONS_FROM_FRAME_OPTIONS = optionKeys<PositionBookOptions & { columns?: PositionFrameColumns }>()("maxLeverage", "tradersPerPosition", "columns");

export function positionLabel(book: Pick<PositionBook, "account">, i: number): string {
  return `position ${i} (account ${book.account[i]})`;
}

function codeOf(values: ArrayLike<string> | undefined, i: number, allowed: readonly string[], field: string, label: () => string, fallback: number): number {
  if (!values) return fallback;
  const k = allowed.indexOf(values[i]);
  if (k < 0) throw new Error(`${label()}: ${field} must be one of ${allowed.join(", ")}, got ${describe(values[i])}`);
  return k;
}

/**
 * A validated book from columns. Sides are "long"/"short" or +1/-1; margin defaults to the
 * initial margin (notional at entry / leverage); mode "isolated", contract "linear", account the
 * row index, cohort "all". Throws before anything runs on a negative or zero size, a leverage
 * below 1 or above `maxLeverage`, a NaN entry, an unknown mode, an empty book.
 *
 * @example
 *   const book = positionBook({ size: [1, 2], entry: [100_000, 98_000], side: ["long", "short"], leverage: [10, 5] });
 *   book.margin // Float64Array [10000, 39200]
 */
export function positionBook(columns: PositionColumns, { maxLeverage = 125, tradersPerPosition = 1, ...unknown }: PositionBookOptions = {}): PositionBook {
  checkOptions("positionBook", unknown, POSITION_BOOK_OPTIONS);
  checkOptions("positionBook: columns", columns, POSITION_COLUMNS);
  const n = columns.size?.length ?? 0;
  if (n === 0) throw new Error("positionBook: the book is empty: give at least one position");
  for (const [name, values] of Object.entries(columns)) {
    if (values !== undefined && values.length !== n) throw new Error(`positionBook: column "${name}" has ${values.length} values but "size" has ${n}`);
  }
  if (!(maxLeverage >= 1)) throw new Error(`positionBook: maxLeverage must be >= 1, got ${describe(maxLeverage)}`);
  if (!(tradersPerPosition > 0 && Number.isFinite(tradersPerPosition))) throw new Error(`positionBook: tradersPerPosition must be > 0, got ${describe(tradersPerPosition)}`);
  const cohorts: string[] = [];
  const cohortIndex = new Map<string, number>();
  const collateralAssets: string[] = [];
  const assetIndex = new Map<string, number>();
  const book: PositionBook = {
    length: n,
    size: new Float64Array(n),
    entry: new Float64Array(n),
    leverage: new Float64Array(n),
    margin: new Float64Array(n),
    side: new Int8Array(n),
    mode: new Uint8Array(n),
    contract: new Uint8Array(n),
    collateral: new Int16Array(n),
    collateralAmount: new Float64Array(n),
    account: new Int32Array(n),
    cohort: new Uint16Array(n),
    cohorts,
    collateralAssets,
    tradersPerPosition,
  };
  for (let i = 0; i < n; i++) {
    const account = columns.account ? columns.account[i] : i;
    if (!Number.isInteger(account)) throw new Error(`positionBook: position ${i}: account must be a whole number, got ${describe(account)}`);
    book.account[i] = account;
    const label = () => `positionBook: ${positionLabel(book, i)}`;
    const size = columns.size[i];
    if (!(size > 0 && Number.isFinite(size))) throw new Error(`${label()}: size must be a finite number > 0, got ${describe(size)}`);
    const entry = columns.entry[i];
    if (!(entry > 0 && Number.isFinite(entry))) throw new Error(`${label()}: entry price must be a finite number > 0, got ${describe(entry)}`);
    const rawSide = columns.side[i];
    const side = rawSide === "long" || rawSide === 1 ? 1 : rawSide === "short" || rawSide === -1 ? -1 : 0;
    if (side === 0) throw new Error(`${label()}: side must be "long", "short", 1 or -1, got ${describe(rawSide)}`);
    const leverage = columns.leverage ? columns.leverage[i] : 1;
    if (!(leverage >= 1)) throw new Error(`${label()}: leverage must be at least 1, got ${describe(leverage)} (for less than 1x give a margin above the notional)`);
    if (!(leverage <= maxLeverage)) throw new Error(`${label()}: leverage ${describe(leverage)} is above the venue maximum ${maxLeverage}`);
    const contract = codeOf(columns.contract, i, CONTRACTS, "contract", label, 0);
    const mode = codeOf(columns.mode, i, MARGIN_MODES, "mode", label, 0);
    const notional = contract === 0 ? size * entry : size;
    const margin = columns.margin ? columns.margin[i] : contract === 0 ? notional / leverage : notional / leverage / entry;
    if (!(margin >= 0 && Number.isFinite(margin))) throw new Error(`${label()}: margin must be a finite number >= 0, got ${describe(margin)}`);
    const assetName = columns.collateral ? columns.collateral[i] : null;
    let asset = -1;
    if (assetName !== null && assetName !== undefined && assetName !== "") {
      if (mode !== 2) throw new Error(`${label()}: collateral "${assetName}" needs mode "unified", got "${MARGIN_MODES[mode]}"`);
      asset = assetIndex.get(assetName) ?? -1;
      if (asset < 0) (asset = collateralAssets.length), assetIndex.set(assetName, asset), collateralAssets.push(assetName);
    }
    const amount = columns.collateralAmount ? columns.collateralAmount[i] : 0;
    if (!(amount >= 0 && Number.isFinite(amount))) throw new Error(`${label()}: collateralAmount must be a finite number >= 0, got ${describe(amount)}`);
    if (amount > 0 && asset < 0) throw new Error(`${label()}: collateralAmount ${amount} without a collateral asset`);
    const cohortName = columns.cohort ? String(columns.cohort[i]) : "all";
    let cohort = cohortIndex.get(cohortName);
    if (cohort === undefined) (cohort = cohorts.length), cohortIndex.set(cohortName, cohort), cohorts.push(cohortName);
    book.size[i] = size;
    book.entry[i] = entry;
    book.side[i] = side;
    book.leverage[i] = leverage;
    book.margin[i] = margin;
    book.mode[i] = mode;
    book.contract[i] = contract;
    book.collateral[i] = asset;
    book.collateralAmount[i] = amount;
    book.cohort[i] = cohort;
  }
  return book;
}

/** Column names in a Frame for each book field; defaults are the field names. */
export type PositionFrameColumns = Partial<Record<keyof PositionColumns, string>>;

/**
 * A book from a Frame of positions (one row each), e.g. read from a venue export with
 * `readCsv`. Number columns: size, entry, leverage, margin, collateralAmount, account; string
 * columns: side, mode, contract, collateral, cohort. Missing optional columns take the
 * `positionBook` defaults; `columns` renames.
 *
 * @example
 *   const frame = Frame.fromRecords([{ size: 1, entry: 100_000, side: "long", leverage: 20 }]);
 *   positionsFromFrame(frame).leverage // Float64Array [20]
 */
export function positionsFromFrame(frame: Frame, { columns = {}, ...options }: PositionBookOptions & {
    /** Column names of the frame by field (`{ size: "qty" }`); each field's own name by default. */
    columns?: PositionFrameColumns;
  } = {},
): PositionBook {
  checkOptions("positionsFromFrame", options, POSITIONS_FROM_FRAME_OPTIONS);
  checkOptions("positionsFromFrame: columns", columns, POSITION_COLUMNS);
  const name = (field: keyof PositionColumns) => columns[field] ?? field;
  const numbers = (field: keyof PositionColumns) => (frame.has(name(field)) ? frame.numbers(name(field)) : undefined);
  const strings = (field: keyof PositionColumns) => (frame.has(name(field)) ? frame.strings(name(field)).map((s) => s ?? "") : undefined);
  for (const field of ["size", "entry", "side"] as const) {
    if (!frame.has(name(field))) throw new Error(`positionsFromFrame: no column "${name(field)}" for the position ${field}; the columns are: ${frame.columns.join(", ")}`);
  }
  const sideColumn = frame.type(name("side")) === "string" ? frame.strings(name("side")).map((s) => s ?? "") : frame.numbers(name("side"));
  return positionBook(
    {
      size: frame.numbers(name("size")),
      entry: frame.numbers(name("entry")),
      side: sideColumn,
      leverage: numbers("leverage"),
      margin: numbers("margin"),
      mode: strings("mode"),
      contract: strings("contract"),
      collateral: strings("collateral"),
      collateralAmount: numbers("collateralAmount"),
      account: numbers("account"),
      cohort: strings("cohort"),
    },
    options,
  );
}

/**
 * Total notional (USD at `price`) of a book, by side.
 *
 * @example
 *   openInterest(book, 100_000) // { long: 1.2e9, short: 4e8, total: 1.6e9 }
 */
export function openInterest(book: PositionBook, price: number): { long: number; short: number; total: number } {
  let long = 0;
  let short = 0;
  for (let i = 0; i < book.length; i++) {
    const notional = book.contract[i] === 0 ? book.size[i] * price : book.size[i];
    if (book.side[i] > 0) long += notional;
    else short += notional;
  }
  return { long, short, total: long + short };
}
