/** Hover in cells: the type, doc comment and (once run) value of the name under the pointer. */
import * as vscode from "vscode";
import type { Sessions } from "../kernel/sessions";
import { CELL_SELECTOR, cellContext, REQUEST_MS } from "./cell-context";
import { withTimeout } from "./with-timeout";

export function registerHover(sessions: Sessions): vscode.Disposable {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position, token) {
      const ctx = await cellContext(document, sessions);
      if (!ctx || token.isCancellationRequested) return undefined;
      const reply = await withTimeout(ctx.kernel.inspect(document.getText(), document.offsetAt(position), ctx.cells), REQUEST_MS, undefined);
      if (!reply?.found || token.isCancellationRequested) return undefined;
      const markdown = reply.data["text/markdown"];
      const plain = reply.data["text/plain"];
      const contents = new vscode.MarkdownString();
      if (typeof markdown === "string") contents.appendMarkdown(markdown);
      else if (typeof plain === "string") contents.appendCodeblock(plain, "typescript");
      else return undefined;
      const range = reply.start !== undefined && reply.end !== undefined ? new vscode.Range(document.positionAt(reply.start), document.positionAt(reply.end)) : undefined;
      return new vscode.Hover(contents, range);
    },
  };
  return vscode.languages.registerHoverProvider(CELL_SELECTOR, provider);
}
