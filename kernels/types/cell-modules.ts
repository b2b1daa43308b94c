/**
 * A notebook as a chain of TypeScript modules, one per cell, so that the language service sees
 * each cell the way the kernel runs it: knowing what the cells before it declared, and free to
 * declare the same names again.
 *
 * Cell k becomes the module `__cell_k.ts`:
 *
 *   header:  import type * as __cascade_prev_2 from "./__cell_2"; import { f, Point } from "./__cell_1"; declare let x: typeof __cascade_prev_2.x;
 *   then:    the cell's own code, unchanged (positions map by the header's length)
 *   last:    export { ...what the cell declares };
 *
 * (each name imported from the cell that declared it last).
 *
 * Variables come in as `declare let` (a later cell may assign to them, as it may at run time);
 * functions, classes, enums, types and imports come in as imports (they carry types and values).
 * A name the cell declares itself is left out of its header, so re-declaring is no error.
 */
import ts from "typescript";

export type NameKind = "variable" | "function" | "class" | "interface" | "type" | "enum" | "namespace" | "import";

export interface DeclaredName {
  name: string;
  kind: NameKind;
  /** The declaration's doc comment on one line (`/** ... *\/`), carried into later cells. */
  doc?: string;
}

export const PREV = "__cascade_prev";

const declarationCache = new Map<string, DeclaredName[]>();

/** The last `/** ... *\/` comment before `node`, folded onto one line. */
function docComment(code: string, node: ts.Node): string | undefined {
  const ranges = ts.getLeadingCommentRanges(code, node.pos) ?? [];
  const last = ranges.filter((r) => code.startsWith("/**", r.pos)).pop();
  if (!last) return undefined;
  const body = code
    .slice(last.pos + 3, last.end - 2)
    .split("\n")
    .map((l) => l.replace(/^\s*\*\s?/, "").trim())
    .filter(Boolean)
    .join(" ");
  return `/** ${body.replace(/\*\//g, "* /")} */`;
}

function bindingNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

/**
 * The top-level names a cell declares, in order, with whether each is a variable.
 *
 * @example declaredNames("const a = 1; function f() {}") // [{ name: "a", kind: "variable" }, { name: "f", kind: "other" }]
 */
export function declaredNames(code: string): DeclaredName[] {
  const cached = declarationCache.get(code);
  if (cached) return cached;
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: DeclaredName[] = [];
  const add = (name: string, kind: NameKind, doc?: string) => out.push(doc ? { name, kind, doc } : { name, kind });
  for (const stmt of file.statements) {
    if (ts.isVariableStatement(stmt)) {
      const names: string[] = [];
      for (const d of stmt.declarationList.declarations) bindingNames(d.name, names);
      const doc = docComment(code, stmt);
      for (const n of names) add(n, "variable", doc);
    } else if (ts.isFunctionDeclaration(stmt) && stmt.name) add(stmt.name.text, "function");
    else if (ts.isClassDeclaration(stmt) && stmt.name) add(stmt.name.text, "class");
    else if (ts.isInterfaceDeclaration(stmt)) add(stmt.name.text, "interface");
    else if (ts.isTypeAliasDeclaration(stmt)) add(stmt.name.text, "type");
    else if (ts.isEnumDeclaration(stmt)) add(stmt.name.text, "enum");
    else if (ts.isModuleDeclaration(stmt) && ts.isIdentifier(stmt.name)) add(stmt.name.text, "namespace");
    else if (ts.isImportDeclaration(stmt) && stmt.importClause) {
      const c = stmt.importClause;
      if (c.name) add(c.name.text, "import");
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) add(c.namedBindings.name.text, "import");
      else if (c.namedBindings) for (const el of c.namedBindings.elements) add(el.name.text, "import");
    } else if (ts.isImportEqualsDeclaration(stmt)) {
      add(stmt.name.text, "import");
    }
  }
  if (declarationCache.size > 2000) declarationCache.clear();
  declarationCache.set(code, out);
  return out;
}

const referenceCache = new Map<string, Set<string>>();

/**
 * Every identifier a cell's code mentions (names it uses, property names, its own names: a
 * superset of the earlier names it can refer to).
 *
 * @example referencedNames("total += v1.size") // Set { "total", "v1", "size" }
 */
export function referencedNames(code: string): Set<string> {
  const cached = referenceCache.get(code);
  if (cached) return cached;
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) out.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (referenceCache.size > 2000) referenceCache.clear();
  referenceCache.set(code, out);
  return out;
}

/** What is visible after the given cells: name -> its last declaration. */
export function visibleNames(cells: string[]): Map<string, DeclaredName> {
  const visible = new Map<string, DeclaredName>();
  for (const code of cells) for (const d of declaredNames(code)) {
    visible.delete(d.name);
    visible.set(d.name, d);
  }
  return visible;
}

