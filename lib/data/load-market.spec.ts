// The exchange loaders through ccxt's real code, against a real HTTP server on 127.0.0.1 that
// answers in Binance's and Gate's formats, faults included. Fixed clocks; fake sleeps record
// the backoff instead of waiting.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { loadCandles, loadFunding, loadLiquidations, loadOpenInterest } from "./load-market";
import { loadOrderBook } from "./load-order-book";
import { CacheMissError, NoDataError, provenanceOf } from "./cache";
import { startLoopbackExchange, type LoopbackExchange } from "./testing/loopback-exchange";
import { depthBands } from "../analytics/depth";
import { liquidationTotals } from "../analytics/liquidations";

const H = 3_600_000;
const START = Date.UTC(2025, 9, 1);
const NOW = Date.UTC(2026, 1, 1); // after every bar the venue has
const root = mkdtempSync(join(tmpdir(), "cascade-load-"));
let dirs = 0;
const venues: LoopbackExchange[] = [];
after(async () => {
  await Promise.all(venues.map((v) => v.close()));
  rmSync(root, { recursive: true, force: true });
});

async function venue(options: { bars?: number; missing?: number[] } = {}) {
  const v = await startLoopbackExchange({ start: START, bars: options.bars ?? 2400, missing: options.missing });
  venues.push(v);
  return v;
}

/** Options for a test: its own cache, a fixed clock, short timeouts, recorded backoff. */
function setup(v: { origin: string }, extra: Record<string, unknown> = {}) {
  const waits: number[] = [];
  const warnings: string[] = [];
  const options = {
    baseUrl: v.origin,
    cacheDir: join(root, `c${dirs++}`),
    now: () => NOW,
    // Far above a loopback answer, also on a loaded machine: the requests these tests count come
    // from the faults they set, never from a slow answer timing out (the one "timeout" fault
    // waits this long once).
    timeoutMs: 2_000,
    rateLimitMs: 1,
    retry: { retries: 3, baseDelayMs: 10, sleep: async (ms: number) => void waits.push(ms), random: () => 1 },
    onWarning: (m: string) => void warnings.push(m),
    ...extra,
  };
  return { options, waits, warnings };
}

test("candles: pages through 2,000 hourly bars, matches the venue, caches, then serves from the cache", async () => {
  const v = await venue();
  const { options, warnings } = setup(v);
  const from = START, to = START + 2000 * H;
  const candles = await loadCandles({ ...options, symbol: "BTC/USDT", timeframe: "1h", from, to });
  assert.equal(candles.length, 2000);
  assert.deepEqual(candles.columns, ["time", "open", "high", "low", "close", "volume"]);
  assert.equal(candles.numbers("close")[1999], Number(v.bars[1999][4].toFixed(2)));
  const klines = v.requests.filter((r) => r.includes("/api/v3/klines"));
  assert.equal(klines.length, 2, "two pages of 1,000: the second ends at the range end");
  const p = provenanceOf(candles)!;
  assert.equal(p.source, "binance");
  assert.equal(p.rows, 2000);
  assert.deepEqual(p.gaps, []);
  assert.deepEqual(warnings, []);
  const before = v.requests.length;
  const again = await loadCandles({ ...options, symbol: "BTC/USDT", timeframe: "1h", from: from + 100 * H, to: from + 200 * H });
  assert.equal(again.length, 100);
  assert.equal(v.requests.length, before, "no request for a cached range");
  const offline = await loadCandles({ ...options, offline: true, symbol: "BTC/USDT", timeframe: "1h", from, to });
  assert.equal(offline.length, 2000);
  await assert.rejects(loadCandles({ ...options, offline: true, symbol: "BTC/USDT", timeframe: "1h", from: to, to: to + 10 * H }), (e: Error) => e instanceof CacheMissError && /binance BTC\/USDT candles 1h/.test(e.message));
});

test("faults: 429 with Retry-After, 500, a timeout and truncated JSON are retried; the data come out whole", async () => {
  const v = await venue();
  const { options, waits, warnings } = setup(v);
  v.fail("/api/v3/klines", { kind: "429", retryAfter: 2 }, { kind: "500" }, { kind: "timeout" }, { kind: "truncate" });
  const candles = await loadCandles({ ...options, retry: { ...options.retry, retries: 5 }, symbol: "BTC/USDT", timeframe: "1h", from: START, to: START + 500 * H });
  assert.equal(candles.length, 500);
  assert.ok(candles.isSorted("time", { strict: true }));
  assert.equal(waits.length, 4);
  assert.equal(waits[0], 2000, "Retry-After: 2 is honoured");
  assert.deepEqual(waits.slice(1), [20, 40, 80], "then exponential backoff");
  assert.match(warnings[0], /retry 1 .*429/);
  assert.match(warnings[2], /timed out/);
  assert.match(warnings[3], /not complete JSON/);
});

