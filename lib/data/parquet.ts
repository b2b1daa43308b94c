/**
 * Frames to and from Parquet files (hyparquet reads, hyparquet-writer writes; both pure
 * JavaScript, bundled into the library so Parquet works wherever it runs).
 *
 * Types map: number <-> DOUBLE, time <-> INT64 TIMESTAMP_MILLIS (UTC), string <-> UTF8
 * BYTE_ARRAY; missing values (NaN, null) are Parquet nulls. Reading also takes the other
 * numeric types (ints, floats, booleans as 0/1, decimals), timestamps of any unit, DATE and
 * INT96 times, as polars, pandas/pyarrow and DuckDB write them. Key-value metadata is kept: the
 * cache stores its provenance there.
 *
 * Every error names the file.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { parquetMetadata, parquetRead, parquetSchema } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { Frame, type Column, type ColumnType, type StringColumn } from "../frame";
import { checkOptions, optionKeys } from "../options";

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Read only these columns, in this order. */
  columns?: string[];
}

/** Options of {@link writeParquet} and {@link toParquet}. */
export interface WriteParquetOptions {
  /** Key-value metadata to store in the file's footer; none by default. */
  metadata?: Record<string, string>;
  /** Rows per row group; 100,000 by default. */
  rowGroupSize?: number;
}

/** A file's frame and its footer's key-value metadata. */
export interface ParquetContents {
  frame: Frame;
  metadata: Record<string, string>;
}

type SchemaElement = ReturnType<typeof parquetSchema>["element"];

const MS_PER_DAY = 86_400_000;

/** The frame type of a Parquet leaf column, or an explanation of why a frame cannot hold it. */
function columnType(e: SchemaElement): ColumnType | string {
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (logical === "TIMESTAMP" || logical === "DATE" || converted === "DATE" || converted === "TIMESTAMP_MILLIS" || converted === "TIMESTAMP_MICROS" || e.type === "INT96") return "time";
  if (logical === "STRING" || logical === "ENUM" || converted === "UTF8" || converted === "ENUM" || (e.type === "BYTE_ARRAY" && !converted && !logical)) return "string";
  if (converted === "DECIMAL" || logical === "DECIMAL") return "number";
  if (e.type === "BOOLEAN" || e.type === "INT32" || e.type === "INT64" || e.type === "FLOAT" || e.type === "DOUBLE") return "number";
  return `Parquet ${e.type}${converted ? ` (${converted})` : ""}${logical ? ` (${logical})` : ""}`;
}

// Times come out as epoch milliseconds, not Date objects: the frame stores numbers anyway.
const parsers = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v) / 1e3,
  timestampFromNanoseconds: (v: bigint) => Number(v) / 1e6,
  dateFromDays: (v: number) => v * MS_PER_DAY,
};

/** Parquet bytes to a frame and metadata; `name` is how errors name the source. */
export async function parseParquet(bytes: Uint8Array, name: string, { columns }: ReadParquetOptions = {}): Promise<ParquetContents> {
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(file);
    const leaves = parquetSchema(meta).children;
    const available = leaves.map((c) => c.element.name);
    const wanted = columns ?? available;
    for (const c of wanted) if (!available.includes(c)) throw new Error(`no column "${c}"; the file has: ${available.join(", ")}`);
    const types = new Map<string, ColumnType>();
    for (const leaf of leaves) {
      if (!wanted.includes(leaf.element.name)) continue;
      const type = leaf.children.length ? "a nested column" : columnType(leaf.element);
      if (type !== "number" && type !== "time" && type !== "string") throw new Error(`column "${leaf.element.name}" is ${type}, which a frame does not hold (numbers, times and strings)`);
      types.set(leaf.element.name, type);
    }
    const n = Number(meta.num_rows);
    const numbers = new Map<string, Float64Array>();
    const strings = new Map<string, StringColumn>();
    for (const [c, type] of types) {
      if (type === "string") strings.set(c, new Array(n).fill(null));
      else numbers.set(c, new Float64Array(n).fill(NaN));
    }
    await parquetRead({
      file,
      metadata: meta,
      columns: wanted,
      parsers: parsers as never,
      onChunk({ columnName, columnData, rowStart }) {
        const target = numbers.get(columnName);
        if (target) {
          for (let i = 0; i < columnData.length; i++) {
            const v = columnData[i] as unknown;
            target[rowStart + i] = v === null || v === undefined ? NaN : typeof v === "boolean" ? +v : Number(v);
          }
        } else {
          const out = strings.get(columnName)!;
          for (let i = 0; i < columnData.length; i++) {
            const v = columnData[i] as unknown;
            out[rowStart + i] = v === null || v === undefined ? null : String(v);
          }
        }
      },
    });
    const frameColumns: Column[] = wanted.map((name) => ({ name, type: types.get(name)!, values: numbers.get(name) ?? strings.get(name)! }));
    const metadata: Record<string, string> = {};
    for (const { key, value } of meta.key_value_metadata ?? []) if (value !== undefined) metadata[key] = value;
    return { frame: new Frame(frameColumns), metadata };
  } catch (err) {
    throw new Error(`cannot read Parquet ${name}: ${(err as Error).message}`, { cause: err });
  }
}

