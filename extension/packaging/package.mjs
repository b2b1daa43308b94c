#!/usr/bin/env node
// Packages the extension as one platform-independent .vsix (run after `npm run build`):
//
//   node extension/packaging/package.mjs [--out FILE.vsix]
//
// Why a staging folder: the repository's node_modules holds everything the whole project uses
// (ZeroMQ's native binaries, ccxt, benchmarks' dataframes), while the extension needs only what
// the kernel loads at run time. So the vsix is made from a folder with exactly that: dist/
// (extension, kernel, library, renderers, declarations), bin/, notebooks/, the walkthrough, and
// node_modules with typescript (the compiler, for cells and IntelliSense), @types/node (Node's
// types for IntelliSense) and plotly.js-dist-min (for HTML export). vsce collects node_modules
// from `npm ls --production`, so the staged package.json lists exactly those as dependencies.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { execFileSync } from "node:child_process";

const root = resolve(new URL("../..", import.meta.url).pathname);
const require = createRequire(join(root, "package.json"));
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const args = process.argv.slice(2);
const out = resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : join(root, `${manifest.name}-${manifest.version}.vsix`));

if (!existsSync(join(root, "dist/extension.js"))) {
  console.error("package: dist/extension.js is missing: run `npm run build` first");
  process.exit(2);
}

/**
 * Runtime packages: name -> the files to take (relative to the package folder; folders whole).
 * Their dependencies come along whole (less maps, docs and declarations), each at the place
 * Node resolves it from, so the staged node_modules resolves exactly like the repository's.
 */
const RUNTIME = {
  typescript: (dir) => ["package.json", "LICENSE.txt", "ThirdPartyNoticeText.txt", "lib/typescript.js", "lib/typescript.d.ts", ...readdirSync(join(dir, "lib")).filter((f) => /^lib\..*\.d\.ts$/.test(f)).map((f) => `lib/${f}`)],
  "@types/node": () => ["."],
  "plotly.js-dist-min": () => ["package.json", "LICENSE", "plotly.min.js"],
  // Live exchange data (the library's loaders, Pull Market Data): the CommonJS build only.
  ccxt: () => ["package.json", "LICENSE.txt", "dist/ccxt.cjs", "dist/cjs"],
  // Parquet (the library's readParquet/writeParquet and the cache): the Node build of
  // parquet-wasm, one .wasm file for every platform, and the CommonJS build of apache-arrow,
  // through which its Arrow IPC comes into frames.
  "parquet-wasm": () => ["package.json", "LICENSE_MIT", "LICENSE_APACHE", "node/package.json", "node/parquet_wasm.js", "node/parquet_wasm_bg.wasm"],
  "apache-arrow": (dir) => ["package.json", "LICENSE.txt", "NOTICE.txt", ...commonJsFiles(dir)],
};

/** The CommonJS files of a package (every .js but browser bundles and its command-line tools). */
function commonJsFiles(dir, sub = "") {
  const out = [];
  for (const name of readdirSync(join(dir, sub))) {
    const rel = sub ? `${sub}/${name}` : name;
    if (name === "node_modules" || name === "bin") continue;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...commonJsFiles(dir, rel));
    else if (name.endsWith(".js") && !name.endsWith(".min.js")) out.push(rel);
  }
  return out;
}

/** package.json changes for packages shipped in part: every entry point names a file shipped. */
const REWRITE = {
  // Its @types/node is for TypeScript users of apache-arrow, not needed to run it (and not shipped).
  "apache-arrow": (pkg) => ({ ...pkg, dependencies: Object.fromEntries(Object.entries(pkg.dependencies ?? {}).filter(([name]) => !name.startsWith("@types/"))) }),
  ccxt: (pkg) => ({ ...pkg, main: "./dist/ccxt.cjs", module: undefined, types: undefined, exports: { ".": { default: "./dist/ccxt.cjs" }, "./package.json": "./package.json" } }),
};

/** A package's folder, as Node looks it up from `from`: node_modules of it and its parents. */
function packageDir(name, from = root) {
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(d) === d) throw new Error(`package: ${name} is not installed (looked up from ${from}): run npm ci`);
  }
}

/** Remove a trailing `//# sourceMappingURL=x.map` whose map is not beside the script in `dir` (recursively). */
function dropDanglingSourceMapUrls(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) {
      dropDanglingSourceMapUrls(file);
      continue;
    }
    if (!/\.(c|m)?js$/.test(entry.name)) continue;
    const text = readFileSync(file, "utf8");
    const m = /\n\/\/# sourceMappingURL=([^\s]+)\s*$/.exec(text.slice(-1024));
    if (!m || m[1].startsWith("data:") || existsSync(join(dir, m[1]))) continue;
    writeFileSync(file, text.slice(0, text.length - m[0].length) + "\n");
  }
}

