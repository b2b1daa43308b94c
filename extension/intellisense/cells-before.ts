/**
 * The context a cell's IntelliSense is computed in: the code of the TypeScript and JavaScript
 * cells above it, in file order, whether or not they have run. That is what a reader sees, and
 * what the kernel's language service declares before the cell (kernels/protocol.ts CellSource).
 */
import type { CellSource } from "../../kernels/protocol";

export const KERNEL_LANGUAGES = ["typescript", "javascript"] as const;
export type KernelLanguage = (typeof KERNEL_LANGUAGES)[number];

export function isKernelLanguage(language: string): language is KernelLanguage {
  return (KERNEL_LANGUAGES as readonly string[]).includes(language);
}

/** A notebook cell as far as this module cares. */
export interface CellText {
  kind: "code" | "markup";
  language: string;
  text: string;
}

/**
 * @example
 *   cellsBefore([{ kind: "code", language: "typescript", text: "const a = 1" }, { kind: "code", language: "typescript", text: "a" }], 1)
 *   // [{ code: "const a = 1", language: "typescript" }]
 */
export function cellsBefore(cells: readonly CellText[], index: number): CellSource[] {
  const out: CellSource[] = [];
  for (const cell of cells.slice(0, Math.max(0, index))) {
    if (cell.kind === "code" && isKernelLanguage(cell.language)) out.push({ code: cell.text, language: cell.language });
  }
  return out;
}
