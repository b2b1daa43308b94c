// Keyed APIs against a real HTTP server on 127.0.0.1 speaking CoinGlass v4's format. The key
// comes from the environment; these tests look for it everywhere it must not be.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAggregatedLiquidations, loadEtfFlows } from "./coinglass";
import { getJson, redact } from "./keyed-api";
import { CacheMissError, NoDataError, provenanceOf } from "./cache";

const SECRET = "cg-test-7f3a9e1d0b5c";
const H = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 9, 10);
const NOW = Date.UTC(2026, 0, 1);
const root = mkdtempSync(join(tmpdir(), "cascade-keyed-"));
const requests: string[] = [];
let faults: Array<"429" | "500" | "hang" | "empty-data" | "sparse-etf"> = [];
const hanging: ServerResponse[] = [];

const server = createServer((req, res) => {
  const url = new URL(req.url!, "http://127.0.0.1");
  requests.push(url.pathname + url.search);
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const key = req.headers["cg-api-key"];
  // A careless API echoes the key it refused: the client must still never show it.
  if (key !== SECRET) return send(401, { code: "401", msg: `invalid api key: ${key}` });
  const fault = faults.shift();
  if (fault === "429") return send(429, { code: "429", msg: "rate limited" }, { "Retry-After": "3" });
  if (fault === "500") return send(500, { code: "500", msg: "server error" });
  if (fault === "hang") return void hanging.push(res);
  if (fault === "empty-data") return send(200, { code: "0", msg: "success", data: [] });
  if (url.pathname === "/api/futures/liquidation/aggregated-history") {
    const start = Number(url.searchParams.get("start_time"));
    const end = Number(url.searchParams.get("end_time"));
    const limit = Number(url.searchParams.get("limit"));
    const data = [];
    for (let t = Math.ceil(start / H) * H; t <= end && data.length < Math.min(limit, 100); t += H) {
      data.push({ time: t / 1000, aggregated_long_liquidation_usd: String(1e6 + (t - T0) / H), aggregated_short_liquidation_usd: 2e5 });
    }
    return send(200, { code: "0", msg: "success", data });
  }
  if (url.pathname === "/api/etf/bitcoin/flow-history") {
    // "sparse-etf": a history with days the funds did not trade (a holiday week) between its ends.
    const data = (fault === "sparse-etf" ? [0, 5] : [0, 1, 2, 3]).map((d) => ({ timestamp: T0 + d * DAY, flow_usd: -100e6 * (d + 1), price_usd: 100_000, etf_flows: [{ etf_ticker: "IBIT", flow_usd: -60e6 * (d + 1) }, { etf_ticker: "FBTC", flow_usd: null }] }));
    return send(200, { code: "0", data });
  }
  send(404, { code: "404", msg: "no such path" });
});
const ready = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
after(() => {
  for (const r of hanging) r.destroy();
  server.closeAllConnections();
  server.close();
  rmSync(root, { recursive: true, force: true });
  delete process.env.CASCADE_TEST_CG_KEY;
});

let n = 0;
async function options(extra: Record<string, unknown> = {}) {
  const waits: number[] = [];
  const messages: string[] = [];
  return {
    waits,
    messages,
    // A request timeout far above a loopback answer, also on a loaded machine: the retries these tests count come from the faults they set, never from a slow answer.
    options: { baseUrl: await ready, apiKeyEnv: "CASCADE_TEST_CG_KEY", cacheDir: join(root, `c${n++}`), now: () => NOW, timeoutMs: 5_000, retry: { retries: 3, baseDelayMs: 5, random: () => 1, sleep: async (ms: number) => void waits.push(ms), onRetry: (r: { error: Error }) => void messages.push(r.error.message) }, ...extra },
  };
}

/** Every file under a folder, as text. */
function allFiles(dir: string): string {
  let text = "";
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    text += statSync(p).isDirectory() ? allFiles(p) : readFileSync(p, "latin1");
  }
  return text;
}

test("no key in the environment: an error naming the variable, and no request", async () => {
  delete process.env.CASCADE_TEST_CG_KEY;
  const before = requests.length;
  const { options: o } = await options();
  await assert.rejects(loadAggregatedLiquidations({ ...o, from: T0, to: T0 + 24 * H }), /needs an API key in the environment variable CASCADE_TEST_CG_KEY/);
  assert.equal(requests.length, before);
});

test("aggregated liquidations: paged, cached, and the key in no file, provenance or message", async () => {
  process.env.CASCADE_TEST_CG_KEY = SECRET;
  const { options: o, waits, messages } = await options();
  faults = ["429", "500"];
  const frame = await loadAggregatedLiquidations({ ...o, symbol: "BTC", interval: "1h", from: T0, to: T0 + 250 * H });
  assert.equal(frame.length, 250);
  assert.deepEqual(frame.columns, ["time", "long_usd", "short_usd", "total_usd"]);
  assert.equal(frame.numbers("time")[0], T0);
  assert.equal(frame.numbers("total_usd")[3], 1e6 + 3 + 2e5);
  assert.deepEqual(waits, [3000, 10], "Retry-After: 3, then backoff");
  const p = provenanceOf(frame)!;
  assert.equal(p.source, "coinglass");
  const everything = JSON.stringify(p) + messages.join("\n") + allFiles(o.cacheDir);
  assert.ok(!everything.includes(SECRET), "the key leaked");
  assert.ok(requests.every((r) => !r.includes(SECRET)), "the key went into a URL");
  const cached = await loadAggregatedLiquidations({ ...o, offline: true, symbol: "BTC", interval: "1h", from: T0, to: T0 + 24 * H });
  assert.equal(cached.length, 24);
});

