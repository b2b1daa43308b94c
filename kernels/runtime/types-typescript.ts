/**
 * Imported first by the types thread: TypeScript through V8's code cache (see
 * typescript-cache.ts), before the language service's modules require it.
 */
import { loadTypeScript } from "./typescript-cache";

loadTypeScript("types");
