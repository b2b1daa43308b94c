/**
 * Jupyter's wire format (messaging protocol 5.3): the frames of a message, HMAC-SHA256
 * signatures, and building replies that point at their parent.
 *
 *   [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const DELIMITER = "<IDS|MSG>";
export const PROTOCOL_VERSION = "5.3";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface JupyterMessage {
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

export class Signer {
  constructor(
    private readonly key: string,
    private readonly scheme = "hmac-sha256",
  ) {
    if (key && scheme !== "hmac-sha256") throw new Error(`signature scheme "${scheme}" is not supported (only hmac-sha256)`);
  }

  sign(parts: Array<string | Buffer>): string {
    if (!this.key) return "";
    const hmac = createHmac("sha256", this.key);
    for (const p of parts) hmac.update(p);
    return hmac.digest("hex");
  }

  verify(signature: string, parts: Array<string | Buffer>): boolean {
    if (!this.key) return true;
    const expected = Buffer.from(this.sign(parts));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

export class WireError extends Error {}

/** Parse raw frames; throws WireError for a malformed message or a bad signature. */
export function decode(frames: Buffer[], signer: Signer): JupyterMessage {
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  if (at < 0 || frames.length < at + 6) throw new WireError("malformed message: no <IDS|MSG> delimiter or too few frames");
  const [signature, header, parent, metadata, content] = frames.slice(at + 1, at + 6);
  if (!signer.verify(signature.toString(), [header, parent, metadata, content])) throw new WireError("bad signature");
  try {
    return {
      identities: frames.slice(0, at),
      header: JSON.parse(header.toString()),
      parent_header: JSON.parse(parent.toString()),
      metadata: JSON.parse(metadata.toString()),
      content: JSON.parse(content.toString()),
      buffers: frames.slice(at + 6),
    };
  } catch {
    throw new WireError("malformed message: a frame is not JSON");
  }
}

/** Frames of a new message of `msgType` in reply to (or caused by) `parent`. */
export function encode(
  signer: Signer,
  msgType: string,
  content: Record<string, unknown>,
  parent: JupyterMessage | undefined,
  { identities = parent?.identities ?? [], metadata = {}, session }: { identities?: Buffer[]; metadata?: Record<string, unknown>; session: string },
): Array<Buffer | string> {
  const header: Header = {
    msg_id: randomUUID(),
    session,
    username: parent?.header.username ?? "kernel",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
  const parts = [JSON.stringify(header), JSON.stringify(parent?.header ?? {}), JSON.stringify(metadata), JSON.stringify(content)];
  return [...identities, DELIMITER, signer.sign(parts), ...parts];
}
