/**
 * A stand-in for the `vscode` module's notebook output classes, for unit tests of extension code
 * outside VS Code (its API exists only inside VS Code; the end-to-end tests run the real one).
 * Importing this module makes `require("vscode")` answer with the stand-in; import the code under
 * test afterwards (`await import(...)`).
 */
import Module from "node:module";

export class OutputItem {
  constructor(
    readonly data: unknown,
    readonly mime: string,
  ) {}
  static text = (t: string, mime = "text/plain") => new OutputItem(t, mime);
  static json = (v: unknown, mime = "application/json") => new OutputItem(v, mime);
  static stdout = (t: string) => new OutputItem(t, "application/vnd.code.notebook.stdout");
  static stderr = (t: string) => new OutputItem(t, "application/vnd.code.notebook.stderr");
  static error = (e: Error) => new OutputItem(e, "application/vnd.code.notebook.error");
}

export class CellOutput {
  constructor(
    public items: OutputItem[],
    readonly metadata?: Record<string, unknown>,
  ) {}
}

const standIn = { NotebookCellOutputItem: OutputItem, NotebookCellOutput: CellOutput };
type Loader = (request: string, ...rest: unknown[]) => unknown;
const modules = Module as unknown as { _load: Loader };
const load = modules._load;
modules._load = (request, ...rest) => (request === "vscode" ? standIn : load(request, ...rest));
