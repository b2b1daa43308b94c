/**
 * Calls to data APIs that need a user's key: the key is read from the environment at call
 * time and sent in a header, never put in a URL, a cache file, provenance, a warning or an
 * error (every message is scrubbed of it, response bodies included, since some APIs echo
 * request headers back). A notebook names the variable, never the key.
 */
import { parseRetryAfter, withRetries, type RetryOptions } from "./retry";

/** A failed API call; `status` is the HTTP status (0 for network failures and timeouts). */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly retryAfterMs?: number) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * The key in environment variable `name`, or an error saying how to provide it.
 *
 * @example
 *   const key = apiKeyFromEnv("COINGLASS_API_KEY", "CoinGlass aggregated liquidations");
 */
export function apiKeyFromEnv(name: string, feature: string): string {
  const key = process.env[name];
  if (!key || !key.trim()) throw new Error(`${feature} needs an API key in the environment variable ${name} (set it in the shell or the kernel's environment; it is never written into a notebook or an output)`);
  return key.trim();
}

/**
 * `text` with every secret replaced by "***" (also URL-encoded forms of it).
 *
 * @example
 *   redact("bad key abc123", ["abc123"]) // "bad key ***"
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("***");
  }
  return out;
}

export interface KeyedRequest {
  url: string;
  /** Request headers; the key goes in one of them. */
  headers: Record<string, string>;
  /** Values never to show (the key). */
  secrets: readonly string[];
  /** How errors name the API, e.g. "CoinGlass". */
  api: string;
  timeoutMs?: number;
  retry?: RetryOptions;
}

/**
 * GETs a body as text with retries on 429 (honouring Retry-After), 5xx, timeouts and dropped
 * connections; other statuses fail at once. `check` may reject a body (truncated JSON, a
 * CSV cut short) as retryable by throwing an ApiError with status -1. Errors are scrubbed
 * of the secrets.
 *
 * @example
 *   await getText({ url: "https://stooq.com/q/d/l/?s=^spx&i=d", headers: {}, secrets: [], api: "Stooq" })
 */
export async function getText({ url, headers, secrets, api, timeoutMs = 10_000, retry = {} }: KeyedRequest, check?: (body: string, where: string) => void): Promise<string> {
  const scrub = (s: string) => redact(s, secrets);
  const where = `${api} GET ${scrub(url)}`;
  const attempt = async () => {
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const reason = e.name === "TimeoutError" || e.name === "AbortError" ? `timed out after ${timeoutMs} ms` : `${e.cause?.code ?? e.cause?.message ?? e.message}`;
      throw new ApiError(scrub(`${where}: ${reason}`), 0);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (err) {
      throw new ApiError(scrub(`${where}: the connection dropped while reading the response (${(err as Error).message})`), 0);
    }
    if (!response.ok) {
      const hint = response.status === 401 || response.status === 403 ? " (the key was refused: check the environment variable)" : "";
      throw new ApiError(scrub(`${where}: HTTP ${response.status}${hint}: ${body.slice(0, 200)}`), response.status, parseRetryAfter(response.headers.get("retry-after")));
    }
    check?.(body, where);
    return body;
  };
  return withRetries(attempt, {
    retryable: (e) => e instanceof ApiError && (e.status === 0 || e.status === -1 || e.status === 429 || e.status >= 500),
    retryAfterMs: (e) => (e as ApiError).retryAfterMs,
  }, { ...retry, onRetry: retry.onRetry && ((info) => retry.onRetry!({ ...info, error: new Error(scrub(info.error.message)) })) });
}

/**
 * GETs JSON through getText: a body that is not complete JSON is retried.
 *
 * @example
 *   await getJson({ url, headers: { "CG-API-KEY": key }, secrets: [key], api: "CoinGlass" })
 */
export async function getJson(request: KeyedRequest): Promise<unknown> {
  let parsed: unknown;
  await getText(request, (body, where) => {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ApiError(redact(`${where}: the response is not complete JSON (${body.length} bytes)`, request.secrets), -1);
    }
  });
  return parsed;
}
