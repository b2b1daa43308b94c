/**
 * One row of `npm run bench`: a measurement of ours next to the alternative a user would pick,
 * measured in the same run. `ratio` is how many times better ours is (>1 = ours better).
 */
export interface BenchRow {
  /** The table section, e.g. "kernel", "csv". */
  group: string;
  /** What was measured, e.g. "start to first result". */
  name: string;
  /** Our figure, formatted with its unit, e.g. "182 ms". */
  ours: string;
  /** The alternative and its figure, e.g. "tslab 1,930 ms"; "n/a (why)" when it cannot run here. */
  theirs: string;
  /** ours vs theirs, as "10.6x"; undefined when there is nothing to compare. */
  ratio?: number;
  /** The target this row checks, e.g. "<= 300 ms and >= 5x". */
  target?: string;
  /** Whether the target was met in this run. */
  met?: boolean;
}

export interface BenchSuite {
  group: string;
  run(): Promise<BenchRow[]>;
}
