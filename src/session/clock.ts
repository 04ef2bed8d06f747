import { SLEEP_THRESHOLD_MS } from '../policy/renewal-policy.js';

/** The two clocks a browser has: each lies in its own way. */
export interface Clock {
  /** `Date.now()`: jumps when the user or NTP sets it; runs on while the machine sleeps. */
  wall(): number;
  /** `performance.now()`: never jumps, but in most browsers stops while the machine sleeps. */
  monotonic(): number;
}

export const systemClock: Clock = {
  wall: () => Date.now(),
  monotonic: () => (globalThis.performance?.now ? globalThis.performance.now() : Date.now()),
};

/**
 * The session's own time, in ms: it starts at `Date.now()` and advances by whichever clock moved
 * further since the last reading, and never backwards. A sleep (the wall clock runs ahead) and a
 * clock set back (the monotonic clock runs ahead) therefore both bring renewal due on time; a clock
 * set forward only makes it early.
 */

export class SessionClock {
  #lastWall: number;
  #lastMonotonic: number;
  #now: number;
  #sleeps = 0;
  /** How far the wall clock ran ahead in the last sleep, in ms. */
  lastSleepMs: number | undefined;

  constructor(readonly clock: Clock = systemClock) {
    this.#lastWall = clock.wall();
    this.#lastMonotonic = clock.monotonic();
    this.#now = this.#lastWall;
  }

  /** How many sleeps this clock has seen: the wall clock ran ahead of the monotonic one by over 5 s between two readings. */
  get sleeps(): number {
    this.now();
    return this.#sleeps;
  }

  now(): number {
    const wall = this.clock.wall();
    const monotonic = this.clock.monotonic();
    const ahead = wall - this.#lastWall - (monotonic - this.#lastMonotonic);
    if (ahead > SLEEP_THRESHOLD_MS) {
      this.#sleeps++;
      this.lastSleepMs = ahead;
    }
    this.#now += Math.max(0, wall - this.#lastWall, monotonic - this.#lastMonotonic);
    this.#lastWall = wall;
    this.#lastMonotonic = monotonic;
    return this.#now;
  }

  wall(): number {
    return this.clock.wall();
  }

  /** A session time as a `Date.now()` time in the wall clock's current frame, for reporting. */
  toWall(at: number): number {
    return this.wall() + (at - this.now());
  }
}
