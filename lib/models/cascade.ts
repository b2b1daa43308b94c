/**
 * The liquidation-cascade engine: an exogenous shock or sell program moves the price; positions
 * whose liquidation point is crossed are closed by market orders into the current (possibly
 * withdrawn) book; their flow moves the price further; the insurance fund takes the losses
 * beyond bankruptcy prices and auto-deleveraging covers what it cannot; unified-account
 * collateral is marked at an index that can depeg; loans liquidate at their LTV threshold;
 * treasury companies stop buying below mNAV 1 and sell on a slow time scale.
 *
 * One step of `dt` minutes:
 * 1. units crossed at the mark P (start of the step) are taken over by the liquidation engine
 *    (static units by sweeping their buckets of liquidation price; units with depegging
 *    collateral by a scan while an index moves, by sweeping lists sorted at the current index
 *    once it has been still for ten steps);
 * 2. their orders and the sell programs hit the book, which refills over the step: the consumed
 *    depth K follows dK/dt = flow - rate K (`consumedAfter`); the mark at the step's end is the
 *    reference price moved by the distance K reaches in the withdrawn book (`withdrawnDistance`,
 *    the transient impact) and by the square-root law on the cumulative net flow, treasuries'
 *    included (`squareRootImpact`, the permanent impact);
 * 3. liquidated orders fill at the step's average price X = (P + P_end) / 2; each unit's equity
 *    at X goes to the insurance fund (positive: the remaining margin) or is paid by it; a fund
 *    left negative hands the unfunded share of bankrupt positions to ADL, which closes opposite
 *    positions at X, and that share leaves the book flow (one correction of P_end);
 *    a unified account whose USD balance is negative has its collateral sold on the venue's own
 *    book for that asset, which moves the collateral's venue index;
 * 4. market makers mark their absorbed inventory, update realized volatility and capital, and
 *    withdraw or return (`marketMakerWithdrawal`); collateral indices and treasuries step.
 *
 * Liquidation engines take about one step to act, so a cascade unfolds over several steps, as
 * Oct 10's did over 40 minutes. Cost: O(n) to build and bucket units, O(1) per crossed unit (the
 * per-unit loops live in cascade-batch.ts), O(b) per step for the bucket the mark stops in,
 * O(d) per step while a collateral index moves (d units with depegging collateral), O(n) per
 * ADL re-ranking (a scan and a selection; see adl.ts).
 */
import { createAdl, createAdlReference } from "./adl";
import { argsort } from "./argsort";
import { collateralIndex } from "./collateral";
import { programFlow, referenceAt, resolveOptions, type CascadeOptions, type WithdrawalModel } from "./cascade-options";
import { Batch, DynamicUnits, LOAN, makeOrders, scanDynamic, settle, SweepCursor, sweepTo } from "./cascade-batch";
import { buildUnits } from "./cascade-units";
import { CAUSES, EventLog, eventsFrame, medianMinute, type Cause, type LiquidationEvents, type Tally } from "./events";
import { consumedAfter } from "./impact";
import { withdrawnDepth, withdrawnDistance } from "./order-book";
import { treasuryCompany } from "./treasury";
import { marketMakerWithdrawal, type MarketMakerWithdrawalOptions } from "./withdrawal";
import { Frame } from "../frame";

export interface CascadeTotals {
  /** Forced liquidations of positions (causes "price" and "collateral"): what public tallies count. */
  liquidated: Tally;
  byCause: Record<Cause, Tally>;
  /** Per cohort, with the minute by which half its USD had been liquidated (or sold, for treasuries). */
  byCohort: Record<string, Tally & { medianMinute: number }>;
  /** USD of positions closed by auto-deleveraging. */
  adl: number;
  insuranceFund: { start: number; end: number; received: number; paid: number };
  /** Losses beyond the fund that ADL could not cover either (no profitable opposite positions left). */
  uncovered: number;
  /** Loan debt above the collateral's value when liquidated. */
  badDebt: number;
  /** USD into the book: liquidation sales and purchases, sell programs; USD that ADL took over instead. */
  flow: { liquidationSold: number; liquidationBought: number; program: number; takenOverByAdl: number };
  minPrice: number;
  /** Largest fall from the start price, as a fraction. */
  maxDrawdown: number;
}

