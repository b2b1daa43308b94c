/**
 * readCsv: CSV to a Frame, fast. The file is read in 1 MiB chunks (never whole, never split
 * into line strings); numbers and times are parsed from the bytes straight into preallocated
 * Float64Arrays sized from the first chunk's bytes per row. A bad value is an error naming the
 * file, line and column, never a silent NaN.
 *
 * Types are decided from the first 1,000 rows (see csv-infer.ts) unless given.
 */
import { CR, FIELD_NEED_MORE, FIELD_SLOW, LF, QUOTE, StringCache, fieldEnd, internString, parseNumberAt, readQuoted } from "./csv-fields";
import { Kind, NULL_TOKENS, detectDelimiter, inferColumn, isNumberText, looksLikeHeader, numberFromText, tokenizeSample, type ColumnPlan } from "./csv-infer";
import { Frame, type Column, type ColumnType, type StringColumn } from "./frame";
import { ensureTimeOrder } from "./time-order";
import { ChunkReader } from "./chunk-reader";
import { parseIsoBytes, parseIsoTime, type EpochUnit } from "./time";
import { checkOptions, optionKeys } from "./options";

/** Options of the candle check of {@link readCsv}: which columns hold the bar's prices. */
export interface CandleCheckOptions {
  /** The time column; the first time column by default. */
  time?: string;
  /** Out-of-order timestamps: reported ("error", the default) or sorted ("sort"). */
  unsorted?: "error" | "sort";
  /** Repeated timestamps: reported ("error", the default) or one row kept ("first" or "last"). */
  duplicates?: "error" | "first" | "last";
  /** Columns a candle file must have; open, high, low and close by default. */
  required?: string[];
}

/** Options of {@link readCsv}: parsing, column types, time handling and checks. */
export interface ReadCsvOptions {
  /** The field delimiter; "auto" (default) picks the most frequent of , ; tab | in the first line. */
  delimiter?: string;
  /** Whether the first row holds the names; "auto" (default): yes unless it has a number or a time. */
  header?: boolean | "auto";
  /** Column names, replacing the header's (or naming the columns of a file without one). */
  names?: string[];
  /** Read only these columns (the others are skipped without being parsed). */
  select?: string[];
  /** Column types to impose: "number", "time" (ISO text or epoch numbers) or "string". */
  types?: Record<string, ColumnType>;
  /** Unit of epoch-number time columns; "auto" (default) guesses from the magnitude. */
  timeUnit?: EpochUnit | "auto";
  /** Columns that must be present. */
  required?: string[];
  /** Check candles: time order and duplicates reported (or fixed), OHLC columns required. */
  candles?: boolean | CandleCheckOptions;
  /** How to name the source in errors; the path, "<text>" or "<bytes>" by default. */
  source?: string;
}

const SAMPLE_ROWS = 1000;
const READ_CSV_OPTIONS = optionKeys<ReadCsvOptions>()("delimiter", "header", "names", "select", "types", "timeUnit", "required", "candles", "source");
const CANDLE_CHECK_OPTIONS = optionKeys<CandleCheckOptions>()("time", "unsorted", "duplicates", "required");

/**
 * A CSV problem at a place in the source; `line` is 1-based, `column` the column's name.
 *
 * @example
 *   try { readCsv("a\nx\n", { types: { a: "number" } }); } catch (e) { if (e instanceof CsvError) e.line; } // 2
 */
export class CsvError extends Error {
  /**
   * @param message What is wrong, in words.
   * @param source The name of the source in messages: the file path, "<text>", "<bytes>" or the `source` option.
   * @param line 1-based line of the problem, when it has one.
   * @param column Name of the column, when the problem is in one.
   */
  constructor(message: string, readonly source: string, readonly line?: number, readonly column?: string) {
    super(message);
    this.name = "CsvError";
  }
}

