import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadDailyCloses, loadMacroSeries } from "./public-csv";
import { CacheMissError, NoDataError, provenanceOf } from "./cache";
import { startLoopbackCsv, type LoopbackCsv } from "./testing/loopback-public-csv";
import { tempDir } from "../../test/support/temp-dir";

const NOW = () => Date.parse("2025-12-15T00:00:00Z");
const retry = { baseDelayMs: 1, maxDelayMs: 5, retries: 3 };

describe("public CSV loaders against a loopback server", () => {
  let server: LoopbackCsv;
  before(async () => {
    server = await startLoopbackCsv();
  });
  after(() => server.close());
  const opts = () => ({ baseUrl: server.origin, cacheDir: tempDir("cascade-csv-cache-"), now: NOW, retry, timeoutMs: 2_000 }); // far above a loopback answer under load; one "timeout" fault waits it once

  test("Stooq daily closes: the article's names map to Stooq symbols; trading days only; cached with provenance", async () => {
    const o = opts();
    const spx = await loadDailyCloses({ ...o, symbol: "S&P 500", from: "2025-11-17", to: "2025-11-24" });
    assert.match(server.requests.at(-1)!, /s=%5Espx&d1=20251117&d2=20251123/);
    assert.deepEqual(spx.columns, ["time", "open", "high", "low", "close", "volume"]);
    assert.equal(spx.length, 5, "Mon-Fri");
    const p = provenanceOf(spx)!;
    assert.equal(p.source, "stooq");
    assert.equal(p.symbol, "^spx");
    assert.equal(p.rows, 5);
    const before = server.requests.length;
    const again = await loadDailyCloses({ ...o, symbol: "S&P 500", from: "2025-11-17", to: "2025-11-24" });
    assert.equal(server.requests.length, before, "served from the cache");
    assert.deepEqual(Array.from(again.numbers("close")), Array.from(spx.numbers("close")));
    await loadDailyCloses({ ...o, symbol: "S&P 500", from: "2025-11-17", to: "2025-12-01" });
    assert.match(server.requests.at(-1)!, /d1=20251124&d2=20251130/, "only the missing week is fetched");
  });

  test("faults: 429 with Retry-After, 500, a timeout and a CSV cut mid-line are retried", async () => {
    server.fail("stooq", { kind: "429", retryAfter: 0 }, { kind: "500" }, { kind: "timeout" }, { kind: "truncate" });
    const retries: string[] = [];
    const f = await loadDailyCloses({ ...opts(), symbol: "KOSPI", from: "2025-11-17", to: "2025-11-22", retry: { ...retry, retries: 5, onRetry: (i) => retries.push(i.error.message) } });
    assert.equal(f.length, 5);
    assert.equal(retries.length, 4);
    assert.match(retries[0], /HTTP 429/);
    assert.match(retries[1], /HTTP 500/);
    assert.match(retries[2], /timed out after 2000 ms/);
    assert.match(retries[3], /ends mid-line/);
  });

  test("an unknown symbol (Stooq's 'No data') is a clear error naming it", async () => {
    server.fail("stooq", { kind: "nodata" });
    await assert.rejects(loadDailyCloses({ ...opts(), symbol: "^nosuch", from: "2025-11-17", to: "2025-11-22" }), /daily bars of \^nosuch: the source has no data/);
  });

  test("Stooq: a CSV with no bars on a weekday is an error naming source, symbol and range, and is not cached; a weekend is empty", async () => {
    const o = opts();
    server.fail("stooq", { kind: "header-only" });
    await assert.rejects(
      loadDailyCloses({ ...o, symbol: "S&P 500", from: "2025-11-17", to: "2025-11-22" }),
      (e: Error) => e instanceof NoDataError && /^stooq \^spx daily-closes 1d: no data from 2025-11-17T00:00:00Z to 2025-11-22T00:00:00Z: the source returned no rows for that range \(Stooq \^spx: no daily bar on any weekday/.test(e.message),
    );
    await assert.rejects(loadDailyCloses({ ...o, offline: true, symbol: "S&P 500", from: "2025-11-17", to: "2025-11-22" }), CacheMissError, "the empty answer was not cached");
    assert.equal((await loadDailyCloses({ ...o, symbol: "S&P 500", from: "2025-11-17", to: "2025-11-22" })).length, 5);
    // Saturday and Sunday: no trading day, so no bars is the answer.
    const weekend = await loadDailyCloses({ ...o, symbol: "gold", from: "2025-11-22", to: "2025-11-24" });
    assert.equal(weekend.length, 0);
  });

  test("a 200 answer with an HTML page or an empty body is an error naming source, symbol and range", async () => {
    server.fail("stooq", { kind: "html" });
    await assert.rejects(loadDailyCloses({ ...opts(), symbol: "S&P 500", from: "2025-11-17", to: "2025-11-22" }), /Stooq GET .*s=%5Espx&d1=20251117&d2=20251121.*: daily bars of S&P 500: not the expected CSV \(first line: "<!DOCTYPE html>"\)/);
    server.fail("fred", { kind: "blank" });
    await assert.rejects(loadMacroSeries({ ...opts(), series: "PAYEMS", from: "2025-08-01", to: "2025-12-01" }), /FRED GET .*id=PAYEMS&cosd=2025-08-01&coed=2025-11-30: series PAYEMS: not the expected CSV \(first line: ""\)/);
  });

  test("FRED: a CSV with the series' header but no observation in the range is an error naming series and range, and is not cached", async () => {
    const o = opts();
    server.fail("fred", { kind: "header-only" });
    await assert.rejects(
      loadMacroSeries({ ...o, series: "PAYEMS", from: "2025-08-01", to: "2025-12-01" }),
      (e: Error) => e instanceof NoDataError && /^fred PAYEMS macro-series: no data from 2025-08-01T00:00:00Z to 2025-12-01T00:00:00Z: the source returned no rows .*FRED PAYEMS: no observation in the range/.test(e.message),
    );
    await assert.rejects(loadMacroSeries({ ...o, offline: true, series: "PAYEMS", from: "2025-08-01", to: "2025-12-01" }), CacheMissError);
    // A range between two monthly observations: the same error, the hint says why.
    await assert.rejects(loadMacroSeries({ ...o, series: "PAYEMS", from: "2025-08-05", to: "2025-08-20" }), /monthly or quarterly series needs a range that holds an observation date/);
  });

  test("refused connections fail after the retries, naming the source", async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await assert.rejects(loadDailyCloses({ ...opts(), baseUrl: `http://127.0.0.1:${port}`, symbol: "gold", from: "2025-11-17", to: "2025-11-22" }), /Stooq GET .*xauusd.*ECONNREFUSED/);
  });

  test("FRED series: '.' is a missing value; a CSV for another series is refused", async () => {
    const payrolls = await loadMacroSeries({ ...opts(), series: "PAYEMS", from: "2025-08-01", to: "2025-12-01" });
    assert.deepEqual(payrolls.columns, ["time", "value"]);
    const v = Array.from(payrolls.numbers("value"));
    assert.equal(v.length, 4);
    assert.ok(Number.isNaN(v[2]), "October missing");
    assert.equal(provenanceOf(payrolls)!.source, "fred");
    server.fail("fred", { kind: "500" });
    const again = await loadMacroSeries({ ...opts(), series: "DGS10", from: "2025-08-01", to: "2025-09-01" });
    assert.equal(again.length, 1);
  });

  test("offline: the cache serves what it holds and names what it lacks", async () => {
    const o = opts();
    await loadDailyCloses({ ...o, symbol: "Hang Seng", from: "2025-11-17", to: "2025-11-22" });
    const cached = await loadDailyCloses({ ...o, offline: true, symbol: "Hang Seng", from: "2025-11-17", to: "2025-11-22" });
    assert.equal(cached.length, 5);
    await assert.rejects(loadDailyCloses({ ...o, offline: true, symbol: "Hang Seng", from: "2025-11-10", to: "2025-11-22" }), /offline: the cache .* lacks stooq .*\^hsi.* 2025-11-10/);
  });
});
