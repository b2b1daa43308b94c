/**
 * Auto-deleveraging (ADL): when a liquidated position's loss beyond its bankruptcy price is
 * more than the insurance fund holds, the venue closes profitable positions on the other side
 * at the bankrupt price instead of sending the order to the book.
 *
 * - "queue": Binance and Bybit rank opposite positions by profit ratio x effective leverage
 *   (unrealized PnL / margin, times notional / (margin + PnL)) and close the top of the queue
 *   first (Binance USDⓈ-M "Auto-Deleveraging" rules; Bybit "ADL ranking"). The ranking is
 *   refreshed when the price has moved by `rerank` since it was built (venues refresh their
 *   ADL indicator periodically, not every trade).
 * - "pro-rata": every profitable opposite position gives up the same fraction.
 *
 * On Oct 10, 2025 Hyperliquid auto-deleveraged about $2.1B of positions in 12 minutes.
 *
 * Cost (`createAdl`): a ranking scans the side's open units once, plain positions from packed
 * copies of their terms; the queue is then sorted lazily, a chunk at a time: the next chunk is
 * about the top K of the positions not yet queued (a threshold from a sample of their scores,
 * then a partition), sorted alone, K growing fourfold each time. A ranking whose queue is used
 * for a few positions before the price moves on costs a scan and a partition instead of a sort
 * of every profitable position. The order is exactly the full sort's (score descending, ties by
 * unit), so results are those of `createAdlReference`.
 */
import { argsort } from "./argsort";
import type { Units } from "./cascade-units";
import type { PositionBook } from "./positions";

/** Called for each reduction: unit, USD notional closed, and the side of the exposure closed (the `side` ADL was asked to close). */
export type AdlRecord = (unit: number, notional: number, side: 1 | -1) => void;

export interface Adl {
  /**
   * Closes `notional` USD of exposure on `side` (+1 long-like exposure, -1 short-like) at
   * `price`; returns the notional closed (less when not enough profitable positions exist).
   */
  execute(side: 1 | -1, notional: number, price: number, record: AdlRecord): number;
}

/**
 * An ADL engine over the units; `equity(u, P)` values a unit at a price (the engine's, so
 * depegged collateral counts at its index); `book` is the units' book (its plain positions are
 * valued from its columns, with the same arithmetic as the `Units` accessors).
 *
 * @example
 *   const adl = createAdl(units, "queue", 0.005, equity, book);
 *   adl.execute(-1, 5e6, 105_000, (u, usd) => log.push([u, usd])); // closes $5M of the most profitable, most leveraged shorts
 */
