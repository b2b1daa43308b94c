import { test } from "node:test";
import assert from "node:assert/strict";
import ts from "typescript";
import { posix } from "node:path";
import { init, isNotebookCellFile } from "./unused-in-notebooks";

/** How VS Code's TypeScript support names a notebook cell and an ordinary file to tsserver. */
const CELL = "^/vscode-notebook-cell/ts-nul-authority/project/quickstart.ipynb#W2sZmlsZQ==";
const FILE = "/project/plain.ts";

const SOURCE = `import { readFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import def from "node:os";
const later = 1;
let { a, b } = { a: 1, b: 2 };
export {};
function helper(x: number, unusedParameter: string): number {
  const unusedLocal = 1;
  return x;
}
class Model {
  private unusedMember = 1;
}
type Alias = number;
interface Shape { x: number }
enum Side { Buy, Sell }
const arrow = (y: number) => { const innerUnused = 2; return 1; };
if (Math.random() > 0.5) { const inBlock = 3; }
for (const loopVar of [1, 2]) {}
function generic<T>(): void {}
`;

/** A language service over one file, as tsserver would run it, with the plugin in front. */
function serviceFor(fileName: string, extra: ts.CompilerOptions = {}) {
  // The language service resolves names against the current folder, as tsserver's project does.
  const at = (f: string) => posix.resolve("/project", f);
  const files = new Map([[at(fileName), SOURCE]]);
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) => (files.has(at(f)) ? ts.ScriptSnapshot.fromString(files.get(at(f))!) : ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
    getCurrentDirectory: () => "/project",
    getCompilationSettings: () => ({ strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true, types: [], allowNonTsExtensions: true, ...extra }),
    // A cell's name ends in neither .ts nor .js: tsserver's inferred projects take it as TypeScript, so does this.
    getScriptKind: () => ts.ScriptKind.TS,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => files.has(at(f)) || ts.sys.fileExists(f),
    readFile: (f) => files.get(at(f)) ?? ts.sys.readFile(f),
  };
  const plain = ts.createLanguageService(host);
  return { plain, plugged: init({ typescript: ts }).create({ languageService: plain }) };
}

/** The unused findings as "code text" (the text the diagnostic spans, on one line). */
function unused(service: ts.LanguageService, fileName: string): string[] {
  return service
    .getSuggestionDiagnostics(fileName)
    .filter((d) => d.reportsUnnecessary)
    .map((d) => `${d.code} ${SOURCE.slice(d.start!, d.start! + d.length!).replace(/\s+/g, " ")}`)
    .sort();
}

test("notebook cells are recognised by the name VS Code gives them", () => {
  assert.equal(isNotebookCellFile(CELL), true);
  assert.equal(isNotebookCellFile("vscode-notebook-cell:/project/a.ipynb#W0"), true);
  assert.equal(isNotebookCellFile(FILE), false);
  assert.equal(isNotebookCellFile("/project/vscode-notebook-cells-notes.ts"), false);
});

test("in a notebook cell, top-level declarations are not reported unused; locals inside still are", () => {
  const { plain, plugged } = serviceFor(CELL);
  const before = unused(plain, CELL);
  // What TypeScript alone reports, the cell seen as a file of its own (the false notes included).
  // What TypeScript alone reports, the cell seen as a file of its own (the false notes included).
  assert.deepEqual(before, [
    "6133 <T>", "6133 arrow", "6133 generic", "6133 helper", '6133 import * as path from "node:path";', '6133 import def from "node:os";', "6133 inBlock", "6133 innerUnused",
    "6133 later", "6133 loopVar", "6133 unusedLocal", "6133 unusedMember", "6133 unusedParameter", "6133 y", '6192 import { readFileSync, existsSync } from "node:fs";',
    "6196 Alias", "6196 Model", "6196 Shape", "6196 Side", "6198 { a, b }",
  ]);
  // With the plugin: what is local to the cell's functions, blocks, loops and classes.
  assert.deepEqual(unused(plugged, CELL), ["6133 <T>", "6133 inBlock", "6133 innerUnused", "6133 loopVar", "6133 unusedLocal", "6133 unusedMember", "6133 unusedParameter", "6133 y"]);
  // Everything else the service answers is the language service's own.
  assert.deepEqual(plugged.getSyntacticDiagnostics(CELL).length, plain.getSyntacticDiagnostics(CELL).length);
  assert.equal(plugged.getQuickInfoAtPosition(CELL, SOURCE.indexOf("later"))?.kind, "const");
});

test("ordinary files keep every unused finding", () => {
  const { plain, plugged } = serviceFor(FILE);
  assert.deepEqual(unused(plugged, FILE), unused(plain, FILE));
  assert.ok(unused(plugged, FILE).includes("6133 later"));
});

test("with noUnusedLocals (errors, not suggestions) the same top-level findings are dropped in cells", () => {
  const { plain, plugged } = serviceFor(CELL, { noUnusedLocals: true, noUnusedParameters: true });
  const errors = (s: ts.LanguageService) => s.getSemanticDiagnostics(CELL).filter((d) => d.code === 6133 || d.code === 6196).map((d) => SOURCE.slice(d.start!, d.start! + d.length!)).sort();
  assert.ok(errors(plain).includes("later"), errors(plain).join(", "));
  assert.deepEqual(errors(plugged).filter((t) => ["later", "helper", "Alias", "arrow"].includes(t)), []);
  assert.ok(errors(plugged).includes("unusedLocal"), errors(plugged).join(", "));
});