test("faults that do not clear: the error names the exchange and the request, after the retries", async () => {
  const v = await venue();
  const { options, waits } = setup(v);
  v.fail("/api/v3/klines", { kind: "500" }, { kind: "500" }, { kind: "500" }, { kind: "500" });
  await assert.rejects(loadCandles({ ...options, symbol: "BTC/USDT", from: START, to: START + 10 * H }), /binance GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/klines.*500/);
  assert.equal(waits.length, 3);
});

test("a refused connection is retried, then reported", async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  const { options, waits } = setup({ origin: `http://127.0.0.1:${port}` });
  await assert.rejects(loadCandles({ ...options, symbol: "BTC/USDT", from: START, to: START + 10 * H }), /ECONNREFUSED/);
  assert.equal(waits.length, 3);
});

test("no bars at all for a range whose bars have closed is an error naming exchange, symbol and range, and is not cached", async () => {
  const v = await venue();
  const { options } = setup(v);
  const day1 = { symbol: "BTC/USDT", timeframe: "1h", from: START, to: START + 24 * H };
  // The venue answers 200 with an empty list: a failure the loader cannot tell from "no data".
  v.fail("/api/v3/klines", { kind: "empty" });
  await assert.rejects(loadCandles({ ...options, ...day1 }), (e: Error) => e instanceof NoDataError && /^binance BTC\/USDT candles 1h: no data from 2025-10-01T00:00:00Z to 2025-10-02T00:00:00Z: the source returned no rows/.test(e.message));
  // Nothing was cached: offline it is a cache miss, and online the bars come on the next call.
  await assert.rejects(loadCandles({ ...options, ...day1, offline: true }), CacheMissError);
  assert.equal((await loadCandles({ ...options, ...day1 })).length, 24);
  // A range before the venue's first bar (a symbol not listed yet): the same error.
  await assert.rejects(loadCandles({ ...options, symbol: "BTC/USDT", from: START - 48 * H, to: START - 24 * H }), /binance BTC\/USDT candles 1h: no data from 2025-09-29T00:00:00Z to 2025-09-30T00:00:00Z/);
  // Open interest and funding (perpetuals fund at least every 8 h) alike.
  const { options: swap } = setup(v, { market: "swap" });
  await assert.rejects(loadOpenInterest({ ...swap, symbol: "BTC/USDT:USDT", from: START - 48 * H, to: START - 24 * H }), /binance BTC\/USDT:USDT open-interest 1h: no data from 2025-09-29T00:00:00Z/);
  await assert.rejects(loadFunding({ ...swap, symbol: "BTC/USDT:USDT", from: START - 48 * H, to: START - 24 * H }), /binance BTC\/USDT:USDT funding: no data from 2025-09-29T00:00:00Z to 2025-09-30T00:00:00Z/);
  // Not errors: a range whose bars have not closed yet, and funding over less than 8 hours.
  const { options: early } = setup(v, { now: () => START + 24 * H + 30 * 60_000 });
  assert.equal((await loadCandles({ ...early, symbol: "BTC/USDT", from: START + 3000 * H, to: START + 3001 * H })).length, 0);
  assert.equal((await loadFunding({ ...swap, symbol: "BTC/USDT:USDT", from: START + H, to: START + 7 * H })).length, 0);
});

