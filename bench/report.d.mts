/** Types for report.mjs (plain JS so the benchmark runs without a build), for the tests that import it. */

/** Median, minimum, maximum and count of a list of numbers. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** One measured command: wall time and CPU in ms, peak resident memory in KiB. */
export interface ProcessRow {
  readonly id: string;
  readonly label: string;
  readonly short?: string;
  readonly wall: Summary;
  readonly rss: Summary;
  readonly cpu: Summary;
}

/** The commands measured on one Node line. */
export interface NodeLine {
  readonly line: string;
  readonly version: string;
  readonly rows: readonly ProcessRow[];
}

/** What bench/run.mjs collects; only the parts the report reads are typed. */
export interface Results {
  readonly meta: Record<string, unknown> & { readonly date: string; readonly node: string; readonly quick: boolean };
  readonly processes: readonly ProcessRow[];
  readonly processNotes: readonly string[];
  readonly library: readonly unknown[];
  readonly libraryNotes: readonly string[];
  readonly provider?: unknown;
  readonly fleet?: unknown;
  readonly nodeLines?: readonly NodeLine[];
}

/** A file of bench/cold-script/ measured on every Node line. */
export interface ColdRow {
  readonly id: string;
  readonly short: string;
  readonly file: string;
  readonly label: string;
  readonly peer: string;
}

/** One goal of issue 23 as LINE_GOALS defines it. */
export interface LineGoalDefinition {
  readonly id: string;
  readonly goal: string;
  readonly row: string;
  readonly base: string;
  readonly measure: 'wall' | 'rss';
  readonly target: (line: string) => number | undefined;
  readonly untargeted?: string;
  readonly floor?: string;
  readonly reference?: string;
}

/** One goal on one Node line, as evaluateLineGoals() judges it. */
export interface LineGoal {
  readonly line: string;
  readonly version: string;
  readonly id: string;
  readonly goal: string;
  readonly target: number | undefined;
  readonly measured: number;
  readonly met: boolean | undefined;
  readonly untargeted?: string;
  readonly floor?: number;
  readonly aboveFloor?: number;
  readonly blocked?: boolean;
  readonly reference?: number;
}

export declare const COLD_ROWS: readonly ColdRow[];
export declare const LINE_GOALS: readonly LineGoalDefinition[];
export declare function summarize(values: readonly number[]): Summary;
export declare function fmt(value: number, digits?: number): string;
export declare function evaluateGoals(results: Results): { goal: string; target: string; measured: string; met: boolean; note: string }[];
export declare function evaluateLineGoals(results: Results): LineGoal[];
export declare function targetText(goal: LineGoal): string;
export declare function statusText(goal: LineGoal): string;
export declare function renderMarkdown(results: Results): string;
export declare function renderSvg(panels: readonly { title: string; unit: string; bars: readonly { label: string; value: number; highlight?: boolean }[] }[], caption: string): string;
export declare function chartOf(results: Results): string;
