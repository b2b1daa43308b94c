/**
 * A market regime label with the reasons for it, from candles: how far the last close is below
 * the high (the usual 10 % "correction" and 20 % "bear market" lines), where it stands against
 * its moving average, and whether recent volatility runs well above the series' own. The
 * thresholds are conventions, not laws: they are options, and the reasons print the numbers.
 */
import type { Frame } from "../frame";
import { formatIsoTime } from "../time";
import { drawdownFromHigh } from "./drawdown";
import { rollingVolatility, volatility } from "./volatility";
import { seriesValues, timeValues } from "./series";
import { checkOptions, optionKeys } from "../options";

export type RegimeLabel = "uptrend" | "range" | "correction" | "bear";

/** Options of {@link regime}: the window and the thresholds between labels. */
export interface RegimeOptions {
  /** Bars in the moving average and the recent-volatility window; 20 by default. */
  window?: number;
  /** Fall from the high, as a fraction, that makes a correction; 0.1 by default. */
  correction?: number;
  /** Fall from the high, as a fraction, that makes a bear market; 0.2 by default. */
  bear?: number;
  /** Recent over whole-series volatility above which the market is under stress; 1.5 by default. */
  stress?: number;
}

/** The label, the measures behind it, and the reasons in words. */
export interface Regime {
  label: RegimeLabel;
  /** Whether recent volatility is `stress` times the series' own or more. */
  stressed: boolean;
  /** Last close over the highest high, minus 1 (negative). */
  fromHigh: number;
  /** Last close over its moving average, minus 1. */
  fromAverage: number;
  /** Recent volatility over whole-series volatility. */
  volatilityRatio: number;
  reasons: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

const REGIME_OPTIONS = optionKeys<NonNullable<Parameters<typeof regime>[1]>>()("window", "correction", "bear", "stress");

/**
 * Labels the regime at the last bar of `candles` (close, and high when present).
 *
 * @example
 *   regime(snapshot().candles.resample("1d"))
 *   // { label: "bear", reasons: ["the close, 84,697, is 32.9 % below the high of 126,287 (2025-10-06): past the 20.0 % bear line", ...] }
 */
export function regime(candles: Frame, { window = 20, correction = 0.1, bear = 0.2, stress = 1.5, ...unknown }: RegimeOptions = {}): Regime {
  checkOptions("regime", unknown, REGIME_OPTIONS);
  const closes = seriesValues(candles, "close");
  if (closes.length <= window) throw new Error(`regime needs more than ${window} bars (the window), got ${closes.length}`);
  const highs = candles.has("high") ? seriesValues(candles, "high") : closes;
  const times = timeValues(candles);
  const last = closes.length - 1;
  const fromHigh = drawdownFromHigh(candles)[last];
  let peakAt = 0;
  for (let i = 1; i <= last; i++) if (highs[i] > highs[peakAt]) peakAt = i;
  let sum = 0;
  for (let i = last - window + 1; i <= last; i++) sum += closes[i];
  const average = sum / window;
  const fromAverage = closes[last] / average - 1;
  const recent = rollingVolatility(candles, { window })[last];
  const volatilityRatio = recent / volatility(candles);
  const stressed = volatilityRatio >= stress;

  const when = times ? ` (${formatIsoTime(times[peakAt]).slice(0, 10)})` : "";
  const price = (x: number) => Math.round(x).toLocaleString("en-US");
  const reasons: string[] = [];
  let label: RegimeLabel;
  const fall = -fromHigh;
  const below = `the close, ${price(closes[last])}, is ${pct(fall)} below the high of ${price(highs[peakAt])}${when}`;
  if (fall >= bear) (label = "bear"), reasons.push(`${below}: past the ${pct(bear)} bear line`);
  else if (fall >= correction) (label = "correction"), reasons.push(`${below}: past the ${pct(correction)} correction line, short of the ${pct(bear)} bear line`);
  else {
    label = fromAverage > 0 ? "uptrend" : "range";
    reasons.push(`${below}: within ${pct(correction)} of it`);
  }
  reasons.push(`the close is ${pct(Math.abs(fromAverage))} ${fromAverage >= 0 ? "above" : "below"} its ${window}-bar average`);
  reasons.push(`volatility over the last ${window} bars is ${volatilityRatio.toFixed(2)}x the series' own${stressed ? `: stressed (${stress}x or more)` : ""}`);
  return { label, stressed, fromHigh, fromAverage, volatilityRatio, reasons };
}
