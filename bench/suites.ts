import type { BenchSuite } from "./types";

/** Every benchmark suite, in the order the table shows them. */
export const suites: BenchSuite[] = [];
