// What a hand-over costs the user, computed from what the page recorded (bench/swap-cost.ts): its
// animation frames (time, and whether a drawn page was on top) and its long tasks (start, length).
// Pure functions, so the self-test (bench/frame-costs.test.ts) checks the arithmetic the rows rest on.

/** [start, end] in ms on the page's clock (performance.now()). */
export type Span = [start: number, end: number];

/** One animation frame: its timestamp and whether the viewer on top showed a drawn page. */
export interface Frame {
  at: number;
  drawn: boolean;
}

/** One long task (Long Tasks API): its start and its duration. */
export interface Task {
  start: number;
  duration: number;
}

/** The length of the union of spans: overlapping time is counted once. */
export function unionLength(spans: readonly Span[]): number {
  const sorted = spans.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: Span | undefined;
  for (const [start, end] of sorted) {
    if (current && start <= current[1]) {
      current[1] = Math.max(current[1], end);
      continue;
    }
    if (current) total += current[1] - current[0];
    current = [start, end];
  }
  if (current) total += current[1] - current[0];
  return total;
}

/**
 * Blank spells on screen: a frame with no drawn page on top stood for the time since the frame before
 * it (the same rule as demo/swap-e2e.ts's per-frame check). Only frames inside [from, to] count.
 */
export function blankSpans(frames: readonly Frame[], from: number, to: number): Span[] {
  const spans: Span[] = [];
  let previous: number | undefined;
  for (const frame of frames) {
    if (frame.at < from || frame.at > to) continue;
    if (!frame.drawn && previous !== undefined) spans.push([previous, frame.at]);
    previous = frame.at;
  }
  return spans;
}

/** The long tasks that started inside [from, to], as spans. */
export function taskSpans(tasks: readonly Task[], from: number, to: number): Span[] {
  return tasks.filter((task) => task.start >= from && task.start <= to).map((task) => [task.start, task.start + task.duration]);
}

/** Blocking time as Lighthouse's TBT counts it: the part of each long task beyond 50 ms, summed. */
export function blockingTime(spans: readonly Span[]): number {
  return spans.reduce((total, [start, end]) => total + Math.max(0, end - start - 50), 0);
}

/** The longest single span (0 when none). */
export function longest(spans: readonly Span[]): number {
  return spans.reduce((most, [start, end]) => Math.max(most, end - start), 0);
}

/** The longest gap between consecutive animation frames inside [from, to]: the longest frozen frame. */
export function longestFrameGap(frames: readonly Frame[], from: number, to: number): number {
  let most = 0;
  let previous: number | undefined;
  for (const frame of frames) {
    if (frame.at < from || frame.at > to) continue;
    if (previous !== undefined) most = Math.max(most, frame.at - previous);
    previous = frame.at;
  }
  // A frame that never came before `to` froze the screen until then.
  if (previous !== undefined) most = Math.max(most, to - previous);
  return most;
}

/** Everything one hand-over cost, from one recording. */
export interface HandOverCost {
  blankMs: number;
  blockingMs: number;
  /** Blank spells and whole long tasks together, overlaps once: time the user could not interact. */
  unionMs: number;
  longestTaskMs: number;
  longestFrameMs: number;
  totalMs: number;
}

export function handOverCost(recording: { from: number; to: number; frames: readonly Frame[]; tasks: readonly Task[] }): HandOverCost {
  const { from, to, frames, tasks } = recording;
  const blank = blankSpans(frames, from, to);
  const long = taskSpans(tasks, from, to);
  return {
    blankMs: unionLength(blank),
    blockingMs: blockingTime(long),
    unionMs: unionLength([...blank, ...long]),
    longestTaskMs: longest(long),
    longestFrameMs: longestFrameGap(frames, from, to),
    totalMs: to - from,
  };
}
