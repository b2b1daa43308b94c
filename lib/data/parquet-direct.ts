/**
 * A direct TypeScript path for the Parquet files a frame makes: no WebAssembly, no Arrow step.
 *
 * Writing: one row group per `rowGroupSize` rows, one data page (v1) per column chunk,
 * uncompressed. Numbers are DOUBLE, times INT64 TIMESTAMP(MILLIS, UTC), strings UTF8
 * BYTE_ARRAY. Strings, and numbers of few distinct values (sides, flags), are dictionary-encoded
 * (bit-packed indices); the rest is PLAIN, which for doubles is the column's own bytes. Every
 * column is OPTIONAL; definition levels mark the missing values (NaN, null). Column chunks carry
 * min/max/null-count statistics for numbers and times, so DuckDB can skip row groups. The footer
 * is Thrift compact protocol, written here by hand (field ids from parquet-format's
 * parquet.thrift).
 *
 * Reading: flat columns of DOUBLE, FLOAT, INT32, INT64 (plain, timestamps of any unit, DATE)
 * and BYTE_ARRAY strings, PLAIN or dictionary encoded, in v1 or v2 data pages, uncompressed or
 * snappy. Anything else (other codecs, delta encodings, booleans, decimals, INT96, ...) makes
 * {@link readDirect} answer undefined, and the caller takes the general path.
 *
 * Format facts: Apache Parquet format specification (parquet-format, Encodings.md and
 * parquet.thrift); Thrift compact protocol specification (thrift, doc/specs/thrift-compact-protocol.md).
 */
import { readSync } from "node:fs";
import { snappyUncompress } from "hyparquet";
import type { Column, ColumnType, Frame, StringColumn } from "../frame";

// parquet.thrift enums
const T_INT64 = 2, T_DOUBLE = 5, T_BYTE_ARRAY = 6;
const OPTIONAL = 1;
const CONVERTED_UTF8 = 0, CONVERTED_TIMESTAMP_MILLIS = 9;
const E_PLAIN = 0, E_PLAIN_DICTIONARY = 2, E_RLE = 3, E_RLE_DICTIONARY = 8;
const CODEC_UNCOMPRESSED = 0;
const PAGE_DATA = 0, PAGE_DICTIONARY = 2, PAGE_DATA_V2 = 3;

// Thrift compact protocol element types
const C_TRUE = 1, C_FALSE = 2, C_BYTE = 3, C_I16 = 4, C_I32 = 5, C_I64 = 6, C_DOUBLE = 7, C_BINARY = 8, C_LIST = 9, C_SET = 10, C_MAP = 11, C_STRUCT = 12;

// ---------------------------------------------------------------------------------------------
// Thrift compact writer (footer and page headers: small, so plain JavaScript numbers suffice)

