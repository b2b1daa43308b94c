/**
 * Fund flows: the running total of daily flows, and streaks of days in the same direction
 * ("IBIT's fifth straight day of outflows"). Positive is inflow, negative outflow; a day of
 * exactly zero or a missing day ends a streak.
 */
import { seriesValues, timeValues, type SeriesInput } from "./series";
import { checkOptions, optionKeys } from "../options";

const CUMULATIVE_FLOWS_OPTIONS = optionKeys<NonNullable<Parameters<typeof cumulativeFlows>[1]>>()("column");

/**
 * The cumulative sum of flows, aligned with the input; a missing day adds nothing (the total
 * carries over).
 *
 * @example
 *   cumulativeFlows([100, -50, NaN, -80]) // Float64Array [100, 50, 50, -30]
 */
export function cumulativeFlows(input: SeriesInput, { column = "flow_usd", ...unknown }: {
  /** The flow column read from a frame input (USD, positive in, negative out); "flow_usd" by default. */
  column?: string;
} = {}): Float64Array {
  checkOptions("cumulativeFlows", unknown, CUMULATIVE_FLOWS_OPTIONS);
  const flows = seriesValues(input, column);
  const out = new Float64Array(flows.length);
  let total = 0;
  for (let i = 0; i < flows.length; i++) {
    if (flows[i] === flows[i]) total += flows[i];
    out[i] = total;
  }
  return out;
}

/** A run of consecutive rows with flows of one sign. */
export interface FlowStreak {
  direction: "inflow" | "outflow";
  /** First and last row: Dates for a frame with a time column, else row indices. */
  start: Date | number;
  end: Date | number;
  /** Rows in the streak. */
  length: number;
  /** The streak's summed flow (negative for outflows). */
  total: number;
}

const FLOW_STREAKS_OPTIONS = optionKeys<NonNullable<Parameters<typeof flowStreaks>[1]>>()("column", "time");

/**
 * Streaks of consecutive inflows or outflows, in time order.
 *
 * @example
 *   flowStreaks([10, 20, -5, -7, -1, 3])
 *   // [{ direction: "inflow", start: 0, end: 1, length: 2, total: 30 },
 *   //  { direction: "outflow", start: 2, end: 4, length: 3, total: -13 },
 *   //  { direction: "inflow", start: 5, end: 5, length: 1, total: 3 }]
 */
export function flowStreaks(input: SeriesInput, { column = "flow_usd", time, ...unknown }: {
  /** The flow column read from a frame input (USD, positive in, negative out); "flow_usd" by default. */
  column?: string;
  /** A time column of a frame input, to give each streak its dates; the "time" column when the frame has one. */
  time?: string;
} = {}): FlowStreak[] {
  checkOptions("flowStreaks", unknown, FLOW_STREAKS_OPTIONS);
  const flows = seriesValues(input, column);
  const times = timeValues(input, time);
  const at = (i: number): Date | number => (times ? new Date(times[i]) : i);
  const streaks: FlowStreak[] = [];
  let begin = -1;
  let sign = 0;
  let total = 0;
  const close = (end: number) => {
    if (begin >= 0) streaks.push({ direction: sign > 0 ? "inflow" : "outflow", start: at(begin), end: at(end), length: end - begin + 1, total });
    begin = -1;
    sign = 0;
    total = 0;
  };
  for (let i = 0; i < flows.length; i++) {
    const s = Math.sign(flows[i]);
    if (s !== sign || !(s !== 0)) close(i - 1);
    if (s === 1 || s === -1) {
      if (begin < 0) (begin = i), (sign = s);
      total += flows[i];
    }
  }
  close(flows.length - 1);
  return streaks;
}
