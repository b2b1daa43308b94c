/**
 * `npm run docs`: the HTML reference of "cascade" (lib/index.ts's exports), built by TypeDoc from
 * the library's doc comments, one page per part of the library (frames and files, data and
 * loaders, snapshot, analytics, plots, models) and one per export, into docs/reference/.
 *
 * The parts are the folders the exports come from (kernels/types/lib-docs.ts, `groupOf`): the
 * build writes one entry module per part re-exporting its names from lib/index.ts, and TypeDoc
 * renders each as a module page. TypeDoc's warnings are errors (a broken `{@link}`, a name a
 * signature uses that the reference does not show); nothing is fetched, and the pages name
 * source files relative to the repository only.
 *
 * @example
 *   node dist/docs/reference.js                 // docs/reference/index.html
 *   node dist/docs/reference.js --out site/api  // elsewhere
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { collectLibDocs, GROUPS, type DocEntry, type DocGroup } from "../kernels/types/lib-docs";

/** What each part of the library is for: the text of its page. */
const GROUP_TEXT: Record<DocGroup, string> = {
  "Frames and files":
    "The columnar `Frame` and its operations (resample, rolling windows, as-of joins, time order), time helpers, and reading and writing CSV, JSON, Arrow and danfo.js frames. Seeded random numbers for reproducible runs.",
  "Data and loaders":
    "Market data from exchanges (ccxt), CoinGlass, Stooq and FRED, through an on-disk cache that keeps notebooks working offline; Parquet files, schemas, and live liquidation capture.",
  Snapshot: "The embedded snapshot of the October-November 2025 window: daily BTC candles, liquidation events, reconstructed hourly candles. The offline default of every notebook.",
  Analytics: "Measures of a market: returns, volatility, drawdowns, correlation, order-book depth and slippage, liquidation totals, ETF flows, mNAV, support tests, regimes, and the article's claims.",
  Plots: "Plotly figure builders: candles, drawdowns, depth profiles, cascade paths, liquidation maps and waterfalls, cross-asset moves, mNAV, ETF flows and scenario fans. Each returns a plain figure object the kernel shows as a chart.",
  Models: "Liquidation prices and margin brackets, position books, order books and impact, market-maker withdrawal, collateral depegs, loans, treasury companies, the cascade engine, its calibration, and Monte Carlo sweeps.",
};

/**
 * Types the exports' signatures use that "cascade" does not export by name. The reference shows
 * them (a signature's link should lead somewhere), on the page of their part, marked as such.
 * TypeDoc names any other such type in a warning, which fails the build: add it here.
 */
const REFERENCED: Array<{ group: DocGroup; file: string; names: string[] }> = [
  { group: "Frames and files", file: "lib/frame-display", names: ["type DisplayOptions"] },
  { group: "Data and loaders", file: "lib/data/cache", names: ["type CachedLoadOptions"] },
  { group: "Data and loaders", file: "lib/data/ranges", names: ["type TimeRange"] },
  { group: "Data and loaders", file: "lib/data/paging", names: ["type TimedRow"] },
  { group: "Analytics", file: "lib/analytics/series", names: ["type SeriesInput"] },
  { group: "Plots", file: "lib/plot/table", names: ["type FrameLike", "type Records", "type Columns"] },
  { group: "Models", file: "lib/models/monte-carlo-run", names: ["RUN_FIELDS"] },
  { group: "Models", file: "lib/models/calibration-fit", names: ["type ParameterName", "type EvaluationOptions"] },
];

const slug = (g: string) => g.toLowerCase().replace(/[^a-z]+/g, "-");

export interface ReferenceOptions {
  /** The repository (lib/index.ts is under it). */
  root: string;
  /** The output folder; docs/reference under the root by default. It is replaced. */
  out?: string;
}

export interface ReferenceResult {
  out: string;
  /** Module page of each group, relative to `out`. */
  groupPages: Record<DocGroup, string>;
  exports: number;
}

