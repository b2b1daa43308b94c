/**
 * "cascade": the helper library notebooks import. Market data, analytics, cascade models and
 * plots; it knows nothing of hosts and returns plain values and plotly figure objects.
 */
export const version = "0.1.0";

// data: the columnar frame and its operations
export { Frame } from "./frame";
export type { Cell, Column, ColumnInput, ColumnSchema, ColumnType, ColumnValues, FromColumnsOptions, Row, StringColumn } from "./frame";
export { frameBundle, frameHtml, frameJson, frameText, FRAME_MIME } from "./frame-display";
export type { FrameJson } from "./frame-display";
export { resample, defaultAggregation } from "./resample";
export type { Aggregation, ResampleOptions } from "./resample";
export { asofJoin } from "./asof-join";
export type { AsofJoinOptions } from "./asof-join";
export { rolling, rollingMax, rollingMean, rollingMin, rollingStd, rollingSum } from "./rolling";
export type { RollingOptions, RollingReducer } from "./rolling";
export { ensureTimeOrder, timeOrderIssues } from "./time-order";
export type { TimeOrderOptions } from "./time-order";

// data: time
export { bucketStart, parseTimeframe, timeframeMs } from "./timeframe";
export type { Timeframe } from "./timeframe";
export { epochUnit, formatIsoTime, isTimeName, parseIsoTime, toEpochMs } from "./time";
export type { EpochUnit } from "./time";

// data: files and other libraries
export { readCsv, CsvError } from "./csv";
export type { CandleCheckOptions, ReadCsvOptions } from "./csv";
export { formatCsv, writeCsv } from "./csv-write";
export type { WriteCsvOptions } from "./csv-write";
export { formatJson, parseJson, readJson, writeJson } from "./json";
export type { JsonFormat, ReadJsonOptions, WriteJsonOptions } from "./json";
export { fromArrow, readArrow, toArrow, toArrowIPC, writeArrow } from "./arrow";
export { toDanfo } from "./danfo";

// reproducible randomness (tests, benchmarks, Monte Carlo)
export { seededNormal, seededRandom } from "./random";

// data: Parquet, schemas, the on-disk cache, live loaders (ccxt, keyed APIs), live capture
export { readParquet, readParquetWithMetadata, toParquet, writeParquet } from "./data/parquet";
export type { ParquetContents, ReadParquetOptions, WriteParquetOptions } from "./data/parquet";
export { assertSchema, describeSchema, validate } from "./data/schema";
export type { FieldSpec, Schema, ValidationError } from "./data/schema";
export { SCHEMAS } from "./data/schemas";
export type { SchemaName } from "./data/schemas";
export { CacheMissError, NoDataError, cachedLoad, migrateCache, provenanceOf, resolveCacheDir } from "./data/cache";
export type { CacheKey, CacheOptions, CoveredRange, FilePeriod, Provenance } from "./data/cache";
export { loadCandles, loadFunding, loadLiquidations, loadOpenInterest } from "./data/load-market";
export type { LoadOptions } from "./data/load-series";
export { loadOrderBook } from "./data/load-order-book";
export type { OrderBookOptions, OrderBookSnapshot } from "./data/load-order-book";
export type { ExchangeOptions } from "./data/ccxt-exchange";
export type { RetryOptions } from "./data/retry";
export { loadAggregatedLiquidations, loadEtfFlows } from "./data/coinglass";
export type { CoinglassOptions } from "./data/coinglass";
export { STOOQ_SYMBOLS, loadDailyCloses, loadMacroSeries } from "./data/public-csv";
export type { PublicCsvOptions } from "./data/public-csv";
export { captureLiquidations, readCapturedLiquidations } from "./data/capture";
export type { CaptureOptions, LiquidationCapture } from "./data/capture";

// data: the embedded snapshot of the article's window (offline default)
export { snapshot, SNAPSHOT_FROM, SNAPSHOT_TO, SNAPSHOT_SEED } from "./data/snapshot/index";
export type { CandlesProvenance, DailyCandle, ExtremeHour, LiquidationEvent, Snapshot, SnapshotOptions, SourcedFigure } from "./data/snapshot/index";
export { reconstructCandles } from "./data/snapshot/reconstruct";
export type { ReconstructOptions } from "./data/snapshot/reconstruct";
export { BTC_DAILY, BTC_EXTREME_HOURS, DAILY_SOURCE } from "./data/snapshot/btc-daily";