test("a 200 answer with an HTML page or an empty body is retried as a failure, then reported with symbol and range", async () => {
  const v = await venue();
  const { options, warnings } = setup(v);
  v.fail("/api/v3/klines", { kind: "html" }, { kind: "blank" });
  const candles = await loadCandles({ ...options, symbol: "BTC/USDT", from: START, to: START + 10 * H });
  assert.equal(candles.length, 10, "the data come out whole after the retries");
  assert.match(warnings[0], /HTTP 200 with an HTML page \("<!DOCTYPE html>.*instead of JSON/);
  assert.match(warnings[1], /HTTP 200 with an empty body instead of JSON/);
  v.fail("/api/v3/klines", { kind: "html" }, { kind: "html" }, { kind: "html" }, { kind: "html" });
  await assert.rejects(loadCandles({ ...options, symbol: "BTC/USDT", from: START + 100 * H, to: START + 110 * H }), /BadResponse: binance BTC\/USDT candles 1h from 2025-10-05T04:00:00Z to 2025-10-05T14:00:00Z: binance GET .*\/api\/v3\/klines.*HTTP 200 with an HTML page/);
  v.fail("/api/v3/klines", { kind: "blank" }, { kind: "blank" }, { kind: "blank" }, { kind: "blank" });
  await assert.rejects(loadCandles({ ...options, symbol: "BTC/USDT", from: START + 200 * H, to: START + 210 * H }), /HTTP 200 with an empty body/);
});

test("bars the venue lacks are reported as gaps", async () => {
  const holes = [START + 50 * H, START + 51 * H, START + 52 * H];
  const v = await venue({ missing: holes });
  const { options, warnings } = setup(v);
  const withHole = await loadCandles({ ...options, symbol: "BTC/USDT", from: START + 24 * H, to: START + 100 * H });
  assert.equal(withHole.length, 73);
  assert.deepEqual(provenanceOf(withHole)!.gaps, [{ from: "2025-10-03T02:00:00Z", to: "2025-10-03T05:00:00Z", missing: 3 }]);
  assert.match(warnings.join("\n"), /3 bars missing in 1 gap: 2025-10-03T02:00:00Z to 2025-10-03T05:00:00Z/);
});

test("perpetuals: candles, open interest and funding from the futures API", async () => {
  const v = await venue();
  const { options } = setup(v, { market: "swap" });
  const symbol = "BTC/USDT:USDT";
  const candles = await loadCandles({ ...options, symbol, from: START, to: START + 1600 * H });
  assert.equal(candles.length, 1600);
  assert.ok(v.requests.some((r) => r.startsWith("GET /fapi/v1/klines")));
  const oi = await loadOpenInterest({ ...options, symbol, from: START, to: START + 1200 * H });
  assert.equal(oi.length, 1200);
  assert.deepEqual(oi.columns, ["time", "open_interest", "open_interest_usd"]);
  assert.equal(oi.numbers("open_interest")[0], 80_000);
  assert.equal(v.requests.filter((r) => r.includes("openInterestHist")).length, 3, "pages of 500");
  const funding = await loadFunding({ ...options, symbol, from: START, to: START + 240 * H });
  assert.equal(funding.length, 30);
  assert.equal(funding.numbers("time")[1] - funding.numbers("time")[0], 8 * H);
  assert.equal(funding.numbers("funding_rate")[0], 0.0001);
});

test("order books: a snapshot now, its depth bands, and the cached one offline", async () => {
  const v = await venue();
  const { options } = setup(v);
  const book = await loadOrderBook({ ...options, symbol: "BTC/USDT" });
  assert.equal(book.bids.length, 50);
  assert.ok(book.bids[0][0] > book.bids[1][0] && book.asks[0][0] < book.asks[1][0]);
  const bands = depthBands(book);
  assert.ok(bands[4].total > bands[0].total);
  const offline = await loadOrderBook({ ...options, symbol: "BTC/USDT", offline: true });
  assert.deepEqual(offline.bids, book.bids);
  assert.equal(offline.timestamp, book.timestamp);
  await assert.rejects(loadOrderBook({ ...options, symbol: "ETH/USDT", offline: true }), /has no binance ETH\/USDT order book/);
});

test("an order book with no bids and no asks, or an HTML page, is an error, and nothing is cached", async () => {
  const v = await venue();
  const { options } = setup(v);
  v.fail("/api/v3/depth", { kind: "empty-book" });
  await assert.rejects(loadOrderBook({ ...options, symbol: "BTC/USDT" }), /^Error: binance BTC\/USDT order book: the venue returned no bids and no asks at 2026-02-01T00:00:00Z/);
  await assert.rejects(loadOrderBook({ ...options, symbol: "BTC/USDT", offline: true }), /has no binance BTC\/USDT order book/, "the empty book was not cached");
  v.fail("/api/v3/depth", { kind: "html" }, { kind: "html" }, { kind: "html" }, { kind: "html" });
  await assert.rejects(loadOrderBook({ ...options, symbol: "BTC/USDT" }), /binance GET .*\/api\/v3\/depth.*HTTP 200 with an HTML page/);
});

test("liquidation history where the venue publishes it (Gate); Binance points to live capture", async () => {
  const v = await venue({ bars: 100 });
  const { options } = setup(v, { exchange: "gate" });
  const liq = await loadLiquidations({ ...options, symbol: "BTC/USDT:USDT", from: START, to: START + 100 * H });
  assert.equal(liq.length, 100);
  const b = v.bars[0];
  assert.equal(liq.strings("side")[0], b[4] < b[1] ? "long" : "short");
  assert.equal(liq.numbers("amount")[0], 100 * 0.0001);
  const totals = liquidationTotals(liq);
  assert.equal(totals.count, 100);
  assert.ok(totals.longsUsd > 0 && totals.shortsUsd > 0);
  // A quiet range has no liquidations: an empty frame, not an error.
  assert.equal((await loadLiquidations({ ...options, symbol: "BTC/USDT:USDT", from: START - 10 * H, to: START - 5 * H })).length, 0);
  const { options: binance } = setup(v);
  await assert.rejects(loadLiquidations({ ...binance, symbol: "BTC/USDT:USDT", from: START, to: START + H }), /binance publishes no liquidation history.*captureLiquidations/);
});