/** The fast pass: parses rows into preallocated columns, one kind of field parser per column. */
class RowParser {
  rows = 0;
  /** The line the next row starts on. */
  line: number;
  nums: Float64Array[];
  strs: StringColumn[];
  readonly caches: StringCache[];
  readonly kinds: Uint8Array;
  readonly scales: Float64Array;
  /** (row, line) pairs where a row does not start on the line after the previous one. */
  readonly jumps: number[];
  #predicted: number;
  #newlines = 0;

  constructor(
    readonly plans: ColumnPlan[],
    readonly delimiter: number,
    readonly source: string,
    public capacity: number,
    firstLine: number,
  ) {
    this.kinds = Uint8Array.from(plans, (p) => p.kind);
    this.scales = Float64Array.from(plans, (p) => p.scale);
    this.nums = plans.map((p) => new Float64Array(p.kind === Kind.Number || p.kind === Kind.TimeIso || p.kind === Kind.TimeEpoch ? capacity : 0));
    this.strs = plans.map(() => []);
    this.caches = plans.map(() => new StringCache());
    this.line = this.#predicted = firstLine;
    this.jumps = [0, firstLine];
  }

  #grow(): void {
    this.capacity = Math.ceil(this.capacity * 1.5) + 16;
    this.nums = this.nums.map((old) => {
      if (old.length === 0) return old;
      const bigger = new Float64Array(this.capacity);
      bigger.set(old);
      return bigger;
    });
  }

  /** Parses the complete rows in `buf[pos, limit)`; returns where it stopped (a row needing more bytes). */
  parse(buf: Buffer, pos: number, limit: number, final: boolean): number {
    const kinds = this.kinds;
    const scales = this.scales;
    const strs = this.strs;
    const caches = this.caches;
    const delim = this.delimiter;
    const last = kinds.length - 1;
    let nums = this.nums;
    while (pos < limit) {
      const first = buf[pos];
      if (first === LF || (first === CR && buf[pos + 1] === LF)) {
        pos += first === LF ? 1 : 2;
        this.line++;
        continue;
      }
      if (this.rows === this.capacity) (this.#grow(), (nums = this.nums));
      const row = this.rows;
      const rowStart = pos;
      if (this.line !== this.#predicted) this.jumps.push(row, (this.#predicted = this.line));
      this.#newlines = 0;
      for (let c = 0; c <= last; c++) {
        const kind = kinds[c];
        let end: number = FIELD_SLOW;
        if (kind === Kind.Number) end = parseNumberAt(buf, pos, nums[c], row);
        else if (kind === Kind.TimeEpoch) {
          end = parseNumberAt(buf, pos, nums[c], row);
          nums[c][row] *= scales[c];
        } else if (kind === Kind.TimeIso) {
          if (buf[pos] !== QUOTE) {
            const e = fieldEnd(buf, pos, delim);
            const t = parseIsoBytes(buf, pos, e);
            if (t === t) {
              nums[c][row] = t;
              end = e;
            }
          }
        } else if (kind === Kind.String) {
          if (buf[pos] !== QUOTE) {
            const e = fieldEnd(buf, pos, delim);
            if (e > pos) {
              strs[c][row] = internString(buf, pos, e, caches[c]);
              end = e;
            }
          }
        } else if (buf[pos] !== QUOTE) end = fieldEnd(buf, pos, delim);
        if (end >= 0) {
          // the common endings first: a delimiter between fields, LF after the last
          const t = buf[end];
          if (t === delim) {
            if (c !== last) {
              pos = end + 1;
              continue;
            }
          } else if (t === LF) {
            if (c === last) {
              pos = end + 1;
              continue;
            }
          } else if (t !== CR) end = FIELD_SLOW;
        }
        if (end < 0) {
          end = this.#slowField(buf, pos, limit, final, c, row);
          if (end === FIELD_NEED_MORE) return rowStart;
        }
        const t = buf[end];
        if (t === delim) {
          if (c === last) this.#ragged(buf, rowStart, limit);
          pos = end + 1;
        } else {
          if (c !== last) this.#ragged(buf, rowStart, limit);
          if (t === LF) pos = end + 1;
          else if (buf[end + 1] === LF) pos = end + 2;
          else this.fail(c, "a carriage return that does not end the line");
        }
      }
      this.rows = row + 1;
      this.line += 1 + this.#newlines;
      this.#predicted++;
    }
    return pos;
  }

  /** The general path: quoted fields, missing values, numbers in odd forms, and errors. */
  #slowField(buf: Buffer, pos: number, limit: number, final: boolean, c: number, row: number): number {
    let text: string;
    let end: number;
    let quoted = false;
    if (buf[pos] === QUOTE) {
      const q = readQuoted(buf, pos, limit);
      if (!q) {
        if (final) this.fail(c, "a quoted field that never closes");
        return FIELD_NEED_MORE;
      }
      ({ text, end } = q);
      quoted = true;
      this.#newlines += q.newlines;
      const t = buf[end];
      if (t !== this.delimiter && t !== LF && t !== CR) this.fail(c, `characters after the closing quote of ${JSON.stringify(text)}`);
    } else {
      end = fieldEnd(buf, pos, this.delimiter);
      text = buf.toString("utf8", pos, end);
    }
    const kind = this.kinds[c];
    const name = this.plans[c].name;
    if (kind === Kind.String) this.strs[c][row] = quoted || text !== "" ? text : null;
    else if (kind !== Kind.Skip) {
      const s = text.trim();
      let value: number;
      if (NULL_TOKENS.has(s)) value = NaN;
      else if (kind === Kind.TimeIso) {
        value = parseIsoTime(s);
        if (Number.isNaN(value)) this.fail(c, `expected an ISO 8601 time, found ${JSON.stringify(text)}${isNumberText(s) ? ` (a number: pass types: { ${JSON.stringify(name)}: "number" } or timeUnit to read epoch numbers)` : ""}`);
      } else {
        value = numberFromText(s) * this.scales[c];
        if (Number.isNaN(value)) this.fail(c, `expected a number, found ${JSON.stringify(text)} (pass types: { ${JSON.stringify(name)}: "string" } to read the column as text)`);
      }
      this.nums[c][row] = value;
    }
    return end;
  }

  /** Reports a row with the wrong number of fields, counting them. */
  #ragged(buf: Buffer, start: number, limit: number): never {
    const { records } = tokenizeSample(buf, start, limit, this.delimiter, 1, this.line);
    const found = records[0]?.fields.length ?? 0;
    throw new CsvError(`${this.source}:${this.line}: expected ${this.kinds.length} fields, found ${found}`, this.source, this.line);
  }

  fail(c: number, problem: string): never {
    const name = this.plans[c].name;
    throw new CsvError(`${this.source}:${this.line}: column "${name}" (column ${c + 1}): ${problem}`, this.source, this.line, name);
  }

  /** The line data row `row` started on. */
  lineOf(row: number): number {
    let k = 0;
    while (k + 2 < this.jumps.length && this.jumps[k + 2] <= row) k += 2;
    return this.jumps[k + 1] + (row - this.jumps[k]);
  }

  /** The parsed columns, trimmed to the rows read (a view when little is wasted, else a copy). */
  columns(types: ColumnType[]): Column[] {
    const out: Column[] = [];
    this.plans.forEach((plan, c) => {
      if (plan.kind === Kind.Skip) return;
      if (plan.kind === Kind.String) {
        const values = this.strs[c];
        values.length = this.rows;
        out.push({ name: plan.name, type: "string", values });
        return;
      }
      const all = this.nums[c];
      const values = all.length - this.rows <= all.length / 16 ? all.subarray(0, this.rows) : all.slice(0, this.rows);
      this.nums[c] = values;
      out.push({ name: plan.name, type: types[c], values });
    });
    return out;
  }
}

