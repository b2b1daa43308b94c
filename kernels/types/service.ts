/**
 * Type intelligence for notebook cells: a TypeScript 5.9 language service over the chain of
 * cell modules (cell-modules.ts). Each answer is for one cell, given the cells before it.
 *
 * @example
 *   const types = createNotebookTypes({ baseDir: "/repo/notebooks", typesDir: "dist/types" });
 *   types.complete(["const portfolio = { btc: 1 };"], "portfolio.", 10).matches // [{ label: "btc", ... }]
 */
import ts from "typescript";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { CellTypeDiagnostic, CompletionItem, SignatureInfo } from "../protocol";
import { augmentsOthers, cellFileName, cellModules, PREV, visibleNames, type CellModule, type DeclaredName, type NameKind } from "./cell-modules";
import { entryMarkdown, type DocEntry } from "./lib-docs-markdown";

/**
 * Type text as a user reads it: without the chain's internal module (`__cascade_prev.c.Options`
 * is the cell's `c.Options`) and without `import("/path/to/file").` qualifiers.
 */
export function userFacingTypeText(text: string): string {
  return withoutInternalNames(text).replace(/\bimport\("[^"]*"\)\./g, "");
}

/** The innermost identifier at `pos`, if any. */
function identifierAt(sf: ts.SourceFile, pos: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node) => {
    if (pos < n.getStart(sf) || pos > n.getEnd()) return;
    if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) found = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

export interface NotebookTypesOptions {
  /** The notebook's folder: packages and relative imports resolve from here. */
  baseDir: string;
  /** The folder with cascade.d.ts-style declarations: lib/index.d.ts, kernel-globals.d.ts, tslab.d.ts. */
  typesDir: string;
  /** Folders whose node_modules/@types give Node's types (the kernel's own install). */
  typeRoots?: string[];
}

export interface NotebookTypes {
  complete(before: string[], code: string, cursor: number): { matches: CompletionItem[]; cursorStart: number; cursorEnd: number };
  quickInfo(before: string[], code: string, cursor: number): { found: boolean; markdown: string; plain: string; start?: number; end?: number };
  signature(before: string[], code: string, cursor: number): { signatures: SignatureInfo[]; activeSignature: number; activeParameter: number };
  diagnostics(before: string[], code: string, options?: { semantic?: boolean }): CellTypeDiagnostic[];
  /**
   * The diagnostics of cells `which` of the chain `cells`, each as
   * `diagnostics(cells.slice(0, index), cells[index], { semantic })` gives them (in the order of
   * `which`), found in one program: module k depends on cells 0..k only, so one checker serves
   * them all. A cell whose view a later cell could change (the later cell brings in a global
   * declaration or a module augmentation) is checked apart, with the cells before it only.
   */
  diagnosticsOfCells(cells: string[], which: Array<{ index: number; semantic?: boolean }>): CellTypeDiagnostic[][];
  /**
   * Read and parse what a request needs besides the cells (TypeScript's lib, Node's types, the
   * library's declarations) for the chain of `cells` now, so that the first request finds them
   * parsed.
   */
  prepare(cells: string[]): void;
}

const KIND: Record<string, CompletionItem["kind"]> = {
  [ts.ScriptElementKind.variableElement]: "variable",
  [ts.ScriptElementKind.letElement]: "variable",
  [ts.ScriptElementKind.constElement]: "constant",
  [ts.ScriptElementKind.localVariableElement]: "variable",
  [ts.ScriptElementKind.functionElement]: "function",
  [ts.ScriptElementKind.localFunctionElement]: "function",
  [ts.ScriptElementKind.classElement]: "class",
  [ts.ScriptElementKind.interfaceElement]: "interface",
  [ts.ScriptElementKind.typeElement]: "type",
  [ts.ScriptElementKind.enumElement]: "enum",
  [ts.ScriptElementKind.moduleElement]: "module",
  [ts.ScriptElementKind.alias]: "variable",
  [ts.ScriptElementKind.memberVariableElement]: "property",
  [ts.ScriptElementKind.memberGetAccessorElement]: "property",
  [ts.ScriptElementKind.memberFunctionElement]: "method",
  [ts.ScriptElementKind.keyword]: "keyword",
};

const EARLIER_KIND: Record<NameKind, CompletionItem["kind"]> = {
  variable: "variable",
  function: "function",
  class: "class",
  interface: "interface",
  type: "type",
  enum: "enum",
  namespace: "module",
  import: "module",
};

/** The completion kind of the symbol an alias points to. */
function symbolKind(symbol: ts.Symbol): CompletionItem["kind"] {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return "class";
  if (f & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) return "function";
  if (f & ts.SymbolFlags.Enum) return "enum";
  if (f & ts.SymbolFlags.Interface) return "interface";
  if (f & ts.SymbolFlags.TypeAlias) return "type";
  if (f & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) return "module";
  if (f & ts.SymbolFlags.Variable) return symbol.valueDeclaration && ts.isVariableDeclaration(symbol.valueDeclaration) && ts.getCombinedNodeFlags(symbol.valueDeclaration) & ts.NodeFlags.Const ? "constant" : "variable";
  return "variable";
}

/**
 * Type text without the cell chain's plumbing: `typeof __cascade_prev.x` -> `typeof x`,
 * `__cascade_prev.c.CascadeOptions` -> `c.CascadeOptions`, `import("./__cell_3").Point` -> `Point`.
 *
 * @example withoutInternalNames("const o: __cascade_prev.c.CascadeOptions") // "const o: c.CascadeOptions"
 */
export function withoutInternalNames(text: string): string {
  return text
    .replace(new RegExp(`typeof ${PREV}(_\\d+)?\\.`, "g"), "typeof ")
    .replace(new RegExp(`\\b${PREV}(_\\d+)?\\.`, "g"), "")
    .replace(/import\("\.\/__cell_\d+"\)\./g, "");
}

/** A JSDoc tag in a hover: `@example` as a TypeScript code block, others as a labelled line. */
export function tagMarkdown(name: string, text: string): string {
  if (name === "example") {
    const body = text.replace(/^\s*\n/, "").replace(/\s+$/, "");
    // An example that is already fenced stays as it is.
    if (/^```/.test(body.trim())) return `*@example*\n\n${body.trim()}`;
    const lines = body.split("\n");
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
    return `*@example*\n\n\`\`\`ts\n${lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join("\n")}\n\`\`\``;
  }
  return `*@${name}*${text ? ` ${text}` : ""}`;
}

let moduleDocs: Record<string, string> | undefined;
/**
 * A library module's top comment (the build writes them to
 * module-docs.json beside the declarations, which drop them), for a declaration file of it.
 */
function moduleSummary(declarationFile: string | undefined): { module: string; text: string } | undefined {
  if (!declarationFile) return undefined;
  const m = /[\\/]lib[\\/](.+)\.d\.ts$/.exec(declarationFile);
  if (!m) return undefined;
  if (!moduleDocs) {
    try {
      moduleDocs = JSON.parse(ts.sys.readFile(join(declarationFile.slice(0, m.index), "module-docs.json")) ?? "{}") as Record<string, string>;
    } catch {
      moduleDocs = {};
    }
  }
  const key = m[1].replace(/\\/g, "/");
  const text = moduleDocs[key];
  return text ? { module: `lib/${key}.ts`, text } : undefined;
}

export function compilerOptions({ typesDir, typeRoots = [] }: Pick<NotebookTypesOptions, "typesDir" | "typeRoots">): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts"],
    strict: true,
    // Notebook code is exploratory: an untyped parameter is not worth a warning.
    noImplicitAny: false,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    resolveJsonModule: true,
    allowImportingTsExtensions: true,
    allowJs: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
    typeRoots: typeRoots.map((r) => join(r, "node_modules", "@types")).filter(existsSync),
    paths: { cascade: [join(typesDir, "lib", "index.d.ts")], tslab: [join(typesDir, "tslab.d.ts")] },
  };
}

