import { describe, expect, it } from 'vitest';
import { coverageCheck, judgeRatio, medianInterval, pairedRatio, tiePercent } from './stats.js';

// The interval behind every paired verdict: its coverage must hold at the small n the browser rows
// use, which is why it replaced the percentile bootstrap (≈86 % at n = 8).
describe('medianInterval', () => {
  it('takes the order statistics whose exact binomial coverage is at least 95 %', () => {
    const values = [10, 3, 7, 1, 9, 2, 8, 4, 6, 5]; // n = 10: [x(2), x(9)], coverage 1 − 2·11/1024
    const { ci, coverage } = medianInterval(values);
    expect(ci).toEqual([2, 9]);
    expect(coverage).toBeCloseTo(1 - 22 / 1024, 6);
    expect(medianInterval([1, 2, 3, 4, 5, 6, 7, 8]).ci).toEqual([1, 8]); // n = 8: [x(2), x(7)] is only 93 %
    expect(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9]).ci).toEqual([2, 8]); // n = 9: 96.1 %
  });

  it('says when no pair of order statistics reaches 95 % (n < 6)', () => {
    const { ci, coverage } = medianInterval([3, 1, 2, 5, 4]);
    expect(ci).toEqual([1, 5]);
    expect(coverage).toBeCloseTo(1 - 2 / 32, 6);
  });
});

describe('coverageCheck', () => {
  it('finds the order-statistic interval at or above 95 % at n = 8 and 10, where the percentile bootstrap falls short', () => {
    for (const n of [8, 10]) {
      const check = coverageCheck(n, { trials: 600 });
      expect(check.orderStatistic).toBeGreaterThanOrEqual(0.94);
      expect(check.bootstrap).toBeLessThan(0.93);
    }
  }, 60_000); // 2 × 600 bootstraps: seconds on a loaded 2-core machine
});

describe('judgeRatio', () => {
  it('is met or missed only when the whole interval is on one side; otherwise a tie with its width', () => {
    expect(judgeRatio([0.8, 0.97])).toEqual({ kind: 'met' });
    expect(judgeRatio([1.02, 1.3])).toEqual({ kind: 'missed' });
    expect(judgeRatio([0.95, 1.06])).toEqual({ kind: 'tie', note: 'tie within 6 %' });
    expect(judgeRatio([0.9, 1], 1, { strict: true }).kind).toBe('tie');
    expect(tiePercent([0.5, 1.01], 1)).toBe(50);
  });

  it('judges the paired ratios with the same interval', () => {
    const paired = pairedRatio([9, 9, 9, 9, 9, 9, 9, 9, 9, 9], [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    expect(paired.ci).toEqual([0.9, 0.9]);
    expect(judgeRatio(paired.ci).kind).toBe('met');
  });
});
