/**
 * Values as a figure carries them: times as ISO text plotly reads on a date axis (UTC, as the
 * data is), and numbers as the short labels charts print on bars and annotations.
 */

const MINUS = "\u2212";

/**
 * Epoch milliseconds as the text plotly puts on a date axis (UTC); null for a missing time, which
 * plotly draws as a gap.
 *
 * @example
 *   plotTime(1760130000000) // "2025-10-10T21:00:00Z"
 */
export function plotTime(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso;
}

/**
 * Axis values for a figure: ISO text on a date axis, the numbers themselves on a linear one.
 *
 * @example
 *   axisData([1760130000000], "date") // ["2025-10-10T21:00:00Z"]
 *   axisData([0, 1, 2], "linear")     // [0, 1, 2]
 */
export function axisData(values: ArrayLike<number>, kind: "date" | "linear"): Array<string | number | null> {
  return kind === "date" ? Array.from(values, plotTime) : Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

/**
 * A time for a label: "2025-11-21 12:00 UTC", or the day alone at midnight.
 *
 * @example
 *   labelTime(Date.UTC(2025, 10, 21, 12)) // "2025-11-21 12:00 UTC"
 *   labelTime(Date.UTC(2025, 10, 18))     // "2025-11-18"
 */
export function labelTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.slice(11, 16) === "00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A scale for amounts: divide by `factor`, say `suffix`. */
export interface AmountScale {
  factor: number;
  /** "", "k", "m" or "bn". */
  suffix: string;
}

/**
 * The scale that keeps the largest amount between 1 and 1,000: thousands, millions or billions.
 *
 * @example
 *   amountScale(523.15e6) // { factor: 1e6, suffix: "m" }
 */
export function amountScale(maxAbs: number): AmountScale {
  if (maxAbs >= 1e9) return { factor: 1e9, suffix: "bn" };
  if (maxAbs >= 1e6) return { factor: 1e6, suffix: "m" };
  if (maxAbs >= 1e4) return { factor: 1e3, suffix: "k" };
  return { factor: 1, suffix: "" };
}

/**
 * A unit with its scale, for an axis title: "USD m".
 *
 * @example
 *   scaledUnit("USD", { factor: 1e9, suffix: "bn" }) // "USD bn"
 */
export function scaledUnit(unit: string, { suffix }: AmountScale): string {
  return suffix ? `${unit} ${suffix}` : unit;
}

/**
 * A number with thousands separators and at most `digits` decimals, with a true minus sign.
 *
 * @example
 *   formatNumber(80562)        // "80,562"
 *   formatNumber(-523.15, 1)   // "−523.2"
 */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const text = Math.abs(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return value < 0 && text !== "0" ? MINUS + text : text;
}

/**
 * An amount in a unit, compact: "$523.2m", "$19.13bn", "4,028 BTC".
 *
 * @example
 *   formatAmount(-523.15e6, "USD") // "−$523.2m"
 *   formatAmount(1.965e9, "USD")   // "$1.97bn"
 *   formatAmount(970, "BTC")       // "970 BTC"
 */
export function formatAmount(value: number, unit: string): string {
  const scale = amountScale(Math.abs(value));
  const scaled = Math.abs(value) / scale.factor;
  const digits = scaled >= 100 ? 1 : 2;
  const body = formatNumber(scaled, scale.factor === 1 ? 0 : digits) + scale.suffix;
  const sign = value < 0 ? MINUS : "";
  return unit === "USD" ? `${sign}$${body}` : `${sign}${body} ${unit}`;
}

/**
 * A percentage with a sign: "+0.98 %", "−3.78 %".
 *
 * @example
 *   formatPercent(-3.78) // "−3.78 %"
 *   formatPercent(0.5, 1) // "+0.5 %"
 */
export function formatPercent(value: number, digits = 2): string {
  const text = formatNumber(Math.abs(value), digits);
  return `${value < 0 ? MINUS : value > 0 ? "+" : ""}${text} %`;
}