/**
 * Whether the word at `start`..`cursor` of `code` is the name after a dot (`a.b|`, `a?.|`,
 * `ns.Type|` in a type): a member, not a name in scope.
 */
export function isMemberCompletion(code: string, start: number, cursor: number): boolean {
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || start < n.pos || start > n.end) return;
    const name = ts.isPropertyAccessExpression(n) ? n.name : ts.isQualifiedName(n) ? n.right : undefined;
    if (name && name.getStart(sf) === start && cursor <= name.end && n.getChildren(sf).some((c) => (c.kind === ts.SyntaxKind.DotToken || c.kind === ts.SyntaxKind.QuestionDotToken) && c.end <= start)) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/**
 * TypeScript's lib files for `lib` (as `compilerOptions` gives it) in the order a program
 * holds them: the files `lib` names and the files they reference (`/// <reference lib>`),
 * sorted as TypeScript sorts them, by their place in its list of lib names (a spec compares
 * this with a program's files).
 */
export function libFilesInOrder(lib: readonly string[]): string[] {
  const libDir = resolve(ts.getDefaultLibFilePath({}), "..");
  const internals = ts as unknown as { libMap?: Map<string, string>; libs?: string[] };
  const fileOf = (name: string) => internals.libMap?.get(name.toLowerCase()) ?? `lib.${name.toLowerCase()}.d.ts`;
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = ts.sys.readFile(join(libDir, file));
    if (text === undefined) throw new Error(`TypeScript's lib file ${file} is missing from ${libDir}`);
    for (const ref of ts.preProcessFile(text, true, false).libReferenceDirectives) visit(fileOf(ref.fileName));
    found.push(file);
  };
  for (const file of lib) visit(file);
  const names = internals.libs ?? [];
  const priority = (file: string) => {
    if (file === "lib.d.ts" || file === "lib.es6.d.ts") return 0;
    const index = names.indexOf(file.replace(/^lib\./, "").replace(/\.d\.ts$/, ""));
    return index === -1 ? names.length + 2 : index + 1;
  };
  // A stable sort, as TypeScript's: files of the same priority keep the order they were found in.
  return found
    .map((file, i) => ({ file, i, p: priority(file) }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map(({ file }) => join(libDir, file));
}

/**
 * TypeScript's lib for `lib` as one declaration file: the lib files' text one after the other,
 * in the program's order, without their reference directives. A program of one lib file
 * instead of some sixty declares the same globals, but its checker does not merge sixty files'
 * globals again on each request (every request is a new program and checker): about a sixth
 * of a completion's time.
 */
export function libAsOneFile(lib: readonly string[]): string {
  return libFilesInOrder(lib)
    .map((f) => `// ${f.split(sep).pop()}\n${ts.sys.readFile(f)!.replace(/^\/\/\/ *<reference (lib|no-default-lib)=[^\n]*$/gm, "")}`)
    .join("\n");
}

export function createNotebookTypes(options: NotebookTypesOptions): NotebookTypes {
  const baseDir = resolve(options.baseDir);
  const globals = join(options.typesDir, "kernel-globals.d.ts");
  const settings = compilerOptions(options);
  // TypeScript's lib as one file (libAsOneFile), made the first time a program needs it.
  const oneLib = join(resolve(ts.getDefaultLibFilePath(settings), ".."), "lib.cascade-notebook.d.ts");
  let oneLibSnapshot: ts.IScriptSnapshot | undefined;
  const oneLibText = () => (oneLibSnapshot ??= ts.ScriptSnapshot.fromString(libAsOneFile(settings.lib ?? [])));
  const programSettings: ts.CompilerOptions = { ...settings, lib: undefined, noLib: true };
  const files = new Map<string, { text: string; version: number; snapshot?: ts.IScriptSnapshot }>();

  /**
   * Files on disk (TypeScript's lib, @types/node, the library's declarations, local modules),
   * read once and kept while unchanged: every request builds a program, and reading some
   * seventy declaration files again for each one was most of a completion's time.
   */
  const disk = new Map<string, { mtimeMs: number; checkedIn: number; checkedAt: number; snapshot: ts.IScriptSnapshot; version: string }>();
  /**
   * When a file is looked at on disk again: a notebook's own modules once per request (the user
   * edits them beside the notebook), installed declarations (TypeScript's lib, anything under
   * node_modules, the library's) at most once a second: the language service asks for every
   * file's version twice per request, and a stat of each of some seventy files took a third of
   * a completion's time.
   */
  let requestNumber = 0;
  const libDir = resolve(ts.getDefaultLibFilePath(settings), "..") + sep;
  const typesRoot = resolve(options.typesDir) + sep;
  const installed = (f: string) => f.includes(`${sep}node_modules${sep}`) || f.startsWith(libDir) || f.startsWith(typesRoot);
  const REVALIDATE_MS = 1000;
  function diskFile(f: string): { snapshot: ts.IScriptSnapshot; version: string } | undefined {
    const hit = disk.get(f);
    const now = performance.now();
    if (hit && (hit.checkedIn === requestNumber || (installed(f) && now - hit.checkedAt < REVALIDATE_MS))) return hit;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(f).mtimeMs;
    } catch {
      disk.delete(f);
      return undefined;
    }
    if (hit && hit.mtimeMs === mtimeMs) {
      hit.checkedIn = requestNumber;
      hit.checkedAt = now;
      return hit;
    }
    const text = ts.sys.readFile(f);
    if (text === undefined) return undefined;
    const entry = { mtimeMs, checkedIn: requestNumber, checkedAt: now, snapshot: ts.ScriptSnapshot.fromString(text), version: `disk-${mtimeMs}` };
    disk.set(f, entry);
    return entry;
  }

  /**
   * Module resolution: a fresh cache per request (a file created since the last request is
   * found), but what package.json files say (which every file's module format is looked up in,
   * each time a program is made) is kept while installed files are: at most a second.
   */
  const canonical = (f: string) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase());
  let packageJsons = { at: -Infinity, cache: ts.createModuleResolutionCache(baseDir, canonical, programSettings).getPackageJsonInfoCache() };
  let resolutions = { request: -1, cache: ts.createModuleResolutionCache(baseDir, canonical, programSettings) };
  function resolutionCache(): ts.ModuleResolutionCache {
    if (resolutions.request === requestNumber) return resolutions.cache;
    const now = performance.now();
    if (now - packageJsons.at >= REVALIDATE_MS) packageJsons = { at: now, cache: ts.createModuleResolutionCache(baseDir, canonical, programSettings).getPackageJsonInfoCache() };
    resolutions = { request: requestNumber, cache: ts.createModuleResolutionCache(baseDir, canonical, programSettings, packageJsons.cache) };
    return resolutions.cache;
  }
  // Folders looked up during one request: each cell's import of an earlier cell probes the
  // notebook's folder, fifty times for a cell at the end of fifty.
  let folders = { request: -1, exists: new Map<string, boolean>() };
  const directoryExists = (d: string): boolean => {
    if (folders.request !== requestNumber) folders = { request: requestNumber, exists: new Map() };
    let known = folders.exists.get(d);
    if (known === undefined) folders.exists.set(d, (known = ts.sys.directoryExists(d)));
    return known;
  };
  const resolutionHost: ts.ModuleResolutionHost = {
    fileExists: (f) => files.has(f) || ts.sys.fileExists(f),
    readFile: (f) => files.get(f)?.text ?? ts.sys.readFile(f),
    directoryExists,
    getDirectories: ts.sys.getDirectories,
    getCurrentDirectory: () => baseDir,
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  };

  // getModuleResolutionCache is not in LanguageServiceHost's declared type, but the service
  // hands it to each program it makes (which looks up files' package.json scopes in it).
  const host: ts.LanguageServiceHost & { getModuleResolutionCache(): ts.ModuleResolutionCache } = {
    getModuleResolutionCache: resolutionCache,
    resolveModuleNameLiterals: (literals, containingFile, redirected, compilerOptions, containingSourceFile) => {
      const cache = resolutionCache();
      return literals.map((literal) => ts.resolveModuleName(literal.text, containingFile, compilerOptions, resolutionHost, cache, redirected, ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions)));
    },
    // One version per request: the service looks at the files again once per request, not once
    // per call into it (a check of a hundred cells makes a hundred calls).
    getProjectVersion: () => String(requestNumber),
    getScriptFileNames: () => [oneLib, ...files.keys(), globals],
    getScriptVersion: (f) => {
      if (f === oneLib) return "1";
      const v = files.get(f);
      return v ? String(v.version) : (diskFile(f)?.version ?? "0");
    },
    getScriptSnapshot: (f) => {
      if (f === oneLib) return oneLibText();
      const v = files.get(f);
      if (v) return (v.snapshot ??= ts.ScriptSnapshot.fromString(v.text));
      return diskFile(f)?.snapshot;
    },
    getCurrentDirectory: () => baseDir,
    getCompilationSettings: () => programSettings,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === oneLib || files.has(f) || ts.sys.fileExists(f),
    readFile: (f) => (f === oneLib ? oneLibText().getText(0, oneLibText().getLength()) : (files.get(f)?.text ?? ts.sys.readFile(f))),
    readDirectory: ts.sys.readDirectory,
    directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());

  // The library's docs (dist/types/lib-docs.json) by declaration: "lib/models/x.ts#name".
  let libraryDocs: Map<string, DocEntry> | undefined;
  const libTypes = join(options.typesDir, "lib");
  function libraryEntryAt(file: string, pos: number): DocEntry | undefined {
    if (!libraryDocs) {
      libraryDocs = new Map();
      try {
        const entries = JSON.parse(readFileSync(join(options.typesDir, "lib-docs.json"), "utf8")) as Record<string, DocEntry>;
        for (const e of Object.values(entries)) libraryDocs.set(`${e.file}#${e.declName ?? e.name}`, e);
      } catch {
        // No docs file: hover shows the declarations' own comments.
      }
    }
    if (libraryDocs.size === 0) return undefined;
    const program = service.getProgram();
    const sf = program?.getSourceFile(file);
    const node = sf && identifierAt(sf, pos);
    if (!program || !node) return undefined;
    const checker = program.getTypeChecker();
    let symbol = checker.getSymbolAtLocation(node);
    for (let hops = 0; symbol && symbol.flags & ts.SymbolFlags.Alias && hops < 1000; hops++) symbol = checker.getAliasedSymbol(symbol);
    const decl = symbol?.declarations?.[0];
    if (!symbol || !decl) return undefined;
    const rel = relative(libTypes, decl.getSourceFile().fileName);
    if (rel.startsWith("..")) return undefined;
    const key = `lib/${rel.split(sep).join("/").replace(/\.d\.ts$/, ".ts")}#${symbol.name}`;
    return libraryDocs.get(key);
  }

  /**
   * The modules in place (in `files`), and the last chain of each kind (full headers for
   * completions, hover and single checks; headers of the names each cell mentions for checks of
   * many cells), reused for the cells a request shares with it.
   */
  let inPlace: CellModule[] = [];
  const chains = { full: { cells: [] as string[], modules: [] as CellModule[] }, referenced: { cells: [] as string[], modules: [] as CellModule[] } };

  /** Put the chain of `cells` in place (a new request: files on disk are looked at again). */
  function syncChain(cells: string[], kind: keyof typeof chains = "full"): CellModule[] {
    requestNumber++;
    const modules = cellModules(cells, chains[kind], { referencedOnly: kind === "referenced" });
    chains[kind] = { cells, modules };
    placeModules(modules);
    return modules;
  }

  /** Put `modules` in `files` (the ones not already there), and only them. */
  function placeModules(modules: CellModule[]): void {
    modules.forEach((m, i) => {
      if (inPlace[i] === m) return; // the same module as the one in place
      const path = join(baseDir, m.fileName);
      const old = files.get(path);
      if (!old || old.text !== m.text) files.set(path, { text: m.text, version: (old?.version ?? 0) + 1 });
    });
    // Cells past the end of this chain (a shorter notebook than the last request) go away.
    for (let i = modules.length; files.has(join(baseDir, cellFileName(i))); i++) files.delete(join(baseDir, cellFileName(i)));
    inPlace = modules;
  }

  /**
   * The chain for `before` + `code` with the header of `code` cut to the names the cell
   * mentions (the cells before keep theirs): what a member completion needs.
   */
  function syncMember(before: string[], code: string): { file: string; module: CellModule } {
    const cells = [...before, code];
    const full = cellModules(cells, chains.full);
    chains.full = { cells, modules: full };
    // The cells before keep their full headers (the modules of `full`); the last gets a short one.
    const short = cellModules(cells, { cells: before, modules: full }, { referencedOnly: true });
    requestNumber++;
    placeModules(short);
    const module = short[short.length - 1];
    return { file: join(baseDir, module.fileName), module };
  }

  /** Put the chain for `before` + `code` in place; returns the module of `code`. */
  function sync(before: string[], code: string): { file: string; module: CellModule } {
    const modules = syncChain([...before, code]);
    const module = modules[modules.length - 1];
    return { file: join(baseDir, module.fileName), module };
  }

  /** The diagnostics of the cell of `module` (its code `code`) in the program in place. */
  function diagnosticsIn(file: string, module: CellModule, code: string, semantic: boolean): CellTypeDiagnostic[] {
    const all = [...service.getSyntacticDiagnostics(file), ...(semantic ? service.getSemanticDiagnostics(file) : [])];
    const end = module.offset + code.length;
    return all
      .filter((d) => d.start !== undefined && d.start >= module.offset && d.start <= end)
      .map((d) => ({
        ...toCell(module, code, d.start!, d.length ?? 0),
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
        code: d.code,
        severity: d.category === ts.DiagnosticCategory.Error ? ("error" as const) : ("warning" as const),
      }));
  }

  /**
   * The first cell from which on every cell sees, in the program of the whole chain, what it
   * would see with only the cells before it: the program's files that change what other files
   * see (global scripts, `declare global`, module augmentations) are all there by then. Those
   * files come in with the compiler options (lib, types, the kernel's globals) or through a
   * cell's imports, directly or through the files it imports. Undefined: it cannot be told
   * (no include reasons from this TypeScript), so each cell must be checked apart.
   */
  function firstCellSeeingAll(program: ts.Program, cells: string[]): number | undefined {
    const reasonsOf = (program as unknown as { getFileIncludeReasons?: () => Map<string, Array<{ kind: number; file?: string }>> }).getFileIncludeReasons;
    if (typeof reasonsOf !== "function") return undefined;
    const reasons = reasonsOf.call(program);
    const pathOf = (sf: ts.SourceFile) => (sf as unknown as { path: string }).path;
    const cellIndex = new Map<string, number>();
    cells.forEach((_, i) => {
      const sf = program.getSourceFile(join(baseDir, cellFileName(i)));
      if (sf) cellIndex.set(pathOf(sf), i);
    });
    // The cell whose arrival brings each file in (-1: there without any cell).
    const arrival = new Map<string, number>();
    const arrivalOf = (path: string, seen: Set<string>): number => {
      const known = arrival.get(path);
      if (known !== undefined) return known;
      const cell = cellIndex.get(path);
      if (cell !== undefined) return cell;
      if (seen.has(path)) return Infinity;
      seen.add(path);
      let first = Infinity;
      for (const r of reasons.get(path) ?? []) {
        first = Math.min(first, r.file === undefined ? -1 : arrivalOf(r.file, seen));
        if (first === -1) break;
      }
      seen.delete(path);
      if (first !== Infinity) arrival.set(path, first);
      return first;
    };
    let from = 0;
    for (const sf of program.getSourceFiles()) {
      const cell = cellIndex.get(pathOf(sf));
      const augments = (sf as unknown as { moduleAugmentations?: readonly unknown[] }).moduleAugmentations;
      const global = cell !== undefined ? augmentsOthers(cells[cell]) || (augments?.length ?? 0) > 0 : !ts.isExternalModule(sf) || (augments?.length ?? 0) > 0;
      if (!global) continue;
      const at = cell ?? arrivalOf(pathOf(sf), new Set());
      if (at === Infinity) return undefined;
      from = Math.max(from, at);
    }
    return from;
  }

  function toCell(module: CellModule, code: string, start: number, length: number): Omit<CellTypeDiagnostic, "message" | "code" | "severity"> {
    const pos = (offset: number) => {
      const rel = Math.max(0, Math.min(code.length, offset - module.offset));
      const before = code.slice(0, rel).split("\n");
      return { line: before.length, column: before[before.length - 1].length + 1 };
    };
    const a = pos(start);
    const b = pos(start + length);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** visibleNames of the cells before, kept while they are the same cells (a user typing in one cell). */
  let earlierOf: { cells: string[]; names: Map<string, DeclaredName> } | undefined;
  function earlierNames(before: string[]): Map<string, DeclaredName> {
    const same = earlierOf && earlierOf.cells.length === before.length && earlierOf.cells.every((c, i) => c === before[i]);
    if (!same) earlierOf = { cells: [...before], names: visibleNames(before) };
    return earlierOf!.names;
  }

  return {
    complete(before, code, cursor) {
      let start = cursor;
      while (start > 0 && /[\w$]/.test(code[start - 1])) start--;
      const earlier = earlierNames(before);
      // After a dot the answer is the members of what stands before it, which only the names
      // the cell mentions decide: the cell's header brings in only those (see syncMember).
      const member = isMemberCompletion(code, start, cursor);
      let { file, module } = member ? syncMember(before, code) : sync(before, code);
      let info = service.getCompletionsAtPosition(file, module.offset + cursor, { includeCompletionsWithInsertText: true });
      if (member && info?.entries.some((e) => e.kind === ts.ScriptElementKind.alias && earlier.get(e.name)?.kind === "import")) {
        // The kind of such a member comes from the earlier import of that name (below), which
        // the short header leaves out: ask again with the full one.
        ({ file, module } = sync(before, code));
        info = service.getCompletionsAtPosition(file, module.offset + cursor, { includeCompletionsWithInsertText: true });
      }
      // Names from earlier cells and imports arrive as aliases: give them their real kind
      // (an imported function is a function, not a module), from what the alias points to.
      let aliases: Map<string, CompletionItem["kind"]> | undefined;
      const aliasKind = (name: string): CompletionItem["kind"] | undefined => {
        if (!aliases) {
          aliases = new Map();
          const program = service.getProgram();
          const source = program?.getSourceFile(file);
          if (program && source) {
            const checker = program.getTypeChecker();
            for (const symbol of checker.getSymbolsInScope(source, ts.SymbolFlags.Alias)) {
              let target = symbol;
              try {
                target = checker.getAliasedSymbol(symbol);
              } catch {
                continue;
              }
              aliases.set(symbol.name, symbolKind(target));
            }
          }
        }
        return aliases.get(name);
      };
      const kindOf = (name: string, kind: string): CompletionItem["kind"] => {
        if (kind !== ts.ScriptElementKind.alias) return KIND[kind] ?? "variable";
        const d = earlier.get(name);
        if (d && d.kind !== "import") return EARLIER_KIND[d.kind];
        return aliasKind(name) ?? (d ? EARLIER_KIND[d.kind] : "variable");
      };
      // Jupyter clients expect matches for the word typed so far; VS Code filters again itself.
      const prefix = code.slice(start, cursor).toLowerCase();
      const matches = (info?.entries ?? [])
        .filter((e) => !e.name.startsWith("__cascade") && !e.name.startsWith("__cell_") && e.name.toLowerCase().startsWith(prefix))
        .map((e) => ({ label: e.name, kind: kindOf(e.name, e.kind), sortText: e.sortText }))
        .sort((a, b) => (a.sortText === b.sortText ? a.label.localeCompare(b.label) : a.sortText < b.sortText ? -1 : 1))
        .map(({ label, kind }) => ({ label, kind }));
      return { matches, cursorStart: start, cursorEnd: cursor };
    },

    quickInfo(before, code, cursor) {
      const { file, module } = sync(before, code);
      const info = service.getQuickInfoAtPosition(file, module.offset + cursor);
      if (!info) return { found: false, markdown: "", plain: "" };
      const span = { start: info.textSpan.start - module.offset, end: info.textSpan.start + info.textSpan.length - module.offset };
      // An export of "cascade": the same Markdown as help(value) in a cell.
      // "see the module comment" says nothing in a hover unless the module comment is shown.
      const withModuleComment = (text: string) => {
        if (!/module comment/i.test(text)) return text;
        const summary = moduleSummary(service.getDefinitionAtPosition(file, module.offset + cursor)?.[0]?.fileName);
        return summary ? `${text}\n\n**Module comment** (\`${summary.module}\`):\n\n${summary.text}` : text;
      };
      const entry = libraryEntryAt(file, module.offset + cursor);
      if (entry) return { found: true, markdown: withModuleComment(entryMarkdown(entry)), plain: [entry.signatures.join("\n"), entry.summary].filter(Boolean).join("\n"), ...span };
      const signature = userFacingTypeText(ts.displayPartsToString(info.displayParts));
      const docs = withModuleComment(ts.displayPartsToString(info.documentation));
      const tags = (info.tags ?? []).map((t) => tagMarkdown(t.name, ts.displayPartsToString(t.text))).join("\n\n");
      const markdown = ["```ts\n" + signature + "\n```", docs, tags].filter(Boolean).join("\n\n");
      const plain = [signature, docs].filter(Boolean).join("\n");
      return { found: true, markdown, plain, ...span };
    },

    signature(before, code, cursor) {
      const { file, module } = sync(before, code);
      const help = service.getSignatureHelpItems(file, module.offset + cursor, undefined);
      if (!help) return { signatures: [], activeSignature: 0, activeParameter: 0 };
      const signatures = help.items.map((item) => {
        const params = item.parameters.map((p) => ({ label: ts.displayPartsToString(p.displayParts), documentation: ts.displayPartsToString(p.documentation) || undefined }));
        const label = ts.displayPartsToString(item.prefixDisplayParts) + params.map((p) => p.label).join(ts.displayPartsToString(item.separatorDisplayParts)) + ts.displayPartsToString(item.suffixDisplayParts);
        return { label, documentation: ts.displayPartsToString(item.documentation) || undefined, parameters: params };
      });
      return { signatures, activeSignature: help.selectedItemIndex, activeParameter: help.argumentIndex };
    },

    diagnostics(before, code, { semantic = true } = {}) {
      const { file, module } = sync(before, code);
      return diagnosticsIn(file, module, code, semantic);
    },

    prepare(cells) {
      syncChain(cells);
      service.getProgram();
    },

    diagnosticsOfCells(cells, which) {
      for (const w of which) if (!Number.isInteger(w.index) || w.index < 0 || w.index >= cells.length) throw new RangeError(`diagnosticsOfCells: no cell ${w.index} among ${cells.length}`);
      if (which.length === 0) return [];
      /** One program of the chain of `kind`: the cells of `asked` that it can answer for. */
      const onePass = (kind: keyof typeof chains, asked: Array<{ index: number; semantic?: boolean }>) => {
        const chain = cells.slice(0, Math.max(...asked.map((w) => w.index)) + 1);
        const modules = syncChain(chain, kind);
        const program = service.getProgram();
        const from = (program && firstCellSeeingAll(program, chain)) ?? chain.length;
        return asked.map(({ index, semantic = true }) => (index >= from ? diagnosticsIn(join(baseDir, modules[index].fileName), modules[index], cells[index], semantic) : undefined));
      };
      // First with headers of the names each cell mentions; a cell with a problem again with
      // the full header (the same messages as a check of that cell alone: "did you mean"
      // suggestions come from every name in scope).
      const out = onePass("referenced", which);
      const again = which.filter((_, i) => out[i] === undefined || out[i]!.length > 0);
      if (again.length > 0) {
        const full = onePass("full", again);
        again.forEach((w, j) => (out[which.indexOf(w)] = full[j]));
      }
      // Cells a later cell could change the view of (rare: it brings in a global declaration): each apart.
      return which.map(({ index, semantic = true }, i) => out[i] ?? this.diagnostics(cells.slice(0, index), cells[index], { semantic }));
    },
  };
}
