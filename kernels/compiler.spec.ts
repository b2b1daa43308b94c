import { test } from "node:test";
import assert from "node:assert/strict";
import * as vm from "node:vm";
import { SourceMap } from "node:module";
import ts from "typescript";
import { compileCell, compileFull } from "./compiler";

/** Run compiled cells in a fresh context with a fake runtime; returns the context. */
function runner() {
  const modules: Record<string, Record<string, unknown>> = {
    cjs: { default: { a: 1, b: 2, hidden: 3 }, a: 1, b: 2 },
    esm: { default: "D", named: "N" },
  };
  const imported: string[] = [];
  const flag = new Int32Array(1);
  const ctx = vm.createContext({
    __cascade: {
      i: flag,
      stop() {
        throw new Error("stopped");
      },
      async import(s: string) {
        imported.push(s);
        return modules[s];
      },
      async importNamed(s: string) {
        imported.push(s);
        const ns = modules[s];
        return { ...(ns.default as object), ...ns };
      },
      require: (s: string) => ({ required: s }),
    },
  });
  vm.runInContext("globalThis.globalThis = globalThis", ctx);
  return {
    ctx,
    imported,
    flag,
    async run(code: string, language: "typescript" | "javascript" = "typescript") {
      const c = compileCell(code, { language });
      assert.deepEqual(c.diagnostics, [], `unexpected syntax errors in ${code}`);
      const value = await vm.runInContext(c.js, ctx);
      // Objects made in the test context have that context's prototypes: clone them into ours.
      return value !== null && typeof value === "object" ? structuredClone(value) : value;
    },
  };
}

test("const, let and var persist into later cells", async () => {
  const r = runner();
  await r.run("const a: number = 1; let b = 2; var c = 3;");
  assert.equal(await r.run("a + b + c"), 6);
});

test("re-running a cell that declares const replaces the value", async () => {
  const r = runner();
  await r.run("const x = 1;");
  await r.run("const x = 2;");
  assert.equal(await r.run("x"), 2);
});

test("destructuring: object, array, nested, defaults, rest, holes", async () => {
  const r = runner();
  await r.run("const { p, q: [first, , third = 30, ...others], ...rest } = { p: 1, q: [10, 20, undefined, 40, 50], r: 7, s: 8 };");
  assert.deepEqual(await r.run("[p, first, third, others, rest]"), [1, 10, 30, [40, 50], { r: 7, s: 8 }]);
});

test("let without initializer resets, var without initializer keeps", async () => {
  const r = runner();
  await r.run("let u = 1; var v = 2;");
  await r.run("let u; var v;");
  assert.deepEqual(await r.run("[u, v]"), [undefined, 2]);
});

test("function declarations are hoisted within the cell and persist", async () => {
  const r = runner();
  assert.equal(await r.run("const y = twice(4); function twice(n: number): number { return n * 2 } y"), 8);
  assert.equal(await r.run("twice(5)"), 10);
  await r.run("async function* gen() { yield 1; yield 2 }");
  assert.deepEqual(await r.run("const out: number[] = []; for await (const v of gen()) out.push(v); out"), [1, 2]);
});

test("classes persist and can be redefined", async () => {
  const r = runner();
  await r.run("class Point { constructor(public x: number, public y: number) {} norm() { return Math.hypot(this.x, this.y) } }");
  assert.equal(await r.run("new Point(3, 4).norm()"), 5);
  await r.run("class Point { norm() { return 42 } }");
  assert.equal(await r.run("new Point().norm()"), 42);
});

test("enums and namespaces persist", async () => {
  const r = runner();
  await r.run("enum Side { Long = 'long', Short = 'short' }\nnamespace Units { export const bp = 1e-4 }");
  assert.deepEqual(await r.run("[Side.Long, Units.bp]"), ["long", 1e-4]);
});

test("types and interfaces are erased and do not break the cell", async () => {
  const r = runner();
  assert.equal(await r.run("type Id = string; interface Row { id: Id } const row: Row = { id: 'a' }; row.id"), "a");
});

test("top-level await, also in declarations", async () => {
  const r = runner();
  await r.run("const v = await Promise.resolve(41);");
  assert.equal(await r.run("v + 1"), 42);
});

test("the last expression is the cell's value; a trailing declaration is not", async () => {
  const c1 = compileCell("1 + 1");
  assert.equal(c1.hasValue, true);
  const c2 = compileCell("const z = 1;");
  assert.equal(c2.hasValue, false);
  const c3 = compileCell("if (true) { 1 }");
  assert.equal(c3.hasValue, false);
});

test("import forms: default + named, namespace, side effect, type-only, require", async () => {
  const r = runner();
  await r.run(`import def, { named } from "esm";
import * as ns from "cjs";
import { a, b as bee } from "cjs";
import "esm";
import type { Nothing } from "nowhere";
import { type OnlyType } from "nowhere-either";
import req = require("thing");`);
  assert.deepEqual(await r.run("[def, named, ns.a, a, bee, req.required]"), ["D", "N", 1, 1, 2, "thing"]);
  assert.deepEqual(r.imported, ["esm", "cjs", "cjs", "esm"]);
});

