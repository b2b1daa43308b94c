/**
 * Pull Market Data: pick a series (candles, open interest, funding), exchange, symbol,
 * timeframe and date range, and the library's loader fetches it into the on-disk cache, where
 * notebooks then find it (also offline). Runs in a kernel process of its own, so Cancel really
 * stops it (the process ends; the library writes the cache atomically, so nothing half-written
 * stays) and a slow exchange never blocks VS Code.
 */
import * as vscode from "vscode";
import { homedir } from "node:os";
import { startKernel } from "../../kernels/client";
import { kernelOptions } from "../kernel-options";
import { readSettings } from "../settings";
import { explainRestrictedMode } from "../trust";
import { EXCHANGES, PULL_KINDS, TIMEFRAMES, parseDate, isOfflineFailure, parseSummary, pullCode, rangePresets, symbolChoices, type DateRange, type PullRequest } from "../market-data/pull-request";

async function pick<T extends vscode.QuickPickItem>(items: T[], title: string, step: number, steps: number): Promise<T | undefined> {
  return vscode.window.showQuickPick(items, { title: `Pull Market Data (${step}/${steps}): ${title}`, ignoreFocusOut: true });
}

async function askDate(prompt: string, value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: "Pull Market Data: custom range", prompt, value, ignoreFocusOut: true, validateInput: (t) => (parseDate(t) ? undefined : "An ISO date (2025-10-10) or time (2025-10-10T21:00Z)") });
}

/** The quick picks; undefined when the user backs out. */
async function askRequest(defaultExchange: string): Promise<PullRequest | undefined> {
  const kindPick = await pick(PULL_KINDS.map((spec) => ({ label: spec.label, description: spec.detail, spec })), "what to pull", 1, 5);
  if (!kindPick) return undefined;
  const kind = kindPick.spec;
  const exchanges = [defaultExchange, ...EXCHANGES.filter((e) => e !== defaultExchange)];
  const exchange = await pick(exchanges.map((e) => ({ label: e, description: e === defaultExchange ? "default exchange" : undefined })), "exchange", 2, 5);
  if (!exchange) return undefined;
  const OTHER = "Other symbol…";
  const symbolPick = await pick([...symbolChoices(kind.perpetual).map((s) => ({ label: s, description: s.includes(":") ? "perpetual" : "spot" })), { label: OTHER, description: "any ccxt symbol" }], "symbol", 3, 5);
  if (!symbolPick) return undefined;
  const symbol = symbolPick.label === OTHER ? await vscode.window.showInputBox({ title: "Pull Market Data: symbol", prompt: 'A ccxt symbol: "BTC/USDT" (spot) or "BTC/USDT:USDT" (USDT-margined perpetual)', ignoreFocusOut: true, validateInput: (t) => (/^[A-Z0-9]+\/[A-Z0-9]+(:[A-Z0-9]+)?$/i.test(t.trim()) ? undefined : "BASE/QUOTE or BASE/QUOTE:SETTLE") }) : symbolPick.label;
  if (!symbol) return undefined;
  let timeframe: string | undefined;
  if (kind.timeframe) {
    timeframe = (await pick(["1h", ...TIMEFRAMES.filter((t) => t !== "1h")].map((t) => ({ label: t })), "timeframe", 4, 5))?.label;
    if (!timeframe) return undefined;
  }
  const CUSTOM = "Custom range…";
  const rangePick = await pick([...rangePresets(Date.now()).map((r) => ({ ...r, description: `${r.from} to ${r.to} (exclusive)` })), { label: CUSTOM, from: "", to: "" }], "date range", 5, 5);
  if (!rangePick) return undefined;
  let range: DateRange = { from: rangePick.from, to: rangePick.to };
  if (rangePick.label === CUSTOM) {
    const presets = rangePresets(Date.now())[1];
    const from = await askDate("Start (inclusive), UTC", presets.from);
    const to = from && (await askDate("End (exclusive), UTC", presets.to));
    if (!from || !to) return undefined;
    range = { from: from.trim(), to: to.trim() };
  }
  return { kind: kind.kind, exchange: exchange.label, symbol: symbol.trim(), timeframe, range };
}