/** Whether a string argument is CSV text rather than a path: text has a line break (or is empty). */
function isText(source: string): boolean {
  return source === "" || source.includes("\n") || source.includes("\r");
}

/**
 * Reads CSV from a file path, CSV text (any string with a line break) or bytes into a Frame.
 * Delimiter, header and column types are inferred unless given; numbers under time-like names
 * (time, timestamp, ts, date, *_time...) are epoch times, their unit guessed from the magnitude.
 * Quoted fields (with "" escapes and line breaks), CRLF and a UTF-8 BOM are handled. Missing
 * values (empty, NA, NaN, null...) become NaN or null; any other value that does not fit its
 * column is an error naming the file, line and column.
 *
 * @example
 *   const candles = readCsv("btc_1h.csv", { candles: true });
 *   const f = readCsv("time,close\n2025-10-10T21:00Z,113000\n");
 *   readCsv("trades.csv", { select: ["time", "price"], types: { id: "string" } });
 */
export function readCsv(source: string | Uint8Array, options: ReadCsvOptions = {}): Frame {
  checkOptions("readCsv", options, READ_CSV_OPTIONS);
  if (options.candles && typeof options.candles === "object") checkOptions("readCsv: candles", options.candles, CANDLE_CHECK_OPTIONS);
  const { delimiter = "auto", header = "auto", names, select, types = {}, timeUnit = "auto", required = [], candles = false } = options;
  const fromText = typeof source === "string" && isText(source);
  const name = options.source ?? (typeof source !== "string" ? "<bytes>" : fromText ? "<text>" : source);
  const reader = new ChunkReader(fromText ? Buffer.from(source as string) : source);
  try {
    // a UTF-8 byte order mark is not part of the first name
    let pos = reader.buf[0] === 0xef && reader.buf[1] === 0xbb && reader.buf[2] === 0xbf ? 3 : 0;
    while (!reader.eof && reader.limit() <= pos) reader.advance(0);
    if (delimiter !== "auto" && Buffer.byteLength(delimiter) !== 1) throw new CsvError(`${name}: the delimiter must be one byte, got ${JSON.stringify(delimiter)}`, name);
    const delim = (delimiter === "auto" ? detectDelimiter(reader.buf.subarray(pos, reader.filled)) : delimiter).charCodeAt(0);
    let sample = tokenizeSample(reader.buf, pos, reader.limit(), delim, SAMPLE_ROWS + 1);
    // types need data rows to be inferred from: read on while the sample has none (a huge first row)
    while (!reader.eof && sample.records.length < 2) {
      reader.advance(0);
      sample = tokenizeSample(reader.buf, pos, reader.limit(), delim, SAMPLE_ROWS + 1);
    }
    if (sample.records.length === 0) throw new CsvError(`${name}: no rows (the input is empty)`, name, 1);
    const first = sample.records[0];
    const hasHeader = header === "auto" ? looksLikeHeader(first) : header;
    const width = first.fields.length;
    const headerNames = hasHeader ? first.fields.map((f, i) => f.text.trim() || `column${i + 1}`) : Array.from({ length: width }, (_, i) => `column${i + 1}`);
    if (names && names.length !== width) throw new CsvError(`${name}:${first.line}: ${names.length} names given for ${width} columns`, name, first.line);
    const columnNames = names ?? headerNames;
    checkNames(name, columnNames, [...required, ...Object.keys(types), ...(select ?? []), ...candleRequired(candles)]);

    const dataRecords = hasHeader ? sample.records.slice(1) : sample.records;
    const wanted = select ? new Set(select) : undefined;
    const plans = columnNames.map((col, i): ColumnPlan => {
      if (wanted && !wanted.has(col)) return { name: col, kind: Kind.Skip, scale: 1 };
      return inferColumn(col, dataRecords.map((r) => r.fields[i]?.text ?? ""), types[col], timeUnit);
    });
    // the fast pass starts after the header (or at the top), counting lines from there
    let dataStart = 1;
    if (hasHeader) ({ end: pos, line: dataStart } = tokenizeSample(reader.buf, pos, reader.limit(), delim, 1));

    // size the columns from the sample's bytes per row, so a million rows need no regrowth
    const sampleBytes = Math.max(1, sample.end - pos);
    const perRow = dataRecords.length ? sampleBytes / dataRecords.length : 64;
    const capacity = Math.ceil(((reader.size - pos) / perRow) * 1.02) + 16;
    const parser = new RowParser(plans, delim, name, capacity, dataStart);
    for (;;) {
      pos = parser.parse(reader.buf, pos, reader.limit(), reader.eof);
      if (reader.eof) break;
      reader.advance(pos);
      pos = 0;
    }

    const columnTypes = plans.map((p): ColumnType => (p.kind === Kind.String ? "string" : p.kind === Kind.Number ? "number" : "time"));
    let frame = new Frame(parser.columns(columnTypes));
    if (candles) frame = checkCandles(frame, name, candles === true ? {} : candles, (row) => parser.lineOf(row));
    return frame;
  } finally {
    reader.close();
  }
}

