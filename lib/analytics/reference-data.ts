/**
 * Test support: finds the project's shared reference data (real market data kept outside the
 * repository) by walking up from a directory to one that has shared/data. Tests read it when it
 * is there and say "reference data not present" once when it is not; nothing ships it.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The path of `file` in the nearest shared/data above `from`, or undefined.
 *
 * @example
 *   referenceFile("btc_hourly_2025-08-31_2025-11-22.csv", __dirname)
 */
export function referenceFile(file: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "shared", "data", file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
