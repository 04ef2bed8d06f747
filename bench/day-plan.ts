// Simulated days of a viewer left open: awake work, hidden-tab spells, short sleeps (lid closed),
// lunch and the overnight sleep, as a list of segments; and a player that runs one in a World.
import type { World } from './sim-viewer.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

export type Segment =
  | { kind: 'work'; ms: number }
  | { kind: 'hidden'; ms: number }
  | { kind: 'sleep'; ms: number };

export interface Plan {
  name: string;
  segments: Segment[];
}

const uniform = (random: () => number, low: number, high: number) => low + (high - low) * random();

/**
 * A working day with the viewer open, 08:30 to about 17:30, then the laptop sleeps overnight and
 * the user works 30 more minutes the next morning. Work comes in blocks of 10 to 50 minutes; after
 * each block the user switches to another tab for 3 to 40 minutes (45%), closes the lid for 2 to 15
 * minutes (35%) or goes on (20%); lunch (the lid closed) for 40 to 75 minutes from about 12:00.
 */
export function realisticDay(random: () => number): Plan {
  const segments: Segment[] = [];
  let t = 8.5 * HOUR;
  const lunchAt = 12 * HOUR + uniform(random, 0, 60 * MIN);
  const end = 17.5 * HOUR + uniform(random, -30 * MIN, 30 * MIN);
  let lunched = false;
  // Every block of work lasts minutes: the user never shows the tab and closes the lid in the same second.
  while (end - t >= 5 * MIN) {
    let work = Math.min(uniform(random, 10 * MIN, 50 * MIN), end - t);
    if (!lunched && t + work >= lunchAt) work = Math.max(MIN, lunchAt - t);
    segments.push({ kind: 'work', ms: Math.round(work) });
    t += work;
    if (t >= end) break;
    if (!lunched && t >= lunchAt - MIN) {
      const lunch = Math.round(uniform(random, 40 * MIN, 75 * MIN));
      segments.push({ kind: 'sleep', ms: lunch });
      t += lunch;
      lunched = true;
      continue;
    }
    const pick = random();
    const pause =
      pick < 0.45 ? ({ kind: 'hidden', ms: Math.round(uniform(random, 3 * MIN, 40 * MIN)) } as const)
      : pick < 0.8 ? ({ kind: 'sleep', ms: Math.round(uniform(random, 2 * MIN, 15 * MIN)) } as const)
      : undefined;
    if (pause && t + pause.ms + 5 * MIN <= end) {
      segments.push(pause);
      t += pause.ms;
    }
  }
  const nextMorning = 24 * HOUR + 8.5 * HOUR + uniform(random, -30 * MIN, 30 * MIN);
  segments.push({ kind: 'sleep', ms: Math.round(nextMorning - t) });
  segments.push({ kind: 'work', ms: 30 * MIN });
  return { name: 'realistic day', segments };
}

/** `hours` of work with a sleep of `sleepMin` every `everyMin` minutes (the audit's fixed scenarios). */
export function periodicSleeps(name: string, hours: number, firstMin: number, everyMin: number, sleepMin: number): Plan {
  const segments: Segment[] = [];
  let worked = 0;
  let next = firstMin * MIN;
  while (worked < hours * HOUR) {
    const work = Math.min(next - worked, hours * HOUR - worked);
    segments.push({ kind: 'work', ms: work });
    worked += work;
    if (worked >= hours * HOUR) break;
    segments.push({ kind: 'sleep', ms: sleepMin * MIN });
    next += everyMin * MIN - sleepMin * MIN;
  }
  return { name, segments };
}

export interface PlayOptions {
  /** Mean time between the user's engine requests while working (exponential gaps, 2 s to 2 min). */
  meanGapMs?: number;
  /** The first request after a sleep or a hidden spell comes this long after it (uniform). */
  firstRequestMs?: [number, number];
  /**
   * The user's input (a pointer move, a key) comes this long before each request it leads to: a hand
   * on the mouse before the click, the wheel before the tile. Default 300 ms; 0 = in the same task.
   */
  inputLeadMs?: number;
  /** Called after each segment (for looking into a day). */
  afterSegment?: (segment: Segment, index: number) => void;
}

/** Viewer-hours of a plan: the time the page is open and the machine awake (sleep excluded). */
export function viewerHours(plan: Plan): number {
  return plan.segments.filter((s) => s.kind !== 'sleep').reduce((total, s) => total + s.ms, 0) / HOUR;
}

/** Runs `plan` in `world`: requests from tab 0 while working, throttled timers while hidden, sleeps. */
export async function play(world: World, plan: Plan, random: () => number, options: PlayOptions = {}): Promise<void> {
  const meanGap = options.meanGapMs ?? 20_000;
  const [firstLow, firstHigh] = options.firstRequestMs ?? [3_000, 15_000];
  const lead = options.inputLeadMs ?? 300;
  const { clock } = world;
  const setHidden = (hidden: boolean) => {
    for (const tab of world.tabs) tab.setHidden(hidden);
  };
  let resumed = false;
  for (const [index, segment] of plan.segments.entries()) {
    if (segment.kind === 'sleep') {
      clock.sleep(segment.ms);
      if (plan.segments[index + 1]?.kind !== 'sleep') {
        clock.show();
        setHidden(false);
        for (const tab of world.tabs) tab.wake('visible'); // the page is shown again (when the world has wake events)
      }
      resumed = true;
      options.afterSegment?.(segment, index);
      continue;
    }
    if (segment.kind === 'hidden') {
      clock.hide();
      setHidden(true);
      await clock.advance(segment.ms);
      // A hidden spell that ends in a sleep (the lid closed with the tab in the background) stays hidden until the wake.
      if (plan.segments[index + 1]?.kind !== 'sleep') {
        clock.show();
        setHidden(false);
        for (const tab of world.tabs) tab.wake('visible');
      }
      resumed = true;
      options.afterSegment?.(segment, index);
      continue;
    }
    let at = 0;
    for (;;) {
      const gap = resumed ? uniform(random, firstLow, firstHigh) : Math.min(120_000, Math.max(2_000, -Math.log(1 - random()) * meanGap));
      resumed = false;
      if (at + gap >= segment.ms) break;
      await clock.advance(Math.max(0, gap - lead));
      world.tabs[0]!.input(); // the request's own gesture, a moment before it
      await clock.advance(Math.min(gap, lead));
      at += gap;
      world.request();
    }
    await clock.advance(segment.ms - at);
    options.afterSegment?.(segment, index);
  }
  await world.settle();
}