export function createAdl(units: Units, mode: "queue" | "pro-rata", rerank: number, equity: (u: number, price: number) => number, book: PositionBook): Adl {
  if (mode === "pro-rata") return createAdlReference(units, mode, rerank, equity);
  const { fracOf, setFrac, margin0, rows, state, reduced, records, pair } = units;
  const { margin, entry, contract, side: sideOf } = book;
  const queues: Record<string, LazyQueue | undefined> = {};
  // each side's candidates and scores (a ranking replaces its side's queue, so it reuses them)
  const buffers: Record<string, SideUnits> = {};
  let ids = new Uint32Array(0);
  let scores = new Float64Array(0);

  /** Scores unit u if it is profitable with exposure on `side`: `createAdlReference`'s `eligible`, the same arithmetic. */
  const consider = (u: number, side: number, price: number, m: number): number => {
    const st = state[u];
    if (st === 2) return m;
    let x: number, eq: number, m0: number, f: number;
    if (records[u >>> 5] & (1 << (u & 31))) {
      f = fracOf(u);
      m0 = margin0(u);
      if (f === 0 || m0 <= 0) return m;
      x = f * units.exposure(u, price);
      if (x * side <= 0) return m;
      eq = equity(u, price) / f;
    } else {
      if (sideOf[u] !== side) return m; // a plain position's exposure has its side's sign
      f = st === 0 ? 1 : reduced[u];
      const sq = pair[2 * u];
      let usd: number;
      if (contract[u] === 1) (m0 = margin[u] * entry[u]), (x = f * sq), (usd = -sq + pair[2 * u + 1] * price);
      else (m0 = margin[u]), (x = f * (sq * price)), (usd = margin[u] + sq * (price - entry[u]));
      if (f === 0 || m0 <= 0 || x * side <= 0) return m;
      eq = (f * (usd + 0)) / f;
    }
    const pnl = eq - m0;
    if (!(pnl > 0)) return m;
    ids[m] = u;
    scores[m] = (pnl / m0) * ((Math.abs(x) / f) / eq);
    return m + 1;
  };

  /**
   * Profitable units with exposure on `side`, and their scores (in the side's buffers): its
   * accounts (records), then its plain positions, each list in unit order. Each side keeps the
   * units that can have exposure on it (its plain positions, every account), dropping closed
   * ones as it goes (they never reopen); a plain position's terms are kept beside it, packed, so
   * a ranking reads them in sequence: s q, the margin at entry (`margin0`), and the entry
   * (linear) or w + s q / e (inverse), the very numbers `consider` reads.
   */
  const eligible = (side: number, price: number): number => {
    let b = buffers[side];
    if (!b) {
      const plain: number[] = [];
      const accounts: number[] = [];
      for (let u = 0; u < rows; u++) {
        if (state[u] === 2) continue;
        if (records[u >>> 5] & (1 << (u & 31))) accounts.push(u);
        else if (sideOf[u] === side) plain.push(u);
      }
      const n = plain.length;
      const size = n + accounts.length;
      b = buffers[side] = {
        ids: new Uint32Array(size),
        scores: new Float64Array(size),
        plain: Uint32Array.from(plain),
        sq: new Float64Array(n),
        m0: new Float64Array(n),
        k: new Float64Array(n),
        inverse: new Uint8Array(n),
        plainCount: n,
        accounts: Uint32Array.from(accounts),
        accountCount: accounts.length,
      };
      for (let j = 0; j < n; j++) {
        const u = plain[j];
        const inverse = contract[u] === 1;
        b.sq[j] = pair[2 * u];
        b.m0[j] = inverse ? margin[u] * entry[u] : margin[u];
        b.k[j] = inverse ? pair[2 * u + 1] : entry[u];
        b.inverse[j] = inverse ? 1 : 0;
      }
    }
    ids = b.ids;
    scores = b.scores;
    let m = 0;
    let kept = 0;
    const { accounts, plain, sq: sqs, m0: m0s, k: ks, inverse } = b;
    for (let j = 0; j < b.accountCount; j++) {
      const u = accounts[j];
      if (state[u] === 2) continue;
      accounts[kept++] = u;
      m = consider(u, side, price, m);
    }
    b.accountCount = kept;
    kept = 0;
    for (let j = 0, n = b.plainCount; j < n; j++) {
      const u = plain[j];
      const st = state[u];
      if (st === 2) continue;
      const sq = sqs[j];
      const m0 = m0s[j];
      const k = ks[j];
      const inv = inverse[j];
      if (kept !== j) (plain[kept] = u), (sqs[kept] = sq), (m0s[kept] = m0), (ks[kept] = k), (inverse[kept] = inv);
      kept++;
      const f = st === 0 ? 1 : reduced[u];
      let x: number, usd: number;
      if (inv === 1) (x = f * sq), (usd = -sq + k * price);
      else (x = f * (sq * price)), (usd = m0 + sq * (price - k));
      if (f === 0 || m0 <= 0 || x * side <= 0) continue;
      const eq = (f * (usd + 0)) / f;
      const pnl = eq - m0;
      if (!(pnl > 0)) continue;
      ids[m] = u;
      scores[m] = (pnl / m0) * ((Math.abs(x) / f) / eq);
      m++;
    }
    b.plainCount = kept;
    return m;
  };

  /** The whole unit's signed notional at P: `units.exposure`, a plain position's from its pair (s q P linear, s q inverse). */
  const exposure = (u: number, P: number) => (records[u >>> 5] & (1 << (u & 31)) ? units.exposure(u, P) : contract[u] === 1 ? pair[2 * u] : pair[2 * u] * P);

  const reduce = (u: number, f: number, want: number, price: number, record: AdlRecord, side: 1 | -1) => {
    const available = Math.abs(f * exposure(u, price));
    if (!(available > 0)) return 0;
    const take = Math.min(available, want);
    setFrac(u, take >= available * (1 - 1e-12) ? 0 : f * (1 - take / available));
    record(u, take, side);
    return take;
  };

  return {
    execute(side, notional, price, record) {
      if (!(notional > 0)) return 0;
      let done = 0;
      for (let pass = 0; pass < 2 && done < notional; pass++) {
        let q = queues[side];
        if (!q || pass > 0 || Math.abs(price / q.price - 1) > rerank || q.exhausted()) {
          const m = eligible(side, price);
          q = queues[side] = new LazyQueue(ids, scores, m, price);
        }
        while (done < notional) {
          const u = q.peek();
          if (u < 0) break;
          const st = state[u];
          const f = st === 0 ? 1 : st === 1 ? reduced[u] : 0;
          const took = f > 0 ? reduce(u, f, notional - done, price, record, side) : 0;
          done += took;
          if (state[u] === 2 || took === 0) q.pointer++;
        }
      }
      return done;
    },
  };
}

