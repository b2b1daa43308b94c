/// <reference lib="dom" />
/**
 * Notebook renderer for `application/vnd.plotly.v1+json`: plotly figures, drawn by the plotly.js
 * bundled into this file (no CDN: charts draw offline), in the colours of the VS Code theme. A
 * theme switch re-draws the charts on screen (VS Code flips the body's vscode-light /
 * vscode-dark class in the output webview).
 */
import type { ActivationFunction } from "vscode-notebook-renderer";
import Plotly from "plotly.js-dist-min";
import { themedLayout, type ThemeColors } from "./plotly-theme";

interface Figure {
  data?: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

function currentTheme(): ThemeColors {
  const body = document.body;
  const dark = body.classList.contains("vscode-dark") || body.classList.contains("vscode-high-contrast");
  const css = getComputedStyle(body);
  const foreground = css.getPropertyValue("--vscode-editor-foreground").trim() || css.getPropertyValue("--vscode-foreground").trim();
  const fontFamily = css.getPropertyValue("--vscode-font-family").trim() || undefined;
  return { dark, foreground, fontFamily };
}

export const activate: ActivationFunction = () => {
  const charts = new Map<string, { div: HTMLElement; figure: Figure }>();
  const config = (figure: Figure) => ({ responsive: true, displaylogo: false, ...figure.config });
  const draw = (div: HTMLElement, figure: Figure, first: boolean) => {
    const layout = themedLayout(figure.layout, currentTheme());
    return (first ? Plotly.newPlot : Plotly.react)(div, figure.data ?? [], layout, config(figure));
  };
  // Re-draw only when the theme really changed: VS Code touches the body's classes for other
  // reasons too, and each re-draw would move every cell below the chart.
  let theme = JSON.stringify(currentTheme());
  const observer = new MutationObserver(() => {
    const next = JSON.stringify(currentTheme());
    if (next === theme) return;
    theme = next;
    for (const { div, figure } of charts.values()) void draw(div, figure, false);
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ["class"] });

  return {
    renderOutputItem(item, element) {
      const old = charts.get(item.id);
      if (old) Plotly.purge(old.div);
      const figure = item.json() as Figure;
      const div = document.createElement("div");
      div.className = "cascade-plotly";
      div.style.width = "100%";
      // A fixed height: with `responsive`, plotly fits the chart to its box, so a box that took
      // its height from the chart would resize in a loop with the output area (and every resize
      // moves the cells below, which cancels their completion lists).
      const height = typeof figure.layout?.height === "number" ? figure.layout.height : 420;
      div.style.height = `${height}px`;
      element.replaceChildren(div);
      charts.set(item.id, { div, figure });
      draw(div, figure, true).catch((err: Error) => {
        div.textContent = `Plotly could not draw this figure: ${err.message}`;
      });
    },
    disposeOutputItem(id) {
      for (const [key, { div }] of charts) {
        if (id !== undefined && key !== id) continue;
        Plotly.purge(div);
        charts.delete(key);
      }
    },
  };
};