test("an import is kept even when the cell does not use it (a later cell does)", () => {
  const c = compileCell('import { unused } from "pkg";');
  assert.match(c.js, /importNamed\("pkg"\)/);
  assert.deepEqual(c.declared, ["unused"]);
});

test("dynamic import() goes through the kernel's importer", async () => {
  const r = runner();
  assert.equal(await r.run('const m = await import("esm"); m.named'), "N");
});

test("export modifiers are dropped", async () => {
  const r = runner();
  await r.run("export const e1 = 1; export function e2() { return 2 } export default 3;");
  assert.deepEqual(await r.run("[e1, e2()]"), [1, 2]);
});

test("javascript cells compile; TypeScript syntax in them is an error", () => {
  assert.deepEqual(compileCell("const k = 1; k", { language: "javascript" }).diagnostics, []);
  const bad = compileCell("const k: number = 1;", { language: "javascript" });
  assert.equal(bad.diagnostics.length > 0, true);
});

test("a syntax error names line and column", () => {
  const c = compileCell("const ok = 1;\nconst bad = {a 1};");
  assert.equal(c.diagnostics.length > 0, true);
  assert.equal(c.diagnostics[0].line, 2);
  assert.equal(c.diagnostics[0].column, 16);
  assert.match(c.diagnostics[0].message, /expected/);
});

test("every kind of loop gets an interrupt check", async () => {
  const c = compileCell("for (;;) {} for (const a of []) {} for (const k in {}) {} while (true) {} do {} while (true); const f = () => { while (true) {} }");
  assert.equal(c.js.match(/__cascade\.i\[0\] && __cascade\.stop\(\)/g)?.length, 6);
  const r = runner();
  r.flag[0] = 1;
  await assert.rejects(r.run("let spins = 0; while (true) { spins++ }"), /stopped/);
});

test("source map points back at the TypeScript line and column", () => {
  const src = "const a: number = 1;\ninterface I { x: number }\nfunction boom(): never {\n  throw new Error('x');\n}";
  const c = compileCell(src, { cellName: "cell 7" });
  const map = new SourceMap(JSON.parse(c.sourceMap));
  const lines = c.js.split("\n");
  const line = lines.findIndex((l) => l.includes("throw new Error"));
  const col = lines[line].indexOf("throw");
  const hit = map.findEntry(line, col) as { originalLine: number; originalColumn: number; originalSource: string };
  assert.equal(hit.originalLine + 1, 4);
  assert.equal(hit.originalColumn + 1, 3);
  assert.equal(hit.originalSource, "cell 7");
});

test("declared lists every top-level name once", () => {
  const c = compileCell("import x from 'm'; const { a, b: [c] } = o; let d; function e() {} class F {} enum G { A } const a2 = 1; const x2 = 2;");
  for (const n of ["x", "a", "c", "d", "e", "F", "G", "a2", "x2"]) assert.ok(c.declared.includes(n), `${n} declared`);
  assert.equal(new Set(c.declared).size, c.declared.length);
});

test("the fast path is taken for ordinary TypeScript cells; enums, decorators, JavaScript take the full path", () => {
  assert.equal(compileCell("const a: number = 1; class K<T> { constructor(private t: T) {} } a").path, "fast");
  assert.equal(compileCell("enum E { A }").path, "full");
  assert.equal(compileCell("const k = 1", { language: "javascript" }).path, "full");
});

test("fast and full paths produce cells that behave the same", async () => {
  const cells = [
    "const { p, q: [r = 2] } = { p: 1, q: [] as number[] };",
    "abstract class Shape { abstract area(): number; describe() { return `area ${this.area()}` } }",
    "class Sq extends Shape { constructor(public side: number) { super() } area() { return this.side ** 2 } }",
    "namespace Geo { export const unit = 'm' }",
    "function over(a: string): string; function over(a: number): number; function over(a: any) { return a }",
    "const v = await (async () => 40)() + await [2][0]!;",
    "declare const ambient: number; type Pair<T> = [T, T]; const pair: Pair<number> = [v, p as number];",
    "[new Sq(3).describe(), Geo.unit, over(r), pair]",
  ];
  const results = [];
  for (const compile of [compileCell, compileFull]) {
    const r = runner();
    let last: unknown;
    for (const code of cells) {
      const c = compile(code, {});
      assert.deepEqual(c.diagnostics, [], code);
      last = await vm.runInContext(c.js, r.ctx);
    }
    results.push(structuredClone(last));
  }
  assert.deepEqual(results[0], ["area 9", "m", 2, [42, 1]]);
  assert.deepEqual(results[1], results[0]);
});

