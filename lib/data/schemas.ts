/**
 * The schemas of the market data the library loads and the snapshot holds: names, types,
 * units and a line of documentation per column. Times are epoch milliseconds UTC; money is in
 * the quote currency (USD or a USD stablecoin) unless the unit says otherwise.
 */
import type { Frame } from "../frame";
import type { FieldSpec, Schema, ValidationError } from "./schema";

const TIME: FieldSpec = { name: "time", type: "time", unit: "ms since epoch (UTC)", doc: "when: a bar's open, an event's moment, a day's start", nullable: false };
const time = (doc: string): FieldSpec => ({ ...TIME, doc });
const usd = (name: string, doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, type: "number", unit: "USD", doc, ...extra });
const optional = (f: FieldSpec): FieldSpec => ({ ...f, required: false });

/** Candles: each bar's high is at least its open and close, its low at most. */
function ohlcConsistent(frame: Frame): ValidationError[] {
  const [o, h, l, c] = ["open", "high", "low", "close"].map((n) => frame.numbers(n));
  for (let i = 0; i < frame.length; i++) {
    if (h[i] < Math.max(o[i], c[i])) return [{ column: "high", row: i, message: `column high, row ${i}: ${h[i]} is below the bar's open or close` }];
    if (l[i] > Math.min(o[i], c[i])) return [{ column: "low", row: i, message: `column low, row ${i}: ${l[i]} is above the bar's open or close` }];
  }
  return [];
}

/** Rows in time order. */
function timeOrdered(frame: Frame): ValidationError[] {
  const t = frame.numbers("time");
  for (let i = 1; i < t.length; i++) if (t[i] < t[i - 1]) return [{ column: "time", row: i, message: `column time, row ${i}: earlier than row ${i - 1} (rows must be in time order)` }];
  return [];
}

const price = (name: string, doc: string): FieldSpec => ({ name, type: "number", unit: "USD per base unit", doc, min: 0 });

/**
 * Every schema by name.
 *
 * @example
 *   validate(await loadCandles({ symbol: "BTC/USDT", from, to }), SCHEMAS.candles) // []
 *   describeSchema(SCHEMAS.treasuryHoldings) // the columns, their units and docs
 */
