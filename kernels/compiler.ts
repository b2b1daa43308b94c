/**
 * The cell compiler: TypeScript or JavaScript cell source in, one script out.
 *
 * A notebook cell is not a module: what it declares at the top level must stay visible to the
 * cells after it, re-running it must replace what it declared, and it may `await` at the top
 * level. TypeScript's own emit is kept (types stripped, enums and namespaces lowered, source
 * map kept); two transformers around it make a cell behave like a notebook cell:
 *
 * - before TypeScript's transforms (`rewriteModuleSyntax`): `import` declarations become
 *   `await __cascade.import(...)` bindings, so they are never elided as "unused" (a later cell
 *   uses them) and resolve from the notebook's folder; `export` is dropped.
 * - after them (`hoistToGlobals`): top-level `const`/`let`/`var`/`function`/`class` become
 *   properties of the kernel's global object, the last expression becomes the cell's value, the
 *   whole is wrapped in an async arrow (top-level await), and every loop gets an interrupt
 *   check so an endless loop that runs after an `await` can still be interrupted.
 *
 * See docs in kernels/PROTOCOL.md ("Cells and scope") for why globals and not a `with` scope.
 */
import ts from "typescript";

export type CellLanguage = "typescript" | "javascript";

export interface CompileOptions {
  language?: CellLanguage;
  /** Name used in source maps and stack traces, e.g. "cell 3". */
  cellName?: string;
  /** Insert interrupt checks into loops (default true). */
  loopGuards?: boolean;
  /**
   * The source map's source (default: `cellName`): what a debugger shows and sets breakpoints
   * on. The kernel passes the cell's debug path (kernels/cell-source.ts) when the host named the
   * cell's document.
   */
  sourceName?: string;
  /**
   * Start with a `debugger;` statement mapped to the cell's first statement: a debugger that is
   * attached pauses there (Run by Line). Without a debugger it does nothing.
   */
  pauseAtStart?: boolean;
}

export interface CellDiagnostic {
  /** 1-based line in the cell. */
  line: number;
  /** 1-based column in the cell. */
  column: number;
  message: string;
}

export interface CompiledCell {
  /** Script text; evaluating it yields a Promise of the cell's value. */
  js: string;
  /** Source map (v3, JSON) from `js` back to the cell source. */
  sourceMap: string;
  /** Syntax errors: when non-empty, `js` must not be run. */
  diagnostics: CellDiagnostic[];
  /** Top-level names the cell declares (values and imports), in order. */
  declared: string[];
  /** True when the cell ends in an expression whose value is the cell's result. */
  hasValue: boolean;
  /** Which compile path ran: "fast" (direct transform) or "full" (transpileModule). */
  path: "fast" | "full";
}

/** The global through which compiled cells reach the kernel runtime. */
export const RUNTIME_GLOBAL = "__cascade";

const f = ts.factory;

/**
 * Compile one cell.
 *
 * @example
 *   const c = compileCell("const x: number = await Promise.resolve(1); x + 1");
 *   // c.js: (async () => { "use strict"; globalThis.x = await ...; return x + 1; })()
 */
export function compileCell(source: string, options: CompileOptions = {}): CompiledCell {
  const { language = "typescript" } = options;
  // The fast path skips transpileModule's Program and checker (about 1 ms a cell) and runs
  // TypeScript's own type-stripping transform directly. Enums, decorators and import aliases
  // need the checker's answers, and JavaScript cells need the program's JS-only syntax
  // errors: those take the full path.
  if (language === "typescript" && !/\benum\b|@|\bimport\s+[\w$]+\s*=/.test(source)) {
    const fast = compileFast(source, options);
    if (fast) return fast;
  }
  return compileFull(source, options);
}

const COMPILER_OPTIONS = (): ts.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  isolatedModules: true,
  sourceMap: true,
  inlineSources: true,
  alwaysStrict: false,
  useDefineForClassFields: true,
  experimentalDecorators: false,
  allowJs: true,
  jsx: ts.JsxEmit.Preserve,
});

