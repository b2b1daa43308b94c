/**
 * Stacking frames with the same columns: the cache merges what it had with what it fetched.
 */
import { Frame, type Column, type StringColumn } from "../frame";

/**
 * The rows of each frame in turn. Every frame must have the columns of the first, of the same
 * types (in any order); empty frames without columns are skipped.
 *
 * @example
 *   concatFrames([january, february]).length // january.length + february.length
 */
export function concatFrames(frames: readonly Frame[]): Frame {
  const parts = frames.filter((f) => f.columns.length > 0);
  if (parts.length === 0) return new Frame([]);
  const schema = parts[0].schema;
  for (const f of parts.slice(1)) {
    for (const { name, type } of schema) {
      if (!f.has(name)) throw new Error(`concatFrames: a frame lacks column "${name}"; it has: ${f.columns.join(", ")}`);
      if (f.type(name) !== type) throw new Error(`concatFrames: column "${name}" is ${type} in one frame and ${f.type(name)} in another`);
    }
  }
  const n = parts.reduce((sum, f) => sum + f.length, 0);
  const columns: Column[] = schema.map(({ name, type }) => {
    if (type === "string") {
      const values: StringColumn = [];
      for (const f of parts) for (const v of f.strings(name)) values.push(v);
      return { name, type, values };
    }
    const values = new Float64Array(n);
    let at = 0;
    for (const f of parts) {
      values.set(f.numbers(name), at);
      at += f.length;
    }
    return { name, type, values };
  });
  return new Frame(columns);
}
