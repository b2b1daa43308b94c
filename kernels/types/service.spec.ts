import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { cellModules, declaredNames, referencedNames } from "./cell-modules";
import ts from "typescript";
import { compilerOptions, createNotebookTypes, isMemberCompletion, libAsOneFile, libFilesInOrder, tagMarkdown, withoutInternalNames, type NotebookTypes } from "./service";
import { tempDir } from "../../test/support/temp-dir";

test("declaredNames: every kind of top-level declaration", () => {
  const names = declaredNames(`import a, { b as c, type T } from "m"; import * as ns from "n";
const { d, e: [f] } = o; let g; var h = 1;
function i() {} class J {} interface K {} type L = 1; enum M { X } namespace N {}
if (true) { const inner = 1 }`);
  assert.deepEqual(names.map((n) => `${n.name}:${n.kind}`), ["a:import", "c:import", "T:import", "ns:import", "d:variable", "f:variable", "g:variable", "h:variable", "i:function", "J:class", "K:interface", "L:type", "M:enum", "N:namespace"]);
});

test("cellModules: header imports what earlier cells declared, minus what the cell re-declares", () => {
  const m = cellModules(["const a = 1; function f() { return 2 }", "const a = 'again'; a + f()"]);
  assert.equal(m[0].text, "\nconst a = 1; function f() { return 2 }\nexport { a, f };\n");
  assert.equal(m[1].text.split("\n")[0], 'import { f } from "./__cell_0";');
  // Each name straight from the cell that declared it last, however many cells lie between.
  const chain = cellModules(["const a = 1;", "function g() {}", "let b = 2;", "const a = 'x';", "a + b"]);
  assert.equal(chain[4].text.split("\n")[0], 'import type * as __cascade_prev_2 from "./__cell_2"; import type * as __cascade_prev_3 from "./__cell_3"; import { g } from "./__cell_1"; declare let b: typeof __cascade_prev_2.b; declare let a: typeof __cascade_prev_3.a;');
  assert.equal(m[1].text.slice(m[1].offset, m[1].offset + 18), "const a = 'again';");
});

test("cellModules: a previous chain's shared cells are reused as they are; referencedOnly headers bring in only mentioned names", () => {
  const cells = ["let total = 0;", "const a = 1;", "function f() {}", "total += a;"];
  const first = cellModules(cells);
  const again = cellModules([...cells.slice(0, 3), "f()"], { cells, modules: first });
  assert.ok(again.slice(0, 3).every((m, i) => m === first[i]));
  assert.equal(again[3].text, cellModules([...cells.slice(0, 3), "f()"])[3].text);
  const referenced = cellModules(cells, undefined, { referencedOnly: true });
  assert.equal(referenced[3].text.split("\n")[0], 'import type * as __cascade_prev_0 from "./__cell_0"; import type * as __cascade_prev_1 from "./__cell_1"; declare let total: typeof __cascade_prev_0.total; declare let a: typeof __cascade_prev_1.a;');
  assert.equal(referenced[2].text.split("\n")[0], "");
  assert.deepEqual([...referencedNames("total += v1.size")], ["total", "v1", "size"]);
});

test("cellModules: chains built from a previous chain (typing in the last cell, editing an earlier one) are the chains built afresh", () => {
  // A seeded walk of edits: each step changes the last cell, an earlier cell, or adds a cell.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const snippets = ["let total = 0;", "const a = 1;", "function f() { return a }", "total += a;", "const a = 'x';", "interface P { x: number }", "type Q = P[];", "class C {}", "import { z } from 'm';", "f()", "let b = total;"];
  let cells = ["let total = 0;", "const a = 1;"];
  let previous = { full: { cells, modules: cellModules(cells) }, referenced: { cells, modules: cellModules(cells, undefined, { referencedOnly: true }) } };
  for (let step = 0; step < 200; step++) {
    const next = [...cells];
    const what = rand(3);
    if (what === 0) next[next.length - 1] = snippets[rand(snippets.length)];
    else if (what === 1) next[rand(next.length)] = snippets[rand(snippets.length)];
    else next.push(snippets[rand(snippets.length)]);
    for (const kind of ["full", "referenced"] as const) {
      const options = { referencedOnly: kind === "referenced" };
      const built = cellModules(next, previous[kind], options);
      assert.deepEqual(built.map((m) => m.text), cellModules(next, undefined, options).map((m) => m.text), `step ${step} (${kind})`);
      previous[kind] = { cells: next, modules: built };
    }
    // The member completion's chain: the cells before from the full chain, a short header last.
    const short = cellModules(next, { cells: next.slice(0, -1), modules: previous.full.modules }, { referencedOnly: true });
    assert.equal(short[short.length - 1].text, cellModules(next, undefined, { referencedOnly: true })[next.length - 1].text, `step ${step} (short header)`);
    cells = next;
  }
});

