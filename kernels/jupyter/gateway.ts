/**
 * The kernel in Jupyter Enterprise Gateway's Kubernetes pods: `cascade kernel launch-remote`,
 * the launcher that runs in the kernel's pod, and `cascade kernel install-gateway`, the
 * kernelspec the gateway reads.
 *
 * How the gateway starts a remote kernel (Enterprise Gateway's "Implementing a kernel launcher"
 * and its processproxies/processproxy.py are the sources of these facts):
 * - Its kernelspec's argv gets `--RemoteProcessProxy.kernel-id`, `.response-address` (ip:port
 *   where the gateway listens), `.public-key` (its RSA public key: the PEM body, base64 of the
 *   DER SubjectPublicKeyInfo, without header, footer or newlines) and `.port-range` (L..U, 0..0
 *   for any). For Kubernetes the argv runs the gateway's launch_kubernetes.py, which renders the
 *   spec's `scripts/kernel-pod.yaml.j2` with those values in the container's environment
 *   (KERNEL_ID, RESPONSE_ADDRESS, PUBLIC_KEY, PORT_RANGE) and creates the pod; the gateway finds
 *   the pod by the labels `kernel_id=<id>,component=kernel`.
 * - In the pod, the launcher picks the five kernel ports and a communication port in the range,
 *   starts the kernel on them and sends the connection information (the connection file's
 *   fields plus pid, pgid, comm_port and kernel_id) to the response address: the JSON encrypted
 *   with AES-128 in ECB mode with PKCS#7 padding under a random 16-byte key, base64; the key
 *   encrypted with the public key (RSA, PKCS#1 v1.5 padding), base64; both in
 *   `{"version": 1, "key": ..., "conn_info": ...}`, whose JSON is base64-encoded and written on
 *   a TCP connection that the launcher then closes (the gateway reads to the end).
 * - On the communication port, the gateway connects and writes one JSON request per
 *   connection: `{"signum": n}` (0 is its liveness poll, 2 an interrupt) or `{"shutdown": 1}`,
 *   after which the launcher stops listening and exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { constants as osConstants, tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../notebook";
import { kernelsDir, type SpecLocation } from "./kernelspec";

/** What `cascade kernel launch-remote` is given (by the pod template, from the gateway). */
export interface RemoteLaunchOptions {
  kernelId: string;
  /** "ip:port" where the gateway waits for the connection information. */
  responseAddress: string;
  /** The gateway's RSA public key, base64 DER (a PEM body without header, footer, newlines). */
  publicKey: string;
  /** "L..U"; "0..0" or none: any free port. */
  portRange?: string;
  /** The IP the kernel binds (default 0.0.0.0: the gateway connects to the pod's IP). */
  ip?: string;
  /** The CLI that serves the kernel (default this package's bin/cascade.js). */
  cli?: string;
  /** Where to log (default stderr). */
  log?: (line: string) => void;
}

/** A bad launch option: the message names it. */
export class LaunchError extends Error {}

/** The options of `cascade kernel launch-remote`, both spellings the gateway uses. */
export const LAUNCH_OPTIONS = ["kernel-id", "response-address", "public-key", "port-range", "spark-context-initialization-mode", "ip"] as const;

