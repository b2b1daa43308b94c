/**
 * Paging through a time range with an API that returns at most `limit` rows from a start
 * time, and finding the holes in what came back: the loaders' shared mechanics.
 */
import { Frame, type ColumnType } from "../frame";
import { formatIsoTime } from "../time";

/** A row with its epoch-millisecond time. */
export type TimedRow = { time: number } & Record<string, number | string | null>;

export interface PageOptions {
  from: number;
  to: number;
  /** Rows asked for per request. */
  limit: number;
  /** The spacing of bars, ms: the next page starts one step after the last row (1 ms for events). */
  step?: number;
}

/**
 * Every row in [from, to), page by page: each page starts after the last row of the one
 * before. An empty page (or one that does not move forward) ends the paging; the loader then
 * reports the rest of the range as a gap.
 *
 * @example
 *   const rows = await pageThrough((since, limit) => fetchBars(since, limit), { from, to, limit: 1000, step: 3_600_000 });
 */
export async function pageThrough(fetchPage: (since: number, limit: number) => Promise<TimedRow[]>, { from, to, limit, step = 1 }: PageOptions): Promise<TimedRow[]> {
  const rows: TimedRow[] = [];
  let since = from;
  while (since < to) {
    const page = (await fetchPage(since, limit)).filter((r) => r.time >= since && r.time < to).sort((a, b) => a.time - b.time);
    if (page.length === 0) break;
    for (const r of page) if (rows.length === 0 || r.time > rows[rows.length - 1].time || step === 1) rows.push(r);
    const next = page[page.length - 1].time + step;
    if (next <= since) break;
    since = next;
  }
  return rows;
}

/**
 * Rows as a frame with the given columns and types, also when there are no rows.
 *
 * @example
 *   rowsToFrame([{ time: 0, close: 1 }], { time: "time", close: "number" })
 */
export function rowsToFrame(rows: readonly Record<string, unknown>[], columns: Record<string, ColumnType>): Frame {
  const data: Record<string, unknown[]> = {};
  for (const name of Object.keys(columns)) data[name] = rows.map((r) => r[name] ?? null);
  return Frame.fromColumns(data as Record<string, Array<number | string | null>>, { types: columns });
}

/** A run of missing bars. */
export interface Gap {
  from: string;
  to: string;
  /** Bars missing. */
  missing: number;
}

/**
 * Runs of missing bars in sorted bar times spaced `step` apart, over [from, until): inside,
 * before the first bar and after the last.
 *
 * @example
 *   findGaps([0, 1, 4], 1, 0, 6) // bars 2-3 and 5 missing: [{ ..., missing: 2 }, { ..., missing: 1 }]
 */
export function findGaps(times: ArrayLike<number>, step: number, from: number, until: number): Gap[] {
  const gaps: Gap[] = [];
  const first = Math.ceil(from / step) * step;
  let expected = first;
  const add = (a: number, b: number) => {
    const missing = Math.round((b - a) / step);
    if (missing > 0) gaps.push({ from: formatIsoTime(a), to: formatIsoTime(b), missing });
  };
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t < first || t >= until) continue;
    if (t > expected) add(expected, t);
    expected = Math.max(expected, t + step);
  }
  if (expected < until) add(expected, expected + Math.ceil((until - expected) / step) * step);
  return gaps;
}
