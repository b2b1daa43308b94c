/**
 * `help(value)` in a cell, like Python's: the documentation of a function or class as Markdown.
 *
 * - An export of "cascade" (a function, a class, an object such as `CALIBRATION`) is found by
 *   identity among the library's exports and shown from dist/types/lib-docs.json, the docs the
 *   build read from the library's doc comments (the kernel ships no TypeScript sources). A
 *   method of a library class (`Frame.fromRecords`, `frame.filter`) shows that member; an
 *   instance of a library class (a Frame) shows its class.
 * - A function or class of the notebook's own cells shows its signature, as written in the cell,
 *   and its leading doc comment when it has one, or says it has none.
 * - Anything else says what it is and that help() documents functions and classes.
 *
 * @example
 *   help(rollingVolatility)   // summary, options with defaults, example
 *   help(myCellFunction)      // its signature and its /** ... *\/ comment
 */
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { entryMarkdown, type DocEntry } from "../types/lib-docs-markdown";

export interface HelpSources {
  /** dist/types/lib-docs.json. */
  docsFile: string;
  /** The "cascade" module (loaded on first use). */
  library: () => Record<string, unknown>;
  /** The source of every cell run so far, oldest first. */
  cells: () => readonly string[];
  /** Names the cells declared (their values are globals): names a function that lost its own. */
  declared: () => Iterable<string>;
  /** Shows Markdown as the cell's output. */
  show: (markdown: string) => void;
}

import type TS from "typescript";

type Ts = typeof TS;

/** The help text of `value`, as Markdown (what help() shows). */
export function helpMarkdown(value: unknown, sources: Omit<HelpSources, "show">): string {
  const lib = libraryIndex(sources);
  if ((typeof value === "function" || (typeof value === "object" && value !== null)) && lib.byValue.has(value)) {
    const entry = lib.docs[lib.byValue.get(value)!];
    if (entry) return entryMarkdown(entry);
  }
  if (typeof value === "function") {
    const member = lib.members.get(value);
    if (member) return member;
    return userFunctionHelp(value as (...args: unknown[]) => unknown, sources);
  }
  if (typeof value === "object" && value !== null) {
    const ctor = (value as { constructor?: unknown }).constructor;
    if (typeof ctor === "function" && lib.byValue.has(ctor)) {
      const entry = lib.docs[lib.byValue.get(ctor)!];
      if (entry) return `A \`${entry.name}\` (an instance of a class of "cascade"). Its class:\n\n${entryMarkdown(entry)}`;
    }
  }
  return valueHelp(value);
}

/** The `help` global: shows `helpMarkdown(value)` as Markdown and returns nothing. */
export function createHelp(sources: HelpSources): (value?: unknown) => void {
  return function help(...args: unknown[]): void {
    if (args.length === 0) {
      sources.show(
        "`help(value)` shows the documentation of a function or class: those of `\"cascade\"` (`help(rollingVolatility)`, `help(Frame)`), " +
          "their methods (`help(Frame.fromRecords)`), and the notebook's own (their signature and `/** ... */` comment).",
      );
      return;
    }
    sources.show(helpMarkdown(args[0], sources));
  };
}

interface LibraryIndex {
  docs: Record<string, DocEntry>;
  byValue: Map<unknown, string>;
  /** Methods and static functions of the library's classes, with their help text. */
  members: Map<unknown, string>;
}

let index: LibraryIndex | undefined;

function libraryIndex(sources: Omit<HelpSources, "show">): LibraryIndex {
  if (index) return index;
  let docs: Record<string, DocEntry> = {};
  try {
    docs = JSON.parse(readFileSync(sources.docsFile, "utf8")) as Record<string, DocEntry>;
  } catch {
    // No docs file (a build without it): library values get the plain-value answer.
  }
  const lib = sources.library();
  const byValue = new Map<unknown, string>();
  const members = new Map<unknown, string>();
  for (const [name, v] of Object.entries(lib)) {
    if ((typeof v !== "function" && (typeof v !== "object" || v === null)) || byValue.has(v)) continue;
    byValue.set(v, name);
  }
  for (const [name, v] of Object.entries(lib)) {
    const entry = docs[name];
    if (typeof v !== "function" || entry?.kind !== "class") continue;
    const owners: Array<[object, boolean]> = [[v, true], [(v as { prototype: object }).prototype, false]];
    for (const [owner, isStatic] of owners) {
      for (const key of Object.getOwnPropertyNames(owner)) {
        const d = Object.getOwnPropertyDescriptor(owner, key);
        if (!d || typeof d.value !== "function" || key === "constructor" || byValue.has(d.value)) continue;
        const m = entry.members.find((x) => x.name === key && x.signature.startsWith("static ") === isStatic);
        if (!m) continue;
        members.set(d.value, `\`\`\`ts\n${entry.name}${isStatic ? "." : ".prototype."}${m.signature.replace(/^static /, "").split("\n").join(`\n${entry.name}.`)}\n\`\`\`\n\n${m.doc || "No summary."}\n\n*A ${isStatic ? "static function" : "method"} of \`${entry.name}\`: \`help(${entry.name})\` for the class.*`);
      }
    }
  }
  index = { docs, byValue, members };
  return index;
}

