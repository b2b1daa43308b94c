/**
 * An HTML report of several notebooks: one page each (notebookToHtml), one shared copy of
 * plotly.js beside them (written once instead of 4.8 MB inlined into every page), and an index
 * page that links them with their titles and run status. The folder works offline.
 *
 * @example writeSite("site", [{ file: "notebooks/00-quickstart.ipynb", failures: 0 }])
 */
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import { basename, join } from "node:path";
import { joinSource, readNotebook, writeFileAtomic } from "../notebook";
import { escapeHtml } from "../runtime/display";
import { notebookToHtml } from "./html";

export interface SiteEntry {
  file: string;
  failures: number;
}

/** The notebook's first Markdown heading, else its file name. */
export function notebookTitle(file: string): string {
  const nb = readNotebook(file);
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = /^#+\s+(.+)$/m.exec(joinSource(cell.source));
    if (m) return m[1].trim();
  }
  return basename(file, ".ipynb");
}

/** The site's copy of plotly.js, beside its pages. */
export const SITE_PLOTLY = "plotly.min.js";

export function writeSite(dir: string, entries: SiteEntry[]): string {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${SITE_PLOTLY}.${process.pid}.tmp`);
  copyFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), tmp);
  renameSync(tmp, join(dir, SITE_PLOTLY));
  const rows = entries.map(({ file, failures }) => {
    const name = basename(file, ".ipynb");
    const title = notebookTitle(file);
    writeFileAtomic(join(dir, `${name}.html`), notebookToHtml(readNotebook(file), { title, plotlyScript: SITE_PLOTLY }));
    const status = failures === 0 ? "ran" : `${failures} failing cell${failures > 1 ? "s" : ""}`;
    return `<tr><td><a href="${encodeURIComponent(name)}.html">${escapeHtml(name)}</a></td><td>${escapeHtml(title)}</td><td>${status}</td></tr>`;
  });
  const index = join(dir, "index.html");
  writeFileAtomic(
    index,
    `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Notebooks</title>
<style>:root{color-scheme:light dark}body{font:15px/1.5 system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem}td,th{padding:4px 12px;text-align:left}</style>
</head><body><h1>Notebooks</h1>
<table><thead><tr><th>notebook</th><th>title</th><th>status</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table></body></html>
`,
  );
  return index;
}