/** The units one side's rankings look at (see `eligible` in `createAdl`). */
interface SideUnits {
  ids: Uint32Array;
  scores: Float64Array;
  plain: Uint32Array;
  sq: Float64Array;
  m0: Float64Array;
  k: Float64Array;
  inverse: Uint8Array;
  plainCount: number;
  accounts: Uint32Array;
  accountCount: number;
}

/** The first chunk a ranking sorts; each next one is about four times the last. */
export const FIRST_CHUNK = 4096;
/** Scores sampled to place a chunk's threshold. */
const SAMPLE = 1024;

/**
 * Units in descending order of score (ties in unit order), sorted a chunk at a time as the
 * queue is used: the first `left` entries of `ids` (in any order) and `scores` are the units
 * not yet in a chunk; equal scores are put in unit order. A chunk is every unit left whose score is at least a threshold read from
 * an evenly spaced sample of the scores left (about `chunk` units): every unit in it ranks above
 * every unit left, so the chunks sorted one after the other are the full sort.
 */
class LazyQueue {
  order = new Uint32Array(0);
  pointer = 0;
  #chunk = FIRST_CHUNK;
  constructor(
    private readonly ids: Uint32Array,
    private readonly scores: Float64Array,
    private left: number,
    readonly price: number,
  ) {}

  /** The unit at the head of the queue, -1 once every unit has been passed. */
  peek(): number {
    if (this.pointer < this.order.length) return this.order[this.pointer];
    if (this.left === 0) return -1;
    this.#next();
    return this.order[this.pointer];
  }

  exhausted(): boolean {
    return this.pointer >= this.order.length && this.left === 0;
  }

  #next(): void {
    const { ids, scores } = this;
    const m = this.left;
    const k = this.#chunk;
    this.#chunk *= 4;
    let take: Uint32Array;
    let takeScores: Float64Array;
    if (2 * k >= m) {
      // the rest, whole
      take = ids.slice(0, m);
      takeScores = scores.slice(0, m);
      this.left = 0;
    } else {
      // the threshold: the sample's score with about k / m of the sample at or above it
      const stride = Math.max(1, Math.floor(m / SAMPLE));
      const sample = new Float64Array(Math.ceil(m / stride));
      for (let j = 0, i = 0; j < m; j += stride) sample[i++] = scores[j];
      sample.sort();
      const threshold = sample[Math.max(0, sample.length - 1 - Math.floor((k / m) * sample.length))];
      let c = 0;
      for (let j = 0; j < m; j++) if (scores[j] >= threshold) c++;
      take = new Uint32Array(c);
      takeScores = new Float64Array(c);
      // a stable partition: scores at or above the threshold to the chunk, the rest kept in order
      let a = 0;
      let b = 0;
      for (let j = 0; j < m; j++) {
        const s = scores[j];
        if (s >= threshold) (take[a] = ids[j]), (takeScores[a++] = s);
        else (ids[b] = ids[j]), (scores[b++] = s);
      }
      this.left = b;
    }
    const order = argsort(takeScores, { descending: true });
    // ties (equal scores) in unit order, as the full sort of units listed in unit order has them
    for (let j = 0; j < order.length; ) {
      let end = j + 1;
      while (end < order.length && takeScores[order[end]] === takeScores[order[j]]) end++;
      for (let i = j; i < end; i++) order[i] = take[order[i]];
      if (end - j > 1) order.subarray(j, end).sort();
      j = end;
    }
    this.order = order;
    this.pointer = 0;
  }
}

