/**
 * Byte-level CSV field parsing for the reader's hot loop. Numbers are parsed from the bytes
 * without making a string, and a field's value goes straight into its column, so a million-row
 * file allocates nothing per field except the strings of string columns.
 *
 * Every function takes the buffer and the field's first byte and returns the index of the byte
 * that ends the field (a delimiter, CR or LF, which the caller checks), or FIELD_SLOW when the
 * field needs the general path (quotes, empty or null tokens, odd number forms, bad values).
 */

export const FIELD_SLOW = -1;
export const FIELD_NEED_MORE = -2;

export const QUOTE = 34;
export const LF = 10;
export const CR = 13;

// Exact powers of ten: every one up to 1e22 is a double without rounding.
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_EXACT = 9007199254740992; // 2^53

/**
 * Parses a decimal number at `pos` into `out[row]` and returns the index after it. Digits are
 * accumulated as an integer mantissa; when it stays below 2^53 and the power of ten is within
 * 1e22, one multiplication or division of two exact doubles gives the correctly rounded result
 * (Clinger's fast path), the same double `Number()` gives. Other cases fall back to `Number()`
 * on the field's text. Returns FIELD_SLOW when there are no digits (empty, NaN, quoted...).
 *
 * @example
 *   const out = new Float64Array(1);
 *   parseNumberAt(Buffer.from("-12.5e1,"), 0, out, 0); // 7, out[0] === -125
 */
export function parseNumberAt(buf: Uint8Array, pos: number, out: Float64Array, row: number): number {
  let i = pos;
  let c = buf[i];
  let negative = false;
  if (c === 45) {
    negative = true;
    c = buf[++i];
  } else if (c === 43) c = buf[++i];
  let mantissa = 0;
  let digits = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = buf[++i];
  }
  let scale = 0;
  if (c === 46) {
    c = buf[++i];
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale++;
      c = buf[++i];
    }
  }
  if (digits === 0) return FIELD_SLOW;
  let exponent = 0;
  if (c === 101 || c === 69) {
    c = buf[++i];
    let expNegative = false;
    if (c === 45) {
      expNegative = true;
      c = buf[++i];
    } else if (c === 43) c = buf[++i];
    let expDigits = 0;
    while (c >= 48 && c <= 57) {
      exponent = exponent * 10 + (c - 48);
      expDigits++;
      c = buf[++i];
    }
    if (expDigits === 0) return FIELD_SLOW;
    if (expNegative) exponent = -exponent;
  }
  const e = exponent - scale;
  let value: number;
  if (mantissa <= MAX_EXACT && e >= -22 && e <= 22) value = e < 0 ? mantissa / POW10[-e] : mantissa * POW10[e];
  else value = Number(latin1(buf, negative || buf[pos] === 43 ? pos + 1 : pos, i));
  out[row] = negative ? -value : value;
  return i;
}

/** Index of the first delimiter, CR or LF at or after `pos` (the end of an unquoted field). @example fieldEnd(Buffer.from("ab,c"), 0, 44) // 2 */
export function fieldEnd(buf: Uint8Array, pos: number, delimiter: number): number {
  let i = pos;
  let c = buf[i];
  while (c !== delimiter && c !== LF && c !== CR && c !== undefined) c = buf[++i];
  return i;
}

/** Bytes as a string, one char per byte: for ASCII number text only. @example latin1(Buffer.from("1e400"), 0, 5) // "1e400" */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
  return s;
}

/** A quoted field: its text (with "" unescaped), the index after its closing quote, and the newlines it spans. */
export interface QuotedField {
  text: string;
  end: number;
  newlines: number;
}

/**
 * Reads the quoted field starting at `pos` (on the opening quote), within `buf[0, limit)`.
 * Returns null when the closing quote is not before `limit`: the caller then reads more of the
 * file, or reports an unterminated quote at the end.
 *
 * @example
 *   readQuoted(Buffer.from('"a ""b""",1\n'), 0, 12) // { text: 'a "b"', end: 9, newlines: 0 }
 */
export function readQuoted(buf: Buffer, pos: number, limit: number): QuotedField | null {
  let start = pos + 1;
  let text = "";
  let newlines = 0;
  for (;;) {
    const q = buf.indexOf(QUOTE, start);
    if (q < 0 || q >= limit) return null;
    for (let i = start; i < q; i++) if (buf[i] === LF) newlines++;
    text += buf.toString("utf8", start, q);
    if (buf[q + 1] === QUOTE) {
      if (q + 1 >= limit) return null;
      text += '"';
      start = q + 2;
      continue;
    }
    return { text, end: q + 1, newlines };
  }
}

const SLOTS = 4096;

/**
 * The recent strings of one column, by a hash of their bytes. Market data repeats a few values
 * (symbols, sides, venues) millions of times; reusing one string per value instead of making a
 * new one per row cuts the parse time and leaves the garbage collector nothing to copy. A
 * column of mostly unique values (ids) turns the cache off after 20,000 misses.
 *
 * @example
 *   const cache = new StringCache(); // one per string column, passed to internString
 */
export class StringCache {
  readonly slots: Array<string | undefined> = new Array(SLOTS).fill(undefined);
  hits = 0;
  misses = 0;
  enabled = true;
}

/**
 * The UTF-8 text of `buf[start, end)`, the cached string when the same bytes were seen before.
 *
 * @example
 *   const cache = new StringCache();
 *   internString(Buffer.from("BTC,BTC"), 0, 3, cache) === internString(Buffer.from("BTC,BTC"), 4, 7, cache) // true, one string
 */
export function internString(buf: Buffer, start: number, end: number, cache: StringCache): string {
  const len = end - start;
  if (!cache.enabled || len > 64) return buf.toString("utf8", start, end);
  let h = len;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  const slot = (h ^ (h >>> 16)) & (SLOTS - 1);
  const cached = cache.slots[slot];
  // A cached string equals the bytes only if each UTF-16 unit equals its byte: ASCII text. Other
  // text never matches (its length or units differ) and is simply decoded again.
  if (cached !== undefined && cached.length === len) {
    let k = 0;
    while (k < len && cached.charCodeAt(k) === buf[start + k]) k++;
    if (k === len) {
      cache.hits++;
      return cached;
    }
  }
  const text = buf.toString("utf8", start, end);
  cache.slots[slot] = text;
  if (++cache.misses > 20_000 && cache.hits < cache.misses) cache.enabled = false;
  return text;
}