export interface CascadeResult {
  /** Minutes from the start, steps + 1 values; the paths below share it. */
  time: Float64Array;
  price: Float64Array;
  reference: Float64Array;
  /** USD of bids within 1 % of the mark, after withdrawal. */
  depth: Float64Array;
  /** Share of normal depth market makers keep quoting. */
  withdrawal: Float64Array;
  insuranceFund: Float64Array;
  /** Index / fair value of each collateral asset. */
  collateralIndex: Record<string, Float64Array>;
  /** USD liquidated (causes price and collateral) in each step (steps values). */
  liquidations: Float64Array;
  /** USD of events in each step by cohort (all causes). */
  cohortSeries: Record<string, Float64Array>;
  events: LiquidationEvents;
  cohorts: string[];
  totals: CascadeTotals;
  /** The events as a Frame: time (minutes), account, cohort, cause, side, quantity, notional, price. */
  eventsFrame(): Frame;
  /** The paths as a Frame: time (minutes), price, reference, depth, withdrawal, insuranceFund, one column per collateral index. */
  pathFrame(): Frame;
}

/** Steps a collateral index must stay still before units with that collateral are sorted again. */
const SETTLE_STEPS = 10;
const ADL = CAUSES.indexOf("adl");
const LTV = CAUSES.indexOf("ltv");
const TREASURY = CAUSES.indexOf("treasury");

/** The market-maker part of a withdrawal model (without the engine's own keepBeyond and inventoryHalfLife). */
function marketMakerPart({ keepBeyond: _keepBeyond, inventoryHalfLife: _inventoryHalfLife, ...model }: WithdrawalModel): MarketMakerWithdrawalOptions {
  return model;
}

/**
 * Runs one cascade (see the module comment). The same options give the same result.
 *
 * @example
 *   const book = generatePositions({ n: 100_000, price: 121_700, openInterest: 216e9, seed: 1 });
 *   const r = simulateCascade({ book, price: 121_700, depth: 150e6, shocks: [{ at: 10, drop: 0.08, over: 30 }], withdrawal: 0.9 });
 *   r.totals.liquidated // { events, traders, notional }
 */
export function simulateCascade(options: CascadeOptions): CascadeResult {
  return runCascade(options, "sweep");
}

/**
 * The engine with a choice of detection: "sweep" (buckets of liquidation price) or "scan" (every
 * unit every step, the naive way); and of ADL engine: "lazy" (`createAdl`, the queue sorted a
 * chunk at a time; the sweep's default) or "reference" (`createAdlReference`, every profitable
 * position sorted at each ranking; the scan's default).
 */
