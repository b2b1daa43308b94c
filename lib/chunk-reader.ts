/**
 * A file (or bytes in memory) read in 1 MiB chunks for a parser that works on complete lines:
 * `limit()` is the end of the last complete line in the buffer, `advance(pos)` drops what was
 * parsed and reads on. Reading by chunks keeps the memory of a large CSV read to its columns
 * plus one chunk, instead of the whole file as a Buffer (or worse, as a string).
 */
import { openSync, readSync, closeSync, fstatSync } from "node:fs";
import { LF } from "./csv-fields";

const CHUNK = 1 << 20;

/**
 * Reads the source in chunks: a file through its descriptor, or bytes already in memory. At the
 * end, a last line without LF gets one, so parsers can rely on every line ending.
 *
 * @example
 *   const reader = new ChunkReader("candles.csv");
 *   parse(reader.buf, 0, reader.limit());
 *   reader.close();
 */
export class ChunkReader {
  buf: Buffer;
  filled = 0;
  eof = false;
  readonly size: number;
  #fd: number | undefined;

  constructor(source: string | Uint8Array) {
    if (typeof source === "string") {
      this.#fd = openSync(source, "r");
      this.size = fstatSync(this.#fd).size;
      this.buf = Buffer.allocUnsafe(Math.min(CHUNK, this.size + 1));
    } else {
      // bytes in memory are one chunk, with room for a final LF
      this.buf = Buffer.allocUnsafe(source.length + 1);
      this.buf.set(source);
      this.filled = source.length;
      this.size = source.length;
      this.eof = true;
    }
    this.fill();
  }

  /** Reads until the buffer is full or the file ends; at the end, makes sure the last line ends with LF. */
  fill(): void {
    while (!this.eof && this.filled < this.buf.length) {
      const n = readSync(this.#fd!, this.buf, this.filled, this.buf.length - this.filled, null);
      if (n === 0) this.eof = true;
      this.filled += n;
    }
    if (this.eof && this.filled > 0 && this.buf[this.filled - 1] !== LF) {
      if (this.filled === this.buf.length) this.grow();
      this.buf[this.filled++] = LF;
    }
  }

  /** End of the complete lines in the buffer (everything once the file has ended). */
  limit(): number {
    return this.eof ? this.filled : this.buf.lastIndexOf(LF, this.filled - 1) + 1;
  }

  /** Drops the bytes before `pos` and reads more; grows the buffer when one record fills it. */
  advance(pos: number): void {
    if (pos === 0 && this.filled === this.buf.length) this.grow();
    else if (pos > 0) {
      this.buf.copyWithin(0, pos, this.filled);
      this.filled -= pos;
    }
    this.fill();
  }

  grow(): void {
    const bigger = Buffer.allocUnsafe(this.buf.length * 2);
    this.buf.copy(bigger, 0, 0, this.filled);
    this.buf = bigger;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
