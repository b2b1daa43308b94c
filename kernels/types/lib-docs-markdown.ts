/**
 * The shape of the library's documentation (dist/types/lib-docs.json, written at build time by
 * kernels/types/lib-docs.ts) and its Markdown form: what `help(value)` in a cell, hover in
 * VS Code and Jupyter's inspect show for an export of "cascade". No TypeScript import here: the
 * kernel loads this at start-up.
 *
 * @example
 *   entryMarkdown(docs.rollingVolatility) // "```ts\nfunction rollingVolatility(...)..."
 */

export type DocKind = "function" | "class" | "constant" | "interface" | "type";

/** One documented property: an option of a function, or a field of an interface. */
export interface DocOption {
  name: string;
  type: string;
  optional: boolean;
  doc: string;
  /** From `@defaultValue` (or `@default`), as written there. */
  defaultValue?: string;
}

export interface DocEntry {
  /** The export's name in "cascade". */
  name: string;
  /** The declaration's own name, when the export renames it (`export { ASSUMPTIONS as CALIBRATION_ASSUMPTIONS }`). */
  declName?: string;
  kind: DocKind;
  group: DocGroup;
  summary: string;
  /** Declaration text without bodies: `function returns(frame: Frame, options?: ReturnsOptions): number[]`. */
  signatures: string[];
  params: { name: string; doc: string }[];
  returns?: string;
  /** The options interfaces a function takes (their properties are in `options`). */
  optionTypes: string[];
  options: DocOption[];
  /** Public methods and properties of a class. */
  members: { name: string; signature: string; doc: string }[];
  examples: string[];
  defaultValue?: string;
  /** Relative to the repository root, `lib/...`. */
  file: string;
  line: number;
}

export interface MissingDoc {
  /** `lib/frame.ts:42` */
  where: string;
  what: string;
}

export const GROUPS = ["Frames and files", "Data and loaders", "Snapshot", "Analytics", "Plots", "Models"] as const;
export type DocGroup = (typeof GROUPS)[number];

/** The part of the library a source file belongs to: its folder, as lib/index.ts groups them. */
export function groupOf(file: string): DocGroup {
  const f = file.replace(/\\/g, "/");
  if (f.startsWith("lib/data/snapshot/")) return "Snapshot";
  if (f.startsWith("lib/data/")) return "Data and loaders";
  if (f.startsWith("lib/analytics/") || f === "lib/claims.ts") return "Analytics";
  if (f.startsWith("lib/plot/")) return "Plots";
  if (f.startsWith("lib/models/")) return "Models";
  return "Frames and files";
}

function optionLine(o: DocOption): string {
  // The code's default, unless the option's words already give one.
  const def = o.defaultValue !== undefined && !/\bdefault/i.test(o.doc) ? ` Default: \`${o.defaultValue}\`.` : "";
  return `- \`${o.name}${o.optional ? "?" : ""}: ${o.type}\`${o.doc ? ` ${o.doc.replace(/\s*\n\s*/g, " ")}` : ""}${def}`;
}

/** An entry as Markdown: what `help(value)` in a cell shows. */
export function entryMarkdown(e: DocEntry): string {
  const parts: string[] = [];
  parts.push("```ts\n" + e.signatures.join("\n") + "\n```");
  parts.push(e.summary || "No summary.");
  if (e.params.length > 0) parts.push("**Parameters**\n\n" + e.params.map((p) => `- \`${p.name}\` ${p.doc}`).join("\n"));
  if (e.kind === "function" || e.kind === "class") {
    if (e.options.length > 0) parts.push(`**Options** (${e.optionTypes.join(", ")})\n\n` + e.options.map(optionLine).join("\n"));
  } else if (e.options.length > 0) parts.push("**Properties**\n\n" + e.options.map(optionLine).join("\n"));
  if (e.returns) parts.push(`**Returns** ${e.returns}`);
  if (e.members.length > 0) parts.push("**Members**\n\n" + e.members.map((m) => `- \`${m.signature.split("\n")[0]}\`${m.doc ? ` ${m.doc.split("\n\n")[0].replace(/\s*\n\s*/g, " ")}` : ""}`).join("\n"));
  if (e.defaultValue) parts.push(`**Default** \`${e.defaultValue}\``);
  for (const ex of e.examples) parts.push("**Example**\n\n```ts\n" + ex + "\n```");
  parts.push(`*${e.group}* · \`import { ${e.name} } from "cascade"\``);
  return parts.join("\n\n");
}
