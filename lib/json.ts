/**
 * Frames to and from JSON in the shapes market-data APIs and tools use: an array of records,
 * an object of columns, newline-delimited records (NDJSON), or the frame's own JSON (the
 * `application/vnd.cascade.frame+json` form, with its schema).
 *
 * Column types are inferred as readCsv does: numbers (booleans as 1/0), ISO strings as times,
 * numbers under time-like names (>= 1e8) as epoch times, other strings as strings. A value of
 * the wrong kind is an error naming the column and row.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Frame, type ColumnType, type ColumnInput } from "./frame";
import { EPOCH_UNIT_MS, epochUnit, formatIsoTime, isTimeName, parseIsoTime } from "./time";
import { frameJson } from "./frame-display";
import { checkOptions, optionKeys } from "./options";

export type JsonFormat = "records" | "columns" | "ndjson" | "frame";

/** Options of {@link readJson} and {@link parseJson}. */
export interface ReadJsonOptions {
  /** Column types to impose, as in readCsv; by default each column's type follows its values. */
  types?: Record<string, ColumnType>;
  /** How to name the source in errors; by default the file path when readJson reads a file, else "<json>". */
  source?: string;
}

function describe(v: unknown): string {
  return Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

/** One column's values to frame input of a decided type; throws naming the column and row. */
function column(source: string, name: string, raw: unknown[], type?: ColumnType, epochMs?: number): { values: ColumnInput; type: ColumnType } {
  const present = raw.filter((v) => v !== null && v !== undefined);
  if (!type) {
    if (present.every((v) => typeof v === "number" || typeof v === "boolean")) {
      const epoch = present.length > 0 && isTimeName(name) && present.every((v) => typeof v === "number" && Math.abs(v) >= 1e8);
      type = epoch ? "time" : "number";
    } else if (present.every((v) => typeof v === "string")) {
      type = present.every((v) => !Number.isNaN(parseIsoTime(v as string))) ? "time" : "string";
    } else {
      const i = raw.findIndex((v) => v !== null && v !== undefined && typeof v !== typeof present[0]);
      throw new Error(`${source}: column "${name}" mixes kinds of values: row ${i} is ${describe(raw[i])}, while row ${raw.indexOf(present[0])} is ${describe(present[0])}`);
    }
  }
  let largest = 0;
  for (const v of present) if (typeof v === "number" && Math.abs(v) > largest) largest = Math.abs(v);
  const scale = type === "time" ? epochMs ?? EPOCH_UNIT_MS[epochUnit(largest)] : 1;
  const values = raw.map((v, i) => {
    if (v === null || v === undefined) return null;
    if (type === "string") {
      if (typeof v !== "string") throw new Error(`${source}: column "${name}", row ${i}: expected a string, found ${describe(v)}`);
      return v;
    }
    if (typeof v === "boolean" && type === "number") return v ? 1 : 0;
    if (typeof v === "number") return type === "time" ? v * scale : v;
    if (typeof v === "string" && type === "time") {
      const ms = parseIsoTime(v);
      if (Number.isNaN(ms)) throw new Error(`${source}: column "${name}", row ${i}: expected an ISO 8601 time, found ${JSON.stringify(v)}`);
      return ms;
    }
    throw new Error(`${source}: column "${name}", row ${i}: expected ${type === "time" ? "a time" : "a number"}, found ${describe(v)}`);
  });
  return { values, type };
}

function fromColumnArrays(source: string, columns: Record<string, unknown[]>, types: Record<string, ColumnType>, epochMs?: number): Frame {
  for (const name of Object.keys(types)) if (!(name in columns)) throw new Error(`${source}: types names column "${name}", which is not among the columns: ${Object.keys(columns).join(", ")}`);
  const inputs: Record<string, ColumnInput> = {};
  const decided: Record<string, ColumnType> = {};
  for (const [name, raw] of Object.entries(columns)) {
    if (!Array.isArray(raw)) throw new Error(`${source}: column "${name}" is ${describe(raw)}, not an array`);
    const { values, type } = column(source, name, raw, types[name], epochMs);
    inputs[name] = values;
    decided[name] = type;
  }
  return Frame.fromColumns(inputs, { types: decided });
}

function recordsToColumns(source: string, records: unknown[]): Record<string, unknown[]> {
  const columns: Record<string, unknown[]> = {};
  records.forEach((record, i) => {
    if (!record || typeof record !== "object" || Array.isArray(record)) throw new Error(`${source}: record ${i} is ${describe(record)}, not an object`);
    for (const key of Object.keys(record)) columns[key] ??= new Array(records.length).fill(null);
    for (const [key, v] of Object.entries(record)) columns[key][i] = v;
  });
  return columns;
}

function isFrameJson(value: Record<string, unknown>): boolean {
  return Array.isArray(value.columns) && Array.isArray(value.rows) && value.columns.every((c) => c && typeof c === "object" && "name" in c && "type" in c);
}

const PARSE_JSON_OPTIONS = optionKeys<NonNullable<Parameters<typeof parseJson>[1]>>()("types", "source");

/**
 * Parses JSON text (records, columns, NDJSON or frame JSON) into a frame.
 *
 * @example
 *   parseJson('[{"time":"2025-10-10T21:00Z","close":113000}]').schema
 *   // [{ name: "time", type: "time" }, { name: "close", type: "number" }]
 */
export function parseJson(text: string, { types = {}, source = "<json>", ...unknown }: ReadJsonOptions = {}): Frame {
  checkOptions("parseJson", unknown, PARSE_JSON_OPTIONS);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    if (lines.length < 2 || !lines[0].trim().startsWith("{")) throw new Error(`${source}: not JSON: ${(err as Error).message}`);
    value = lines.map((line, i) => {
      try {
        return JSON.parse(line);
      } catch (lineErr) {
        throw new Error(`${source}: NDJSON record ${i} is not JSON: ${(lineErr as Error).message}`);
      }
    });
  }
  if (Array.isArray(value)) return fromColumnArrays(source, recordsToColumns(source, value), types);
  if (!value || typeof value !== "object") throw new Error(`${source}: expected an array of records or an object of columns, found ${describe(value)}`);
  const object = value as Record<string, unknown>;
  if (isFrameJson(object)) {
    const schema = object.columns as Array<{ name: string; type: ColumnType }>;
    const rows = object.rows as unknown[][];
    const columns: Record<string, unknown[]> = {};
    schema.forEach((c, k) => (columns[c.name] = rows.map((r) => r[k])));
    // the frame form holds times as epoch milliseconds, whatever their magnitude
    return fromColumnArrays(source, columns, { ...Object.fromEntries(schema.map((c) => [c.name, c.type])), ...types }, 1);
  }
  return fromColumnArrays(source, object as Record<string, unknown[]>, types);
}

