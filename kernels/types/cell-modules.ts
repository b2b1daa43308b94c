/**
 * A notebook as a chain of TypeScript modules, one per cell, so that the language service sees
 * each cell the way the kernel runs it: knowing what the cells before it declared, and free to
 * declare the same names again.
 *
 * Cell k becomes the module `__cell_k.ts`:
 *
 *   header:  import type * as __cascade_prev from "./__cell_{k-1}"; import { f, Point } from "./__cell_{k-1}"; declare let x: typeof __cascade_prev.x;
 *   then:    the cell's own code, unchanged (positions map by the header's length)
 *   last:    export { f, Point, x, ...what the cell declares };
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
 * The modules for `cells` (the context cells, then the cell of interest last).
 *
 * @example cellModules(["const a = 1;", "a + 1"])[1].text
 *   // 'import type * as __cascade_prev from "./__cell_0"; declare let a: typeof __cascade_prev.a;\na + 1\nexport { a };\n'
 */
export function cellModules(cells: string[]): CellModule[] {
  const visible = new Map<string, DeclaredName>();
  return cells.map((code, index) => {
    const own = declaredNames(code);
    const ownNames = new Set(own.map((d) => d.name));
    let header = "";
    if (index > 0) {
      const prev = `./__cell_${index - 1}`;
      const imports: string[] = [];
      const declares: string[] = [];
      for (const [name, d] of visible) {
        if (ownNames.has(name)) continue;
        // A doc comment attaches only to a statement that starts its line.
        if (d.kind === "variable") declares.push(`${d.doc ? "\n" + d.doc + "\n" : ""}declare let ${name}: typeof ${PREV}.${name};`);
        else imports.push(name);
      }
      header = `import type * as ${PREV} from "${prev}";`;
      if (imports.length > 0) header += ` import { ${imports.join(", ")} } from "${prev}";`;
      if (declares.length > 0) header += " " + declares.join(" ");
    }
    for (const d of own) {
      visible.delete(d.name); // re-declared: keep the order of last declaration
      visible.set(d.name, d);
    }
    const exported = [...visible.keys()];
    const trailer = `\nexport { ${exported.join(", ")} };\n`;
    return { fileName: cellFileName(index), text: `${header}\n${code}${trailer}`, offset: header.length + 1 };
  });
}