/** TypeScript internals used by the fast path (present in the pinned 5.9). */
interface TsInternals {
  transformTypeScript: ts.TransformerFactory<ts.SourceFile>;
  createTextWriter(newLine: string): { getText(): string };
  createSourceMapGenerator(host: object, file: string, sourceRoot: string, sourcesDirectoryPath: string, options: object): { toJSON(): { sources: string[]; file: string } };
}

function compileFast(source: string, options: CompileOptions): CompiledCell | undefined {
  const { cellName = "cell", loopGuards = true, pauseAtStart = false } = options;
  const sourceName = options.sourceName ?? cellName;
  const internals = ts as unknown as TsInternals;
  if (typeof internals.transformTypeScript !== "function" || typeof internals.createSourceMapGenerator !== "function") return undefined;
  try {
    const file = ts.createSourceFile(`${cellName}.ts`, source, {
      languageVersion: ts.ScriptTarget.ES2022,
      // Every cell is a module: top-level await parses as await.
      setExternalModuleIndicator: (sf) => {
        (sf as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
      },
    }, true, ts.ScriptKind.TS);
    const parseDiagnostics = (file as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    const diagnostics = parseDiagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).map(toCellDiagnostic);
    const declared: string[] = [];
    const state = { hasValue: false };
    const compilerOptions = COMPILER_OPTIONS();
    const result = ts.transform(file, [rewriteModuleSyntax, internals.transformTypeScript, (ctx) => hoistToGlobals(ctx, declared, state, loopGuards, pauseAtStart)], compilerOptions);
    const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }) as ts.Printer & { writeFile(sf: ts.SourceFile, writer: object, map: object): void };
    const writer = internals.createTextWriter("\n");
    const host = { getCurrentDirectory: () => "", getCanonicalFileName: (f: string) => f, getCompilerOptions: () => compilerOptions };
    const map = internals.createSourceMapGenerator(host, cellName, "", "", {});
    printer.writeFile(result.transformed[0], writer, map);
    result.dispose();
    const json = map.toJSON();
    json.sources = [sourceName];
    json.file = cellName;
    return { js: writer.getText(), sourceMap: JSON.stringify({ ...json, sourcesContent: [source] }), diagnostics, declared: unique(declared), hasValue: state.hasValue, path: "fast" };
  } catch {
    return undefined;
  }
}

/** The full path (transpileModule), for every cell; exported so tests can compare the two. */
export function compileFull(source: string, options: CompileOptions): CompiledCell {
  const { language = "typescript", cellName = "cell", loopGuards = true, pauseAtStart = false } = options;
  const fileName = `${cellName}.${language === "javascript" ? "js" : "ts"}`;
  const declared: string[] = [];
  const state = { hasValue: false };
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: COMPILER_OPTIONS(),
    transformers: {
      before: [rewriteModuleSyntax],
      after: [(ctx) => hoistToGlobals(ctx, declared, state, loopGuards, pauseAtStart)],
    },
  });
  const diagnostics = (out.diagnostics ?? [])
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => toCellDiagnostic(d));
  const js = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const map = JSON.parse(out.sourceMapText ?? "{}");
  map.sources = [options.sourceName ?? cellName];
  map.file = cellName;
  return { js, sourceMap: JSON.stringify(map), diagnostics, declared: unique(declared), hasValue: state.hasValue, path: "full" };
}

