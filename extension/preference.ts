/**
 * Which notebooks the "TypeScript (Cascade)" controller is the preferred kernel for. VS Code
 * shows a preferred controller first in the kernel picker and selects it on its own; for other
 * notebooks (a Python notebook) the controller stays available but not suggested.
 *
 * Pure: it reads the notebook's metadata as VS Code's built-in ipynb serializer gives it
 * (`notebook.metadata.metadata` is the file's top-level "metadata"; older VS Code releases kept
 * it under `custom.metadata`), plus the languages of its code cells.
 */

/** Kernelspec names whose notebooks are TypeScript notebooks this kernel runs unchanged. */
export const PREFERRED_KERNELSPECS = ["cascade-ts", "tslab", "jslab"];
const PREFERRED_LANGUAGES = ["typescript", "javascript"];

export interface NotebookHints {
  kernelspecName?: string;
  language?: string;
  /** Languages of the code cells (VS Code language ids). */
  cellLanguages: string[];
}

type Json = Record<string, unknown> | undefined;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/**
 * The file's own metadata object from VS Code's notebook metadata.
 *
 * @example fileMetadata({ metadata: { kernelspec: { name: "tslab" } } }) // { kernelspec: { name: "tslab" } }
 */
export function fileMetadata(notebookMetadata: Json): Json {
  return obj(notebookMetadata?.metadata) ?? obj(obj(notebookMetadata?.custom)?.metadata);
}

/**
 * What the metadata says about a notebook's kernel and language.
 *
 * @example notebookHints({ metadata: { kernelspec: { name: "cascade-ts", language: "typescript" } } }, ["typescript"])
 */
export function notebookHints(notebookMetadata: Json, cellLanguages: string[]): NotebookHints {
  const meta = fileMetadata(notebookMetadata);
  const kernelspec = obj(meta?.kernelspec);
  const languageInfo = obj(meta?.language_info);
  return {
    kernelspecName: str(kernelspec?.name),
    language: (str(languageInfo?.name) ?? str(kernelspec?.language))?.toLowerCase(),
    cellLanguages,
  };
}

/**
 * True when the notebook is one this kernel should run: its kernelspec is cascade-ts or tslab,
 * or its language is TypeScript or JavaScript. A notebook without metadata (a new, empty one)
 * is judged by its code cells: all of them TypeScript or JavaScript, and at least one.
 *
 * @example isPreferredNotebook({ kernelspecName: "python3", language: "python", cellLanguages: ["python"] }) // false
 */
export function isPreferredNotebook({ kernelspecName, language, cellLanguages }: NotebookHints): boolean {
  if (kernelspecName && PREFERRED_KERNELSPECS.includes(kernelspecName.toLowerCase())) return true;
  if (language) return PREFERRED_LANGUAGES.includes(language);
  if (kernelspecName) return false;
  return cellLanguages.length > 0 && cellLanguages.every((l) => PREFERRED_LANGUAGES.includes(l));
}
