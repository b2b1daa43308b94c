/**
 * Claim verdicts: how each of the article's figures (claims A1-A21) was obtained, said the same
 * way in every notebook. A verdict is one of four labels:
 *
 * - "reproduced from data": computed in the notebook from observed data (prices, published
 *   closes or tallies the snapshot holds), independently of the article.
 * - "reproduced by the model": the model shows it, under assumptions that must be named (they
 *   are inputs, not data, and a reader has to see them beside the result).
 * - "checked against another published figure": the article's figure compared with an
 *   independent published one (another tally, an exchange close, a fund's reported flow).
 * - "the article's figure, not checked here": nothing independent to check it against; the
 *   reason must be given.
 *
 * The value shows itself as Markdown in a notebook, starting with the claim id and the label in
 * bold, so a reader sees at once how the figure was obtained.
 */
import { JUPYTER_DISPLAY } from "./frame-display";
import { checkOptions, optionKeys } from "./options";

/** The four labels, from the strongest evidence to none. */
export const CLAIM_VERDICTS = [
  "reproduced from data",
  "reproduced by the model",
  "checked against another published figure",
  "the article's figure, not checked here",
] as const;

/** One of the four labels of `CLAIM_VERDICTS`. */
export type ClaimVerdictLabel = (typeof CLAIM_VERDICTS)[number];

/** The article's claim ids: A1 to A21. */
export const CLAIM_ID = /^A([1-9]|1[0-9]|2[01])$/;

export interface ClaimVerdictInput {
  /** The claim's id, "A1" to "A21". */
  claim: string;
  /** How the figure was obtained: one of `CLAIM_VERDICTS`. */
  verdict: ClaimVerdictLabel;
  /** What was found, with the computed figures (Markdown). */
  text: string;
  /** The model's stated inputs: required (at least one) for "reproduced by the model". */
  assumptions?: readonly string[];
  /**
   * Why the figure is not checked: required for "the article's figure, not checked here". With
   * another label, the part of the claim left unchecked, and why.
   */
  reason?: string;
  /** Where the data or the other published figures come from. */
  sources?: readonly string[];
}

/** A claim's verdict, shown as Markdown by the kernel. */
export interface ClaimVerdict {
  readonly claim: string;
  readonly verdict: ClaimVerdictLabel;
  readonly text: string;
  readonly assumptions: readonly string[];
  readonly reason?: string;
  readonly sources: readonly string[];
  /** The Markdown the notebook shows: `**A9 · label**: text`, then the reason, assumptions, sources. */
  readonly markdown: string;
  /** The same as plain text (one line per part). */
  readonly plain: string;
  [JUPYTER_DISPLAY](): { "text/markdown": string; "text/plain": string };
}

function nonEmptyStrings(list: unknown, what: string, claim: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new TypeError(`claimVerdict ${claim}: ${what} must be an array of strings`);
  for (const s of list) if (typeof s !== "string" || s.trim() === "") throw new TypeError(`claimVerdict ${claim}: every entry of ${what} must be a non-empty string, got ${JSON.stringify(s)}`);
  return [...list];
}

const CLAIM_VERDICT_INPUT = optionKeys<ClaimVerdictInput>()("claim", "verdict", "text", "assumptions", "reason", "sources");

/**
 * A claim's verdict: which of the four labels the notebook's computation supports, what it
 * found, and (for the model) the assumptions or (for an unchecked figure) the reason. Throws on
 * a claim id outside A1-A21, an unknown label, empty text, a model verdict without assumptions
 * or an unchecked one without a reason.
 *
 * @example
 *   claimVerdict({
 *     claim: "A2",
 *     verdict: "reproduced from data",
 *     text: `the Nov 21 low is **${low.toLocaleString("en-US")}** against the article's $80,600`,
 *     sources: ["CryptoCompare aggregate index, daily candles"],
 *   })
 *   // shows: **A2 · reproduced from data**: the Nov 21 low is **80,562** against the article's $80,600
 *   //        *Sources:* CryptoCompare aggregate index, daily candles
 *
 *   claimVerdict({ claim: "A7", verdict: "the article's figure, not checked here", text: "China A-shares -2 %, below 3,900", reason: "no independent close in the snapshot" })
 *   // shows: **A7 · the article's figure, not checked here**: China A-shares -2 %, below 3,900
 *   //        *Not checked here:* no independent close in the snapshot
 */
export function claimVerdict(input: ClaimVerdictInput): ClaimVerdict {
  checkOptions("claimVerdict", input, CLAIM_VERDICT_INPUT);
  if (input === null || typeof input !== "object") throw new TypeError("claimVerdict needs an object: { claim, verdict, text, assumptions?, reason?, sources? }");
  const { claim, verdict, text, reason } = input;
  if (typeof claim !== "string" || !CLAIM_ID.test(claim)) throw new RangeError(`claimVerdict: claim must be an id from A1 to A21, got ${JSON.stringify(claim)}`);
  if (!(CLAIM_VERDICTS as readonly string[]).includes(verdict)) {
    throw new RangeError(`claimVerdict ${claim}: unknown verdict ${JSON.stringify(verdict)}; use one of ${CLAIM_VERDICTS.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  if (typeof text !== "string" || text.trim() === "") throw new TypeError(`claimVerdict ${claim}: text must say what was found (a non-empty string)`);
  const assumptions = nonEmptyStrings(input.assumptions, "assumptions", claim);
  const sources = nonEmptyStrings(input.sources, "sources", claim);
  if (reason !== undefined && (typeof reason !== "string" || reason.trim() === "")) throw new TypeError(`claimVerdict ${claim}: reason must be a non-empty string`);
  if (verdict === "reproduced by the model" && assumptions.length === 0) {
    throw new TypeError(`claimVerdict ${claim}: "reproduced by the model" needs its assumptions named (assumptions: [...], at least one)`);
  }
  if (verdict === "the article's figure, not checked here" && reason === undefined) {
    throw new TypeError(`claimVerdict ${claim}: "the article's figure, not checked here" needs a reason (why it is not checked)`);
  }

  const md = [`**${claim} · ${verdict}**: ${text.trim()}`];
  const plain = [`${claim} · ${verdict}: ${text.trim()}`];
  if (reason !== undefined) {
    md.push(`*Not checked here:* ${reason.trim()}`);
    plain.push(`not checked here: ${reason.trim()}`);
  }
  if (assumptions.length > 0) {
    md.push(`*Assumptions (inputs, not data):*\n${assumptions.map((a) => `- ${a.trim()}`).join("\n")}`);
    plain.push(`assumptions: ${assumptions.map((a) => a.trim()).join("; ")}`);
  }
  if (sources.length > 0) {
    md.push(`*Sources:* ${sources.map((s) => s.trim()).join("; ")}`);
    plain.push(`sources: ${sources.map((s) => s.trim()).join("; ")}`);
  }
  const markdown = md.join("\n\n");
  const plainText = plain.join("\n");
  const result: ClaimVerdict = {
    claim,
    verdict,
    text: text.trim(),
    assumptions: Object.freeze(assumptions),
    ...(reason !== undefined ? { reason: reason.trim() } : {}),
    sources: Object.freeze(sources),
    markdown,
    plain: plainText,
    [JUPYTER_DISPLAY]: () => ({ "text/markdown": markdown, "text/plain": plainText }),
  };
  return Object.freeze(result);
}
