/**
 * How a cell's `import` finds a module: from the notebook's folder upward (the user's
 * packages and files win), then from the kernel's own packages. Built-in modules ("cascade",
 * "tslab") are always there without an install.
 *
 * ESM-only packages are resolved with the "import" condition of their package.json `exports`
 * (Node 20's require.resolve would refuse them); CommonJS packages are loaded by `import()`,
 * whose namespace carries `default` = module.exports, and named imports fall back to
 * properties of module.exports where Node's CommonJS export detection found none.
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export type Builtins = Record<string, () => unknown>;

export interface Importer {
  import(specifier: string): Promise<Record<string, unknown>>;
  importNamed(specifier: string): Promise<Record<string, unknown>>;
  require(specifier: string): unknown;
}

const NODE_BUILTIN = new Set(require("node:module").builtinModules as string[]);

const EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"];

/**
 * An importer for cells of a notebook in `baseDir`.
 *
 * @example
 *   const im = createImporter({ baseDir: "/repo/notebooks", fallbackDirs: [kernelDir], builtins });
 *   const { readCsv } = await im.importNamed("cascade");
 */
export function createImporter({ baseDir, fallbackDirs = [], builtins = {} }: { baseDir: string; fallbackDirs?: string[]; builtins?: Builtins }): Importer {
  registerTypeScriptLoader();
  const requireFromBase = createRequire(join(baseDir, "__notebook__.js"));

  function resolveFile(specifier: string): string {
    const base = isAbsolute(specifier) ? specifier : resolve(baseDir, specifier);
    const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, "index" + e))];
    // "./util.js" written in TypeScript style for a file that is really "./util.ts".
    if (/\.(c|m)?js$/.test(base)) candidates.push(base.replace(/\.(c|m)?js$/, ".$1ts"));
    for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
    throw moduleNotFound(specifier, `no file ${base}(${EXTENSIONS.join("|")})`);
  }

  function resolvePackage(specifier: string): string {
    const dirs = [...ancestors(baseDir), ...fallbackDirs.flatMap((d) => ancestors(d))];
    const [name, subpath] = splitPackage(specifier);
    for (const dir of dirs) {
      const pkgDir = join(dir, "node_modules", name);
      const pkgJson = join(pkgDir, "package.json");
      if (!existsSync(pkgJson)) continue;
      const pkg = JSON.parse(readFileSync(pkgJson, "utf8"));
      const target = resolveExports(pkg, subpath) ?? legacyEntry(pkgDir, pkg, subpath);
      if (target) return join(pkgDir, target);
    }
    throw moduleNotFound(specifier, `not installed in ${baseDir} or its parents, nor among the kernel's packages`);
  }

  function resolvePath(specifier: string): string {
    if (specifier.startsWith(".") || isAbsolute(specifier)) return resolveFile(specifier);
    if (specifier.startsWith("file:")) return resolveFile(new URL(specifier).pathname);
    return resolvePackage(specifier);
  }

  /** Cache-busting for the user's own files: an edited file is loaded anew on re-import. */
  function loadLocal(path: string): Promise<Record<string, unknown>> | Record<string, unknown> {
    const ext = extname(path);
    if (ext === ".ts" || ext === ".cts" || ext === ".mts" || ext === ".json" || ext === ".cjs" || ext === ".tsx") {
      const cached = requireFromBase.cache[path];
      if (cached && (cached as { cascadeMtime?: number }).cascadeMtime !== statSync(path).mtimeMs) delete requireFromBase.cache[path];
      const exports = requireFromBase(path);
      const mod = requireFromBase.cache[path] as { cascadeMtime?: number } | undefined;
      if (mod) mod.cascadeMtime = statSync(path).mtimeMs;
      return namespaceOf(exports);
    }
    return import(pathToFileURL(path).href + `?mtime=${statSync(path).mtimeMs}`);
  }

  async function importModule(specifier: string): Promise<Record<string, unknown>> {
    if (typeof specifier !== "string") throw new TypeError(`import() takes a module name, got ${typeof specifier}`);
    if (Object.prototype.hasOwnProperty.call(builtins, specifier)) return namespaceOf(builtins[specifier]());
    const bare = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
    if (NODE_BUILTIN.has(bare) || NODE_BUILTIN.has(bare.split("/")[0])) return import(specifier.startsWith("node:") ? specifier : `node:${specifier}`);
    const path = resolvePath(specifier);
    if (specifier.startsWith(".") || isAbsolute(specifier) || specifier.startsWith("file:")) return loadLocal(path);
    return import(pathToFileURL(path).href);
  }

  return {
    import: importModule,
    async importNamed(specifier) {
      const ns = await importModule(specifier);
      const def = ns.default;
      if (def && (typeof def === "object" || typeof def === "function") && ns.__cascadeNamespace !== true) {
        // CommonJS: names Node's export detection missed still resolve from module.exports.
        return Object.assign(Object.create(null), def, ns);
      }
      return ns;
    },
    require(specifier) {
      if (Object.prototype.hasOwnProperty.call(builtins, specifier)) return builtins[specifier]();
      return requireFromBase(resolvePathForRequire(specifier));
    },
  };

  function resolvePathForRequire(specifier: string): string {
    try {
      return requireFromBase.resolve(specifier);
    } catch {
      return resolvePath(specifier);
    }
  }
}

