/**
 * Input checks shared by the models. Every check throws before a model runs, with a message
 * that names the parameter (or the position, by index and account) and the value it got, so a
 * notebook user sees what to fix instead of a NaN price path.
 */

/** Throws unless `value` is a finite number. @example checkFinite("price", 100) */
export function checkFinite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${name} must be a finite number, got ${describe(value)}`);
  return value;
}

/** Throws unless `value` is a finite number > 0. @example checkPositive("entry", 100_000) */
export function checkPositive(name: string, value: unknown): number {
  checkFinite(name, value);
  if ((value as number) <= 0) throw new Error(`${name} must be > 0, got ${value}`);
  return value as number;
}

/** Throws unless `value` is a number > 0, Infinity allowed (an unlimited depth or capital). @example checkPositiveOrInfinity("capital", Infinity) */
export function checkPositiveOrInfinity(name: string, value: unknown): number {
  if (value === Infinity) return value;
  return checkPositive(name, value);
}

/** Throws unless `value` is a finite number >= 0. @example checkNonNegative("margin", 0) */
export function checkNonNegative(name: string, value: unknown): number {
  checkFinite(name, value);
  if ((value as number) < 0) throw new Error(`${name} must be >= 0, got ${value}`);
  return value as number;
}

/** Throws unless lo <= value <= hi. @example checkRange("withdrawal", 0.5, 0, 0.99) */
export function checkRange(name: string, value: unknown, lo: number, hi: number): number {
  checkFinite(name, value);
  if ((value as number) < lo || (value as number) > hi) throw new Error(`${name} must be between ${lo} and ${hi}, got ${value}`);
  return value as number;
}

/** Throws unless `value` is a whole number >= min. @example checkInteger("steps", 1440, 1) */
export function checkInteger(name: string, value: unknown, min = 0): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number >= ${min}, got ${describe(value)}`);
  return value;
}

/** Throws unless `value` is one of `allowed`. @example checkOneOf("side", "long", ["long", "short"]) */
export function checkOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new Error(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describe(value)}`);
  return value as T;
}

/** A value as a message shows it: strings quoted, NaN and objects readable. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (value === undefined || value === null) return String(value);
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
