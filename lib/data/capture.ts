/**
 * Live liquidations captured from an exchange's websocket (ccxt.pro watchers: Binance's
 * forceOrder streams, Bybit's liquidation topic...) into rolling JSON Lines files, so the
 * events a venue publishes only live are kept for later analysis. The capture reconnects
 * with backoff when the connection drops, and stops on `stop()` or an abort signal.
 *
 * Note what a venue sends: Binance publishes at most one liquidation per symbol per second
 * on its stream (the largest), so a capture undercounts a cascade; its totals are a floor.
 */
import { Frame } from "../frame";
import { formatIsoTime, toEpochMs } from "../time";
import { join } from "node:path";
import { resolveCacheDir } from "./cache";
import { ccxt, openExchange, type ExchangeOptions } from "./ccxt-exchange";
import { LIQUIDATION_COLUMNS, liquidationRow } from "./load-market";
import { rowsToFrame, type TimedRow } from "./paging";
import { listCaptureFiles, readCapture, RollingFile } from "./rolling-file";
import { checkOptions, optionKeys } from "../options";
import { RETRY_OPTIONS } from "./retry";

/** Options of {@link captureLiquidations}: the venue (from {@link ExchangeOptions}), the symbols, and the rolling files written. */
export interface CaptureOptions extends ExchangeOptions {
  /** Perpetual symbols to watch ("BTC/USDT:USDT"); none or [] for every symbol the venue streams. */
  symbols?: string[];
  /** The folder of the files; <cache folder>/live/<exchange>/liquidations by default. */
  dir?: string;
  /** The cache folder the default `dir` is under; $CASCADE_CACHE_DIR or ~/.cache/cascade-notebooks/data by default. */
  cacheDir?: string;
  /** Time bucket per file ("1h" by default): a new file starts with each bucket. */
  rollEvery?: string;
  /** A new file also starts when the current one passes this size, in bytes; 64 MiB by default. */
  maxBytes?: number;
  /** Files to keep (the oldest are removed); all by default. */
  keep?: number;
  /** Stops the capture when aborted. */
  signal?: AbortSignal;
  /** Called with each captured row. */
  onEvent?: (row: TimedRow) => void;
  /** Where problems go (drops, reconnects); console.warn by default. */
  onWarning?: (message: string) => void;
  /** Backoff between reconnections, milliseconds: doubles from `reconnectMs` up to 30 s. */
  reconnectMs?: number;
}

/** A running capture. */
export interface LiquidationCapture {
  /** The folder the files go to. */
  dir: string;
  /** Rows captured so far. */
  readonly count: number;
  /** Stops watching, closes the connection; resolves when the loop has ended. */
  stop(): Promise<void>;
  /** Resolves when the capture ends (stop, abort, or a failure that is not a network one). */
  done: Promise<void>;
}

/** The default capture folder of an exchange. */
export function captureDir(exchange: string, cacheDir?: string): string {
  return join(resolveCacheDir(cacheDir), "live", exchange, "liquidations");
}

const CAPTURE_OPTIONS = optionKeys<CaptureOptions>()("symbols", "dir", "cacheDir", "rollEvery", "maxBytes", "keep", "signal", "onEvent", "onWarning", "reconnectMs", "exchange", "market", "timeoutMs", "rateLimitMs", "baseUrl", "wsBaseUrl", "retry", "exchangeOptions");

/**
 * Starts capturing liquidations; returns at once with a handle.
 *
 * @example
 *   const capture = captureLiquidations({ exchange: "binance", symbols: ["BTC/USDT:USDT"] });
 *   // ... later
 *   await capture.stop();
 *   readCapturedLiquidations({ exchange: "binance" }) // a frame of every captured liquidation
 */
