// Bundles every entry point into dist/ with esbuild. Spec files (`*.spec.ts` beside the code
// they test) are bundled one by one into dist/test/ so `node --test` runs them directly.
import { build } from "esbuild";
import { readdirSync, statSync, rmSync, mkdirSync, copyFileSync } from "node:fs";
import ts from "typescript";
import { join, relative } from "node:path";

const root = new URL(".", import.meta.url).pathname;
const external = ["typescript", "zeromq", "parquet-wasm", "@duckdb/node-api", "vscode", "playwright-core", "danfojs-node", "nodejs-polars", "tslab", "ccxt", "apache-arrow", "plotly.js-dist-min"];

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
  extension: "extension/extension.ts",
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