function candleRequired(candles: boolean | CandleCheckOptions): string[] {
  if (!candles) return [];
  return (candles === true ? undefined : candles.required) ?? ["open", "high", "low", "close"];
}

/** Names that must exist (required, typed, selected) do, and no name repeats. */
function checkNames(source: string, columns: string[], needed: string[]): void {
  const seen = new Map<string, number>();
  columns.forEach((col, i) => {
    if (seen.has(col)) throw new CsvError(`${source}:1: the column name "${col}" appears twice (columns ${seen.get(col)! + 1} and ${i + 1}); pass names to rename the columns`, source, 1, col);
    seen.set(col, i);
  });
  for (const col of needed) {
    if (!seen.has(col)) throw new CsvError(`${source}:1: missing required column "${col}"; the columns are: ${columns.map((c) => JSON.stringify(c)).join(", ")}`, source, 1, col);
  }
}

/** The columns of a candle that must hold numbers, when present (open, high, low and close are required by default). */
const CANDLE_NUMBERS = ["open", "high", "low", "close", "volume"];

function checkCandles(frame: Frame, source: string, { time, unsorted, duplicates }: CandleCheckOptions, lineOf: (row: number) => number): Frame {
  const where = (row: number) => `${source}:${lineOf(row)}`;
  for (const col of CANDLE_NUMBERS) {
    if (!frame.has(col) || frame.type(col) === "number") continue;
    const c = frame.columns.indexOf(col);
    if (frame.type(col) === "time") throw new CsvError(`${source}: column "${col}" (column ${c + 1}): candles need numbers, and it was read as times; pass types: { ${JSON.stringify(col)}: "number" }`, source, 1, col);
    const texts = frame.strings(col);
    let row = texts.findIndex((t) => t != null && !NULL_TOKENS.has(t.trim()) && !isNumberText(t.trim()));
    const problem = row >= 0 ? `found ${JSON.stringify(texts[row])}` : "the column was read as text";
    if (row < 0) row = Math.max(0, texts.findIndex((t) => t != null));
    const line = frame.length ? lineOf(row) : 1;
    throw new CsvError(`${source}:${line}: column "${col}" (column ${c + 1}): candles need numbers in open, high, low, close and volume; ${problem}`, source, line, col);
  }
  const timeColumn = time ?? frame.schema.find((c) => c.type === "time")?.name;
  if (!timeColumn) throw new CsvError(`${source}: candles need a time column, and none was found; the columns are: ${frame.schema.map((c) => `${c.name} (${c.type})`).join(", ")}; pass types: { <name>: "time" }`, source, 1);
  if (frame.type(timeColumn) !== "time") throw new CsvError(`${source}: the candles' time column "${timeColumn}" was read as ${frame.type(timeColumn)}; pass types: { ${JSON.stringify(timeColumn)}: "time" }`, source, 1, timeColumn);
  try {
    return ensureTimeOrder(frame, timeColumn, { unsorted, duplicates, where });
  } catch (err) {
    throw new CsvError((err as Error).message, source, undefined, timeColumn);
  }
}
