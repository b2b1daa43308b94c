/**
 * The Enterprise Gateway launcher (`cascade kernel launch-remote`), black-box. No gateway can
 * run here (it needs Kubernetes), so the spec plays its part on 127.0.0.1, from the protocol's
 * definition in the gateway's source (processproxies/processproxy.py): a response address that
 * reads the launcher's payload to the end and decrypts it as the gateway does (base64 JSON
 * {version 1, key, conn_info}; the AES key under RSA PKCS#1 v1.5 with the gateway's private
 * key; the connection information under AES-128-ECB with PKCS#7 padding). Then a real Jupyter
 * client (python3 with jupyter_client) runs cells with that information, a signal request on
 * the communication port interrupts a running cell, and a shutdown request ends the kernel.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, randomUUID, type KeyObject } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelDistDir } from "../client";
import { encryptConnectionInfo, gatewayKernelJson, gatewayPodTemplate, launchOptionsFrom, parsePortRange } from "./gateway";

const ROOT = join(kernelDistDir(), "..");
const CLI = join(ROOT, "bin", "cascade.js");
const PYTHON = "/usr/bin/python3";
const available = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import jupyter_client"]).status === 0;
// CI installs Jupyter (scripts/setup.sh): there a missing Jupyter is a failure, not a skip.
const skip = !available && !process.env.CI ? "Jupyter not installed: run scripts/setup.sh" : false;

/** The gateway's key pair: RSA 1024 (its KEY_SIZE); the public key as it passes it, the PEM body on one line. */
function gatewayKeys(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { publicKey: pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replace(/\n/g, ""), privateKey };
}

/**
 * Decrypts a launcher's payload as the gateway does. The RSA step removes PKCS#1 v1.5 type 2
 * padding by hand (00 02, at least 8 nonzero bytes, 00, the message): Node 20 no longer
 * decrypts that padding itself, and doing it here checks every byte of it.
 */
function decryptPayload(data: string, privateKey: KeyObject): Record<string, unknown> {
  const payload = JSON.parse(Buffer.from(data, "base64").toString("utf8"));
  assert.deepEqual(Object.keys(payload).sort(), ["conn_info", "key", "version"]);
  assert.equal(payload.version, 1);
  const block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(payload.key, "base64"));
  assert.equal(block.length, 128, "one RSA-1024 block");
  assert.equal(block[0], 0x00);
  assert.equal(block[1], 0x02, "PKCS#1 v1.5 encryption padding (block type 2)");
  const zero = block.indexOf(0x00, 2);
  assert.ok(zero >= 10, "at least 8 nonzero padding bytes");
  const aesKey = block.subarray(zero + 1);
  assert.equal(aesKey.length, 16, "a 16-byte AES key");
  const decipher = createDecipheriv("aes-128-ecb", aesKey, null); // checks and removes PKCS#7 padding
  const encrypted = Buffer.from(payload.conn_info, "base64");
  assert.equal(encrypted.length % 16, 0, "whole AES blocks");
  return JSON.parse(Buffer.concat([decipher.update(encrypted), decipher.final()]).toString("utf8"));
}

/** The gateway's response address: accepts one connection, reads to the end, decrypts. */
async function responseAddress(privateKey: KeyObject): Promise<{ address: string; received: Promise<Record<string, unknown>>; close: () => void }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const received = new Promise<Record<string, unknown>>((resolve, reject) => {
    server.once("connection", (socket) => {
      let data = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk) => (data += chunk));
      socket.on("end", () => {
        try {
          resolve(decryptPayload(data, privateKey));
        } catch (err) {
          reject(err);
        }
      });
    });
  });
  return { address: `127.0.0.1:${(server.address() as { port: number }).port}`, received, close: () => server.close() };
}

/** What the gateway's process proxy does on the communication port: connect, write the JSON, close. */
function listenerRequest(port: number, request: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const s: Socket = createConnection({ host: "127.0.0.1", port }, () => s.end(JSON.stringify(request)));
    s.on("error", reject);
    s.on("close", () => resolve());
  });
}

