/**
 * SQL over frames and the Parquet cache, run by DuckDB (the `@duckdb/node-api` package, loaded on
 * first use: the library loads without it and says how to add it when a cell asks for SQL).
 *
 * One DuckDB database per process, in memory, spilling to a temporary folder when a query needs
 * more than its memory limit. Results come back as frames the columnar way: DuckDB writes the
 * result as Parquet, which the library reads through Arrow (see data/parquet.ts), column by
 * column, never row by row. Values given to `query(sql, params)` or interpolated into the `sql`
 * tag are bound as parameters, never spliced into the text.
 *
 * Settings: `configureSql({ memoryLimit, tempDirectory, threads })`, else $CASCADE_SQL_MEMORY_LIMIT,
 * $CASCADE_SQL_TEMP_DIR and $CASCADE_SQL_THREADS, else DuckDB's defaults (80 % of RAM, a folder
 * beside the database).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as DuckDB from "@duckdb/node-api";
import { Frame } from "./frame";
import { JUPYTER_DISPLAY } from "./frame-display";
import { readParquet, writeParquet } from "./data/parquet";
import { resolveCacheDir, unsplitCacheFiles } from "./data/cache";
import { checkOptions, optionKeys } from "./options";

const PACKAGE = "@duckdb/node-api";

/** How to add DuckDB, for errors. */
export const ADD_SQL_ENGINE = `run \`npm install ${PACKAGE}\` in the notebook's folder, or in VS Code the command "Cascade: Add SQL Engine"`;

/** DuckDB is not installed where the library looks for it. */
export class SqlEngineMissingError extends Error {
  /**
   * @param searched The folders looked in, in order (each one's node_modules was tried).
   */
  constructor(readonly searched: string[]) {
    super(`SQL needs DuckDB (${PACKAGE}), which is not installed: ${ADD_SQL_ENGINE}. Looked in: ${searched.join(", ")}`);
    this.name = "SqlEngineMissingError";
  }
}

/** A query DuckDB refused or failed: its message, and where in the query (1-based). */
export class SqlError extends Error {
  /**
   * @param message DuckDB's message, with the query's line and a caret under the column.
   * @param line The line of the query the error points at, 1-based, when DuckDB says where.
   * @param column The column on that line, 1-based.
   */
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = "SqlError";
  }
}

/**
 * Where DuckDB is looked for, in order: the folder the kernel runs in (a notebook's project),
 * the folder "Cascade: Add SQL Engine" installs into ($CASCADE_SQL_ENGINE_DIR), and the
 * library's own node_modules.
 */
export function sqlEngineSearchPaths(): string[] {
  const paths = [process.cwd()];
  if (process.env.CASCADE_SQL_ENGINE_DIR) paths.push(process.env.CASCADE_SQL_ENGINE_DIR);
  paths.push(__dirname);
  return paths;
}

/**
 * Loads DuckDB (the `@duckdb/node-api` module) from `paths` (see `sqlEngineSearchPaths`), or
 * throws SqlEngineMissingError saying how to add it. Typed loosely here so the library's
 * declarations do not need DuckDB's.
 *
 * @example loadDuckDB() // throws SqlEngineMissingError when DuckDB is not installed
 */
export function loadDuckDB(paths: string[] = sqlEngineSearchPaths()): unknown {
  return duckdbModule(paths);
}

function duckdbModule(paths: string[] = sqlEngineSearchPaths()): typeof DuckDB {
  let resolved: string;
  try {
    resolved = require.resolve(PACKAGE, { paths });
  } catch {
    throw new SqlEngineMissingError(paths);
  }
  return require(resolved) as typeof DuckDB;
}

export interface SqlSettings {
  /** DuckDB's memory_limit, e.g. "2GB"; beyond it, operators spill to `tempDirectory`. */
  memoryLimit?: string;
  /** Where DuckDB spills; DuckDB's default otherwise. */
  tempDirectory?: string;
  /** Worker threads; all cores by default. */
  threads?: number;
}

interface Session {
  instance: DuckDB.DuckDBInstance;
  connection: DuckDB.DuckDBConnection;
  scratch: string;
  /** Registered frames: view name -> the Parquet file behind it. */
  views: Map<string, string>;
}

let session: Promise<Session> | undefined;
let settings: SqlSettings = {};