export function runCascade(options: CascadeOptions, detection: "sweep" | "scan", adlEngine: "lazy" | "reference" = detection === "sweep" ? "lazy" : "reference"): CascadeResult {
  const o = resolveOptions(options);
  const units = buildUnits(o);
  const { steps, dt, price: P0, depth, loans } = o;
  const { L, state, reduced, kind, longs, shorts, dynamic, assets, rows } = units;
  const m = new Float64Array(assets.length).fill(1);
  const indices = assets.map((a) => (a.moving ? collateralIndex(o.collateral[a.name]) : undefined));
  const collateralSold = new Float64Array(assets.length);
  let stillSteps = 0; // steps since a collateral index last moved

  const unitValue = (g: number, P: number, mult: number) => assets[g].price * mult * (assets[g].beta === 1 ? P / P0 : 1);
  /** The maintenance condition of a unit with depegging collateral, its index at `mult`. */
  const condition = (u: number, P: number, mult: number) => units.condition(u, P, unitValue(units.asset(u), P, mult));
  const equityOf = (u: number, P: number, f: number) => {
    const g = units.asset(u);
    return f * (units.usd(u, P) + (g >= 0 ? units.c0(u) * unitValue(g, P, m[g]) : 0));
  };
  const equity = (u: number, P: number) => equityOf(u, P, units.fracOf(u));

  const time = new Float64Array(steps + 1);
  const price = new Float64Array(steps + 1);
  const reference = new Float64Array(steps + 1);
  const depthPath = new Float64Array(steps + 1);
  const withdrawalPath = new Float64Array(steps + 1);
  const fundPath = new Float64Array(steps + 1);
  const indexPaths = assets.map(() => new Float64Array(steps + 1).fill(1));
  const liquidations = new Float64Array(steps);

  const { keepBeyond, inventoryHalfLife } = o.withdrawal;
  const withdraw = o.withdrawal.model ? marketMakerWithdrawal(marketMakerPart(o.withdrawal.model)) : undefined;
  let w = 1 - o.withdrawal.fixed;
  const distance = (K: number) => (K >= 0 ? Math.min(0.99, withdrawnDistance(depth.bid, K, { factor: w, keepBeyond })) : -withdrawnDistance(depth.ask, -K, { factor: w, keepBeyond }));
  const rate = Math.LN2 / o.resilience;
  const treasurers = o.treasuries.map((t) => treasuryCompany(t, P0));
  const treasuryCohort = o.treasuries.map((t) => units.cohorts.indexOf(t.cohort ?? "treasuries"));
  const treasuryDay = o.treasuries.map(() => ({ coins: 0, usd: 0 }));
  const slow = o.permanentImpact;
  // Room for every unit to be liquidated once: the pages of columns nobody writes are never
  // touched (zero-filled on demand), and growing by copying past half a million events costs more.
  const log = new EventLog(units.cohorts, steps, o.recordEvents, units.n + 1024);
  const cohortOf = units.cohortOf;
  const adl = adlEngine === "lazy" ? createAdl(units, o.venue.adl, o.venue.adlRerank, equity, o.book) : createAdlReference(units, o.venue.adl, o.venue.adlRerank, equity);
  const adlSeen = new Uint8Array(units.n);

  let Ktrans = 0;
  let fund = o.venue.insuranceFund;
  let inventory = 0; // base units market makers absorbed and still hold
  let netSold = 0; // USD sold into the market (net of purchases) so far, for the square-root law
  const totals = { adl: 0, received: 0, paid: 0, uncovered: 0, badDebt: 0, sold: 0, bought: 0, program: 0, takenOver: 0, minPrice: P0 };
  price[0] = reference[0] = P0;
  depthPath[0] = withdrawnDepth(depth.bid, 0.01, { factor: w, keepBeyond });
  withdrawalPath[0] = w;
  fundPath[0] = fund;

  // The square-root law on the cumulative net sale (squareRootImpact, inlined: called twice a step).
  const impactScale = slow.Y * slow.dailyVolatility;
  const permanent = (q: number) => (q === 0 ? 0 : Math.sign(q) * Math.min(0.9, impactScale * Math.sqrt(Math.abs(q) / slow.dailyVolume)));
  let reference0 = P0;
  let S = P0;
  /** The mark at the end of the step if `f` USD is sold over it. */
  const priceAfter = o.feedback
    ? (f: number) => (S = reference0 * (1 - permanent(netSold + f))) * (1 - distance(consumedAfter(Ktrans, f, rate, dt)))
    : () => (S = reference0);

  // the units a step takes over, the sweep's place on each side, the units with depegging collateral
  const b = new Batch(units.n);
  const longCursor = new SweepCursor(longs);
  const shortCursor = new SweepCursor(shorts);
  const dyn = new DynamicUnits(dynamic, units);
  const value = new Float64Array(assets.length);
  let P = P0;
  /** Whether a position with depegging collateral is liquidated because of it (it would survive at fair collateral). */
  const collateralCause = (u: number) => condition(u, P, 1) > 0;
  let dynLongs = new Uint32Array(0);
  let dynShorts = new Uint32Array(0);
  let dlp = 0;
  let dsp = 0;
  let dynSorted = false;

  /** Sorts the live units with depegging collateral by their liquidation price at the current indices. */
  const sortDynamic = () => {
    const ls: number[] = [];
    const ss: number[] = [];
    for (const u of dynamic) {
      if (state[u] === 2) continue;
      const g = units.asset(u);
      const a = assets[g];
      const value = units.c(u) * a.price * m[g];
      const Ae = units.A(u) + (a.beta === 1 ? 0 : value);
      const Be = units.B(u) + (a.beta === 1 ? value / P0 : 0);
      if (Be === 0) continue; // the price cannot liquidate it; an index move can (scanned then)
      L[u] = -Ae / Be;
      (Be > 0 ? ls : ss).push(u);
    }
    dynLongs = sortBy(L, ls, true);
    dynShorts = sortBy(L, ss, false);
    dlp = dsp = 0;
    dynSorted = true;
  };

  /** A loan's liquidation: its collateral is sold to cover the debt plus the venue's bonus; returns the USD sold on this book. */
  const loanOrder = (u: number, step: number, t: number, P: number): number => {
    const j = u - rows;
    const g = units.loanAsset[j];
    const value = g < 0 ? P : unitValue(g, P, assets[g].moving ? m[g] : 1);
    const amount = loans!.collateralAmount[j];
    const debt = loans!.debt[j];
    const coins = Math.min(amount, (debt * (1 + o.venue.loanBonus)) / value);
    const usd = coins * value;
    totals.badDebt += Math.max(0, debt - amount * value);
    // The event's quantity is in the underlying's units like every other event's (notional / mark):
    // coins of another collateral asset would add, say, USDe to BTC in the tallies.
    log.push(step, t, u, cohortOf(u), 1, usd / P, usd, P, LTV, 1);
    if (g < 0 || (!assets[g].moving && assets[g].beta === 1)) return (totals.sold += usd), usd;
    if (assets[g].moving) collateralSold[g] += usd;
    return 0;
  };

  for (let step = 0; step < steps; step++) {
    const t = step * dt;
    b.clear();
    // 1. detection
    if (detection === "sweep") {
      sweepTo(longCursor, L, P, b);
      sweepTo(shortCursor, L, P, b);
      if (dynamic.length) {
        // Scan while an index moves (sorting each time would cost more); sort once it has settled.
        if (stillSteps < SETTLE_STEPS) {
          for (let g = 0; g < assets.length; g++) value[g] = unitValue(g, P, m[g]);
          scanDynamic(dyn, state, P, value, b);
          dynSorted = false;
        } else {
          if (!dynSorted) sortDynamic();
          for (; dlp < dynLongs.length && L[dynLongs[dlp]] >= P; dlp++) b.take(dynLongs[dlp]);
          for (; dsp < dynShorts.length && L[dynShorts[dsp]] <= P; dsp++) b.take(dynShorts[dsp]);
        }
      }
    } else {
      for (let u = 0; u < units.n; u++) {
        if (state[u] === 2) continue;
        const k = kind[u];
        if ((k === 1 && L[u] >= P) || (k === -1 && L[u] <= P) || (k === 2 && condition(u, P, m[units.asset(u)]) <= 0)) b.take(u);
      }
    }

    // 2. orders of the taken-over units: positions' market orders, then loans' collateral sales
    makeOrders(b, units, o.book, log, step, t, P, collateralCause);
    liquidations[step] += b.sold + b.bought;
    totals.sold += b.sold;
    totals.bought += b.bought;
    let sold = b.sold - b.bought;
    for (let k = 0; k < b.specialCount; k++) {
      const e = b.special[k];
      if (b.asset[e] === LOAN) sold += loanOrder(b.ids[e], step, t, P);
    }
    const program = programFlow(o, step);
    totals.program += program;
    let flow = sold + program;

    // treasuries: slow flows, priced by the square-root law on the reference
    for (let k = 0; k < treasurers.length; k++) {
      const coins = treasurers[k](t, P, dt);
      netSold -= coins * P;
      if (coins < 0) (treasuryDay[k].coins -= coins), (treasuryDay[k].usd -= coins * P);
      const dayEnds = Math.floor((t + dt) / 1440) > Math.floor(t / 1440) || step === steps - 1;
      if (dayEnds && treasuryDay[k].coins > 0) {
        // the day's sales at their average price (coins were sold at each step's mark)
        log.push(step, t, -1 - k, treasuryCohort[k], 1, treasuryDay[k].coins, treasuryDay[k].usd, treasuryDay[k].usd / treasuryDay[k].coins, TREASURY, 1);
        treasuryDay[k].coins = treasuryDay[k].usd = 0;
      }
    }
    reference0 = referenceAt(o, step + 1);
    let Pend = priceAfter(flow);
    // A replayed mark already holds the market's impact; the orders' own walk through the book
    // is what their fills lose beyond it.
    const X = o.feedback ? (P + Pend) / 2 : ((P + Pend) / 2) * (1 - distance(consumedAfter(Ktrans, flow, rate, dt)));

    // 3. insurance fund, then ADL for what it cannot pay
    settle(b, X);
    for (let k = 0; k < b.specialCount; k++) {
      const e = b.special[k];
      const g = b.asset[e];
      if (g === LOAN) continue;
      const u = b.ids[e];
      const f = b.frac[e];
      const eq = equityOf(u, X, f);
      if (assets[g].moving) {
        // A unified account left with a negative USD balance: the venue sells its collateral on
        // its own book to cover it, pushing that book's index down (the depeg spiral).
        const usd = f * units.usd(u, X);
        if (usd < 0) collateralSold[g] += Math.min(-usd, f * units.c0(u) * unitValue(g, X, m[g]));
      }
      if (eq >= 0) b.received += eq;
      else {
        b.paid -= eq;
        if (b.notional[e] > 0) b.bankruptLong += b.notional[e];
        else b.bankruptShort -= b.notional[e];
      }
    }
    fund += b.received - b.paid;
    totals.received += b.received;
    totals.paid += b.paid;
    const { bankruptLong, bankruptShort, paid: deficit } = b;
    if (fund < 0) {
      const shortfall = -fund;
      fund = 0;
      const share = Math.min(1, shortfall / deficit);
      const record = (v: number, usd: number, side: 1 | -1) => {
        totals.adl += usd;
        log.push(step, t, v, cohortOf(v), side, usd / X, usd, X, ADL, adlSeen[v] ? 0 : units.traders(v));
        adlSeen[v] = 1;
      };
      const againstLongs = adl.execute(-1, share * bankruptLong, X, record);
      const againstShorts = adl.execute(1, share * bankruptShort, X, record);
      const wanted = share * (bankruptLong + bankruptShort);
      if (wanted > 0) totals.uncovered += shortfall * (1 - (againstLongs + againstShorts) / wanted);
      totals.takenOver += againstLongs + againstShorts;
      flow -= againstLongs - againstShorts;
      Pend = priceAfter(flow);
    }
    netSold += flow;
    Ktrans = consumedAfter(Ktrans, flow, rate, dt);

    // 4. market makers, collateral indices, records
    const mmPnl = inventory * (Pend - P);
    inventory = inventory * Math.pow(2, -dt / inventoryHalfLife) + flow / X;
    if (withdraw) w = withdraw(Math.log(Pend / P), mmPnl, dt);
    stillSteps++;
    for (let g = 0; g < assets.length; g++) {
      const index = indices[g];
      if (!index) continue;
      const v = index(t + dt, collateralSold[g], dt);
      collateralSold[g] = 0;
      if (v !== m[g]) (m[g] = v), (stillSteps = 0);
      indexPaths[g][step + 1] = v;
    }
    P = Pend;
    if (P < totals.minPrice) totals.minPrice = P;
    time[step + 1] = t + dt;
    price[step + 1] = P;
    reference[step + 1] = S;
    depthPath[step + 1] = withdrawnDepth(depth.bid, 0.01, { factor: w, keepBeyond });
    withdrawalPath[step + 1] = w;
    fundPath[step + 1] = fund;
  }

  const bookAccount = o.book.account;
  const events = log.finish((r) => (r < 0 ? r : r < rows ? bookAccount[r] : loans!.account[r - rows]));
  const byCohort: CascadeTotals["byCohort"] = {};
  const cohortSeries: Record<string, Float64Array> = {};
  const cohortTallies = log.byCohort;
  units.cohorts.forEach((name, k) => {
    byCohort[name] = { ...cohortTallies[k], medianMinute: medianMinute(log.series[k], dt) };
    cohortSeries[name] = log.series[k];
  });
  const { price: byPrice, collateral: byCollateral } = log.byCause;
  return {
    time,
    price,
    reference,
    depth: depthPath,
    withdrawal: withdrawalPath,
    insuranceFund: fundPath,
    collateralIndex: Object.fromEntries(assets.map((a, g) => [a.name, indexPaths[g]])),
    liquidations,
    cohortSeries,
    events,
    cohorts: units.cohorts,
    totals: {
      liquidated: { events: byPrice.events + byCollateral.events, traders: byPrice.traders + byCollateral.traders, notional: byPrice.notional + byCollateral.notional, quantity: byPrice.quantity + byCollateral.quantity },
      byCause: log.byCause,
      byCohort,
      adl: totals.adl,
      insuranceFund: { start: o.venue.insuranceFund, end: fund, received: totals.received, paid: totals.paid },
      uncovered: totals.uncovered,
      badDebt: totals.badDebt,
      flow: { liquidationSold: totals.sold, liquidationBought: totals.bought, program: totals.program, takenOverByAdl: totals.takenOver },
      minPrice: totals.minPrice,
      maxDrawdown: 1 - totals.minPrice / P0,
    },
    eventsFrame: () => eventsFrame(events, units.cohorts),
    pathFrame: () => Frame.fromColumns({ time, price, reference, depth: depthPath, withdrawal: withdrawalPath, insuranceFund: fundPath, ...Object.fromEntries(assets.map((a, g) => [`index_${a.name}`, indexPaths[g]])) }),
  };
}

function sortBy(keys: Float64Array, ids: number[], descending: boolean): Uint32Array {
  return argsort(keys, { subset: Uint32Array.from(ids), descending });
}
