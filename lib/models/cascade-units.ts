/**
 * Margin units: what the cascade engine liquidates. An isolated position is its own unit; the
 * positions of one cross or unified account (per contract type) share a wallet and form one
 * unit (kept at the account's first row); a loan is a unit.
 *
 * Each unit is liquidated when A + B P + c Y <= 0 (see margin.ts), where Y is the value of
 * one unit of its collateral asset when that asset's index can move on its own (a depeg); every
 * other collateral is folded into A and B at the start. Static units therefore have a fixed
 * liquidation price L = -A / B; they are put in buckets of L (long-like from the highest down,
 * short-like from the lowest up, see `Sweep`) so the engine takes them bucket by bucket as the
 * price moves, comparing prices only in the bucket the mark stops in: O(n) to build, O(1) per
 * crossed unit.
 *
 * Units are indexed by row (book rows, then loans) and keep as little as possible: at a
 * million positions, allocating and filling arrays costs more than the arithmetic. One pass
 * computes each position's liquidation price from the book's columns and its equity terms in
 * two numbers side by side (`pair`); only the few units that need more (accounts of several
 * positions, collateral, loans) keep a record.
 */
import { resolveCollateral } from "./collateral";
import type { ResolvedOptions } from "./cascade-options";
import { linearTerms, maintenanceAt, type MaintenanceMargin } from "./margin";
import { positionLabel } from "./positions";

export interface Units {
  /** Units: book rows, then loans (u = row id). */
  n: number;
  rows: number;
  /** 1 static long-like, -1 static short-like, 2 dynamic (depegging collateral), 0 never liquidated by the price, 3 merged into its account's first row. */
  kind: Int8Array;
  /** Liquidation price of static units (also written for dynamic ones when the engine sorts them). */
  L: Float64Array;
  /** 0 open and whole, 1 open and reduced by ADL (its remaining fraction in `reduced`), 2 closed. A byte per unit: the check the sweep makes for every unit stays in cache. */
  state: Uint8Array;
  reduced: Float64Array;
  /** Remaining fraction of a unit: 1, its reduced fraction, or 0 once closed. */
  fracOf(u: number): number;
  /** Sets the remaining fraction (0 or less closes the unit). */
  setFrac(u: number, f: number): void;
  /**
   * Each book row's equity terms, two numbers a row: s q, then A0 (linear) or B0 (inverse); with
   * the contract type they give [base units, face value, A0, B0] = [s q, 0, A0, s q] (linear) or
   * [0, s q, -s q, B0] (inverse).
   */
  pair: Float64Array;
  /** A bit per unit that has a record (an account of several positions, collateral, a loan); the others' terms come from their book row. */
  records: Int32Array;
  /** Static long-like and short-like units, bucketed by liquidation price for the sweep. */
  longs: Sweep;
  shorts: Sweep;
  /** Units with depegging collateral. */
  dynamic: Uint32Array;
  /** Signed notional of the whole unit at P (base units x P, plus inverse face value). */
  exposure(u: number, P: number): number;
  /** Writes [base units, face value, A0, B0] of the whole unit to `out`; returns its depegging asset or -1. */
  terms(u: number, out: Float64Array): number;
  /** Equity at P without depegging collateral: A0 + B0 P. */
  usd(u: number, P: number): number;
  /** The maintenance condition A + B P + c value (<= 0: liquidated), `value` the USD value of one unit of its depegging collateral. */
  condition(u: number, P: number, value: number): number;
  /** Depegging collateral of a unit (global asset index, or -1), its amount at the venue's ratio (c) and in the equity (c0). */
  asset(u: number): number;
  c(u: number): number;
  c0(u: number): number;
  /** The coefficients of the condition (for sorting dynamic units at a fixed index). */
  A(u: number): number;
  B(u: number): number;
  /** Equity at entry (USD), for ADL's profit-and-leverage ranking. */
  margin0(u: number): number;
  /** Collateral assets (global), with start price, beta, ratio and whether their index moves on its own. */
  assets: Array<{ name: string; price: number; beta: 0 | 1; ratio: number; moving: boolean }>;
  /** Loan j's collateral asset (global index), -1 for the underlying. */
  loanAsset: Int16Array;
  /** Cohort names (book's, then loans', then treasuries'); cohort, account and traders of a unit. */
  cohorts: string[];
  cohortOf(u: number): number;
  accountOf(u: number): number;
  traders(u: number): number;
}

