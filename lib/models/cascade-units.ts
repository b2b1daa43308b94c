/**
 * Margin units: what the cascade engine liquidates. An isolated position is its own unit; the
 * positions of one cross or unified account (per contract type) share a wallet and form one
 * unit (kept at the account's first row); a loan is a unit.
 *
 * Each unit is liquidated when A + B P + c Y <= 0 (see margin.ts), where Y is the value of
 * one unit of its collateral asset when that asset's index can move on its own (a depeg); every
 * other collateral is folded into A and B at the start. Static units therefore have a fixed
 * liquidation price L = -A / B and are sorted once (long-like descending, short-like ascending)
 * so the engine sweeps them with a pointer as the price moves: O(n log n) for a whole cascade.
 *
 * Units are indexed by row (book rows, then loans) and keep as little as possible: at a
 * million positions, allocating and filling arrays costs more than the arithmetic. One pass
 * computes each position's liquidation price from the book's columns; only the few units that
 * need more (accounts of several positions, collateral, loans) keep a record. What the engine
 * needs of a liquidated unit (its exposure, its equity at the fill) is computed from the book
 * when it is liquidated.
 */
import { argsort } from "./argsort";
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
  /** Static long-like units by L descending, short-like ascending, with their L in that order (the sweep reads them in sequence); units with depegging collateral. */
  longs: Uint32Array;
  shorts: Uint32Array;
  longKeys: Float64Array;
  shortKeys: Float64Array;
  dynamic: Uint32Array;
  /** Signed notional of the whole unit at P (base units x P, plus inverse face value). */
  exposure(u: number, P: number): number;
  /** Writes [base units, face value, A0, B0] of the whole unit to `out` (one read of its row for the liquidation loop); returns its depegging asset or -1. */
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

/** keys[order[j]] for each j (a plain loop: Float64Array.from with a map function is ten times slower). */
function keysOf(keys: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let j = 0; j < order.length; j++) out[j] = keys[order[j]];
  return out;
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
  // Each row's [base units, face value, A0, B0], interleaved: a liquidation reads one or two
  // cache lines here instead of five book columns (size, entry, margin, side, contract).
  const rowTerms = new Float64Array(4 * rows);
  const state = new Uint8Array(n);
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
    const h = 4 * i;
    rowTerms[h] = inverse ? 0 : s * q;
    rowTerms[h + 1] = inverse ? s * q : 0;
    rowTerms[h + 2] = inverse ? -s * q : w - s * q * e;
    rowTerms[h + 3] = inverse ? w + (s * q) / e : s * q;
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
  for (let u = 0; u < n; u++) {
    const k = kind[u];
    if (k === 1) nLong++;
    else if (k === -1) nShort++;
    else if (k === 2) nDynamic++;
  }
  const longSet = new Uint32Array(nLong);
  const shortSet = new Uint32Array(nShort);
  const dynamic = new Uint32Array(nDynamic);
  nLong = nShort = nDynamic = 0;
  for (let u = 0; u < n; u++) {
    const k = kind[u];
    if (k === 1) longSet[nLong++] = u;
    else if (k === -1) shortSet[nShort++] = u;
    else if (k === 2) dynamic[nDynamic++] = u;
  }
  const longs = argsort(L, { subset: longSet, descending: true });
  const shorts = argsort(L, { subset: shortSet });
  const tradersPerRow = book.tradersPerPosition;
  const slot = (u: number) => slotOf[u] - 1;
  // which units are records, a bit each (128 kB for a million: stays in cache, unlike slotOf)
  const recordBits = new Int32Array((n >>> 5) + 1);
  for (const u of R.unit) recordBits[u >>> 5] |= 1 << (u & 31);
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
    longs,
    shorts,
    longKeys: keysOf(L, longs),
    shortKeys: keysOf(L, shorts),
    dynamic,
    exposure: (u, P) => {
      const r = slotOf[u] - 1;
      if (r >= 0) return R.base[r] * P + R.face[r];
      return contract[u] === 1 ? side[u] * size[u] : side[u] * size[u] * P;
    },
    terms: (u, out) => {
      if (recordBits[u >>> 5] & (1 << (u & 31))) {
        const r = slotOf[u] - 1;
        return (out[0] = R.base[r]), (out[1] = R.face[r]), (out[2] = R.A0[r]), (out[3] = R.B0[r]), R.asset[r];
      }
      const h = 4 * u;
      (out[0] = rowTerms[h]), (out[1] = rowTerms[h + 1]), (out[2] = rowTerms[h + 2]), (out[3] = rowTerms[h + 3]);
      return -1;
    },
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
    cohortOf: (u) => (u < rows ? book.cohort[u] : loanCohort[loans!.cohort[u - rows]]),
    accountOf: (u) => (u < rows ? book.account[u] : loans!.account[u - rows]),
    traders: (u) => (u < rows ? tradersPerRow : 1),
  };
}
