/**
 * Test support: a real HTTP server on 127.0.0.1 that speaks Stooq's daily CSV download
 * (/q/d/l/?s=&d1=&d2=&i=d) and FRED's (/graph/fredgraph.csv?id=&cosd=&coed=), with faults
 * queued per route: 429 with Retry-After, 500, no answer (timeout), a body cut mid-line,
 * Stooq's "No data" answer, and 200 answers with only the CSV header, an HTML page or an empty
 * body.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type CsvFault = { kind: "429"; retryAfter?: number } | { kind: "500" } | { kind: "timeout" } | { kind: "truncate" } | { kind: "nodata" } | { kind: "header-only" } | { kind: "html" } | { kind: "blank" };

export interface LoopbackCsv {
  origin: string;
  requests: string[];
  fail(route: "stooq" | "fred", ...faults: CsvFault[]): void;
  close(): Promise<void>;
}

const DAY = 86_400_000;
const ymd = (s: string) => Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T00:00:00Z`);

/** Deterministic closes: a level per symbol plus a slow wave. */
function close(symbol: string, t: number): number {
  const base = [...symbol].reduce((a, c) => a + c.charCodeAt(0), 0) * 10;
  return +(base + 50 * Math.sin(t / DAY / 5)).toFixed(2);
}

export async function startLoopbackCsv(): Promise<LoopbackCsv> {
  const faults: Record<string, CsvFault[]> = { stooq: [], fred: [] };
  const requests: string[] = [];
  const hung: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const route = url.pathname.startsWith("/q/d/l") ? "stooq" : url.pathname.startsWith("/graph/fredgraph.csv") ? "fred" : "";
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    const fault = faults[route].shift();
    if (fault?.kind === "429") {
      res.writeHead(429, { "retry-after": String(fault.retryAfter ?? 0) }).end("slow down");
      return;
    }
    if (fault?.kind === "500") {
      res.writeHead(500).end("internal error");
      return;
    }
    if (fault?.kind === "timeout") {
      hung.push(res);
      return;
    }
    if (fault?.kind === "html") {
      res.writeHead(200, { "content-type": "text/html" }).end("<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n");
      return;
    }
    if (fault?.kind === "blank") {
      res.writeHead(200, { "content-type": "text/csv" }).end("");
      return;
    }
    let body: string;
    if (route === "stooq") {
      if (fault?.kind === "nodata") {
        res.writeHead(200, { "content-type": "text/plain" }).end("No data");
        return;
      }
      const s = url.searchParams.get("s") ?? "";
      const from = ymd(url.searchParams.get("d1") ?? "20250101");
      const to = ymd(url.searchParams.get("d2") ?? "20250101");
      const rows = ["Date,Open,High,Low,Close,Volume"];
      for (let t = from; t <= to; t += DAY) {
        const dow = new Date(t).getUTCDay();
        if (dow === 0 || dow === 6) continue; // trading days only
        const c = close(s, t);
        rows.push(`${new Date(t).toISOString().slice(0, 10)},${c - 1},${c + 5},${c - 6},${c},${1000 + (t / DAY) % 100}`);
      }
      body = rows.join("\n") + "\n";
    } else {
      const id = url.searchParams.get("id") ?? "";
      const from = Date.parse(`${url.searchParams.get("cosd")}T00:00:00Z`);
      const to = Date.parse(`${url.searchParams.get("coed")}T00:00:00Z`);
      const rows = [`observation_date,${id}`];
      // Monthly observations on the first of the month; one missing as FRED writes it: ".".
      for (let d = new Date(from); d.getTime() <= to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
        const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        if (first.getTime() < from) continue;
        const value = first.getUTCMonth() === 9 ? "." : String(159_000 + first.getUTCMonth() * 100);
        rows.push(`${first.toISOString().slice(0, 10)},${value}`);
      }
      body = rows.join("\n") + "\n";
    }
    if (fault?.kind === "header-only") body = body.split("\n", 1)[0] + "\n";
    if (fault?.kind === "truncate") body = body.slice(0, Math.max(10, body.length - 7));
    res.writeHead(200, { "content-type": "text/csv" }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    fail: (route, ...f) => faults[route].push(...f),
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
