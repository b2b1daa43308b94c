/**
 * Retries with exponential backoff for calls to exchanges and data APIs: rate limits (429),
 * server errors (5xx), timeouts and dropped connections are retried; a 429's Retry-After is
 * honoured; anything else (a bad symbol, a refused key) fails at once, and a failure that means
 * there is no network (DNS) fails at once with a message starting "offline". The delays double from
 * `baseDelayMs` with "full jitter" (a random wait up to the doubled delay), so many clients
 * that were throttled together do not return together.
 */
import { optionKeys } from "../options";

/** How loaders retry failed requests: counts and delays of the exponential backoff. */
export interface RetryOptions {
  /** Retries after the first attempt; 4 by default. */
  retries?: number;
  /** The first backoff, milliseconds; 500 by default. Tests use a few ms. */
  baseDelayMs?: number;
  /** The longest wait, milliseconds, Retry-After included; 30 s by default. */
  maxDelayMs?: number;
  /** Called before each retry (to warn in a notebook); the message never holds credentials. */
  onRetry?: (info: { attempt: number; delayMs: number; error: Error }) => void;
  /** The waiting function (tests may pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform random numbers in [0, 1) for the jitter (tests pass a seeded one). */
  random?: () => number;
}

/**
 * Retry options whose retries are reported to `onWarning` (a loader's warnings), unless the
 * caller gave its own `onRetry`.
 *
 * @example retryWarnings({ retries: 2 }, console.warn, "Stooq ^spx")
 */
export function retryWarnings(retry: RetryOptions | undefined, onWarning: (message: string) => void, what: string): RetryOptions {
  return { ...retry, onRetry: retry?.onRetry ?? ((r) => onWarning(`${what}: retry ${r.attempt} in ${Math.round(r.delayMs)} ms after ${r.error.message}`)) };
}

/** The keys of RetryOptions, for the loaders' check of their `retry` option. */
export const RETRY_OPTIONS = optionKeys<RetryOptions>()("retries", "baseDelayMs", "maxDelayMs", "onRetry", "sleep", "random");

/** How a caller tells which failures are worth retrying, and how long the server asked to wait. */
export interface RetryPolicy {
  retryable: (error: Error) => boolean;
  /** The server's Retry-After, milliseconds, when it gave one for this failure. */
  retryAfterMs?: (error: Error) => number | undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const OFFLINE_CODES = /\b(ENOTFOUND|EAI_AGAIN|ENETUNREACH|EAI_NONAME)\b/;

/**
 * Whether a failure means there is no network (a host name that does not resolve, no route):
 * retrying will not help, so loaders say "offline" at once. Looks through `cause` chains and
 * messages (ccxt wraps the system error in its own).
 *
 * @example isOfflineError(Object.assign(new Error("getaddrinfo ENOTFOUND api.binance.com"), { code: "ENOTFOUND" })) // true
 */
export function isOfflineError(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && OFFLINE_CODES.test(e.code)) return true;
    if (typeof e.message === "string" && OFFLINE_CODES.test(e.message)) return true;
  }
  return false;
}

/**
 * Parses a Retry-After header: seconds, or an HTTP date (relative to `now`).
 *
 * @example
 *   parseRetryAfter("2")                              // 2000
 *   parseRetryAfter("Wed, 21 Oct 2025 07:28:00 GMT", Date.parse("2025-10-21T07:27:00Z")) // 60000
 */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Runs `attempt` until it succeeds, retrying the failures `policy` calls retryable.
 *
 * @example
 *   const rows = await withRetries(() => exchange.fetchOHLCV("BTC/USDT", "1h", since), ccxtPolicy(exchange), { retries: 3 });
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, policy: RetryPolicy, { retries = 4, baseDelayMs = 500, maxDelayMs = 30_000, onRetry, sleep = defaultSleep, random = Math.random }: RetryOptions = {}): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      // No network: say so now, not after every retry has waited.
      if (isOfflineError(error)) throw new Error(`offline (no network, or the host name does not resolve): ${error.message}`, { cause: error });
      if (n >= retries || !policy.retryable(error)) throw error;
      const asked = policy.retryAfterMs?.(error);
      const backoff = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** n);
      const delayMs = Math.min(maxDelayMs, asked !== undefined ? Math.max(asked, backoff) : backoff);
      onRetry?.({ attempt: n + 1, delayMs, error });
      await sleep(delayMs);
    }
  }
}
