/**
 * Synthetic position books drawn from stated distributions, for the cascade model when no venue
 * publishes its positions (none does): cohorts of traders, each with a long share, a lognormal
 * leverage and a lognormal size, leverage falling with size (retail runs high leverage on small
 * positions, funds low leverage on large ones), entries spread around the current price.
 *
 * Entries are drawn so that no position starts already past its liquidation price (one that
 * would have been liquidated before the book's time is redrawn): a book describes the
 * survivors of the market up to now. A row none of whose `MAX_DRAWS` draws survives is dropped,
 * not placed anywhere: its cohort's other rows carry its open interest, and the book reports
 * how many rows were redrawn and dropped (`PositionBook.draws`).
 */
import { seededNormal, seededRandom } from "../random";
import { maintenanceAt, type MaintenanceMargin } from "./margin";
import { MARGIN_MODES, type MarginMode, type PositionBook } from "./positions";
import { checkInteger, checkPositive, checkRange } from "./validate";
import { checkOptions, optionKeys } from "../options";

/** One cohort of a generated book. */
export interface CohortSpec {
  name: string;
  /** Share of the rows (positions); shares are normalised over cohorts. */
  share: number;
  /** Share of the open interest (notional); default proportional to the cohort's drawn notional. */
  oiShare?: number;
  /** Fraction of positions that are long; default 0.5. */
  longShare?: number;
  /** Lognormal leverage: median and log-spread; clipped to [min, max]. */
  leverage?: { median?: number; spread?: number; min?: number; max?: number };
  /** Change of log leverage per unit of log size above the median (negative: big positions run lower leverage). */
  sizeElasticity?: number;
  /** Lognormal notional: median (USD, before scaling to `openInterest`) and log-spread. */
  size?: { median?: number; spread?: number };
  /** Log-spread of entry prices around the current price; default 0.02. */
  entrySpread?: number;
  /** Mean of log(entry / price): > 0 for positions opened above today's price; default 0. */
  entryShift?: number;
  /**
   * Prices the positions were opened at (an observed path: the closes of the days before): each
   * entry is one of them, drawn uniformly, times a lognormal of `entrySpread`, instead of
   * `entryShift`.
   */
  entries?: ArrayLike<number>;
  /**
   * With `entries`: the lowest and highest price since each entry, up to now. A position the
   * path since its entry would already have liquidated is redrawn whole, leverage included: the
   * book holds survivors, and `leverage` describes positions when they were opened.
   */
  entryExtremes?: ArrayLike<readonly [number, number]>;
  /** Margin added on top of the initial margin, as a fraction of it; default 0. */
  extraMargin?: number;
  /** Margin mode of the cohort; default "isolated". */
  mode?: MarginMode;
  /** Fraction of positions that are inverse (coin-margined); default 0. */
  inverseShare?: number;
  /** Unified accounts: part of the margin held as a collateral asset instead of USD. */
  collateral?: { asset: string; share?: number; price?: number };
}

/** Options of {@link generatePositions}: how many positions, around which price, in which cohorts, from which seed. */
export interface GeneratePositionsOptions {
  /** Rows to draw. */
  n: number;
  /** Current mark price. */
  price: number;
  /** Seed of the generator; the same seed draws the same book. Default 1. */
  seed?: number;
  /** Total notional (USD at `price`) the book is scaled to; default: as drawn. */
  openInterest?: number;
  /** Traders the rows stand for; default n. */
  traders?: number;
  /**
   * Instead of `traders`: positions one trader holds on average. Sizes (`size.median`) are then
   * real USD, a row of cohort c stands for OI_c / (the cohort's drawn notional) positions, and
   * trader counts follow from the size distribution rather than from a head count.
   */
  positionsPerTrader?: number;
  /** Cohorts; default one cohort "traders" of isolated positions at median 10x. */
  cohorts?: CohortSpec[];
  /** Maintenance margin used to keep starting positions alive; default 0.005. */
  maintenanceMargin?: MaintenanceMargin;
  /** Venue maximum leverage; default 125. */
  maxLeverage?: number;
}

