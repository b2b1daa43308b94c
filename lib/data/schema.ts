/**
 * Schemas: the columns a kind of market data has, with their types, units and a line of
 * documentation each, and `validate` to check a frame against one. Errors name the column
 * (and the first offending row), so a notebook says "column close, row 17: -5 is below 0"
 * rather than failing three cells later.
 */
import type { ColumnType, Frame } from "../frame";
import { formatIsoTime } from "../time";

/** One column of a schema. */
export interface FieldSpec {
  name: string;
  type: ColumnType;
  /** The unit: "USD", "BTC", "fraction", "ms since epoch (UTC)", "coins"... */
  unit: string;
  /** One line on what the column holds. */
  doc: string;
  /** Whether a frame must have it; true by default. */
  required?: boolean;
  /** Bounds for numbers (inclusive). */
  min?: number;
  max?: number;
  /** The allowed values of a string column. */
  values?: readonly string[];
  /** Whether missing values (NaN, null) are allowed; true by default. */
  nullable?: boolean;
}

/** A kind of data: its columns and checks across columns. */
export interface Schema {
  name: string;
  doc: string;
  columns: readonly FieldSpec[];
  /** Checks across columns (e.g. candles' high >= open and close); each returns error messages. */
  checks?: ReadonlyArray<(frame: Frame) => ValidationError[]>;
}

/** A problem found by `validate`. */
export interface ValidationError {
  column: string;
  /** The first offending row, when the problem is in a value. */
  row?: number;
  message: string;
}

const show = (type: ColumnType, v: number | string | null) => (type === "time" && typeof v === "number" ? formatIsoTime(v) : JSON.stringify(v));

/**
 * Checks a frame against a schema: required columns present, types right, values within
 * bounds or among the allowed ones, missing values only where allowed, and the schema's
 * cross-column checks. Returns the problems (none: valid); extra columns are fine.
 *
 * @example
 *   validate(candles, SCHEMAS.candles) // [] when valid
 *   validate(Frame.fromColumns({ time: [0], close: [-1] }, { types: { time: "time" } }), SCHEMAS.candles)
 *   // [{ column: "open", message: "column open (number, USD per base unit) is missing" }, ...]
 */
export function validate(frame: Frame, schema: Schema): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const spec of schema.columns) {
    const { name, type, unit } = spec;
    if (!frame.has(name)) {
      if (spec.required !== false) errors.push({ column: name, message: `column ${name} (${type}, ${unit}) is missing` });
      continue;
    }
    const actual = frame.type(name);
    if (actual !== type) {
      errors.push({ column: name, message: `column ${name} is ${actual}; ${schema.name} needs ${type} (${unit})` });
      continue;
    }
    const values = frame.column(name);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const missing = v === null || v !== v;
      let problem = "";
      if (missing) problem = spec.nullable === false ? "is missing" : "";
      else if (typeof v === "number" && spec.min !== undefined && v < spec.min) problem = `${show(type, v)} is below ${spec.min}`;
      else if (typeof v === "number" && spec.max !== undefined && v > spec.max) problem = `${show(type, v)} is above ${spec.max}`;
      else if (typeof v === "string" && spec.values && !spec.values.includes(v)) problem = `${show(type, v)} is not one of ${spec.values.join(", ")}`;
      if (problem) {
        errors.push({ column: name, row: i, message: `column ${name}, row ${i}: ${problem}` });
        break; // the first offending row is enough to find the problem
      }
    }
  }
  if (errors.length === 0) for (const check of schema.checks ?? []) errors.push(...check(frame));
  return errors;
}

/**
 * Like `validate`, but throws one error listing every problem (for loaders and pipelines).
 *
 * @example
 *   assertSchema(candles, SCHEMAS.candles); // throws 'not valid candles: column high, row 3: ...'
 */
export function assertSchema(frame: Frame, schema: Schema): Frame {
  const errors = validate(frame, schema);
  if (errors.length) throw new Error(`not valid ${schema.name}: ${errors.map((e) => e.message).join("; ")}`);
  return frame;
}

/**
 * A schema's columns as a table: name, type, unit, required, doc (for display in a notebook).
 *
 * @example
 *   describeSchema(SCHEMAS.funding)
 */
export function describeSchema(schema: Schema): Array<{ name: string; type: ColumnType; unit: string; required: boolean; doc: string }> {
  return schema.columns.map((c) => ({ name: c.name, type: c.type, unit: c.unit, required: c.required !== false, doc: c.doc }));
}
