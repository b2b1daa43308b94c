/**
 * Frames to and from Parquet files.
 *
 * Frames are written by a direct TypeScript writer (./parquet-direct): one data page per column
 * chunk, uncompressed; doubles go out as the column's own bytes, times as INT64
 * TIMESTAMP(MILLIS, UTC), strings as UTF8 (dictionary-encoded while they repeat, as are
 * numbers of few distinct values); min/max/null-count statistics per chunk; a hand-written
 * Thrift footer. Files from disk are read by the direct reader when every wanted column is a
 * flat DOUBLE, FLOAT, INT32, INT64 (plain, timestamp of any unit, DATE) or string column in
 * PLAIN or dictionary encoding, uncompressed or snappy: stored doubles go from the file straight
 * into their columns. That covers our files and those polars, DuckDB and arrow-rs write with
 * those codecs.
 *
 * Everything else goes the general way: parquet-wasm (the Rust Arrow/Parquet implementation
 * compiled to WebAssembly: one platform-independent .wasm file, so it ships in the extension
 * for every platform) through Arrow IPC, which apache-arrow decodes into columns; hyparquet
 * reads the footer, and reads the rare file the WebAssembly path does not convert (decimals,
 * booleans, nested or view types: a column-by-column fallback, slower but complete).
 *
 * Types map: number <-> DOUBLE, time <-> INT64 TIMESTAMP_MILLIS (UTC), string <-> UTF8
 * BYTE_ARRAY; missing values (NaN, null) are Parquet nulls. Reading also takes the other
 * numeric types (ints, floats, booleans as 0/1, decimals), timestamps of any unit, DATE and
 * INT96 times, zstd and the other codecs, delta encodings, as polars, pandas/pyarrow and DuckDB
 * write them. Key-value metadata is kept: the cache stores its provenance there.
 *
 * Speed (npm run bench -- data, 200,000 x 6 candles, 9.2 MiB, against nodejs-polars in the same
 * run): nearly idle, read 4.8-10 ms against 4.4-9.8 ms and write (with the fsync of the atomic
 * rename) 21-28 ms against 15 ms; under load the read was within 3x of polars in 8 of 9 runs,
 * the write in all. Through parquet-wasm it was 47 ms and 54 ms idle, against 4.9 ms and
 * 13 ms. Our files are uncompressed: 9.2 MiB for those candles where snappy made 8.6 MiB;
 * columns of few distinct values stay small through dictionaries, other low-entropy columns
 * (a time step of one minute) are larger than a compressed file would be.
 *
 * Every error names the file.
 */
