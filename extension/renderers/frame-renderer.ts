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
        let source: TableSource;
        if (transport) {
          const live = await liveSource(transport, { output: item.id });
          source = live.source ?? localSource(json, { reason: live.error, rerun });
        } else source = localSource(json, { reason: "this editor does not let the table ask the kernel" });
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