class ThriftWriter {
  private buf = new Uint8Array(256);
  length = 0;
  private last: number[] = [0];

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }
  /** Unsigned varint of a non-negative integer up to 2^53. */
  private varint(v: number): void {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }
  private zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  private header(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number): this {
    this.header(id, C_I32);
    this.zigzag(v);
    return this;
  }
  i64(id: number, v: number): this {
    this.header(id, C_I64);
    this.zigzag(v);
    return this;
  }
  bool(id: number, v: boolean): this {
    this.header(id, v ? C_TRUE : C_FALSE);
    return this;
  }
  binary(id: number, bytes: Uint8Array): this {
    this.header(id, C_BINARY);
    this.rawBinary(bytes);
    return this;
  }
  string(id: number, s: string): this {
    return this.binary(id, Buffer.from(s, "utf8"));
  }
  private rawBinary(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** A struct field; `body` writes its fields. */
  struct(id: number, body: (w: this) => void): this {
    this.header(id, C_STRUCT);
    this.last.push(0);
    body(this);
    this.byte(0);
    this.last.pop();
    return this;
  }
  private listHeader(id: number, size: number, type: number): void {
    this.header(id, C_LIST);
    if (size < 15) this.byte((size << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(size);
    }
  }
  listI32(id: number, values: number[]): this {
    this.listHeader(id, values.length, C_I32);
    for (const v of values) this.zigzag(v);
    return this;
  }
  listString(id: number, values: string[]): this {
    this.listHeader(id, values.length, C_BINARY);
    for (const v of values) this.rawBinary(Buffer.from(v, "utf8"));
    return this;
  }
  listStruct<T>(id: number, items: T[], body: (w: this, item: T) => void): this {
    this.listHeader(id, items.length, C_STRUCT);
    for (const item of items) {
      this.last.push(0);
      body(this, item);
      this.byte(0);
      this.last.pop();
    }
    return this;
  }
  /** Ends the outermost struct and answers its bytes. */
  finish(): Uint8Array {
    this.byte(0);
    return this.buf.subarray(0, this.length);
  }
}

// ---------------------------------------------------------------------------------------------
// Thrift compact reader: a generic decoder to { fieldId: value } objects (page headers only)

type ThriftValue = number | boolean | Uint8Array | ThriftStruct | ThriftValue[];
interface ThriftStruct {
  [id: number]: ThriftValue;
}

class ThriftReader {
  constructor(
    private readonly bytes: Uint8Array,
    public pos: number,
    private readonly end: number,
  ) {}
  private byte(): number {
    if (this.pos >= this.end) throw new Error("a page header runs past its column chunk");
    return this.bytes[this.pos++];
  }
  private varint(): number {
    let result = 0;
    let mult = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * mult;
      if (b < 0x80) return result;
      mult *= 0x80;
      if (mult > 2 ** 63) throw new Error("a page header holds a malformed number");
    }
  }
  private zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  private value(type: number): ThriftValue {
    switch (type) {
      case C_TRUE:
        return true;
      case C_FALSE:
        return false;
      case C_BYTE:
        return this.byte();
      case C_I16:
      case C_I32:
      case C_I64:
        return this.zigzag();
      case C_DOUBLE:
        this.pos += 8;
        return 0;
      case C_BINARY: {
        const n = this.varint();
        if (this.pos + n > this.end) throw new Error("a page header runs past its column chunk");
        const out = this.bytes.subarray(this.pos, this.pos + n);
        this.pos += n;
        return out;
      }
      case C_LIST:
      case C_SET: {
        const h = this.byte();
        const size = h >> 4 === 15 ? this.varint() : h >> 4;
        const elem = h & 15;
        const out: ThriftValue[] = [];
        for (let i = 0; i < size; i++) out.push(elem === C_TRUE || elem === C_FALSE ? this.byte() === 1 : this.value(elem));
        return out;
      }
      case C_MAP: {
        const size = this.varint();
        if (size > 0) {
          const kv = this.byte();
          for (let i = 0; i < size; i++) {
            this.value(kv >> 4);
            this.value(kv & 15);
          }
        }
        return [];
      }
      case C_STRUCT:
        return this.struct();
      default:
        throw new Error(`a page header holds an unknown Thrift type ${type}`);
    }
  }
  struct(): ThriftStruct {
    const out: ThriftStruct = {};
    let last = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) return out;
      const delta = h >> 4;
      const id = delta ? last + delta : this.zigzag();
      out[id] = this.value(h & 15);
      last = id;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Bytes of one column chunk (pages) and what its ColumnMetaData says. */
interface ChunkPlan {
  parts: Uint8Array[];
  size: number;
  dictionarySize: number; // bytes of the dictionary page (header included), 0 without one
  encodings: number[];
  nulls: number;
  min?: Uint8Array;
  max?: Uint8Array;
}

/** Definition levels (bit width 1) in RLE/bit-packed hybrid form, with the v1 length prefix. */
function definitionLevels(present: Uint8Array | undefined, n: number): Uint8Array {
  if (!present) {
    // one RLE run of n ones
    const run = varintBytes(n * 2);
    const out = new Uint8Array(4 + run.length + 1);
    new DataView(out.buffer).setInt32(0, run.length + 1, true);
    out.set(run, 4);
    out[4 + run.length] = 1;
    return out;
  }
  const groups = Math.ceil(n / 8);
  const head = varintBytes(groups * 2 + 1);
  const out = new Uint8Array(4 + head.length + groups);
  new DataView(out.buffer).setInt32(0, head.length + groups, true);
  out.set(head, 4);
  const bits = 4 + head.length;
  for (let i = 0; i < n; i++) if (present[i]) out[bits + (i >> 3)] |= 1 << (i & 7);
  return out;
}

function varintBytes(v: number): Uint8Array {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

function pageHeader(type: number, size: number, body: (w: ThriftWriter) => void): Uint8Array {
  if (size > 0x7fffffff) throw new Error(`a page of ${size} bytes is over Parquet's 2 GiB page limit: use a smaller rowGroupSize`);
  const w = new ThriftWriter();
  w.i32(1, type).i32(2, size).i32(3, size);
  body(w);
  return w.finish();
}

function dataPage(n: number, encoding: number, levels: Uint8Array, values: Uint8Array[], valueBytes: number, into: ChunkPlan): void {
  const size = levels.length + valueBytes;
  const header = pageHeader(PAGE_DATA, size, (w) => w.struct(5, (d) => d.i32(1, n).i32(2, encoding).i32(3, E_RLE).i32(4, E_RLE)));
  into.parts.push(header, levels, ...values);
  into.size += header.length + size;
}

const le64 = (write: (view: DataView) => void) => {
  const out = new Uint8Array(8);
  write(new DataView(out.buffer));
  return out;
};

/** A number column's chunk for rows [from, to): PLAIN DOUBLE, NaN as null. */
function numberChunk(values: Float64Array, from: number, to: number): ChunkPlan {
  const n = to - from;
  const slice = values.subarray(from, to);
  let nulls = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = slice[i];
    if (v !== v) nulls++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  let present: Uint8Array | undefined;
  let body: Uint8Array;
  const plan: ChunkPlan = { parts: [], size: 0, dictionarySize: 0, encodings: [E_PLAIN, E_RLE], nulls };
  if (nulls < n) {
    // parquet-format: a zero minimum is written as -0.0, a zero maximum as +0.0
    plan.min = le64((d) => d.setFloat64(0, min === 0 ? -0 : min, true));
    plan.max = le64((d) => d.setFloat64(0, max === 0 ? 0 : max, true));
  }
  if (numberDictionary(slice, nulls, plan)) return plan;
  if (nulls === 0) body = new Uint8Array(slice.buffer, slice.byteOffset, n * 8);
  else {
    present = new Uint8Array(n);
    const kept = new Float64Array(n - nulls);
    for (let i = 0, k = 0; i < n; i++) {
      const v = slice[i];
      if (v === v) {
        present[i] = 1;
        kept[k++] = v;
      }
    }
    body = new Uint8Array(kept.buffer);
  }
  dataPage(n, E_PLAIN, definitionLevels(present, n), [body], body.length, plan);
  return plan;
}

/**
 * Most distinct numbers a chunk keeps in a dictionary. Columns of few values (sides, flags,
 * prices on a coarse tick) then take a few bits a row; the others give up after this many
 * distinct values, so trying costs little.
 */
const NUMBER_DICTIONARY_MAX_VALUES = 4_096;

const SLOTS = 2 * NUMBER_DICTIONARY_MAX_VALUES; // open addressing, at most half full

/**
 * A dictionary-encoded chunk of `values` into `plan`, or false when they are not few enough.
 * The first pass only collects the distinct values (and gives up early, allocating little);
 * the second, when they are few, looks each row's index up.
 */
function numberDictionary(values: Float64Array, nulls: number, plan: ChunkPlan): boolean {
  const n = values.length;
  if (n - nulls < 2 * NUMBER_DICTIONARY_MAX_VALUES) return false; // small chunks: not worth it
  // A hash table on the values' bits (so -0 and 0 stay apart): slot -> dictionary index.
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  const slotLo = new Int32Array(SLOTS);
  const slotHi = new Int32Array(SLOTS);
  const slotIndex = new Int32Array(SLOTS).fill(-1);
  const dict = new Float64Array(NUMBER_DICTIONARY_MAX_VALUES);
  let size = 0;
  /** The dictionary index of row i's value, added when new; -1 when the dictionary is full. */
  const lookup = (i: number): number => {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    let h = (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 16) & (SLOTS - 1);
    for (;;) {
      const at = slotIndex[h];
      if (at === -1) {
        if (size === NUMBER_DICTIONARY_MAX_VALUES) return -1;
        slotLo[h] = lo;
        slotHi[h] = hi;
        slotIndex[h] = size;
        dict[size] = values[i];
        return size++;
      }
      if (slotLo[h] === lo && slotHi[h] === hi) return at;
      h = (h + 1) & (SLOTS - 1);
    }
  };
  let lastLo = 0;
  let lastHi = 0;
  let lastIndex = -1;
  for (let i = 0; i < n; i++) {
    if (values[i] !== values[i]) continue;
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    if (lo === lastLo && hi === lastHi && lastIndex >= 0) continue; // the value before again
    lastIndex = lookup(i);
    if (lastIndex < 0) return false;
    lastLo = lo;
    lastHi = hi;
  }
  const indices = new Int32Array(n - nulls);
  const present = nulls ? new Uint8Array(n) : undefined;
  lastIndex = -1;
  for (let i = 0, k = 0; i < n; i++) {
    if (values[i] !== values[i]) continue;
    if (present) present[i] = 1;
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    if (!(lo === lastLo && hi === lastHi && lastIndex >= 0)) {
      lastIndex = lookup(i);
      lastLo = lo;
      lastHi = hi;
    }
    indices[k++] = lastIndex;
  }
  dictionaryPages(n, present, new Uint8Array(dict.buffer, 0, size * 8), size, indices, plan);
  return true;
}

/** A dictionary page (PLAIN values) and one RLE_DICTIONARY data page of bit-packed indices. */
function dictionaryPages(n: number, present: Uint8Array | undefined, dict: Uint8Array, size: number, indices: Int32Array, plan: ChunkPlan): void {
  const header = pageHeader(PAGE_DICTIONARY, dict.length, (w) => w.struct(7, (d) => d.i32(1, size).i32(2, E_PLAIN)));
  plan.parts.push(header, dict);
  plan.size += header.length + dict.length;
  plan.dictionarySize = header.length + dict.length;
  const bitWidth = Math.max(1, Math.ceil(Math.log2(size)));
  const packed = bitPacked(indices, bitWidth);
  dataPage(n, E_RLE_DICTIONARY, definitionLevels(present, n), [Uint8Array.of(bitWidth), packed], 1 + packed.length, plan);
  plan.encodings = [E_PLAIN, E_RLE, E_RLE_DICTIONARY];
}

const TWO_32 = 4_294_967_296;

/** A time column's chunk for rows [from, to): PLAIN INT64 milliseconds (rounded), NaN as null. */
function timeChunk(values: Float64Array, from: number, to: number, name: string): ChunkPlan {
  const n = to - from;
  let nulls = 0;
  for (let i = from; i < to; i++) if (values[i] !== values[i]) nulls++;
  const words = new Int32Array((n - nulls) * 2);
  const present = nulls ? new Uint8Array(n) : undefined;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0, k = 0; i < n; i++) {
    const raw = values[from + i];
    if (raw !== raw) continue;
    if (present) present[i] = 1;
    const v = Math.round(raw);
    if (!(Math.abs(v) <= Number.MAX_SAFE_INTEGER)) throw new Error(`time column "${name}", row ${from + i}: ${raw} is not a time in epoch milliseconds`);
    if (v < min) min = v;
    if (v > max) max = v;
    const hi = Math.floor(v / TWO_32);
    words[k++] = v - hi * TWO_32; // low word, stored as its two's complement bits
    words[k++] = hi;
  }
  const plan: ChunkPlan = { parts: [], size: 0, dictionarySize: 0, encodings: [E_PLAIN, E_RLE], nulls };
  const body = new Uint8Array(words.buffer);
  dataPage(n, E_PLAIN, definitionLevels(present, n), [body], body.length, plan);
  if (nulls < n) {
    plan.min = le64((d) => d.setBigInt64(0, BigInt(min), true));
    plan.max = le64((d) => d.setBigInt64(0, BigInt(max), true));
  }
  return plan;
}

/** Most distinct strings a chunk keeps in a dictionary before it writes PLAIN instead. */
const DICTIONARY_MAX_VALUES = 32_768;
const DICTIONARY_MAX_BYTES = 1 << 20;

/** PLAIN BYTE_ARRAY encoding of strings: a 4-byte length before each value's UTF-8 bytes. */
function plainStrings(strings: string[], bytes: number): Uint8Array {
  const out = Buffer.allocUnsafe(bytes + 4 * strings.length);
  let at = 0;
  for (const s of strings) {
    const len = out.write(s, at + 4, "utf8");
    out.writeInt32LE(len, at);
    at += 4 + len;
  }
  return out.subarray(0, at);
}

/** A string column's chunk for rows [from, to): dictionary pages while the values repeat. */
function stringChunk(values: StringColumn, from: number, to: number): ChunkPlan {
  const n = to - from;
  let nulls = 0;
  for (let i = from; i < to; i++) if (values[i] === null) nulls++;
  const present = nulls ? new Uint8Array(n) : undefined;
  const dictionary = new Map<string, number>();
  const indices = new Int32Array(n - nulls);
  let dictBytes = 0;
  let useDictionary = true;
  for (let i = 0, k = 0; i < n; i++) {
    const s = values[from + i];
    if (s === null) continue;
    if (present) present[i] = 1;
    if (!useDictionary) continue;
    let index = dictionary.get(s);
    if (index === undefined) {
      index = dictionary.size;
      dictionary.set(s, index);
      dictBytes += Buffer.byteLength(s, "utf8");
      if (dictionary.size > DICTIONARY_MAX_VALUES || dictBytes > DICTIONARY_MAX_BYTES) useDictionary = false;
    }
    indices[k++] = index;
  }
  const plan: ChunkPlan = { parts: [], size: 0, dictionarySize: 0, encodings: [], nulls };
  if (useDictionary && dictionary.size > 0) dictionaryPages(n, present, plainStrings([...dictionary.keys()], dictBytes), dictionary.size, indices, plan);
  else {
    const levels = definitionLevels(present, n);
    const kept: string[] = [];
    let bytes = 0;
    for (let i = from; i < to; i++) {
      const s = values[i];
      if (s !== null) {
        kept.push(s);
        bytes += Buffer.byteLength(s, "utf8");
      }
    }
    const body = plainStrings(kept, bytes);
    dataPage(n, E_PLAIN, levels, [body], body.length, plan);
    plan.encodings = [E_PLAIN, E_RLE];
  }
  return plan;
}

/** Values as one bit-packed run of the RLE/bit-packed hybrid (groups of 8, LSB first). */
function bitPacked(values: Int32Array, bitWidth: number): Uint8Array {
  const groups = Math.ceil(values.length / 8);
  const head = varintBytes(groups * 2 + 1);
  const out = new Uint8Array(head.length + groups * bitWidth);
  out.set(head);
  let at = head.length;
  // An accumulator of pending bits (fewer than 8 between values; widths up to 24 fit in 32).
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < values.length; i++) {
    acc |= values[i] << bits;
    bits += bitWidth;
    while (bits >= 8) {
      out[at++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out[at] = acc & 0xff;
  return out;
}

const MAGIC = Uint8Array.from([0x50, 0x41, 0x52, 0x31]); // "PAR1"

/**
 * A frame as the pieces of a Parquet file, in order: written one after another (no copy into
 * one buffer), they make the file. The pieces may be views of the frame's own columns.
 *
 * @example
 *   const parts = writeDirectParts(candles, {}, 100_000, "cascade-notebooks");
 */
export function writeDirectParts(frame: Frame, metadata: Record<string, string>, rowGroupSize: number, createdBy: string): Uint8Array[] {
  const columns = frame.schema.map(({ name, type }) => ({ name, type, values: frame.column(name) }) as Column);
  const n = frame.length;
  const parts: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  const rowGroups: { rows: number; bytes: number; offset: number; chunks: (ChunkPlan & { at: number; column: Column })[] }[] = [];
  for (let from = 0; from < n; from += rowGroupSize) {
    const to = Math.min(n, from + rowGroupSize);
    const group = { rows: to - from, bytes: 0, offset, chunks: [] as (ChunkPlan & { at: number; column: Column })[] };
    for (const column of columns) {
      const plan = column.type === "number" ? numberChunk(column.values as Float64Array, from, to) : column.type === "time" ? timeChunk(column.values as Float64Array, from, to, column.name) : stringChunk(column.values as StringColumn, from, to);
      group.chunks.push({ ...plan, at: offset, column });
      parts.push(...plan.parts);
      offset += plan.size;
      group.bytes += plan.size;
    }
    rowGroups.push(group);
  }
  const w = new ThriftWriter();
  w.i32(1, 1);
  w.listStruct(2, [undefined, ...columns], (s, c) => {
    if (!c) s.string(4, "schema").i32(5, columns.length);
    else if (c.type === "number") s.i32(1, T_DOUBLE).i32(3, OPTIONAL).string(4, c.name);
    else if (c.type === "time")
      s.i32(1, T_INT64).i32(3, OPTIONAL).string(4, c.name).i32(6, CONVERTED_TIMESTAMP_MILLIS)
        .struct(10, (l) => l.struct(8, (t) => t.bool(1, true).struct(2, (u) => u.struct(1, () => {}))));
    else s.i32(1, T_BYTE_ARRAY).i32(3, OPTIONAL).string(4, c.name).i32(6, CONVERTED_UTF8).struct(10, (l) => l.struct(1, () => {}));
  });
  w.i64(3, n);
  w.listStruct(4, rowGroups, (g, group) => {
    g.listStruct(1, group.chunks, (cc, chunk) => {
      cc.i64(2, chunk.at);
      cc.struct(3, (m) => {
        const type = chunk.column.type === "number" ? T_DOUBLE : chunk.column.type === "time" ? T_INT64 : T_BYTE_ARRAY;
        m.i32(1, type).listI32(2, chunk.encodings).listString(3, [chunk.column.name]).i32(4, CODEC_UNCOMPRESSED);
        m.i64(5, group.rows).i64(6, chunk.size).i64(7, chunk.size).i64(9, chunk.at + chunk.dictionarySize);
        if (chunk.dictionarySize) m.i64(11, chunk.at);
        m.struct(12, (st) => {
          st.i64(3, chunk.nulls);
          if (chunk.max && chunk.min) st.binary(5, chunk.max).binary(6, chunk.min);
        });
      });
    });
    g.i64(2, group.bytes).i64(3, group.rows).i64(5, group.offset).i64(6, group.bytes);
  });
  const kv = Object.entries(metadata);
  if (kv.length) w.listStruct(5, kv, (e, [key, value]) => e.string(1, key).string(2, value));
  w.string(6, createdBy);
  const footer = w.finish();
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setInt32(0, footer.length, true);
  tail.set(MAGIC, 4);
  parts.push(footer, tail);
  return parts;
}

/**
 * A frame as Parquet bytes, written directly (see the module comment for the layout).
 *
 * @example
 *   const bytes = writeDirect(candles, { source: "binance" }, 100_000, "cascade-notebooks");
 */
export function writeDirect(frame: Frame, metadata: Record<string, string>, rowGroupSize: number, createdBy: string): Uint8Array {
  const parts = writeDirectParts(frame, metadata, rowGroupSize, createdBy);
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** What the reader needs of a column's footer entries (hyparquet parses the footer). */
export interface DirectColumn {
  name: string;
  type: ColumnType;
  physical: string; // "DOUBLE", "INT64", ...
  /** Multiplier to epoch ms for times (and 1 for numbers); a divisor when `divide`. */
  scale: number;
  divide: boolean;
  optional: boolean;
  /** Each row group's chunk: codec name, byte range in the file, row count. */
  chunks: { codec: string; start: number; end: number; rows: number }[];
}

/**
 * Where the direct reader takes a file's bytes from: a buffer in memory, or an open file (then
 * the values of a page go from the file straight into the column, with no whole-file buffer).
 */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end), valid until the next call: a view of memory, or of a file's read-ahead. */
  bytes(start: number, end: number): Uint8Array;
  /** Fills `target` with the bytes from `start` on. */
  into(target: Uint8Array, start: number): void;
}

/** A source over bytes in memory. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, bytes: (start, end) => bytes.subarray(start, end), into: (target, start) => target.set(bytes.subarray(start, start + target.length)) };
}

/** A source over an open file of `size` bytes. */
export function fileSource(fd: number, size: number): ByteSource {
  const into = (target: Uint8Array, start: number) => {
    for (let at = 0; at < target.length; ) {
      const got = readSync(fd, target, at, target.length - at, start + at);
      if (got === 0) throw new Error(`the file ends at byte ${start + at}, before its footer says`);
      at += got;
    }
  };
  // Small reads (page headers, levels, small pages) are served from one read-ahead block, so a
  // file of many small pages does not cost a system call for each piece.
  let block: Buffer | undefined;
  let blockStart = 0;
  return {
    size,
    bytes(start, end) {
      if (end - start > READ_AHEAD) {
        const out = Buffer.allocUnsafe(end - start);
        into(out, start);
        return out;
      }
      if (!block || start < blockStart || end > blockStart + block.length) {
        block = Buffer.allocUnsafe(Math.min(READ_AHEAD, size - start));
        into(block, start);
        blockStart = start;
      }
      return block.subarray(start - blockStart, end - blockStart);
    },
    into,
  };
}

/** Bytes a file source reads at once for small pieces. */
const READ_AHEAD = 1 << 16;

/** Unsupported by the direct reader: the caller takes the general path. */
class NotDirect extends Error {}

/**
 * Where {@link readDirect} puts a file's values when it reads several files into one frame:
 * the columns of all of them, the file's rows going to [at, at + n).
 */
export interface DirectTarget {
  columns: Map<string, Float64Array | StringColumn>;
  at: number;
}

/**
 * The file's columns read directly, or undefined when one of them needs the general path.
 * Errors in the file itself (truncated pages, counts that do not add up) are thrown. With
 * `into`, the values go to rows [into.at, into.at + n) of its columns (which must hold them),
 * and the map returned is those columns.
 */
export function readDirect(source: ByteSource, columns: DirectColumn[], n: number, into?: DirectTarget): Map<string, Float64Array | StringColumn> | undefined {
  const out = new Map<string, Float64Array | StringColumn>();
  try {
    for (const c of columns) {
      if (!["DOUBLE", "FLOAT", "INT32", "INT64", "BYTE_ARRAY"].includes(c.physical)) return undefined;
      if ((c.physical === "BYTE_ARRAY") !== (c.type === "string")) return undefined;
      // Checked before reading: rows past the file's would land in another file's part of `into`.
      const rows = c.chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
      if (rows !== n) throw new Error(`column "${c.name}": its row groups hold ${rows} rows, the footer says ${n}`);
      const values: Float64Array | StringColumn = into ? into.columns.get(c.name)! : c.type === "string" ? new Array<string | null>(n) : new Float64Array(n);
      let row = into ? into.at : 0;
      for (const chunk of c.chunks) {
        if (chunk.codec !== "UNCOMPRESSED" && chunk.codec !== "SNAPPY") return undefined;
        if (chunk.start < 0 || chunk.end > source.size || chunk.start > chunk.end) throw new Error(`column "${c.name}": a column chunk lies outside the file`);
        readChunk(source, c, chunk, values, row);
        row += chunk.rows;
      }
      out.set(c.name, values);
    }
  } catch (err) {
    if (err instanceof NotDirect) return undefined;
    throw err;
  }
  return out;
}

/** A page header at `pos`: read through a window that grows when the header is longer. */
function pageHeaderAt(source: ByteSource, pos: number, end: number): { header: ThriftStruct; bodyStart: number } {
  for (let window = 256; ; window *= 16) {
    const stop = Math.min(end, pos + window);
    const reader = new ThriftReader(source.bytes(pos, stop), 0, stop - pos);
    try {
      const header = reader.struct();
      return { header, bodyStart: pos + reader.pos };
    } catch (err) {
      if (stop === end) throw err;
    }
  }
}

const uint32At = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);

function readChunk(source: ByteSource, c: DirectColumn, chunk: DirectColumn["chunks"][number], out: Float64Array | StringColumn, row0: number): void {
  let pos = chunk.start;
  let row = row0;
  const rowEnd = row0 + chunk.rows;
  let dictionary: Float64Array | StringColumn | undefined;
  const snappy = chunk.codec === "SNAPPY";
  while (row < rowEnd) {
    if (pos >= chunk.end) throw new Error(`column "${c.name}": its pages end after ${row - row0} of ${chunk.rows} rows`);
    const { header, bodyStart } = pageHeaderAt(source, pos, chunk.end);
    const type = header[1] as number;
    const compressedSize = header[3] as number;
    const uncompressedSize = header[2] as number;
    const bodyEnd = bodyStart + compressedSize;
    if (!(compressedSize >= 0) || bodyEnd > chunk.end) throw new Error(`column "${c.name}": a page runs past its column chunk`);
    pos = bodyEnd;
    if (type === PAGE_DICTIONARY) {
      const h = header[7] as ThriftStruct;
      if (!h) throw new Error(`column "${c.name}": a dictionary page without its header`);
      const encoding = h[2] as number;
      if (encoding !== E_PLAIN && encoding !== E_PLAIN_DICTIONARY) throw new NotDirect();
      const raw = source.bytes(bodyStart, bodyEnd);
      const body = snappy ? unsnappy(raw, uncompressedSize) : raw;
      const count = h[1] as number;
      dictionary = c.type === "string" ? new Array<string | null>(count) : new Float64Array(count);
      decodePlain(body, 0, body.length, c, count, undefined, dictionary, 0);
      continue;
    }
    if (type !== PAGE_DATA && type !== PAGE_DATA_V2) continue; // index pages: nothing to read
    const v2 = type === PAGE_DATA_V2;
    const h = header[v2 ? 8 : 5] as ThriftStruct;
    if (!h) throw new Error(`column "${c.name}": a data page without its header`);
    const count = h[1] as number;
    const encoding = h[v2 ? 4 : 2] as number;
    if (!(count >= 0) || count > rowEnd - row) throw new Error(`column "${c.name}": a page holds more values than its row group's rows`);
    if (encoding !== E_PLAIN && encoding !== E_RLE_DICTIONARY && encoding !== E_PLAIN_DICTIONARY) throw new NotDirect();
    // Definition levels first: [levelsStart, valuesStart) of the page as stored.
    let present: Uint8Array | undefined;
    let valuesStart = bodyStart;
    const compressed = snappy && (!v2 || h[7] === undefined || (h[7] as boolean));
    let body: Uint8Array | undefined; // the whole page body, when it had to be read (and uncompressed)
    let at = 0;
    if (v2) {
      const defLength = h[5] as number;
      if ((h[6] as number) > 0) throw new NotDirect();
      if (!(defLength >= 0) || bodyStart + defLength > bodyEnd) throw new Error(`column "${c.name}": definition levels run past their page`);
      if (c.optional) present = decodeLevels(source.bytes(bodyStart, bodyStart + defLength), 0, defLength, count, c.name);
      valuesStart = bodyStart + defLength;
      if (compressed) body = unsnappy(source.bytes(valuesStart, bodyEnd), uncompressedSize - defLength);
    } else if (compressed) {
      body = unsnappy(source.bytes(bodyStart, bodyEnd), uncompressedSize);
      if (c.optional) {
        if (body.length < 4) throw new Error(`column "${c.name}": a truncated page`);
        const len = uint32At(body, 0);
        present = decodeLevels(body, 4, 4 + len, count, c.name);
        at = 4 + len;
      }
    } else if (c.optional) {
      if (bodyStart + 4 > bodyEnd) throw new Error(`column "${c.name}": a truncated page`);
      const len = uint32At(source.bytes(bodyStart, bodyStart + 4), 0);
      if (len < 0 || bodyStart + 4 + len > bodyEnd) throw new Error(`column "${c.name}": definition levels run past their page`);
      present = decodeLevels(source.bytes(bodyStart + 4, bodyStart + 4 + len), 0, len, count, c.name);
      valuesStart = bodyStart + 4 + len;
    }
    if (!body && !present && encoding === E_PLAIN && (c.physical === "DOUBLE" || c.physical === "INT64") && out instanceof Float64Array) {
      // The common case: stored doubles without nulls go straight into the column; 64-bit
      // integers (times) too, then become doubles in place.
      if (valuesStart + count * 8 > bodyEnd) throw new Error(`column "${c.name}": values end early`);
      source.into(new Uint8Array(out.buffer, out.byteOffset + row * 8, count * 8), valuesStart);
      if (c.physical === "INT64") int64InPlace(out, row, count, c.scale, c.divide);
      row += count;
      continue;
    }
    if (!body) body = source.bytes(valuesStart, bodyEnd);
    if (encoding === E_PLAIN) decodePlain(body, at, body.length, c, count, present, out, row);
    else {
      if (!dictionary) throw new Error(`column "${c.name}": a dictionary-encoded page without a dictionary`);
      let kept = count;
      if (present) {
        kept = 0;
        for (let i = 0; i < count; i++) kept += present[i];
      }
      const bitWidth = body[at];
      const indices = new Int32Array(kept);
      hybrid(body, at + 1, body.length, bitWidth, kept, indices, c.name);
      const size = dictionary.length;
      for (let i = 0, k = 0; i < count; i++) {
        if (present && !present[i]) {
          if (out instanceof Float64Array) out[row + i] = NaN;
          else out[row + i] = null;
          continue;
        }
        const index = indices[k++];
        if (index >= size) throw new Error(`column "${c.name}": a dictionary index past the dictionary's ${size} values`);
        out[row + i] = dictionary[index];
      }
    }
    row += count;
  }
}

/**
 * Little-endian 64-bit integers stored in out[row, row + count) turned into doubles (times
 * scaled to ms): each value's two words are read before its slot is written.
 */
function int64InPlace(out: Float64Array, row: number, count: number, scale: number, divide: boolean): void {
  const words = new Int32Array(out.buffer, out.byteOffset + row * 8, count * 2);
  for (let i = 0; i < count; i++) {
    const v = words[2 * i + 1] * TWO_32 + (words[2 * i] >>> 0);
    out[row + i] = divide ? v / scale : v * scale;
  }
}

function unsnappy(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  snappyUncompress(input, out);
  return out;
}

/** Definition levels (max level 1): 1 for a value, 0 for a null; undefined when all are present. */
function decodeLevels(bytes: Uint8Array, from: number, to: number, count: number, name: string): Uint8Array | undefined {
  if (to > bytes.length) throw new Error(`column "${name}": definition levels run past their page`);
  // The common case first: one RLE run of ones covering the page (no nulls).
  let pos = from;
  let run = 0;
  let mult = 1;
  while (pos < to && mult < 2 ** 35) {
    const b = bytes[pos++];
    run += (b & 0x7f) * mult;
    if (b < 0x80) break;
    mult *= 0x80;
  }
  if (run % 2 === 0 && run / 2 >= count && pos < to && bytes[pos] === 1) return undefined;
  const levels = new Uint8Array(count);
  hybrid(bytes, from, to, 1, count, levels, name);
  for (let i = 0; i < count; i++) if (levels[i] !== 1) return levels;
  return undefined;
}

/** The RLE/bit-packed hybrid encoding (parquet-format Encodings.md), `count` values into `out`. */
function hybrid(bytes: Uint8Array, pos: number, end: number, bitWidth: number, count: number, out: Uint8Array | Int32Array, name: string): void {
  if (bitWidth > 32) throw new Error(`column "${name}": a bit width of ${bitWidth}`);
  const byteWidth = (bitWidth + 7) >> 3;
  const mask = bitWidth === 32 ? -1 : (1 << bitWidth) - 1;
  let i = 0;
  while (i < count) {
    if (pos >= end) throw new Error(`column "${name}": encoded levels or indices end early`);
    let h = 0;
    let mult = 1;
    for (;;) {
      const b = bytes[pos++];
      h += (b & 0x7f) * mult;
      if (b < 0x80) break;
      mult *= 0x80;
      if (pos >= end) throw new Error(`column "${name}": encoded levels or indices end early`);
    }
    if (h % 2 === 0) {
      const run = h / 2;
      let v = 0;
      for (let b = 0; b < byteWidth; b++) v |= bytes[pos++] << (8 * b);
      const stop = Math.min(count, i + run);
      out.fill(v, i, stop);
      i = stop;
    } else {
      const values = ((h - 1) / 2) * 8;
      const stop = Math.min(count, i + values);
      if (pos + Math.ceil(((stop - i) * bitWidth) / 8) > end) throw new Error(`column "${name}": encoded levels or indices end early`);
      let bit = pos * 8;
      for (; i < stop; i++) {
        let v = 0;
        for (let b = 0; b < bitWidth; ) {
          const byte = bit >> 3;
          const shift = bit & 7;
          const take = Math.min(8 - shift, bitWidth - b);
          v |= ((bytes[byte] >> shift) & ((1 << take) - 1)) << b;
          b += take;
          bit += take;
        }
        out[i] = v & mask;
      }
      pos += values * bitWidth / 8;
    }
  }
}

/** `count` rows of PLAIN values from bytes[at, end) into out[row...]; `present` marks non-nulls. */
function decodePlain(bytes: Uint8Array, at: number, end: number, c: DirectColumn, count: number, present: Uint8Array | undefined, out: Float64Array | StringColumn, row: number): void {
  let kept = count;
  if (present) {
    kept = 0;
    for (let i = 0; i < count; i++) kept += present[i];
  }
  if (c.type === "string") {
    const strings = out as StringColumn;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Offsets of each value, and whether all of them are ASCII (then one latin1 decode serves).
    const starts = new Int32Array(kept);
    const ends = new Int32Array(kept);
    let p = at;
    let ascii = true;
    for (let k = 0; k < kept; k++) {
      if (p + 4 > end) throw new Error(`column "${c.name}": string values end early`);
      const len = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24);
      p += 4;
      if (len < 0 || p + len > end) throw new Error(`column "${c.name}": string values end early`);
      starts[k] = p;
      for (let j = p; j < p + len && ascii; j++) ascii = bytes[j] < 0x80;
      p += len;
      ends[k] = p;
    }
    const text = ascii && kept > 0 ? buffer.toString("latin1", at, end) : "";
    for (let i = 0, k = 0; i < count; i++) {
      if (present && !present[i]) {
        strings[row + i] = null;
        continue;
      }
      strings[row + i] = ascii ? text.slice(starts[k] - at, ends[k] - at) : buffer.toString("utf8", starts[k], ends[k]);
      k++;
    }
    return;
  }
  const numbers = out as Float64Array;
  const width = c.physical === "DOUBLE" || c.physical === "INT64" ? 8 : 4;
  if (at + kept * width > end) throw new Error(`column "${c.name}": values end early`);
  const scale = c.scale;
  const divide = c.divide;
  if (c.physical === "DOUBLE" && !present) {
    // One copy of the bytes straight into the column.
    new Uint8Array(numbers.buffer, numbers.byteOffset + row * 8, kept * 8).set(bytes.subarray(at, at + kept * 8));
    return;
  }
  // The values' bytes, viewed in place when aligned, else an aligned copy (a page may start
  // at any offset of the file).
  const aligned = (bytes.byteOffset + at) % width === 0;
  const base = aligned ? bytes.byteOffset + at : 0;
  const buffer = aligned ? bytes.buffer : new Uint8Array(bytes.subarray(at, at + kept * width)).buffer;
  if (c.physical === "DOUBLE" || c.physical === "FLOAT") {
    const values = c.physical === "DOUBLE" ? new Float64Array(buffer, base, kept) : new Float32Array(buffer, base, kept);
    for (let i = 0, k = 0; i < count; i++) numbers[row + i] = present && !present[i] ? NaN : values[k++];
    return;
  }
  if (c.physical === "INT32") {
    const values = new Int32Array(buffer, base, kept);
    for (let i = 0, k = 0; i < count; i++) numbers[row + i] = present && !present[i] ? NaN : divide ? values[k++] / scale : values[k++] * scale;
    return;
  }
  // INT64: two 32-bit words (little-endian), exact below 2^53, no BigInt per value
  const words = new Int32Array(buffer, base, kept * 2);
  for (let i = 0, k = 0; i < count; i++) {
    if (present && !present[i]) {
      numbers[row + i] = NaN;
      continue;
    }
    const v = words[2 * k + 1] * TWO_32 + (words[2 * k] >>> 0);
    k++;
    numbers[row + i] = divide ? v / scale : v * scale;
  }
}
