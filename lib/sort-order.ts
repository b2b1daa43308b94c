/**
 * Row orders for typed columns: the permutation that sorts a column, stable, with missing
 * values (NaN, null) last in both directions. The kernel's data viewer sorts whole frames with
 * these (kernels/runtime/table-view.ts), and the frame table sorts the rows a saved output
 * holds. Pure and DOM-free, so the same code runs in the kernel and in a renderer.
 *
 * Numbers: an LSD radix sort of the row indices on the floats' 64 bits (four 16-bit passes, a
 * pass skipped when every row has the same digit), linear and exact, so ties of nearby values
 * (epoch milliseconds, prices in cents) never fall back to comparisons. Strings: the distinct
 * values are sorted once and each row sorted by its value's rank with the same radix sort, so
 * ten million rows of a few hundred symbols cost one map look-up a row.
 */

export type SortDirection = "asc" | "desc";

/**
 * Row indices ordered by `values`: LSD radix sort, 16 bits a pass, on each float's bits mapped
 * to an unsigned order (sign bit flipped for positives, all bits for negatives), so it is
 * stable and linear. NaN (missing) gets the largest key, so it comes last in both directions.
 */
export function argsortNumbers(values: Float64Array, direction: SortDirection = "asc"): Uint32Array {
  const n = values.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const le = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const [L, H] = le ? [0, 1] : [1, 0];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      hi[i] = 0xffffffff;
      lo[i] = 0xffffffff;
      continue;
    }
    f[0] = v === 0 ? 0 : v; // -0 sorts with 0
    let h = u[H];
    let l = u[L];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    if (direction === "desc") {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let tmp = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (const [keys, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 0xffff]++;
    // A digit that is the same for every row (common for times and small integers) moves nothing.
    if (n > 0 && counts[(keys[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      tmp[counts[(keys[row] >>> shift) & 0xffff]++] = row;
    }
    [order, tmp] = [tmp, order];
  }
  return order;
}

/**
 * Row indices ordered by string values (code-unit order, as `<` compares), stable, missing last.
 *
 * @example argsortStrings(["b", null, "a"]) // Uint32Array [2, 0, 1]
 */
export function argsortStrings(values: ArrayLike<string | null>, direction: SortDirection = "asc"): Uint32Array {
  const n = values.length;
  const rank = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && !rank.has(v)) rank.set(v, 0);
  }
  const distinct = [...rank.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let k = 0; k < distinct.length; k++) rank.set(distinct[k], k);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    keys[i] = v === null || v === undefined ? Number.NaN : rank.get(v)!;
  }
  return argsortNumbers(keys, direction);
}