import { closeSync, fstatSync, fsync, fsyncSync, open, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { parquetMetadata, parquetRead, parquetSchema } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import type * as ArrowModule from "apache-arrow";
import type * as ParquetWasm from "parquet-wasm";
import { Frame, type Column, type ColumnType, type StringColumn } from "../frame";
import { toArrow } from "../arrow";
import { requireOptional } from "../optional";
import { fileSource, memorySource, readDirect, writeDirect, writeDirectParts, type DirectColumn } from "./parquet-direct";
import { concatFrames } from "./concat";
import { checkOptions, optionKeys } from "../options";

let wasmModule: typeof ParquetWasm | undefined;
let arrowModule: typeof ArrowModule | undefined;
/** parquet-wasm, instantiated on first use (about 5 MB of WebAssembly, compiled once). */
function parquetWasm(): typeof ParquetWasm {
  return (wasmModule ??= requireOptional<typeof ParquetWasm>("parquet-wasm", "Parquet support"));
}
function arrowLib(): typeof ArrowModule {
  return (arrowModule ??= requireOptional<typeof ArrowModule>("apache-arrow", "Parquet support"));
}

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

/** The Arrow schema arrow-rs stores in the footer for its own readers; not user metadata. */
const ARROW_SCHEMA_KEY = "ARROW:schema";

type ColumnValues = Map<string, Float64Array | StringColumn>;

/** A column type the fast path leaves to the fallback reader. */
class NotFast extends Error {}

/**
 * The columns through parquet-wasm and Arrow IPC, or undefined when a column has an Arrow type
 * this path does not convert (the caller then reads the file with hyparquet). Errors in the
 * file itself are thrown.
 */
function fastRead(bytes: Uint8Array, wanted: string[], types: Map<string, ColumnType>, n: number): ColumnValues | undefined {
  const pw = parquetWasm();
  const A = arrowLib();
  const wasmTable = pw.readParquet(bytes, { columns: wanted, batchSize: 65_536 });
  const table = A.tableFromIPC(wasmTable.intoIPCStream());
  const out: ColumnValues = new Map();
  try {
    for (const name of wanted) {
      const vector = table.getChild(name);
      if (!vector || vector.length !== n) return undefined;
      out.set(name, types.get(name) === "string" ? stringsOf(A, vector) : numbersOf(A, vector, types.get(name) === "time"));
    }
  } catch (err) {
    if (err instanceof NotFast) return undefined;
    throw err;
  }
  return out;
}

const UNIT_TO_MS = [1000, 1, 1e-3, 1e-6]; // Arrow TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND
const isSet = (bitmap: Uint8Array, i: number) => (bitmap[i >> 3] & (1 << (i & 7))) !== 0;

/** Numbers (or times as epoch ms) of an Arrow vector, chunk by chunk, nulls as NaN. */
function numbersOf(A: typeof ArrowModule, vector: ArrowModule.Vector, time: boolean): Float64Array {
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    const type = data.type as ArrowModule.DataType;
    const values = data.values as ArrayLike<number | bigint> & { subarray?: unknown };
    const len = data.length;
    const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
    const bit0 = data.offset;
    let scale = 1;
    if (A.DataType.isTimestamp(type)) scale = UNIT_TO_MS[(type as ArrowModule.Timestamp).unit];
    else if (A.DataType.isDate(type)) scale = (type as ArrowModule.Date_).unit === A.DateUnit.DAY ? 86_400_000 : 1;
    else if (time || !(A.DataType.isFloat(type) || A.DataType.isInt(type))) throw new NotFast();
    if (values instanceof Float64Array && !bitmap) out.set(values.subarray(0, len), at);
    else if (values instanceof BigInt64Array) {
      // Two 32-bit words per value (little-endian): exact below 2^53, no BigInt per value.
      const words = new Int32Array(values.buffer, values.byteOffset, len * 2);
      for (let i = 0; i < len; i++) out[at + i] = bitmap && !isSet(bitmap, bit0 + i) ? NaN : (words[2 * i + 1] * 4_294_967_296 + (words[2 * i] >>> 0)) * scale;
    } else if (values instanceof BigUint64Array) {
      for (let i = 0; i < len; i++) out[at + i] = bitmap && !isSet(bitmap, bit0 + i) ? NaN : Number(values[i]) * scale;
    } else if (ArrayBuffer.isView(values) && (A.DataType.isInt(type) ? (type as ArrowModule.Int).bitWidth <= 32 : true)) {
      const v = values as unknown as ArrayLike<number>;
      for (let i = 0; i < len; i++) out[at + i] = bitmap && !isSet(bitmap, bit0 + i) ? NaN : v[i] * scale;
    } else throw new NotFast();
    at += len;
  }
  return out;
}

/** Strings of an Arrow Utf8 vector: one decode of a chunk's bytes when they are ASCII. */
function stringsOf(A: typeof ArrowModule, vector: ArrowModule.Vector): StringColumn {
  const out: StringColumn = new Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    if (!A.DataType.isUtf8(data.type)) throw new NotFast();
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    const len = data.length;
    const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
    const start = offsets[0];
    const end = offsets[len];
    let ascii = true;
    for (let i = start; i < end && ascii; i++) ascii = bytes[i] < 0x80;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (ascii) {
      const text = buffer.toString("latin1", start, end);
      for (let i = 0; i < len; i++) out[at + i] = bitmap && !isSet(bitmap, data.offset + i) ? null : text.slice(offsets[i] - start, offsets[i + 1] - start);
    } else {
      for (let i = 0; i < len; i++) out[at + i] = bitmap && !isSet(bitmap, data.offset + i) ? null : buffer.toString("utf8", offsets[i], offsets[i + 1]);
    }
    at += len;
  }
  return out;
}

/** The columns through hyparquet, value by value: every type a frame holds, slower. */
async function slowRead(file: ArrayBuffer, meta: ReturnType<typeof parquetMetadata>, wanted: string[], types: Map<string, ColumnType>, n: number): Promise<ColumnValues> {
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
  return new Map<string, Float64Array | StringColumn>([...numbers, ...strings]);
}

type Metadata = ReturnType<typeof parquetMetadata>;
type Leaf = ReturnType<typeof parquetSchema>["children"][number];

