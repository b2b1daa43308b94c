/// <reference lib="dom" />
/**
 * Notebook renderer for `application/vnd.cascade.frame+json`: the library's frames as the
 * frame table (frame-table.ts). Runs in the notebook's output webview, offline.
 */
import type { ActivationFunction } from "vscode-notebook-renderer";
import { FrameModel } from "./frame-model";
import { renderFrameTable } from "./frame-table";

export const activate: ActivationFunction = () => {
  const tables = new Map<string, { dispose(): void }>();
  return {
    renderOutputItem(item, element) {
      tables.get(item.id)?.dispose();
      try {
        tables.set(item.id, renderFrameTable(element, FrameModel.fromJson(item.json())));
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