const RETRY = "Retry";
const USE_CACHE = "Use cached or snapshot data";

async function pull(req: PullRequest, offline: boolean | undefined): Promise<void> {
  const settings = readSettings();
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath ?? homedir();
  const what = `${req.kind} ${req.symbol}${req.timeframe ? ` ${req.timeframe}` : ""} from ${req.exchange}`;
  let stdout = "";
  let cancelled = false;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${offline ? "Reading cached" : "Pulling"} ${what}`, cancellable: true }, async (progress, token) => {
    progress.report({ message: `${req.range.from} to ${req.range.to}` });
    const kernel = await startKernel(kernelOptions(settings, { cwd: folder, execPath: process.execPath, electron: !!process.versions.electron, env: process.env }));
    kernel.on("error", () => undefined);
    const stop = token.onCancellationRequested(() => {
      cancelled = true;
      void kernel.shutdown();
    });
    try {
      return await kernel.execute(pullCode(req, { offline }), {
        cellName: "Pull Market Data",
        typecheck: "off",
        onOutput: (o) => {
          if (o.type !== "stream") return;
          if (o.name === "stdout") stdout += o.text;
          else progress.report({ message: o.text.trim().slice(0, 200) });
        },
      });
    } catch (err) {
      return { status: "error" as const, error: { evalue: (err as Error).message } };
    } finally {
      stop.dispose();
      await kernel.shutdown();
    }
  });
  if (cancelled) return void vscode.window.showInformationMessage(`Cascade: pulling ${what} was cancelled; the cache holds only ranges pulled in full before.`);
  const summary = parseSummary(stdout);
  if (result.status !== "ok" || !summary) {
    const message = result.error?.evalue ?? result.status;
    if (offline) {
      return void vscode.window.showWarningMessage(`Cascade: no cached ${what} for ${req.range.from} to ${req.range.to} (${message}). The notebooks run offline on the embedded snapshot (parameter source=snapshot, the default).`);
    }
    if (isOfflineFailure(message)) {
      const choice = await vscode.window.showErrorMessage(`Cascade: offline: ${req.exchange} cannot be reached (no network, or its host name does not resolve); nothing was pulled.`, RETRY, USE_CACHE);
      if (choice === RETRY) return pull(req, offline);
      if (choice === USE_CACHE) return pull(req, true);
      return;
    }
    const choice = await vscode.window.showErrorMessage(`Cascade: pulling ${what} failed: ${message}`, RETRY);
    if (choice === RETRY) return pull(req, offline);
    return;
  }
  // The walkthrough's "Pull live data" step is done once data came in (not when the command merely ran).
  void vscode.commands.executeCommand("setContext", "cascade.pulledData", true);
  const gaps = summary.gaps ? ` (${summary.gaps} gap${summary.gaps === 1 ? "" : "s"} in the exchange's data)` : "";
  const verb = offline ? "read" : "pulled";
  void vscode.window.showInformationMessage(`Cascade: ${verb} ${summary.rows.toLocaleString("en-US")} rows of ${what}${gaps} ${offline ? "from" : "into"} the cache${summary.cacheFile ? `: ${summary.cacheFile}` : ""}.`);
}

export function registerPullMarketData(): vscode.Disposable {
  return vscode.commands.registerCommand("cascade.pullMarketData", async () => {
    if (!vscode.workspace.isTrusted) return void explainRestrictedMode();
    const settings = readSettings();
    const req = await askRequest(settings.defaultExchange || "binance");
    if (!req) return;
    let offline: boolean | undefined;
    if (settings.offline) {
      const go = await vscode.window.showWarningMessage("Offline mode is on (cascade.offline), so loaders read only the cache. Pull from the exchange anyway?", { modal: true }, "Pull Anyway");
      if (!go) return;
      offline = false;
    }
    await pull(req, offline);
  });
}