// analytics
export { drawdown, drawdownFromHigh } from "./analytics/drawdown";
export type { Drawdown, DrawdownOptions } from "./analytics/drawdown";
export { returns } from "./analytics/returns";
export type { ReturnsOptions } from "./analytics/returns";
export { rollingVolatility, volatility } from "./analytics/volatility";
export type { VolatilityOptions } from "./analytics/volatility";
export { correlation, rollingCorrelation } from "./analytics/correlation";
export type { RollingCorrelationOptions } from "./analytics/correlation";
export { DEPTH_BANDS, depthBands, depthLost, depthWithin, midPrice } from "./analytics/depth";
export type { BandDepth, BookLevel, DepthLoss, DepthOptions, OrderBook } from "./analytics/depth";
export { marketOrderSlippage } from "./analytics/slippage";
export type { DepthProfile, Slippage, SlippageOptions } from "./analytics/slippage";
export { liquidationRatio, liquidationTotals } from "./analytics/liquidations";
export type { LiquidationRatio, LiquidationTotals, LiquidationTotalsOptions } from "./analytics/liquidations";
export { mnav, mnavPrice } from "./analytics/mnav";
export type { MnavInput } from "./analytics/mnav";
export { cumulativeFlows, flowStreaks } from "./analytics/flows";
export type { FlowStreak } from "./analytics/flows";
export { supportTests } from "./analytics/support";
export type { SupportOptions, SupportTests, SupportTouch } from "./analytics/support";
export { regime } from "./analytics/regime";
export type { Regime, RegimeLabel, RegimeOptions } from "./analytics/regime";
export { CLAIM_ID, CLAIM_VERDICTS, claimVerdict, type ClaimVerdict, type ClaimVerdictInput, type ClaimVerdictLabel } from "./claims";

// plot: plotly figure builders (plain figure objects; the kernel shows them as plotly charts)
export { candlesChart } from "./plot/candles";
export type { CandlesChartOptions } from "./plot/candles";
export { drawdownChart } from "./plot/drawdown";
export type { DrawdownChartOptions } from "./plot/drawdown";
export { depthProfileChart } from "./plot/depth-profile";
export type { DepthProfileChartOptions, DepthProfiles } from "./plot/depth-profile";
export { cascadePathChart } from "./plot/cascade-path";
export type { CascadeInput, CascadePathChartOptions } from "./plot/cascade-path";
export { liquidationWaterfallChart } from "./plot/liquidation-waterfall";
export type { LiquidationWaterfallChartOptions } from "./plot/liquidation-waterfall";
export { liquidationMapChart } from "./plot/liquidation-map";
export type { LiquidationMapChartOptions } from "./plot/liquidation-map";
export { crossAssetChart } from "./plot/cross-asset";
export type { CrossAssetChartOptions } from "./plot/cross-asset";
export { mnavChart } from "./plot/mnav";
export type { MnavChartOptions } from "./plot/mnav";
export { etfFlowChart } from "./plot/etf-flows";
export type { EtfFlowChartOptions } from "./plot/etf-flows";
export { pathQuantiles, scenarioFanChart } from "./plot/scenario-fan";
export type { ScenarioFanChartOptions, ScenarioPaths, SupportLevel } from "./plot/scenario-fan";
export { downsample, lttb } from "./plot/downsample";
export type { LttbOptions } from "./plot/downsample";
export { bucketOhlc } from "./plot/ohlc-buckets";
export type { OhlcBuckets, OhlcSeries } from "./plot/ohlc-buckets";
export { axisTitle, figure, mergeLayout, requireSource, sourceOf } from "./plot/figure";
export type { ChartOptions, Figure, FigureParts, Layout as PlotLayout, Trace as PlotTrace } from "./plot/figure";
export { BACKGROUNDS, COLORS, PALETTE, contrastRatio, relativeLuminance, withAlpha } from "./plot/theme";
export type { Table as PlotInput } from "./plot/table";

