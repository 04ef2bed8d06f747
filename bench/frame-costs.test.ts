import { describe, expect, it } from 'vitest';
import { blankSpans, blockingTime, handOverCost, longestFrameGap, unionLength } from './frame-costs.js';

// Row 7's figures (issue 23 item 3): the guide's long task lies inside its blank spell, so adding
// the two counts it twice; the union counts it once.
describe('hand-over cost arithmetic', () => {
  it('counts overlapping time once in a union', () => {
    expect(unionLength([[0, 100], [50, 120], [200, 250]])).toBe(170);
    expect(unionLength([[10, 20], [0, 100]])).toBe(100); // one inside the other
    expect(unionLength([])).toBe(0);
  });

  it('takes blocking time as the part of each long task beyond 50 ms', () => {
    expect(blockingTime([[0, 60], [100, 400], [500, 540]])).toBe(10 + 250 + 0);
  });

  it('finds blank spells from the frames and the longest gap between frames, inside the window', () => {
    const frames = [
      { at: 0, drawn: true },
      { at: 16, drawn: true },
      { at: 32, drawn: false },
      { at: 300, drawn: false },
      { at: 316, drawn: true },
      { at: 900, drawn: true }, // outside the window
    ];
    expect(blankSpans(frames, 0, 400)).toEqual([[16, 32], [32, 300]]);
    expect(longestFrameGap(frames, 0, 400)).toBe(268);
    expect(longestFrameGap(frames, 0, 800)).toBe(800 - 316); // no frame since 316: frozen until the window ends
  });

  it('reports blank, blocking and their union separately: a task inside a blank spell is not counted twice', () => {
    const frames = [{ at: 0, drawn: true }, { at: 100, drawn: false }, { at: 500, drawn: false }, { at: 516, drawn: true }];
    const tasks = [{ start: 150, duration: 300 }, { start: 600, duration: 80 }];
    const cost = handOverCost({ from: 0, to: 700, frames, tasks });
    expect(cost.blankMs).toBe(500);
    expect(cost.blockingMs).toBe(250 + 30);
    expect(cost.unionMs).toBe(500 + 80); // the 300 ms task lies inside the blank spell
    expect(cost.longestTaskMs).toBe(300);
    expect(cost.longestFrameMs).toBe(400);
    expect(cost.totalMs).toBe(700);
  });
});
