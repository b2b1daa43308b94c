import { test } from "node:test";
import assert from "node:assert/strict";
import { checkOptions, editDistance, nearestKey, optionKeys } from "./options";
import * as cascade from "./index";
import { Frame } from "./frame";

// Calls that deliberately pass a key the options type lacks go through this, as a notebook cell
// whose type check only warns would.
const loose = <T>(value: T): any => value;

test("editDistance counts insertions, deletions, substitutions and swaps of neighbours", () => {
  assert.equal(editDistance("shock", "shocks"), 1);
  assert.equal(editDistance("sede", "seed"), 1); // a swap
  assert.equal(editDistance("windw", "window"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("same", "same"), 0);
});

test("nearestKey suggests a near miss only", () => {
  assert.equal(nearestKey("sede", ["n", "price", "seed"]), "seed");
  assert.equal(nearestKey("Shocks", ["shocks", "sells"]), "shocks"); // case does not count
  assert.equal(nearestKey("max", ["maxPoints", "keepExtremes"]), "maxPoints"); // a prefix
  assert.equal(nearestKey("colour", ["source", "title", "height"]), undefined);
  assert.equal(nearestKey("a", ["b"]), undefined); // one letter of one is not a slip
});

test("checkOptions: the unknown key, the function and the nearest known key; else the known keys", () => {
  const known = optionKeys<{ shocks?: number[]; sells?: number[] }>()("shocks", "sells");
  assert.throws(() => checkOptions("simulateCascade", { shock: [] }, known), { message: "simulateCascade: unknown option 'shock' (did you mean 'shocks'?)" });
  assert.throws(() => checkOptions("f", { zzz: 1 }, known), { message: "f: unknown option 'zzz' (known options: 'shocks', 'sells')" });
  assert.throws(() => checkOptions("f", [1], known), /options must be an object, got an array/);
  checkOptions("f", undefined, known);
  checkOptions("f", { shocks: [] }, known);
  checkOptions("f", { shocks: undefined }, known);
});

test("optionKeys: the list must equal the options type's keys (checked by the compiler)", () => {
  interface Options {
    a?: number;
    b: string;
  }
  const complete = optionKeys<Options>()("a", "b");
  assert.deepEqual([...complete], ["a", "b"]);
  // @ts-expect-error a key of the type missing from the list
  optionKeys<Options>()("a");
  // @ts-expect-error a key the type does not have
  optionKeys<Options>()("a", "b", "c");
});

// the two examples, word for word
test("simulateCascade({ shock }) and generatePositions({ sede }) are errors, not silent defaults", () => {
  const book = cascade.generatePositions({ n: 100, price: 100_000, seed: 1 });
  assert.throws(() => cascade.simulateCascade(loose({ book, price: 100_000, depth: 20e6, shock: [{ at: 0, drop: 0.1 }] })), {
    message: "simulateCascade: unknown option 'shock' (did you mean 'shocks'?)",
  });
  assert.throws(() => cascade.generatePositions(loose({ n: 100, price: 100_000, sede: 3 })), { message: "generatePositions: unknown option 'sede' (did you mean 'seed'?)" });
});

test("nested option objects are checked: cohorts, leverage, venue, withdrawal, permanentImpact, shocks, sells, treasuries, collateral assets", () => {
  const price = 100_000;
  const book = cascade.generatePositions({ n: 100, price, seed: 1 });
  const run = (extra: object) => cascade.simulateCascade(loose({ book, price, depth: 20e6, minutes: 10, ...extra }));
  const cases: Array<[() => unknown, string]> = [
    [() => cascade.generatePositions(loose({ n: 10, price, cohorts: [{ name: "a", share: 1, longshare: 0.5 }] })), `generatePositions: cohorts[0] ("a"): unknown option 'longshare' (did you mean 'longShare'?)`],
    [() => cascade.generatePositions(loose({ n: 10, price, cohorts: [{ name: "a", share: 1, leverage: { medain: 10, spread: 0.5 } }] })), `generatePositions: cohorts[0] ("a").leverage: unknown option 'medain' (did you mean 'median'?)`],
    [() => cascade.generatePositions(loose({ n: 10, price, cohorts: [{ name: "a", share: 1, size: { median: 1e4, spred: 1 } }] })), `generatePositions: cohorts[0] ("a").size: unknown option 'spred' (did you mean 'spread'?)`],
    [() => run({ venue: { insuranceFnd: 1e6 } }), "simulateCascade: venue: unknown option 'insuranceFnd' (did you mean 'insuranceFund'?)"],
    [() => run({ withdrawal: { capitol: 1e6 } }), "simulateCascade: withdrawal: unknown option 'capitol' (did you mean 'capital'?)"],
    [() => run({ permanentImpact: { y: 0.5 } }), "simulateCascade: permanentImpact: unknown option 'y' (did you mean 'Y'?)"],
    [() => run({ shocks: [{ at: 0, dorp: 0.1 }] }), "simulateCascade: shocks[0]: unknown option 'dorp' (did you mean 'drop'?)"],
    [() => run({ sells: [{ at: 0, notional: 1e6, ovr: 5 }] }), "simulateCascade: sells[0]: unknown option 'ovr' (did you mean 'over'?)"],
    [() => run({ treasuries: [{ name: "A", holdings: 1, mNAV: 1, elastisity: 1 }] }), "simulateCascade: treasuries[0]: unknown option 'elastisity' (did you mean 'elasticity'?)"],
    [() => run({ collateral: { USDe: { price: 1, depeg: { at: 1, depth: 0.3, hodl: 5 } } } }), `simulateCascade: collateral "USDe" depeg: unknown option 'hodl' (did you mean 'hold'?)`],
    [() => run({ collateral: { USDe: { prise: 1 } } }), `simulateCascade: collateral "USDe": unknown option 'prise' (did you mean 'price'?)`],
  ];
  for (const [call, message] of cases) assert.throws(call, { message });
});

test("open records are maps, not option sets: their keys are never rejected", () => {
  const price = 100_000;
  const book = cascade.generatePositions({ n: 100, price, seed: 1 });
  // an asset name no option list knows
  assert.ok(cascade.simulateCascade({ book, price, depth: 20e6, minutes: 5, collateral: { "Some Coin": { price: 1 } } }));
  // a column name in types
  assert.equal(cascade.readCsv("a,b\n1,x\n", { types: { b: "string" } }).type("b"), "string");
  assert.equal(Frame.fromColumns({ weird_name: [1] }, { types: { weird_name: "number" } }).length, 1);
  // a dynamic withdrawal model with the engine's own keys is accepted
  assert.ok(cascade.simulateCascade({ book, price, depth: 20e6, minutes: 5, withdrawal: { capital: 1e9, keepBeyond: 0.05, inventoryHalfLife: 10 } }));
});

test("every exported function that takes an options object rejects an unknown key, naming itself", async () => {
  const frame = Frame.fromColumns({ time: [0, 3_600_000], open: [1, 2], high: [1, 2], low: [1, 2], close: [1, 2] }, { types: { time: "time" } });
  const book = { bids: [[99, 1]] as Array<[number, number]>, asks: [[101, 1]] as Array<[number, number]> };
  const profile = cascade.parametricDepth({ mid: 100, within1pct: 1e6 });
  const x = loose({ zzzUnknown: 1 });
  const calls: Record<string, () => unknown> = {
    "Frame.fromColumns": () => Frame.fromColumns({ a: [1] }, x),
    "Frame.fromRecords": () => Frame.fromRecords([{ a: 1 }], x),
    "frame.sort": () => frame.sort("close", x),
    "frame.isSorted": () => frame.isSorted("close", x),
    frameText: () => cascade.frameText(frame, x),
    frameHtml: () => cascade.frameHtml(frame, x),
    frameJson: () => cascade.frameJson(frame, x),
    resample: () => cascade.resample(frame, "1d", x),
    asofJoin: () => cascade.asofJoin(frame, frame, loose({ on: "time", zzzUnknown: 1 })),
    rolling: () => cascade.rolling([1, 2], 1, "mean", x),
    rollingMean: () => cascade.rollingMean([1, 2], 1, x),
    ensureTimeOrder: () => cascade.ensureTimeOrder(frame, "time", x),
    formatIsoTime: () => cascade.formatIsoTime(0, x),
    readCsv: () => cascade.readCsv("a\n1\n", x),
    "readCsv: candles": () => cascade.readCsv("a\n1\n", loose({ candles: { zzzUnknown: 1 } })),
    formatCsv: () => cascade.formatCsv(frame, x),
    writeCsv: () => cascade.writeCsv(frame, "unused.csv", x),
    parseJson: () => cascade.parseJson("[]", x),
    readJson: () => cascade.readJson("[]", x),
    formatJson: () => cascade.formatJson(frame, x),
    writeJson: () => cascade.writeJson(frame, "unused.json", x),
    toArrowIPC: () => cascade.toArrowIPC(frame, x),
    writeArrow: () => cascade.writeArrow(frame, "unused.arrow", x),
    toParquet: () => cascade.toParquet(frame, x),
    writeParquet: () => cascade.writeParquet("unused.parquet", frame, x),
    readCapturedLiquidations: () => cascade.readCapturedLiquidations(x),
    captureLiquidations: () => cascade.captureLiquidations(x),
    snapshot: () => cascade.snapshot(x),
    reconstructCandles: () => cascade.reconstructCandles(x),
    drawdown: () => cascade.drawdown(frame, x),
    drawdownFromHigh: () => cascade.drawdownFromHigh(frame, x),
    returns: () => cascade.returns(frame, x),
    volatility: () => cascade.volatility(frame, x),
    rollingVolatility: () => cascade.rollingVolatility(frame, loose({ window: 2, zzzUnknown: 1 })),
    correlation: () => cascade.correlation([1, 2], [1, 2], x),
    rollingCorrelation: () => cascade.rollingCorrelation([1, 2], [1, 2], loose({ window: 2, zzzUnknown: 1 })),
    depthWithin: () => cascade.depthWithin(book, x),
    depthBands: () => cascade.depthBands(book, x),
    depthLost: () => cascade.depthLost(1, 1, x),
    marketOrderSlippage: () => cascade.marketOrderSlippage(book, loose({ notional: 1, zzzUnknown: 1 })),
    liquidationTotals: () => cascade.liquidationTotals(frame, x),
    liquidationRatio: () => cascade.liquidationRatio(frame, frame, x),
    mnav: () => cascade.mnav(loose({ holdings: 1, price: 1, marketCap: 1, zzzUnknown: 1 })),
    mnavPrice: () => cascade.mnavPrice(loose({ holdings: 1, marketCap: 1, zzzUnknown: 1 })),
    cumulativeFlows: () => cascade.cumulativeFlows([1], x),
    flowStreaks: () => cascade.flowStreaks([1], x),
    supportTests: () => cascade.supportTests(frame, loose({ level: 1, zzzUnknown: 1 })),
    regime: () => cascade.regime(frame, x),
    claimVerdict: () => cascade.claimVerdict(loose({ claim: "A1", verdict: "from data", text: "t", zzzUnknown: 1 })),
    candlesChart: () => cascade.candlesChart(frame, x),
    drawdownChart: () => cascade.drawdownChart(frame, x),
    depthProfileChart: () => cascade.depthProfileChart(loose([]), x),
    cascadePathChart: () => cascade.cascadePathChart(loose({}), x),
    liquidationWaterfallChart: () => cascade.liquidationWaterfallChart(frame, x),
    liquidationMapChart: () => cascade.liquidationMapChart(frame, x),
    crossAssetChart: () => cascade.crossAssetChart({ a: 1 }, x),
    mnavChart: () => cascade.mnavChart(frame, x),
    etfFlowChart: () => cascade.etfFlowChart(frame, x),
    scenarioFanChart: () => cascade.scenarioFanChart(frame, x),
    "scenarioFanChart: support": () => cascade.scenarioFanChart({ time: [0], p5: [1], p25: [1], p50: [1], p75: [1], p95: [1] }, loose({ source: "s", support: { value: 1, zzzUnknown: 1 } })),
    lttb: () => cascade.lttb([1], [1], 1, x),
    downsample: () => cascade.downsample([1], [1], x),
    bucketOhlc: () => cascade.bucketOhlc(loose({ time: [0], open: [1], high: [1], low: [1], close: [1], zzzUnknown: 1 }), 1),
    figure: () => cascade.figure(loose({ chart: "c", data: [], source: "s", zzzUnknown: 1 })),
    liquidationPrice: () => cascade.liquidationPrice(loose({ entry: 1, side: "long", zzzUnknown: 1 })),
    bankruptcyPrice: () => cascade.bankruptcyPrice(loose({ entry: 1, side: "long", zzzUnknown: 1 })),
    "liquidationPrice: collateral[0]": () => cascade.liquidationPrice(loose({ entry: 1, side: "long", mode: "unified", collateral: [{ amount: 1, price: 1, zzzUnknown: 1 }] })),
    positionBook: () => cascade.positionBook({ size: [1], entry: [1], side: ["long"] }, x),
    "positionBook: columns": () => cascade.positionBook(loose({ size: [1], entry: [1], side: ["long"], zzzUnknown: [1] })),
    positionsFromFrame: () => cascade.positionsFromFrame(frame, x),
    "positionsFromFrame: columns": () => cascade.positionsFromFrame(frame, loose({ columns: { zzzUnknown: "a" } })),
    generatePositions: () => cascade.generatePositions(loose({ n: 1, price: 1, zzzUnknown: 1 })),
    "generatePositions: cohorts[0]": () => cascade.generatePositions(loose({ n: 1, price: 1, cohorts: [{ name: "a", share: 1, zzzUnknown: 1 }] })),
    liquidationMap: () => cascade.liquidationMap({ close: [1], openInterest: [1] }, x),
    "liquidationMap: columns": () => cascade.liquidationMap(frame, loose({ columns: { zzzUnknown: "a" } })),
    depthFromBands: () => cascade.depthFromBands(loose({ mid: 1, bands: [], zzzUnknown: 1 })),
    depthFromSnapshot: () => cascade.depthFromSnapshot(book, x),
    parametricDepth: () => cascade.parametricDepth(loose({ mid: 1, within1pct: 1, zzzUnknown: 1 })),
    walkBook: () => cascade.walkBook(book, loose({ side: "sell", notional: 1, zzzUnknown: 1 })),
    withdrawDepth: () => cascade.withdrawDepth(profile, loose({ factor: 0.5, zzzUnknown: 1 })),
    squareRootImpact: () => cascade.squareRootImpact(loose({ quantity: 1, dailyVolume: 1, dailyVolatility: 1, zzzUnknown: 1 })),
    depthRecovery: () => cascade.depthRecovery(loose({ depth: 1, baseline: 1, halfLife: 1, zzzUnknown: 1 })),
    marketMakerWithdrawal: () => cascade.marketMakerWithdrawal(x),
    collateralIndex: () => cascade.collateralIndex(x),
    depegPath: () => cascade.depegPath(loose({ at: 0, depth: 0.1, zzzUnknown: 1 })),
    "loanBook: columns": () => cascade.loanBook(loose({ collateralAmount: [1], debt: [1], liquidationLtv: [0.8], zzzUnknown: [1] })),
    loanToValue: () => cascade.loanToValue(loose({ debt: 1, collateralAmount: 1, price: 1, zzzUnknown: 1 })),
    loanLiquidationPrice: () => cascade.loanLiquidationPrice(loose({ debt: 1, collateralAmount: 1, liquidationLtv: 1, zzzUnknown: 1 })),
    treasuryCompany: () => cascade.treasuryCompany(loose({ holdings: 1, mNAV: 1, zzzUnknown: 1 }), 1),
    simulateCascade: () => cascade.simulateCascade(x),
    runEvent: () => cascade.runEvent("2025-10-10", cascade.CALIBRATION, x),
    octoberLoss: () => cascade.octoberLoss(cascade.CALIBRATION, x),
    calibrationReport: () => cascade.calibrationReport(cascade.CALIBRATION, x),
    fitCalibration: () => cascade.fitCalibration(x),
  };
  const asyncCalls: Record<string, () => Promise<unknown>> = {
    loadCandles: () => cascade.loadCandles(loose({ symbol: "BTC/USDT", from: 0, to: 1, zzzUnknown: 1 })),
    "loadCandles: retry": () => cascade.loadCandles(loose({ symbol: "BTC/USDT", from: 0, to: 1, retry: { zzzUnknown: 1 } })),
    loadOpenInterest: () => cascade.loadOpenInterest(loose({ symbol: "BTC/USDT", from: 0, to: 1, zzzUnknown: 1 })),
    loadFunding: () => cascade.loadFunding(loose({ symbol: "BTC/USDT", from: 0, to: 1, zzzUnknown: 1 })),
    loadLiquidations: () => cascade.loadLiquidations(loose({ symbol: "BTC/USDT", from: 0, to: 1, zzzUnknown: 1 })),
    loadOrderBook: () => cascade.loadOrderBook(loose({ symbol: "BTC/USDT", zzzUnknown: 1 })),
    loadDailyCloses: () => cascade.loadDailyCloses(loose({ symbol: "spx", from: 0, to: 1, zzzUnknown: 1 })),
    loadMacroSeries: () => cascade.loadMacroSeries(loose({ series: "DGS10", from: 0, to: 1, zzzUnknown: 1 })),
    loadAggregatedLiquidations: () => cascade.loadAggregatedLiquidations(loose({ from: 0, to: 1, zzzUnknown: 1 })),
    loadEtfFlows: () => cascade.loadEtfFlows(loose({ from: 0, to: 1, zzzUnknown: 1 })),
    readParquet: () => cascade.readParquet("unused.parquet", x),
    readParquetWithMetadata: () => cascade.readParquetWithMetadata("unused.parquet", x),
    cachedLoad: () => cascade.cachedLoad({ source: "s", symbol: "x", kind: "k" }, { from: 0, to: 1 }, async () => frame, x),
    monteCarloCascades: () => cascade.monteCarloCascades(loose({ runs: 1, scenario: { book: { n: 1, price: 1 }, cascade: { depth: 1 } }, zzzUnknown: 1 })),
    "monteCarloCascades: scenario": () => cascade.monteCarloCascades(loose({ runs: 1, scenario: { book: { n: 1, price: 1 }, cascade: { depth: 1 }, zzzUnknown: 1 } })),
  };
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, (e: Error) => e.message.startsWith(name.split(":")[0]) && e.message.includes(`unknown option 'zzzUnknown'`) && (!name.includes(":") || e.message.includes(name.split(": ")[1])), name);
  }
  for (const [name, call] of Object.entries(asyncCalls)) {
    await assert.rejects(call, (e: Error) => e.message.startsWith(name.split(":")[0]) && e.message.includes(`unknown option 'zzzUnknown'`), name);
  }
});