const READ_PARQUET_OPTIONS = optionKeys<ReadParquetOptions>()("columns");

/**
 * Reads a Parquet file into a frame (and its footer metadata, for the cache).
 *
 * @example
 *   const { frame, metadata } = await readParquetWithMetadata("btc_1h.parquet");
 */
export async function readParquetWithMetadata(path: string, options: ReadParquetOptions = {}): Promise<ParquetContents> {
  checkOptions("readParquetWithMetadata", options, READ_PARQUET_OPTIONS);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read Parquet ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`, { cause: err });
  }
  return parseParquet(bytes, path, options);
}

const READ_PARQUET_FRAME_OPTIONS = optionKeys<ReadParquetOptions>()("columns");

/**
 * Reads a Parquet file into a frame; time columns come back as time, strings as strings.
 *
 * @example
 *   const candles = await readParquet("btc_1h.parquet");
 *   candles.type("time") // "time"
 */
export async function readParquet(path: string, options: ReadParquetOptions = {}): Promise<Frame> {
  checkOptions("readParquet", options, READ_PARQUET_FRAME_OPTIONS);
  return (await readParquetWithMetadata(path, options)).frame;
}

const TO_PARQUET_OPTIONS = optionKeys<NonNullable<Parameters<typeof toParquet>[1]>>()("metadata", "rowGroupSize");

/**
 * A frame as Parquet bytes.
 *
 * @example
 *   const bytes = toParquet(candles, { metadata: { source: "binance" } });
 */
export function toParquet(frame: Frame, { metadata = {}, rowGroupSize = 100_000, ...unknown }: WriteParquetOptions = {}): Uint8Array {
  checkOptions("toParquet", unknown, TO_PARQUET_OPTIONS);
  // The schema is spelled out so times carry the UTC timestamp logical type: polars, pyarrow
  // and DuckDB then read them as UTC datetimes, not zone-less ones.
  const schema: SchemaElement[] = [{ name: "root", num_children: frame.schema.length }];
  const columnData = frame.schema.map(({ name, type }) => {
    if (type === "string") {
      schema.push({ name, type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" }, repetition_type: "OPTIONAL" });
      return { name, data: frame.strings(name) };
    }
    const values = frame.numbers(name);
    let missing = false;
    for (let i = 0; i < values.length && !missing; i++) missing = values[i] !== values[i];
    if (type === "number") {
      schema.push({ name, type: "DOUBLE", repetition_type: "OPTIONAL" });
      return { name, data: missing ? Array.from(values, (v) => (v === v ? v : null)) : values };
    }
    schema.push({ name, type: "INT64", converted_type: "TIMESTAMP_MILLIS", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" }, repetition_type: "OPTIONAL" });
    return { name, data: Array.from(values, (v) => (v === v ? Math.round(v) : null)) };
  });
  const kvMetadata = Object.entries(metadata).map(([key, value]) => ({ key, value }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, kvMetadata, rowGroupSize, createdBy: "cascade-notebooks" }));
}

const WRITE_PARQUET_OPTIONS = optionKeys<WriteParquetOptions>()("metadata", "rowGroupSize");

/**
 * Writes a frame to a Parquet file, atomically: the bytes go to a temporary file beside it,
 * then a rename replaces the old file, so a crash mid-write leaves the old file whole.
 *
 * @example
 *   writeParquet("btc_1h.parquet", candles);
 */
export function writeParquet(path: string, frame: Frame, options: WriteParquetOptions = {}): void {
  checkOptions("writeParquet", options, WRITE_PARQUET_OPTIONS);
  let bytes: Uint8Array;
  try {
    bytes = toParquet(frame, options);
  } catch (err) {
    throw new Error(`cannot write Parquet ${path}: ${(err as Error).message}`, { cause: err });
  }
  writeAtomic(path, bytes);
}

/** Temporary files of atomic writes end so; a cache sweeps up those a killed writer left. */
export const TEMP_SUFFIX = ".tmp";

/**
 * Writes bytes to `path` through a temporary file in the same folder, flushed to disk, then a
 * rename (atomic on POSIX file systems and NTFS): readers see the old file or the new one,
 * never half of one, even when the writer is killed or the machine stops mid-write.
 *
 * @example
 *   writeAtomic("/cache/btc.parquet", bytes);
 */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  const temp = `${path}.${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}${TEMP_SUFFIX}`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx");
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(1 << 20, bytes.length - at));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw new Error(`cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
}
