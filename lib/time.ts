/**
 * Timestamps as epoch milliseconds (UTC): parsing ISO 8601 text (from strings or straight from
 * bytes, so the CSV reader needs no intermediate string), epoch numbers in other units, and
 * ISO formatting for tables and files.
 *
 * Times without a zone are read as UTC: exchange data is published in UTC and a notebook must
 * give the same answer on every machine, whatever its local zone.
 */
import { checkOptions, optionKeys } from "./options";

/** The unit of a numeric epoch timestamp. "auto" picks one from the magnitude (see `epochUnit`). */
export type EpochUnit = "s" | "ms" | "us" | "ns";

const MS_PER_DAY = 86_400_000;

/** Milliseconds per unit of an epoch number. */
export const EPOCH_UNIT_MS: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

// Names that mark a numeric column as epoch timestamps: time, timestamp, ts, date, datetime,
// open_time, time_unix, created_at, closeTime...
const TIME_NAME = /^(t|ts|date|datetime|timestamp|time)$|(^|_)(time|timestamp|ts|date|datetime)($|_)|_at$/i;
const CAMEL_TIME_NAME = /[a-z](Time|Timestamp|At)$/;

/**
 * Whether a column name says it holds timestamps, so that numbers under it (>= 1e8) are read
 * as epoch times by the loaders.
 *
 * @example
 *   isTimeName("time_unix") // true
 *   isTimeName("hour")      // false
 */
export function isTimeName(name: string): boolean {
  return TIME_NAME.test(name) || CAMEL_TIME_NAME.test(name);
}

/**
 * Guesses the unit of an epoch number from its magnitude: seconds below 1e11 (the year 5138),
 * milliseconds below 1e14, microseconds below 1e17, nanoseconds above. Any date after 1973 is
 * told apart correctly, which covers every market data set.
 *
 * @example
 *   epochUnit(1756598400)     // "s"
 *   epochUnit(1756598400000)  // "ms"
 */
