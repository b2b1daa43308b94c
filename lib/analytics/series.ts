/**
 * How analytics read their input: a frame (a named column, times from its time column) or a
 * plain array of numbers. Shared so every function accepts both the same way.
 */
import { Frame } from "../frame";

/** A frame or a plain series of numbers. */
export type SeriesInput = Frame | ArrayLike<number>;

/**
 * The values of `column` of a frame, or the array itself as a Float64Array.
 *
 * @example
 *   seriesValues([1, 2, 3])            // Float64Array [1, 2, 3]
 *   seriesValues(candles, "close")     // candles.numbers("close")
 */
export function seriesValues(input: SeriesInput, column = "close"): Float64Array {
  if (input instanceof Frame) {
    if (!input.has(column)) throw new Error(`no column "${column}" in the frame; its columns are: ${input.columns.join(", ")}`);
    return input.numbers(column);
  }
  return input instanceof Float64Array ? input : Float64Array.from(input as ArrayLike<number>, Number);
}

/**
 * A frame's time column: the one named `name`, else "time", else the first time column;
 * undefined when it has none (or the input is an array).
 *
 * @example
 *   timeValues(candles) // candles.numbers("time")
 */
export function timeValues(input: SeriesInput, name?: string): Float64Array | undefined {
  if (!(input instanceof Frame)) return undefined;
  if (name) {
    if (input.type(name) !== "time") throw new Error(`column "${name}" is a ${input.type(name)} column, not a time column`);
    return input.numbers(name);
  }
  if (input.has("time") && input.type("time") === "time") return input.numbers("time");
  const first = input.schema.find((c) => c.type === "time");
  return first ? input.numbers(first.name) : undefined;
}
