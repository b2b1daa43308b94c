/**
 * A kernel MIME bundle as the list of output items a notebook cell output holds: which MIME
 * types, in what order, and how each is encoded (JSON value, text, or base64 bytes).
 *
 * Order matters because VS Code draws the first item it has a renderer for, after sorting by
 * the user's `notebook.displayOrder` and its own default order (in which MIME types it does
 * not know, like plotly's and the frame's, come first). So: the vendor JSON types this
 * extension renders first, `text/plain` last, the rest as the kernel listed them.
 *
 * Pure, so the mapping is tested without VS Code; controller code turns each item into a
 * `vscode.NotebookCellOutputItem`.
 */
export type ItemEncoding = "json" | "text" | "base64";

export interface PlainOutputItem {
  mime: string;
  encoding: ItemEncoding;
  /** The JSON value (json), the string (text), or the base64 string (base64). */
  value: unknown;
}

const BINARY_IMAGE = /^image\/(png|jpeg|gif|bmp|webp)$/;

/** JSON MIME types carry JSON values (PROTOCOL.md), not text. */
export function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

function rank(mime: string): number {
  if (mime.startsWith("application/vnd.") && isJsonMime(mime)) return 0;
  if (mime === "text/plain") return 2;
  return 1;
}

/** Jupyter's multi-line strings (lists of lines) as one string; other values as JSON text. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("");
  return JSON.stringify(value, null, 2);
}

/**
 * @example
 *   bundleItems({ "text/plain": "fig", "application/vnd.plotly.v1+json": { data: [] } })
 *   // [{ mime: "application/vnd.plotly.v1+json", encoding: "json", value: { data: [] } },
 *   //  { mime: "text/plain", encoding: "text", value: "fig" }]
 */
export function bundleItems(bundle: Record<string, unknown>): PlainOutputItem[] {
  const mimes = Object.keys(bundle).filter((m) => bundle[m] !== undefined && bundle[m] !== null);
  // A stable sort: equal ranks keep the kernel's order.
  mimes.sort((a, b) => rank(a) - rank(b));
  return mimes.map((mime) => {
    const value = bundle[mime];
    if (isJsonMime(mime)) return { mime, encoding: "json", value: typeof value === "string" ? safeParse(value) : value };
    if (BINARY_IMAGE.test(mime)) return { mime, encoding: "base64", value: asText(value).replace(/\s+/g, "") };
    return { mime, encoding: "text", value: asText(value) };
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The error a cell threw, as VS Code's error output item wants it. */
export function errorItem(error: { ename: string; evalue: string; traceback: string[] }): { name: string; message: string; stack: string } {
  const stack = error.traceback.length > 0 ? error.traceback.join("\n") : `${error.ename}: ${error.evalue}`;
  return { name: error.ename, message: error.evalue, stack };
}