/**
 * Static units of one side (long-like or short-like) in buckets of liquidation price, for the
 * sweep. Bucket b holds ids[start[b]] .. ids[start[b + 1] - 1], in row order; buckets run in the
 * order the price reaches them (longs from the highest liquidation price down, shorts from the
 * lowest up). The bucket of a price x is floor(dir (x - origin) inv), clamped to the buckets:
 * monotone in x, so when the mark is P every unit in a bucket before P's is crossed and only
 * P's own bucket needs its prices compared. Building this is two passes over the units (a
 * histogram and a scatter, like one pass of a radix sort); no unit is sorted, and the few in
 * the bucket the price stops in are compared each step.
 */
export interface Sweep {
  ids: Uint32Array;
  start: Int32Array;
  /** -1 for long-like units (crossed when L >= P), 1 for short-like ones (L <= P). */
  dir: -1 | 1;
  origin: number;
  inv: number;
}

/** Buckets per side: about one unit per bucket, at most 65,536 (the histogram stays in cache). */
const MAX_BUCKETS = 65536;

/** The bucket of price x in a sweep (see `Sweep`). */
export function bucketOf(s: Sweep, x: number): number {
  const b = Math.floor(s.dir * (x - s.origin) * s.inv);
  const last = s.start.length - 2;
  return b < 0 ? 0 : b > last ? last : b;
}