/** Draws of a row's entry (and, with `entryExtremes`, its leverage) before it is dropped as one with no survivor. */
export const MAX_DRAWS = 32;

const GENERATE_POSITIONS_OPTIONS = optionKeys<GeneratePositionsOptions>()("n", "price", "seed", "openInterest", "traders", "positionsPerTrader", "cohorts", "maintenanceMargin", "maxLeverage");
const COHORT_OPTIONS = optionKeys<CohortSpec>()("name", "share", "oiShare", "longShare", "leverage", "sizeElasticity", "size", "entrySpread", "entryShift", "entries", "entryExtremes", "extraMargin", "mode", "inverseShare", "collateral");
const COHORT_LEVERAGE_OPTIONS = optionKeys<NonNullable<CohortSpec["leverage"]>>()("median", "spread", "min", "max");
const COHORT_SIZE_OPTIONS = optionKeys<NonNullable<CohortSpec["size"]>>()("median", "spread");
const COHORT_COLLATERAL_OPTIONS = optionKeys<NonNullable<CohortSpec["collateral"]>>()("asset", "share", "price");

/** A cohort's lognormal leverage for a row whose size draw was `z`, clipped to the cohort's range (first draws and survivors' redraws alike). */
function drawLeverage(c: CohortSpec, z: number, normal: () => number, maxLeverage: number): number {
  const { median = 10, spread = 0.7, min = 1, max = maxLeverage } = c.leverage ?? {};
  const lev = median * Math.exp(spread * normal() + (c.sizeElasticity ?? 0) * (c.size?.spread ?? 1.5) * z);
  return Math.min(max, Math.max(min, lev));
}

/**
 * A seeded synthetic book; see the module comment for the distributions.
 *
 * @example
 *   const book = generatePositions({ n: 100_000, price: 121_700, openInterest: 216e9, seed: 7,
 *     cohorts: [{ name: "retail", share: 0.9, longShare: 0.75, leverage: { median: 20 } },
 *               { name: "funds", share: 0.1, leverage: { median: 3 }, size: { median: 1e6 } }] });
 *   book.length // 100000
 */
