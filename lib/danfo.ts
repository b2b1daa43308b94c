/**
 * A frame as a danfo.js DataFrame, for notebooks that want danfo's API on data loaded here.
 * danfojs-node is large (~340 MB with its TensorFlow dependency) and optional: it is loaded
 * only when `toDanfo` is called, with an install hint when it is missing.
 */
import type { Frame } from "./frame";
import { formatIsoTime } from "./time";
import { requireOptional } from "./optional";

/** The parts of danfojs-node used here. */
interface DanfoModule {
  DataFrame: new (data: Record<string, unknown[]>, options?: { columns?: string[] }) => unknown;
}

let danfoModule: DanfoModule | undefined;

function danfo(): DanfoModule {
  return (danfoModule ??= requireOptional<DanfoModule>("danfojs-node", "toDanfo"));
}

/**
 * The frame as a danfo.js DataFrame: number columns as numbers (missing as NaN), time columns
 * as ISO 8601 UTC strings (missing as null; danfo's `.dt` accessor and `toDateTime` read
 * them, while Date objects would be typed float32 by danfo), string columns as strings.
 *
 * @example
 *   const df = toDanfo(candles);
 *   df.print();
 */
export function toDanfo(frame: Frame): unknown {
  const { DataFrame } = danfo();
  const data: Record<string, unknown[]> = {};
  for (const { name, type } of frame.schema) {
    const values = frame.column(name);
    data[name] = type === "time" ? Array.from(values as Float64Array, (ms) => formatIsoTime(ms, { withMs: true }) || null) : Array.from(values as ArrayLike<unknown>);
  }
  return new DataFrame(data, { columns: frame.columns });
}