const TIME_UNIT_SCALE: Record<string, { scale: number; divide: boolean }> = { MILLIS: { scale: 1, divide: false }, MICROS: { scale: 1e3, divide: true }, NANOS: { scale: 1e6, divide: true } };
const SIGNED_INTS = new Set([undefined, "INT_8", "INT_16", "INT_32", "INT_64"]);

/**
 * What the direct reader needs to know of the wanted columns, or undefined when one of them is
 * of a kind only the general path reads (unsigned or decimal numbers, INT96, times of day...).
 */
function directColumns(meta: Metadata, leaves: Leaf[], wanted: string[], types: Map<string, ColumnType>): DirectColumn[] | undefined {
  const out: DirectColumn[] = [];
  for (const name of wanted) {
    const index = leaves.findIndex((l) => l.element.name === name);
    const e = leaves[index].element;
    const type = types.get(name)!;
    const logical = e.logical_type;
    let unit = { scale: 1, divide: false };
    if (e.repetition_type === "REPEATED") return undefined;
    if (type === "time") {
      if (e.type === "INT64" && logical?.type === "TIMESTAMP") unit = TIME_UNIT_SCALE[logical.unit];
      else if (e.type === "INT64" && !logical && e.converted_type === "TIMESTAMP_MILLIS") unit = TIME_UNIT_SCALE.MILLIS;
      else if (e.type === "INT64" && !logical && e.converted_type === "TIMESTAMP_MICROS") unit = TIME_UNIT_SCALE.MICROS;
      else if (e.type === "INT32" && (logical?.type === "DATE" || (!logical && e.converted_type === "DATE"))) unit = { scale: MS_PER_DAY, divide: false };
      else return undefined;
      if (!unit) return undefined;
    } else if (type === "number") {
      if (e.type !== "DOUBLE" && e.type !== "FLOAT" && e.type !== "INT32" && e.type !== "INT64") return undefined;
      if (logical && !(logical.type === "INTEGER" && logical.isSigned)) return undefined;
      if (!SIGNED_INTS.has(e.converted_type)) return undefined;
    } else if (e.type !== "BYTE_ARRAY") return undefined;
    const chunks: DirectColumn["chunks"] = [];
    for (const group of meta.row_groups) {
      const chunk = group.columns[index];
      const m = chunk?.meta_data;
      if (!m || chunk.file_path || m.path_in_schema.length !== 1 || m.path_in_schema[0] !== name) return undefined;
      const dataAt = Number(m.data_page_offset);
      const dictAt = m.dictionary_page_offset === undefined ? 0 : Number(m.dictionary_page_offset);
      const start = dictAt > 0 && dictAt < dataAt ? dictAt : dataAt;
      chunks.push({ codec: m.codec, start, end: start + Number(m.total_compressed_size), rows: Number(group.num_rows) });
    }
    out.push({ name, type, physical: e.type!, scale: unit.scale, divide: unit.divide, optional: e.repetition_type === "OPTIONAL", chunks });
  }
  return out;
}

/**
 * Whether the direct reader (no WebAssembly) reads these Parquet bytes whole; the specs use it
 * to check which files take that path. Throws on a malformed file.
 *
 * @example
 *   readsDirectly(toParquet(candles)) // true
 */
export function readsDirectly(bytes: Uint8Array): boolean {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  const leaves = parquetSchema(meta).children;
  const wanted = leaves.map((c) => c.element.name);
  const types = new Map<string, ColumnType>();
  for (const leaf of leaves) {
    const type = leaf.children.length ? "nested" : columnType(leaf.element);
    if (type !== "number" && type !== "time" && type !== "string") return false;
    types.set(leaf.element.name, type);
  }
  const direct = directColumns(meta, leaves, wanted, types);
  return direct !== undefined && readDirect(memorySource(bytes), direct, Number(meta.num_rows)) !== undefined;
}

/** The wanted columns of a file and their frame types; throws for a column a frame cannot hold. */
function plan(meta: Metadata, columns: string[] | undefined): { leaves: Leaf[]; wanted: string[]; types: Map<string, ColumnType> } {
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
  return { leaves, wanted, types };
}

function contents(meta: Metadata, wanted: string[], types: Map<string, ColumnType>, values: ColumnValues): ParquetContents {
  const frameColumns: Column[] = wanted.map((name) => ({ name, type: types.get(name)!, values: values.get(name)! }) as Column);
  return { frame: new Frame(frameColumns), metadata: footerMetadata(meta) };
}

