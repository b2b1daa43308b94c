/**
 * Load the `typescript` package through V8's code cache.
 *
 * typescript.js is 9 MB of JavaScript; compiling it is most of a kernel's start time (about
 * 110 ms of 260 ms measured). V8 can save the compiled code (`vm.Script#createCachedData`) and
 * reuse it in the next process when V8's version and flags match, so the kernel loads
 * TypeScript from source the first time and from the cache afterwards. A rejected or corrupt
 * cache costs nothing but the compile it would have saved; cache writes are atomic.
 *
 * Once loaded here, the module sits in require.cache, so every `require("typescript")` in the
 * kernel gets this instance.
 */
import Module, { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import * as vm from "node:vm";

let script: vm.Script | undefined;
let cacheFile: string | undefined;
let cacheUsed = false;

/** Its own folder (CASCADE_V8_CACHE_DIR), apart from the market-data cache (CASCADE_CACHE_DIR). */
export function cacheDir(): string {
  return process.env.CASCADE_V8_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cascade-notebooks", "v8");
}

/** The version of the installed typescript package, without loading it. */
export function typescriptVersion(): string {
  const pkg = createRequire(__filename).resolve("typescript/package.json");
  return JSON.parse(readFileSync(pkg, "utf8")).version;
}

/**
 * Load typescript.js into require.cache (from V8's code cache when there is a usable one).
 * `use` names the cache: each thread that loads TypeScript keeps its own, holding the functions
 * that thread compiled by the time it saved (the kernel's: the transpiler; the types thread's:
 * the checker and the language service).
 */
export function loadTypeScript(use = ""): void {
  const req = createRequire(__filename);
  const path = req.resolve("typescript");
  if (req.cache[path]) return;
  const source = readFileSync(path, "utf8");
  cacheFile = join(cacheDir(), `typescript-${typescriptVersion()}-v8-${process.versions.v8}-${process.arch}${use ? `-${use}` : ""}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  script = new vm.Script(Module.wrap(source), { filename: path, cachedData });
  cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(path, module);
  mod.filename = path;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(path));
  req.cache[path] = mod;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  try {
    wrapper.call(mod.exports, mod.exports, createRequire(path), mod, path, dirname(path));
    mod.loaded = true;
  } catch (err) {
    delete req.cache[path];
    throw err;
  }
}

/**
 * Save the code cache once TypeScript has compiled a cell (in the types thread: answered its
 * first request): the cache then also holds the functions that work needs, which V8 compiles
 * lazily on first use.
 */
export function saveTypeScriptCache(): void {
  if (!script || !cacheFile || cacheUsed) return;
  const data = script.createCachedData();
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, cacheFile);
    cacheUsed = true;
  } catch {
    // A read-only home or a full disk: the kernel works the same, only starts slower.
  }
}
