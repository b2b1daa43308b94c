/**
 * An HTML report of several notebooks: one page each (notebookToHtml), one shared copy of
 * plotly.js beside them (written once instead of 4.8 MB inlined into every page), and an index
 * page that links them with their titles and run status; the folder works offline. When the
 * library's reference has been built (`npm run docs`, docs/reference/), it is copied beside them
 * and linked, with the guide (docs/guide.md) as a page; the report never builds it.
 *
 * @example writeSite("site", [{ file: "notebooks/00-quickstart.ipynb", failures: 0 }])
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { marked } from "marked";
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

export interface SiteDocs {
  /** A built reference (its index.html inside), copied to `<dir>/reference/` when it exists. */
  reference?: string;
  /** The guide's Markdown, written as `<dir>/guide.html` when it exists. */
  guide?: string;
}

/** Copies the reference and writes the guide when they exist; their links for the index. */
function writeDocs(dir: string, docs: SiteDocs): string[] {
  const links: string[] = [];
  if (docs.reference && existsSync(join(docs.reference, "index.html"))) {
    rmSync(join(dir, "reference"), { recursive: true, force: true });
    cpSync(docs.reference, join(dir, "reference"), { recursive: true });
    links.push(`<a href="reference/index.html">Library reference</a> (every export of "cascade")`);
  }
  if (docs.guide && existsSync(docs.guide)) {
    const body = marked.parse(readFileSync(docs.guide, "utf8"), { async: false });
    writeFileAtomic(
      join(dir, "guide.html"),
      `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>From a question to a cascade</title>
<style>:root{color-scheme:light dark}body{font:15px/1.6 system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem}pre{overflow-x:auto;padding:8px;border:1px solid #8884}</style>
</head><body>
${body}
</body></html>
`,
    );
    links.push(`<a href="guide.html">Guide: from a question to a cascade</a>`);
  }
  return links;
}

export function writeSite(dir: string, entries: SiteEntry[], docs: SiteDocs = {}): string {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${SITE_PLOTLY}.${process.pid}.tmp`);
  copyFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), tmp);
  renameSync(tmp, join(dir, SITE_PLOTLY));
  const docLinks = writeDocs(dir, docs);
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
${docLinks.length ? `<p>${docLinks.join(" · ")}</p>\n` : ""}<table><thead><tr><th>notebook</th><th>title</th><th>status</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table></body></html>
`,
  );
  return index;
}
