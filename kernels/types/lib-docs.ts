/**
 * The documentation of "cascade" (lib/index.ts's exports) read from its doc comments with the
 * TypeScript compiler API. One pass gives three things:
 *
 * - `missing`: every exported function, class (and its public members) and option (a property of
 *   an exported `...Options` interface) without a doc comment, by file and line, for
 *   lib/docs.spec.ts;
 * - `entries`: each export's summary, signature, parameters, options with their defaults, and
 *   examples, keyed by export name, written at build time to dist/types/lib-docs.json for
 *   `help(value)` in cells (the kernel has no TypeScript sources at run time);
 * - `group`: the part of the library an export belongs to, for the HTML reference's pages.
 *
 * @example
 *   const { entries, missing } = collectLibDocs(process.cwd());
 *   entries.rollingVolatility.examples[0] // "const vol = rollingVolatility(candles, { window: 24 });"
 */
import ts from "typescript";
import { join, relative, sep } from "node:path";

import { groupOf, type DocEntry, type DocKind, type DocOption } from "./lib-docs-markdown";

export { entryMarkdown, GROUPS, groupOf, type DocEntry, type DocGroup, type DocKind, type DocOption, type MissingDoc } from "./lib-docs-markdown";
import type { MissingDoc } from "./lib-docs-markdown";

export interface LibDocs {
  entries: Record<string, DocEntry>;
  missing: MissingDoc[];
}

/** Whether `inner` lies inside `outer`'s text. */
function isWithin(inner: ts.Node, outer: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Defaults written in the code: `{ window = 24, column = "close" }: Options = {}` in the last parameter. */
function codeDefaults(fn: ts.SignatureDeclaration): Map<string, string> {
  const out = new Map<string, string>();
  const last = fn.parameters[fn.parameters.length - 1];
  if (last && ts.isObjectBindingPattern(last.name)) {
    for (const el of last.name.elements) {
      if (!el.initializer || el.dotDotDotToken) continue;
      const key = (el.propertyName ?? el.name).getText();
      out.set(key, el.initializer.getText().replace(/\s+/g, " "));
    }
  }
  return out;
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function tagText(tag: ts.JSDocTag): string {
  const c = tag.comment;
  if (c === undefined) return "";
  return (typeof c === "string" ? c : ts.getTextOfJSDocComment(c) ?? "").trim();
}

/** The doc comment of a declaration (the last `/** *\/` before it), or undefined. */
function jsDocOf(node: ts.Node): ts.JSDoc | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (docs && docs.length > 0) return docs[docs.length - 1];
  // `export const x = ...`: the comment sits on the variable statement.
  if (ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent)) return jsDocOf(node.parent.parent);
  return undefined;
}

function summaryOf(doc: ts.JSDoc | undefined): string {
  if (!doc || doc.comment === undefined) return "";
  return (typeof doc.comment === "string" ? doc.comment : ts.getTextOfJSDocComment(doc.comment) ?? "").trim();
}

function tagsOf(doc: ts.JSDoc | undefined, ...names: string[]): ts.JSDocTag[] {
  return (doc?.tags ?? []).filter((t) => names.includes(t.tagName.text));
}

/** `@example` text without the fences a Markdown example may carry. */
function exampleText(tag: ts.JSDocTag): string {
  const lines = tagText(tag)
    .replace(/^```\w*\n?/, "")
    .replace(/\n?```\s*$/, "")
    .split("\n");
  // The first line's indent went with the tag's; the others keep theirs: take off what they share.
  const indent = (l: string) => /^ */.exec(l)![0].length;
  const rest = lines.slice(1).filter((l) => l.trim() !== "");
  const shared = rest.length ? Math.min(...rest.map(indent)) : 0;
  return [lines[0], ...lines.slice(1).map((l) => l.slice(Math.min(shared, indent(l))))].join("\n").trim();
}

function hasDoc(node: ts.Node): boolean {
  const d = jsDocOf(node);
  return !!d && (summaryOf(d) !== "" || (d.tags ?? []).length > 0);
}

