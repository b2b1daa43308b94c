/**
 * Time order of a series: candles must be sorted and have one row per timestamp, or every
 * analytic downstream (returns, resampling, as-of joins) is quietly wrong. Loaders call
 * `ensureTimeOrder` to report out-of-order and repeated timestamps, or to fix them on request.
 */
import type { Frame } from "./frame";
import { formatIsoTime } from "./time";
import { checkOptions, optionKeys } from "./options";

/** Options of {@link ensureTimeOrder} and {@link timeOrderIssues}. */
export interface TimeOrderOptions {
  /** Out-of-order timestamps: "error" (default) reports them; "sort" sorts the rows by time (stable). */
  unsorted?: "error" | "sort";
  /** Repeated timestamps: "error" (default) reports them; "first" or "last" keeps that row of each run. */
  duplicates?: "error" | "first" | "last";
  /** How to name row i in messages, e.g. its line in a file; "row i" by default. */
  where?: (row: number) => string;
}

/**
 * Row indices where time goes backwards, and where it repeats the previous row's time.
 *
 * @example
 *   timeOrderIssues(Float64Array.from([1, 2, 2, 1])) // { unsorted: [3], duplicates: [2] }
 */
export function timeOrderIssues(times: Float64Array): { unsorted: number[]; duplicates: number[] } {
  const unsorted: number[] = [];
  const duplicates: number[] = [];
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) unsorted.push(i);
    else if (times[i] === times[i - 1]) duplicates.push(i);
  }
  return { unsorted, duplicates };
}

const TIME_ORDER_OPTIONS = optionKeys<NonNullable<Parameters<typeof ensureTimeOrder>[2]>>()("unsorted", "duplicates", "where");

/**
 * The frame in strictly increasing time order, or an error that says how many timestamps are
 * out of order or repeated and where the first one is. With `unsorted: "sort"` the rows are
 * sorted; with `duplicates: "first"` or `"last"` one row per timestamp is kept. Missing times
 * are always an error.
 *
 * @example
 *   ensureTimeOrder(candles, "time")                                    // throws if unsorted or repeated
 *   ensureTimeOrder(candles, "time", { unsorted: "sort", duplicates: "last" })
 */
export function ensureTimeOrder(frame: Frame, column: string, { unsorted = "error", duplicates = "error", where = (i) => `row ${i}`, ...unknown }: TimeOrderOptions = {}): Frame {
  checkOptions("ensureTimeOrder", unknown, TIME_ORDER_OPTIONS);
  if (frame.type(column) !== "time") throw new Error(`column "${column}" is a ${frame.type(column)} column, not a time column`);
  let times = frame.numbers(column);
  const missing = times.findIndex(Number.isNaN);
  if (missing >= 0) throw new Error(`${where(missing)}: no timestamp in column "${column}"`);
  const at = (i: number) => `${where(i)} (${formatIsoTime(times[i], { withMs: times[i] % 1000 !== 0 })})`;

  let issues = timeOrderIssues(times);
  if (issues.unsorted.length) {
    if (unsorted !== "sort") {
      const i = issues.unsorted[0];
      throw new Error(`${issues.unsorted.length} timestamp${issues.unsorted.length === 1 ? " is" : "s are"} out of order in column "${column}": the first is ${at(i)}, earlier than ${at(i - 1)}; pass unsorted: "sort" to sort the rows`);
    }
    // duplicates are reported before sorting so their rows still name the source's lines
    if (duplicates === "error") {
      const sortedTimes = Float64Array.from(times).sort();
      const repeats = timeOrderIssues(sortedTimes).duplicates.length;
      if (repeats) {
        const first = new Map<number, number>();
        for (let i = 0; i < times.length; i++) {
          const earlier = first.get(times[i]);
          if (earlier !== undefined) throw new Error(`${repeats} timestamp${repeats === 1 ? " is" : "s are"} repeated in column "${column}": the first is ${at(i)}, the same as ${at(earlier)}; pass duplicates: "first" or "last" to keep one row per timestamp`);
          first.set(times[i], i);
        }
      }
    }
    frame = frame.sort(column);
    times = frame.numbers(column);
    issues = timeOrderIssues(times);
  }
  if (!issues.duplicates.length) return frame;
  if (duplicates === "error") {
    const i = issues.duplicates[0];
    const n = issues.duplicates.length;
    throw new Error(`${n} timestamp${n === 1 ? " is" : "s are"} repeated in column "${column}": the first is ${at(i)}, the same as ${at(i - 1)}; pass duplicates: "first" or "last" to keep one row per timestamp`);
  }
  const keep: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const next = i + 1 < times.length ? times[i + 1] : NaN;
    const previous = i > 0 ? times[i - 1] : NaN;
    if (duplicates === "first" ? times[i] !== previous : times[i] !== next) keep.push(i);
  }
  return frame.take(keep);
}
