import { test } from "node:test";
import assert from "node:assert/strict";
import { loaderCall, parseDate, parseSummary, pullCode, rangePresets, symbolChoices, SUMMARY_MARK, isOfflineFailure } from "./pull-request";

const range = { from: "2025-10-01", to: "2025-12-01" };

test("date presets are whole UTC days ending today", () => {
  const presets = rangePresets(Date.UTC(2025, 10, 30, 15, 30));
  assert.deepEqual(presets[0], { label: "Last 7 days", from: "2025-11-24", to: "2025-12-01" });
  assert.equal(presets[1].from, "2025-11-01");
  assert.deepEqual({ from: presets[3].from, to: presets[3].to }, range);
});

test("dates: ISO days and times only", () => {
  assert.equal(parseDate(" 2025-10-10 "), "2025-10-10");
  assert.equal(parseDate("2025-10-10T21:00Z"), "2025-10-10T21:00Z");
  assert.equal(parseDate("10/10/2025"), undefined);
  assert.equal(parseDate("2025-13-40"), undefined);
});

test("perpetual symbols go to the swap market, timeframes only where the loader takes one", () => {
  assert.deepEqual(loaderCall({ kind: "candles", exchange: "binance", symbol: "BTC/USDT", timeframe: "1h", range }), {
    loader: "loadCandles",
    options: { exchange: "binance", symbol: "BTC/USDT", market: "spot", from: "2025-10-01", to: "2025-12-01", timeframe: "1h" },
  });
  const funding = loaderCall({ kind: "funding", exchange: "bybit", symbol: "BTC/USDT:USDT", timeframe: "1h", range });
  assert.equal(funding.loader, "loadFunding");
  assert.equal(funding.options.market, "swap");
  assert.equal("timeframe" in funding.options, false);
  assert.ok(symbolChoices(true).every((s) => s.endsWith(":USDT")));
});

test("the cell quotes every input as JSON and forwards warnings to stderr", () => {
  const code = pullCode({ kind: "open-interest", exchange: "okx", symbol: 'BTC"); process.exit(1); ("', timeframe: "4h", range }, { offline: false });
  assert.match(code, /^import \{ loadOpenInterest, provenanceOf \} from "cascade";/);
  assert.match(code, /"symbol":"BTC\\"\); process.exit\(1\); \(\\""/);
  assert.match(code, /"offline":false/);
  assert.match(code, /"onWarning":\(m: string\) => console\.error\(m\)/);
});

test("the summary line is found in the output", () => {
  assert.deepEqual(parseSummary(`warming up\n${SUMMARY_MARK}{"rows":1464,"cacheFile":"/c/x.parquet","gaps":0}\n`), { rows: 1464, cacheFile: "/c/x.parquet", gaps: 0 });
  assert.equal(parseSummary("nothing"), undefined);
});

test("a DNS failure reads as offline; other failures do not", () => {
  assert.equal(isOfflineFailure("offline (no network, or the host name does not resolve): binance GET https://api.binance.com/api/v3/klines fetch failed"), true);
  assert.equal(isOfflineFailure("NetworkError: getaddrinfo EAI_AGAIN api.bybit.com"), true);
  assert.equal(isOfflineFailure("binance does not list XYZ/USDT"), false);
  assert.equal(isOfflineFailure("429 Too Many Requests"), false);
});

test("the pull reads only the cache when asked to", () => {
  assert.match(pullCode({ kind: "candles", exchange: "binance", symbol: "BTC/USDT", timeframe: "1h", range }, { offline: true }), /"offline":true/);
});
