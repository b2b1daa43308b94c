/**
 * Half-open time ranges [from, to) in epoch milliseconds: merging what a cache holds and
 * finding what it lacks for a request.
 */

/** A half-open range of epoch milliseconds: from inclusive, to exclusive. */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * Ranges sorted and merged where they overlap or touch; empty ranges dropped.
 *
 * @example
 *   mergeRanges([{ from: 5, to: 9 }, { from: 0, to: 5 }]) // [{ from: 0, to: 9 }]
 */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from);
  const out: TimeRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

/**
 * The parts of `want` that `covered` does not hold, in order.
 *
 * @example
 *   missingRanges([{ from: 2, to: 4 }, { from: 6, to: 7 }], { from: 0, to: 10 })
 *   // [{ from: 0, to: 2 }, { from: 4, to: 6 }, { from: 7, to: 10 }]
 */
export function missingRanges(covered: readonly TimeRange[], want: TimeRange): TimeRange[] {
  const out: TimeRange[] = [];
  let at = want.from;
  for (const r of mergeRanges(covered)) {
    if (r.to <= at) continue;
    if (r.from >= want.to) break;
    if (r.from > at) out.push({ from: at, to: Math.min(r.from, want.to) });
    at = Math.max(at, r.to);
    if (at >= want.to) break;
  }
  if (at < want.to) out.push({ from: at, to: want.to });
  return out;
}

const DAY_MS = 86_400_000;

/**
 * Whether a bar of `step` ms starts in [from, to) and had closed by `now`.
 *
 * @example
 *   holdsClosedBar({ from: 0, to: 10 }, 5, 12) // true: the bar [0, 5) closed at 5
 */
export function holdsClosedBar({ from, to }: TimeRange, step: number, now: number): boolean {
  const first = Math.ceil(from / step) * step;
  return first < to && first + step <= now;
}

/**
 * Whether [from, to) touches a weekday (UTC days); a range of only Saturdays and Sundays holds
 * no trading day of markets that close at weekends.
 *
 * @example
 *   touchesWeekday({ from: Date.UTC(2025, 10, 22), to: Date.UTC(2025, 10, 24) }) // false: Sat-Sun
 */
export function touchesWeekday({ from, to }: TimeRange): boolean {
  if (to - from >= 7 * DAY_MS) return true;
  for (let d = Math.floor(from / DAY_MS) * DAY_MS; d < to; d += DAY_MS) {
    const dow = new Date(d).getUTCDay();
    if (dow >= 1 && dow <= 5) return true;
  }
  return false;
}