export interface CellModule {
  /** Module file name relative to the notebook folder, e.g. "__cell_3.ts". */
  fileName: string;
  text: string;
  /** Where the cell's own code starts in `text`. */
  offset: number;
}

export function cellFileName(index: number): string {
  return `__cell_${index}.ts`;
}

/**
 * The modules for `cells` (the context cells, then the cell of interest last). Each name comes
 * straight from the cell that declared it last (not through every cell in between), so the
 * checker resolves a name in one step however long the notebook.
 *
 * Module k depends on cells 0..k only. Given the `previous` chain (the cells and modules of an
 * earlier call), the modules of the cells both chains share from the start are taken from it
 * as they are (the same strings), and only the rest are built: asking about cell 50 again with
 * different code in it builds one header, not fifty.
 *
 * `referencedOnly`: each header brings in only the earlier names its cell mentions (for type
 * checks: a name a cell does not mention cannot change its diagnostics, except for the
 * "did you mean" of a name not found, which the service checks again with the full header).
 * A hundred cells then make a hundred short headers, not five thousand declarations.
 *
 * @example cellModules(["const a = 1;", "a + 1"])[1].text
 *   // 'import type * as __cascade_prev_0 from "./__cell_0"; declare let a: typeof __cascade_prev_0.a;\na + 1\nexport {  };\n'
 */
export function cellModules(cells: string[], previous?: { cells: readonly string[]; modules: readonly CellModule[] }, { referencedOnly = false }: { referencedOnly?: boolean } = {}): CellModule[] {
  let same = 0;
  if (previous) {
    const limit = Math.min(cells.length, previous.cells.length, previous.modules.length);
    while (same < limit && cells[same] === previous.cells[same]) same++;
  }
  // What the cells before the last one declare, kept from the call that built `previous`: a
  // request at cell 50 whose cells before are unchanged does not go through them again.
  const kept = previous && prefixVisible.get(previous.modules);
  const visible = kept && kept.count === same ? new Map(kept.visible) : new Map<string, VisibleName>();
  const declare = (own: DeclaredName[], index: number) => {
    for (const d of own) {
      visible.delete(d.name); // re-declared: keep the order of last declaration
      visible.set(d.name, { ...d, cell: index });
    }
  };
  const out: CellModule[] = previous ? previous.modules.slice(0, same) : [];
  if (!(kept && kept.count === same)) for (let index = 0; index < same; index++) declare(declaredNames(cells[index]), index);
  for (let index = same; index < cells.length; index++) {
    if (index === cells.length - 1) prefixVisible.set(out, { count: index, visible: new Map(visible) });
    const code = cells[index];
    const own = declaredNames(code);
    const ownNames = new Set(own.map((d) => d.name));
    const mentioned = referencedOnly ? referencedNames(code) : undefined;
    let header = "";
    if (index > 0) {
      const typeImports = new Set<number>();
      const imports = new Map<number, string[]>();
      const declares: string[] = [];
      for (const [name, d] of visible) {
        if (ownNames.has(name) || (mentioned && !mentioned.has(name))) continue;
        // A doc comment attaches only to a statement that starts its line.
        if (d.kind === "variable") {
          typeImports.add(d.cell);
          declares.push(`${d.doc ? "\n" + d.doc + "\n" : ""}declare let ${name}: typeof ${PREV}_${d.cell}.${name};`);
        } else imports.set(d.cell, [...(imports.get(d.cell) ?? []), name]);
      }
      const parts: string[] = [];
      for (const j of [...typeImports].sort((a, b) => a - b)) parts.push(`import type * as ${PREV}_${j} from "./${cellFileName(j).replace(/\.ts$/, "")}";`);
      for (const [j, names] of [...imports].sort((a, b) => a[0] - b[0])) parts.push(`import { ${names.join(", ")} } from "./${cellFileName(j).replace(/\.ts$/, "")}";`);
      parts.push(...declares);
      header = parts.join(" ");
    }
    declare(own, index);
    // A cell exports what it declares itself; later cells import each name from its cell.
    const trailer = `\nexport { ${[...ownNames].join(", ")} };\n`;
    out.push({ fileName: cellFileName(index), text: `${header}\n${code}${trailer}`, offset: header.length + 1 });
  }
  return out;
}

type VisibleName = DeclaredName & { cell: number };
/** For a chain cellModules built: the names visible before its last cell (`count` cells). */
const prefixVisible = new WeakMap<readonly CellModule[], { count: number; visible: Map<string, VisibleName> }>();

/**
 * Whether a cell changes what other modules see (`declare global { ... }`, `declare module "x"`):
 * then a check of an earlier cell in a program that also holds this one could differ from the
 * check of the earlier cell with only the cells before it.
 */
export function augmentsOthers(code: string): boolean {
  return /\bdeclare\s+(global\b|module\s*["'`])/.test(code);
}
