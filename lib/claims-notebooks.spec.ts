// Every claim of the article (A1-A21) ends in exactly one verdict in the prebuilt notebooks:
// a `claimVerdict({ claim: "A9", verdict: "...", ... })` call in a code cell, with the claim and
// the label written as string literals (so this check, and a reader, can see them without running
// anything), one of the four labels, and its rendered verdict among the cell's saved outputs.
// No code cell's saved outputs hold an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { CLAIM_VERDICTS } from "./claims";

interface NotebookCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  outputs?: Array<{ output_type: string; ename?: string; evalue?: string; data?: Record<string, unknown>; text?: string | string[] }>;
}

/** The repository's notebooks folder, looked for upward from here (source or bundled spec). */
function notebooksDir(): string {
  for (let d = __dirname; ; d = dirname(d)) {
    const p = join(d, "notebooks");
    if (existsSync(join(d, "package.json")) && existsSync(p)) return p;
    if (dirname(d) === d) throw new Error(`no notebooks folder above ${__dirname}`);
  }
}

const dir = notebooksDir();
const notebooks = readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort()
  .map((name) => ({ name, cells: (JSON.parse(readFileSync(join(dir, name), "utf8")) as { cells: NotebookCell[] }).cells }));
const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : (s ?? ""));

interface VerdictCall {
  where: string;
  claim?: string;
  verdict?: string;
  problems: string[];
  outputs: string;
}

/** A string literal's value (plain or template without substitutions), else undefined. */
function literal(node: ts.Expression | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

function isVerdictCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  return (ts.isIdentifier(callee) && callee.text === "claimVerdict") || (ts.isPropertyAccessExpression(callee) && callee.name.text === "claimVerdict");
}

/** Every claimVerdict call in the notebooks' code cells, parsed with TypeScript's own parser. */
function verdictCalls(): VerdictCall[] {
  const calls: VerdictCall[] = [];
  for (const nb of notebooks) {
    nb.cells.forEach((cell, index) => {
      if (cell.cell_type !== "code") return;
      const source = text(cell.source);
      if (!source.includes("claimVerdict")) return;
      const file = ts.createSourceFile(`${nb.name}-cell-${index}.ts`, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const outputs = (cell.outputs ?? []).map((o) => `${text(o.data?.["text/markdown"] as string | string[] | undefined)}\n${text(o.data?.["text/plain"] as string | string[] | undefined)}\n${text(o.text)}`).join("\n");
      const visit = (node: ts.Node): void => {
        if (isVerdictCall(node)) {
          const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
          const call: VerdictCall = { where: `${nb.name}, cell ${index}${cell.id ? ` (id ${cell.id})` : ""}, line ${line + 1}`, problems: [], outputs };
          const arg = node.arguments[0];
          if (!arg || !ts.isObjectLiteralExpression(arg)) call.problems.push("its argument is not an object literal");
          else {
            const prop = (name: string) => arg.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name);
            call.claim = literal(prop("claim")?.initializer);
            call.verdict = literal(prop("verdict")?.initializer);
            if (call.claim === undefined) call.problems.push("claim is not a string literal");
            else if (!/^A([1-9]|1[0-9]|2[01])$/.test(call.claim)) call.problems.push(`claim ${JSON.stringify(call.claim)} is not an id from A1 to A21`);
            if (call.verdict === undefined) call.problems.push("verdict is not a string literal");
            else if (!(CLAIM_VERDICTS as readonly string[]).includes(call.verdict)) call.problems.push(`verdict ${JSON.stringify(call.verdict)} is not one of the four labels`);
          }
          calls.push(call);
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    });
  }
  return calls;
}

const calls = verdictCalls();
const CLAIMS = Array.from({ length: 21 }, (_, i) => `A${i + 1}`);
const byClaim = new Map<string, VerdictCall[]>(CLAIMS.map((c) => [c, calls.filter((v) => v.claim === c)]));

test("the notebooks are found and hold verdict calls", () => {
  assert.ok(notebooks.length >= 10, `expected the ten prebuilt notebooks in ${dir}, found ${notebooks.length}`);
  assert.ok(calls.length > 0, "no claimVerdict call in any notebook");
});

test("every verdict call names its claim and one of the four labels as string literals", () => {
  const bad = calls.filter((c) => c.problems.length > 0).map((c) => `${c.where}: ${c.problems.join("; ")}`);
  assert.deepEqual(bad, [], `malformed verdict calls:\n${bad.join("\n")}`);
});

test("no claim has more than one verdict", () => {
  const twice = [...byClaim].filter(([, v]) => v.length > 1).map(([c, v]) => `${c}: ${v.length} verdicts (${v.map((x) => x.where).join("; ")})`);
  assert.deepEqual(twice, [], `claims with more than one verdict (each needs exactly one):\n${twice.join("\n")}`);
});

test("every claim A1-A21 has a verdict", () => {
  const missing = [...byClaim].filter(([, v]) => v.length === 0).map(([c]) => c);
  assert.deepEqual(missing, [], `no claimVerdict call for ${missing.join(", ")}: each claim must end in exactly one verdict in the notebook that tests it (README's notebook table says which; A19 and A20 belong to 08-liquidation-order)`);
});

test("each verdict's saved outputs show it: the notebook was run after the verdict was written", () => {
  const stale = calls
    .filter((c) => c.claim !== undefined && c.verdict !== undefined && c.problems.length === 0)
    .filter((c) => !c.outputs.includes(`**${c.claim} · ${c.verdict}**`))
    .map((c) => `${c.where}: no saved output starts "**${c.claim} · ${c.verdict}**"`);
  assert.deepEqual(stale, [], `verdicts missing from the saved outputs (run the notebook again):\n${stale.join("\n")}`);
});

test("no code cell's saved outputs hold an error", () => {
  const errors: string[] = [];
  for (const nb of notebooks) {
    nb.cells.forEach((cell, index) => {
      for (const o of cell.outputs ?? []) if (o.output_type === "error") errors.push(`${nb.name}, cell ${index}${cell.id ? ` (id ${cell.id})` : ""}: ${o.ename ?? "error"}: ${o.evalue ?? ""}`);
    });
  }
  assert.deepEqual(errors, [], `error outputs:\n${errors.join("\n")}`);
});
