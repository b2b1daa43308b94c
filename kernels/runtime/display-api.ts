/**
 * The `display` global of every cell, and the "tslab" module for notebooks written for tslab.
 *
 * @example
 *   display(frame);                          // a table
 *   display("0 %", { id: "progress" });      // a display that can be updated...
 *   display.update("progress", "50 %");      // ...in place
 *   display.html("<b>bold</b>");
 */
import { randomBytes } from "node:crypto";
import { toMimeBundle } from "./display";
import type { MimeBundle } from "../protocol";
// tslab's public `Display` interface, the same file the language service reads for "tslab".
import type { Display as TslabDisplay } from "../types/tslab";

export type SendDisplay = (data: MimeBundle, metadata: Record<string, unknown>, displayId?: string, update?: boolean, value?: unknown) => void;

export interface DisplayOptions {
  /** A display id: later `display.update(id, value)` replaces this output in place. */
  id?: string;
  metadata?: Record<string, unknown>;
}

export interface DisplayFunction {
  (value: unknown, options?: DisplayOptions): void;
  update(id: string, value: unknown): void;
  html(html: string, options?: DisplayOptions): void;
  markdown(markdown: string, options?: DisplayOptions): void;
  svg(svg: string, options?: DisplayOptions): void;
  png(bytes: Uint8Array, options?: DisplayOptions): void;
  jpeg(bytes: Uint8Array, options?: DisplayOptions): void;
  json(value: unknown, options?: DisplayOptions): void;
  text(text: string, options?: DisplayOptions): void;
  /** Any MIME type: `display.raw("text/csv", "a,b\n1,2")`. */
  raw(mime: string, content: string | Uint8Array, options?: DisplayOptions): void;
}

function encode(content: string | Uint8Array): string {
  return typeof content === "string" ? content : Buffer.from(content).toString("base64");
}

export function createDisplay(send: SendDisplay): DisplayFunction {
  // `value`: what was displayed, so the kernel can give a table a handle (tables.ts).
  const emit = (data: MimeBundle, options: DisplayOptions = {}, update = false, value?: unknown) => {
    if (typeof data["text/plain"] !== "string") {
      const mimes = Object.keys(data).join(", ");
      data = { ...data, "text/plain": `<${mimes}>` };
    }
    send(data, options.metadata ?? {}, options.id, update, value);
  };
  const raw = (mime: string, content: string | Uint8Array, options?: DisplayOptions) => emit({ [mime]: encode(content) }, options);
  const display = ((value: unknown, options?: DisplayOptions) => emit(toMimeBundle(value), options, false, value)) as DisplayFunction;
  display.update = (id, value) => {
    if (typeof id !== "string" || !id) throw new TypeError("display.update(id, value): id must be the id given to display(value, { id })");
    emit(toMimeBundle(value), { id }, true, value);
  };
  display.raw = raw;
  display.html = (s, o) => raw("text/html", s, o);
  // Markdown reads well as it is: it is its own text/plain.
  display.markdown = (s, o) => emit({ "text/markdown": s, "text/plain": s }, o);
  display.svg = (s, o) => raw("image/svg+xml", s, o);
  display.png = (b, o) => raw("image/png", b, o);
  display.jpeg = (b, o) => raw("image/jpeg", b, o);
  display.text = (s, o) => emit({ "text/plain": s }, o);
  display.json = (v, o) => emit({ "application/json": JSON.parse(JSON.stringify(v)), "text/plain": JSON.stringify(v, null, 2) }, o);
  return display;
}

function tslabDisplay(send: SendDisplay, id?: string): TslabDisplay {
  let shown = false;
  const raw = (mime: string, b: string | Uint8Array) => {
    const data: MimeBundle = { [mime]: encode(b) };
    if (mime !== "text/plain") data["text/plain"] = `<${mime}>`;
    // A display from newDisplay() replaces itself from its second call on.
    send(data, {}, id, id !== undefined && shown);
    shown = true;
  };
  return {
    javascript: (s) => raw("application/javascript", s),
    html: (s) => raw("text/html", s),
    markdown: (s) => raw("text/markdown", s),
    latex: (s) => raw("text/latex", s),
    svg: (s) => raw("image/svg+xml", s),
    png: (b) => raw("image/png", b),
    jpeg: (b) => raw("image/jpeg", b),
    gif: (b) => raw("image/gif", b),
    pdf: (b) => raw("application/pdf", b),
    text: (s) => raw("text/plain", s),
    raw,
  };
}

export function createTslabModule(send: SendDisplay, versions: Record<string, string>) {
  return {
    display: tslabDisplay(send),
    newDisplay: () => tslabDisplay(send, randomBytes(8).toString("hex")),
    versions: { tslab: "cascade", ...versions },
  };
}
