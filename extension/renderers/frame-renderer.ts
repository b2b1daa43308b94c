/// <reference lib="dom" />
/**
 * Notebook renderer for `application/vnd.cascade.frame+json`: a frame (or an array of records,
 * or an Arrow table) as the data viewer's grid (frame-table.ts). While the kernel that showed
 * it lives, the grid is served by the kernel over all rows (renderer messaging to the
 * extension, data-viewer/data-viewer.ts); otherwise it browses the rows the output holds and
 * says so, offering to re-run the cell.
 */
import type { ActivationFunction } from "vscode-notebook-renderer";
import { renderFrameTable } from "./frame-table";
import { isFrameJson, liveSource, localSource, requestChannel, type TableSource } from "./table-source";

/** How long a renderer waits for the kernel before it shows the rows the output holds. */
const WAIT_MS = 400;

export const activate: ActivationFunction = (context) => {
  const tables = new Map<string, { dispose(): void }>();
  const transport =
    context.postMessage && context.onDidReceiveMessage
      ? requestChannel(
          (m) => context.postMessage!(m),
          (f) => context.onDidReceiveMessage!(f),
        )
      : undefined;
  return {
    async renderOutputItem(item, element) {
      tables.get(item.id)?.dispose();
      try {
        const json = item.json();
        if (!isFrameJson(json)) throw new Error("not a frame: expected { columns: [{ name, type }], length, rows: [[...]] }");
        const rerun = transport ? () => void transport({ type: "rerun", outputId: item.id }) : undefined;
        if (!transport) {
          tables.set(item.id, await renderFrameTable(element, localSource(json, { reason: "this editor does not let the table ask the kernel" })));
          return;
        }
        // The kernel answers once it is free (a cell may be running): the rows the output holds
        // are shown meanwhile, saying so, and the grid is served by the kernel when it answers.
        const live = liveSource(transport, { output: item.id });
        const waited = await Promise.race([live, new Promise<undefined>((r) => setTimeout(() => r(undefined), WAIT_MS))]);
        if (!waited) tables.set(item.id, await renderFrameTable(element, localSource(json, { reason: "waiting for the kernel, which is busy, to serve all rows", rerun })));
        const answer = waited ?? (await live);
        const source: TableSource = answer.source ?? localSource(json, { reason: answer.error, rerun });
        tables.get(item.id)?.dispose();
        tables.set(item.id, await renderFrameTable(element, source));
      } catch (err) {
        element.textContent = `Cannot show this frame: ${(err as Error).message}`;
      }
    },
    disposeOutputItem(id) {
      for (const [key, table] of tables) {
        if (id !== undefined && key !== id) continue;
        table.dispose();
        tables.delete(key);
      }
    },
  };
};
