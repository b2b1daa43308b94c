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