function toCellDiagnostic(d: ts.Diagnostic): CellDiagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return { line: 1, column: 1, message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { line: line + 1, column: character + 1, message };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

// ---------------------------------------------------------------------------------------------
// Before TypeScript's transforms: module syntax.

function runtimeCall(method: string, args: ts.Expression[]): ts.CallExpression {
  return f.createCallExpression(
    f.createPropertyAccessExpression(f.createIdentifier(RUNTIME_GLOBAL), method),
    undefined,
    args,
  );
}

function awaitImport(method: string, specifier: ts.Expression): ts.AwaitExpression {
  return f.createAwaitExpression(runtimeCall(method, [specifier]));
}

function constStatement(name: ts.BindingName, init: ts.Expression, range: ts.Node): ts.VariableStatement {
  const decl = f.createVariableDeclaration(name, undefined, undefined, init);
  const stmt = f.createVariableStatement(undefined, f.createVariableDeclarationList([decl], ts.NodeFlags.Const));
  return ts.setTextRange(stmt, range);
}

/** `import a, { b as c } from "m"` -> `const { default: a, b: c } = await __cascade.importNamed("m")`. */
function rewriteImport(node: ts.ImportDeclaration): ts.Statement[] {
  const clause = node.importClause;
  const spec = f.createStringLiteral((node.moduleSpecifier as ts.StringLiteral).text);
  if (!clause) return [ts.setTextRange(f.createExpressionStatement(awaitImport("import", spec)), node)];
  if (clause.isTypeOnly) return [];
  const out: ts.Statement[] = [];
  const elements: ts.BindingElement[] = [];
  if (clause.name) elements.push(f.createBindingElement(undefined, "default", clause.name.text));
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    out.push(constStatement(f.createIdentifier(bindings.name.text), awaitImport("import", spec), node));
  } else if (bindings) {
    for (const el of bindings.elements) {
      if (el.isTypeOnly) continue;
      const imported = el.propertyName ? el.propertyName.text : el.name.text;
      elements.push(f.createBindingElement(undefined, imported === el.name.text ? undefined : imported, el.name.text));
    }
  }
  if (elements.length > 0) {
    out.unshift(constStatement(f.createObjectBindingPattern(elements), awaitImport("importNamed", spec), node));
  } else if (out.length === 0 && !(bindings && ts.isNamedImports(bindings) && bindings.elements.every((e) => e.isTypeOnly))) {
    out.push(ts.setTextRange(f.createExpressionStatement(awaitImport("import", spec)), node));
  }
  return out;
}

function withoutExport<T extends ts.Node>(node: T): T {
  if (!ts.canHaveModifiers(node)) return node;
  const mods = ts.getModifiers(node);
  if (!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return node;
  const kept = mods.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword && m.kind !== ts.SyntaxKind.DefaultKeyword);
  return f.replaceModifiers(node as ts.HasModifiers, kept) as unknown as T;
}

const rewriteModuleSyntax: ts.TransformerFactory<ts.SourceFile> = (ctx) => {
  // `import("x")` anywhere in the cell resolves like a static import (notebook folder first).
  const dynamicImports = (node: ts.Node): ts.Node => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const args = node.arguments.map((a) => ts.visitNode(a, dynamicImports) as ts.Expression);
      return ts.setTextRange(runtimeCall("import", args.slice(0, 1)), node);
    }
    return ts.visitEachChild(node, dynamicImports, ctx);
  };
  return (file) => {
    const statements: ts.Statement[] = [];
    for (const stmt of file.statements) {
      if (ts.isImportDeclaration(stmt)) {
        statements.push(...rewriteImport(stmt));
      } else if (ts.isImportEqualsDeclaration(stmt)) {
        if (stmt.isTypeOnly) continue;
        const ref = stmt.moduleReference;
        if (ts.isExternalModuleReference(ref)) {
          statements.push(constStatement(f.createIdentifier(stmt.name.text), runtimeCall("require", [ref.expression]), stmt));
        } else {
          statements.push(stmt);
        }
      } else if (ts.isExportDeclaration(stmt)) {
        continue; // `export { a }` / `export * from "m"`: a cell exports nothing
      } else if (ts.isExportAssignment(stmt)) {
        statements.push(ts.setTextRange(f.createExpressionStatement(stmt.expression), stmt));
      } else {
        statements.push(withoutExport(stmt));
      }
    }
    const updated = f.updateSourceFile(file, statements);
    return ts.visitEachChild(updated, dynamicImports, ctx);
  };
};

// ---------------------------------------------------------------------------------------------
// After TypeScript's transforms: scope, value, wrapper, loop guards.

const GLOBAL = () => f.createIdentifier("globalThis");

function globalRef(name: string): ts.PropertyAccessExpression {
  return f.createPropertyAccessExpression(GLOBAL(), name);
}

function assign(target: ts.Expression, value: ts.Expression): ts.BinaryExpression {
  return f.createBinaryExpression(target, ts.SyntaxKind.EqualsToken, value);
}