/** Parameters as a reader wants them: `options?: T` for `{ a = 1, b }: T = {}`. */
function readableParameters(params: ts.NodeArray<ts.ParameterDeclaration>): ts.ParameterDeclaration[] {
  return params.map((p) => {
    const name = ts.isIdentifier(p.name) ? p.name : ts.factory.createIdentifier(params.length === 1 || p === params[params.length - 1] ? "options" : "value");
    const optional = p.questionToken ?? (p.initializer ? ts.factory.createToken(ts.SyntaxKind.QuestionToken) : undefined);
    const mods = p.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ReadonlyKeyword && m.kind !== ts.SyntaxKind.PublicKeyword);
    return ts.factory.updateParameterDeclaration(p, mods, p.dotDotDotToken, name, optional, p.type, undefined);
  });
}

/** A declaration printed without its body and comments. */
function declarationText(node: ts.Node, source: ts.SourceFile): string {
  let n: ts.Node = node;
  if (ts.isFunctionDeclaration(node)) n = ts.factory.updateFunctionDeclaration(node, node.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword), node.asteriskToken, node.name, node.typeParameters, readableParameters(node.parameters), node.type, undefined);
  else if (ts.isMethodDeclaration(node)) n = ts.factory.updateMethodDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.questionToken, node.typeParameters, readableParameters(node.parameters), node.type, undefined);
  else if (ts.isConstructorDeclaration(node)) n = ts.factory.updateConstructorDeclaration(node, node.modifiers, readableParameters(node.parameters), undefined);
  else if (ts.isGetAccessorDeclaration(node)) n = ts.factory.updateGetAccessorDeclaration(node, node.modifiers, node.name, node.parameters, node.type, undefined);
  return printer.printNode(ts.EmitHint.Unspecified, n, source).replace(/;\s*$/, "");
}

function isPublicMember(m: ts.ClassElement): boolean {
  const mods = ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : [];
  if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) return false;
  if (m.name && ts.isPrivateIdentifier(m.name)) return false;
  if (m.name && /^_/.test(m.name.getText())) return false;
  return ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isConstructorDeclaration(m);
}