/** The Jupyter client script (python3, jupyter_client); not spawnSync: the launcher's output is read while it runs. */
function pythonClient(file: string, commPort: number, ...extra: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const py = spawn(PYTHON, [join(ROOT, "kernels", "jupyter", "gateway_client.py"), file, String(commPort), ...extra], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let err = "";
    py.stdout.on("data", (d) => (stdout += d));
    py.stderr.on("data", (d) => (err += d));
    py.on("close", () => resolve({ stdout, stderr: err }));
  });
}

/** Starts the launcher against a fresh gateway stand-in; resolves once the payload is in. */
async function launch(t: { after: (f: () => void) => void }, extra: string[] = []) {
  const { publicKey, privateKey } = gatewayKeys();
  const gateway = await responseAddress(privateKey);
  t.after(() => gateway.close());
  const kernelId = randomUUID();
  const launcher = spawn(process.execPath, [CLI, "kernel", "launch-remote", "--RemoteProcessProxy.kernel-id", kernelId, "--RemoteProcessProxy.response-address", gateway.address, "--RemoteProcessProxy.public-key", publicKey, "--ip", "127.0.0.1", ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  const out = { stderr: "" };
  launcher.stderr.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((r) => launcher.on("exit", (code) => r(code)));
  t.after(() => launcher.kill("SIGKILL"));
  const info = await Promise.race([gateway.received, exited.then((code) => Promise.reject(new Error(`the launcher exited (${code}) before sending: ${out.stderr}`)))]);
  return { kernelId, info, exited, out };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("Enterprise Gateway launcher", { skip }, () => {
  test("launch-remote sends the connection information encrypted as the gateway expects; a Jupyter client runs cells with it; signal and shutdown requests on the communication port interrupt and end the kernel", async (t) => {
    const { publicKey, privateKey } = gatewayKeys();
    const gateway = await responseAddress(privateKey);
    t.after(() => gateway.close());
    const kernelId = randomUUID();
    // The gateway's spelling of the options; a port range, as a gateway configured with one passes it.
    const launcher = spawn(process.execPath, [CLI, "kernel", "launch-remote", "--RemoteProcessProxy.kernel-id", kernelId, "--RemoteProcessProxy.port-range", "41000..48999", "--RemoteProcessProxy.response-address", gateway.address, "--RemoteProcessProxy.public-key", publicKey, "--ip", "127.0.0.1"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    launcher.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => launcher.on("exit", (code) => r(code)));
    t.after(() => launcher.kill("SIGKILL"));

    const info = await Promise.race([gateway.received, exited.then((code) => Promise.reject(new Error(`the launcher exited (${code}) before sending: ${stderr}`)))]);
    assert.equal(info.kernel_id, kernelId);
    assert.equal(info.transport, "tcp");
    assert.equal(info.signature_scheme, "hmac-sha256");
    assert.equal(typeof info.key, "string");
    assert.ok((info.key as string).length >= 32, "a signing key");
    const ports = ["shell_port", "iopub_port", "stdin_port", "hb_port", "control_port", "comm_port"].map((k) => info[k] as number);
    for (const p of ports) assert.ok(Number.isInteger(p) && p >= 41000 && p <= 48999, `port ${p} in the range`);
    assert.equal(new Set(ports).size, 6, "six distinct ports");
    assert.ok(Number.isInteger(info.pid) && alive(info.pid as number), "the kernel's pid, running");
    assert.equal(info.pgid, info.pid, "a process group of its own, which signals go to");

    // The gateway sets ip to the pod's address; here, loopback.
    const dir = mkdtempSync(join(tmpdir(), "cascade-gateway-spec-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "connection.json");
    writeFileSync(file, JSON.stringify({ ...info, ip: "127.0.0.1" }));
    const client = await pythonClient(file, info.comm_port as number);
    const line = client.stdout.split("\n").find((l) => l.startsWith("{"));
    assert.ok(line, `the client reported: ${client.stderr}\n${stderr}`);
    const result = JSON.parse(line!);
    assert.deepEqual(result.detail, { first: "40", first_status: "ok", interrupted: ["error", "Interrupt"], after: "21" });
    assert.ok(alive(info.pid as number), "the poll and the interrupt left the kernel running");

    await listenerRequest(info.comm_port as number, { shutdown: 1 });
    assert.equal(await exited, 0, stderr);
    assert.equal(alive(info.pid as number), false, "the kernel process has ended");
    assert.match(stderr, /shutdown request from the gateway/);
  });

  test("a kernel shut down by its Jupyter client (shutdown_request) ends the launcher with it", async (t) => {
    const { info, exited, out } = await launch(t);
    const dir = mkdtempSync(join(tmpdir(), "cascade-gateway-spec-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "connection.json");
    writeFileSync(file, JSON.stringify({ ...info, ip: "127.0.0.1" }));
    const client = await pythonClient(file, info.comm_port as number, "shutdown");
    const line = client.stdout.split("\n").find((l) => l.startsWith("{"));
    assert.ok(line, `the client reported: ${client.stderr}\n${out.stderr}`);
    assert.deepEqual(JSON.parse(line!).detail, { first: "42", shutdown: "ok" });
    assert.equal(await exited, 0, out.stderr);
    for (let i = 0; i < 100 && alive(info.pid as number); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(info.pid as number), false);
    assert.match(out.stderr, /ended \(0\)/);
  });
});

describe("Enterprise Gateway launcher: a gateway that cannot be reached", () => {
  test("a response address nobody listens on is an error naming it; the launcher ends and stops the kernel it started", async () => {
    const { publicKey } = gatewayKeys();
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const launcher = spawn(process.execPath, [CLI, "kernel", "launch-remote", "--kernel-id", "k-unreachable", "--response-address", `127.0.0.1:${port}`, "--public-key", publicKey, "--ip", "127.0.0.1"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    launcher.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => launcher.on("exit", (c) => r(c)));
    assert.equal(code, 2, stderr);
    assert.match(stderr, new RegExp(`cannot send the connection information to the gateway at 127\\.0\\.0\\.1:${port}`));
    const pid = Number(/process (\d+) \(a process group of its own\) starting/.exec(stderr)?.[1]);
    assert.ok(pid > 0, stderr);
    // Killed before the launcher exited; reaped once it has (a bounded wait, not a timing check).
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(pid), false, "the kernel the launcher started is gone");
  });
});

describe("Enterprise Gateway launcher: options and kernelspec", () => {
  test("the payload round-trips through the gateway's decryption", () => {
    const { publicKey, privateKey } = gatewayKeys();
    const info = { shell_port: 1, kernel_id: "k", text: "ü".repeat(40) };
    assert.deepEqual(decryptPayload(encryptConnectionInfo(info, publicKey), privateKey), info);
  });

  test("bad options are errors naming the option", () => {
    const { publicKey } = gatewayKeys();
    const base = { "kernel-id": "k", "response-address": "127.0.0.1:9", "public-key": publicKey };
    assert.deepEqual(launchOptionsFrom({ "RemoteProcessProxy.kernel-id": "k", "RemoteProcessProxy.response-address": "10.0.0.5:8877", "RemoteProcessProxy.public-key": publicKey, "RemoteProcessProxy.port-range": "0..0" }), { kernelId: "k", responseAddress: "10.0.0.5:8877", publicKey, portRange: "0..0", ip: undefined });
    assert.throws(() => launchOptionsFrom({ ...base, "kernel-id": undefined }), /--kernel-id \(or --RemoteProcessProxy.kernel-id\) is required/);
    assert.throws(() => launchOptionsFrom({ ...base, "response-address": "gateway" }), /--response-address must be ip:port, got "gateway"/);
    assert.throws(() => launchOptionsFrom({ ...base, "public-key": "bm90IGEga2V5" }), /--public-key is not the gateway's RSA public key/);
    assert.throws(() => launchOptionsFrom({ ...base, "port-range": "40000-41000" }), /--port-range must be LOWER..UPPER/);
    assert.throws(() => launchOptionsFrom({ ...base, "spark-context-initialization-mode": "lazy" }), /only "none"/);
    assert.deepEqual(parsePortRange("0..0"), [0, 0]);
    assert.throws(() => parsePortRange("40000..40002"), /room for six ports/);
    const r = spawnSync(process.execPath, [CLI, "kernel", "launch-remote", "--kernel-id", "k"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--response-address \(or --RemoteProcessProxy.response-address\) is required/);
  });

  test("install-gateway writes the gateway's kernelspec: KubernetesProcessProxy, the image, the RemoteProcessProxy arguments, a pod template that runs the launcher", () => {
    const prefix = mkdtempSync(join(tmpdir(), "cascade-gateway-spec-"));
    try {
      const fakeLauncher = join(prefix, "launch_kubernetes.py");
      writeFileSync(fakeLauncher, "# stands in for the gateway's script\n");
      const r = spawnSync(process.execPath, [CLI, "kernel", "install-gateway", "--prefix", prefix, "--image", "registry.example.com/cascade-notebooks:0.1.0", "--launch-kubernetes", fakeLauncher], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const dir = join(prefix, "share", "jupyter", "kernels", "cascade_ts_kubernetes");
      const spec = JSON.parse(readFileSync(join(dir, "kernel.json"), "utf8")) as { argv: string[]; metadata: { process_proxy: { class_name: string; config: { image_name: string } } } };
      assert.deepEqual(spec, gatewayKernelJson("registry.example.com/cascade-notebooks:0.1.0", "/usr/local/share/jupyter/kernels/cascade_ts_kubernetes"));
      assert.equal(spec.metadata.process_proxy.class_name, "enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy");
      assert.equal(spec.metadata.process_proxy.config.image_name, "registry.example.com/cascade-notebooks:0.1.0");
      for (const a of ["--RemoteProcessProxy.kernel-id", "{kernel_id}", "--RemoteProcessProxy.response-address", "{response_address}", "--RemoteProcessProxy.public-key", "{public_key}", "--RemoteProcessProxy.port-range", "{port_range}"]) assert.ok(spec.argv.includes(a), a);
      assert.equal(spec.argv[1], "/usr/local/share/jupyter/kernels/cascade_ts_kubernetes/scripts/launch_kubernetes.py");
      assert.ok(existsSync(join(dir, "scripts", "launch_kubernetes.py")));
      const pod = readFileSync(join(dir, "scripts", "kernel-pod.yaml.j2"), "utf8");
      assert.equal(pod, gatewayPodTemplate());
      assert.match(pod, /kernel_id: "\{\{ kernel_id \}\}"/);
      assert.match(pod, /component: kernel/);
      assert.match(pod, /command: \["tini", "--", "cascade"\]/);
      assert.match(pod, /"launch-remote", "--kernel-id", "\$\(KERNEL_ID\)", "--response-address", "\$\(RESPONSE_ADDRESS\)", "--public-key", "\$\(PUBLIC_KEY\)", "--port-range", "\$\(PORT_RANGE\)"/);
      const missing = spawnSync(process.execPath, [CLI, "kernel", "install-gateway", "--prefix", prefix], { encoding: "utf8" });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /--image IMAGE is required/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  test("the pod template renders with Jinja2 to a pod running the launcher", { skip: spawnSync(PYTHON, ["-c", "import jinja2, yaml"]).status === 0 ? false : "python3 jinja2 and yaml are not installed" }, () => {
    const script = `
import json, sys, yaml
from jinja2 import Environment
t = Environment(trim_blocks=True, lstrip_blocks=True).from_string(sys.stdin.read())
print(json.dumps(yaml.safe_load(t.render(kernel_pod_name="k-1", kernel_namespace="ns", kernel_id="abc", kernel_image="img:1", kernel_service_account_name="default", kernel_memory="2Gi"))))`;
    const r = spawnSync(PYTHON, ["-c", script], { input: gatewayPodTemplate(), encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const pod = JSON.parse(r.stdout);
    assert.deepEqual(pod.metadata.labels, { kernel_id: "abc", app: "enterprise-gateway", component: "kernel", source: "cascade-kernel-pod.yaml" });
    assert.equal(pod.spec.containers[0].image, "img:1");
    assert.deepEqual(pod.spec.containers[0].command, ["tini", "--", "cascade"]);
    assert.equal(pod.spec.containers[0].args[1], "launch-remote");
    assert.deepEqual(pod.spec.containers[0].resources, { requests: { memory: "2Gi" } });
    assert.equal(pod.spec.securityContext, undefined);
  });
});