/** A binding pattern as an assignment pattern whose targets are globals. */
function bindingToTarget(name: ts.BindingName, declared: string[]): ts.Expression {
  if (ts.isIdentifier(name)) {
    declared.push(name.text);
    return globalRef(name.text);
  }
  if (ts.isObjectBindingPattern(name)) {
    const props: ts.ObjectLiteralElementLike[] = name.elements.map((el) => {
      const target = bindingToTarget(el.name, declared);
      if (el.dotDotDotToken) return f.createSpreadAssignment(target);
      const value = el.initializer ? assign(target, el.initializer) : target;
      const key = el.propertyName ?? f.createIdentifier((el.name as ts.Identifier).text);
      return f.createPropertyAssignment(key as ts.PropertyName, value);
    });
    return f.createObjectLiteralExpression(props, false);
  }
  const items = name.elements.map((el): ts.Expression => {
    if (ts.isOmittedExpression(el)) return el;
    const target = bindingToTarget(el.name, declared);
    if (el.dotDotDotToken) return f.createSpreadElement(target);
    return el.initializer ? assign(target, el.initializer) : target;
  });
  return f.createArrayLiteralExpression(items, false);
}

function declarationsToAssignments(stmt: ts.VariableStatement, declared: string[]): ts.Statement[] {
  const list = stmt.declarationList;
  const isVar = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
  const out: ts.Statement[] = [];
  for (const decl of list.declarations) {
    let expr: ts.Expression;
    if (decl.initializer) {
      expr = assign(bindingToTarget(decl.name, declared), decl.initializer);
    } else if (ts.isIdentifier(decl.name)) {
      declared.push(decl.name.text);
      // `var x;` keeps a value x already has (JavaScript's redeclaration rule, which the
      // enum/namespace lowering `var E; (function (E) {...})(E || (E = {}))` relies on);
      // `let x;` resets it.
      expr = assign(globalRef(decl.name.text), isVar ? globalRef(decl.name.text) : f.createVoidZero());
    } else {
      continue; // a pattern without initializer is a syntax error, reported by the parser
    }
    // A single declaration maps to its statement (`const` and all), so a debugger stops at the
    // column the statement starts; several map to their own declarators.
    out.push(ts.setTextRange(f.createExpressionStatement(expr), list.declarations.length === 1 ? stmt : decl));
  }
  return out;
}

function functionToExpression(fn: ts.FunctionDeclaration): ts.FunctionExpression {
  const mods = ts.getModifiers(fn)?.filter((m) => m.kind === ts.SyntaxKind.AsyncKeyword) as ts.Modifier[] | undefined;
  const expr = f.createFunctionExpression(mods, fn.asteriskToken, fn.name, undefined, fn.parameters, undefined, fn.body ?? f.createBlock([]));
  return ts.setTextRange(expr, fn);
}

function classToExpression(cls: ts.ClassDeclaration): ts.ClassExpression {
  const expr = f.createClassExpression(ts.getModifiers(cls), cls.name, undefined, cls.heritageClauses, cls.members);
  return ts.setTextRange(expr, cls);
}

function loopGuard(): ts.Statement {
  // `__cascade.i[0] && __cascade.stop()`: one load of a shared Int32Array per iteration.
  const flag = f.createElementAccessExpression(
    f.createPropertyAccessExpression(f.createIdentifier(RUNTIME_GLOBAL), "i"),
    0,
  );
  return f.createExpressionStatement(f.createLogicalAnd(flag, runtimeCall("stop", [])));
}

function guardBody(body: ts.Statement): ts.Statement {
  const inner = ts.isBlock(body) ? [...body.statements] : [body];
  return ts.setTextRange(f.createBlock([loopGuard(), ...inner], true), body);
}

