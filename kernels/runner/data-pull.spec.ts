/**
 * `cascade data pull` through the CLI, against real HTTP servers on 127.0.0.1 speaking Stooq's,
 * FRED's and Binance's formats.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { startLoopbackCsv, type LoopbackCsv } from "../../lib/data/testing/loopback-public-csv";
import { startLoopbackExchange, type LoopbackExchange } from "../../lib/data/testing/loopback-exchange";
import { tempDir } from "../../test/support/temp-dir";

const CLI = join(kernelDistDir(), "..", "bin", "cascade.js");

/** Run the CLI asynchronously: the loopback servers live in this process and must keep answering. */
function cascade(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t));
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("cascade data pull", () => {
  let csv: LoopbackCsv;
  let exchange: LoopbackExchange;
  before(async () => {
    csv = await startLoopbackCsv();
    exchange = await startLoopbackExchange({ start: Date.UTC(2025, 9, 1), bars: 24 * 20 });
  });
  after(async () => {
    await csv.close();
    await exchange.close();
  });

  test("stooq: fetches, says from where, fills the cache; a second pull comes from the cache", async () => {
    const cache = tempDir("cascade-pull-");
    const first = await cascade(["data", "pull", "stooq", "S&P 500", "--from", "2025-11-03", "--to", "2025-11-15", "--cache-dir", cache, "--base-url", csv.origin]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /pull stooq S&P 500 daily-closes 2025-11-03 -> 2025-11-15/);
    assert.match(first.stdout, /10 rows \(10 fetched from stooq in 1 range\), cached in .*stooq/);
    const again = await cascade(["data", "pull", "stooq", "S&P 500", "--from", "2025-11-03", "--to", "2025-11-15", "--cache-dir", cache, "--base-url", csv.origin]);
    assert.match(again.stdout, /10 rows \(all from the cache\)/);
    const offline = await cascade(["data", "pull", "stooq", "S&P 500", "--from", "2025-10-01", "--to", "2025-11-15", "--cache-dir", cache, "--offline"]);
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /FAIL pull stooq S&P 500: offline: the cache .* lacks/);
  });

  test("an exchange through ccxt, and a spec file of several pulls", async () => {
    const cache = tempDir("cascade-pull-");
    const spec = join(cache, "pulls.json");
    writeFileSync(spec, JSON.stringify([
      { source: "binance", symbol: "BTC/USDT", kind: "candles", timeframe: "1h", from: "2025-10-02", to: "2025-10-04" },
      { source: "fred", symbol: "PAYEMS", from: "2025-08-01", to: "2025-12-01" },
      { source: "stooq", symbol: "^nkx", from: "2025-11-17", to: "2025-11-22" },
    ]));
    const r = await cascade(["data", "pull", "--spec", spec, "--cache-dir", cache, "--base-url", exchange.origin]);
    // One --base-url serves the exchange; the CSV sources then point elsewhere: pull those apart.
    assert.match(r.stdout, /pull binance BTC\/USDT candles 1h 2025-10-02 -> 2025-10-04\n {2}48 rows \(48 fetched from binance/);
    const csvPulls = await cascade(["data", "pull", "--spec", spec, "--cache-dir", cache, "--base-url", csv.origin]);
    assert.match(csvPulls.stdout, /pull fred PAYEMS macro-series .*\n {2}4 rows \(4 fetched from fred/);
    assert.match(csvPulls.stdout, /pull stooq \^nkx .*\n {2}5 rows \(5 fetched from stooq/);
    assert.match(csvPulls.stdout, /pull binance BTC\/USDT .*\n {2}48 rows \(all from the cache\)/);
    assert.ok(existsSync(cache));
  });

  test("bad input: a one-line error naming the field or the file, exit 2", async () => {
    const dir = tempDir("cascade-pull-bad-");
    writeFileSync(join(dir, "broken.json"), "[{");
    writeFileSync(join(dir, "nofrom.json"), JSON.stringify([{ source: "stooq", symbol: "^spx", to: "2025-11-01" }]));
    const cases: Array<[string[], RegExp]> = [
      [["data", "pull", "stooq", "^spx", "--to", "2025-11-01"], /data pull: "from" is required/],
      [["data", "pull", "stooq", "^spx", "--from", "2025-11-05", "--to", "2025-11-01"], /"to" \(2025-11-01\) must come after "from"/],
      [["data", "pull", "binance", "BTC/USDT", "--kind", "trades", "--from", "2025-11-01", "--to", "2025-11-02"], /kind "trades" is not one of candles, open-interest, funding, liquidations/],
      [["data", "pull", "--spec", join(dir, "broken.json")], /broken\.json: not valid JSON/],
      [["data", "pull", "--spec", join(dir, "nofrom.json")], /nofrom\.json item 1: "from" is required/],
      [["data", "fetch"], /data: unknown action "fetch"/],
    ];
    for (const [args, message] of cases) {
      const r = await cascade(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
