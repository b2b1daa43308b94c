/**
 * Period returns of a price series: simple (p1 / p0 - 1) or log (ln(p1 / p0)), over one or
 * more periods, aligned with the input (the first `periods` values are NaN).
 */
import { seriesValues, type SeriesInput } from "./series";
import { checkOptions, optionKeys } from "../options";
import { checkOneOf } from "../models/validate";

/** Options of {@link returns}: simple or log returns, and the column of a frame. */
export interface ReturnsOptions {
  /** "simple" (default) or "log". */
  kind?: "simple" | "log";
  /** Rows between the two prices; 1 by default. */
  periods?: number;
  /** The price column of a frame; "close" by default. */
  column?: string;
}

const RETURNS_OPTIONS = optionKeys<NonNullable<Parameters<typeof returns>[1]>>()("kind", "periods", "column");

/**
 * Returns of a price series or a frame's closes, aligned with the input.
 *
 * @example
 *   returns([100, 110, 99])                  // Float64Array [NaN, 0.1, -0.1]
 *   returns(candles, { kind: "log", periods: 24 }) // 24-hour log returns of hourly candles
 */
export function returns(input: SeriesInput, { kind = "simple", periods = 1, column = "close", ...unknown }: ReturnsOptions = {}): Float64Array {
  checkOptions("returns", unknown, RETURNS_OPTIONS);
  // any other kind used to fall through to simple returns
  checkOneOf("returns: kind", kind, ["simple", "log"] as const);
  if (!(Number.isInteger(periods) && periods >= 1)) throw new Error(`returns: periods must be a whole number >= 1, got ${periods}`);
  const p = seriesValues(input, column);
  const out = new Float64Array(p.length).fill(NaN);
  for (let i = periods; i < p.length; i++) out[i] = kind === "log" ? Math.log(p[i] / p[i - periods]) : p[i] / p[i - periods] - 1;
  return out;
}