function addLoopGuards(ctx: ts.TransformationContext): (node: ts.Node) => ts.Node {
  const visit = (node: ts.Node): ts.Node => {
    const n = ts.visitEachChild(node, visit, ctx);
    if (ts.isForStatement(n)) return f.updateForStatement(n, n.initializer, n.condition, n.incrementor, guardBody(n.statement));
    if (ts.isForOfStatement(n)) return f.updateForOfStatement(n, n.awaitModifier, n.initializer, n.expression, guardBody(n.statement));
    if (ts.isForInStatement(n)) return f.updateForInStatement(n, n.initializer, n.expression, guardBody(n.statement));
    if (ts.isWhileStatement(n)) return f.updateWhileStatement(n, n.expression, guardBody(n.statement));
    if (ts.isDoStatement(n)) return f.updateDoStatement(n, guardBody(n.statement), n.expression);
    return n;
  };
  return visit;
}

function hoistToGlobals(
  ctx: ts.TransformationContext,
  declared: string[],
  state: { hasValue: boolean },
  loopGuards: boolean,
  pauseAtStart: boolean,
): ts.Transformer<ts.SourceFile> {
  return (file) => {
    const guarded = loopGuards ? (ts.visitEachChild(file, addLoopGuards(ctx), ctx) as ts.SourceFile) : file;
    const hoisted: ts.Statement[] = [];
    const body: ts.Statement[] = [];
    // TypeScript appends `export {};` to a file it treats as a module: a cell exports nothing.
    const stmts = guarded.statements.filter((s) => !ts.isExportDeclaration(s));
    stmts.forEach((stmt, index) => {
      const last = index === stmts.length - 1;
      if (ts.isVariableStatement(stmt)) {
        body.push(...declarationsToAssignments(stmt, declared));
      } else if (ts.isFunctionDeclaration(stmt) && stmt.name && stmt.body) {
        declared.push(stmt.name.text);
        // Function declarations are hoisted: assign them before anything else in the cell runs.
        hoisted.push(ts.setTextRange(f.createExpressionStatement(assign(globalRef(stmt.name.text), functionToExpression(stmt))), stmt));
      } else if (ts.isClassDeclaration(stmt) && stmt.name) {
        declared.push(stmt.name.text);
        body.push(ts.setTextRange(f.createExpressionStatement(assign(globalRef(stmt.name.text), classToExpression(stmt))), stmt));
      } else if (last && ts.isExpressionStatement(stmt)) {
        state.hasValue = true;
        body.push(ts.setTextRange(f.createReturnStatement(stmt.expression), stmt));
      } else {
        body.push(stmt);
      }
    });
    const strict = f.createExpressionStatement(f.createStringLiteral("use strict"));
    // Run by Line: pause before the first statement the user wrote (function declarations run
    // first, hoisted, but a person steps from the top of the cell).
    const first = stmts[0] && ts.getOriginalNode(stmts[0]);
    if (pauseAtStart && first) {
      const pause = f.createDebuggerStatement();
      hoisted.unshift(first.pos >= 0 ? ts.setTextRange(pause, { pos: first.pos, end: first.end }) : pause);
    }
    const arrow = f.createArrowFunction(
      [f.createModifier(ts.SyntaxKind.AsyncKeyword)],
      undefined,
      [],
      undefined,
      undefined,
      f.createBlock([strict, ...hoisted, ...body], true),
    );
    const call = f.createCallExpression(f.createParenthesizedExpression(arrow), undefined, []);
    return f.updateSourceFile(guarded, [f.createExpressionStatement(call)]);
  };
}

/**
 * Whether `source` is a whole cell yet (Jupyter's is_complete): "incomplete" when the only
 * syntax errors are at the end of the input (an open brace, an unfinished expression).
 *
 * @example isComplete("function f() {") // { status: "incomplete", indent: "  " }
 */
export function isComplete(source: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
  if (source.trim() === "") return { status: "complete" };
  const out = ts.transpileModule(source, {
    fileName: "cell.ts",
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleDetection: ts.ModuleDetectionKind.Force },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return { status: "complete" };
  const end = source.trimEnd().length;
  const atEnd = errors.every((d) => (d.start ?? 0) >= end || (d.code === 1160 /* unterminated template */));
  if (!atEnd) return { status: "invalid" };
  const lastLine = source.trimEnd().split("\n").pop() ?? "";
  const baseIndent = /^\s*/.exec(lastLine)![0];
  return { status: "incomplete", indent: /[{([]\s*$/.test(lastLine) ? baseIndent + "  " : baseIndent };
}
