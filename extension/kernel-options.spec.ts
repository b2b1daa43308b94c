import { test } from "node:test";
import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SETTINGS, kernelOptions } from "./kernel-options";

const host = { cwd: "/home/analyst/nb", execPath: "/usr/bin/node", electron: false, env: { PATH: "/bin" } };

test("defaults: the host's Node, 4 GB heap, type warnings, online", () => {
  const o = kernelOptions(DEFAULT_SETTINGS, host);
  assert.equal(o.cwd, "/home/analyst/nb");
  assert.equal(o.nodePath, "/usr/bin/node");
  assert.equal(o.heapMb, 4096);
  assert.equal(o.typecheck, "warn");
  assert.deepEqual(o.env, { PATH: "/bin", CASCADE_OFFLINE: "0", CASCADE_EXCHANGE: "binance" });
});

test("Electron runs as Node only when asked to", () => {
  assert.equal(kernelOptions(DEFAULT_SETTINGS, { ...host, electron: true }).env!.ELECTRON_RUN_AS_NODE, "1");
  const own = kernelOptions({ ...DEFAULT_SETTINGS, nodePath: "~/node/bin/node" }, { ...host, electron: true });
  assert.equal(own.nodePath, join(homedir(), "node/bin/node"));
  assert.equal(own.env!.ELECTRON_RUN_AS_NODE, undefined);
});

test("settings reach the kernel", () => {
  const o = kernelOptions({ cacheFolder: "data-cache", offline: true, defaultExchange: "bybit", heapMb: 1536.7, typeCheck: "error", nodePath: "" }, host);
  assert.equal(o.env!.CASCADE_CACHE_DIR, "/home/analyst/nb/data-cache");
  assert.equal(o.env!.CASCADE_OFFLINE, "1");
  assert.equal(o.env!.CASCADE_EXCHANGE, "bybit");
  assert.equal(o.heapMb, 1536);
  assert.equal(o.typecheck, "error");
});

test("a nonsense heap limit falls back to the default", () => {
  assert.equal(kernelOptions({ ...DEFAULT_SETTINGS, heapMb: 0 }, host).heapMb, 4096);
  assert.equal(kernelOptions({ ...DEFAULT_SETTINGS, heapMb: Number.NaN }, host).heapMb, 4096);
});
