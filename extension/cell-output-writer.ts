/**
 * Kernel output messages into one cell's outputs, during an execution: consecutive stream
 * writes of the same stream join one output (as Jupyter shows them), displays with an id can
 * be updated in place, results and errors become outputs of their own.
 *
 * The output metadata (`outputType`, `originalError`) is what VS Code's ipynb serializer reads
 * to write Jupyter's output types back to the file, so a saved notebook matches nbformat.
 */
import { noteTable, outputId } from "./data-viewer/handles";
import * as vscode from "vscode";
import type { MimeBundle, OutputMessage } from "../kernels/protocol";
import { bundleItems, errorItem } from "./output-items";

/** A MIME bundle as VS Code output items, in display order (output-items.ts). */
export function toOutputItems(bundle: MimeBundle): vscode.NotebookCellOutputItem[] {
  return bundleItems(bundle).map((item) => {
    if (item.encoding === "json") return vscode.NotebookCellOutputItem.json(item.value, item.mime);
    if (item.encoding === "base64") return new vscode.NotebookCellOutputItem(Buffer.from(item.value as string, "base64"), item.mime);
    return vscode.NotebookCellOutputItem.text(item.value as string, item.mime);
  });
}

const STREAM_MIMES = ["application/vnd.code.notebook.stdout", "application/vnd.code.notebook.stderr"];

/** The stream ("stdout" | "stderr") an existing output holds, if it is a stream output. */
function streamOf(output: vscode.NotebookCellOutput | undefined): "stdout" | "stderr" | undefined {
  const mime = output?.items.length ? output.items[0].mime : undefined;
  if (mime === STREAM_MIMES[0]) return "stdout";
  if (mime === STREAM_MIMES[1]) return "stderr";
  return undefined;
}

export class CellOutputWriter {
  private last: vscode.NotebookCellOutput | undefined;
  private readonly displays = new Map<string, vscode.NotebookCellOutput>();

  /** `continueAfter`: an existing last output of the cell that stream text may join. */
  constructor(
    private readonly execution: vscode.NotebookCellExecution,
    continueAfter?: vscode.NotebookCellOutput,
  ) {
    this.last = continueAfter;
  }

  write(msg: OutputMessage): void {
    switch (msg.type) {
      case "stream": {
        const item = msg.name === "stdout" ? vscode.NotebookCellOutputItem.stdout(msg.text) : vscode.NotebookCellOutputItem.stderr(msg.text);
        if (this.last && streamOf(this.last) === msg.name) {
          void this.execution.appendOutputItems(item, this.last);
          return;
        }
        this.append(new vscode.NotebookCellOutput([item], { outputType: "stream" }));
        return;
      }
      case "display": {
        const metadata = { outputType: "display_data", metadata: msg.metadata, ...(msg.displayId ? { transient: { display_id: msg.displayId } } : {}) };
        const previous = msg.displayId ? this.displays.get(msg.displayId) : undefined;
        if (msg.update && previous) {
          noteTable(outputId(previous), msg.table?.handle);
          void this.execution.replaceOutputItems(toOutputItems(msg.data), previous);
          return;
        }
        // An update of a display this execution never showed (another cell's) has nowhere to go.
        if (msg.update) return;
        const output = new vscode.NotebookCellOutput(toOutputItems(msg.data), metadata);
        noteTable(outputId(output), msg.table?.handle);
        if (msg.displayId) this.displays.set(msg.displayId, output);
        this.append(output);
        return;
      }
      case "result": {
        const output = new vscode.NotebookCellOutput(toOutputItems(msg.data), { outputType: "execute_result", metadata: msg.metadata });
        noteTable(outputId(output), msg.table?.handle);
        this.append(output);
        return;
      }
      case "error": {
        const error = errorItem(msg);
        const item = vscode.NotebookCellOutputItem.error(Object.assign(new Error(error.message), error));
        this.append(new vscode.NotebookCellOutput([item], { outputType: "error", originalError: { ename: msg.ename, evalue: msg.evalue, traceback: msg.traceback } }));
        return;
      }
    }
  }

  /** An error that is the extension's, not the cell's (no kernel, Restricted Mode). */
  writeHostError(name: string, message: string): void {
    this.write({ type: "error", id: "", ename: name, evalue: message, traceback: [] });
  }

  private append(output: vscode.NotebookCellOutput): void {
    this.last = output;
    void this.execution.appendOutput(output);
  }
}
