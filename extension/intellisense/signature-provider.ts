/** Signature help in cells: parameters of the function being called, also one an earlier cell defined. */
import * as vscode from "vscode";
import type { Sessions } from "../kernel/sessions";
import { CELL_SELECTOR, cellContext, REQUEST_MS } from "./cell-context";
import { withTimeout } from "./with-timeout";

export function registerSignatureHelp(sessions: Sessions): vscode.Disposable {
  const provider: vscode.SignatureHelpProvider = {
    async provideSignatureHelp(document, position, token) {
      const ctx = await cellContext(document, sessions);
      if (!ctx || token.isCancellationRequested) return undefined;
      const reply = await withTimeout(ctx.kernel.signature(document.getText(), document.offsetAt(position), ctx.cells), REQUEST_MS, undefined);
      if (!reply || reply.signatures.length === 0 || token.isCancellationRequested) return undefined;
      const help = new vscode.SignatureHelp();
      help.signatures = reply.signatures.map((s) => {
        const info = new vscode.SignatureInformation(s.label, s.documentation ? new vscode.MarkdownString(s.documentation) : undefined);
        info.parameters = s.parameters.map((p) => new vscode.ParameterInformation(p.label, p.documentation ? new vscode.MarkdownString(p.documentation) : undefined));
        return info;
      });
      help.activeSignature = reply.activeSignature;
      help.activeParameter = reply.activeParameter;
      return help;
    },
  };
  return vscode.languages.registerSignatureHelpProvider(CELL_SELECTOR, provider, { triggerCharacters: ["(", ","], retriggerCharacters: [","] });
}