/** Reads `--kernel-id` or `--RemoteProcessProxy.kernel-id` (and the others) from parsed options. */
export function launchOptionsFrom(options: Record<string, unknown>): RemoteLaunchOptions {
  const get = (name: (typeof LAUNCH_OPTIONS)[number]) => {
    const v = options[name] ?? options[`RemoteProcessProxy.${name}`];
    if (v !== undefined && typeof v !== "string") throw new LaunchError(`--${name} takes a value`);
    return v as string | undefined;
  };
  const kernelId = get("kernel-id");
  const responseAddress = get("response-address");
  const publicKey = get("public-key");
  for (const [name, v] of [["kernel-id", kernelId], ["response-address", responseAddress], ["public-key", publicKey]] as const) {
    if (!v) throw new LaunchError(`--${name} (or --RemoteProcessProxy.${name}) is required: the gateway passes it`);
  }
  const mode = get("spark-context-initialization-mode");
  if (mode !== undefined && mode !== "none") throw new LaunchError(`--spark-context-initialization-mode: this kernel has no Spark context, only "none" is accepted, got "${mode}"`);
  const out: RemoteLaunchOptions = { kernelId: kernelId!, responseAddress: responseAddress!, publicKey: publicKey!, portRange: get("port-range"), ip: get("ip") };
  parseResponseAddress(out.responseAddress);
  parsePortRange(out.portRange);
  gatewayPublicKey(out.publicKey);
  return out;
}

/** "ip:port" (an IPv6 address in brackets) as host and port. */
export function parseResponseAddress(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port > 0 && port < 65536)) throw new LaunchError(`--response-address must be ip:port, got "${address}"`);
  return { host: m[1], port };
}

/** "L..U" as [L, U]; undefined or "0..0" as [0, 0] (any port). */
export function parsePortRange(range: string | undefined): [number, number] {
  if (range === undefined || range === "") return [0, 0];
  const m = /^(\d+)\.\.(\d+)$/.exec(range.trim());
  if (!m) throw new LaunchError(`--port-range must be LOWER..UPPER (e.g. 40000..40999, 0..0 for any), got "${range}"`);
  const lower = Number(m[1]);
  const upper = Number(m[2]);
  if (lower === 0 && upper === 0) return [0, 0];
  if (!(lower > 0 && upper <= 65535 && upper - lower >= 5)) throw new LaunchError(`--port-range ${range}: needs 1 <= LOWER, UPPER <= 65535 and room for six ports (the kernel's five and the communication port)`);
  return [lower, upper];
}

/** The gateway's public key (base64 DER SubjectPublicKeyInfo, as it passes it) as a key. */
export function gatewayPublicKey(publicKey: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey.replace(/\s+/g, ""), "base64"), format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "rsa") throw new Error(`a ${key.asymmetricKeyType} key, not RSA`);
    return key;
  } catch (err) {
    throw new LaunchError(`--public-key is not the gateway's RSA public key (base64 DER, the PEM body without header and footer): ${(err as Error).message}`);
  }
}

/**
 * The payload the gateway's response address expects for `info` (version 1): base64 of
 * `{"version": 1, "key": RSA-PKCS#1-v1.5(aesKey), "conn_info": AES-128-ECB-PKCS#7(json)}`.
 */
export function encryptConnectionInfo(info: Record<string, unknown>, publicKey: string): string {
  const aesKey = randomBytes(16);
  const cipher = createCipheriv("aes-128-ecb", aesKey, null); // PKCS#7 padding is Node's default
  const connInfo = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(info), "utf8")), cipher.final()]).toString("base64");
  const key = publicEncrypt({ key: gatewayPublicKey(publicKey), padding: constants.RSA_PKCS1_PADDING }, aesKey).toString("base64");
  return Buffer.from(JSON.stringify({ version: 1, key, conn_info: connInfo }), "utf8").toString("base64");
}

/** Listens on a port of the range (random candidates, as many tries as the range allows up to 100) or any. */
async function listenInRange(ip: string, [lower, upper]: [number, number], taken: Set<number>): Promise<Server> {
  const tries = lower === 0 ? 1 : Math.min(100, (upper - lower + 1) * 2);
  let last: Error | undefined;
  for (let i = 0; i < tries; i++) {
    const candidate = lower === 0 ? 0 : lower + Math.floor(Math.random() * (upper - lower + 1));
    if (taken.has(candidate)) continue;
    const server = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(candidate, ip, () => resolve());
      });
      const port = (server.address() as { port: number }).port;
      if (taken.has(port)) {
        server.close();
        continue;
      }
      taken.add(port);
      return server;
    } catch (err) {
      last = err as Error;
    }
  }
  throw new LaunchError(`no free port in --port-range ${lower}..${upper} after ${tries} tries${last ? ` (${last.message})` : ""}`);
}