function envSettings(): SqlSettings {
  const threads = Number(process.env.CASCADE_SQL_THREADS);
  return {
    memoryLimit: process.env.CASCADE_SQL_MEMORY_LIMIT || undefined,
    tempDirectory: process.env.CASCADE_SQL_TEMP_DIR || undefined,
    threads: threads > 0 ? threads : undefined,
  };
}

async function applySettings(connection: DuckDB.DuckDBConnection, s: SqlSettings): Promise<void> {
  // SET takes no parameters; the values are checked and quoted here.
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  if (s.memoryLimit !== undefined) {
    if (!/^\s*\d+(\.\d+)?\s*[KMGT]?i?B\s*$/i.test(s.memoryLimit)) throw new Error(`configureSql: memoryLimit must be a size like "512MB" or "4GB", got ${JSON.stringify(s.memoryLimit)}`);
    await connection.run(`SET memory_limit = ${quote(s.memoryLimit)}`);
  }
  if (s.tempDirectory !== undefined) await connection.run(`SET temp_directory = ${quote(s.tempDirectory)}`);
  if (s.threads !== undefined) {
    if (!(Number.isInteger(s.threads) && s.threads > 0)) throw new Error(`configureSql: threads must be a positive whole number, got ${s.threads}`);
    await connection.run(`SET threads = ${s.threads}`);
  }
}

async function open(): Promise<Session> {
  const duckdb = duckdbModule();
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await applySettings(connection, { ...envSettings(), ...settings });
  const scratch = mkdtempSync(join(tmpdir(), "cascade-sql-"));
  process.once("exit", () => rmSync(scratch, { recursive: true, force: true }));
  return { instance, connection, scratch, views: new Map() };
}

function current(): Promise<Session> {
  if (!session) {
    session = open();
    session.catch(() => (session = undefined)); // a failed start (DuckDB missing) is tried again next time
  }
  return session;
}

const SQL_SETTINGS = optionKeys<SqlSettings>()("memoryLimit", "tempDirectory", "threads");

/**
 * Sets DuckDB's memory limit, spill folder and threads for this kernel's SQL (now, if DuckDB
 * is running, and for its start otherwise).
 *
 * @example
 *   await configureSql({ memoryLimit: "1GB", tempDirectory: "/scratch/duckdb" });
 */
export async function configureSql(options: SqlSettings): Promise<void> {
  checkOptions("configureSql", options, SQL_SETTINGS);
  settings = { ...settings, ...options };
  if (session) await applySettings((await session).connection, options);
}

/**
 * The value of a DuckDB setting, e.g. "memory_limit" (for checks and the README's examples).
 *
 * @example
 *   await configureSql({ memoryLimit: "2GB" });
 *   await sqlSetting("memory_limit") // "1.8 GiB" (DuckDB's own rounding)
 */
export async function sqlSetting(name: string): Promise<string> {
  const { connection } = await current();
  const reader = await connection.runAndReadAll("SELECT current_setting($1)::VARCHAR", [name]);
  return String(reader.getRows()[0][0]);
}

/** A value a query may bind: numbers, strings, booleans, null, bigints, Dates (as UTC timestamps). */
export type SqlParam = number | string | boolean | null | bigint | Date;

function bindable(duckdb: typeof DuckDB, params: SqlParam[]): DuckDB.DuckDBValue[] {
  return params.map((v, i) => {
    if (v instanceof Date) {
      if (Number.isNaN(v.getTime())) throw new Error(`SQL parameter $${i + 1} is an invalid Date`);
      return duckdb.timestampTZValue(BigInt(v.getTime()) * 1000n);
    }
    if (v === undefined) throw new Error(`SQL parameter $${i + 1} is undefined; use null for SQL NULL`);
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || typeof v === "bigint" || v === null) return v as DuckDB.DuckDBValue;
    throw new Error(`SQL parameter $${i + 1} is ${typeof v === "object" ? "an object" : typeof v}; parameters are numbers, strings, booleans, bigints, Dates or null`);
  });
}

/**
 * DuckDB's error with the line and column of the user's query. DuckDB marks the position as
 * "LINE n: <text>" and a caret under it; `lineOffset` is how many lines the library put before
 * the query.
 */
