/**
 * The 30-cell notebook both kernels run in the "kernel" bench: the kind of cells an analysis
 * notebook is made of (declarations, functions and classes reused by later cells, types, an
 * enum, a generator, a small loop, top-level await, string formatting, console output).
 * It needs no package, so both kernels run the identical TypeScript source, and it type-checks
 * cleanly (tslab refuses a cell with a type error).
 */
export const NOTEBOOK_CELLS: readonly string[] = [
  `const prices: number[] = [101.5, 99.25, 100.75, 98.5, 102.25, 97.0, 103.5];`,
  `interface Trade { side: "buy" | "sell"; qty: number; px: number }`,
  `function mean(xs: number[]): number { return xs.reduce((a, b) => a + b, 0) / xs.length; }`,
  `mean(prices)`,
  `function stdev(xs: number[]): number {\n  const m = mean(xs);\n  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));\n}`,
  `stdev(prices).toFixed(4)`,
  `const trades: Trade[] = prices.map((px, i) => ({ side: i % 2 ? "sell" : "buy", qty: i + 1, px }));`,
  `trades.length`,
  `let notional = 0;\nfor (const t of trades) notional += t.qty * t.px;\nnotional`,
  `const fmt = (n: number): string => n.toFixed(2).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ",");`,
  "`notional ${fmt(notional)} over ${trades.length} trades`",
  `class Book {\n  private levels = new Map<number, number>();\n  add(px: number, qty: number): this { this.levels.set(px, (this.levels.get(px) ?? 0) + qty); return this; }\n  get depth(): number { return this.levels.size; }\n}`,
  `const book = new Book();\nfor (const t of trades) book.add(Math.round(t.px), t.qty);\nbook.depth`,
  `type Side = Trade["side"];\nconst bySide = (s: Side): Trade[] => trades.filter((t) => t.side === s);`,
  `bySide("buy").length + ":" + bySide("sell").length`,
  `enum Regime { Calm, Stressed, Cascade }`,
  `function regime(vol: number): Regime { return vol < 1 ? Regime.Calm : vol < 2.5 ? Regime.Stressed : Regime.Cascade; }`,
  `Regime[regime(stdev(prices))]`,
  `const returns = prices.slice(1).map((p, i) => p / prices[i] - 1);`,
  `returns.map((r) => (r * 100).toFixed(2) + "%").join(", ")`,
  `let maxDrawdown = 0;\nlet peak = prices[0];\nfor (const p of prices) { peak = Math.max(peak, p); maxDrawdown = Math.max(maxDrawdown, (peak - p) / peak); }\nmaxDrawdown.toFixed(4)`,
  `const histogram: Record<string, number> = {};\nfor (const r of returns) { const k = r >= 0 ? "up" : "down"; histogram[k] = (histogram[k] ?? 0) + 1; }\nJSON.stringify(histogram)`,
  `function* pairs<T>(xs: T[]): Generator<[T, T]> { for (let i = 1; i < xs.length; i++) yield [xs[i - 1], xs[i]]; }`,
  `[...pairs(prices)].filter(([a, b]) => b < a).length`,
  `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\nawait sleep(1);\n"slept"`,
  `let total = 0;\nfor (let i = 0; i < 10000; i++) total += i % 7;\ntotal`,
  `const summary = { n: prices.length, mean: +mean(prices).toFixed(3), vol: +stdev(prices).toFixed(3) };\nJSON.stringify(summary)`,
  "console.log(`mean=${summary.mean} vol=${summary.vol}`);",
  "const labels = trades.map((t) => `${t.side.toUpperCase()} ${t.qty}@${t.px.toFixed(2)}`);\nlabels.slice(0, 3).join(\" | \")",
  "`${labels.length} trades, notional ${fmt(notional)}, regime ${Regime[regime(summary.vol)]}`",
];

/** What the last cell evaluates to, so a run that silently went wrong is caught. */
export const LAST_CELL_VALUE = "7 trades, notional 2,814.00, regime Stressed";

/** The notebook as .ipynb (nbformat 4) for tslab's Jupyter kernel. */
export function notebookJson(cells: readonly string[] = NOTEBOOK_CELLS): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: cells.map((source, i) => ({ id: `cell-${i + 1}`, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source })),
  }, null, 1);
}