test("TypeScript's lib as one file: the program's lib files in its order, and the same types and errors as the lib files", () => {
  const options = { ...compilerOptions({ typesDir: join(kernelDistDir(), "types") }), types: [] as string[], typeRoots: [] as string[], paths: {} };
  const code = [
    "const xs = [3, 1, 2].toSorted((a, b) => a - b).findLast((x) => x > 1);",
    "const m = new Map<string, number>([['a', 1]]); const e = [...m.entries()];",
    "const p = Promise.allSettled([Promise.resolve(1)]); const s = 'ab'.replaceAll('a', 'b').at(-1);",
    "const g = Object.groupBy([1, 2], (x) => String(x));", // ES2024: not in ES2023's lib
    "const h = Array.from({ length: 2 }, (_, i) => BigInt(i)); const w = new WeakRef({}); const err = new Error('x', { cause: 1 });",
    "const bad: number = [1].find((x) => x > 0);",
    "async function* gen() { yield 1 } for await (const v of gen()) v.toFixed();",
  ].join("\n");
  const file = "/cell.ts";
  const program = (libFile?: string) => {
    const host = ts.createCompilerHost(libFile ? { ...options, lib: undefined, noLib: true } : options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(file, code, version) : name === "/one-lib.d.ts" ? ts.createSourceFile(name, libFile!, version) : read(name, version));
    host.fileExists = ((exists) => (name: string) => name === file || name === "/one-lib.d.ts" || exists(name))(host.fileExists.bind(host));
    return ts.createProgram({ rootNames: libFile ? ["/one-lib.d.ts", file] : [file], options: libFile ? { ...options, lib: undefined, noLib: true } : options, host });
  };
  const standard = program();
  const libPaths = standard.getSourceFiles().map((f) => f.fileName).filter((f) => f !== file);
  assert.deepEqual(libFilesInOrder(options.lib!).map((f) => f.replace(/\\/g, "/")), libPaths);
  const one = program(libAsOneFile(options.lib!));
  assert.equal(one.getSourceFiles().length, 2);
  const view = (p: ts.Program) => {
    const checker = p.getTypeChecker();
    const sf = p.getSourceFile(file)!;
    const types: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n)) types.push(`${n.text}: ${checker.typeToString(checker.getTypeAtLocation(n))}`);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    const errors = ts.getPreEmitDiagnostics(p, sf).map((d) => `${d.start} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    return { types, errors };
  };
  const a = view(standard);
  const b = view(one);
  assert.ok(a.errors.some((e) => /groupBy/.test(e)) && a.errors.some((e) => /undefined' is not assignable/.test(e)), a.errors.join("\n"));
  assert.deepEqual(b.errors, a.errors);
  assert.ok(a.types.some((t) => t === "xs: number | undefined"), a.types.join("\n"));
  assert.deepEqual(b.types, a.types);
});

describe("notebook types (language service)", () => {
  let types: NotebookTypes;
  let dir: string;
  before(() => {
    dir = tempDir("cascade-types-");
    mkdirSync(join(dir, "node_modules", "typed-pkg"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "typed-pkg", "package.json"), JSON.stringify({ name: "typed-pkg", types: "index.d.ts", main: "index.js" }));
    writeFileSync(join(dir, "node_modules", "typed-pkg", "index.d.ts"), "/** Adds. */ export declare function add(a: number, b: number): number;");
    writeFileSync(join(dir, "util.ts"), "export const unit: string = 'usd';");
    const dist = kernelDistDir();
    types = createNotebookTypes({ baseDir: dir, typesDir: join(dist, "types"), typeRoots: [join(dist, "..")] });
  });

  const cells = [
    "/** Holdings by coin. */\nconst portfolio = { btc: 1.5, eth: 10 };",
    "let count = 0;\nfunction double(n: number): number { return n * 2 }",
    "interface Fill { px: number; qty: number }\nclass Book { fills: Fill[] = [] }",
    'import { add } from "typed-pkg";\nimport { unit } from "./util.ts";',
  ];

  test("completions know what earlier cells declared", () => {
    const r = types.complete(cells, "portfolio.", 10);
    assert.deepEqual(r.matches.map((m) => m.label), ["btc", "eth"]);
    const g = types.complete(cells, "dou", 3);
    assert.ok(g.matches.some((m) => m.label === "double" && m.kind === "function"));
    assert.equal(g.cursorStart, 0);
  });

  test("completions of Node, cascade, npm packages and local files", () => {
    assert.ok(types.complete(cells, "process.memoryU", 15).matches.some((m) => m.label === "memoryUsage"));
    assert.ok(types.complete([...cells, 'import * as cascade from "cascade";'], "cascade.", 8).matches.some((m) => m.label === "version"));
    assert.ok(types.complete(cells, "display.", 8).matches.some((m) => m.label === "update"));
    assert.ok(types.complete(cells, "unit.toUpper", 12).matches.some((m) => m.label === "toUpperCase"));
  });

  test("hover shows the type and the doc comment", () => {
    const q = types.quickInfo(cells, "portfolio", 3);
    assert.equal(q.found, true);
    assert.match(q.markdown, /btc: number/);
    assert.match(q.markdown, /Holdings by coin/);
    const a = types.quickInfo(cells, "add(1, 2)", 1);
    assert.match(a.markdown, /add\(a: number, b: number\): number/);
    assert.match(a.markdown, /Adds\./);
  });

  test("signature help inside a call", () => {
    const s = types.signature(cells, "add(1, ", 7);
    assert.equal(s.signatures[0].label, "add(a: number, b: number): number");
    assert.equal(s.activeParameter, 1);
  });

  test("diagnostics: type errors at the cell's own line and column; re-declaring and assigning earlier variables is fine", () => {
    assert.deepEqual(types.diagnostics(cells, "const portfolio = 1;\ncount += double(2);\nconst f: Fill = { px: 1, qty: 2 };\nnew Book().fills.length"), []);
    const d = types.diagnostics(cells, "const x = 1;\nconst y: string = double(x);");
    assert.equal(d.length, 1);
    assert.deepEqual([d[0].line, d[0].column, d[0].code, d[0].severity], [2, 7, 2322, "error"]);
    assert.match(d[0].message, /not assignable to type 'string'/);
  });

  test("completion kinds: an imported function is a function, a class a class, a namespace a module", () => {
    const nb = [...cells, 'import { drawdown, Frame, seededRandom } from "cascade";\nimport * as cascade from "cascade";'];
    const kinds = (prefix: string) => Object.fromEntries(types.complete(nb, prefix, prefix.length).matches.map((m) => [m.label, m.kind]));
    assert.equal(kinds("drawd").drawdown, "function");
    assert.equal(kinds("Fra").Frame, "class");
    assert.equal(kinds("seeded").seededRandom, "function");
    assert.equal(kinds("casc").cascade, "module");
    assert.equal(kinds("ad").add, "function");
    assert.equal(kinds("uni").unit, "constant");
    // Imported in the same cell too.
    const same = types.complete([], 'import { drawdown } from "cascade";\ndrawd', 41);
    assert.equal(same.matches.find((m) => m.label === "drawdown")?.kind, "function");
  });

  test("hover: no cell-chain names, examples as code, the module comment shown where a doc points to it", () => {
    const nb = [...cells, 'import * as c from "cascade";\nconst opts = {} as c.CascadeOptions;'];
    const q = types.quickInfo(nb, "opts", 2);
    assert.equal(q.found, true);
    assert.doesNotMatch(q.markdown, /__cascade_prev|__cell_/);
    const frame = types.quickInfo([...nb, 'import { Frame } from "cascade";'], "Frame", 2);
    assert.match(frame.markdown, /see the module comment/);
    assert.match(frame.markdown, /\*\*Module comment\*\* \(`lib\/frame\.ts`\):\n\nFrame: a columnar table/);
    assert.match(frame.markdown, /Three column types/);
    // A library export's hover is its help() text: the example as a TypeScript block.
    const dd = types.quickInfo([...nb, 'import { drawdown } from "cascade";'], "drawdown", 2);
    assert.match(dd.markdown, /\*\*Example\*\*\n\n```ts\n/);
  });

  test("diagnosticsOfCells: every cell checked in one program, each as if alone with the cells before it", () => {
    const nb = [
      "let total: number = 0;",
      "const label: string = 'x';",
      "const a = 1;\nconst b: string = total;",
      "total += label.length;",
      'const c: number = "3";\nlet d = a;',
      "declare global { var lateGlobal: number }\nexport {};",
      "lateGlobal.toFixed(1)",
      "const t = totl + 1;",
    ];
    const which = nb.map((_, index) => ({ index }));
    const together = types.diagnosticsOfCells(nb, which);
    const apart = nb.map((code, k) => types.diagnostics(nb.slice(0, k), code));
    assert.deepEqual(together, apart);
    // Cell 3 (index 2): line 2, column 7, as the user sees the cell.
    assert.deepEqual(together[2].map((d) => [d.line, d.column, d.code]), [[2, 7, 2322]]);
    assert.deepEqual(together[4].map((d) => [d.line, d.column, d.code]), [[1, 7, 2322]]);
    assert.deepEqual([together[0], together[1], together[3], together[5], together[6]], [[], [], [], [], []]);
    // "Did you mean" names come from every name in scope, as in a check of the cell alone.
    assert.match(together[7][0]?.message ?? "", /Cannot find name 'totl'. Did you mean 'total'\?/);
    // A global a later cell declares is not seen by a cell before it.
    const early = types.diagnosticsOfCells(["const x = lateGlobal + 1;", ...nb.slice(5)], [{ index: 0 }, { index: 2 }]);
    assert.match(early[0][0]?.message ?? "", /Cannot find name 'lateGlobal'/);
    assert.deepEqual(early[1], []);
    // Only the cells asked about, in the order asked; syntax only where semantic is false.
    const some = types.diagnosticsOfCells(nb, [{ index: 4 }, { index: 2, semantic: false }]);
    assert.deepEqual(some, [together[4], []]);
    assert.throws(() => types.diagnosticsOfCells(nb, [{ index: 8 }]), /no cell 8 among 8/);
  });

  test("requests reuse the chain: an edit of cell k changes the checks and completions of the cells after it", () => {
    const nb = ["const price = 100;", "const qty: number = 2;", "const cost: number = price * qty;"];
    assert.deepEqual(types.diagnosticsOfCells(nb, [{ index: 2 }]), [[]]);
    const edited = [nb[0], "const qty = 'two';", nb[2]];
    const after = types.diagnosticsOfCells(edited, [{ index: 2 }])[0];
    assert.deepEqual(after.map((d) => [d.line, d.column, d.code]), [[1, 30, 2363]]);
    // Back as it was: the error goes again; an earlier cell edited: completions see it.
    assert.deepEqual(types.diagnosticsOfCells(nb, [{ index: 2 }]), [[]]);
    assert.deepEqual(types.complete(["const book = { bid: 1 };", ...nb], "book.", 5).matches.map((m) => m.label), ["bid"]);
    assert.deepEqual(types.complete(["const book = { ask: 2 };", ...nb], "book.", 5).matches.map((m) => m.label), ["ask"]);
  });

  test("member completions: what stands before the dot decides, the kinds as with every name in scope", () => {
    assert.equal(isMemberCompletion("portfolio.bt", 10, 12), true);
    assert.equal(isMemberCompletion("a?.", 3, 3), true);
    assert.equal(isMemberCompletion("const x: c.Opt", 11, 14), true);
    assert.equal(isMemberCompletion("portf", 0, 5), false);
    assert.equal(isMemberCompletion("[...xs", 4, 6), false);
    assert.equal(isMemberCompletion("1.", 2, 2), false);
    const nb = [...cells, 'import * as cascade from "cascade";\nimport { drawdown } from "cascade";', "const later = 1;"];
    assert.deepEqual(types.complete(nb, "portfolio.", 10).matches.map((m) => m.label), ["btc", "eth"]);
    // drawdown, imported by name earlier, is a function among cascade's members too.
    const members = Object.fromEntries(types.complete(nb, "cascade.draw", 12).matches.map((m) => [m.label, m.kind]));
    assert.equal(members.drawdown, "function");
    // Names in scope still all there after a member completion.
    assert.ok(types.complete(nb, "lat", 3).matches.some((m) => m.label === "later"));
    assert.ok(types.complete(nb, "dou", 3).matches.some((m) => m.label === "double" && m.kind === "function"));
  });

  test("a local module edited beside the notebook is seen by the next request", () => {
    const file = join(dir, "rates.ts");
    writeFileSync(file, "export const rate: number = 1;");
    utimesSync(file, new Date(2026, 0, 1), new Date(2026, 0, 1));
    const cellsUsing = ['import { rate } from "./rates.ts";'];
    assert.deepEqual(types.diagnostics(cellsUsing, "const r: number = rate;"), []);
    writeFileSync(file, "export const rate: string = 'one';");
    utimesSync(file, new Date(2026, 0, 2), new Date(2026, 0, 2));
    assert.deepEqual(types.diagnostics(cellsUsing, "const r: number = rate;").map((d) => d.code), [2322]);
  });

  test("top-level await is no error", () => {
    assert.deepEqual(types.diagnostics(cells, "const r = await Promise.resolve(add(1, 2));\nr.toFixed(1)"), []);
  });
});

test("internal names and tags in hover text", () => {
  assert.equal(withoutInternalNames("const o: __cascade_prev.c.CascadeOptions"), "const o: c.CascadeOptions");
  assert.equal(withoutInternalNames("let x: typeof __cascade_prev.x"), "let x: typeof x");
  assert.equal(withoutInternalNames("let x: typeof __cascade_prev_12.x | __cascade_prev_3.c.Opts"), "let x: typeof x | c.Opts");
  assert.equal(withoutInternalNames('const p: import("./__cell_3").Point'), "const p: Point");
  assert.equal(tagMarkdown("example", "\n  drawdown(closes)\n  // -0.36"), "*@example*\n\n```ts\ndrawdown(closes)\n// -0.36\n```");
  assert.equal(tagMarkdown("returns", "the fall"), "*@returns* the fall");
});
