// A virtual wall clock and timer queue for simulating hours in a second. Date.now and
// setTimeout/clearTimeout are replaced; promises settle between timer firings via the real
// setImmediate. `sleep(ms)` models a suspended machine: the wall clock jumps, but timers are due
// on a monotonic clock that stopped (as Chrome's are on Linux and macOS), so each fires `ms` late.

interface Timer {
  id: number;
  due: number;
  callback: (...args: unknown[]) => void;
  args: unknown[];
}

const realSetImmediate = globalThis.setImmediate;

export class VirtualClock {
  now: number;
  #timers = new Map<number, Timer>();
  #nextId = 1;

  constructor(start: number) {
    this.now = start;
  }

  install(): () => void {
    const saved = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };
    globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms = 0, ...args: unknown[]) => {
      const id = this.#nextId++;
      this.#timers.set(id, { id, due: this.now + Math.max(0, Number(ms) || 0), callback, args });
      return id;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((id: number) => void this.#timers.delete(id)) as unknown as typeof clearTimeout;
    Date.now = () => this.now;
    return () => {
      globalThis.setTimeout = saved.setTimeout;
      globalThis.clearTimeout = saved.clearTimeout;
      Date.now = saved.now;
    };
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Lets every promise chain that can progress without time progress. */
  async flush(rounds = 12): Promise<void> {
    for (let i = 0; i < rounds; i++) await new Promise((resolve) => realSetImmediate(resolve));
  }

  #next(): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.#timers.values()) if (!next || timer.due < next.due) next = timer;
    return next;
  }

  /** Fires every timer due up to `time`, in order, then sets the clock to `time`. */
  async advanceTo(time: number): Promise<void> {
    await this.flush();
    for (let next = this.#next(); next && next.due <= time; next = this.#next()) {
      this.now = Math.max(this.now, next.due);
      this.#timers.delete(next.id);
      next.callback(...next.args);
      await this.flush();
    }
    this.now = Math.max(this.now, time);
    await this.flush();
  }

  /** Advances time until `promise` settles (fails if it cannot: nothing left to fire). */
  async run<T>(promise: Promise<T>, limitMs = 60_000): Promise<T> {
    let settled = false;
    promise.then(() => (settled = true), () => (settled = true));
    const end = this.now + limitMs;
    await this.flush();
    while (!settled) {
      const next = this.#next();
      if (!next || next.due > end) throw new Error('VirtualClock.run: the promise cannot settle');
      await this.advanceTo(next.due);
    }
    return promise;
  }

  /** Suspends the machine for `ms`: wall time jumps; every pending timer becomes `ms` late. */
  sleep(ms: number): void {
    this.now += ms;
    for (const timer of this.#timers.values()) timer.due += ms;
  }
}