export function epochUnit(value: number): EpochUnit {
  const v = Math.abs(value);
  if (v < 1e11) return "s";
  if (v < 1e14) return "ms";
  if (v < 1e17) return "us";
  return "ns";
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). Exact integer arithmetic on
 * 400-year eras, so it needs no Date object and has no two-digit-year quirk (Date.UTC maps 0-99
 * to 1900-1999).
 *
 * @example
 *   daysFromCivil(1970, 1, 1)   // 0
 *   daysFromCivil(2025, 10, 10) // 20371
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(bytes: ArrayLike<number>, i: number): number {
  const d = bytes[i] - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

function twoDigits(bytes: ArrayLike<number>, i: number): number {
  return digit(bytes, i) * 10 + digit(bytes, i + 1);
}

/**
 * Parses an ISO 8601 timestamp held in `bytes[start, end)` to epoch milliseconds, or NaN when
 * the text is not one. Accepts `YYYY-MM-DD`, then optionally `T` or a space and `HH:MM`,
 * `:SS`, a fraction of up to 9 digits (kept to the millisecond), and a zone `Z`, `+HH:MM`,
 * `+HHMM` or `+HH`. No zone means UTC. Calendar fields are validated (no 2025-02-30).
 *
 * @example
 *   parseIsoBytes(Buffer.from("2025-10-10T21:00:00Z"), 0, 20) // 1760130000000
 */
export function parseIsoBytes(bytes: ArrayLike<number>, start: number, end: number): number {
  const len = end - start;
  if (len < 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return NaN;
  const year = digit(bytes, start) * 1000 + digit(bytes, start + 1) * 100 + twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY;
  let i = start + 10;
  if (i === end) return ms;
  const sep = bytes[i];
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN; // 'T', ' ', 't'
  i++;
  if (end - i < 5 || bytes[i + 2] !== 58) return NaN; // HH:MM
  const hour = twoDigits(bytes, i);
  const minute = twoDigits(bytes, i + 3);
  if (!(hour <= 23 && minute <= 59)) return NaN;
  ms += hour * 3_600_000 + minute * 60_000;
  i += 5;
  if (i < end && bytes[i] === 58) {
    if (end - i < 3) return NaN;
    const second = twoDigits(bytes, i + 1);
    if (!(second <= 59)) return NaN;
    ms += second * 1000;
    i += 3;
    if (i < end && (bytes[i] === 46 || bytes[i] === 44)) {
      i++;
      let scale = 100;
      let fraction = 0;
      const fracStart = i;
      while (i < end) {
        const d = bytes[i] - 48;
        if (!(d >= 0 && d <= 9)) break;
        fraction += d * scale;
        scale /= 10;
        i++;
      }
      if (i === fracStart || i - fracStart > 9) return NaN;
      ms += Math.floor(fraction + 1e-9);
    }
  }
  if (i === end) return ms;
  const zone = bytes[i];
  if ((zone === 90 || zone === 122) && i + 1 === end) return ms; // 'Z', 'z'
  if (zone !== 43 && zone !== 45) return NaN; // '+', '-'
  const rest = end - i - 1;
  let offsetMinutes: number;
  if (rest === 2) offsetMinutes = twoDigits(bytes, i + 1) * 60;
  else if (rest === 4) offsetMinutes = twoDigits(bytes, i + 1) * 60 + twoDigits(bytes, i + 3);
  else if (rest === 5 && bytes[i + 3] === 58) offsetMinutes = twoDigits(bytes, i + 1) * 60 + twoDigits(bytes, i + 4);
  else return NaN;
  if (!(offsetMinutes < 24 * 60)) return NaN;
  return zone === 43 ? ms - offsetMinutes * 60_000 : ms + offsetMinutes * 60_000;
}

/**
 * Parses an ISO 8601 timestamp string to epoch milliseconds, or NaN when it is not one. Same
 * grammar as `parseIsoBytes`; leading and trailing spaces are ignored.
 *
 * @example
 *   parseIsoTime("2025-10-10")              // 1760054400000
 *   parseIsoTime("2025-10-10 23:00+02:00")  // 1760130000000
 */
export function parseIsoTime(text: string): number {
  const s = text.trim();
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  return parseIsoBytes(codes, 0, codes.length);
}

const FORMAT_ISO_TIME_OPTIONS = optionKeys<NonNullable<Parameters<typeof formatIsoTime>[1]>>()("withMs");

/**
 * Epoch milliseconds as ISO 8601 UTC text, without the milliseconds when they are zero
 * (`withMs` forces them); "" for NaN, the missing time.
 *
 * @example
 *   formatIsoTime(1760130000000)  // "2025-10-10T21:00:00Z"
 *   formatIsoTime(1760130000123)  // "2025-10-10T21:00:00.123Z"
 */
export function formatIsoTime(ms: number, { withMs = false, ...unknown }: {
  /** Always write the milliseconds (".000Z"); false by default: they are written only when not zero. */
  withMs?: boolean;
} = {}): string {
  checkOptions("formatIsoTime", unknown, FORMAT_ISO_TIME_OPTIONS);
  if (!Number.isFinite(ms)) return "";
  const iso = new Date(ms).toISOString();
  return !withMs && ms % 1000 === 0 ? iso.slice(0, -5) + "Z" : iso;
}

/**
 * A time given as a Date, epoch milliseconds or ISO text, as epoch milliseconds. Throws on
 * text that is not ISO 8601, naming it.
 *
 * @example
 *   toEpochMs("2025-10-10T21:00Z") // 1760130000000
 */
export function toEpochMs(time: Date | number | string): number {
  if (typeof time === "number") return time;
  if (time instanceof Date) return time.getTime();
  const ms = parseIsoTime(time);
  if (Number.isNaN(ms)) throw new Error(`not an ISO 8601 time: ${JSON.stringify(time)}`);
  return ms;
}
