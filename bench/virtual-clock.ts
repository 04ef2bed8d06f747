// A virtual machine clock for simulating days in seconds: a wall clock (Date.now) and a monotonic
// clock (performance.now, and the clock timers are due on). While awake both advance together.
// `sleep(ms)` models a suspended laptop as on Linux and macOS: the wall clock jumps by `ms`, the
// monotonic clock stops, so every pending timer fires late by the whole sleep. `hide()` models a
// hidden tab as Chrome documents it (developer.chrome.com/blog/timer-throttling-in-chrome-88):
// timers fire aligned to 1 s, and once hidden for 5 min, chained timers (a chain count of 5 or
// more: set from a timer callback, or a setInterval's iterations) aligned to 1 min. The network is
// not throttled: `network(ms)` (a response's latency) is no timer and runs on time in a hidden tab,
// as Chromium's loading tasks do (only timer task queues are throttled; Chromium driven by
// Playwright cannot show this: it keeps every page visible, see bench/hidden-tab-probe.ts; driven
// directly it hides a background tab, bench/raw-chromium.ts). Timers nested more than 5
// deep wait at least 4 ms, as HTML says. Each timer is
// attributed to whoever created it, so the idle cost of each side (timer wake-ups, main-thread time
// in their callbacks) can be counted. Promises settle between firings through the real setImmediate.

export type TimerOwner = 'ours' | 'guide' | 'other';

interface Timer {
  id: number;
  /** Monotonic time the timer is due. */
  due: number;
  callback: (...args: unknown[]) => void;
  args: unknown[];
  /** Set for setInterval. */
  every?: number;
  owner: TimerOwner;
  /** How deeply nested: a timer set from a timer's callback is one deeper (HTML's timer nesting level, Chrome's chain count). */
  nesting: number;
  /** A network response's latency, not a timer: never throttled, never counted as a wake-up. */
  network?: boolean;
}

const realSetImmediate = globalThis.setImmediate;
const HIDDEN_ALIGN_MS = 1_000;
const INTENSIVE_ALIGN_MS = 60_000;
const INTENSIVE_AFTER_MS = 5 * 60_000;
// HTML: a timer nested more than 5 deep waits at least 4 ms, so a loop of 0 ms timers still lets time pass.
const NESTING_CLAMP_LEVEL = 5;
/** Chrome's intensive throttling applies to chains of at least this many timers. */
const INTENSIVE_CHAIN = 5;
const NESTED_MIN_MS = 4;

/**
 * Who made a timer, from its creation stack: the first frame outside this file and Node itself.
 * Our library's files and its runtime dependencies are 'ours'; bench/baseline.ts is the guide's.
 */
