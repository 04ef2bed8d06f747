/** Statistics for the benchmarks: nearest-rank percentiles, a seeded bootstrap, verdicts from intervals. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);
export const p95 = (values: readonly number[]) => percentile(values, 95);
export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
export const mean = (values: readonly number[]) => sum(values) / values.length;

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  return { n: values.length, median: median(values), p95: p95(values), min: Math.min(...values), max: Math.max(...values) };
}

/** A small seeded PRNG (mulberry32): the same seed gives the same simulated days and resamples. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Interval = [low: number, high: number];

/** 95% percentile-bootstrap interval of `statistic` over `items` (resampled with replacement). */
export function bootstrap<T>(items: readonly T[], statistic: (sample: T[]) => number, { resamples = 2000, seed = 1 } = {}): Interval {
  if (items.length === 0) return [Number.NaN, Number.NaN];
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = Array.from({ length: items.length }, () => items[Math.floor(random() * items.length)]!);
    const value = statistic(sample);
    if (Number.isFinite(value)) values.push(value);
  }
  return [percentile(values, 2.5), percentile(values, 97.5)];
}

/** Per-pair ratios ours/other (pairs measured back to back), their median and its 95% interval. */
export function pairedRatio(ours: readonly number[], other: readonly number[]): { median: number; ci: Interval; ratios: number[] } {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(ours.length, other.length); i++) if (other[i]! > 0) ratios.push(ours[i]! / other[i]!);
  return { median: median(ratios), ci: bootstrap(ratios, median), ratios };
}

export type VerdictKind = 'met' | 'missed' | 'undecided' | 'info';
export interface Verdict {
  kind: VerdictKind;
  /** Why, in a few words (shown next to the mark). */
  note?: string;
}

/**
 * A target "value ≤ limit" judged on an interval: met when the whole interval is at or below the
 * limit, missed when the whole interval is above it, otherwise the noise is larger than the margin.
 */
export function judgeAtMost(ci: Interval, limit: number, digits = 2): Verdict {
  const [low, high] = ci;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { kind: 'undecided', note: 'no interval' };
  if (high <= limit) return { kind: 'met' };
  if (low > limit) return { kind: 'missed' };
  return { kind: 'undecided', note: `noise: the interval ${interval(ci, digits)} spans ${limit}` };
}

/** A target "value < limit": met when the whole interval is below the limit, missed when none of it is. */
export function judgeBelow(ci: Interval, limit: number, digits = 2): Verdict {
  const [low, high] = ci;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { kind: 'undecided', note: 'no interval' };
  if (high < limit) return { kind: 'met' };
  if (low >= limit) return { kind: 'missed' };
  return { kind: 'undecided', note: `noise: the interval ${interval(ci, digits)} spans ${limit}` };
}

export const info: Verdict = { kind: 'info' };

export const ms = (value: number, digits = 1) => `${value.toFixed(digits)} ms`;
export const times = (value: number, digits = 2) => `${value.toFixed(digits)}x`;
export const interval = ([low, high]: Interval, digits = 2) => `[${low.toFixed(digits)}, ${high.toFixed(digits)}]`;
export const ratioWithCi = (value: number, ci: Interval, digits = 2) => `${times(value, digits)} ${interval(ci, digits)}`;
export const kb = (bytes: number, digits = 2) => `${(bytes / 1024).toFixed(digits)} KB`;
export const signedKb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes), 1)}`;
export const bytes = (value: number) => `${Math.round(value).toLocaleString('en-US')} B`;

/** One row of a table: ours, the guide's pattern and the physical floor side by side. */
export interface Row {
  metric: string;
  ours: string;
  guide: string;
  floor: string;
  /** The paired comparison with its interval, e.g. "0.98x [0.95, 1.02]" (ours/guide unless said). */
  compare: string;
  target: string;
  verdict: Verdict;
}

/** A benchmark's outcome, the unit BENCHMARKS.md is built from. */
export interface Result {
  /** "1".."6" for headline metrics, "G1".. for guards. */
  number: string;
  title: string;
  rows: Row[];
  /** Markdown paragraphs: method, details, and for a missed target what would fix it. */
  notes: string[];
  /** Set when the benchmark could not run (a missing prerequisite, an error). */
  skipped?: string;
  seconds?: number;
}