/** The footer's key-value metadata, without the Arrow schema arrow-rs stores for itself. */
function footerMetadata(meta: Metadata): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const { key, value } of meta.key_value_metadata ?? []) if (value !== undefined && key !== ARROW_SCHEMA_KEY) metadata[key] = value;
  return metadata;
}

/** Parquet bytes to a frame and metadata; `name` is how errors name the source. */
export async function parseParquet(bytes: Uint8Array, name: string, { columns }: ReadParquetOptions = {}): Promise<ParquetContents> {
  try {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const file = whole ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const meta = parquetMetadata(file);
    const { leaves, wanted, types } = plan(meta, columns);
    const n = Number(meta.num_rows);
    const direct = directColumns(meta, leaves, wanted, types);
    const values = (direct && readDirect(memorySource(bytes), direct, n)) || (n > 0 && fastRead(bytes, wanted, types, n)) || (await slowRead(file, meta, wanted, types, n));
    return contents(meta, wanted, types, values);
  } catch (err) {
    throw new Error(`cannot read Parquet ${name}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A file read directly from disk, page by page into the columns (no whole-file buffer), or
 * undefined when the file needs the general path. Errors are the caller's to name.
 */
function readFileDirect(fd: number, { columns }: ReadParquetOptions): ParquetContents | undefined {
  const size = fstatSync(fd).size;
  if (size < 12) return undefined; // the general path explains what is wrong
  const source = fileSource(fd, size);
  const tail = source.bytes(size - 8, size);
  const footerLength = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (tail[3] << 24);
  if (footerLength <= 0 || footerLength > size - 12) return undefined;
  // hyparquet parses the footer from a buffer that ends like the file.
  const end = source.bytes(size - 8 - footerLength, size);
  const meta = parquetMetadata(end.buffer.slice(end.byteOffset, end.byteOffset + end.byteLength) as ArrayBuffer);
  const { leaves, wanted, types } = plan(meta, columns);
  const direct = directColumns(meta, leaves, wanted, types);
  const values = direct && readDirect(source, direct, Number(meta.num_rows));
  return values ? contents(meta, wanted, types, values) : undefined;
}

/** A file's footer (from its bytes in memory) and what reading its columns takes. */
function footerOf(bytes: Uint8Array): { meta: Metadata; wanted: string[]; types: Map<string, ColumnType>; direct?: DirectColumn[]; n: number } {
  // hyparquet parses the footer from a buffer that ends like the file: only the footer's bytes
  // are copied to one (a small copy), not the whole file.
  const size = bytes.length;
  const footerLength = size >= 12 ? bytes[size - 8] | (bytes[size - 7] << 8) | (bytes[size - 6] << 16) | (bytes[size - 5] << 24) : -1;
  const start = footerLength > 0 && footerLength <= size - 12 ? size - 8 - footerLength : 0;
  const meta = parquetMetadata(Uint8Array.prototype.slice.call(bytes, start).buffer as ArrayBuffer); // a copy (Buffer's own slice is a view)
  const { leaves, wanted, types } = plan(meta, undefined);
  return { meta, wanted, types, direct: directColumns(meta, leaves, wanted, types), n: Number(meta.num_rows) };
}

/** One file of {@link readParquetFiles}: its rows in the frame, [from, to), and its footer's metadata. */
export interface ParquetPart {
  path: string;
  from: number;
  to: number;
  metadata: Record<string, string>;
}

/**
 * Parquet files of the same columns read as one frame, their rows one file after another in
 * the order given; a file that does not exist is skipped (its part is undefined). Made for the
 * cache's day files, hundreds of small files where a whole-file read and the per-file overheads
 * cost more than the values:
 *
 * - every file is read whole, into one buffer for all of them, and its footer parsed, first;
 *   then the frame's columns are allocated once at the total length and each file's values are
 *   decoded straight into its rows of them (no columns per file, no concatenation afterwards);
 * - a file that needs the general path is parsed on its own and its columns copied into place;
 * - files whose columns differ (names or types) are read one by one and stacked by
 *   `concatFrames`, which says what differs.
 *
 * Every error names its file.
 *
 * @example
 *   const { frame, parts } = await readParquetFiles(["day=2025-10-10/a.parquet", "day=2025-10-11/a.parquet"]);
 */
export async function readParquetFiles(paths: readonly string[]): Promise<{ frame: Frame; parts: (ParquetPart | undefined)[] }> {
  const named = (path: string, err: unknown) => new Error(`cannot read Parquet ${path}: ${(err as Error).message}`, { cause: err });
  // Every file opened and sized first, then read into one buffer: one allocation for all their
  // bytes instead of one per file (hundreds of buffers of 70 KB made most of the garbage).
  const opened: ({ path: string; fd: number; size: number } | undefined)[] = [];
  let all: Buffer;
  try {
    for (const path of paths) {
      let fd: number;
      try {
        fd = openSync(path, "r");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
          opened.push(undefined);
          continue;
        }
        throw named(path, err);
      }
      const file = { path, fd, size: 0 };
      opened.push(file);
      try {
        file.size = fstatSync(fd).size;
      } catch (err) {
        throw named(path, err);
      }
    }
    all = Buffer.allocUnsafe(opened.reduce((sum, f) => sum + (f?.size ?? 0), 0));
    let at = 0;
    for (const f of opened) {
      if (!f) continue;
      try {
        for (let got = 0; got < f.size; ) {
          const n = readSync(f.fd, all, at + got, f.size - got, got);
          if (n === 0) throw new Error(`the file ended at byte ${got} of ${f.size} while being read`);
          got += n;
        }
      } catch (err) {
        throw named(f.path, err);
      }
      at += f.size;
    }
  } finally {
    for (const f of opened) if (f) closeSync(f.fd);
  }
  const files: ({ path: string; bytes: Uint8Array; meta: Metadata; wanted: string[]; types: Map<string, ColumnType>; direct?: DirectColumn[]; n: number } | undefined)[] = [];
  let offset = 0;
  for (const f of opened) {
    if (!f) {
      files.push(undefined);
      continue;
    }
    const bytes = all.subarray(offset, (offset += f.size));
    try {
      files.push({ path: f.path, bytes, ...footerOf(bytes) });
    } catch (err) {
      throw named(f.path, err);
    }
  }
  const present = files.filter((f) => f !== undefined && f.wanted.length > 0);
  // The columns of the first file with columns; every other file must have the same (any order).
  const schema = present.length ? present[0]!.wanted.map((name) => ({ name, type: present[0]!.types.get(name)! })) : [];
  const same = present.every((f) => f!.wanted.length === schema.length && schema.every(({ name, type }) => f!.types.get(name) === type));
  if (!same) {
    // Read one by one; concatFrames names the column that differs.
    const parts: (ParquetPart | undefined)[] = [];
    const frames: Frame[] = [];
    let at = 0;
    for (const f of files) {
      if (!f) {
        parts.push(undefined);
        continue;
      }
      const { frame, metadata } = await parseParquet(f.bytes, f.path);
      frames.push(frame);
      parts.push({ path: f.path, from: at, to: (at += frame.columns.length ? frame.length : 0), metadata });
    }
    return { frame: concatFrames(frames), parts };
  }
  const total = present.reduce((sum, f) => sum + f!.n, 0);
  const columns = new Map<string, Float64Array | StringColumn>(schema.map(({ name, type }) => [name, type === "string" ? new Array<string | null>(total).fill(null) : new Float64Array(total)]));
  const parts: (ParquetPart | undefined)[] = [];
  let at = 0;
  for (const f of files) {
    if (!f) {
      parts.push(undefined);
      continue;
    }
    const n = f.wanted.length ? f.n : 0;
    try {
      if (n > 0 && !(f.direct && readDirect(memorySource(f.bytes), f.direct, n, { columns, at }))) {
        // The general path for this file, its columns copied into its rows.
        const { frame } = await parseParquet(f.bytes, f.path);
        for (const { name, type } of schema) {
          const target = columns.get(name)!;
          if (type === "string") {
            const values = frame.strings(name);
            for (let i = 0; i < n; i++) target[at + i] = values[i];
          } else (target as Float64Array).set(frame.numbers(name), at);
        }
      }
    } catch (err) {
      throw (err as Error).message.startsWith("cannot read Parquet") ? err : named(f.path, err);
    }
    parts.push({ path: f.path, from: at, to: at + n, metadata: footerMetadata(f.meta) });
    at += n;
  }
  return { frame: new Frame(schema.map(({ name, type }) => ({ name, type, values: columns.get(name)! }) as Column)), parts };
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
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    try {
      const direct = readFileDirect(fd, options);
      if (direct) return direct;
    } catch (err) {
      throw new Error(`cannot read Parquet ${path}: ${(err as Error).message}`, { cause: err });
    }
    bytes = readFileSync(fd);
  } catch (err) {
    if ((err as Error).message.startsWith("cannot read Parquet")) throw err;
    throw new Error(`cannot read Parquet ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`, { cause: err });
  } finally {
    if (fd !== undefined) closeSync(fd);
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
export function toParquet(frame: Frame, options: WriteParquetOptions = {}): Uint8Array {
  const { metadata, rowGroupSize } = writeOptions("toParquet", options);
  return writeDirect(frame, metadata, rowGroupSize, CREATED_BY);
}

const CREATED_BY = "cascade-notebooks";

function writeOptions(caller: string, { metadata = {}, rowGroupSize = 100_000, ...unknown }: WriteParquetOptions): Required<WriteParquetOptions> {
  checkOptions(caller, unknown, TO_PARQUET_OPTIONS);
  if (!(Number.isInteger(rowGroupSize) && rowGroupSize > 0)) throw new Error(`${caller}: rowGroupSize must be a positive whole number, got ${rowGroupSize}`);
  return { metadata, rowGroupSize };
}

/** A frame as Parquet bytes through parquet-wasm (snappy, Arrow schema in the footer). */
export function toParquetWasm(frame: Frame, { metadata = {}, rowGroupSize = 100_000 }: WriteParquetOptions = {}): Uint8Array {
  // A frame without columns has no Arrow schema to speak of; the pure-JS writer takes it.
  if (frame.schema.length === 0) return toParquetSlow(frame, metadata, rowGroupSize);
  const pw = parquetWasm();
  // Times are Arrow Timestamp(ms, "UTC"), which the writer stores as TIMESTAMP(MILLIS, UTC):
  // polars, pyarrow and DuckDB then read them as UTC datetimes, not zone-less ones.
  const ipc = arrowLib().tableToIPC(toArrow(frame), "stream");
  // Dictionary pages only for strings (venues, sides, symbols repeat); for prices they cost
  // most of the write time and make the file larger.
  let builder = new pw.WriterPropertiesBuilder().setDictionaryEnabled(false);
  for (const { name, type } of frame.schema) if (type === "string") builder = builder.setColumnDictionaryEnabled(name, true);
  const properties = builder
    .setCompression(pw.Compression.SNAPPY)
    .setMaxRowGroupSize(rowGroupSize)
    .setCreatedBy("cascade-notebooks")
    .setKeyValueMetadata(new Map(Object.entries(metadata)))
    .build();
  return pw.writeParquet(pw.Table.fromIPCStream(ipc), properties);
}

/** The pure-JavaScript writer (hyparquet-writer), for frames without columns. */
function toParquetSlow(frame: Frame, metadata: Record<string, string>, rowGroupSize: number): Uint8Array {
  const schema: SchemaElement[] = [{ name: "root", num_children: frame.schema.length }];
  const kvMetadata = Object.entries(metadata).map(([key, value]) => ({ key, value }));
  return new Uint8Array(parquetWriteBuffer({ columnData: [], schema, kvMetadata, rowGroupSize, createdBy: "cascade-notebooks" }));
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
  writeAtomic(path, encodeParquetFile(path, frame, options));
}

/** A frame as the Parquet bytes of the file `path` (in parts, as written); errors name the file. */
export function encodeParquetFile(path: string, frame: Frame, options: WriteParquetOptions = {}): Uint8Array[] {
  try {
    const { metadata, rowGroupSize } = writeOptions("writeParquet", options);
    return writeDirectParts(frame, metadata, rowGroupSize, CREATED_BY);
  } catch (err) {
    throw new Error(`cannot write Parquet ${path}: ${(err as Error).message}`, { cause: err });
  }
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
export function writeAtomic(path: string, data: Uint8Array | Uint8Array[] | string): void {
  const parts = typeof data === "string" ? [Buffer.from(data)] : Array.isArray(data) ? data : [data];
  const temp = tempPath(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx");
    writeParts(fd, parts);
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

/**
 * The temporary file beside `path` for an atomic write: the writer's process id in its name
 * lets a cache tell the temporary files of writers still running from those of dead ones.
 */
function tempPath(path: string): string {
  return `${path}.${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}${TEMP_SUFFIX}`;
}

function writeParts(fd: number, parts: Uint8Array[]): void {
  for (const bytes of parts) for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

const fsyncAsync = (fd: number) => new Promise<void>((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
const openAsync = (path: string, flags: string) => new Promise<number>((resolve, reject) => open(path, flags, (err, fd) => (err ? reject(err) : resolve(fd))));

/** One file of {@link writeAtomicMany}: where it goes and its bytes (computed once its creation is under way). */
export interface AtomicFile {
  path: string;
  data: () => Uint8Array | Uint8Array[];
}

/**
 * Writes several files, each atomically as {@link writeAtomic} does (a temporary file beside it,
 * on disk before a rename puts it in place), for much less than one `writeAtomic` each:
 *
 * 1. every temporary file is created at once, on Node's I/O threads, while the bytes of each file
 *    are computed (`data`); a file system busy with other writes makes each creation wait for its
 *    journal, and creations under way together wait once;
 * 2. each file's bytes go to its temporary file (into the page cache: quick);
 * 3. every temporary file is flushed to disk at once, so the disk gets the flushes together
 *    instead of one round trip after another;
 * 4. once every temporary file is on disk, each is renamed to its final name, in the order given;
 * 5. then each folder that received a file (and each of `alsoFlush`, e.g. the parent of folders
 *    just created) is flushed once, which makes the renames themselves durable.
 *
 * No file is ever visible under its final name half-written. A process killed before step 4
 * leaves only temporary files (`*.tmp`, which a cache sweeps); killed during it, the files
 * renamed are whole and the others keep their old contents. On an error, every temporary file
 * not yet renamed is removed and the error names the file (or folder) that failed. The folders
 * must exist.
 *
 * @example
 *   await writeAtomicMany(days.map((d) => ({ path: d.file, data: () => toParquet(d.rows) })));
 */
export async function writeAtomicMany(files: readonly AtomicFile[], { alsoFlush = [] }: { alsoFlush?: Iterable<string> } = {}): Promise<void> {
  const entries = files.map((f) => ({ path: f.path, temp: tempPath(f.path), fd: undefined as number | undefined }));
  const named = (path: string, err: unknown) => new Error(`cannot write ${path}: ${(err as Error).message}`, { cause: err });
  /** The first failure of settled promises, in the order of the files, named by its file. */
  const firstFailure = (results: PromiseSettledResult<unknown>[]) => {
    const i = results.findIndex((r) => r.status === "rejected");
    if (i >= 0) throw named(entries[i].path, (results[i] as PromiseRejectedResult).reason);
  };
  const opening = Promise.allSettled(entries.map(async (e) => (e.fd = await openAsync(e.temp, "wx"))));
  let renamed = 0;
  try {
    const data = files.map((f) => f.data()); // computed while the files are being created
    firstFailure(await opening);
    entries.forEach((e, i) => {
      try {
        writeParts(e.fd!, [data[i]].flat());
      } catch (err) {
        throw named(e.path, err);
      }
    });
    const flushed = await Promise.allSettled(entries.map((e) => fsyncAsync(e.fd!)));
    for (const e of entries) {
      closeSync(e.fd!);
      e.fd = undefined;
    }
    firstFailure(flushed);
    for (const e of entries) {
      try {
        renameSync(e.temp, e.path);
      } catch (err) {
        throw named(e.path, err);
      }
      renamed++;
    }
  } catch (err) {
    await opening; // no creation still under way when its file is removed
    for (const e of entries.slice(renamed)) {
      if (e.fd !== undefined) closeSync(e.fd);
      rmSync(e.temp, { force: true });
    }
    throw err;
  }
  await Promise.all([...new Set([...entries.map((e) => dirname(e.path)), ...alsoFlush])].map(flushFolder));
}

/**
 * Flushes a folder's entries (the names renamed or created in it) to disk. Windows cannot open
 * a folder as a file and some file systems refuse to flush one (EINVAL): there the rename's
 * durability is the file system's own, as for any program.
 */
async function flushFolder(folder: string): Promise<void> {
  if (process.platform === "win32") return;
  let fd: number | undefined;
  try {
    fd = openSync(folder, "r");
    await fsyncAsync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "ENOTSUP") throw new Error(`cannot flush folder ${folder} to disk: ${(err as Error).message}`, { cause: err });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