/** The process group of `pid` (Linux: /proc/PID/stat), 0 when unknown. */
function processGroup(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) || 0;
  } catch {
    return 0;
  }
}

/** Signals the kernel's process group (the kernel and the process running its cells). */
function signalGroup(kernel: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-kernel.pid!, signal);
  } catch {
    kernel.kill(signal); // the group is gone: at most the kernel itself is left
  }
}

/** Waits until something listens on host:port, or the child exits first. */
async function waitListening(host: string, port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new LaunchError(`the kernel exited (${child.exitCode ?? child.signalCode}) before it listened on its ports`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new LaunchError(`the kernel did not listen on its shell port ${port} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends the encrypted payload to the gateway's response address. */
function sendPayload(address: string, payload: string): Promise<void> {
  const { host, port } = parseResponseAddress(address);
  return new Promise((resolve, reject) => {
    const socket: Socket = createConnection({ host, port }, () => socket.end(payload, "utf8"));
    socket.on("error", (err: Error) => reject(new LaunchError(`cannot send the connection information to the gateway at ${address}: ${err.message}`)));
    socket.on("close", (hadError: boolean) => !hadError && resolve());
  });
}

/**
 * Launches the kernel for the gateway: picks the ports, starts `cascade jupyter` on them, sends
 * the connection information to the response address, then serves the gateway's signal and
 * shutdown requests on the communication port. Resolves with the exit code once the kernel has
 * ended (a shutdown request, the kernel's own exit, or SIGTERM to the launcher).
 */
export async function launchRemoteKernel(options: RemoteLaunchOptions): Promise<number> {
  const log = options.log ?? ((line: string) => process.stderr.write(`cascade launch-remote: ${line}\n`));
  const ip = options.ip ?? "0.0.0.0";
  const range = parsePortRange(options.portRange);
  gatewayPublicKey(options.publicKey);
  const taken = new Set<number>();
  // Five ports for the kernel: found free, released, then bound by the kernel (as Jupyter's own
  // launchers do); the communication port stays ours.
  const ports: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await listenInRange(ip, range, taken);
    ports.push((s.address() as { port: number }).port);
    await new Promise((r) => s.close(r));
  }
  const comm = await listenInRange(ip, range, taken);
  const commPort = (comm.address() as { port: number }).port;
  const [shell_port, iopub_port, stdin_port, hb_port, control_port] = ports;
  const info = { transport: "tcp", ip, shell_port, iopub_port, stdin_port, hb_port, control_port, key: randomUUID(), signature_scheme: "hmac-sha256", kernel_name: "cascade-ts" };
  const dir = join(tmpdir(), `cascade-gateway-${process.pid}-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `kernel-${options.kernelId.replace(/[^A-Za-z0-9-]/g, "_")}.json`);
  writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  const cli = options.cli ?? join(__dirname, "..", "bin", "cascade.js");
  // A process group of its own, as Jupyter starts local kernels: a signal goes to the kernel
  // and the process that runs its cells, and not to this launcher.
  const kernel = spawn(process.execPath, [cli, "jupyter", "--connection-file", file], { stdio: ["ignore", "inherit", "inherit"], detached: true });
  log(`kernel ${options.kernelId}: process ${kernel.pid} (a process group of its own) starting`);
  const exited = new Promise<number>((resolve) => kernel.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + (constants_signals[signal] ?? 0) : 1))));
  const cleanup = () => {
    comm.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitListening(ip === "0.0.0.0" ? "127.0.0.1" : ip, shell_port, kernel, 60_000);
    const payload = { ...info, pid: kernel.pid, pgid: processGroup(kernel.pid!), comm_port: commPort, kernel_id: options.kernelId };
    await sendPayload(options.responseAddress, encryptConnectionInfo(payload, options.publicKey));
    log(`kernel ${options.kernelId} listening on ${ip} ports ${ports.join(", ")}, communication port ${commPort}; connection information sent to ${options.responseAddress}`);
  } catch (err) {
    signalGroup(kernel, "SIGKILL");
    cleanup();
    throw err;
  }

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping kernel ${options.kernelId}`);
    comm.close();
    signalGroup(kernel, "SIGTERM");
    setTimeout(() => signalGroup(kernel, "SIGKILL"), 5000).unref();
  };
  comm.on("connection", (socket) => {
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => (data += chunk));
    socket.on("error", () => undefined);
    socket.on("end", () => {
      let request: { signum?: unknown; shutdown?: unknown };
      try {
        request = JSON.parse(data);
      } catch {
        log(`ignored a request that is not JSON: ${JSON.stringify(data.slice(0, 200))}`);
        return;
      }
      if (request.signum !== undefined && request.signum !== null) {
        const signum = Number(request.signum);
        if (!Number.isInteger(signum) || signum < 0) log(`ignored a signal request with signum ${JSON.stringify(request.signum)}`);
        else if (signum === 0) {
          if (kernel.exitCode !== null) log("poll: the kernel has exited");
        } else {
          try {
            process.kill(-kernel.pid!, signum);
            log(`signal ${signum} sent to the kernel's process group ${kernel.pid}`);
          } catch (err) {
            log(`signal ${signum} to the kernel failed: ${(err as Error).message}`);
          }
        }
      }
      if (request.shutdown !== undefined && request.shutdown !== null && Boolean(request.shutdown)) stop("shutdown request from the gateway");
    });
  });
  const onTerm = () => stop("SIGTERM");
  process.on("SIGTERM", onTerm);
  const code = await exited;
  process.off("SIGTERM", onTerm);
  cleanup();
  log(`kernel ${options.kernelId} ended (${code})`);
  return stopping ? 0 : code;
}