export function captureLiquidations(options: CaptureOptions = {}): LiquidationCapture {
  checkOptions("captureLiquidations", options, CAPTURE_OPTIONS);
  checkOptions("captureLiquidations: retry", options.retry, RETRY_OPTIONS);
  const { exchange = "binance", symbols = [], rollEvery = "1h", maxBytes, keep, signal, onEvent, onWarning = (m: string) => console.warn(m), reconnectMs = 1000 } = options;
  const dir = options.dir ?? captureDir(exchange, options.cacheDir);
  const out = new RollingFile({ dir, prefix: "liquidations", rollEvery, maxBytes, keep });
  const ex = openExchange({ ...options, exchange, market: "swap" }, { pro: true });
  if (!ex.has.watchLiquidations && !ex.has.watchLiquidationsForSymbols) throw new Error(`${exchange} has no liquidation stream in ccxt.pro (watchLiquidations)`);
  let stopped = false;
  let count = 0;
  let wake: (() => void) | undefined;
  const written = new WeakSet<object>();
  const stop = async () => {
    stopped = true;
    wake?.();
    await ex.close?.();
  };
  signal?.addEventListener("abort", () => void stop(), { once: true });

  const watch = () => {
    if (symbols.length === 1 && ex.watchLiquidations) return ex.watchLiquidations(symbols[0]);
    if (ex.watchLiquidationsForSymbols && (ex.has.watchLiquidationsForSymbols || symbols.length === 0)) return ex.watchLiquidationsForSymbols(symbols);
    throw new Error(`${exchange} streams liquidations one symbol at a time: capture each symbol separately`);
  };

  const loop = async () => {
    const lib = ccxt() as unknown as { NetworkError: new () => Error };
    let delay = reconnectMs;
    // ccxt wants an HTTP agent loaded before it opens a plain ws:// (non-TLS) connection.
    if (options.wsBaseUrl?.startsWith("ws://")) await ex.loadHttpProxyAgent?.();
    while (!stopped) {
      try {
        const batch = await watch();
        delay = reconnectMs;
        // A watcher resolves with the message that woke it; messages that arrived while no call
        // was waiting are only in ccxt's cache of recent liquidations, so read both.
        const recent = (ex as unknown as { liquidations?: ArrayLike<Record<string, unknown>> }).liquidations;
        for (const l of [...(recent && typeof recent.length === "number" ? Array.from(recent) : []), ...batch]) {
          if (written.has(l)) continue;
          written.add(l);
          const row = { ...liquidationRow(exchange, l), exchange };
          if (!Number.isFinite(row.time)) continue;
          out.write(row.time, row);
          count++;
          onEvent?.(row);
        }
      } catch (err) {
        if (stopped) break;
        if (!(err instanceof lib.NetworkError)) throw err;
        onWarning(`${exchange} liquidation stream: ${(err as Error).message}; reconnecting in ${delay} ms`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, delay);
        });
        delay = Math.min(30_000, delay * 2);
      }
    }
  };
  const done = loop().finally(() => ex.close?.());
  return {
    dir,
    get count() {
      return count;
    },
    stop: async () => {
      await stop();
      await done.catch(() => undefined);
    },
    done,
  };
}

const READ_CAPTURED_OPTIONS = optionKeys<NonNullable<Parameters<typeof readCapturedLiquidations>[0]>>()("exchange", "dir", "cacheDir", "from", "to");

/**
 * The liquidations a capture wrote, as a frame (time, symbol, side, price, amount, usd,
 * exchange), in [from, to) when given. No capture files (a capture never run there, another
 * exchange's name or folder) and a range wholly outside what the capture holds (its first to
 * its last liquidation) are errors naming the exchange, folder and range; a range the capture
 * spans with no liquidation in it gives an empty frame (a quiet hour). The files do not say
 * whether the capture ran without a break, so a range over a pause also comes back empty.
 *
 * @example
 *   const liq = readCapturedLiquidations({ exchange: "binance", from: "2025-11-21", to: "2025-11-22" });
 *   liquidationTotals(liq)
 */
export function readCapturedLiquidations({ exchange = "binance", dir, cacheDir, from, to, ...unknown }: {
  /** The exchange whose capture to read; "binance" by default. */
  exchange?: string;
  /** The capture's folder; <cache folder>/live/<exchange>/liquidations by default. */
  dir?: string;
  /** The cache folder the default `dir` is under; $CASCADE_CACHE_DIR or ~/.cache/cascade-notebooks/data by default. */
  cacheDir?: string;
  /** Start of the range (inclusive): a Date, epoch milliseconds or ISO text; the first captured row by default. */
  from?: Date | number | string;
  /** End of the range (exclusive); after the last captured row by default. */
  to?: Date | number | string;
} = {}): Frame {
  checkOptions("readCapturedLiquidations", unknown, READ_CAPTURED_OPTIONS);
  const a = from === undefined ? -Infinity : toEpochMs(from);
  const b = to === undefined ? Infinity : toEpochMs(to);
  const folder = dir ?? captureDir(exchange, cacheDir);
  const all = readCapture(folder, "liquidations") as TimedRow[];
  const asked = from === undefined && to === undefined ? "" : ` for ${from === undefined ? "the start" : formatIsoTime(a)} to ${to === undefined ? "the end" : formatIsoTime(b)}`;
  if (all.length === 0) {
    const files = listCaptureFiles(folder, "liquidations").length;
    throw new Error(`readCapturedLiquidations: no captured ${exchange} liquidations${asked}: ${files ? `the ${files} capture file${files === 1 ? "" : "s"} in ${folder} hold no complete record` : `${folder} holds no capture files`} (start one with captureLiquidations({ exchange: "${exchange}" }), or pass the dir it wrote to)`);
  }
  let first = Infinity;
  let last = -Infinity;
  for (const r of all) {
    if (r.time < first) first = r.time;
    if (r.time > last) last = r.time;
  }
  if (b <= first || a > last) {
    throw new Error(`readCapturedLiquidations: no captured ${exchange} liquidations${asked}: the capture in ${folder} holds ${formatIsoTime(first)} to ${formatIsoTime(last)}`);
  }
  const rows = all.filter((r) => r.time >= a && r.time < b).sort((x, y) => x.time - y.time);
  return rowsToFrame(rows, { ...LIQUIDATION_COLUMNS, exchange: "string" });
}