test("fast path: syntax errors and source maps", () => {
  const bad = compileCell("const ok = 1;\nconst bad = {a 1};");
  assert.equal(bad.path, "fast");
  assert.deepEqual([bad.diagnostics[0].line, bad.diagnostics[0].column], [2, 16]);
  const c = compileCell("const a: number = 1;\nfunction boom(): never {\n  throw new Error('x');\n}", { cellName: "cell 9" });
  const map = new SourceMap(JSON.parse(c.sourceMap));
  const lines = c.js.split("\n");
  const line = lines.findIndex((l) => l.includes("throw new Error"));
  const hit = map.findEntry(line, lines[line].indexOf("throw")) as { originalLine: number; originalColumn: number; originalSource: string };
  assert.deepEqual([hit.originalLine + 1, hit.originalColumn + 1, hit.originalSource], [3, 3, "cell 9"]);
});

// ---- source maps: what a debugger sees -------------------------------------------------------

/** 1-based line and column of every statement the user wrote (what a debugger stops at). */
function userStatements(source: string): Array<{ line: number; column: number; text: string }> {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Array<{ line: number; column: number; text: string }> = [];
  const visit = (node: ts.Node) => {
    const typeOnly = ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);
    if (!typeOnly && !ts.isBlock(node) && (ts.isStatement(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node))) {
      const start = node.getStart(file);
      const { line, character } = file.getLineAndCharacterOfPosition(start);
      out.push({ line: line + 1, column: character + 1, text: source.slice(start, node.end).split("\n")[0] });
    }
    if (!typeOnly) ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** Where each statement of the compiled script maps to in the cell (1-based), exact hits only. */
function mappedStatements(js: string, sourceMap: string): Set<string> {
  const map = new SourceMap(JSON.parse(sourceMap));
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const hits = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isStatement(node)) {
      const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
      const e = map.findEntry(line, character) as { generatedLine?: number; generatedColumn?: number; originalLine?: number; originalColumn?: number };
      if (e.generatedLine === line && e.generatedColumn === character && e.originalLine !== undefined) hits.add(`${e.originalLine + 1}:${(e.originalColumn ?? 0) + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return hits;
}

const DEBUGGED_CELL = [
  'import { sum } from "cjs";',
  "interface Row { v: number }",
  "const rows: Row[] = [{ v: 1 }, { v: 2 }];",
  "let total = 0;",
  "function double(n: number): number {",
  "  const d = n * 2;",
  "  return d;",
  "}",
  "for (const r of rows) {",
  "  total += double(r.v);",
  "  if (total > 100) break;",
  "}",
  "while (total < 10) total++;",
  "class Acc { n = 0; add(x: number) { this.n += x; return this; } }",
  "try { JSON.parse(\"{\"); } catch (e) { total = -1; }",
  "const [a, b] = [1, 2], label = `t${a + b}`;",
  "total;",
].join("\n");

for (const [path, compile] of [["fast", compileCell], ["full", compileFull]] as const) {
  test(`source map (${path} path): every statement of the cell maps to its line and column`, () => {
    const c = compile(DEBUGGED_CELL, { cellName: "Cell 4", sourceName: "/nb/e2e.ipynb.cell-4.ts" });
    assert.equal(c.path, path);
    assert.deepEqual(c.diagnostics, []);
    const map = JSON.parse(c.sourceMap) as { sources: string[]; sourcesContent: string[] };
    assert.deepEqual(map.sources, ["/nb/e2e.ipynb.cell-4.ts"], "the source a debugger shows is the one the kernel was given");
    assert.deepEqual(map.sourcesContent, [DEBUGGED_CELL], "the cell's own text travels with the map");
    const hits = mappedStatements(c.js, c.sourceMap);
    const expected = userStatements(DEBUGGED_CELL).filter((s) => !s.text.startsWith("const [a, b]"));
    assert.ok(expected.length >= 15, `found ${expected.length} statements`);
    for (const s of expected) assert.ok(hits.has(`${s.line}:${s.column}`), `statement "${s.text}" at ${s.line}:${s.column} has a compiled statement mapped to it (mapped: ${[...hits].join(" ")})`);
    // Two declarators in one statement: each stops on its own.
    assert.ok(hits.has("16:7") && hits.has("16:24"), `each declarator of line 16 is mapped (mapped: ${[...hits].join(" ")})`);
  });

  test(`pauseAtStart (${path} path): a debugger statement mapped to the first statement`, async () => {
    const c = compile("// a comment\n\nconst first = 1;\nfirst + 1", { cellName: "Cell 1", pauseAtStart: true, language: "typescript" });
    assert.match(c.js, /debugger;/);
    const map = new SourceMap(JSON.parse(c.sourceMap));
    const lines = c.js.split("\n");
    const line = lines.findIndex((l) => l.includes("debugger;"));
    const e = map.findEntry(line, lines[line].indexOf("debugger")) as { originalLine?: number; originalColumn?: number };
    assert.deepEqual([e.originalLine, e.originalColumn], [2, 0], "the pause is on `const first` (line 3, column 1)");
    // Without a debugger attached the statement does nothing: the cell still yields its value.
    const r = runner();
    assert.equal(await vm.runInContext(c.js, r.ctx), 2);
    assert.doesNotMatch(compile("const x = 1;", { cellName: "Cell 1" }).js, /debugger/, "no pause unless asked");
  });
}