test("a refused key: the error says so and never shows the key, even when the API echoes it", async () => {
  process.env.CASCADE_TEST_CG_KEY = "wrong-key-55aa";
  const { options: o } = await options();
  await assert.rejects(loadAggregatedLiquidations({ ...o, from: T0, to: T0 + H }), (e: Error) => /HTTP 401 \(the key was refused/.test(e.message) && e.message.includes("***") && !e.message.includes("wrong-key-55aa"));
  process.env.CASCADE_TEST_CG_KEY = SECRET;
});

test("ETF flows per fund and in total, through the cache", async () => {
  process.env.CASCADE_TEST_CG_KEY = SECRET;
  const { options: o } = await options();
  const flows = await loadEtfFlows({ ...o, from: T0 + DAY, to: T0 + 3 * DAY });
  assert.deepEqual(flows.toRecords().map((r) => [(r.time as Date).toISOString().slice(0, 10), r.fund, r.flow_usd]), [
    ["2025-10-11", "total", -200e6], ["2025-10-11", "IBIT", -120e6], ["2025-10-11", "FBTC", NaN],
    ["2025-10-12", "total", -300e6], ["2025-10-12", "IBIT", -180e6], ["2025-10-12", "FBTC", NaN],
  ]);
  const before = requests.length;
  assert.equal((await loadEtfFlows({ ...o, from: T0 + DAY, to: T0 + 2 * DAY })).length, 3);
  assert.equal(requests.length, before);
});

test("aggregated liquidations: no rows for closed intervals is an error naming source, symbol and range, and is not cached", async () => {
  process.env.CASCADE_TEST_CG_KEY = SECRET;
  const { options: o } = await options();
  faults = ["empty-data"];
  const day = { symbol: "ETH", interval: "1h", from: T0, to: T0 + 24 * H };
  await assert.rejects(
    loadAggregatedLiquidations({ ...o, ...day }),
    (e: Error) => e instanceof NoDataError && /^coinglass ETH \(Binance,OKX,Bybit,Hyperliquid\) liquidation-aggregates 1h: no data from 2025-10-10T00:00:00Z to 2025-10-11T00:00:00Z/.test(e.message),
  );
  await assert.rejects(loadAggregatedLiquidations({ ...o, ...day, offline: true }), CacheMissError, "not cached");
  assert.equal((await loadAggregatedLiquidations({ ...o, ...day })).length, 24);
  // Intervals that have not closed yet may come back empty.
  faults = ["empty-data"];
  const open = await loadAggregatedLiquidations({ ...o, symbol: "ETH", interval: "1h", from: NOW + H, to: NOW + 2 * H });
  assert.equal(open.length, 0);
});

test("ETF flows: an empty history, or a range outside it, is an error; a weekend inside it is empty", async () => {
  process.env.CASCADE_TEST_CG_KEY = SECRET;
  const { options: o } = await options();
  faults = ["empty-data"];
  await assert.rejects(loadEtfFlows({ ...o, from: T0, to: T0 + 2 * DAY }), (e: Error) => e instanceof NoDataError && /^coinglass bitcoin etf-flows 1d: no data from 2025-10-10T00:00:00Z to 2025-10-12T00:00:00Z: .*CoinGlass answered with no days at all/.test(e.message));
  // The history holds 2025-10-10 to 2025-10-13: a later week is outside it.
  await assert.rejects(loadEtfFlows({ ...o, from: T0 + 10 * DAY, to: T0 + 15 * DAY }), /no data from 2025-10-20T00:00:00Z to 2025-10-25T00:00:00Z: .*history runs from 2025-10-10T00:00:00Z to 2025-10-13T00:00:00Z/);
  // Inside the history (2025-10-10 and 2025-10-15), days without flows are an answer: empty.
  faults = ["sparse-etf"];
  const { options: sparse } = await options();
  assert.equal((await loadEtfFlows({ ...sparse, from: T0 + 3 * DAY, to: T0 + 5 * DAY })).length, 0);
  // So is a range of weekend days only, whatever the history.
  faults = ["empty-data"];
  const { options: weekend } = await options();
  assert.equal((await loadEtfFlows({ ...weekend, from: T0 + DAY, to: T0 + 3 * DAY })).length, 0);
});

test("getJson: a timeout is retried, then reported; redact scrubs plain and URL-encoded forms", async () => {
  const base = await ready;
  faults = ["hang", "hang"];
  const waits: number[] = [];
  await assert.rejects(
    getJson({ url: `${base}/api/etf/bitcoin/flow-history`, headers: { "CG-API-KEY": SECRET }, secrets: [SECRET], api: "CoinGlass", timeoutMs: 100, retry: { retries: 1, sleep: async (ms) => void waits.push(ms) } }),
    /CoinGlass GET .*: timed out after 100 ms/,
  );
  assert.equal(waits.length, 1);
  assert.equal(redact("k=a b&x=a%20b", ["a b"]), "k=***&x=***");
});
