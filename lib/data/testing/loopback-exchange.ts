/**
 * Test support: a real HTTP server on 127.0.0.1 that answers in the exchanges' own formats
 * (Binance spot /api/v3 and USD-M futures /fapi/v1 and /futures/data; Gate futures /api/v4),
 * so the loaders are tested through ccxt's real request and parsing code with `baseUrl`
 * pointed here. Data come from a seeded generator; faults are queued per route: 429 with
 * Retry-After, 500, a response that never comes (timeout), truncated JSON, an empty page, a
 * 200 answer with an HTML page or an empty body instead of JSON (a proxy's or maintenance
 * page), an order book with no levels, and holes in the data.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { seededNormal, seededRandom } from "../../random";

/** A fault served instead of the next answer on a route. */
export type Fault = { kind: "429"; retryAfter?: number } | { kind: "500" } | { kind: "timeout" } | { kind: "truncate" } | { kind: "empty" } | { kind: "html" } | { kind: "blank" } | { kind: "empty-book" };

export interface LoopbackOptions {
  /** First bar and number of hourly bars the venue has. */
  start: number;
  bars: number;
  /** Bar times (ms) the venue lacks: a gap in the data. */
  missing?: number[];
  seed?: number;
}

const H = 3_600_000;

export interface LoopbackExchange {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Requests served, "GET /api/v3/klines?..." in order. */
  requests: string[];
  /** Queues faults for requests whose path contains `route` ("klines", "fundingRate", ...). */
  fail(route: string, ...faults: Fault[]): void;
  /** The bars it serves: [time, open, high, low, close, volume]. */
  bars: number[][];
  close(): Promise<void>;
}

function spotInfo() {
  return { timezone: "UTC", serverTime: 0, symbols: [{ symbol: "BTCUSDT", status: "TRADING", baseAsset: "BTC", baseAssetPrecision: 8, quoteAsset: "USDT", quotePrecision: 8, quoteAssetPrecision: 8, orderTypes: ["LIMIT", "MARKET"], isSpotTradingAllowed: true, isMarginTradingAllowed: true, permissions: ["SPOT"], filters: [{ filterType: "PRICE_FILTER", minPrice: "0.01", maxPrice: "1000000", tickSize: "0.01" }, { filterType: "LOT_SIZE", minQty: "0.00001", maxQty: "9000", stepSize: "0.00001" }] }] };
}

function futuresInfo() {
  return { timezone: "UTC", serverTime: 0, symbols: [{ symbol: "BTCUSDT", pair: "BTCUSDT", contractType: "PERPETUAL", deliveryDate: 4133404800000, onboardDate: 1569398400000, status: "TRADING", baseAsset: "BTC", quoteAsset: "USDT", marginAsset: "USDT", pricePrecision: 2, quantityPrecision: 3, baseAssetPrecision: 8, quotePrecision: 8, underlyingType: "COIN", filters: [{ filterType: "PRICE_FILTER", minPrice: "0.10", maxPrice: "4529764", tickSize: "0.10" }, { filterType: "LOT_SIZE", minQty: "0.001", maxQty: "1000", stepSize: "0.001" }], orderTypes: ["LIMIT", "MARKET"], timeInForce: ["GTC"] }] };
}

function gateContracts() {
  return [{ name: "BTC_USDT", type: "direct", quanto_multiplier: "0.0001", leverage_min: "1", leverage_max: "100", maintenance_rate: "0.005", mark_type: "index", mark_price: "100000", index_price: "100000", last_price: "100000", maker_fee_rate: "-0.0001", taker_fee_rate: "0.00075", order_price_round: "0.1", mark_price_round: "0.01", funding_rate: "0.0001", funding_interval: 28800, order_size_min: 1, order_size_max: 1000000, in_delisting: false, create_time: 1569398400 }];
}

/**
 * Starts the server on 127.0.0.1 (a free port).
 *
 * @example
 *   const venue = await startLoopbackExchange({ start: Date.UTC(2025, 9, 1), bars: 2000 });
 *   await loadCandles({ symbol: "BTC/USDT", baseUrl: venue.origin, from, to });
 */