export function ownerOfStack(stack: string): TimerOwner {
  for (const line of stack.split('\n').slice(1)) {
    if (line.includes('virtual-clock') || line.includes('node:') || !line.includes('/')) continue;
    if (/\/src\/|node_modules\/(ky|p-retry|jose|is-network-error)\//.test(line)) return 'ours';
    if (line.includes('bench/baseline')) return 'guide';
    return 'other';
  }
  return 'other';
}

export class VirtualClock {
  /** Monotonic milliseconds since the clock was made (what performance.now() returns). */
  mono = 0;
  #wallOffset: number;
  #timers = new Map<number, Timer>();
  #nextId = 1;
  #hiddenSince: number | undefined;
  /** The nesting level of the timer whose callback is running, or -1 outside timer callbacks. */
  #running = -1;
  /** Time spent reading creation stacks, subtracted from the callback that created the timer. */
  #bookkeeping = 0n;
  /** Timer callbacks run, by owner. */
  readonly wakeUps: Record<TimerOwner, number> = { ours: 0, guide: 0, other: 0 };
  /** Real main-thread time spent inside those callbacks (synchronous part), by owner, in ms. */
  readonly callbackMs: Record<TimerOwner, number> = { ours: 0, guide: 0, other: 0 };

  constructor(startWall: number) {
    this.#wallOffset = startWall;
  }

  /** Wall-clock time (what Date.now() returns). */
  get now(): number {
    return this.mono + this.#wallOffset;
  }

  get hidden(): boolean {
    return this.#hiddenSince !== undefined;
  }

  install(): () => void {
    const saved = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
      dateNow: Date.now,
      perfNow: performance.now,
      stackLimit: Error.stackTraceLimit,
    };
    Error.stackTraceLimit = 40;
    const add = (callback: (...args: unknown[]) => void, ms: unknown, args: unknown[], repeat: boolean) => {
      const id = this.#nextId++;
      const nesting = this.#running + 1;
      const floor = nesting > NESTING_CLAMP_LEVEL ? NESTED_MIN_MS : repeat ? 1 : 0;
      const wait = Math.max(floor, Number(ms) || 0);
      const stackStart = process.hrtime.bigint();
      const owner = ownerOfStack(new Error().stack ?? '');
      this.#bookkeeping += process.hrtime.bigint() - stackStart; // not the callback's own cost
      this.#timers.set(id, { id, due: this.mono + wait, callback, args, owner, nesting, ...(repeat && { every: wait }) });
      // Node's timers are objects with unref(); some libraries call it.
      return { id, unref() { return this; }, ref() { return this; }, hasRef: () => true, [Symbol.toPrimitive]: () => id };
    };
    const remove = (handle: unknown) => {
      const id = typeof handle === 'object' && handle !== null ? (handle as { id: number }).id : Number(handle);
      this.#timers.delete(id);
    };
    globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      add(callback, ms, args, false)) as unknown as typeof setTimeout;
    globalThis.setInterval = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      add(callback, ms, args, true)) as unknown as typeof setInterval;
    globalThis.clearTimeout = remove as typeof clearTimeout;
    globalThis.clearInterval = remove as typeof clearInterval;
    Date.now = () => this.now;
    performance.now = () => this.mono;
    return () => {
      globalThis.setTimeout = saved.setTimeout;
      globalThis.clearTimeout = saved.clearTimeout;
      globalThis.setInterval = saved.setInterval;
      globalThis.clearInterval = saved.clearInterval;
      Date.now = saved.dateNow;
      performance.now = saved.perfNow;
      Error.stackTraceLimit = saved.stackLimit;
    };
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Lets every promise chain that can progress without time progress. */
  async flush(rounds = 8): Promise<void> {
    for (let i = 0; i < rounds; i++) await new Promise((resolve) => realSetImmediate(resolve));
  }

  /** When a timer due at `due` actually runs: later in a hidden tab (aligned wake-ups); a network response on time. */
  #firesAt({ due, nesting, network }: Timer): number {
    if (this.#hiddenSince === undefined || network) return due;
    const at = Math.max(due, this.mono);
    const intensive = at - this.#hiddenSince >= INTENSIVE_AFTER_MS && nesting >= INTENSIVE_CHAIN;
    const align = intensive ? INTENSIVE_ALIGN_MS : HIDDEN_ALIGN_MS;
    return Math.ceil(at / align) * align;
  }

  /** Resolves after `ms` of awake time, like a network response: on time in a hidden tab, and no timer wake-up. */
  network(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const id = this.#nextId++;
      this.#timers.set(id, { id, due: this.mono + Math.max(0, ms), callback: () => resolve(), args: [], owner: 'other', nesting: 0, network: true });
    });
  }

  #next(): { timer: Timer; at: number } | undefined {
    let next: { timer: Timer; at: number } | undefined;
    for (const timer of this.#timers.values()) {
      const at = this.#firesAt(timer);
      if (!next || at < next.at || (at === next.at && timer.id < next.timer.id)) next = { timer, at };
    }
    return next;
  }

  #fire(timer: Timer): void {
    if (timer.network) {
      this.#timers.delete(timer.id);
      return timer.callback();
    }
    // Each iteration of a setInterval is one more link of its chain.
    if (timer.every !== undefined) Object.assign(timer, { due: this.mono + timer.every, nesting: timer.nesting + 1 });
    else this.#timers.delete(timer.id);
    this.wakeUps[timer.owner]++;
    const start = process.hrtime.bigint();
    this.#running = timer.nesting;
    this.#bookkeeping = 0n;
    try {
      timer.callback(...timer.args);
    } finally {
      this.#running = -1;
      this.callbackMs[timer.owner] += Number(process.hrtime.bigint() - start - this.#bookkeeping) / 1e6;
    }
  }

  /** Runs every timer that fires within the next `ms` of monotonic time, in order; the machine is awake. */
  async advance(ms: number): Promise<void> {
    const end = this.mono + Math.max(0, ms);
    await this.flush();
    for (let next = this.#next(); next && next.at <= end; next = this.#next()) {
      this.mono = Math.max(this.mono, next.at);
      this.#fire(next.timer);
      await this.flush();
    }
    this.mono = end;
    await this.flush();
  }

  /** Advances (awake) until the wall clock reads `time`. */
  advanceTo(time: number): Promise<void> {
    return this.advance(time - this.now);
  }

  /** Advances time until `promise` settles (fails if it cannot: nothing left to fire). */
  async run<T>(promise: Promise<T>, limitMs = 120_000): Promise<T> {
    let settled = false;
    promise.then(() => (settled = true), () => (settled = true));
    const end = this.mono + limitMs;
    await this.flush();
    while (!settled) {
      const next = this.#next();
      if (!next || next.at > end) throw new Error('VirtualClock.run: the promise cannot settle');
      await this.advance(next.at - this.mono);
    }
    return promise;
  }

  /** Suspends the machine for `ms`: the wall clock jumps, the monotonic clock (and every timer) waits. */
  sleep(ms: number): void {
    this.#wallOffset += ms;
  }

  /** The tab goes to the background: its timers are throttled from now on. */
  hide(): void {
    this.#hiddenSince ??= this.mono;
  }

  show(): void {
    this.#hiddenSince = undefined;
  }
}
