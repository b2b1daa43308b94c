/**
 * Frames to and from Apache Arrow (tables and IPC bytes or files), the columnar format polars,
 * DuckDB and pyarrow exchange. apache-arrow is loaded on first use, so the library loads
 * without it.
 *
 * Types map one to one: number <-> Float64, time <-> Timestamp(ms, "UTC"), string <-> Utf8.
 * A frame's missing values (NaN, null) are Arrow nulls. Reading also accepts the other Arrow
 * numbers (ints, floats, bools as 0/1), timestamps and dates of any unit, and dictionary or
 * large strings.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type * as ArrowModule from "apache-arrow";
import { Frame, type Column, type StringColumn } from "./frame";
import { requireOptional } from "./optional";
import { checkOptions, optionKeys } from "./options";

type Arrow = typeof ArrowModule;
let arrowModule: Arrow | undefined;

function arrow(): Arrow {
  return (arrowModule ??= requireOptional<Arrow>("apache-arrow", "Arrow support"));
}

/** A validity bitmap (bit set = present), or undefined when nothing is missing. */
function validity(length: number, present: (i: number) => boolean): { bitmap?: Uint8Array; nulls: number } {
  let nulls = 0;
  const bitmap = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) {
    if (present(i)) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return nulls ? { bitmap, nulls } : { nulls };
}

/**
 * A frame as an apache-arrow Table.
 *
 * @example
 *   const table = toArrow(candles);
 *   table.getChild("close")?.toArray() // Float64Array
 */
export function toArrow(frame: Frame): ArrowModule.Table {
  const A = arrow();
  const vectors: Record<string, ArrowModule.Vector> = {};
  for (const { name, type } of frame.schema) {
    const n = frame.length;
    if (type === "string") {
      vectors[name] = A.vectorFromArray(frame.strings(name), new A.Utf8());
      continue;
    }
    const values = frame.numbers(name);
    const { bitmap, nulls } = validity(n, (i) => values[i] === values[i]);
    if (type === "number") {
      vectors[name] = A.makeVector(A.makeData({ type: new A.Float64(), length: n, nullCount: nulls, nullBitmap: bitmap, data: values }));
    } else {
      // Int64 milliseconds written as two 32-bit words (little-endian), exact below 2^53,
      // without a BigInt per value.
      const ms = new BigInt64Array(n);
      const words = new Int32Array(ms.buffer);
      for (let i = 0; i < n; i++) {
        const v = Math.round(values[i]);
        if (v !== v) continue;
        words[2 * i] = v | 0;
        words[2 * i + 1] = Math.floor(v / 4_294_967_296);
      }
      vectors[name] = A.makeVector(A.makeData({ type: new A.Timestamp(A.TimeUnit.MILLISECOND, "UTC"), length: n, nullCount: nulls, nullBitmap: bitmap, data: ms }));
    }
  }
  return new A.Table(vectors);
}

const UNIT_TO_MS = [1000, 1, 1e-3, 1e-6]; // Arrow TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND

function numbersOf(vector: ArrowModule.Vector, scale = 1): Float64Array {
  const raw = vector.toArray() as ArrayLike<number | bigint | boolean | null>;
  const out = new Float64Array(vector.length);
  const nulls = vector.nullCount > 0;
  for (let i = 0; i < out.length; i++) {
    const v = raw[i];
    out[i] = v === null || (nulls && !vector.isValid(i)) ? NaN : Number(v) * scale;
  }
  return out;
}

/** One Arrow column as a frame column; throws naming the column for types a frame cannot hold. */
function fromVector(name: string, vector: ArrowModule.Vector): Column {
  const A = arrow();
  const type = vector.type as ArrowModule.DataType;
  if (A.DataType.isFloat(type) || A.DataType.isInt(type) || A.DataType.isBool(type)) return { name, type: "number", values: numbersOf(vector) };
  if (A.DataType.isTimestamp(type)) return { name, type: "time", values: numbersOf(vector, UNIT_TO_MS[(type as ArrowModule.Timestamp).unit]) };
  if (A.DataType.isDate(type)) {
    const out = new Float64Array(vector.length);
    for (let i = 0; i < out.length; i++) {
      const v = vector.get(i) as Date | number | null;
      out[i] = v === null ? NaN : typeof v === "number" ? v : v.getTime();
    }
    return { name, type: "time", values: out };
  }
  if (A.DataType.isUtf8(type) || A.DataType.isLargeUtf8(type) || A.DataType.isDictionary(type)) {
    const values: StringColumn = new Array(vector.length);
    for (let i = 0; i < values.length; i++) {
      const v = vector.get(i) as unknown;
      if (v !== null && v !== undefined && typeof v !== "string") throw new Error(`Arrow column "${name}" is ${type}, whose values are not strings`);
      values[i] = (v as string | null | undefined) ?? null;
    }
    return { name, type: "string", values };
  }
  throw new Error(`Arrow column "${name}" is ${type}, which a frame does not read (numbers, timestamps, dates and strings are read)`);
}

/**
 * A frame from an apache-arrow Table or Arrow IPC bytes (file or stream format).
 *
 * @example
 *   const frame = fromArrow(tableToIPC(table));
 */
export function fromArrow(source: ArrowModule.Table | Uint8Array | ArrayBuffer): Frame {
  const A = arrow();
  const table = source instanceof A.Table ? source : A.tableFromIPC(source instanceof ArrayBuffer ? new Uint8Array(source) : source);
  return new Frame(table.schema.fields.map((field) => fromVector(field.name, table.getChild(field.name)!)));
}

const TO_ARROW_IPC_OPTIONS = optionKeys<NonNullable<Parameters<typeof toArrowIPC>[1]>>()("format");

/**
 * A frame as Arrow IPC bytes: the file format (".arrow", random access) or the stream format.
 *
 * @example
 *   const bytes = toArrowIPC(candles); // Uint8Array
 */
export function toArrowIPC(frame: Frame, { format = "file", ...unknown }: {
  /** "file" (by default; random access, the .arrow file) or "stream" (the streaming format). */
  format?: "file" | "stream";
} = {}): Uint8Array {
  checkOptions("toArrowIPC", unknown, TO_ARROW_IPC_OPTIONS);
  return arrow().tableToIPC(toArrow(frame), format);
}

/**
 * Reads an Arrow IPC file (or stream) into a frame.
 *
 * @example
 *   const candles = readArrow("btc_1h.arrow");
 */
export function readArrow(path: string): Frame {
  return fromArrow(readFileSync(path));
}

const WRITE_ARROW_OPTIONS = optionKeys<NonNullable<Parameters<typeof writeArrow>[2]>>()("format");

/**
 * Writes a frame to an Arrow IPC file (the format polars' readIPC and pyarrow read).
 *
 * @example
 *   writeArrow(candles, "btc_1h.arrow");
 */
export function writeArrow(
  frame: Frame,
  path: string,
  options: {
    /** "file" (by default; what polars' readIPC and pyarrow read) or "stream". */
    format?: "file" | "stream";
  } = {},
): void {
  checkOptions("writeArrow", options, WRITE_ARROW_OPTIONS);
  writeFileSync(path, toArrowIPC(frame, options));
}