function valueHelp(value: unknown): string {
  const article = (w: string) => (/^[aeiou]/i.test(w) ? `an ${w}` : `a ${w}`);
  const ctor = typeof value === "object" && value !== null ? (value as object).constructor?.name : undefined;
  const kind =
    value === null || value === undefined
      ? String(value)
      : Array.isArray(value)
        ? `an array of ${value.length} item${value.length === 1 ? "" : "s"}`
        : typeof value === "object"
          ? !ctor || ctor === "Object"
            ? "a plain object"
            : `${article(ctor)} object`
          : article(typeof value);
  const preview = inspect(value, { depth: 1, maxArrayLength: 10, maxStringLength: 200, breakLength: 100 });
  return `This is ${kind}, not a function or class: help() has no documentation for it.\n\n\`\`\`\n${preview}\n\`\`\``;
}

/** A user function's or class's signature and doc comment, found in the cells that ran. */
function userFunctionHelp(fn: (...args: unknown[]) => unknown, sources: Omit<HelpSources, "show">): string {
  const cells = sources.cells();
  // `const f = (x) => ...` compiles to a global whose function may have no name of its own.
  let name = fn.name;
  if (!name) for (const n of sources.declared()) if ((globalThis as Record<string, unknown>)[n] === fn) name = n;
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(fn));
  const found = name ? findDeclaration(name, isClass, cells) : undefined;
  const what = isClass ? "class" : "function";
  if (!found) {
    const text = Function.prototype.toString.call(fn);
    const head = isClass ? `class ${name}` : text.includes("[native code]") ? text : text.slice(0, Math.max(0, text.search(/\{|=>/)) || 120).trim();
    return `\`\`\`ts\n${head || `${what} ${name || "(anonymous)"}`}\n\`\`\`\n\nNo documentation: this ${what} is not from "cascade" and no cell of this notebook declares it${name ? ` as \`${name}\`` : ""}.`;
  }
  const note = found.doc ? found.doc : `No documentation: \`${name}\` has no doc comment. Write one above it in its cell, \`/** What it does. */\`, and help() shows it.`;
  return `\`\`\`ts\n${found.signature}\n\`\`\`\n\n${note}`;
}

function findDeclaration(name: string, isClass: boolean, cells: readonly string[]): { signature: string; doc: string } | undefined {
  // Loaded only when a user function asks: cells have loaded TypeScript by then anyway.
  const ts = require("typescript") as Ts;
  const printer = ts.createPrinter({ removeComments: true });
  for (let k = cells.length - 1; k >= 0; k--) {
    const code = cells[k];
    if (!code.includes(name)) continue;
    const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    for (const st of sf.statements) {
      let signature: string | undefined;
      const docNode: TS.Node = st;
      if (!isClass && ts.isFunctionDeclaration(st) && st.name?.text === name) {
        const head = ts.factory.updateFunctionDeclaration(st, st.modifiers, st.asteriskToken, st.name, st.typeParameters, st.parameters, st.type, undefined);
        signature = printer.printNode(ts.EmitHint.Unspecified, head, sf).replace(/;\s*$/, "");
      } else if (isClass && ts.isClassDeclaration(st) && st.name?.text === name) {
        const methods = st.members
          .filter((m) => (ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m)) && !(m.name && ts.isPrivateIdentifier(m.name)))
          .map((m) => "  " + m.getText(sf).slice(0, m.getText(sf).indexOf("{")).trim());
        signature = `class ${name}${st.heritageClauses ? " " + st.heritageClauses.map((h) => h.getText(sf)).join(" ") : ""} {\n${methods.join("\n")}\n}`;
      } else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
          const init = d.initializer;
          if (!isClass && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
            const params = init.parameters.map((p) => p.getText(sf)).join(", ");
            signature = `${init.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ? "async " : ""}function ${name}${init.typeParameters ? `<${init.typeParameters.map((t) => t.getText(sf)).join(", ")}>` : ""}(${params})${init.type ? ": " + init.type.getText(sf) : ""}`;
          } else if (isClass && ts.isClassExpression(init)) signature = `class ${name}`;
        }
      }
      if (signature !== undefined) return { signature, doc: docText(ts, docNode, code) };
    }
  }
  return undefined;
}

/** The declaration's leading doc comment as Markdown: text, then its tags. */
function docText(ts: Ts, node: TS.Node, code: string): string {
  const ranges = ts.getLeadingCommentRanges(code, node.pos) ?? [];
  const last = ranges.filter((r) => code.startsWith("/**", r.pos)).pop();
  if (!last) return "";
  const lines = code
    .slice(last.pos + 3, last.end - 2)
    .split("\n")
    .map((l) => l.replace(/^\s*\*\s?/, ""));
  const text: string[] = [];
  const tags: string[] = [];
  let inTag = false;
  for (const l of lines) {
    const m = /^@(\w+)\s*(.*)$/.exec(l.trim());
    if (m) {
      inTag = true;
      tags.push(m[1] === "example" ? `**Example**\n\n\`\`\`ts\n${m[2]}` : `*@${m[1]}* ${m[2]}`);
      continue;
    }
    if (inTag) tags[tags.length - 1] += "\n" + l;
    else text.push(l);
  }
  const closed = tags.map((t) => (t.startsWith("**Example**") ? t.trimEnd() + "\n```" : t.trim()));
  return [text.join("\n").trim(), ...closed].filter(Boolean).join("\n\n");
}
