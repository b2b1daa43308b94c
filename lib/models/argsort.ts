/**
 * The order that sorts a Float64Array: ADL ranks profitable positions with it, and the cascade
 * engine sorts units with depegging collateral once their index settles. On a million keys a
 * comparator sort (`indices.sort((a, b) => key[a] - key[b])`) takes several hundred
 * milliseconds, this about twenty.
 *
 * Two passes of least-significant-digit radix sort (16-bit digits) on the keys rounded to
 * float32 (rounding is monotonic, so the result is sorted up to ties of the rounded keys), then
 * one insertion pass on the exact keys, which only moves keys within such ties: O(n) in all.
 * Stable: equal keys keep their index order, so results never depend on the engine.
 */

/**
 * Indices that put `keys` in ascending order (-Infinity first, +Infinity last). NaN is not
 * allowed (callers validate first). `subset` sorts only those indices.
 *
 * @example
 *   argsort(new Float64Array([3, -1, 2])) // Uint32Array [1, 2, 0]
 *   argsort(new Float64Array([3, -1, 2]), { descending: true }) // Uint32Array [0, 2, 1]
 */
const counts = new Uint32Array(65536); // reused: one radix histogram at a time (single-threaded)

export function argsort(keys: Float64Array, { subset, descending = false }: { subset?: Uint32Array; descending?: boolean } = {}): Uint32Array {
  const m = subset ? subset.length : keys.length;
  const exact = new Float64Array(m);
  const bits = new Uint32Array(m);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let j = 0; j < m; j++) {
    const x = descending ? -keys[subset ? subset[j] : j] : keys[subset ? subset[j] : j];
    exact[j] = x;
    f32[0] = x === 0 ? 0 : x; // -0 sorts with +0
    const b = u32[0];
    // Map the bits to unsigned order: negative numbers flip all bits, positive flip the sign.
    bits[j] = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
  }
  let order = new Uint32Array(m);
  for (let j = 0; j < m; j++) order[j] = j;
  let next = new Uint32Array(m);
  // Small inputs skip the radix passes: the insertion pass below sorts them alone.
  for (const shift of m > 64 ? [0, 16] : []) {
    counts.fill(0);
    for (let j = 0; j < m; j++) counts[(bits[j] >>> shift) & 0xffff]++;
    if (m === 0 || counts[(bits[0] >>> shift) & 0xffff] === m) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let j = 0; j < m; j++) {
      const k = order[j];
      next[counts[(bits[k] >>> shift) & 0xffff]++] = k;
    }
    const t = order;
    order = next;
    next = t;
  }
  // Exact order within ties of the float32 keys (stable: only strictly greater keys move).
  // Insertion sort: O(n) after the radix passes, which leave only ties out of order.
  for (let i = 1; i < m; i++) {
    const x = order[i];
    const kx = exact[x];
    let j = i - 1;
    if (!(exact[order[j]] > kx)) continue;
    while (j >= 0 && exact[order[j]] > kx) (order[j + 1] = order[j]), j--;
    order[j + 1] = x;
  }
  if (subset) for (let j = 0; j < m; j++) order[j] = subset[order[j]];
  return order;
}