function sqlError(err: unknown, text: string, lineOffset: number): SqlError {
  const message = String((err as Error)?.message ?? err);
  const m = /\n?LINE (\d+): (.*)\n( *)\^/.exec(message);
  const first = message.split("\n")[0];
  if (!m) return new SqlError(`SQL: ${first}${message.includes("\n") ? "\n" + message.slice(first.length + 1).trim() : ""}`);
  const line = Number(m[1]) - lineOffset;
  const prefix = `LINE ${m[1]}: `.length;
  const shown = m[2];
  let column = m[3].length - prefix + 1;
  // Long lines are shown cut, starting with "...": find the shown part in the query's line.
  const source = text.split("\n")[line - 1] ?? "";
  if (shown.startsWith("...")) {
    const at = source.indexOf(shown.slice(3).replace(/\.\.\.$/, ""));
    if (at >= 0) column = at + (column - 3);
  }
  const detail = message.slice(0, m.index).trim();
  const caret = `${" ".repeat(Math.max(0, column - 1))}^`;
  return new SqlError(`SQL: ${detail} (line ${line}, column ${column})\n  ${source}\n  ${caret}`, line, column);
}

/** The query without a trailing semicolon; one statement only. */
function statement(text: string): string {
  if (typeof text !== "string" || !text.trim()) throw new Error("query: the SQL text is empty");
  return text.replace(/;\s*$/, "");
}

let counter = 0;

/** A line shown as plain text (a bare string would display quoted). */
const asText = (text: string) => ({ [JUPYTER_DISPLAY]: () => ({ "text/plain": text }) });

/**
 * Runs `body(connection)` for a query: a display of DuckDB's progress when it runs longer than a
 * second (in a kernel: updated in place), and the kernel's interrupt cancels it.
 */
async function running<T>(s: Session, body: () => Promise<T>): Promise<T> {
  const kernel = (globalThis as { __cascade?: { onInterrupt?: (f: () => void) => () => void } }).__cascade;
  const show = (globalThis as { display?: { (v: unknown, o?: { id?: string }): void; update(id: string, v: unknown): void } }).display;
  const id = `cascade-sql-progress-${process.pid}-${++counter}`;
  let shown = false;
  let settled = false;
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  // The kernel's interrupt ends the cell at once; the display says so before the cell's end.
  const stop = kernel?.onInterrupt?.(() => {
    s.connection.interrupt();
    if (shown && !settled) show!.update(id, asText(`SQL: cancelled after ${seconds()} s`));
    settled = true;
  });
  const timer = show
    ? setInterval(() => {
        if (settled) return;
        const p = s.connection.progress;
        const pct = p && p.percentage >= 0 ? `${p.percentage.toFixed(0)} %` : "running";
        const text = `SQL: ${pct}, ${((Date.now() - started) / 1000).toFixed(0)} s${p && p.total_rows_to_process > 0 ? `, ${Number(p.rows_processed).toLocaleString("en-US")} of ${Number(p.total_rows_to_process).toLocaleString("en-US")} rows` : ""}`;
        if (!shown) show(asText(text), { id });
        else show.update(id, asText(text));
        shown = true;
      }, 1000)
    : undefined;
  let outcome = "failed after";
  try {
    const result = await body();
    outcome = "done in";
    return result;
  } catch (err) {
    if (/INTERRUPT/i.test(String((err as Error)?.message))) outcome = "cancelled after";
    throw err;
  } finally {
    if (timer) clearInterval(timer);
    if (shown && !settled) show!.update(id, asText(`SQL: ${outcome} ${seconds()} s`));
    settled = true;
    stop?.();
  }
}

/**
 * Runs a SQL query (DuckDB) and returns its result as a frame, shown as a table like any frame.
 * `params` bind to `$1`, `$2`... (or `?`): values are never spliced into the text. Frames
 * registered with `registerFrame` are views; the cache is `cacheDataset(kind)`.
 *
 * @example
 *   const big = await query("select symbol, count(*) n from trades where qty > $1 group by 1", [10]);
 */
