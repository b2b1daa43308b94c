// tslab's public display API, as the kernel provides it (kernels/runtime/display-api.ts).
export interface Display {
  javascript(s: string): void;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  gif(b: Uint8Array): void;
  pdf(b: Uint8Array): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): void;
}
export declare const display: Display;
/** A display that replaces itself on each later call. */
export declare function newDisplay(): Display;
export declare const versions: { tslab: string; node: string; typescript: string; kernel: string };