const READ_JSON_OPTIONS = optionKeys<ReadJsonOptions>()("types", "source");

/**
 * Reads a JSON or NDJSON file, or JSON text (a string starting with "[" or "{"), into a frame.
 *
 * @example
 *   const funding = readJson("funding.json", { types: { fundingTime: "time" } });
 */
export function readJson(pathOrText: string, options: ReadJsonOptions = {}): Frame {
  checkOptions("readJson", options, READ_JSON_OPTIONS);
  const trimmed = pathOrText.trimStart();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) return parseJson(pathOrText, options);
  return parseJson(readFileSync(pathOrText, "utf8"), { source: pathOrText, ...options });
}

/** Options of {@link writeJson} and {@link formatJson}. */
export interface WriteJsonOptions {
  /** "records" (default), "columns", "ndjson", or "frame" (schema + rows, the display form). */
  format?: JsonFormat;
  /** Times as ISO 8601 UTC text ("iso", default) or epoch ms ("ms"); the frame format always uses ms. */
  times?: "iso" | "ms";
}

const FORMAT_JSON_OPTIONS = optionKeys<NonNullable<Parameters<typeof formatJson>[1]>>()("format", "times");

/**
 * A frame as JSON text; missing values are null.
 *
 * @example
 *   formatJson(Frame.fromColumns({ time: [new Date(0)], x: [NaN] }))
 *   // '[{"time":"1970-01-01T00:00:00Z","x":null}]'
 */
export function formatJson(frame: Frame, { format = "records", times = "iso", ...unknown }: WriteJsonOptions = {}): string {
  checkOptions("formatJson", unknown, FORMAT_JSON_OPTIONS);
  if (format === "frame") return JSON.stringify(frameJson(frame, { maxRows: Infinity }));
  const schema = frame.schema;
  const cell = schema.map(({ name, type }) => {
    const values = frame.column(name);
    if (type === "string") return (i: number) => values[i];
    if (type === "time" && times === "iso") return (i: number) => formatIsoTime(values[i] as number) || null;
    return (i: number) => (Number.isFinite(values[i]) ? values[i] : null);
  });
  if (format === "columns") {
    return JSON.stringify(Object.fromEntries(schema.map((c, k) => [c.name, Array.from({ length: frame.length }, (_, i) => cell[k](i))])));
  }
  const record = (i: number) => JSON.stringify(Object.fromEntries(schema.map((c, k) => [c.name, cell[k](i)])));
  const records = Array.from({ length: frame.length }, (_, i) => record(i));
  return format === "ndjson" ? records.map((r) => r + "\n").join("") : `[${records.join(",")}]`;
}

const WRITE_JSON_OPTIONS = optionKeys<WriteJsonOptions>()("format", "times");

/**
 * Writes a frame as JSON (or NDJSON) to a file.
 *
 * @example
 *   writeJson(candles, "btc_1h.json");
 *   writeJson(trades, "trades.ndjson", { format: "ndjson" });
 */
export function writeJson(frame: Frame, path: string, options: WriteJsonOptions = {}): void {
  checkOptions("writeJson", options, WRITE_JSON_OPTIONS);
  writeFileSync(path, formatJson(frame, options));
}
