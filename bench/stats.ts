/** Small statistics helpers for the benchmarks: nearest-rank percentiles, no interpolation. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);
export const p95 = (values: readonly number[]) => percentile(values, 95);

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    p95: p95(values),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Median of the per-iteration ratios ours/baseline (pairs measured back to back). */
export function pairedRatio(ours: readonly number[], baseline: readonly number[]): number {
  const n = Math.min(ours.length, baseline.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (baseline[i]! > 0) ratios.push(ours[i]! / baseline[i]!);
  return median(ratios);
}

export const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
export const ratio = (value: number) => `${value.toFixed(3)}x`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** A benchmark's verdict line, the unit BENCHMARKS.md is built from. */
export interface Result {
  id: string;
  title: string;
  /** Rows of the headline table: metric, ours, baseline, ratio, target, met. */
  rows: Array<{ metric: string; ours: string; baseline: string; ratio: string; target: string; met: boolean | undefined }>;
  /** Markdown paragraphs with method, details and, when a target is missed, what would fix it. */
  notes: string[];
  /** Set when the benchmark could not run (e.g. a missing prerequisite). */
  skipped?: string;
}