export async function startLoopbackExchange({ start, bars: count, missing = [], seed = 1 }: LoopbackOptions): Promise<LoopbackExchange> {
  const normal = seededNormal(seededRandom(seed));
  const holes = new Set(missing);
  const bars: number[][] = [];
  let price = 100_000;
  for (let i = 0; i < count; i++) {
    const t = start + i * H;
    const open = price;
    price = Math.round(price * Math.exp(0.004 * normal()) * 100) / 100;
    const high = Math.max(open, price) + 10;
    const low = Math.min(open, price) - 10;
    if (!holes.has(t)) bars.push([t, open, high, low, price, 100 + i]);
  }
  const faults = new Map<string, Fault[]>();
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const range = (q: URLSearchParams, max: number) => {
    const toMs = (v: string | null) => (v === null ? undefined : Number(v) < 1e11 ? Number(v) * 1000 : Number(v));
    return { from: toMs(q.get("startTime") ?? q.get("from")) ?? -Infinity, to: toMs(q.get("endTime") ?? q.get("to")) ?? Infinity, limit: Math.min(Number(q.get("limit") ?? max), max) };
  };
  const window = <T>(rows: T[], time: (r: T) => number, q: URLSearchParams, max: number) => {
    const { from, to, limit } = range(q, max);
    return rows.filter((r) => time(r) >= from && time(r) <= to).slice(0, limit);
  };
  const book = () => {
    const mid = bars[bars.length - 1][4];
    const bids = Array.from({ length: 50 }, (_, i) => [(mid - 5 - i * mid * 0.002).toFixed(2), (0.5 + i * 0.1).toFixed(3)]);
    const asks = Array.from({ length: 50 }, (_, i) => [(mid + 5 + i * mid * 0.002).toFixed(2), (0.4 + i * 0.1).toFixed(3)]);
    return { lastUpdateId: 1, E: bars[bars.length - 1][0] + H, T: bars[bars.length - 1][0] + H, bids, asks };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    for (const [route, queue] of faults) {
      if (!url.pathname.includes(route) || queue.length === 0) continue;
      const fault = queue.shift()!;
      if (fault.kind === "429") return json(res, 429, { code: -1003, msg: "Too many requests; current limit is 2400 request weight per 1 MINUTE." }, fault.retryAfter !== undefined ? { "Retry-After": String(fault.retryAfter) } : {});
      if (fault.kind === "500") return json(res, 500, "<html><body>500 Internal Server Error</body></html>", { "content-type": "text/html" });
      if (fault.kind === "timeout") return void hanging.add(res);
      if (fault.kind === "empty") return json(res, 200, []);
      if (fault.kind === "html") return json(res, 200, "<!DOCTYPE html><html><body>Down for maintenance</body></html>", { "content-type": "text/html" });
      if (fault.kind === "blank") return json(res, 200, "");
      if (fault.kind === "empty-book") return json(res, 200, { ...book(), bids: [], asks: [] });
      if (fault.kind === "truncate") {
        const full = JSON.stringify(window(bars, (b) => b[0], url.searchParams, 1000).map((b) => [b[0], String(b[1]), String(b[2]), String(b[3]), String(b[4]), String(b[5]), b[0] + H - 1, "0", 1, "0", "0", "0"]));
        return json(res, 200, full.slice(0, Math.floor(full.length / 2)));
      }
    }
    const q = url.searchParams;
    const p = url.pathname;
    if (p === "/api/v3/exchangeInfo") return json(res, 200, spotInfo());
    if (p === "/fapi/v1/exchangeInfo") return json(res, 200, futuresInfo());
    if (p === "/api/v3/klines" || p === "/fapi/v1/klines") {
      const max = p.startsWith("/fapi") ? 1500 : 1000;
      return json(res, 200, window(bars, (b) => b[0], q, max).map((b) => [b[0], b[1].toFixed(2), b[2].toFixed(2), b[3].toFixed(2), b[4].toFixed(2), b[5].toFixed(3), b[0] + H - 1, "0", 10, "0", "0", "0"]));
    }
    if (p === "/futures/data/openInterestHist") {
      return json(res, 200, window(bars, (b) => b[0], q, 500).map((b, i) => ({ symbol: "BTCUSDT", sumOpenInterest: (80_000 + i).toFixed(3), sumOpenInterestValue: ((80_000 + i) * b[4]).toFixed(2), timestamp: b[0] })));
    }
    if (p === "/fapi/v1/fundingRate") {
      const eight = bars.filter((b) => b[0] % (8 * H) === 0);
      return json(res, 200, window(eight, (b) => b[0], q, 1000).map((b, i) => ({ symbol: "BTCUSDT", fundingTime: b[0], fundingRate: (0.0001 - i * 0.00001).toFixed(8), markPrice: b[4].toFixed(2) })));
    }
    if (p === "/api/v3/depth" || p === "/fapi/v1/depth") return json(res, 200, book());
    if (p === "/api/v4/futures/usdt/contracts") return json(res, 200, gateContracts());
    if (p === "/api/v4/futures/btc/contracts") return json(res, 200, []);
    if (p === "/api/v4/futures/usdt/liq_orders") {
      // One liquidation per bar: longs on down bars, shorts on up bars, sizes in contracts.
      const events = bars.map((b, i) => ({ contract: "BTC_USDT", left: 0, size: (b[4] < b[1] ? 1 : -1) * (100 + i), fill_price: String(b[3]), order_price: String(b[3]), time: (b[0] + 1_800_000) / 1000 }));
      return json(res, 200, window(events, (e) => e.time * 1000, q, 1000));
    }
    json(res, 404, { code: -1, msg: `no route ${p}` });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    bars,
    fail(route, ...list) {
      faults.set(route, [...(faults.get(route) ?? []), ...list]);
    },
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