export async function query(sql: string, params: SqlParam[] = []): Promise<Frame> {
  const text = statement(sql);
  if (!Array.isArray(params)) throw new Error("query(sql, params): params must be an array of values for $1, $2...");
  const s = await current();
  const duckdb = duckdbModule();
  const values = bindable(duckdb, params);
  if (!RETURNS_ROWS.test(withoutLeadingComments(text))) return statementResult(s, text, values);
  const out = join(s.scratch, `result-${++counter}.parquet`);
  // The query on lines of its own, so DuckDB's line numbers are the query's plus one.
  const wrapped = `COPY (\n${text}\n) TO '${out.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION uncompressed)`;
  try {
    await running(s, () => s.connection.run(wrapped, values));
  } catch (err) {
    rmSync(out, { force: true });
    if (/INTERRUPT/i.test(String((err as Error)?.message))) throw new SqlError("SQL: interrupted; the query was cancelled");
    throw sqlError(err, text, 1);
  }
  try {
    return await readParquet(out);
  } finally {
    rmSync(out, { force: true });
  }
}

/** Queries whose rows go through Parquet (what `COPY (...) TO` takes); other statements run as they are. */
const RETURNS_ROWS = /^\s*(\(|select\b|with\b|from\b|values\b|table\b|pivot\b|unpivot\b)/i;
const withoutLeadingComments = (text: string) => text.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, "");

/**
 * A statement that is not a query (CREATE, INSTALL, LOAD, SET, SHOW, DESCRIBE, PRAGMA...): run
 * directly; its few rows, if any, become a frame (numbers where every value is one, else text).
 */
async function statementResult(s: Session, text: string, values: DuckDB.DuckDBValue[]): Promise<Frame> {
  let reader: DuckDB.DuckDBResultReader;
  try {
    reader = await running(s, () => s.connection.runAndReadAll(text, values));
  } catch (err) {
    if (/INTERRUPT/i.test(String((err as Error)?.message))) throw new SqlError("SQL: interrupted; the statement was cancelled");
    throw sqlError(err, text, 0);
  }
  const names = reader.columnNames();
  const columns = reader.getColumnsJson();
  return new Frame(
    names.map((name, i) => {
      const col = columns[i] ?? [];
      if (col.every((v) => v === null || typeof v === "number")) return { name, type: "number" as const, values: Float64Array.from(col, (v) => (v === null ? NaN : (v as number))) };
      return { name, type: "string" as const, values: col.map((v) => (v === null ? null : typeof v === "string" ? v : JSON.stringify(v))) };
    }),
  );
}

/** A SQL text and its bound values, from the `sql` tag. */
export interface SqlQuery {
  text: string;
  params: SqlParam[];
}

/**
 * The tagged template: each `${value}` becomes a parameter ($1, $2...), never text, and the
 * query runs. `sql.text` builds the query without running it.
 *
 * @example
 *   const s = "BTC/USDT";
 *   const rows = await sql`select * from candles where symbol = ${s} and close > ${100_000}`;
 */
export function sql(strings: TemplateStringsArray, ...values: SqlParam[]): Promise<Frame> {
  const q = sqlText(strings, ...values);
  return query(q.text, q.params);
}

/**
 * The `sql` tag's text and parameters, without running the query: each value becomes a
 * parameter `$1`, `$2`, ... and is never spliced into the text.
 *
 * @example
 *   sqlText`select * from trades where symbol = ${"BTC/USDT"}` // { text: "select * from trades where symbol = $1", params: ["BTC/USDT"] }
 */
export function sqlText(strings: TemplateStringsArray, ...values: SqlParam[]): SqlQuery {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += `$${i + 1}${strings[i + 1]}`;
  return { text, params: values };
}

