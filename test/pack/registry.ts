/**
 * A package registry on 127.0.0.1 that serves the packages installed in this repository's
 * node_modules, as the real registry would serve them: a packument (the versions document) per
 * name, built from package-lock.json, and a gzipped tarball per version, made from the installed
 * folder. npm, pointed at it with --registry, installs from it exactly as from the network, so a
 * test can install the packed project into another repository without leaving the machine.
 */
import { createServer, type Server } from "node:http";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  hasInstallScript?: boolean;
  link?: boolean;
}

export interface LoopbackRegistry {
  url: string;
  /** Names of the packages npm asked for, in order of first request. */
  requested: string[];
  close(): Promise<void>;
}

/** One 512-byte ustar header (with a pax header before it when the path does not fit). */
function tarHeader(path: string, size: number, mode: number, type = "0"): Buffer[] {
  const out: Buffer[] = [];
  let name = path;
  let prefix = "";
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf("/", 154);
    if (cut > 0 && Buffer.byteLength(path.slice(cut + 1)) <= 100) {
      prefix = path.slice(0, cut);
      name = path.slice(cut + 1);
    } else {
      // Too long for ustar's two fields: a pax record carries the whole path.
      const body = paxRecord("path", path);
      out.push(...tarHeader("PaxHeader", body.length, 0o644, "x"), pad(body));
      name = path.slice(-100);
    }
  }
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write(mode.toString(8).padStart(7, "0"), 100, 8);
  h.write("0000000", 108, 8);
  h.write("0000000", 116, 8);
  h.write(size.toString(8).padStart(11, "0"), 124, 12);
  h.write("00000000000", 136, 12);
  h.write("        ", 148, 8);
  h.write(type, 156, 1);
  h.write("ustar\u000000", 257, 8);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\u0000 ", 148, 8);
  out.unshift(h);
  return out;
}

function paxRecord(key: string, value: string): Buffer {
  const text = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(text);
  length += String(length + String(length).length).length;
  return Buffer.from(`${length}${text}`);
}

function pad(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}

/** The installed folder `dir` as npm's tarball layout (`package/...`), files sorted, no nested node_modules. */
export function packFolder(dir: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      if (name === "node_modules" && rel === "") continue;
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) {
        const data = readFileSync(join(dir, r));
        parts.push(...tarHeader(`package/${r}`, data.length, st.mode & 0o111 ? 0o755 : 0o644), pad(data));
      }
    }
  };
  walk("");
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts), { level: 1 });
}

/** Serve every package of `root`'s package-lock.json that is installed under `root`. */
export async function startLoopbackRegistry(root: string): Promise<LoopbackRegistry> {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const byName = new Map<string, Map<string, { entry: LockEntry; dir: string }>>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key || entry.link || !entry.version) continue;
    const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
    const dir = join(root, key);
    if (!existsSync(join(dir, "package.json"))) continue;
    if (!byName.has(name)) byName.set(name, new Map());
    byName.get(name)!.set(entry.version, { entry, dir });
  }
  const tarballs = new Map<string, Buffer>();
  const requested: string[] = [];
  let url = "";
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]).slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(path);
    if (tarball) {
      const found = byName.get(tarball[1])?.get(tarball[2]);
      if (!found) return void res.writeHead(404).end();
      const key = `${tarball[1]}@${tarball[2]}`;
      if (!tarballs.has(key)) tarballs.set(key, packFolder(found.dir));
      const body = tarballs.get(key)!;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
      return void res.end(body);
    }
    const versions = byName.get(path);
    if (!versions) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    if (!requested.includes(path)) requested.push(path);
    const doc: Record<string, unknown> = { name: path, "dist-tags": {}, versions: {} };
    let latest = "";
    for (const [version, { entry }] of versions) {
      const base = path.includes("/") ? path.split("/")[1] : path;
      (doc.versions as Record<string, unknown>)[version] = {
        name: path,
        version,
        dependencies: entry.dependencies,
        optionalDependencies: entry.optionalDependencies,
        peerDependencies: entry.peerDependencies,
        peerDependenciesMeta: entry.peerDependenciesMeta,
        bin: entry.bin,
        engines: entry.engines,
        os: entry.os,
        cpu: entry.cpu,
        hasInstallScript: entry.hasInstallScript,
        dist: { tarball: `${url}/${path}/-/${base}-${version}.tgz` },
      };
      if (!latest || compareVersions(version, latest) > 0) latest = version;
    }
    (doc["dist-tags"] as Record<string, string>).latest = latest;
    const body = JSON.stringify(doc);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}`;
  return { url, requested, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pb = b.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
