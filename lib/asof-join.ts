/**
 * As-of join: for each row of the left frame, the row of the right frame in force at that
 * time. The way to line up series sampled at different moments (funding every 8h against
 * hourly candles, quotes against trades) without looking into the future: by default a left
 * row only sees right rows at or before its own time.
 */
import { Frame, type Column, type StringColumn } from "./frame";
import { timeframeMs } from "./timeframe";
import { checkOptions, optionKeys } from "./options";

/** Options of {@link asofJoin}: the time columns, the direction and the tolerance of the match. */
export interface AsofJoinOptions {
  /** The time column, in both frames unless `rightOn` names the right one. */
  on: string;
  /** The right frame's time column, when it is named differently; `on` by default. */
  rightOn?: string;
  /** The largest gap allowed between the two times, in ms or as a timeframe ("5m", "1h"); no limit (Infinity) by default. */
  tolerance?: number | string;
  /** "backward" (default): latest right time <= left time; "forward": earliest >=; "nearest": either. */
  direction?: "backward" | "forward" | "nearest";
  /** Appended to right column names that clash with left ones; "_right" by default. */
  suffix?: string;
}

function sortedTimes(frame: Frame, name: string, side: string): Float64Array {
  if (frame.type(name) !== "time") throw new Error(`asofJoin: the ${side} column "${name}" is a ${frame.type(name)} column, not a time column`);
  const t = frame.numbers(name);
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== t[i]) throw new Error(`asofJoin: the ${side} frame has no time in row ${i} (column "${name}")`);
    if (i > 0 && t[i] < t[i - 1]) throw new Error(`asofJoin: the ${side} frame is not sorted by "${name}" (row ${i}); sort it first: frame.sort("${name}")`);
  }
  return t;
}

const ASOF_JOIN_OPTIONS = optionKeys<NonNullable<Parameters<typeof asofJoin>[2]>>()("on", "rightOn", "tolerance", "direction", "suffix");

/**
 * The left frame with the right frame's other columns, each left row matched to the right row
 * nearest in time in the given direction, within `tolerance`; unmatched rows get missing
 * values. Among right rows with equal times the last one is used. Both frames must be sorted.
 *
 * @example
 *   // each hourly candle with the funding rate in force at its open
 *   asofJoin(candles, funding, { on: "time" })
 *   // each trade with the quote at most 5 seconds old
 *   asofJoin(trades, quotes, { on: "time", tolerance: "5s" })
 */
export function asofJoin(left: Frame, right: Frame, { on, rightOn = on, tolerance = Infinity, direction = "backward", suffix = "_right", ...unknown }: AsofJoinOptions): Frame {
  checkOptions("asofJoin", unknown, ASOF_JOIN_OPTIONS);
  const lt = sortedTimes(left, on, "left");
  const rt = sortedTimes(right, rightOn, "right");
  const tol = timeframeMs(tolerance);
  if (!(tol >= 0)) throw new Error(`asofJoin: tolerance must be >= 0, got ${tolerance}`);
  const n = lt.length;
  const m = rt.length;
  const match = new Int32Array(n).fill(-1);
  let j = 0; // backward: right rows [0, j) are at or before the current left time
  for (let i = 0; i < n; i++) {
    const t = lt[i];
    while (j < m && rt[j] <= t) j++;
    const before = j - 1;
    // forward: the first right row at or after t (the last of its equal-time run)
    let after = before >= 0 && rt[before] === t ? before : j < m ? j : -1;
    if (after >= 0 && after === j) while (after + 1 < m && rt[after + 1] === rt[after]) after++;
    const back = before >= 0 && t - rt[before] <= tol ? before : -1;
    const fwd = after >= 0 && rt[after] - t <= tol ? after : -1;
    if (direction === "backward") match[i] = back;
    else if (direction === "forward") match[i] = fwd;
    else if (back < 0 || fwd < 0) match[i] = back < 0 ? fwd : back;
    else match[i] = t - rt[back] <= rt[fwd] - t ? back : fwd;
  }

  const taken = new Set(left.columns);
  const added: Column[] = right.schema
    .filter((c) => c.name !== rightOn)
    .map(({ name, type }) => {
      const outName = taken.has(name) ? name + suffix : name;
      if (taken.has(outName)) throw new Error(`asofJoin: column "${outName}" exists in both frames even with the suffix "${suffix}"; rename one first`);
      taken.add(outName);
      const src = right.column(name);
      if (src instanceof Float64Array) {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = match[i] < 0 ? NaN : src[match[i]];
        return { name: outName, type, values };
      }
      const values: StringColumn = new Array(n);
      for (let i = 0; i < n; i++) values[i] = match[i] < 0 ? null : src[match[i]];
      return { name: outName, type, values };
    });
  return new Frame([...left.schema.map(({ name, type }) => ({ name, type, values: left.column(name) })), ...added]);
}
