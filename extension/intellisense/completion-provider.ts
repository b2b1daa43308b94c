/**
 * Completions in TypeScript and JavaScript cells from the kernel, which knows what the cells
 * above declared (and, once they ran, what their values hold).
 */
import * as vscode from "vscode";
import type { Sessions } from "../kernel/sessions";
import { CELL_SELECTOR, cellContext, REQUEST_MS } from "./cell-context";
import { COMPLETION_KIND, sortText } from "./convert";
import { withTimeout } from "./with-timeout";
import { log } from "../log";

export function registerCompletions(sessions: Sessions): vscode.Disposable {
  const provider: vscode.CompletionItemProvider = {
    async provideCompletionItems(document, position, token) {
      const t0 = Date.now();
      const ctx = await cellContext(document, sessions);
      if (!ctx || token.isCancellationRequested) return undefined;
      const reply = await withTimeout(ctx.kernel.complete(document.getText(), document.offsetAt(position), ctx.cells), REQUEST_MS, undefined);
      log().trace(`completions at ${document.offsetAt(position)}: ${reply ? reply.matches.length : "no answer"} after ${Date.now() - t0} ms`);
      if (!reply || token.isCancellationRequested) return undefined;
      const range = new vscode.Range(document.positionAt(reply.cursorStart), document.positionAt(reply.cursorEnd));
      const items = reply.matches.map((m, i) => {
        const item = new vscode.CompletionItem(m.label, vscode.CompletionItemKind[COMPLETION_KIND[m.kind] ?? "Variable"]);
        item.range = range;
        item.sortText = sortText(i);
        if (m.detail) item.detail = m.detail;
        if (m.documentation) item.documentation = new vscode.MarkdownString(m.documentation);
        return item;
      });
      return new vscode.CompletionList(items, false);
    },
  };
  return vscode.languages.registerCompletionItemProvider(CELL_SELECTOR, provider, ".");
}