export const SCHEMAS = {
  candles: {
    name: "candles",
    doc: "OHLCV bars of one market, one row per bar, in time order",
    columns: [time("the bar's open"), price("open", "first trade price of the bar"), price("high", "highest trade price"), price("low", "lowest trade price"), price("close", "last trade price"), optional({ name: "volume", type: "number", unit: "base units", doc: "amount traded in the bar, in the base currency (BTC for BTC/USDT)", min: 0 })],
    checks: [ohlcConsistent, timeOrdered],
  },
  trades: {
    name: "trades",
    doc: "public trades of one market, one row per fill",
    columns: [time("the trade's moment"), price("price", "fill price"), { name: "amount", type: "number", unit: "base units", doc: "size in the base currency", min: 0 }, { name: "side", type: "string", unit: "taker side", doc: "buy: the taker bought (lifted an ask); sell: the taker sold", values: ["buy", "sell"] }, optional({ name: "id", type: "string", unit: "", doc: "the venue's trade id" })],
    checks: [timeOrdered],
  },
  liquidations: {
    name: "liquidations",
    doc: "forced orders, one row per liquidation (venue streams, public histories, captures)",
    columns: [time("when the forced order traded"), optional({ name: "symbol", type: "string", unit: "ccxt symbol", doc: "the market, e.g. BTC/USDT:USDT" }), { name: "side", type: "string", unit: "position side", doc: "the position liquidated: long (a forced sell) or short (a forced buy)", values: ["long", "short"] }, price("price", "fill (or order) price of the forced order"), { name: "amount", type: "number", unit: "base units", doc: "size in the base currency", min: 0 }, usd("usd", "value in the quote currency: price x amount", { min: 0 }), optional({ name: "exchange", type: "string", unit: "ccxt id", doc: "the venue" })],
  },
  liquidationAggregates: {
    name: "liquidation aggregates",
    doc: "liquidations summed per interval (across venues or for one), as aggregators publish them",
    columns: [time("the interval's start"), usd("long_usd", "longs liquidated in the interval", { min: 0 }), usd("short_usd", "shorts liquidated in the interval", { min: 0 }), optional(usd("total_usd", "long_usd + short_usd", { min: 0 })), optional({ name: "exchange", type: "string", unit: "", doc: "the venue, or 'all' for an aggregate across venues" })],
    checks: [timeOrdered],
  },
  openInterest: {
    name: "open interest",
    doc: "open interest of a perpetual or future, sampled per interval",
    columns: [time("the sample's time"), { name: "open_interest", type: "number", unit: "contracts or base units (as the venue reports)", doc: "positions open", min: 0 }, optional(usd("open_interest_usd", "their value in the quote currency", { min: 0 }))],
    checks: [timeOrdered],
  },
  funding: {
    name: "funding",
    doc: "funding rates of a perpetual: what longs pay shorts (negative: shorts pay longs) each interval",
    columns: [time("the funding settlement"), { name: "funding_rate", type: "number", unit: "fraction per interval", doc: "0.0001 = 0.01 % of the position's value per interval" }, optional({ name: "interval_hours", type: "number", unit: "hours", doc: "hours between settlements (8 on most venues)", min: 0 })],
    checks: [timeOrdered],
  },
  orderBookSnapshots: {
    name: "order-book snapshots",
    doc: "price levels of order books, one row per level per snapshot",
    columns: [time("when the book was taken"), { name: "side", type: "string", unit: "", doc: "bid (buy orders) or ask (sell orders)", values: ["bid", "ask"] }, price("price", "the level's price"), { name: "amount", type: "number", unit: "base units", doc: "resting size at the level", min: 0 }],
  },
  depthBands: {
    name: "depth bands",
    doc: "order-book depth within bands of the mid (0.5, 1, 2, 5, 10 %), per snapshot",
    columns: [time("when the book was taken"), { name: "band_pct", type: "number", unit: "percent of the mid", doc: "the band: 1 is within 1 % of the mid", min: 0, max: 100 }, usd("bid_usd", "bids within the band", { min: 0 }), usd("ask_usd", "asks within the band", { min: 0 }), optional(usd("total_usd", "bid_usd + ask_usd", { min: 0 }))],
  },
  etfFlows: {
    name: "ETF flows",
    doc: "daily net creations (inflows) and redemptions (outflows) of spot crypto ETFs",
    columns: [time("the US trading day"), { name: "fund", type: "string", unit: "ticker", doc: "the fund (IBIT, FBTC...) or 'total'" }, usd("flow_usd", "net flow: positive in, negative out"), optional(usd("aum_usd", "assets under management at the close", { min: 0 })), optional({ name: "holdings", type: "number", unit: "coins", doc: "coins held", min: 0 })],
  },
  treasuryHoldings: {
    name: "treasury holdings",
    doc: "digital-asset treasury companies (DATs): coins held and the share data to value them (mNAV)",
    columns: [
      time("the date the figures hold"),
      { name: "company", type: "string", unit: "", doc: "the company" },
      optional({ name: "ticker", type: "string", unit: "", doc: "its stock ticker" }),
      { name: "asset", type: "string", unit: "", doc: "the coin held (BTC, ETH...)" },
      { name: "holdings", type: "number", unit: "coins", doc: "coins held", min: 0 },
      optional({ name: "shares_outstanding", type: "number", unit: "shares", doc: "basic shares outstanding", min: 0 }),
      optional({ name: "diluted_shares", type: "number", unit: "shares", doc: "shares after conversions and options", min: 0 }),
      optional({ name: "share_price", type: "number", unit: "USD per share", doc: "the stock's close", min: 0 }),
      optional(usd("market_cap_usd", "shares x share price", { min: 0 })),
      optional(usd("debt_usd", "debt, convertibles at face", { min: 0 })),
      optional(usd("preferred_usd", "preferred stock at liquidation value", { min: 0 })),
      optional(usd("cash_usd", "cash and equivalents", { min: 0 })),
      optional({ name: "mnav", type: "number", unit: "ratio", doc: "market cap (or enterprise value) over coin value", min: 0 }),
    ],
  },
  crossAssetCloses: {
    name: "cross-asset closes",
    doc: "daily closes of other markets (equity indices, gold, dollar) to set beside crypto",
    columns: [time("the trading day"), { name: "asset", type: "string", unit: "", doc: "S&P 500, gold futures, Nikkei 225..." }, { name: "close", type: "number", unit: "index points or USD", doc: "the close", min: 0 }, optional({ name: "currency", type: "string", unit: "ISO 4217", doc: "the close's currency, for prices" })],
  },
  macroSeries: {
    name: "macro series",
    doc: "economic releases and market-implied odds, one row per observation",
    columns: [time("the observation (or release) date"), { name: "series", type: "string", unit: "", doc: "what is measured: nonfarm_payrolls, fed_cut_odds_dec..." }, { name: "value", type: "number", unit: "see unit", doc: "the figure" }, { name: "unit", type: "string", unit: "", doc: "its unit: thousands of jobs, percent..." }, optional({ name: "source", type: "string", unit: "", doc: "the publisher" })],
  },
} satisfies Record<string, Schema>;

export type SchemaName = keyof typeof SCHEMAS;