/** A query plan, shown as monospaced text. */
export class SqlPlan {
  /** @param text DuckDB's plan, one operator tree as text. */
  constructor(readonly text: string) {}
  /** The plan's text. */
  toString(): string {
    return this.text;
  }
  /** How a notebook shows the plan: preformatted text. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const escaped = this.text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    return { "text/plain": this.text, "text/html": `<pre style="line-height:1.15">${escaped}</pre>` };
  }
}

/**
 * DuckDB's plan for a query (EXPLAIN), or with `{ analyze: true }` the plan with the time and
 * rows of each operator (EXPLAIN ANALYZE, which runs the query).
 *
 * @example
 *   await explain("select count(*) from trades where price > $1", [100_000])
 */
export async function explain(
  sql: string,
  params: SqlParam[] = [],
  {
    analyze = false,
  }: {
    /** Run the query and show each operator's time and rows (EXPLAIN ANALYZE). Default false. */
    analyze?: boolean;
  } = {},
): Promise<SqlPlan> {
  const text = statement(sql);
  const s = await current();
  const values = bindable(duckdbModule(), params);
  try {
    const reader = await running(s, () => s.connection.runAndReadAll(`EXPLAIN ${analyze ? "ANALYZE " : ""}\n${text}`, values));
    return new SqlPlan(reader.getRows().map((r) => String(r[1])).join("\n"));
  } catch (err) {
    throw sqlError(err, text, 1);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Makes a frame a SQL view named `name` (replacing one of that name), for `query`. The frame is
 * handed over as Parquet, column by column.
 *
 * @example
 *   await registerFrame("candles", candles);
 *   await query("select max(high) from candles");
 */
export async function registerFrame(name: string, frame: Frame): Promise<void> {
  if (typeof name !== "string" || !NAME.test(name)) throw new Error(`registerFrame: the name must be a SQL identifier (letters, digits, _; not starting with a digit), got ${JSON.stringify(name)}`);
  if (!(frame instanceof Frame)) throw new Error(`registerFrame("${name}", frame): frame must be a Frame`);
  const s = await current();
  const file = join(s.scratch, `frame-${name}-${++counter}.parquet`);
  writeParquet(file, frame);
  await s.connection.run(`CREATE OR REPLACE VIEW "${name}" AS SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
  const previous = s.views.get(name);
  s.views.set(name, file);
  if (previous) rmSync(previous, { force: true });
}

/**
 * The glob of the cache's Hive-partitioned Parquet dataset of one kind of data ("candles",
 * "trades", "liquidations"...):
 * `<cache>/<kind>/source=<s>/symbol=<sym>/timeframe=<tf>/day=<YYYY-MM-DD>/part-<hash>.parquet`, one file per key and UTC day
 * (per UTC year for bars of a day or more, under `day=<YYYY>-01-01`; order books, kept whole,
 * have no `day=`). DuckDB, polars, pandas and Spark read it with Hive partitioning, `day` as a
 * date column that a filter on it prunes to the files of those days; in `query`, pass it as a
 * parameter: `read_parquet($1, hive_partitioning = true)`. A kind still holding files of the
 * layout before `day=` is an error naming them: `await migrateCache()` splits them.
 *
 * @example
 *   await query("select symbol, count(*) from read_parquet($1, hive_partitioning = true) where day >= '2025-10-01' group by 1", [cacheDataset("candles")])
 */
export function cacheDataset(
  kind: string,
  {
    cacheDir,
  }: {
    /** The cache folder; default `CASCADE_CACHE_DIR`, else `~/.cache/cascade-notebooks/data`. */
    cacheDir?: string;
  } = {},
): string {
  if (typeof kind !== "string" || !/^[A-Za-z0-9._-]+$/.test(kind)) throw new Error(`cacheDataset: kind must be a name like "candles" or "trades", got ${JSON.stringify(kind)}`);
  const root = join(resolveCacheDir(cacheDir), kind);
  if (!existsSync(root)) throw new Error(`cacheDataset("${kind}"): the cache (${resolveCacheDir(cacheDir)}) holds no ${kind} yet; load some first (e.g. loadCandles) or check the kind`);
  if (kind === "order-book") return join(root, "source=*", "symbol=*", "timeframe=*", "*.parquet");
  const unsplit = unsplitCacheFiles(resolveCacheDir(cacheDir), kind);
  if (unsplit.length) {
    throw new Error(
      `cacheDataset("${kind}"): ${unsplit.length} file${unsplit.length > 1 ? "s" : ""} of the cache ${unsplit.length > 1 ? "are" : "is"} still in the layout before day= partitions (${unsplit.slice(0, 3).join(", ")}${unsplit.length > 3 ? ", ..." : ""}); run \`await migrateCache()\` (from "cascade") to split ${unsplit.length > 1 ? "them" : "it"} into day files, or load the series again`,
    );
  }
  return join(root, "source=*", "symbol=*", "timeframe=*", "day=*", "*.parquet");
}

/**
 * Closes DuckDB and removes its scratch files (tests; a kernel closes it when it exits). The
 * next query opens it again with the current settings.
 *
 * @example
 *   await closeSql();
 */
export async function closeSql(): Promise<void> {
  const s = await session?.catch(() => undefined);
  session = undefined;
  if (!s) return;
  s.connection.closeSync();
  s.instance.closeSync();
  rmSync(s.scratch, { recursive: true, force: true });
}
