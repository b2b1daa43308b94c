/**
 * Frames in the library's bundle: mapped to its TypeScript when the bundle's linked source map
 * is installed (a build), hidden behind one line when it is not (the .vsix ships no maps).
 * The bundles here are small TypeScript files compiled into a temporary folder laid out like
 * the build (src/*.ts, dist/*.js with a linked map beside it).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { installStackMapping } from "./stack";

const LIBRARY_SOURCE = [
  "export function check(n: number): number {",
  "  if (n <= 0) throw new RangeError(`n must be > 0, got ${n}`);",
  "  return n;",
  "}",
  "export function outer(n: number): number {",
  "  return check(n) * 2;",
  "}",
  "",
].join("\n");

/** Compile LIBRARY_SOURCE to dist/<name>.js; with a linked map at dist/<name>.js.map if `withMap`. */
function buildLibrary(dir: string, name: string, withMap: boolean): string {
  mkdirSync(join(dir, "src"), { recursive: true });
  mkdirSync(join(dir, "dist"), { recursive: true });
  writeFileSync(join(dir, "src", `${name}.ts`), LIBRARY_SOURCE);
  const out = ts.transpileModule(LIBRARY_SOURCE, {
    fileName: `${name}.ts`,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: withMap, sourceRoot: "../src" },
  });
  const bundle = join(dir, "dist", `${name}.js`);
  // transpileModule links the map as `<name>.js.map`; without a map there is no comment at all.
  writeFileSync(bundle, out.outputText);
  if (withMap) writeFileSync(`${bundle}.map`, out.sourceMapText!);
  return bundle;
}

describe("library frames in stack traces", () => {
  let dir: string;
  let mapped: string;
  let unmapped: string;
  const previous = Error.prepareStackTrace;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "cascade-stack-"));
    mapped = buildLibrary(dir, "mapped", true);
    unmapped = buildLibrary(dir, "unmapped", false);
    installStackMapping([], [mapped, unmapped]);
  });
  after(() => {
    Error.prepareStackTrace = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  const stackOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      return String((err as Error).stack);
    }
    assert.fail("expected a throw");
  };

  test("with the bundle's map installed, library frames name the source file, line and column", () => {
    const lib = require(mapped) as { outer: (n: number) => number };
    const stack = stackOf(() => lib.outer(-1));
    const lines = stack.split("\n");
    assert.equal(lines[0], "RangeError: n must be > 0, got -1");
    assert.equal(lines[1], `    at check (${join(dir, "src", "mapped.ts")}:2:21)`);
    assert.equal(lines[2], `    at outer (${join(dir, "src", "mapped.ts")}:6:10)`);
    assert.doesNotMatch(stack, /mapped\.js/);
    assert.doesNotMatch(stack, /hidden/);
    // The caller's own frame (this spec) is still there, as before.
    assert.match(stack, /stack\.spec/);
  });

  test("without a map, library frames are left out and one line after the frames counts them", () => {
    const lib = require(unmapped) as { outer: (n: number) => number };
    const stack = stackOf(() => lib.outer(0));
    const lines = stack.split("\n");
    assert.equal(lines[0], "RangeError: n must be > 0, got 0");
    assert.doesNotMatch(stack, /unmapped\.(js|ts)/);
    assert.match(lines[1], /stack\.spec/, "the first frame shown is the caller's");
    assert.equal(lines.at(-1), "    ... 2 frames inside the cascade library hidden (its source map is not installed)");
    assert.equal(lines.filter((l) => l.includes("hidden")).length, 1);
  });

  test("a map that cannot be read counts as none", () => {
    const broken = join(dir, "dist", "broken.js");
    writeFileSync(broken, "exports.fail = function fail() { throw new Error('boom'); };\n//# sourceMappingURL=broken.js.map\n");
    writeFileSync(`${broken}.map`, "{ not json");
    installStackMapping([], [mapped, unmapped, broken]);
    const lib = require(broken) as { fail: () => never };
    const stack = stackOf(() => lib.fail());
    assert.doesNotMatch(stack, /broken\.js/);
    assert.match(stack.split("\n").at(-1)!, /1 frame inside the cascade library hidden/);
  });
});
