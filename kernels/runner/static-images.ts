/**
 * Static images of plotly charts, so a notebook shows its charts where no JavaScript runs
 * (GitHub's notebook view, an email): each `application/vnd.plotly.v1+json` output gains an
 * `image/png` beside it, drawn by plotly.js in headless Chromium.
 *
 * Chromium is found at --chromium, CASCADE_CHROMIUM, or /usr/bin/chromium; playwright-core
 * drives it. Both are optional: without them the run goes on and says why there are no images.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { sortKeys, type Notebook } from "../notebook";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface ImageRenderer {
  /** The chart as base64 PNG, or undefined when this renderer cannot draw (it said why once). */
  render(figure: { data: unknown[]; layout?: Record<string, unknown> }): Promise<string | undefined>;
  close(): Promise<void>;
}

export function findChromium(explicit?: string): string | undefined {
  // A path the user gave is the only one tried: a typo should say so, not quietly use another.
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const c of [process.env.CASCADE_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (c && existsSync(c)) return c;
  }
  return undefined;
}

/** Start headless Chromium with plotly.js loaded; throws an Error saying what is missing. */
export async function startImageRenderer({ chromium, width = 960, height = 540 }: { chromium?: string; width?: number; height?: number } = {}): Promise<ImageRenderer> {
  const executablePath = findChromium(chromium);
  if (!executablePath) {
    throw new Error(chromium ? `no Chromium at ${chromium}` : "no Chromium found (give --chromium PATH or set CASCADE_CHROMIUM; on Debian: apt-get install chromium)");
  }
  let playwright: typeof import("playwright-core");
  try {
    playwright = require("playwright-core");
  } catch {
    throw new Error("static images need the npm package playwright-core (npm install playwright-core)");
  }
  const browser = await playwright.chromium.launch({ executablePath, args: CHROMIUM_FLAGS.filter((f) => f !== "--headless"), headless: true });
  const page = await browser.newPage();
  await page.setContent("<!DOCTYPE html><html><body style='margin:0'></body></html>");
  await page.addScriptTag({ path: require.resolve("plotly.js-dist-min/plotly.min.js") });
  // Notebooks run in parallel share this one page: charts are drawn one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    render(figure) {
      const drawn = queue.then(() => draw(figure));
      queue = drawn.catch(() => undefined);
      return drawn;
    },
    close: () => browser.close(),
  };
  function draw(figure: { data: unknown[]; layout?: Record<string, unknown> }): Promise<string> {
    return page.evaluate(
      async ({ fig, w, h }) => {
        // Runs in the page: its globals, typed here without pulling the DOM into the program.
        const page = globalThis as unknown as {
          Plotly: { newPlot: Function; toImage: Function; purge: Function };
          document: { createElement(tag: string): { remove(): void }; body: { appendChild(node: unknown): void } };
        };
        const P = page.Plotly;
        const div = page.document.createElement("div");
        page.document.body.appendChild(div);
        const layout = { ...(fig.layout ?? {}), width: w, height: h };
        await P.newPlot(div, fig.data, layout, { staticPlot: true });
        const url: string = await P.toImage(div, { format: "png", width: w, height: h });
        P.purge(div);
        div.remove();
        return url.replace(/^data:image\/png;base64,/, "");
      },
      { fig: figure, w: width, h: height },
    );
  }
}

/** A chart's identity: the hash of its figure in the file's form (keys sorted). */
function figureKey(fig: unknown): string {
  return createHash("sha256").update(JSON.stringify(sortKeys(fig))).digest("hex");
}

/** The PNGs a notebook already holds, by the figure each was drawn from. */
export function storedImages(nb: Notebook): Map<string, string> {
  const images = new Map<string, string>();
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      if (!("data" in out)) continue;
      const fig = out.data[PLOTLY_MIME];
      const png = out.data["image/png"];
      if (fig && typeof png === "string") images.set(figureKey(fig), png);
    }
  }
  return images;
}

/**
 * Give every plotly output of `nb` its PNG: the one stored before for the same figure (so a re-run
 * that changed nothing writes the same bytes, with or without a Chromium), else one drawn by
 * `renderer` when there is one. Returns how many were reused, drawn and left without an image.
 */
export async function addStaticImages(nb: Notebook, renderer: ImageRenderer | undefined, previous = new Map<string, string>()): Promise<{ reused: number; drawn: number; missing: number }> {
  const counts = { reused: 0, drawn: 0, missing: 0 };
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      if (!("data" in out)) continue;
      const fig = out.data[PLOTLY_MIME] as { data: unknown[]; layout?: Record<string, unknown> } | undefined;
      if (!fig) continue;
      const stored = previous.get(figureKey(fig));
      if (stored !== undefined) {
        out.data["image/png"] = stored;
        counts.reused++;
        continue;
      }
      const png = renderer ? await renderer.render(fig) : undefined;
      if (png !== undefined) {
        out.data["image/png"] = png;
        counts.drawn++;
      } else {
        counts.missing++;
      }
    }
  }
  return counts;
}

/**
 * A renderer that starts Chromium on the first chart that needs drawing (a re-run whose charts
 * are all unchanged starts none). When Chromium or playwright-core is missing, `onUnavailable`
 * hears why once and charts go without images: never a failure.
 */
export function lazyImageRenderer({ chromium, onUnavailable }: { chromium?: string; onUnavailable: (why: string) => void }): ImageRenderer {
  let started: Promise<ImageRenderer | undefined> | undefined;
  const start = () =>
    (started ??= startImageRenderer({ chromium }).catch((err: Error) => {
      onUnavailable(err.message);
      return undefined;
    }));
  return {
    async render(figure) {
      return (await start())?.render(figure);
    },
    async close() {
      if (started) await (await started)?.close();
    },
  };
}