/**
 * The ADL engine as first written, kept as the reference `createAdl` must match event for event
 * (the naive cascade runs it): every ranking scans every unit through the `Units` accessors and
 * sorts all the profitable ones.
 *
 * @example
 *   const adl = createAdlReference(units, "queue", 0.005, equity);
 *   adl.execute(-1, 5e6, 105_000, (u, usd) => log.push([u, usd])); // closes $5M of the most profitable, most leveraged shorts
 */
export function createAdlReference(units: Units, mode: "queue" | "pro-rata", rerank: number, equity: (u: number, price: number) => number): Adl {
  const { fracOf, setFrac, margin0, n } = units;
  const queues: Record<string, { order: Uint32Array; pointer: number; price: number } | undefined> = {};

  const exposure = (u: number, price: number) => fracOf(u) * units.exposure(u, price);
  /** Profitable units with exposure on `side`, and their ranking scores. */
  const eligible = (side: number, price: number) => {
    const ids: number[] = [];
    const scores: number[] = [];
    for (let u = 0; u < n; u++) {
      const m0 = margin0(u);
      const f = fracOf(u);
      if (f === 0 || m0 <= 0 || u >= units.rows) continue; // loans are never deleveraged
      const x = exposure(u, price);
      if (x * side <= 0) continue;
      const eq = equity(u, price) / f;
      const pnl = eq - m0;
      if (!(pnl > 0)) continue;
      ids.push(u);
      scores.push((pnl / m0) * ((Math.abs(x) / f) / eq));
    }
    return { ids: Uint32Array.from(ids), scores: Float64Array.from(scores) };
  };

  const reduce = (u: number, want: number, price: number, record: AdlRecord, side: 1 | -1) => {
    const available = Math.abs(exposure(u, price));
    if (!(available > 0)) return 0;
    const take = Math.min(available, want);
    setFrac(u, take >= available * (1 - 1e-12) ? 0 : fracOf(u) * (1 - take / available));
    record(u, take, side);
    return take;
  };

  return {
    execute(side, notional, price, record) {
      if (!(notional > 0)) return 0;
      if (mode === "pro-rata") {
        const { ids } = eligible(side, price);
        let total = 0;
        for (const u of ids) total += Math.abs(exposure(u, price));
        if (!(total > 0)) return 0;
        const ratio = Math.min(1, notional / total);
        let done = 0;
        for (const u of ids) done += reduce(u, Math.abs(exposure(u, price)) * ratio, price, record, side);
        return done;
      }
      let done = 0;
      for (let pass = 0; pass < 2 && done < notional; pass++) {
        let q = queues[side];
        if (!q || pass > 0 || Math.abs(price / q.price - 1) > rerank || q.pointer >= q.order.length) {
          const { ids, scores } = eligible(side, price);
          const order = argsort(scores, { descending: true });
          for (let k = 0; k < order.length; k++) order[k] = ids[order[k]];
          q = queues[side] = { order, pointer: 0, price };
        }
        while (done < notional && q.pointer < q.order.length) {
          const u = q.order[q.pointer];
          const took = fracOf(u) > 0 ? reduce(u, notional - done, price, record, side) : 0;
          done += took;
          if (fracOf(u) === 0 || took === 0) q.pointer++;
        }
      }
      return done;
    },
  };
}
