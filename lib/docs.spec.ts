// Every exported function, class (with its public members) and option of "cascade" has a doc
// comment, and every function an example: the reference (npm run docs) and help() in cells are
// built from these comments, so a missing one is a hole users fall into.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { collectLibDocs, entryMarkdown, GROUPS } from "../kernels/types/lib-docs";

// The spec runs from dist/test/lib/; the repository root is three levels up.
const root = join(__dirname, "..", "..", "..");
const docs = collectLibDocs(root);

test("every exported function, class, member and option has a doc comment", () => {
  const list = docs.missing.map((m) => `  ${m.where}  ${m.what}`).join("\n");
  assert.equal(docs.missing.length, 0, `${docs.missing.length} undocumented exports of "cascade" (lib/index.ts):\n${list}`);
});

test("the pass sees the library's exports, in every group", () => {
  const names = Object.keys(docs.entries);
  assert.ok(names.length > 150, `only ${names.length} exports read`);
  for (const g of GROUPS) assert.ok(Object.values(docs.entries).some((e) => e.group === g), `no export in group ${g}`);
  assert.equal(docs.entries.Frame.kind, "class");
  assert.equal(docs.entries.returns.kind, "function");
  assert.equal(docs.entries.snapshot.group, "Snapshot");
});

test("a function's entry carries its options with their defaults and an example", () => {
  const e = docs.entries.rollingVolatility;
  assert.ok(e.options.length > 0, "rollingVolatility lists no options");
  assert.ok(e.options.some((o) => o.defaultValue !== undefined), "no option of rollingVolatility states its default");
  assert.ok(e.examples.length > 0);
  const md = entryMarkdown(e);
  assert.match(md, /^```ts\n.*rollingVolatility\(/);
  assert.match(md, /\*\*Options\*\*/);
  assert.match(md, /\*\*Example\*\*/);
});

test("the coverage check reports an undocumented export by file and line", () => {
  // The check itself must be able to fail: a fixture library with holes in it.
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = require("node:fs") as typeof import("node:fs");
  const { tmpdir } = require("node:os") as typeof import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "lib-docs-"));
  try {
    mkdirSync(join(dir, "lib", "models"), { recursive: true });
    writeFileSync(join(dir, "lib", "index.ts"), 'export { shout, quiet, Box } from "./models/a";\nexport type { ShoutOptions } from "./models/a";\n');
    writeFileSync(
      join(dir, "lib", "models", "a.ts"),
      [
        "/** Options of {@link shout}. */",
        "export interface ShoutOptions {",
        "  /** Times to repeat. @defaultValue 1 */",
        "  times?: number;",
        "  loud?: boolean;",
        "}",
        "/**",
        " * Upper-cases a word.",
        " * @example shout(\"a\") // \"A\"",
        " */",
        "export function shout(word: string, options: ShoutOptions = {}): string { return word.toUpperCase().repeat(options.times ?? 1); }",
        "/** Lower-cases a word, with no example. */",
        "export function quiet(word: string): string { return word.toLowerCase(); }",
        "export class Box {",
        "  /** The content. */",
        "  value = 1;",
        "  get(): number { return this.value; }",
        "}",
      ].join("\n"),
    );
    const fixture = collectLibDocs(dir);
    assert.deepEqual(
      fixture.missing.map((m) => `${m.where} ${m.what}`),
      ["lib/models/a.ts:5 option ShoutOptions.loud", "lib/models/a.ts:13 @example of function quiet", "lib/models/a.ts:14 class Box", "lib/models/a.ts:17 member Box.get"],
    );
    assert.equal(fixture.entries.shout.options[0].defaultValue, "1");
    assert.equal(fixture.entries.shout.group, "Models");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
