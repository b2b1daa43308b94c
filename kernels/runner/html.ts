/**
 * A notebook as one self-contained HTML page: markdown rendered, code shown, outputs drawn,
 * plotly charts drawn by plotly.js inlined into the page (no CDN: the page works offline and
 * in a CI artifact), or loaded from a copy beside the page (a site of several notebooks).
 *
 * @example writeFileSync("out.html", notebookToHtml(readNotebook("a.ipynb"), { title: "a" }));
 */
import { readFileSync } from "node:fs";
import { marked } from "marked";
import { joinSource, type NbOutput, type Notebook } from "../notebook";
import { escapeHtml } from "../runtime/display";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let plotlySource: string | undefined;
/** plotly.js, read once from the installed package. */
export function plotlyBundle(): string {
  if (plotlySource === undefined) {
    const path = require.resolve("plotly.js-dist-min/plotly.min.js");
    // "</script" inside an inline script would end it early.
    plotlySource = readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return plotlySource;
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #656d76; --code: #f6f8fa; --border: #d0d7de; --err: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --code: #161b22; --border: #30363d; --err: #ff7b72; } }
body { font: 15px/1.55 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 1100px; margin: 2rem auto; padding: 0 1rem; }
pre { background: var(--code); border: 1px solid var(--border); border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; font: 13px/1.45 ui-monospace, monospace; }
.cell { margin: 1.2rem 0; } .prompt { color: var(--muted); font: 12px ui-monospace, monospace; }
.output pre { background: transparent; border: none; padding: .2rem 0; } .error pre { color: var(--err); }
table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid var(--border); padding: 2px 8px; text-align: right; }
img { max-width: 100%; }
`;

function mimeText(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function renderOutput(out: NbOutput, chartIndex: { n: number }): string {
  switch (out.output_type) {
    case "stream":
      return `<div class="output ${out.name}"><pre>${escapeHtml(mimeText(out.text))}</pre></div>`;
    case "error":
      return `<div class="output error"><pre>${escapeHtml(out.traceback.join("\n"))}</pre></div>`;
    default: {
      const data = out.data;
      if (data[PLOTLY_MIME]) {
        const id = `chart-${++chartIndex.n}`;
        const fig = JSON.stringify(data[PLOTLY_MIME]).replace(/</g, "\\u003c");
        return `<div class="output"><div id="${id}" class="plotly-chart"></div><script>(function(){var f=${fig};Plotly.newPlot(${JSON.stringify(id)},f.data,Object.assign({},f.layout),Object.assign({responsive:true},f.config));})();</script></div>`;
      }
      if (data["text/html"]) return `<div class="output">${mimeText(data["text/html"])}</div>`;
      if (data["image/svg+xml"]) return `<div class="output">${mimeText(data["image/svg+xml"])}</div>`;
      for (const img of ["image/png", "image/jpeg", "image/gif"]) {
        if (data[img]) return `<div class="output"><img src="data:${img};base64,${mimeText(data[img]).trim()}"></div>`;
      }
      if (data["text/markdown"]) return `<div class="output">${marked.parse(mimeText(data["text/markdown"]), { async: false })}</div>`;
      if (data["application/json"]) return `<div class="output"><pre>${escapeHtml(mimeText(data["application/json"]))}</pre></div>`;
      return `<div class="output"><pre>${escapeHtml(mimeText(data["text/plain"] ?? ""))}</pre></div>`;
    }
  }
}

/**
 * `plotlyScript`: load plotly.js from this URL (a site's one shared copy) instead of inlining it
 * into the page (the default: one self-contained page).
 */
export function notebookToHtml(nb: Notebook, { title = "Notebook", plotlyScript }: { title?: string; plotlyScript?: string } = {}): string {
  const chartIndex = { n: 0 };
  const cells = nb.cells.map((cell) => {
    const source = joinSource(cell.source);
    if (cell.cell_type === "markdown") return `<div class="cell markdown">${marked.parse(source, { async: false })}</div>`;
    if (cell.cell_type === "raw") return `<div class="cell raw"><pre>${escapeHtml(source)}</pre></div>`;
    const count = cell.execution_count ?? " ";
    const outputs = (cell.outputs ?? []).map((o) => renderOutput(o, chartIndex)).join("\n");
    return `<div class="cell code"><div class="prompt">[${count}]</div><pre><code>${escapeHtml(source)}</code></pre>${outputs}</div>`;
  });
  const plotly = chartIndex.n === 0 ? "" : plotlyScript ? `<script src="${escapeHtml(plotlyScript)}"></script>` : `<script>${plotlyBundle()}</script>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style>${plotly}</head>
<body>
${cells.join("\n")}
</body></html>
`;
}
