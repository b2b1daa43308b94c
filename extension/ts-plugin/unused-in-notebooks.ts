/**
 * A TypeScript server plugin (contributed through `contributes.typescriptServerPlugins`) for
 * VS Code's built-in TypeScript support, which checks each notebook cell as a file of its own.
 * Alone, a cell's import or top-level `const` that only later cells use looks "declared but its
 * value is never read" to it, and VS Code draws it greyed as unnecessary: `drawdown` imported in
 * a notebook's first cell and called in its third, for one.
 *
 * In a notebook, a top-level declaration stays in the kernel's scope for every later cell (and
 * for the variables grid), so one cell alone cannot tell it is unused. This plugin drops the
 * unused-declaration diagnostics (6133, 6138, 6192, 6196, 6198, 6199) of top-level declarations
 * in notebook cells only. Unused locals, parameters, members and type parameters inside a cell
 * still show, as do all diagnostics of ordinary files. The Cascade kernel's own diagnostics
 * (which see the cells above) report no unused names.
 *
 * tsserver loads it as a package of the extension's node_modules (the packaging script stages
 * it there); its `typescript` is the one tsserver runs, handed in, never bundled.
 */
import type * as ts from "typescript";

/** "'x' is declared but its value is never read", "All imports in import declaration are unused", and kin. */
export const UNUSED_DECLARATION_CODES: ReadonlySet<number> = new Set([6133, 6138, 6192, 6196, 6198, 6199]);

/** VS Code names a notebook cell to tsserver `^/vscode-notebook-cell/<authority>/<path>`. */
export function isNotebookCellFile(fileName: string): boolean {
  return /(^|[\\/])\^?[\\/]?vscode-notebook-cell[\\/]/.test(fileName) || fileName.startsWith("vscode-notebook-cell:");
}

/** The deepest node covering [start, start + length). */
function nodeAt(t: typeof ts, sf: ts.SourceFile, start: number, length: number): ts.Node {
  let node: ts.Node = sf;
  for (;;) {
    let inner: ts.Node | undefined;
    t.forEachChild(node, (child) => {
      if (!inner && child.getStart(sf) <= start && start + length <= child.end) inner = child;
    });
    if (!inner) return node;
    node = inner;
  }
}

/**
 * Whether the span is (part of) a declaration of the cell's top level: an import, a top-level
 * variable, function, class, interface, type, enum or namespace, without anything nested in a
 * function, class body or block in between (those are locals of their own).
 */
export function isTopLevelDeclaration(t: typeof ts, sf: ts.SourceFile, start: number, length: number): boolean {
  let child: ts.Node | undefined;
  let node: ts.Node | undefined = nodeAt(t, sf, start, length);
  while (node && node.parent !== sf) {
    if (node === sf) return false;
    if (t.isBlock(node) || t.isModuleBlock(node) || t.isCaseBlock(node)) return false;
    if ((t.isFunctionLike(node) || t.isClassLike(node)) && (child === undefined || child !== (node as ts.NamedDeclaration).name)) return false;
    child = node;
    node = node.parent;
  }
  if (!node) return false;
  if (t.isImportDeclaration(node) || t.isImportEqualsDeclaration(node) || t.isVariableStatement(node)) return true;
  const named = t.isFunctionDeclaration(node) || t.isClassDeclaration(node) || t.isInterfaceDeclaration(node) || t.isTypeAliasDeclaration(node) || t.isEnumDeclaration(node) || t.isModuleDeclaration(node);
  // The declaration itself (its name, or the whole of it), not something inside it (a type
  // parameter's span `<T>` is covered by no smaller node than its function).
  return named && (child === undefined ? start === node.getStart(sf) : child === (node as ts.NamedDeclaration).name);
}

/** `diagnostics` less the unused-declaration ones of top-level declarations, for a notebook cell's file. */
export function withoutTopLevelUnused<D extends ts.Diagnostic>(t: typeof ts, sf: ts.SourceFile | undefined, diagnostics: readonly D[]): D[] {
  if (!sf || !isNotebookCellFile(sf.fileName)) return [...diagnostics];
  return diagnostics.filter((d) => !(UNUSED_DECLARATION_CODES.has(d.code) && d.start !== undefined && isTopLevelDeclaration(t, sf, d.start, d.length ?? 0)));
}

/** Wrap a language service: its suggestion and semantic diagnostics are filtered as above. */
export function decorate(t: typeof ts, service: ts.LanguageService): ts.LanguageService {
  const proxy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(service) as Array<keyof ts.LanguageService>) {
    const member = service[key];
    proxy[key] = typeof member === "function" ? (member as (...a: unknown[]) => unknown).bind(service) : member;
  }
  const sourceFile = (fileName: string) => service.getProgram()?.getSourceFile(fileName);
  proxy.getSuggestionDiagnostics = (fileName: string) => {
    const all = service.getSuggestionDiagnostics(fileName);
    return isNotebookCellFile(fileName) ? withoutTopLevelUnused(t, sourceFile(fileName), all) : all;
  };
  // With noUnusedLocals in a tsconfig, the same findings come as errors.
  proxy.getSemanticDiagnostics = (fileName: string) => {
    const all = service.getSemanticDiagnostics(fileName);
    return isNotebookCellFile(fileName) ? withoutTopLevelUnused(t, sourceFile(fileName), all) : all;
  };
  return proxy as unknown as ts.LanguageService;
}

/** The plugin module's export, as tsserver calls it. */
export function init(modules: { typescript: typeof ts }): { create(info: { languageService: ts.LanguageService }): ts.LanguageService } {
  return { create: (info) => decorate(modules.typescript, info.languageService) };
}
