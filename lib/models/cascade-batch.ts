/**
 * The cascade engine's per-unit loops, as module-level functions over a `Batch` (typed columns
 * and number fields of a fixed shape).
 *
 * Why not closures inside `runCascade`: a function whose loops run once per cascade is compiled
 * by V8 on-stack while it runs, and every new cascade starts again in the interpreter, which
 * boxes each floating-point result (hundreds of megabytes of garbage per million positions).
 * These functions are called every step, so V8 compiles them once and keeps that code for every
 * cascade after the first; numbers travel in typed arrays and fields, never as arguments of calls
 * it may not inline.
 */
import { bucketOf, type Sweep, type Units } from "./cascade-units";
import { CAUSES, type EventLog } from "./events";
import type { PositionBook } from "./positions";

/** The `asset` code of a loan in a batch. */
export const LOAN = -2;

/** The units a step takes over and their orders. */
export class Batch {
  /** Units found crossed this step, before their orders are made. */
  pending: Uint32Array;
  pendingCount = 0;
  /** The units given orders this step (`count` of them), with their remaining fraction, signed USD order and equity coefficients f A0, f B0. */
  ids: Uint32Array;
  frac: Float64Array;
  notional: Float64Array;
  A0: Float64Array;
  B0: Float64Array;
  /** Depegging collateral asset of each position, -1 for none, LOAN for a loan. */
  asset: Int16Array;
  count = 0;
  /** What `makeOrders` gathers of each pending unit before it uses it (state, the row's two equity terms, contract, cohort). */
  gState: Uint8Array;
  gSize: Float64Array;
  gTerm: Float64Array;
  gContract: Uint8Array;
  gCohort: Uint16Array;
  /** Positions in the batch `settle` leaves to the engine (depegging collateral), and loans. */
  special: Uint32Array;
  specialCount = 0;
  /** USD sold and bought by the step's liquidation orders. */
  sold = 0;
  bought = 0;
  /** What `settle` adds up at the fill price: equity paid into the fund and paid out of it, and the bankrupt orders' USD by side. */
  received = 0;
  paid = 0;
  bankruptLong = 0;
  bankruptShort = 0;

  constructor(private readonly max: number) {
    this.pending = this.ids = this.special = new Uint32Array(0);
    this.frac = this.notional = this.A0 = this.B0 = this.gSize = this.gTerm = new Float64Array(0);
    this.asset = new Int16Array(0);
    this.gState = this.gContract = new Uint8Array(0);
    this.gCohort = new Uint16Array(0);
    this.ensure(Math.max(1, Math.min(max, 4096)));
  }

  /** Makes room for `size` entries in every column. */
  ensure(size: number): void {
    if (size <= this.ids.length) return;
    const cap = Math.max(size, Math.min(this.max, this.ids.length * 2));
    const grow = <T extends Uint32Array | Float64Array | Int16Array | Uint16Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a);
      return b;
    };
    this.pending = grow(this.pending, Uint32Array);
    this.ids = grow(this.ids, Uint32Array);
    this.frac = grow(this.frac, Float64Array);
    this.notional = grow(this.notional, Float64Array);
    this.A0 = grow(this.A0, Float64Array);
    this.B0 = grow(this.B0, Float64Array);
    this.asset = grow(this.asset, Int16Array);
    this.special = grow(this.special, Uint32Array);
    this.gState = new Uint8Array(cap);
    this.gSize = new Float64Array(cap);
    this.gTerm = new Float64Array(cap);
    this.gContract = new Uint8Array(cap);
    this.gCohort = new Uint16Array(cap);
  }

  take(u: number): void {
    if (this.pendingCount === this.pending.length) this.ensure(this.pendingCount + 1);
    this.pending[this.pendingCount++] = u;
  }

  clear(): void {
    this.pendingCount = this.count = this.specialCount = 0;
    this.sold = this.bought = this.received = this.paid = this.bankruptLong = this.bankruptShort = 0;
  }
}

/** Where a sweep has got to on one side: buckets before `bucket` are taken, and ids[start[bucket]] .. ids[cut - 1]. */
export class SweepCursor {
  bucket = 0;
  cut = 0;
  constructor(readonly side: Sweep) {}
}

/**
 * Takes every unit of `c`'s side crossed at the mark P: whole buckets before P's, and in P's own
 * bucket those whose liquidation price is crossed (moved to the front of the bucket).
 */
export function sweepTo(c: SweepCursor, L: Float64Array, P: number, b: Batch): void {
  const { ids, start, dir } = c.side;
  const target = bucketOf(c.side, P);
  let bucket = c.bucket;
  let cut = c.cut;
  if (bucket < target) {
    b.ensure(b.pendingCount + start[target] - cut);
    const { pending } = b;
    let n = b.pendingCount;
    for (let j = cut, end = start[target]; j < end; j++) pending[n++] = ids[j];
    b.pendingCount = n;
    bucket = target;
    cut = start[target];
  }
  if (bucket === target) {
    for (let j = cut, end = start[bucket + 1]; j < end; j++) {
      const u = ids[j];
      if (dir * (L[u] - P) <= 0) (ids[j] = ids[cut]), (ids[cut++] = u), b.take(u);
    }
  }
  c.bucket = bucket;
  c.cut = cut;
}