const stage = mkdtempSync(join(tmpdir(), "cascade-vsix-"));
try {
  const copy = (from, to = from, filter) => cpSync(join(root, from), join(stage, to), { recursive: true, filter });
  const noMaps = (src) => !src.endsWith(".map");
  copy("README.md");
  if (existsSync(join(root, "LICENSE"))) copy("LICENSE");
  copy(".vscodeignore");
  copy("bin/cascade.js");
  copy("extension/walkthrough");
  mkdirSync(join(stage, "notebooks"), { recursive: true });
  if (existsSync(join(root, "notebooks"))) copy("notebooks", "notebooks", (src) => !src.includes(`${"/"}.ipynb_checkpoints`));
  // dist/ without tests, benchmarks and source maps, but for the "cascade" library's map (about
  // 400 KB in the vsix): Debug Cell steps into library functions in their TypeScript, and
  // tracebacks through the library name its TypeScript lines.
  const libraryMap = join(root, "dist", "lib", "cascade.js.map");
  copy("dist", "dist", (src) => (noMaps(src) || src === libraryMap) && !["test", "bench"].some((d) => src === join(root, "dist", d) || src.startsWith(join(root, "dist", d) + "/")) && !src.startsWith(join(root, "dist", "node_modules")));

  const deps = {};
  const copied = new Set();
  const keepDependencyFile = (src) => noMaps(src) && !/\.(md|d\.ts|d\.cts|d\.mts)$/i.test(src);
  /**
   * Copy a dependency of `fromDir` (and its own dependencies) where Node finds it. Packages
   * that declaration packages depend on (undici-types for @types/node) are all declarations.
   */
  const copyDependency = (name, fromDir, forTypes) => {
    const dir = packageDir(name, fromDir);
    const rel = relative(root, dir);
    if (copied.has(rel)) return;
    copied.add(rel);
    const types = forTypes || name.startsWith("@types/");
    cpSync(dir, join(stage, rel), { recursive: true, filter: (src) => (types ? noMaps(src) : keepDependencyFile(src)) && !src.startsWith(join(dir, "node_modules")) });
    copyDependenciesOf(dir, types);
  };
  const copyDependenciesOf = (dir, forTypes) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    // Declaration packages a runtime package lists (apache-arrow's @types/node) are not needed
    // to run it; the @types/node shipped for IntelliSense is a RUNTIME entry of its own.
    for (const name of Object.keys(pkg.dependencies ?? {})) if (forTypes || !name.startsWith("@types/")) copyDependency(name, dir, forTypes);
  };
  for (const [name, files] of Object.entries(RUNTIME)) {
    const dir = packageDir(name);
    const rel = relative(root, dir);
    copied.add(rel);
    for (const f of files(dir)) {
      const src = join(dir, f);
      if (existsSync(src)) cpSync(src, join(stage, rel, f), { recursive: true, filter: noMaps });
    }
    if (REWRITE[name]) {
      const file = join(stage, rel, "package.json");
      writeFileSync(file, JSON.stringify(REWRITE[name](JSON.parse(readFileSync(file, "utf8"))), null, 2) + "\n");
    }
    copyDependenciesOf(dir, name.startsWith("@types/"));
    deps[name] = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
  }

  // A script naming a source map the package leaves out makes a debugger attached to the kernel
  // (Debug Cell) complain about each one: drop those dangling references.
  dropDanglingSourceMapUrls(join(stage, "dist"));
  dropDanglingSourceMapUrls(join(stage, "node_modules", "typescript", "lib"));

  // The TypeScript server plugin (contributes.typescriptServerPlugins): tsserver loads it by
  // package name from the extension's node_modules, so it is staged there as a package.
  const plugin = "cascade-notebooks-ts-plugin";
  const pluginDir = join(stage, "node_modules", plugin);
  mkdirSync(pluginDir, { recursive: true });
  writeFileSync(join(pluginDir, "plugin.js"), readFileSync(join(root, "dist", "ts-plugin.js"), "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"));
  writeFileSync(join(pluginDir, "index.js"), `"use strict";\nmodule.exports = require("./plugin.js").init;\n`);
  writeFileSync(join(pluginDir, "package.json"), JSON.stringify({ name: plugin, version: manifest.version, private: true, main: "index.js", license: manifest.license }, null, 2) + "\n");
  deps[plugin] = manifest.version;

  const staged = { ...manifest, dependencies: deps };
  delete staged.devDependencies;
  delete staged.scripts;
  delete staged.overrides;
  // The npm package's file list and optional packages are not the extension's: the stage is.
  delete staged.files;
  delete staged.optionalDependencies;
  writeFileSync(join(stage, "package.json"), JSON.stringify(staged, null, 2) + "\n");

  mkdirSync(dirname(out), { recursive: true });
  const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
  execFileSync(process.execPath, [vsce, "package", "--out", out, "--allow-missing-repository", "--skip-license", "--allow-star-activation", "--no-rewrite-relative-links"], { cwd: stage, stdio: ["ignore", "inherit", "inherit"] });
  const mb = statSync(out).size / 1024 / 1024;
  console.log(`package: ${relative(process.cwd(), out) || out} (${mb.toFixed(1)} MB)`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
