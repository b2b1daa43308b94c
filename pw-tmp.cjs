const { DuckDBInstance } = require("@duckdb/node-api");
const N = Number(process.argv[2] || 10e6);
(async () => {
  const dir = "/tmp/t17-trades"; require("fs").rmSync(dir, { recursive: true, force: true });
  const inst = await DuckDBInstance.create(":memory:", { memory_limit: "1GB", threads: "2" });
  const c = await inst.connect();
  let s = performance.now();
  const T0 = Date.UTC(2025, 9, 1);
  const span = 30 * 86400000;
  await c.run(`COPY (
    select 'BTCUSDT' as symbol,
      make_timestamptz(((${T0} + (i * ${span}::bigint) // ${N}) * 1000)::bigint) as time,
      round(100000 + 8000 * sin(i / ${N} * 12.0) + ((hash(i, 11) % 1000000) / 1000000.0 - 0.5) * 200, 1) as price,
      round(((hash(i, 12) % 1000000) / 1000000.0) * 2, 4) as qty,
      case when hash(i, 13) % 2 = 0 then 'buy' else 'sell' end as side,
      (hash(i, 14) % 100 = 0) as liquidation,
      strftime(make_timestamptz(((${T0} + (i * ${span}::bigint) // ${N}) * 1000)::bigint), '%Y-%m-%d') as day
    from range(${N}) t(i)
  ) TO '${dir}' (FORMAT parquet, PARTITION_BY (symbol, day))`);
  console.log("gen", (performance.now() - s).toFixed(0));
  s = performance.now();
  const r = await c.runAndReadAll(`select count(*) from (select time_bucket(interval 1 minute, time) t, arg_min(price, time) o, max(price) h, min(price) l, arg_max(price, time) c, sum(qty) v from read_parquet('${dir}/**/*.parquet', hive_partitioning = true) group by 1)`);
  console.log("candles", (performance.now() - s).toFixed(0), r.getRows());
  s = performance.now();
  const r2 = await c.runAndReadAll(`select count(*) from (select time_bucket(interval 5 minute, time) w, floor(price / 100) * 100 band, side, sum(price * qty) usd, count(*) n from read_parquet('${dir}/**/*.parquet', hive_partitioning = true) where liquidation group by all having sum(price*qty) > 50000 order by usd desc)`);
  console.log("clusters", (performance.now() - s).toFixed(0), r2.getRows(), process.resourceUsage().maxRSS);
})();
