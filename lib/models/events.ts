/**
 * The cascade's record: every liquidation as a row of typed columns (grown by doubling), and
 * running totals by cause and by cohort that are kept even when rows are not (Monte Carlo).
 */
import { Frame } from "../frame";

/** Why a position was closed. */
export const CAUSES = ["price", "collateral", "adl", "ltv", "treasury"] as const;
export type Cause = (typeof CAUSES)[number];

/** Liquidations as columns, one entry per event, in time order. */
export interface LiquidationEvents {
  readonly length: number;
  /** Minutes from the start. */
  time: Float64Array;
  /** Account id (treasuries: -1 - their index). */
  account: Int32Array;
  /** Unit: the book row (an account's first row), book.length + j for loan j, -1 - k for treasury k. */
  unit: Int32Array;
  /** Index into the result's `cohorts`. */
  cohort: Uint16Array;
  /** +1 a long exposure was closed (a sale), -1 a short one (a purchase). */
  side: Int8Array;
  /**
   * Base units of the underlying (BTC for a BTC book), always notional / price: a linear
   * position's size, an inverse one's face value / price, a loan's collateral sold valued in
   * the underlying (whatever asset it is), a treasury's coins.
   */
  quantity: Float64Array;
  /** USD: the order's notional at `price`. */
  notional: Float64Array;
  /** USD per base unit: the mark when triggered (ADL: the execution price; treasuries: the day's average sale price). */
  price: Float64Array;
  /** Index into CAUSES. */
  cause: Uint8Array;
}

/** Count, traders, USD (at the trigger price) and base units of the underlying (the sum of the events' quantities) of a set of events. */
export interface Tally {
  events: number;
  traders: number;
  notional: number;
  quantity: number;
}

const tally = (): Tally => ({ events: 0, traders: 0, notional: 0, quantity: 0 });

/** Collects events and totals; `finish` returns the columns cut to the events recorded. */
export class EventLog {
  length = 0;
  /** USD of events per step for each cohort. */
  readonly series: Float64Array[];
  // tallies by cause and by cohort: [events, traders, notional, quantity] per code
  readonly #causeTally = new Float64Array(CAUSES.length * 4);
  readonly #cohortTally: Float64Array;
  #time: Float64Array;
  #account: Int32Array;
  #unit: Int32Array;
  #cohort: Uint16Array;
  #side: Int8Array;
  #quantity: Float64Array;
  #notional: Float64Array;
  #price: Float64Array;
  #cause: Uint8Array;

  /** `capacity`: events expected (the columns grow past it by half each time). */
  constructor(readonly cohorts: string[], steps: number, readonly keep: boolean, capacity = 1024) {
    this.series = cohorts.map(() => new Float64Array(steps));
    this.#cohortTally = new Float64Array(cohorts.length * 4);
    const size = keep ? Math.max(16, capacity) : 0;
    this.#time = new Float64Array(size);
    this.#account = new Int32Array(size);
    this.#unit = new Int32Array(size);
    this.#cohort = new Uint16Array(size);
    this.#side = new Int8Array(size);
    this.#quantity = new Float64Array(size);
    this.#notional = new Float64Array(size);
    this.#price = new Float64Array(size);
    this.#cause = new Uint8Array(size);
  }

  /** Adds one event; `traders` counts toward the tallies (0 for a second reduction of the same trader). The account comes from the unit at `finish`. */
  push(step: number, time: number, unit: number, cohort: number, side: number, quantity: number, notional: number, price: number, cause: number, traders: number): void {
    const c = this.#causeTally;
    const k = cause * 4;
    c[k]++;
    c[k + 1] += traders;
    c[k + 2] += notional;
    c[k + 3] += quantity;
    const h = this.#cohortTally;
    const j = cohort * 4;
    h[j]++;
    h[j + 1] += traders;
    h[j + 2] += notional;
    h[j + 3] += quantity;
    this.series[cohort][step] += notional;
    if (!this.keep) return;
    if (this.length === this.#time.length) this.#grow(Math.ceil(this.length * 1.5));
    const i = this.length++;
    this.#time[i] = time;
    this.#unit[i] = unit;
    this.#cohort[i] = cohort;
    this.#side[i] = side;
    this.#quantity[i] = quantity;
    this.#notional[i] = notional;
    this.#price[i] = price;
    this.#cause[i] = cause;
  }

  /** Tallies by cause name. */
  get byCause(): Record<Cause, Tally> {
    return Object.fromEntries(CAUSES.map((name, k) => [name, this.#tally(this.#causeTally, k)])) as Record<Cause, Tally>;
  }

  /** Tallies in cohort order. */
  get byCohort(): Tally[] {
    return this.cohorts.map((_, k) => this.#tally(this.#cohortTally, k));
  }

  #tally(a: Float64Array, k: number): Tally {
    return { events: a[4 * k], traders: a[4 * k + 1], notional: a[4 * k + 2], quantity: a[4 * k + 3] };
  }

  #grow(size: number): void {
    const grow = <T extends Float64Array | Int32Array | Uint16Array | Int8Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.#time = grow(this.#time);
    this.#account = grow(this.#account);
    this.#unit = grow(this.#unit);
    this.#cohort = grow(this.#cohort);
    this.#side = grow(this.#side);
    this.#quantity = grow(this.#quantity);
    this.#notional = grow(this.#notional);
    this.#price = grow(this.#price);
    this.#cause = grow(this.#cause);
  }

  /** The events as columns: views of the first `length` entries (no copy); accounts looked up by unit here, out of the engine's loop. */
  finish(accountOf: (unit: number) => number): LiquidationEvents {
    const n = this.length;
    const unit = this.#unit;
    for (let i = 0; i < n; i++) this.#account[i] = accountOf(unit[i]);
    return {
      length: n,
      time: this.#time.subarray(0, n),
      account: this.#account.subarray(0, n),
      unit: this.#unit.subarray(0, n),
      cohort: this.#cohort.subarray(0, n),
      side: this.#side.subarray(0, n),
      quantity: this.#quantity.subarray(0, n),
      notional: this.#notional.subarray(0, n),
      price: this.#price.subarray(0, n),
      cause: this.#cause.subarray(0, n),
    };
  }
}

/**
 * The events as a Frame (time in minutes; cohort, cause and side as strings), for tables and
 * plots (`cascadePathChart`, `liquidationWaterfallChart`).
 *
 * @example
 *   eventsFrame(result.events, result.cohorts).head(3)
 */
export function eventsFrame(events: LiquidationEvents, cohorts: string[]): Frame {
  const n = events.length;
  const cohort = new Array<string>(n);
  const cause = new Array<string>(n);
  const side = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    cohort[i] = cohorts[events.cohort[i]];
    cause[i] = CAUSES[events.cause[i]];
    side[i] = events.side[i] > 0 ? "long" : "short";
  }
  return Frame.fromColumns({ time: events.time, account: Float64Array.from(events.account), cohort, cause, side, quantity: events.quantity, notional: events.notional, price: events.price });
}

/**
 * The notional-weighted median minute of a per-step series (the time by which half of a
 * cohort's liquidations had happened); NaN for an empty series.
 *
 * @example
 *   medianMinute(new Float64Array([0, 5, 5, 0]), 1) // 1
 */
export function medianMinute(series: Float64Array, dt: number): number {
  let total = 0;
  for (let k = 0; k < series.length; k++) total += series[k];
  if (!(total > 0)) return NaN;
  let sum = 0;
  for (let k = 0; k < series.length; k++) if ((sum += series[k]) >= total / 2) return k * dt;
  return NaN;
}
