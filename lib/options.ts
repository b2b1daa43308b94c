/**
 * One check of options objects for the whole library: a key the function does not know is an
 * error naming the key, the function and the nearest known key. Without it a misspelled option
 * (`shock` for `shocks`, `sede` for `seed`) was silently ignored and its default ran instead.
 *
 * Each function lists its keys beside its signature with `optionKeys<Options>()(...)`, which the
 * compiler checks against the options type in both directions (a key the type lacks, or a key of
 * the type missing from the list, is a type error), so the list cannot drift from the type.
 * Checked once per call, never per row: a few string comparisons per key.
 */

/** The keys of T missing from the list K (never when the list is complete). */
type MissingKeys<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;

/**
 * The known keys of an options type, checked by the compiler: every key listed must be a key of T
 * and every key of T must be listed.
 *
 * @example
 *   const REGIME_OPTIONS = optionKeys<RegimeOptions>()("window", "correction", "bear", "stress");
 */
export function optionKeys<T extends object>() {
  return <const K extends readonly (keyof T & string)[]>(
    ...keys: K & ([MissingKeys<T, K>] extends [never] ? unknown : { "missing option keys": MissingKeys<T, K> })
  ): ReadonlySet<string> => new Set<string>(keys as readonly string[]);
}

/**
 * Throws unless every own key of `options` is in `known`. `undefined` and `null` pass (no
 * options given). Give it the whole options object, or the rest of a destructuring
 * (`{ a = 1, ...unknown }`), which holds only the keys the signature did not name.
 *
 * @example
 *   checkOptions("simulateCascade", { shock: [] }, CASCADE_OPTIONS)
 *   // Error: simulateCascade: unknown option 'shock' (did you mean 'shocks'?)
 */
export function checkOptions(where: string, options: unknown, known: ReadonlySet<string>): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) throw new Error(`${where}: options must be an object, got ${Array.isArray(options) ? "an array" : typeof options}`);
  for (const key in options) {
    if (!Object.prototype.hasOwnProperty.call(options, key) || known.has(key)) continue;
    throw new Error(`${where}: unknown option '${key}' (${suggestion(key, known)})`);
  }
}

/** "did you mean 'x'?" for a near miss, else the known keys. */
function suggestion(key: string, known: ReadonlySet<string>): string {
  const near = nearestKey(key, known);
  if (near !== undefined) return `did you mean '${near}'?`;
  return known.size ? `known options: ${[...known].map((k) => `'${k}'`).join(", ")}` : "this function takes no options";
}

/**
 * The known key closest to `key` by edit distance (case-insensitive; a swap of two neighbouring
 * letters counts one edit), if close enough to be a slip: at most 2 edits, and fewer than half the
 * key's letters. A key one is a prefix of the other (`max` for `maxPoints`) counts as close too.
 *
 * @example nearestKey("sede", new Set(["seed", "n"])) // "seed"
 */
export function nearestKey(key: string, known: Iterable<string>): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    const d = editDistance(k, c);
    const slip = d <= 2 && d < Math.max(k.length, c.length) / 2;
    const prefix = k.length >= 3 && (c.startsWith(k) || k.startsWith(c));
    if ((slip || prefix) && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}