/** Reads lib/index.ts's exports under `root` (the repository), with `given` as the program when it is already built. */
export function collectLibDocs(root: string, given?: ts.Program): LibDocs {
  const index = join(root, "lib", "index.ts");
  // build.mjs hands over the program it emits declarations with: one type check, not two.
  const program = given ?? ts.createProgram([index], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const indexFile = program.getSourceFile(index);
  if (!indexFile) throw new Error(`lib-docs: cannot read lib/index.ts under ${root}`);
  const moduleSymbol = checker.getSymbolAtLocation(indexFile)!;
  const entries: Record<string, DocEntry> = {};
  const missing: MissingDoc[] = [];
  const rel = (f: string) => relative(root, f).split(sep).join("/");
  const where = (node: ts.Node) => {
    const sf = node.getSourceFile();
    return `${rel(sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  };
  const typeText = (node: ts.Node | undefined) => (node ? node.getText().replace(/\s+/g, " ") : "unknown");

  /** The properties of an options interface or type literal (with those it extends). */
  const optionsOf = (typeName: string, decl: ts.Node, report: boolean, seen = new Set<string>()): DocOption[] => {
    if (seen.has(typeName)) return [];
    seen.add(typeName);
    const out: DocOption[] = [];
    const members: ts.NodeArray<ts.TypeElement> | undefined = ts.isInterfaceDeclaration(decl) ? decl.members : ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type) ? decl.type.members : ts.isTypeLiteralNode(decl) ? decl.members : undefined;
    for (const m of members ?? []) {
      if (!ts.isPropertySignature(m) && !ts.isMethodSignature(m)) continue;
      const d = jsDocOf(m);
      const name = m.name.getText();
      if (report && !hasDoc(m)) missing.push({ where: where(m), what: `option ${typeName}.${name}` });
      const def = tagsOf(d, "defaultValue", "default")[0];
      out.push({ name, type: ts.isPropertySignature(m) ? typeText(m.type) : typeText(m).replace(/;$/, ""), optional: !!m.questionToken, doc: summaryOf(d), ...(def ? { defaultValue: tagText(def) } : {}) });
    }
    // Inherited options (`interface A extends B, C`), when B and C are declared in lib/.
    if (ts.isInterfaceDeclaration(decl)) {
      for (const clause of decl.heritageClauses ?? []) {
        for (const t of clause.types) {
          const sym = checker.getSymbolAtLocation(t.expression);
          const target = sym && sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
          const base = target?.declarations?.find((x) => ts.isInterfaceDeclaration(x) || ts.isTypeAliasDeclaration(x));
          if (base && rel(base.getSourceFile().fileName).startsWith("lib/")) {
            const names = new Set(out.map((o) => o.name));
            out.push(...optionsOf(t.expression.getText(), base, false, seen).filter((o) => !names.has(o.name)));
          }
        }
      }
    }
    return out;
  };

  /** The `...Options` types a function's parameters name, resolved to their declarations in lib/, and option bags written inline (`{ window: number }`). */
  const optionTypesOf = (fn: ts.SignatureDeclaration, owner: string): { name: string; decl: ts.Node }[] => {
    const found: { name: string; decl: ts.Node }[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isTypeLiteralNode(n) && ts.isParameter(fn.parameters[fn.parameters.length - 1]) && n.members.some(ts.isPropertySignature) && isWithin(n, fn.parameters[fn.parameters.length - 1])) {
        found.push({ name: `${owner} options`, decl: n });
        return;
      }
      if (ts.isTypeReferenceNode(n)) {
        const sym = checker.getSymbolAtLocation(n.typeName);
        const target = sym && sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
        const decl = target?.declarations?.find((x) => ts.isInterfaceDeclaration(x) || ts.isTypeAliasDeclaration(x));
        if (decl && /Options$/.test(target!.name) && rel(decl.getSourceFile().fileName).startsWith("lib/")) found.push({ name: target!.name, decl });
      }
      ts.forEachChild(n, visit);
    };
    fn.parameters.forEach((p) => p.type && visit(p.type));
    return found;
  };

  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const name = exported.name;
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = symbol.declarations ?? [];
    const decl = decls[0];
    if (!decl) continue;
    const sf = decl.getSourceFile();
    const file = rel(sf.fileName);
    const line = sf.getLineAndCharacterOfPosition(decl.getStart(sf)).line + 1;
    const group = groupOf(file);
    let kind: DocKind;
    if (ts.isFunctionDeclaration(decl)) kind = "function";
    else if (ts.isClassDeclaration(decl)) kind = "class";
    else if (ts.isInterfaceDeclaration(decl)) kind = "interface";
    else if (ts.isTypeAliasDeclaration(decl)) kind = "type";
    else if (ts.isVariableDeclaration(decl)) kind = decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer)) ? "function" : "constant";
    else continue;

    // The implementation's comment for overloaded functions is on the first overload.
    const docNode = decls.find((d) => hasDoc(d)) ?? decl;
    const doc = jsDocOf(docNode);
    const isOptionsType = (kind === "interface" || kind === "type") && /Options$/.test(name);
    if ((kind === "function" || kind === "class" || isOptionsType) && !hasDoc(docNode)) missing.push({ where: where(decl), what: `${kind} ${name}` });
    if (kind === "function" && hasDoc(docNode) && tagsOf(doc, "example").length === 0) missing.push({ where: where(decl), what: `@example of function ${name}` });

    const entry: DocEntry = {
      name,
      kind,
      group,
      summary: summaryOf(doc),
      signatures: [],
      params: tagsOf(doc, "param").map((t) => ({ name: (t as ts.JSDocParameterTag).name.getText(), doc: tagText(t).replace(/^-\s*/, "") })),
      optionTypes: [],
      options: [],
      members: [],
      examples: tagsOf(doc, "example").map(exampleText),
      file,
      line,
    };
    const declName = (decl as ts.NamedDeclaration).name?.getText();
    if (declName && declName !== name) entry.declName = declName;
    const ret = tagsOf(doc, "returns", "return")[0];
    if (ret) entry.returns = tagText(ret);
    const def = tagsOf(doc, "defaultValue", "default")[0];
    if (def) entry.defaultValue = tagText(def);

    if (kind === "function") {
      const fns = decls.filter(ts.isFunctionDeclaration);
      const bodies = fns.filter((f) => f.body);
      // Overloads: the overload signatures, not the implementation's.
      const shown = fns.length > 1 ? fns.filter((f) => !f.body) : fns;
      if (shown.length > 0) entry.signatures = shown.map((f) => declarationText(f, sf));
      else if (ts.isVariableDeclaration(decl)) entry.signatures = [`const ${name}: ${checker.typeToString(checker.getTypeAtLocation(decl))}`];
      const seen = new Set<string>();
      for (const f of [...shown, ...bodies]) {
        for (const o of optionTypesOf(f, name)) {
          if (seen.has(o.name)) continue;
          seen.add(o.name);
          entry.optionTypes.push(o.name);
          // Every option of an exported function needs words, in an exported interface or not.
          entry.options.push(...optionsOf(o.name, o.decl, true));
        }
        const defaults = codeDefaults(f);
        for (const opt of entry.options) {
          const code = defaults.get(opt.name);
          if (code === undefined) continue;
          // A default the code applies must be in the option's words (or its @defaultValue).
          if (opt.defaultValue === undefined && !/\bdefault/i.test(opt.doc)) missing.push({ where: where(f), what: `default of option ${name}(options).${opt.name}: the code's is ${code}, its comment says none` });
          if (opt.defaultValue === undefined) opt.defaultValue = code;
          else if (opt.defaultValue !== code) missing.push({ where: where(f), what: `option ${name}(options).${opt.name}: @defaultValue ${opt.defaultValue} but the code's default is ${code}` });
        }
      }
    } else if (kind === "class" && ts.isClassDeclaration(decl)) {
      const heritage = decl.heritageClauses?.map((h) => " " + h.getText()).join("") ?? "";
      entry.signatures = [`class ${name}${decl.typeParameters ? `<${decl.typeParameters.map((t) => t.getText()).join(", ")}>` : ""}${heritage}`];
      const seenMembers = new Set<string>();
      for (const m of decl.members) {
        if (!isPublicMember(m)) continue;
        const mName = ts.isConstructorDeclaration(m) ? "constructor" : m.name!.getText();
        const documented = hasDoc(m);
        // Overloads: one comment for the first of them is enough.
        if (seenMembers.has(mName)) continue;
        seenMembers.add(mName);
        const sameName = decl.members.filter((x) => (ts.isConstructorDeclaration(x) ? "constructor" : x.name?.getText()) === mName);
        const anyDoc = sameName.some(hasDoc);
        // A constructor with no parameters needs no words.
        if (!anyDoc && !(ts.isConstructorDeclaration(m) && m.parameters.length === 0)) missing.push({ where: where(m), what: `member ${name}.${mName}` });
        const d = jsDocOf(sameName.find(hasDoc) ?? m);
        const sig = sameName.filter((x) => !(ts.isMethodDeclaration(x) && x.body && sameName.length > 1)).map((x) => declarationText(x, sf).replace(/\s*\n\s*/g, " ")).join("\n");
        entry.members.push({ name: mName, signature: sig, doc: documented || anyDoc ? summaryOf(d) : "" });
        // Options written inline in a method's signature must say what they are, as a function's do.
        for (const o of ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) ? optionTypesOf(m, `${name}.${mName}`) : []) if (ts.isTypeLiteralNode(o.decl)) optionsOf(o.name, o.decl, true);
      }
    } else if (kind === "interface" || kind === "type") {
      entry.signatures = [declarationText(decl, sf).replace(/^export /, "")];
      entry.options = optionsOf(name, decl, isOptionsType);
    } else {
      const t = ts.isVariableDeclaration(decl) && decl.type ? typeText(decl.type) : checker.typeToString(checker.getTypeAtLocation(decl), undefined, ts.TypeFormatFlags.NoTruncation);
      entry.signatures = [`const ${name}: ${t.length > 300 ? t.slice(0, 300) + "…" : t}`];
    }
    entries[name] = entry;
  }
  // An options interface two functions share is reported once.
  const unique = [...new Map(missing.map((m) => [`${m.where} ${m.what}`, m])).values()];
  unique.sort((a, b) => a.where.localeCompare(b.where, "en", { numeric: true }));
  return { entries, missing: unique };
}
