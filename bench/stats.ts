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

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 2 ** -n; // C(n, 0) / 2^n
  let total = 0;
  for (let i = 0; i <= k; i++) {
    total += term;
    term = (term * (n - i)) / (i + 1);
  }
  return total;
}

/**
 * The distribution-free interval for a median: [x(k), x(n+1−k)] of the sorted sample, with the largest
 * k whose exact coverage 1 − 2·P(Binomial(n, ½) < k) is still ≥ `level`. Exact for any continuous
 * distribution (no resampling, no shape assumed), so its coverage holds at small n, where a percentile
 * bootstrap's does not (≈86% at n = 8). Below n = 6 no such pair reaches 95%: the interval is then
 * [min, max] and `coverage` says what it really is.
 */
export function medianInterval(values: readonly number[], level = 0.95): { ci: Interval; coverage: number } {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { ci: [Number.NaN, Number.NaN], coverage: 0 };
  let k = 1;
  while (k + 1 <= n + 1 - (k + 1) && 1 - 2 * binomialHalfCdf(n, k) >= level) k++;
  return { ci: [sorted[k - 1]!, sorted[n - k]!], coverage: 1 - 2 * binomialHalfCdf(n, k - 1) };
}

/**
 * Per-pair ratios ours/other (pairs measured back to back), their median and its interval: the
 * order-statistic interval of medianInterval (exact coverage, printed as `coverage`).
 */
export function pairedRatio(ours: readonly number[], other: readonly number[]): { median: number; ci: Interval; ratios: number[]; coverage: number } {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(ours.length, other.length); i++) if (other[i]! > 0) ratios.push(ours[i]! / other[i]!);
  const { ci, coverage } = medianInterval(ratios);
  return { median: median(ratios), ci, ratios, coverage };
}

/** Per-pair differences a − b, their median and its order-statistic interval (see medianInterval). */
export function pairedDifference(a: readonly number[], b: readonly number[]): { median: number; ci: Interval; coverage: number } {
  const differences = a.slice(0, Math.min(a.length, b.length)).map((value, i) => value - b[i]!);
  return { median: median(differences), ...medianInterval(differences) };
}

export interface CoverageCheck {
  n: number;
  trials: number;
  /** Share of simulated samples whose interval held the true median: the order-statistic interval and, for contrast, the percentile bootstrap. */
  orderStatistic: number;
  bootstrap: number;
  nominal: number;
}

/**
 * Checks an interval method at the sample size a row uses: `trials` seeded samples of n from a skewed
 * distribution (log-normal, σ = 0.5, true median 1, as timing ratios are), the share of intervals that
 * hold the true median. Printed in the report next to the rows, so the 95% is checked, not assumed.
 */
export function coverageCheck(n: number, { trials = 1000, seed = 7 } = {}): CoverageCheck {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  let order = 0;
  let boot = 0;
  let nominal = 0;
  for (let t = 0; t < trials; t++) {
    const sample = Array.from({ length: n }, () => Math.exp(0.5 * normal()));
    const exact = medianInterval(sample);
    nominal = exact.coverage;
    if (exact.ci[0] <= 1 && exact.ci[1] >= 1) order++;
    if (n > 30) continue; // the bootstrap's shortfall is a small-n problem; at n = 200 it would only cost minutes
    const [low, high] = bootstrap(sample, median, { resamples: 400, seed: t + 1 });
    if (low <= 1 && high >= 1) boot++;
  }
  return { n, trials, orderStatistic: order / trials, bootstrap: n > 30 ? Number.NaN : boot / trials, nominal };
}

/** One line for the report: what the interval check found at this n. */
export function describeCoverage(check: CoverageCheck): string {
  const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
  return (
    `interval check at n = ${check.n}: the order-statistic interval held the true median in ${pct(check.orderStatistic)} of ` +
    `${check.trials} simulated samples (exact coverage ${pct(check.nominal)})` +
    (Number.isNaN(check.bootstrap) ? '' : `; a percentile bootstrap at the same n: ${pct(check.bootstrap)}`)
  );
}

export type VerdictKind = 'met' | 'missed' | 'undecided' | 'info' | 'tie';
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

/**
 * "ours/other ≤ limit" (or "< limit" with `strict`) on a ratio's interval, with an honest middle: when
 * the interval holds the limit the row is a tie, reported with how far from the limit the interval
 * reaches ("tie within 6 %"), not a verdict that flips with the next run's noise.
 */
export function judgeRatio(ci: Interval, limit = 1, { strict = false } = {}): Verdict {
  const [low, high] = ci;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { kind: 'undecided', note: 'no interval' };
  if (strict ? high < limit : high <= limit) return { kind: 'met' };
  if (strict ? low >= limit : low > limit) return { kind: 'missed' };
  return { kind: 'tie', note: `tie within ${tiePercent(ci, limit)} %` };
}

/** How far (in % of the limit, rounded up) an interval that holds the limit reaches on either side. */
export function tiePercent([low, high]: Interval, limit: number): number {
  const reach = (Math.max(Math.abs(high - limit), Math.abs(limit - low)) / Math.abs(limit)) * 100;
  return Math.ceil(Number(reach.toFixed(6))); // 1.06 − 1 is 0.0600…01 in floating point: 6 %, not 7 %
}

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
  /** Paired sample sizes its intervals come from: the report checks the interval method's coverage at each. */
  sampleSizes?: number[];
}
