// Bundles every entry point into dist/ with esbuild. Spec files (`*.spec.ts` beside the code
// they test) are bundled one by one into dist/test/ so `node --test` runs them directly.
//
//   node build.mjs               build
//   node build.mjs --if-changed  build only when a source file changed since the last build
//                                (`npm run notebooks` uses it: a re-run does not rebuild)
import { readdirSync, statSync, rmSync, mkdirSync, copyFileSync, existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const root = new URL(".", import.meta.url).pathname;

/** Every input of the build, by path, size and modification time: a change to any changes this. */
function fingerprint() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const rel = join(dir, name);
      const st = statSync(join(root, rel));
      if (st.isDirectory()) walk(rel);
      else hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  for (const dir of ["kernels", "lib", "extension", "bench", "test"]) if (existsSync(join(root, dir))) walk(dir);
  for (const file of ["build.mjs", "package.json", "package-lock.json", "tsconfig.json"]) {
    const st = statSync(join(root, file), { throwIfNoEntry: false });
    if (st) hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return hash.digest("hex");
}
const stampFile = join(root, "dist/.build-fingerprint");
const inputs = fingerprint();
if (process.argv.includes("--if-changed") && existsSync(join(root, "dist/cli.js")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === inputs) {
  process.exit(0);
}
rmSync(stampFile, { force: true });

const { build } = await import("esbuild");
const { default: ts } = await import("typescript");
const external = ["typescript", "zeromq", "vscode", "playwright-core", "danfojs-node", "nodejs-polars", "tslab", "ccxt", "apache-arrow", "plotly.js-dist-min", "typedoc", "parquet-wasm", "@duckdb/node-api"];

function specs(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) specs(p, out);
    else if (name.endsWith(".spec.ts")) out.push(p);
  }
  return out;
}

// keepNames: a frame shows as `Frame`, not a renamed `_Frame`, in the variables view and errors.
const common = { bundle: true, platform: "node", target: "node20", format: "cjs", sourcemap: "linked", keepNames: true, external, logLevel: "warning" };
const entries = {
  "kernel-process": "kernels/runtime/kernel-process.ts",
  "types-thread": "kernels/runtime/types-thread.ts",
  "protocol-thread": "kernels/runtime/protocol-thread.ts",
  cli: "kernels/cli.ts",
  "lib/cascade": "lib/index.ts",
  "lib/cascade-worker": "lib/models/monte-carlo-worker.ts",
  "bench/run": "bench/run.ts",
  "lib-docs": "kernels/types/lib-docs.ts",
  "docs/reference": "docs/reference.ts",
  extension: "extension/extension.ts",
  // The TypeScript server plugin the extension contributes (staged as a package by the packaging script).
  "ts-plugin": "extension/ts-plugin/unused-in-notebooks.ts",
};
const existing = Object.fromEntries(Object.entries(entries).filter(([, src]) => { try { return statSync(join(root, src)).isFile(); } catch { return false; } }));

rmSync(join(root, "dist/test"), { recursive: true, force: true });
const testEntries = Object.fromEntries(specs(root).map((p) => [join("test", relative(root, p).replace(/\.ts$/, "")), p]));
await build({ ...common, entryPoints: { ...existing, ...testEntries }, outdir: join(root, "dist") });

// The VS Code extension's notebook renderers and webview scripts run in a browser, as ES
// modules, with plotly.js bundled in (they draw offline).
const browserEntries = {
  "renderers/plotly": "extension/renderers/plotly-renderer.ts",
  "renderers/frame": "extension/renderers/frame-renderer.ts",
  "renderers/frame-panel": "extension/renderers/frame-panel.ts",
  "renderers/variables-grid": "extension/variables/grid-webview.ts",
};
await build({ entryPoints: browserEntries, outdir: join(root, "dist"), bundle: true, platform: "browser", format: "esm", target: "es2022", minify: true, sourcemap: false, logLevel: "warning" });

// Declarations for the language service: "cascade" (lib/), the kernel's globals and "tslab".
const typesDir = join(root, "dist/types");
rmSync(typesDir, { recursive: true, force: true });
mkdirSync(typesDir, { recursive: true });
for (const f of ["kernel-globals.d.ts", "tslab.d.ts"]) copyFileSync(join(root, "kernels/types", f), join(typesDir, f));
const program = ts.createProgram([join(root, "lib/index.ts")], {
  declaration: true,
  emitDeclarationOnly: true,
  outDir: join(typesDir, "lib"),
  rootDir: join(root, "lib"),
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: ["node"],
  skipLibCheck: true,
  strict: true,
});
const emitted = program.emit();
const problems = emitted.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
if (problems.length > 0) {
  console.error(ts.formatDiagnosticsWithColorAndContext(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  process.exit(1);
}

// The library's documentation for help(value) in cells and for hover: each export's summary,
// signature, options and examples by export name, read from the same program's doc comments
// (kernels/types/lib-docs.ts, bundled above). The kernel has no TypeScript sources at run time.
const { collectLibDocs } = createRequire(import.meta.url)(join(root, "dist/lib-docs.js"));
writeFileSync(join(typesDir, "lib-docs.json"), JSON.stringify(collectLibDocs(root, program).entries));

// The library's module comments (each file's top comment, up to 1,500 characters), which the
// declarations above drop: hovers show them where a doc comment says "see the module comment".
const moduleDocs = {};
function libFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) libFiles(p, out);
    else if (name.endsWith(".ts") && !name.endsWith(".spec.ts") && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}
for (const file of libFiles(join(root, "lib"))) {
  const text = ts.sys.readFile(file) ?? "";
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(text);
  if (!m) continue;
  const lines = m[1].split("\n").map((l) => l.replace(/^\s*\*\s?/, "").trimEnd());
  // Paragraphs kept apart; lines inside a paragraph joined (Markdown reflows them anyway).
  const doc = lines.join("\n").trim().replace(/\n{3,}/g, "\n\n");
  if (doc) moduleDocs[relative(join(root, "lib"), file).replace(/\\/g, "/").replace(/\.ts$/, "")] = doc.length > 1500 ? doc.slice(0, 1500).replace(/\s+\S*$/, "") + " …" : doc;
}
writeFileSync(join(typesDir, "module-docs.json"), JSON.stringify(moduleDocs, null, 1) + "\n");

// Written last, through a rename: a build that failed part way leaves no fingerprint.
writeFileSync(`${stampFile}.tmp`, inputs);
renameSync(`${stampFile}.tmp`, stampFile);