// models: liquidation prices, position books, order books and impact, market-maker withdrawal,
// collateral depegs, loans, treasuries, the cascade engine, calibrated scenarios, Monte Carlo
export { BINANCE_BTCUSDT_TIERS, bankruptcyPrice, liquidationPrice, maintenanceAt, marginTiers } from "./models/margin";
export type { CollateralHolding, LiquidationPriceOptions, MaintenanceMargin, MarginTier } from "./models/margin";
export { CONTRACTS, MARGIN_MODES, openInterest, positionBook, positionsFromFrame } from "./models/positions";
export type { ContractKind, MarginMode, PositionBook, PositionBookOptions, PositionColumns, PositionFrameColumns } from "./models/positions";
export { generatePositions } from "./models/generate-positions";
export type { CohortSpec, GeneratePositionsOptions } from "./models/generate-positions";
export { liquidationMap } from "./models/liquidation-map";
export type { LiquidationMap, LiquidationMapOptions, OpenInterestBars } from "./models/liquidation-map";
export { depthFromBands, depthFromSnapshot, parametricDepth, profileDepth, walkBook, withdrawDepth } from "./models/order-book";
export type { Bands, BookProfile, DepthCurve, Fill, Withdrawal } from "./models/order-book";
export { consumedAfter, depthRecovery, squareRootImpact } from "./models/impact";
export type { SquareRootImpactOptions } from "./models/impact";
export { incrEwMean, incrEwVolatility } from "./models/accumulators";
export type { Accumulator } from "./models/accumulators";
export { marketMakerWithdrawal } from "./models/withdrawal";
export type { MarketMakerWithdrawalOptions, WithdrawalAccumulator } from "./models/withdrawal";
export { collateralIndex, depegPath } from "./models/collateral";
export type { CollateralAssetOptions, CollateralIndex, DepegPath } from "./models/collateral";
export { loanBook, loanLiquidationPrice, loanToValue } from "./models/loans";
export type { LoanBook } from "./models/loans";
export { treasuryCompany } from "./models/treasury";
export type { TreasuryOptions, TreasuryStepper } from "./models/treasury";
export { simulateCascade } from "./models/cascade";
export type { CascadeResult, CascadeTotals } from "./models/cascade";
export type { CascadeOptions, PermanentImpact, SellProgram, Shock, VenueRules, WithdrawalModel } from "./models/cascade-options";
export { CAUSES } from "./models/events";
export type { Cause, LiquidationEvents, Tally } from "./models/events";
export { ASSUMPTIONS as CALIBRATION_ASSUMPTIONS, CALIBRATION, PRIORS as CALIBRATION_PRIORS, runEvent } from "./models/calibration";
export type { CalibrationParameters, EventOutcome, Prior, RunEventOptions } from "./models/calibration";
export { eventInputs, minutePath } from "./models/calibration-inputs";
export type { EventId, EventInputs, Observed } from "./models/calibration-inputs";
export { calibrationReport, fitCalibration, octoberLoss, TARGETS as CALIBRATION_TARGETS } from "./models/calibration-fit";
export { formatCalibrationReport, formatFit, fitRecordModule } from "./models/calibration-format";
export { FIT_RECORD as CALIBRATION_RECORD } from "./models/calibration-record";
export type { CalibrationReport, FitOptions, FitRecord, FitResult, ParameterRow, StartResult, TargetRow, TargetSpec } from "./models/calibration-fit";
export { monteCarloCascades } from "./models/monte-carlo";
export type { MonteCarloOptions, MonteCarloProgress, MonteCarloResult, MonteCarloScenario, RunSummary } from "./models/monte-carlo";

// SQL over frames and the Parquet cache (DuckDB, loaded on first use)
export { ADD_SQL_ENGINE, SqlEngineMissingError, SqlError, SqlPlan, cacheDataset, closeSql, configureSql, explain, loadDuckDB, query, registerFrame, sql, sqlSetting, sqlText } from "./sql";
export type { SqlParam, SqlQuery, SqlSettings } from "./sql";