/** Buckets the units of `kind` k (1 or -1) by their liquidation prices L, which lie on the far side of `origin`. */
export function sweepOf(kind: Int8Array, L: Float64Array, k: 1 | -1, origin: number, count: number, far: number): Sweep {
  const dir = k === 1 ? -1 : 1;
  const buckets = Math.max(1, Math.min(MAX_BUCKETS, count));
  const span = Math.abs(far - origin);
  const s: Sweep = { ids: new Uint32Array(count), start: new Int32Array(buckets + 1), dir, origin, inv: span > 0 && Number.isFinite(span) ? buckets / span : 0 };
  const { start, ids } = s;
  const n = kind.length;
  for (let u = 0; u < n; u++) if (kind[u] === k) start[bucketOf(s, L[u]) + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const next = start.slice(0, buckets);
  for (let u = 0; u < n; u++) if (kind[u] === k) ids[next[bucketOf(s, L[u])]++] = u;
  return s;
}

/**
 * The bracket (rate, amount) of one position: the one containing its notional at the
 * liquidation price, as in `liquidationPrice`; written to `out` to keep the loop allocation-free.
 */
function bracket(out: Float64Array, inverse: boolean, s: number, q: number, e: number, w: number, mm: MaintenanceMargin): void {
  if (typeof mm === "number") return void ((out[0] = mm), (out[1] = 0));
  for (const tier of mm) {
    const t = linearTerms(inverse ? "inverse" : "linear", s, q, e, w, tier.rate, tier.amount);
    const notional = inverse ? q : (-q * t.A) / t.B;
    if (notional >= tier.floor && notional < tier.cap) return void ((out[0] = tier.rate), (out[1] = tier.amount));
  }
  const at = maintenanceAt(mm, inverse ? q : q * e);
  out[0] = at.rate;
  out[1] = at.amount;
}

/** Units that need their terms kept (several positions, collateral, a loan), as columns by slot. */
class Records {
  readonly A: number[] = [];
  readonly B: number[] = [];
  readonly A0: number[] = [];
  readonly B0: number[] = [];
  readonly base: number[] = [];
  readonly face: number[] = [];
  readonly margin0: number[] = [];
  readonly asset: number[] = [];
  readonly c: number[] = [];
  readonly c0: number[] = [];
  readonly unit: number[] = [];
  /** slot + 1 of each unit, 0 for none. */
  readonly slotOf: Int32Array;
  constructor(n: number) {
    this.slotOf = new Int32Array(n);
  }
  /** The unit's slot, created empty if needed. */
  slot(u: number): number {
    if (this.slotOf[u]) return this.slotOf[u] - 1;
    const k = this.unit.length;
    for (const column of [this.A, this.B, this.A0, this.B0, this.base, this.face, this.margin0, this.c, this.c0]) column.push(0);
    this.asset.push(-1);
    this.unit.push(u);
    this.slotOf[u] = k + 1;
    return k;
  }
}

/**
 * Builds the units of a cascade and sorts the static ones; throws naming the position or loan
 * that is already past its liquidation point at the start price.
 */
export function buildUnits(o: ResolvedOptions): Units {
  const { book, loans, price: P0 } = o;
  const rows = book.length;
  const n = rows + (loans?.length ?? 0);
  const names = [...book.collateralAssets];
  for (const a of loans?.collateralAssets ?? []) if (!names.includes(a)) names.push(a);
  const specs = resolveCollateral(o.collateral, names, "simulateCascade");
  const assets = specs.map((s, k) => ({ name: names[k], price: s.price, beta: s.beta, ratio: s.ratio, moving: s.depeg !== undefined || Number.isFinite(s.depth ?? Infinity) }));
  const bookAsset = book.collateralAssets.map((a) => names.indexOf(a));
  const loanAsset = (loans?.collateralAssets ?? []).map((a) => names.indexOf(a));
  const cohorts = [...book.cohorts];
  const loanCohort = (loans?.cohorts ?? []).map((c) => (cohorts.includes(c) ? cohorts.indexOf(c) : cohorts.push(c) - 1));
  for (const t of o.treasuries) if (!cohorts.includes(t.cohort ?? "treasuries")) cohorts.push(t.cohort ?? "treasuries");
  const loanAssetOf = new Int16Array(loans?.length ?? 0).fill(-1);
  const mm = o.venue.maintenanceMargin;
  const mmr = new Float64Array(2);
  const { side, size, entry, margin, contract } = book;

  const kind = new Int8Array(n);
  const L = new Float64Array(n);
  const state = new Uint8Array(n);
  // Each row's equity terms in two numbers, side by side (a liquidation reads one cache line
  // here instead of four book columns): s q, then A0 = w - s q e (linear) or B0 = w + s q / e
  // (inverse); see `pair`.
  const pair = new Float64Array(2 * rows);
  const reduced = new Float64Array(n); // zero pages until ADL reduces a unit
  const R = new Records(n);
  const { slotOf } = R;
  const fail = (u: number, A: number, B: number) => {
    const what = u < rows ? positionLabel(book, u) : `loan ${u - rows} (account ${loans!.account[u - rows]})`;
    const lp = -A / B;
    throw new Error(`simulateCascade: ${what} is already past its liquidation point at the start price ${P0}${Number.isFinite(lp) && lp > 0 ? ` (liquidation price ${lp.toPrecision(8)})` : ""}: drop it from the book or add margin`);
  };

  // Accounts that may hold several positions (cross and unified, when ids repeat) are records,
  // checked once whole; so are positions with collateral.
  let unique = true;
  for (let i = 0; i < rows && unique; i++) if (book.mode[i] !== 0 && book.account[i] !== i) unique = false;
  const first = unique ? undefined : new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const inverse = contract[i] === 1;
    const s = side[i];
    const q = size[i];
    const e = entry[i];
    const w = margin[i];
    bracket(mmr, inverse, s, q, e, w, mm);
    const rate = mmr[0];
    const amount = mmr[1];
    // linearTerms, inline: see margin.ts for the formulas
    const A = inverse ? -s * q - rate * q : w + amount - s * q * e;
    const B = inverse ? w + (s * q) / e + amount : s * q - rate * q;
    pair[2 * i] = s * q;
    pair[2 * i + 1] = inverse ? w + (s * q) / e : w - s * q * e;
    const k = book.collateral[i];
    let u = i;
    if (first && book.mode[i] !== 0) {
      const key = book.account[i] * 2 + contract[i];
      const f = first.get(key);
      if (f === undefined) first.set(key, i);
      else (u = f), (kind[i] = 3), (state[i] = 2);
    }
    if (k < 0 && !(first && book.mode[i] !== 0)) {
      if (!(A + B * P0 > 0)) fail(i, A, B);
      if (B > 0) (kind[i] = 1), (L[i] = -A / B);
      else if (B < 0) (kind[i] = -1), (L[i] = -A / B);
      continue;
    }
    const r = R.slot(u);
    R.A[r] += A;
    R.B[r] += B;
    R.A0[r] += inverse ? -s * q : w - s * q * e;
    R.B0[r] += inverse ? w + (s * q) / e : s * q;
    if (inverse) R.face[r] += s * q;
    else R.base[r] += s * q;
    R.margin0[r] += inverse ? w * e : w;
    if (k < 0) continue;
    const g = bookAsset[k];
    const a = assets[g];
    const units = book.collateralAmount[i] * a.ratio;
    R.margin0[r] += units * a.price;
    if (a.moving) {
      if (R.asset[r] >= 0 && R.asset[r] !== g) throw new Error(`simulateCascade: ${positionLabel(book, i)}: an account can hold one depegging collateral asset, found "${assets[R.asset[r]].name}" and "${a.name}"`);
      (R.asset[r] = g), (R.c[r] += units), (R.c0[r] += units);
    } else if (a.beta === 0) (R.A[r] += units * a.price), (R.A0[r] += units * a.price);
    else (R.B[r] += (units * a.price) / P0), (R.B0[r] += (units * a.price) / P0);
  }
  if (loans) {
    for (let j = 0; j < loans.length; j++) {
      const r = R.slot(rows + j);
      const debt = loans.debt[j];
      const amount = loans.collateralAmount[j];
      const lt = loans.liquidationLtv[j];
      R.A[r] = R.A0[r] = R.margin0[r] = -debt;
      const k = loans.collateral[j];
      if (k < 0) {
        (R.B[r] = lt * amount), (R.B0[r] = amount), (R.margin0[r] += amount * P0);
        continue;
      }
      const g = (loanAssetOf[j] = loanAsset[k]);
      const a = assets[g];
      R.margin0[r] += amount * a.price;
      if (a.moving) (R.asset[r] = g), (R.c[r] = lt * amount), (R.c0[r] = amount);
      else if (a.beta === 0) (R.A[r] += lt * amount * a.price), (R.A0[r] += amount * a.price);
      else (R.B[r] += (lt * amount * a.price) / P0), (R.B0[r] += (amount * a.price) / P0);
    }
  }
  for (let r = 0; r < R.unit.length; r++) {
    const u = R.unit[r];
    const [A, B, g] = [R.A[r], R.B[r], R.asset[r]];
    // At the start P = P0 and every index is at fair value, so a unit of collateral is worth its start price.
    if (!(A + B * P0 + (g >= 0 ? R.c[r] * assets[g].price : 0) > 0)) fail(u, A, B);
    if (g >= 0) kind[u] = 2;
    else if (B > 0) (kind[u] = 1), (L[u] = -A / B);
    else if (B < 0) (kind[u] = -1), (L[u] = -A / B);
  }

  let nLong = 0;
  let nShort = 0;
  let nDynamic = 0;
  let lowestLong = P0; // the far ends of the liquidation prices, for the buckets' spans
  let highestShort = P0;
  for (let u = 0; u < n; u++) {
    const k = kind[u];
    if (k === 1) (nLong++), L[u] < lowestLong && (lowestLong = L[u]);
    else if (k === -1) (nShort++), L[u] > highestShort && (highestShort = L[u]);
    else if (k === 2) nDynamic++;
  }
  const dynamic = new Uint32Array(nDynamic);
  nDynamic = 0;
  for (let u = 0; u < n; u++) if (kind[u] === 2) dynamic[nDynamic++] = u;
  // Longs below zero and shorts beyond four times the start price share the last bucket.
  const longs = sweepOf(kind, L, 1, P0, nLong, Math.max(0, lowestLong));
  const shorts = sweepOf(kind, L, -1, P0, nShort, Math.min(4 * P0, highestShort));
  const tradersPerRow = book.tradersPerPosition;
  const slot = (u: number) => slotOf[u] - 1;
  const cohortOf = (u: number) => (u < rows ? book.cohort[u] : loanCohort[loans!.cohort[u - rows]]);
  /** [base units, face value, A0, B0] of a unit, from its record or its book row. */
  // which units are records, a bit each (128 kB for a million: stays in cache, unlike slotOf)
  const recordBits = new Int32Array((n >>> 5) + 1);
  for (const u of R.unit) recordBits[u >>> 5] |= 1 << (u & 31);
  const terms = (u: number, out: Float64Array, h: number): number => {
    const r = recordBits[u >>> 5] & (1 << (u & 31)) ? slotOf[u] - 1 : -1;
    if (r >= 0) return (out[h] = R.base[r]), (out[h + 1] = R.face[r]), (out[h + 2] = R.A0[r]), (out[h + 3] = R.B0[r]), R.asset[r];
    const sq = pair[2 * u];
    if (contract[u] === 1) (out[h] = 0), (out[h + 1] = sq), (out[h + 2] = -sq), (out[h + 3] = pair[2 * u + 1]);
    else (out[h] = sq), (out[h + 1] = 0), (out[h + 2] = pair[2 * u + 1]), (out[h + 3] = sq);
    return -1;
  };
  return {
    n,
    rows,
    kind,
    L,
    state,
    reduced,
    fracOf: (u) => (state[u] === 0 ? 1 : state[u] === 1 ? reduced[u] : 0),
    setFrac: (u, f) => {
      if (f > 0) (state[u] = 1), (reduced[u] = f);
      else state[u] = 2;
    },
    pair,
    records: recordBits,
    longs,
    shorts,
    dynamic,
    exposure: (u, P) => {
      const r = slotOf[u] - 1;
      if (r >= 0) return R.base[r] * P + R.face[r];
      return contract[u] === 1 ? side[u] * size[u] : side[u] * size[u] * P;
    },
    terms: (u, out) => terms(u, out, 0),
    usd: (u, P) => {
      const r = slotOf[u] - 1;
      if (r >= 0) return R.A0[r] + R.B0[r] * P;
      const s = side[u];
      const q = size[u];
      return contract[u] === 1 ? -s * q + (margin[u] + (s * q) / entry[u]) * P : margin[u] + s * q * (P - entry[u]);
    },
    condition: (u, P, value) => {
      const r = slot(u);
      return R.A[r] + R.B[r] * P + R.c[r] * value;
    },
    asset: (u) => (slotOf[u] ? R.asset[slotOf[u] - 1] : -1),
    c: (u) => (slotOf[u] ? R.c[slotOf[u] - 1] : 0),
    c0: (u) => (slotOf[u] ? R.c0[slotOf[u] - 1] : 0),
    A: (u) => R.A[slot(u)],
    B: (u) => R.B[slot(u)],
    margin0: (u) => (slotOf[u] ? R.margin0[slotOf[u] - 1] : contract[u] === 1 ? margin[u] * entry[u] : margin[u]),
    assets,
    loanAsset: loanAssetOf,
    cohorts,
    cohortOf,
    accountOf: (u) => (u < rows ? book.account[u] : loans!.account[u - rows]),
    traders: (u) => (u < rows ? (book.tradersByCohort ? book.tradersByCohort[book.cohort[u]] : tradersPerRow) : 1),
  };
}
