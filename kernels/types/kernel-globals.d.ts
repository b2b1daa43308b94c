// Globals every cell has (kernels/runtime/display-api.ts): the language service's view of them.

interface CascadeDisplayOptions {
  /** A display id: later `display.update(id, value)` replaces this output in place. */
  id?: string;
  metadata?: Record<string, unknown>;
}

/**
 * Show a value as rich output: frames and arrays of records as tables, plotly figure objects as
 * charts, images, HTML, or text.
 *
 * @example display(frame); display("0 %", { id: "progress" }); display.update("progress", "50 %");
 */
declare function display(value: unknown, options?: CascadeDisplayOptions): void;
/**
 * Show the documentation of a function or class as Markdown, like Python's `help`: for the
 * library "cascade", its summary, options with their defaults, and an example; for the
 * notebook's own functions, their signature and doc comment.
 *
 * @example help(rollingVolatility); help(Frame); help(Frame.fromRecords); help(myFunction);
 */
declare function help(value?: unknown): void;

declare namespace display {
  /** Replace the display shown with `display(value, { id })`. */
  function update(id: string, value: unknown): void;
  function html(html: string, options?: CascadeDisplayOptions): void;
  function markdown(markdown: string, options?: CascadeDisplayOptions): void;
  function svg(svg: string, options?: CascadeDisplayOptions): void;
  function png(bytes: Uint8Array, options?: CascadeDisplayOptions): void;
  function jpeg(bytes: Uint8Array, options?: CascadeDisplayOptions): void;
  function json(value: unknown, options?: CascadeDisplayOptions): void;
  function text(text: string, options?: CascadeDisplayOptions): void;
  /** Any MIME type: `display.raw("text/csv", "a,b\n1,2")`. */
  function raw(mime: string, content: string | Uint8Array, options?: CascadeDisplayOptions): void;
}
