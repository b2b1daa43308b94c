/**
 * The connection file Jupyter writes for a kernel: ports, transport, IP and signing key.
 * A missing or malformed file is an error that names the file and the field.
 */
import { readFileSync } from "node:fs";

export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

const PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

export class ConnectionFileError extends Error {}

export function readConnectionFile(file: string): ConnectionInfo {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConnectionFileError(`connection file ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConnectionFileError(`connection file ${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!raw || typeof raw !== "object") throw new ConnectionFileError(`connection file ${file}: not a JSON object`);
  const transport = (raw.transport ?? "tcp") as string;
  if (transport !== "tcp" && transport !== "ipc") throw new ConnectionFileError(`connection file ${file}: transport "${transport}" is not tcp or ipc`);
  for (const p of PORTS) {
    const v = raw[p];
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 65535) throw new ConnectionFileError(`connection file ${file}: "${p}" must be a port number, got ${JSON.stringify(v)}`);
  }
  if (typeof raw.ip !== "string" || !raw.ip) throw new ConnectionFileError(`connection file ${file}: "ip" is missing`);
  if (typeof (raw.key ?? "") !== "string") throw new ConnectionFileError(`connection file ${file}: "key" must be a string`);
  const scheme = (raw.signature_scheme ?? "hmac-sha256") as string;
  if (raw.key && scheme !== "hmac-sha256") throw new ConnectionFileError(`connection file ${file}: signature_scheme "${scheme}" is not supported (only hmac-sha256)`);
  return { ...(raw as unknown as ConnectionInfo), transport, key: (raw.key as string) ?? "", signature_scheme: scheme };
}

export function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === "tcp" ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
