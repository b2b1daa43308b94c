/// <reference lib="dom" />
/**
 * The script of the Data Viewer panel (data-viewer/data-viewer.ts): the variable named by the
 * page, browsed in the kernel over all its rows through the panel's message channel.
 */
import { renderFrameTable } from "./frame-table";
import { liveSource, requestChannel } from "./table-source";

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const target = document.getElementById("cascade-frame");
const variable = target?.dataset.variable;
if (target && variable) {
  const api = acquireVsCodeApi();
  const transport = requestChannel(
    (m) => api.postMessage(m),
    (f) => window.addEventListener("message", (e) => f(e.data)),
  );
  liveSource(transport, { variable })
    .then(async ({ source, error }) => {
      if (!source) throw new Error(error ?? "the kernel did not answer");
      await renderFrameTable(target, source, { visibleRows: 25 });
    })
    .catch((err: Error) => {
      target.textContent = `Cannot show ${variable}: ${err.message}`;
    });
}