function namespaceOf(exports: unknown): Record<string, unknown> {
  const ns: Record<string, unknown> = Object.create(null);
  if (exports && (typeof exports === "object" || typeof exports === "function")) Object.assign(ns, exports);
  ns.default = exports && typeof exports === "object" && "default" in exports && (exports as { __esModule?: boolean }).__esModule ? (exports as { default: unknown }).default : exports;
  Object.defineProperty(ns, "__cascadeNamespace", { value: true, enumerable: false });
  return ns;
}

function moduleNotFound(specifier: string, why: string): Error {
  const err = new Error(`Cannot find module "${specifier}": ${why}`);
  (err as { code?: string }).code = "ERR_MODULE_NOT_FOUND";
  return err;
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) return out;
  }
}

function splitPackage(specifier: string): [string, string] {
  const parts = specifier.split("/");
  const n = specifier.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, n).join("/");
  const rest = parts.slice(n).join("/");
  return [name, rest ? "./" + rest : "."];
}

const CONDITIONS = ["node", "import", "default", "require"];

type Exports = string | null | Exports[] | { [key: string]: Exports };

function pickCondition(target: Exports): string | undefined {
  if (typeof target === "string") return target;
  if (target === null) return undefined;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickCondition(t);
      if (r) return r;
    }
    return undefined;
  }
  for (const [cond, value] of Object.entries(target)) {
    if (CONDITIONS.includes(cond)) {
      const r = pickCondition(value);
      if (r) return r;
    }
  }
  return undefined;
}

/** package.json "exports" for a subpath with the "import" conditions (Node's ESM resolution). */
export function resolveExports(pkg: { exports?: Exports }, subpath: string): string | undefined {
  const { exports } = pkg;
  if (exports === undefined) return undefined;
  const isSubpathMap = exports !== null && typeof exports === "object" && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith("."));
  const map: Record<string, Exports> = isSubpathMap ? (exports as Record<string, Exports>) : { ".": exports };
  if (subpath in map) return pickCondition(map[subpath]);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      const middle = subpath.slice(prefix.length, subpath.length - suffix.length);
      return pickCondition(value)?.replace(/\*/g, middle);
    }
  }
  return undefined;
}

function legacyEntry(pkgDir: string, pkg: { main?: string; module?: string }, subpath: string): string | undefined {
  const rel = subpath === "." ? pkg.main ?? "index.js" : subpath;
  const base = join(pkgDir, rel);
  for (const c of [base, base + ".js", base + ".json", join(base, "index.js")]) {
    if (existsSync(c) && statSync(c).isFile()) return c.slice(pkgDir.length + 1);
  }
  return undefined;
}

let tsLoaderRegistered = false;

/** `require` of .ts files (relative imports of the user's own modules), compiled as CommonJS. */
function registerTypeScriptLoader(): void {
  if (tsLoaderRegistered) return;
  tsLoaderRegistered = true;
  const extensions = (require("node:module") as { _extensions: Record<string, (m: unknown, f: string) => void> })._extensions;
  const compile = (module: unknown, filename: string) => {
    // Loaded on first use: most notebooks never import a local .ts file.
    const ts = require("typescript") as typeof import("typescript");
    const source = readFileSync(filename, "utf8");
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        esModuleInterop: true,
        inlineSourceMap: true,
        inlineSources: true,
      },
    });
    (module as { _compile(code: string, filename: string): void })._compile(out.outputText, filename);
  };
  for (const ext of [".ts", ".cts", ".mts", ".tsx"]) extensions[ext] = compile;
}
