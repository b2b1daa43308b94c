import { test } from "node:test";
import assert from "node:assert/strict";
import { CLAIM_VERDICTS, claimVerdict, type ClaimVerdictInput } from "./claims";

const show = (v: unknown) => (v as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();

test("a verdict shows as Markdown that starts with the claim id and the label in bold", () => {
  const v = claimVerdict({ claim: "A2", verdict: "reproduced from data", text: "the low is **80,562**", sources: ["CryptoCompare aggregate index"] });
  const bundle = show(v);
  assert.deepEqual(Object.keys(bundle).sort(), ["text/markdown", "text/plain"]);
  assert.ok(bundle["text/markdown"].startsWith("**A2 · reproduced from data**: the low is **80,562**"), bundle["text/markdown"]);
  assert.match(bundle["text/markdown"], /\*Sources:\* CryptoCompare aggregate index$/);
  assert.ok(bundle["text/plain"].startsWith("A2 · reproduced from data: the low is"));
  assert.equal(v.markdown, bundle["text/markdown"]);
  assert.equal(v.claim, "A2");
  assert.equal(v.verdict, "reproduced from data");
});

test("every label is accepted with what it needs, and shows its parts", () => {
  const model = claimVerdict({ claim: "A17", verdict: "reproduced by the model", text: "5.1x more liquidated", assumptions: ["50,000 positions", "$200M within 1 %"] });
  assert.match(model.markdown, /^\*\*A17 · reproduced by the model\*\*/);
  assert.match(model.markdown, /\*Assumptions \(inputs, not data\):\*\n- 50,000 positions\n- \$200M within 1 %/);
  assert.match(model.plain, /assumptions: 50,000 positions; \$200M within 1 %/);

  const checked = claimVerdict({ claim: "A13", verdict: "checked against another published figure", text: "30 % vs 32.5 %", sources: ["CME FedWatch"] });
  assert.match(checked.markdown, /^\*\*A13 · checked against another published figure\*\*: 30 % vs 32.5 %/);

  const unchecked = claimVerdict({ claim: "A7", verdict: "the article's figure, not checked here", text: "-2 %, below 3,900", reason: "no independent close in the snapshot" });
  assert.match(unchecked.markdown, /^\*\*A7 · the article's figure, not checked here\*\*: -2 %, below 3,900\n\n\*Not checked here:\* no independent close in the snapshot$/);
  assert.equal(unchecked.reason, "no independent close in the snapshot");
  const partly = claimVerdict({ claim: "A4", verdict: "checked against another published figure", text: "below $3T: about $2.95T", reason: "the 24-h change: no series" });
  assert.match(partly.markdown, /\n\n\*Not checked here:\* the 24-h change: no series$/);
  assert.equal(CLAIM_VERDICTS.length, 4);
});

test("claim ids A1 to A21 are accepted, anything else is refused with the id named", () => {
  for (let i = 1; i <= 21; i++) assert.equal(claimVerdict({ claim: `A${i}`, verdict: "reproduced from data", text: "x" }).claim, `A${i}`);
  for (const bad of ["A0", "A22", "A01", "a9", "B3", "A", "A9 ", "", "A100"]) {
    assert.throws(() => claimVerdict({ claim: bad, verdict: "reproduced from data", text: "x" }), (e: Error) => e instanceof RangeError && e.message.includes("A1 to A21") && e.message.includes(JSON.stringify(bad)), bad);
  }
  assert.throws(() => claimVerdict({ claim: 9 as unknown as string, verdict: "reproduced from data", text: "x" }), /claim must be an id from A1 to A21, got 9/);
});

test("an unknown label is refused, naming it and the four accepted", () => {
  assert.throws(
    () => claimVerdict({ claim: "A9", verdict: "reproduced" as ClaimVerdictInput["verdict"], text: "x" }),
    (e: Error) => e instanceof RangeError && /A9: unknown verdict "reproduced"/.test(e.message) && CLAIM_VERDICTS.every((l) => e.message.includes(JSON.stringify(l))),
  );
});

test("the model's label needs named assumptions; the article's label needs a reason", () => {
  assert.throws(() => claimVerdict({ claim: "A18", verdict: "reproduced by the model", text: "x" }), /A18: "reproduced by the model" needs its assumptions named/);
  assert.throws(() => claimVerdict({ claim: "A18", verdict: "reproduced by the model", text: "x", assumptions: [] }), /needs its assumptions named/);
  assert.throws(() => claimVerdict({ claim: "A18", verdict: "reproduced by the model", text: "x", assumptions: [" "] }), /every entry of assumptions must be a non-empty string/);
  assert.throws(() => claimVerdict({ claim: "A6", verdict: "the article's figure, not checked here", text: "x" }), /A6: "the article's figure, not checked here" needs a reason/);
  assert.throws(() => claimVerdict({ claim: "A6", verdict: "the article's figure, not checked here", text: "x", reason: "" }), /A6: reason must be a non-empty string/);
});

test("empty text, a non-object and malformed sources are refused", () => {
  assert.throws(() => claimVerdict({ claim: "A1", verdict: "reproduced from data", text: "  " }), /A1: text must say what was found/);
  assert.throws(() => claimVerdict(undefined as unknown as ClaimVerdictInput), /needs an object/);
  assert.throws(() => claimVerdict({ claim: "A1", verdict: "reproduced from data", text: "x", sources: "CoinGlass" as unknown as string[] }), /A1: sources must be an array of strings/);
});

test("a verdict is frozen: what was shown cannot be edited afterwards", () => {
  const v = claimVerdict({ claim: "A1", verdict: "reproduced from data", text: "x" });
  assert.ok(Object.isFrozen(v));
  assert.throws(() => { (v as { verdict: string }).verdict = "reproduced by the model"; }, TypeError);
});
