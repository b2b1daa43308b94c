/**
 * Cascade: Add SQL Engine. The library's SQL (`query`, the `sql` tag) runs on DuckDB, whose npm
 * package carries a native binary per platform; the extension stays platform-independent and
 * does not ship it. This command installs it with npm into the extension's storage
 * (`<globalStorage>/sql-engine`), which kernels the extension starts search through
 * $CASCADE_SQL_ENGINE_DIR (see lib/sql.ts), with a progress notification.
 */
import * as vscode from "vscode";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { DUCKDB_PACKAGE, installSqlEngine, sqlEngineDir } from "./sql-engine-install";

function onPath(name: string): string | undefined {
  const exts = process.platform === "win32" ? [".cmd", ".exe", ""] : [""];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const ext of exts) if (dir && existsSync(join(dir, name + ext))) return join(dir, name + ext);
  }
  return undefined;
}

export function registerAddSqlEngine(context: vscode.ExtensionContext): vscode.Disposable {
  const dir = sqlEngineDir(context.globalStorageUri.fsPath);
  // Kernels inherit the extension host's environment: they find the engine here.
  process.env.CASCADE_SQL_ENGINE_DIR = dir;
  return vscode.commands.registerCommand("cascade.addSqlEngine", async () => {
    const npm = onPath("npm");
    if (!npm) return void vscode.window.showErrorMessage("Cascade: npm was not found on PATH; install Node.js with npm, then run Cascade: Add SQL Engine again.");
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: "Cascade: installing the SQL engine (DuckDB, about 70 MB)", cancellable: false },
        async (progress) => {
          progress.report({ message: `npm install ${DUCKDB_PACKAGE}` });
          await installSqlEngine(dir, npm);
        },
      );
    } catch (err) {
      return void vscode.window.showErrorMessage(`Cascade: installing the SQL engine failed: ${(err as Error).message}`);
    }
    void vscode.window.showInformationMessage(`Cascade: the SQL engine is installed in ${dir}. Restart running kernels to use query() and sql\`...\`.`);
  });
}