const constants_signals = osConstants.signals as Record<string, number>;

/** Where the gateway's kernelspecs are (its image and Helm chart mount them here). */
export const GATEWAY_KERNELS_DIR = "/usr/local/share/jupyter/kernels";

/** The kernelspec folder name the gateway lists. */
export const GATEWAY_KERNEL_NAME = "cascade_ts_kubernetes";

/**
 * The gateway's kernel.json: its launch_kubernetes.py (copied next to the pod template) creates
 * the pod from `scripts/kernel-pod.yaml.j2` with the image named here.
 */
export function gatewayKernelJson(image: string, specDir: string): Record<string, unknown> {
  return {
    display_name: "TypeScript (Cascade) on Kubernetes",
    language: "typescript",
    interrupt_mode: "message",
    metadata: {
      process_proxy: {
        class_name: "enterprise_gateway.services.processproxies.k8s.KubernetesProcessProxy",
        config: { image_name: image },
      },
      debugger: false,
    },
    env: {},
    argv: [
      "python",
      join(specDir, "scripts", "launch_kubernetes.py"),
      "--RemoteProcessProxy.kernel-id",
      "{kernel_id}",
      "--RemoteProcessProxy.port-range",
      "{port_range}",
      "--RemoteProcessProxy.response-address",
      "{response_address}",
      "--RemoteProcessProxy.public-key",
      "{public_key}",
    ],
  };
}

/**
 * The kernel pod's template (Jinja2, rendered by the gateway's launch_kubernetes.py with the
 * `kernel_*` values it takes from KERNEL_* variables). The container runs the launcher under
 * tini (in the image, reaping the kernel's processes as PID 1 would not);
 * Kubernetes expands `$(NAME)` in `args` from the container's environment, where
 * launch_kubernetes.py puts KERNEL_ID, RESPONSE_ADDRESS, PUBLIC_KEY and PORT_RANGE.
 */