export function generatePositions({ n, price, seed = 1, openInterest, traders, positionsPerTrader, cohorts = [{ name: "traders", share: 1 }], maintenanceMargin = 0.005, maxLeverage = 125, ...unknown }: GeneratePositionsOptions): PositionBook {
  checkOptions("generatePositions", unknown, GENERATE_POSITIONS_OPTIONS);
  cohorts.forEach((c, k) => {
    const where = `generatePositions: cohorts[${k}]${c && c.name !== undefined ? ` ("${c.name}")` : ""}`;
    checkOptions(where, c, COHORT_OPTIONS);
    checkOptions(`${where}.leverage`, c.leverage, COHORT_LEVERAGE_OPTIONS);
    checkOptions(`${where}.size`, c.size, COHORT_SIZE_OPTIONS);
    checkOptions(`${where}.collateral`, c.collateral, COHORT_COLLATERAL_OPTIONS);
  });
  checkInteger("generatePositions: n", n, 1);
  checkPositive("generatePositions: price", price);
  if (openInterest !== undefined) checkPositive("generatePositions: openInterest", openInterest);
  if (traders !== undefined) checkPositive("generatePositions: traders", traders);
  if (positionsPerTrader !== undefined) {
    checkPositive("generatePositions: positionsPerTrader", positionsPerTrader);
    if (traders !== undefined) throw new Error("generatePositions: give traders or positionsPerTrader, not both");
  }
  if (!cohorts.length) throw new Error("generatePositions: give at least one cohort");
  const random = seededRandom(seed);
  const normal = seededNormal(random);
  const totalShare = cohorts.reduce((s, c) => s + checkPositive(`generatePositions: cohort "${c.name}" share`, c.share), 0);

  // Rows per cohort, by largest remainder so the counts add up to n exactly.
  const exact = cohorts.map((c) => (n * c.share) / totalShare);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  for (const k of exact.map((e, k) => [e - Math.floor(e), k]).sort((a, b) => b[0] - a[0]).map(([, k]) => k)) if (left-- > 0) counts[k]++;

  const size = new Float64Array(n);
  const entry = new Float64Array(n);
  const leverage = new Float64Array(n);
  const margin = new Float64Array(n);
  const side = new Int8Array(n);
  const contract = new Uint8Array(n);
  const mode = new Uint8Array(n);
  const collateral = new Int16Array(n).fill(-1);
  const collateralAmount = new Float64Array(n);
  const collateralAssets: string[] = [];
  const notional = new Float64Array(n);
  const cohortOf = new Uint16Array(n);

  /** log(entry / price) of a new draw for cohort c; `pick` is the entry drawn (-1 without entries). */
  let pick = -1;
  const picks = new Int32Array(n).fill(-1);
  const zs = new Float64Array(n);
  const logEntryOf = (c: CohortSpec) => {
    const spread = c.entrySpread ?? 0.02;
    if (c.entries) return Math.log(c.entries[(pick = Math.floor(random() * c.entries.length))] / price) + spread * normal();
    return spread * normal() + (c.entryShift ?? 0);
  };
  let i = 0;
  cohorts.forEach((c, k) => {
    const { median: levMedian = 10, spread: levSpread = 0.7, min: levMin = 1, max: levMax = maxLeverage } = c.leverage ?? {};
    const { median: sizeMedian = 10_000, spread: sizeSpread = 1.5 } = c.size ?? {};
    const { longShare = 0.5, sizeElasticity = 0, entrySpread = 0.02, entryShift = 0, extraMargin = 0, inverseShare = 0, mode: cohortMode = "isolated" } = c;
    checkRange(`generatePositions: cohort "${c.name}" longShare`, longShare, 0, 1);
    checkPositive(`generatePositions: cohort "${c.name}" leverage.median`, levMedian);
    checkPositive(`generatePositions: cohort "${c.name}" size.median`, sizeMedian);
    for (const [what, v] of [["leverage.spread", levSpread], ["size.spread", sizeSpread], ["entrySpread", entrySpread], ["extraMargin", extraMargin]] as const) checkRange(`generatePositions: cohort "${c.name}" ${what}`, v, 0, 10);
    checkRange(`generatePositions: cohort "${c.name}" sizeElasticity`, sizeElasticity, -10, 10);
    checkRange(`generatePositions: cohort "${c.name}" entryShift`, entryShift, -1, 1);
    checkRange(`generatePositions: cohort "${c.name}" inverseShare`, inverseShare, 0, 1);
    checkRange(`generatePositions: cohort "${c.name}" leverage.min`, levMin, 1, maxLeverage);
    checkRange(`generatePositions: cohort "${c.name}" leverage.max`, levMax, levMin, maxLeverage);
    if (!MARGIN_MODES.includes(cohortMode)) throw new Error(`generatePositions: cohort "${c.name}" mode must be one of ${MARGIN_MODES.join(", ")}, got ${cohortMode}`);
    if (c.collateral && cohortMode !== "unified") throw new Error(`generatePositions: cohort "${c.name}" has collateral but mode "${cohortMode}" (collateral needs "unified")`);
    if (c.entries !== undefined) {
      if (!(c.entries.length > 0)) throw new Error(`generatePositions: cohort "${c.name}" entries is empty`);
      if (c.entryExtremes && c.entryExtremes.length !== c.entries.length) throw new Error(`generatePositions: cohort "${c.name}" entryExtremes needs one [low, high] per entry (${c.entries.length}), got ${c.entryExtremes.length}`);
      for (let j = 0; j < c.entries.length; j++) checkPositive(`generatePositions: cohort "${c.name}" entries[${j}]`, c.entries[j]);
    }
    if (c.collateral && inverseShare > 0) throw new Error(`generatePositions: cohort "${c.name}" has collateral and inverseShare ${inverseShare}: unified collateral backs linear (USD-margined) positions`);
    for (let j = 0; j < counts[k]; j++, i++) {
      const z = normal();
      zs[i] = z;
      notional[i] = sizeMedian * Math.exp(sizeSpread * z);
      leverage[i] = drawLeverage(c, z, normal, maxLeverage);
      side[i] = random() < longShare ? 1 : -1;
      contract[i] = random() < inverseShare ? 1 : 0;
      mode[i] = MARGIN_MODES.indexOf(cohortMode);
      cohortOf[i] = k;
      // entries drawn after scaling, below
      entry[i] = logEntryOf(c);
      picks[i] = pick;
      margin[i] = extraMargin;
    }
  });

  // Scale notionals to the open interest (per cohort when oiShare is given).
  const drawn = new Float64Array(cohorts.length);
  for (let j = 0; j < n; j++) drawn[cohortOf[j]] += notional[j];
  const totalDrawn = drawn.reduce((a, b) => a + b, 0);
  const target = openInterest ?? totalDrawn;
  const withShare = cohorts.filter((c) => c.oiShare !== undefined);
  const fixed = withShare.reduce((s, c) => s + (c.oiShare as number), 0);
  if (fixed > 1 + 1e-9) throw new Error(`generatePositions: cohort oiShare values add up to ${fixed}, above 1`);
  const restDrawn = cohorts.reduce((s, c, k) => (c.oiShare === undefined ? s + drawn[k] : s), 0);
  const scale = cohorts.map((c, k) => (drawn[k] === 0 ? 0 : c.oiShare !== undefined ? (c.oiShare * target) / drawn[k] : ((1 - fixed) * target) / restDrawn));

  const flat = { rate: maintenanceMargin as number, amount: 0 };
  const redrawn = cohorts.map(() => 0);
  const dropped = cohorts.map(() => 0);
  const droppedUsd = cohorts.map(() => 0);
  const keptUsd = new Float64Array(cohorts.length);
  const keep = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const c = cohorts[cohortOf[j]];
    const usd = notional[j] * scale[cohortOf[j]];
    const inverse = contract[j] === 1;
    let lev = leverage[j];
    const extra = margin[j];
    // flat rates skip the bracket lookup (an object per position)
    const mm = typeof maintenanceMargin === "number" ? flat : maintenanceAt(maintenanceMargin, usd);
    const s = side[j];
    // Redraw an entry that would leave the position past its liquidation price now.
    let logEntry = entry[j];
    pick = picks[j];
    const extremes = c.entryExtremes;
    let e = price;
    let q = 0;
    let w = 0;
    let survived = false;
    for (let attempt = 0; attempt < MAX_DRAWS; attempt++, logEntry = logEntryOf(c)) {
      // A book of survivors: a draw the path since its entry would have liquidated is redrawn
      // whole (leverage too), so leverage describes positions when opened and the survivors of a
      // long slide are the less leveraged ones.
      if (attempt > 0 && extremes) lev = drawLeverage(c, zs[j], normal, maxLeverage);
      e = price * Math.exp(logEntry);
      q = inverse ? usd : usd / price;
      w = ((inverse ? usd / e : q * e) / lev) * (1 + extra);
      // equity - maintenance at today's price (margin.ts's A + B P, inline)
      const A = inverse ? -s * q - mm.rate * q : w + mm.amount - s * q * e;
      const B = inverse ? w + (s * q) / e + mm.amount : s * q - mm.rate * q;
      if (A + B * price > 0 && (!extremes || pick < 0 || A + B * extremes[pick][s > 0 ? 0 : 1] > 0)) {
        survived = true;
        if (attempt > 0) redrawn[cohortOf[j]]++;
        break;
      }
    }
    if (!survived) {
      // No draw survives: the row is dropped (a position opened at today's price instead would
      // add fresh positions the distributions do not describe).
      dropped[cohortOf[j]]++;
      droppedUsd[cohortOf[j]] += usd;
      continue;
    }
    keep[j] = 1;
    keptUsd[cohortOf[j]] += usd;
    entry[j] = e;
    size[j] = q;
    margin[j] = w;
    leverage[j] = lev;
    if (c.collateral) {
      const { asset, share = 1, price: assetPrice = 1 } = c.collateral;
      checkRange(`generatePositions: cohort "${c.name}" collateral.share`, share, 0, 1);
      if (!collateralAssets.includes(asset)) collateralAssets.push(asset);
      collateral[j] = collateralAssets.indexOf(asset);
      collateralAmount[j] = (w * share) / assetPrice;
      margin[j] = w * (1 - share);
    }
  }
  const names = cohorts.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`generatePositions: cohort names must differ, got ${names.join(", ")}`);
  // Rows dropped: the cohort's other rows carry its open interest (an input), scaled up in
  // proportion; positions scale with their margin, so their liquidation prices stay (flat
  // maintenance rates; with brackets a larger position can move to a higher rate: checked).
  const grow = cohorts.map((_, k) => (dropped[k] > 0 && keptUsd[k] > 0 ? (keptUsd[k] + droppedUsd[k]) / keptUsd[k] : 1));
  let m = 0;
  for (let j = 0; j < n; j++) {
    if (!keep[j]) continue;
    const k = cohortOf[j];
    const f = grow[k];
    if (f !== 1) {
      size[j] *= f;
      margin[j] *= f;
      collateralAmount[j] *= f;
      if (typeof maintenanceMargin !== "number") {
        const inverse = contract[j] === 1;
        const usd = inverse ? size[j] : size[j] * price;
        const mm = maintenanceAt(maintenanceMargin, usd);
        const [s, q, e, w] = [side[j], size[j], entry[j], margin[j] + (collateral[j] >= 0 ? collateralAmount[j] * (cohorts[k].collateral?.price ?? 1) : 0)];
        const A = inverse ? -s * q - mm.rate * q : w + mm.amount - s * q * e;
        const B = inverse ? w + (s * q) / e + mm.amount : s * q - mm.rate * q;
        if (!(A + B * price > 0)) throw new Error(`generatePositions: cohort "${cohorts[k].name}": row ${j}, scaled up by ${f.toFixed(4)} to carry the open interest of ${dropped[k]} dropped rows, falls in a maintenance bracket that liquidates it at the start price; draw more rows (n) or give a flat maintenance margin`);
      }
    }
    if (m !== j) {
      size[m] = size[j], entry[m] = entry[j], leverage[m] = leverage[j], margin[m] = margin[j], side[m] = side[j], mode[m] = mode[j];
      contract[m] = contract[j], collateral[m] = collateral[j], collateralAmount[m] = collateralAmount[j], cohortOf[m] = cohortOf[j];
    }
    m++;
  }
  if (m === 0) throw new Error(`generatePositions: no row survives the path since its entry in ${MAX_DRAWS} draws; the cohorts' leverage and entries describe no book that is still open`);
  for (let k = 0; k < cohorts.length; k++) {
    if (dropped[k] > 0 && keptUsd[k] === 0) throw new Error(`generatePositions: cohort "${cohorts[k].name}": none of its ${dropped[k]} rows survives the path since its entry in ${MAX_DRAWS} draws`);
  }
  const cut = <T extends Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array>(a: T): T => (m === n ? a : (a.slice(0, m) as T));
  // Valid by construction (sizes, entries and margins positive, leverage clipped to its range),
  // so the columns become the book directly: positionBook's per-row checks and string codes
  // would double the cost of a Monte Carlo run.
  const book: PositionBook = {
    length: m,
    size: cut(size),
    entry: cut(entry),
    leverage: cut(leverage),
    margin: cut(margin),
    side: cut(side),
    mode: cut(mode),
    contract: cut(contract),
    collateral: cut(collateral),
    collateralAmount: cut(collateralAmount),
    account: Int32Array.from({ length: m }, (_, i) => i),
    cohort: cut(cohortOf),
    cohorts: names,
    collateralAssets,
    tradersPerPosition: (traders ?? m) / m,
    draws: { redrawn, dropped, droppedNotional: droppedUsd },
  };
  // A row of cohort c carries scale[c] times its drawn notional (grow[c] times that once rows
  // were dropped): it stands for that many positions of its drawn size.
  if (positionsPerTrader !== undefined) book.tradersByCohort = Float64Array.from(scale, (s, k) => (s * grow[k]) / positionsPerTrader);
  return book;
}