/** Writes the per-group entry modules TypeDoc reads; returns their paths. */
function writeEntries(root: string, dir: string, entries: Record<string, DocEntry>): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const libIndex = relative(dir, join(root, "lib", "index")).split("\\").join("/");
  const files: string[] = [];
  for (const group of GROUPS) {
    const names = Object.values(entries)
      .filter((e) => e.group === group)
      .map((e) => (e.kind === "interface" || e.kind === "type" ? `type ${e.name}` : e.name))
      .sort((a, b) => a.replace(/^type /, "").localeCompare(b.replace(/^type /, "")));
    const file = join(dir, `${slug(group)}.ts`);
    const referenced = REFERENCED.filter((r) => r.group === group);
    const also = referenced.flatMap((r) => r.names.map((n) => `\`${n.replace(/^type /, "")}\``));
    const note = also.length ? `\n *\n * Also on this page, because signatures here use them: ${also.join(", ")}. "cascade" does not export these by name.` : "";
    const lines = [`export { ${names.join(", ")} } from "${libIndex}";`];
    for (const r of referenced) lines.push(`export { ${r.names.join(", ")} } from "${relative(dir, join(root, r.file)).split("\\").join("/")}";`);
    writeFileSync(file, `/**\n * ${GROUP_TEXT[group]}${note}\n *\n * @module ${group}\n */\n${lines.join("\n")}\n`);
    files.push(file);
  }
  writeFileSync(
    join(dir, "README.md"),
    [
      "# cascade",
      "",
      'The library notebooks import as `"cascade"`: market data, analytics, cascade models and plots. Every export, by part of the library:',
      "",
      ...GROUPS.map((g) => `- **${g}**: ${GROUP_TEXT[g]}`),
      "",
      "In a notebook cell, `help(value)` shows the same documentation for a function or class of the library (`help(rollingVolatility)`).",
      "",
      'The guide "From a question to a cascade" (docs/guide.md in the repository) walks from loading data to a Monte Carlo run.',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "bundler", lib: ["ES2022"], types: existsSync(join(root, "node_modules", "@types", "node")) ? ["node"] : [], strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true },
      files: files.map((f) => relative(dir, f)),
    }),
  );
  return files;
}

/** Builds the reference; throws with TypeDoc's messages when it warns or fails. */
export async function buildReference({ root, out = join(root, "docs", "reference") }: ReferenceOptions): Promise<ReferenceResult> {
  root = resolve(root);
  out = resolve(out);
  const { entries } = collectLibDocs(root);
  const src = join(root, "dist", "docs-src");
  const entryPoints = writeEntries(root, src, entries);
  // TypeDoc is an ES module; this file is bundled as CommonJS.
  const td = (await import("typedoc")) as typeof import("typedoc");
  const messages: string[] = [];
  const app = await td.Application.bootstrap(
    {
      name: "cascade",
      entryPoints,
      entryPointStrategy: "resolve",
      tsconfig: join(src, "tsconfig.json"),
      readme: join(src, "README.md"),
      treatWarningsAsErrors: true,
      validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: false, unusedMergeModuleWith: true },
      // No source links: they would point at a remote, or at this checkout's paths.
      disableSources: true,
      // Type errors are `tsc -p .`'s to report (npm test runs it); TypeDoc's own warnings fail here.
      skipErrorChecking: true,
      hideGenerator: true,
      githubPages: false,
      // A structural type local to its module (cascadePathChart takes any object with these two methods).
      intentionallyNotExported: ["FramedResult"],
      excludePrivate: true,
      excludeInternal: true,
      sort: ["kind", "alphabetical"],
      logLevel: "Warn",
    },
    [new td.TSConfigReader()],
  );
  const log = app.logger as unknown as { log(message: string, level: number): void };
  const original = log.log.bind(log);
  log.log = (message: string, level: number) => {
    if (level >= td.LogLevel.Warn) messages.push(String(message));
    original(message, level);
  };
  const project = await app.convert();
  if (!project) throw new Error(`docs: TypeDoc could not convert the library:\n${messages.join("\n")}`);
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) throw new Error(`docs: TypeDoc reported ${messages.length} problem(s):\n${messages.join("\n")}`);
  rmSync(out, { recursive: true, force: true });
  await app.generateDocs(project, out);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) throw new Error(`docs: TypeDoc reported ${messages.length} problem(s):\n${messages.join("\n")}`);
  // TypeDoc names a module's page after the module, spaces as underscores.
  const groupPages = Object.fromEntries(GROUPS.map((g) => [g, `modules/${g.replace(/ /g, "_")}.html`])) as Record<DocGroup, string>;
  for (const page of Object.values(groupPages)) if (!existsSync(join(out, page))) throw new Error(`docs: TypeDoc wrote no ${page}`);
  return { out, groupPages, exports: Object.keys(entries).length };
}

// Run as dist/docs/reference.js (not when bundled into a spec, whose main module this also is).
if (require.main === module && /[\\/]docs[\\/]reference\.js$/.test(__filename)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--out");
  const started = Date.now();
  // dist/docs/reference.js: the repository is two levels up.
  const root = join(__dirname, "..", "..");
  buildReference({ root, out: at >= 0 ? args[at + 1] : undefined }).then(
    (r) => console.log(`docs: ${r.exports} exports in ${GROUPS.length} groups -> ${relative(process.cwd(), r.out) || "."}/index.html (${((Date.now() - started) / 1000).toFixed(1)} s)`),
    (err) => {
      console.error((err as Error).message);
      process.exit(1);
    },
  );
}