export function gatewayPodTemplate(): string {
  return `# The pod of one Cascade TypeScript kernel started by Jupyter Enterprise Gateway. Rendered by
# the gateway's launch_kubernetes.py (in this folder) with kernel_* values from KERNEL_* variables;
# it adds the gateway's variables (KERNEL_ID, RESPONSE_ADDRESS, PUBLIC_KEY, PORT_RANGE, ...) to
# the container's env, and Kubernetes expands $(NAME) in args from that env.
# The gateway finds the pod by the labels kernel_id and component.
apiVersion: v1
kind: Pod
metadata:
  name: "{{ kernel_pod_name }}"
  namespace: "{{ kernel_namespace }}"
  labels:
    kernel_id: "{{ kernel_id }}"
    app: enterprise-gateway
    component: kernel
    source: cascade-kernel-pod.yaml
spec:
  restartPolicy: Never
  serviceAccountName: "{{ kernel_service_account_name }}"
{% if kernel_uid is defined or kernel_gid is defined %}
  securityContext:
{% if kernel_uid is defined %}
    runAsUser: {{ kernel_uid | int }}
{% endif %}
{% if kernel_gid is defined %}
    runAsGroup: {{ kernel_gid | int }}
{% endif %}
    fsGroup: 100
{% endif %}
  containers:
  - name: "{{ kernel_pod_name }}"
    image: "{{ kernel_image }}"
    command: ["tini", "--", "cascade"]
    args: ["kernel", "launch-remote", "--kernel-id", "$(KERNEL_ID)", "--response-address", "$(RESPONSE_ADDRESS)", "--public-key", "$(PUBLIC_KEY)", "--port-range", "$(PORT_RANGE)"]
    env:
    - name: PORT_RANGE
      value: "0..0"
{% if kernel_cpus is defined or kernel_memory is defined %}
    resources:
      requests:
{% if kernel_cpus is defined %}
        cpu: "{{ kernel_cpus }}"
{% endif %}
{% if kernel_memory is defined %}
        memory: "{{ kernel_memory }}"
{% endif %}
{% endif %}
{% if kernel_working_dir is defined %}
    workingDir: "{{ kernel_working_dir }}"
{% endif %}
`;
}

/**
 * Writes the gateway's kernelspec folder (`cascade_ts_kubernetes`: kernel.json and
 * scripts/kernel-pod.yaml.j2) under the location; with `launchKubernetes`, copies the gateway's
 * launch_kubernetes.py beside the template. Returns the folder.
 */
export function installGatewayKernelSpec(location: SpecLocation, image: string, { launchKubernetes, gatewayKernelsDir = GATEWAY_KERNELS_DIR }: { launchKubernetes?: string; gatewayKernelsDir?: string } = {}): string {
  if (!image || /\s/.test(image)) throw new LaunchError(`--image must name the kernel image (e.g. registry.example.com/cascade-notebooks:0.1.0), got "${image}"`);
  const dir = join(kernelsDir(location), GATEWAY_KERNEL_NAME);
  mkdirSync(join(dir, "scripts"), { recursive: true });
  // The launcher's path as the gateway sees it: where the spec is mounted on the gateway's side.
  writeFileAtomic(join(dir, "kernel.json"), JSON.stringify(gatewayKernelJson(image, join(gatewayKernelsDir, GATEWAY_KERNEL_NAME)), null, 2) + "\n");
  writeFileAtomic(join(dir, "scripts", "kernel-pod.yaml.j2"), gatewayPodTemplate());
  if (launchKubernetes) {
    if (!existsSync(launchKubernetes)) throw new LaunchError(`--launch-kubernetes ${launchKubernetes}: no such file (the gateway's etc/kernel-launchers/kubernetes/scripts/launch_kubernetes.py)`);
    copyFileSync(launchKubernetes, join(dir, "scripts", "launch_kubernetes.py"));
  }
  return dir;
}
