import type { BenchSuite } from "./types";
import { kernelSuite } from "./kernel.bench";
import { csvSuite } from "./csv.bench";
import { completionSuite } from "./completion.bench";
import { dataSuite } from "./data.bench";
import { modelsSuite } from "./models.bench";
import { vscodeSuite } from "./vscode.bench";
import { runnerSuite } from "./runner.bench";
import { streamSuite } from "./stream.bench";
import { viewerSuite } from "./viewer.bench";
import { sqlSuite } from "./sql.bench";
import { debugSuite } from "./debug.bench";

/** Every benchmark suite, in the order the table shows them. */
export const suites: BenchSuite[] = [kernelSuite, runnerSuite, completionSuite, csvSuite, dataSuite, sqlSuite, modelsSuite, streamSuite, vscodeSuite, viewerSuite, debugSuite];
