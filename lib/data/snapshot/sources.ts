/**
 * The publications the snapshot's figures come from, named as the project's facts sheet names
 * them. A figure the facts sheet lists without naming its publication says so instead of
 * guessing one.
 */
export const SOURCES = {
  article: 'Techub News, "two Black Fridays" (the article)',
  coinglass: "CoinGlass, as quoted on Binance Square",
  amberdata: "Amberdata",
  cadli: "CoinDesk Indices (CADLI)",
  kaiko: "Kaiko",
  bloomberg: "Bloomberg",
  coindeskResearch: "CoinDesk Research",
  fedwatch: "CME FedWatch",
  reporting: "public reporting listed in the facts sheet (section B), publication not named there",
  closes: "S&P 500 index and COMEX gold front-month futures daily closes (facts sheet D)",
  nyMoves: "US session moves noted in the facts sheet (section D)",
} as const;

/** One sourced figure: a number, what it measures, and where it was published. */
export interface SourcedFigure {
  /** What is measured, snake_case: "liquidated_usd", "traders", "low_usd", ... */
  metric: string;
  /** The figure; for a range, its midpoint (see low and high). */
  value: number;
  /** "usd", "count", "percent", "usd_per_coin", "minutes" or "ratio". */
  unit: "usd" | "count" | "percent" | "usd_per_coin" | "minutes" | "ratio";
  /** What the figure is about when not the whole market: an asset, venue or symbol. */
  subject?: string;
  /** "about", "over", "under", "at least", "up to": how the publication stated it. */
  qualifier?: "about" | "over" | "under" | "at least" | "up to" | "below";
  /** The ends of a published range. */
  low?: number;
  high?: number;
  /** When the figure holds, ISO 8601 UTC, when it is a moment. */
  at?: string;
  note?: string;
  source: string;
}