/** Units with depegging collateral, their maintenance conditions A + B P + c value side by side. */
export class DynamicUnits {
  readonly A: Float64Array;
  readonly B: Float64Array;
  readonly c: Float64Array;
  readonly asset: Int16Array;
  constructor(
    readonly ids: Uint32Array,
    units: Units,
  ) {
    const n = ids.length;
    this.A = new Float64Array(n);
    this.B = new Float64Array(n);
    this.c = new Float64Array(n);
    this.asset = new Int16Array(n);
    for (let d = 0; d < n; d++) {
      const u = ids[d];
      (this.A[d] = units.A(u)), (this.B[d] = units.B(u)), (this.c[d] = units.c(u)), (this.asset[d] = units.asset(u));
    }
  }
}

/** Takes the open units with depegging collateral whose condition fails at mark P, `value[g]` the USD value of one unit of asset g. */
export function scanDynamic(d: DynamicUnits, state: Uint8Array, P: number, value: Float64Array, b: Batch): void {
  const { ids, A, B, c, asset } = d;
  for (let k = 0; k < ids.length; k++) {
    const u = ids[k];
    if (state[u] !== 2 && A[k] + B[k] * P + c[k] * value[asset[k]] <= 0) b.take(u);
  }
}

const scratch = new Float64Array(4);

const PRICE = CAUSES.indexOf("price");
const COLLATERAL = CAUSES.indexOf("collateral");

/**
 * Makes the orders of the units pending in `b`: a position's market order for what is left of
 * it (marked closed), logged with its cause. Positions with depegging collateral and loans are
 * listed in `b.special` for the engine (their equity and sales depend on collateral indices);
 * `collateralCause(u)` says whether such a position would have survived at fair collateral.
 */
export function makeOrders(b: Batch, units: Units, book: PositionBook, log: EventLog, step: number, t: number, P: number, collateralCause: (u: number) => boolean): void {
  const { state, reduced, rows, records, pair } = units;
  const terms = scratch;
  const { contract, cohort, tradersPerPosition, tradersByCohort } = book;
  b.ensure(b.count + b.pendingCount);
  const { pending, ids, frac, notional, A0, B0, asset, special, gState, gSize, gTerm, gContract, gCohort } = b;
  const m = b.pendingCount;
  // Pass 1: gather what the orders need, in a loop of independent reads (the rows are in no
  // particular order: many reads in flight at once instead of one cache miss after another).
  for (let k = 0; k < m; k++) {
    const u = pending[k];
    gState[k] = state[u];
    state[u] = 2;
    if (u >= rows) continue;
    gSize[k] = pair[2 * u];
    gTerm[k] = pair[2 * u + 1];
    gContract[k] = contract[u];
    gCohort[k] = cohort[u];
  }
  // Pass 2: the orders, in sequence.
  let sold = 0;
  let bought = 0;
  let kept = b.count;
  for (let k = 0; k < m; k++) {
    const st = gState[k];
    if (st === 2) continue; // closed by ADL since it was crossed
    const u = pending[k];
    const f = st === 0 ? 1 : reduced[u];
    ids[kept] = u;
    frac[kept] = f;
    if (u >= rows) {
      notional[kept] = 0;
      asset[kept] = LOAN;
      special[b.specialCount++] = kept++;
      continue;
    }
    let g = -1;
    let x: number;
    if (records[u >>> 5] & (1 << (u & 31))) {
      g = units.terms(u, terms);
      x = f * (terms[0] * P + terms[1]);
      A0[kept] = f * terms[2];
      B0[kept] = f * terms[3];
    } else {
      const sq = gSize[k];
      if (gContract[k] === 1) (x = f * sq), (A0[kept] = -x), (B0[kept] = f * gTerm[k]);
      else (x = f * sq * P), (A0[kept] = f * gTerm[k]), (B0[kept] = f * sq);
    }
    asset[kept] = g;
    notional[kept] = x;
    if (g >= 0) special[b.specialCount++] = kept;
    kept++;
    const cause = g >= 0 && collateralCause(u) ? COLLATERAL : PRICE;
    if (x >= 0) {
      sold += x;
      log.push(step, t, u, gCohort[k], 1, x / P, x, P, cause, tradersByCohort ? tradersByCohort[gCohort[k]] : tradersPerPosition);
    } else {
      bought -= x;
      log.push(step, t, u, gCohort[k], -1, -x / P, -x, P, cause, tradersByCohort ? tradersByCohort[gCohort[k]] : tradersPerPosition);
    }
  }
  b.count = kept;
  b.pendingCount = 0;
  b.sold += sold;
  b.bought += bought;
}

/**
 * Values the batch's plain positions at the fill price X (equity A0 + B0 X): positive equity goes
 * to the insurance fund (`received`), negative is paid by it (`paid`), and the orders of those
 * bankrupt positions are added up by side for ADL. Special entries are left to the engine.
 */
export function settle(b: Batch, X: number): void {
  const { A0, B0, asset, notional } = b;
  let received = 0;
  let paid = 0;
  let bankruptLong = 0;
  let bankruptShort = 0;
  for (let k = 0; k < b.count; k++) {
    if (asset[k] !== -1) continue; // special entries: collateral, loans
    const eq = A0[k] + B0[k] * X;
    if (eq >= 0) received += eq;
    else {
      paid -= eq;
      const x = notional[k];
      if (x > 0) bankruptLong += x;
      else bankruptShort -= x;
    }
  }
  b.received += received;
  b.paid += paid;
  b.bankruptLong += bankruptLong;
  b.bankruptShort += bankruptShort;
}
