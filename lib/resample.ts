/**
 * Resampling candles to a coarser timeframe with the OHLCV rules: open = first, high = max,
 * low = min, close = last, volume = sum. Buckets follow the exchanges' alignment (see
 * timeframe.ts), so "4h" from hourly bars gives the 4h candles a venue publishes.
 */
import { Frame, type Column, type ColumnValues, type StringColumn } from "./frame";
import { bucketStart } from "./timeframe";
import { checkOptions, optionKeys } from "./options";

/** How a column is summarised within a bucket. Missing values (NaN, null) are skipped. */
export type Aggregation = "first" | "last" | "max" | "min" | "sum" | "mean" | "count";

/** Options of {@link resample}: the time column, the bar length and each column's aggregation. */
export interface ResampleOptions {
  /** The time column; the frame's first time column by default. */
  on?: string;
  /** Rules by column name, over the defaults (see `defaultAggregation`). */
  rules?: Record<string, Aggregation>;
}

/**
 * The rule a column gets unless told: open (and open_time) first, high max, low min, close last, volumes,
 * trade counts and notionals summed (names like "volume", "volume_usd", "base_volume",
 * "trades", "count"), anything else last.
 *
 * @example
 *   defaultAggregation("volume_btc") // "sum"
 */
export function defaultAggregation(name: string): Aggregation {
  const n = name.toLowerCase();
  if (n === "open" || n === "o" || n === "open_time") return "first";
  if (n === "high" || n === "h") return "max";
  if (n === "low" || n === "l") return "min";
  if (/(^|_)(volume|vol|v|trades|count|notional|quote_volume)($|_)/.test(n) || n.endsWith("volume")) return "sum";
  return "last";
}

function aggregateNumbers(values: Float64Array, start: number, end: number, rule: Aggregation): number {
  switch (rule) {
    case "first":
      for (let i = start; i < end; i++) if (values[i] === values[i]) return values[i];
      return NaN;
    case "last":
      for (let i = end - 1; i >= start; i--) if (values[i] === values[i]) return values[i];
      return NaN;
    case "count": {
      let count = 0;
      for (let i = start; i < end; i++) if (values[i] === values[i]) count++;
      return count;
    }
  }
  let acc = rule === "max" ? -Infinity : rule === "min" ? Infinity : 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v !== v) continue;
    count++;
    if (rule === "max") acc = v > acc ? v : acc;
    else if (rule === "min") acc = v < acc ? v : acc;
    else acc += v;
  }
  if (count === 0) return NaN;
  return rule === "mean" ? acc / count : acc;
}

function aggregateStrings(values: StringColumn, start: number, end: number, rule: Aggregation, name: string): string | null {
  if (rule === "first") {
    for (let i = start; i < end; i++) if (values[i] !== null) return values[i];
    return null;
  }
  if (rule === "last") {
    for (let i = end - 1; i >= start; i--) if (values[i] !== null) return values[i];
    return null;
  }
  throw new Error(`resample: rule "${rule}" does not apply to the string column "${name}"; use "first" or "last"`);
}

const RESAMPLE_OPTIONS = optionKeys<NonNullable<Parameters<typeof resample>[2]>>()("on", "rules");

/**
 * Candles of a coarser `timeframe` ("1h", "4h", "1d", "1w", "1M"...): one row per non-empty
 * bucket, its time the bucket's start, each other column summarised by its rule. The frame
 * must be sorted by time (first and last depend on it); missing times are an error.
 *
 * @example
 *   const daily = resample(hourly, "1d");
 *   const custom = resample(trades, "1m", { rules: { price: "last", size: "sum" } });
 */
export function resample(frame: Frame, timeframe: string, { on, rules = {}, ...unknown }: ResampleOptions = {}): Frame {
  checkOptions("resample", unknown, RESAMPLE_OPTIONS);
  const timeName = on ?? frame.schema.find((c) => c.type === "time")?.name;
  if (!timeName) throw new Error(`resample needs a time column; the columns are: ${frame.schema.map((c) => `${c.name} (${c.type})`).join(", ")}`);
  if (frame.type(timeName) !== "time") throw new Error(`resample: column "${timeName}" is a ${frame.type(timeName)} column, not a time column`);
  for (const name of Object.keys(rules)) frame.type(name);
  const floor = bucketStart(timeframe);
  const times = frame.numbers(timeName);
  const n = frame.length;

  // Bucket boundaries in one pass: starts[k] is the first row of bucket k.
  const starts: number[] = [];
  const keys: number[] = [];
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (t !== t) throw new Error(`resample: row ${i} has no time (column "${timeName}")`);
    if (t < previous) throw new Error(`resample: column "${timeName}" is not sorted (row ${i} is earlier than row ${i - 1}); sort the frame first: frame.sort("${timeName}")`);
    previous = t;
    const key = floor(t);
    if (keys.length === 0 || key !== keys[keys.length - 1]) {
      keys.push(key);
      starts.push(i);
    }
  }
  starts.push(n);
  const buckets = keys.length;

  const columns: Column[] = frame.schema.map(({ name, type }) => {
    const values = frame.column(name);
    if (name === timeName) return { name, type, values: Float64Array.from(keys) };
    const rule = rules[name] ?? defaultAggregation(name);
    let out: ColumnValues;
    if (values instanceof Float64Array) {
      const nums = new Float64Array(buckets);
      for (let k = 0; k < buckets; k++) nums[k] = aggregateNumbers(values, starts[k], starts[k + 1], rule);
      out = nums;
    } else {
      const strs: StringColumn = new Array(buckets);
      for (let k = 0; k < buckets; k++) strs[k] = aggregateStrings(values, starts[k], starts[k + 1], rule, name);
      out = strs;
    }
    return { name, type: type === "time" && (rule === "sum" || rule === "count" || rule === "mean") ? "number" : type, values: out };
  });
  return new Frame(columns);
}
