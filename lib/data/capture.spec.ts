// Live capture through ccxt.pro's real Binance watcher, against a real websocket server on
// 127.0.0.1 (ws URL pointed at it with wsBaseUrl; markets from the loopback REST server), and
// the rolling files on their own.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { captureLiquidations, readCapturedLiquidations } from "./capture";
import { readCapture, RollingFile } from "./rolling-file";
import { startLoopbackExchange } from "./testing/loopback-exchange";
import { liquidationTotals } from "../analytics/liquidations";

const root = mkdtempSync(join(tmpdir(), "cascade-capture-"));
after(() => rmSync(root, { recursive: true, force: true }));
const T = Date.UTC(2025, 9, 10, 21, 15);

test("rolling files: a file per hour of event time, a new one past maxBytes, the oldest pruned, partial lines skipped", () => {
  const dir = join(root, "roll");
  const out = new RollingFile({ dir, prefix: "liquidations", rollEvery: "1h", maxBytes: 200 });
  for (let i = 0; i < 6; i++) out.write(T + i * 60_000, { i, pad: "x".repeat(40) });
  out.write(T + 3_600_000, { i: 6 });
  assert.deepEqual(out.files, ["liquidations-20251010T2100-0.jsonl", "liquidations-20251010T2100-1.jsonl", "liquidations-20251010T2200-0.jsonl"]);
  assert.deepEqual((readCapture(dir, "liquidations") as Array<{ i: number }>).map((r) => r.i), [0, 1, 2, 3, 4, 5, 6]);
  // a restart appends to the newest file of the bucket; a crash's partial line is skipped
  appendFileSync(join(dir, "liquidations-20251010T2200-0.jsonl"), '{"i": 7, "cut sh');
  const again = new RollingFile({ dir, prefix: "liquidations", rollEvery: "1h", maxBytes: 200 });
  assert.deepEqual((readCapture(dir, "liquidations") as Array<{ i: number }>).map((r) => r.i), [0, 1, 2, 3, 4, 5, 6]);
  void again;
  const kept = new RollingFile({ dir: join(root, "keep"), prefix: "l", rollEvery: "1h", keep: 2 });
  for (let h = 0; h < 4; h++) kept.write(T + h * 3_600_000, { h });
  assert.deepEqual(kept.files, ["l-20251010T2300-0.jsonl", "l-20251011T0000-0.jsonl"]);
  assert.throws(() => new RollingFile({ dir, prefix: "../x" }), /prefix/);
});

test("captureLiquidations: ccxt.pro's Binance watcher over a local websocket, reconnecting after a drop, into hourly files", async () => {
  const rest = await startLoopbackExchange({ start: T, bars: 10 });
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.on("listening", () => resolve()));
  const wsOrigin = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const paths: string[] = [];
  const subscriptions: unknown[] = [];
  let connections = 0;
  const forceOrder = (time: number, side: "BUY" | "SELL", qty: number, price: number) =>
    JSON.stringify({ e: "forceOrder", E: time + 2, o: { s: "BTCUSDT", S: side, o: "LIMIT", f: "IOC", q: String(qty), p: String(price), ap: String(price), X: "FILLED", l: String(qty), z: String(qty), T: time } });
  wss.on("connection", (socket: WebSocket, req) => {
    connections++;
    const n = connections;
    paths.push(req.url ?? "");
    socket.on("message", (data) => {
      const msg = JSON.parse(String(data));
      if (msg.method !== "SUBSCRIBE") return;
      subscriptions.push(msg.params);
      socket.send(JSON.stringify({ result: null, id: msg.id }));
      if (n === 1) {
        // three events in the 21:00 hour, then the connection drops
        socket.send(forceOrder(T, "SELL", 2, 105_000));
        socket.send(forceOrder(T + 1000, "SELL", 1, 104_000));
        socket.send(forceOrder(T + 2000, "BUY", 0.5, 106_000));
        setTimeout(() => socket.terminate(), 50);
      } else {
        socket.send(forceOrder(T + 3_600_000, "SELL", 3, 100_000)); // the 22:00 hour
      }
    });
  });
  const dir = join(root, "live");
  const warnings: string[] = [];
  const seen: number[] = [];
  const capture = captureLiquidations({ exchange: "binance", symbols: ["BTC/USDT:USDT"], baseUrl: rest.origin, wsBaseUrl: wsOrigin, rateLimitMs: 1, dir, reconnectMs: 20, onWarning: (m) => void warnings.push(m), onEvent: (r) => void seen.push(r.time) });
  try {
    const deadline = Date.now() + 10_000;
    while (capture.count < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(capture.count, 4, `captured ${capture.count}; warnings: ${warnings.join(" | ")}`);
  } finally {
    await capture.stop();
    wss.close();
    await rest.close();
  }
  assert.equal(connections, 2, "reconnected once after the drop");
  assert.deepEqual(subscriptions, [["btcusdt@forceOrder"], ["btcusdt@forceOrder"]]);
  assert.ok(warnings.some((w) => /reconnecting/.test(w)));
  assert.deepEqual(readdirSync(dir).sort(), ["liquidations-20251010T2100-0.jsonl", "liquidations-20251010T2200-0.jsonl"]);
  const liq = readCapturedLiquidations({ dir });
  assert.deepEqual(liq.strings("side"), ["long", "long", "short", "long"]);
  assert.deepEqual([...liq.numbers("usd")], [210_000, 104_000, 53_000, 300_000]);
  assert.equal(liq.strings("exchange")[0], "binance");
  assert.equal(liquidationTotals(liq).longsUsd, 614_000);
  assert.equal(readCapturedLiquidations({ dir, from: T + 3_600_000 }).length, 1);
  // A range the capture spans with no liquidation in it is empty; one outside it is an error.
  const [first, last] = [liq.numbers("time")[0], liq.numbers("time")[3]];
  assert.equal(readCapturedLiquidations({ dir, from: first + 1, to: first + 2 }).length, 0);
  assert.throws(() => readCapturedLiquidations({ dir, from: last + 1, to: last + 3_600_000 }), new RegExp(`no captured binance liquidations for .* to .*: the capture in .* holds ${new Date(first).toISOString().slice(0, 19)}Z to ${new Date(last).toISOString().slice(0, 19)}Z`));
  t_paths(paths);
});

test("reading a capture that does not exist, or holds no complete record, is an error naming exchange, folder and range", () => {
  const none = join(root, "never-captured");
  assert.throws(() => readCapturedLiquidations({ exchange: "bybit", dir: none, from: "2025-11-21", to: "2025-11-22" }), (e: Error) => /^readCapturedLiquidations: no captured bybit liquidations for 2025-11-21T00:00:00Z to 2025-11-22T00:00:00Z: .*never-captured holds no capture files \(start one with captureLiquidations\(\{ exchange: "bybit" \}\)/.test(e.message));
  assert.throws(() => readCapturedLiquidations({ exchange: "okx", cacheDir: join(root, "no-cache") }), /no captured okx liquidations: .*no-cache.*live.*okx.*liquidations holds no capture files/);
  const cut = join(root, "cut");
  new RollingFile({ dir: cut, prefix: "liquidations" }).write(T, { time: T });
  writeFileSync(join(cut, "liquidations-20251010T2100-0.jsonl"), '{"time": 17601');
  assert.throws(() => readCapturedLiquidations({ dir: cut }), /the 1 capture file in .*cut hold no complete record/);
});

function t_paths(paths: string[]) {
  // ccxt chose the futures market stream path on our origin
  assert.ok(paths.every((p) => /ws/.test(p)), paths.join(","));
}
