/**
 * Seeded pseudo-random numbers, so tests, benchmarks and Monte Carlo runs are reproducible.
 * The generator is mulberry32: a 32-bit state advanced by a Weyl sequence and mixed by two
 * multiply-xorshift rounds; fast, tiny and good enough for simulation (not for cryptography).
 */

/**
 * A function returning uniform numbers in [0, 1), the same sequence for the same seed.
 *
 * @example
 *   const random = seededRandom(42);
 *   random(); // 0.6011037519201636, on every machine
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draws from a uniform source (Box-Muller, one value per call).
 *
 * @example
 *   const normal = seededNormal(seededRandom(7));
 *   normal(); // a draw from N(0, 1)
 */
export function seededNormal(random: () => number): () => number {
  return () => {
    const u = 1 - random(); // (0, 1]: log(0) must not happen
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
