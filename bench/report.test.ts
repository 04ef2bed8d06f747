import { describe, expect, it } from 'vitest';
import { renderReport, type Machine } from './report.js';
import type { Result } from './stats.js';

// BENCHMARKS.md is the only file `npm run bench` writes: the headline table, the run it comes from
// and the guards must all be in it (the README links there and holds nothing generated).
const machine: Machine = {
  cores: 2, cpu: 'test CPU', memoryGb: 8, node: 'v20.20.2', chromium: 'Chromium 156.0.1 built on Debian',
  date: '2026-01-02T03:04:05.000Z', load: { start: 0.5, end: 1.5 },
};
const row = (metric: string) => ({ metric, ours: '1', guide: '2', floor: '0', compare: '0.5x [0.4, 0.6]', target: '< guide', verdict: { kind: 'met' as const } });
const results: Result[] = [
  { number: '1', title: 'Stalls', rows: [row('stalls per viewer-hour')], notes: ['How stalls are counted.'] },
  { number: '4', title: 'Chunk', rows: [], notes: [], skipped: 'no Vite' },
  { number: 'G1', title: 'Guard: overhead', rows: [row('overhead')], notes: [] },
];

describe('renderReport', () => {
  const report = renderReport(machine, results, 308_000);

  it('puts the run line and the headline table first, guards in their own table', () => {
    const headline = /\n## Headline\n\n(.*)\n\n((?:\|.*\n)+)/.exec(report);
    expect(headline?.[1]).toBe(
      "From the run of 2026-01-02 03:04 UTC (2 shared cores, Node 20.20.2, Chromium 156.0.1; 308 s). Ours vs the guide's pattern vs the floor, side by side; intervals are ≥ 95% (order statistics), paired, within the run.",
    );
    expect(headline?.[2]).toContain('| 1 | stalls per viewer-hour | 1 | 2 | 0 | 0.5x [0.4, 0.6] | < guide | ✅ met |');
    expect(headline?.[2]).toContain('| 4 | Chunk | — | — | — | — | — | ⚠️ not run: no Vite |');
    expect(headline?.[2]).not.toContain('G1');
    expect(report).toMatch(/\n## Guards\n[\s\S]*\| G1 \| overhead \|/);
  });

  it('prints the interval check at each sample size the rows used, and a tie as a tie', () => {
    const tied: Result = { number: '3', title: 'Cold start', sampleSizes: [9], notes: [], rows: [{ ...row('cold start'), verdict: { kind: 'tie', note: 'tie within 7 %' } }] };
    const withTie = renderReport(machine, [tied], 1000);
    expect(withTie).toContain('| 3 | cold start | 1 | 2 | 0 | 0.5x [0.4, 0.6] | < guide | ≈ tie within 7 % |');
    expect(withTie).toMatch(/## Intervals\n[\s\S]*- interval check at n = 9: the order-statistic interval held the true median in \d+\.\d % of 1000 simulated samples \(exact coverage 96\.1 %\); a percentile bootstrap at the same n: \d+\.\d %\./);
  }, 60_000);

  it('says how it was made and how to check the simulation', () => {
    expect(report).toContain('`npm run bench`');
    expect(report).toContain('npx vitest run --config bench/vitest.config.ts');
    expect(report).toContain('## 1. Stalls\n\nHow stalls are counted.');
  });
});
