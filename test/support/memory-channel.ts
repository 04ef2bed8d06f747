import type { ChannelFactory, ChannelLike } from '../../src/sharing/tab-channel.js';

type Listener = (event: { data: unknown }) => void;

/**
 * BroadcastChannel for tests: one hub, channels by name, delivery as a task (like the browser's:
 * never to the sender, after the current job). `freeze()` loses every message, as a channel that
 * never delivers; `sent` keeps every message for inspection.
 */
export function memoryChannels() {
  const open = new Map<string, Set<MemoryChannel>>();
  const sent: unknown[] = [];
  let frozen = false;

  class MemoryChannel implements ChannelLike {
    readonly #listeners = new Set<Listener>();
    #closed = false;
    constructor(readonly name: string) {
      if (!open.has(name)) open.set(name, new Set());
      open.get(name)!.add(this);
    }
    postMessage(message: unknown): void {
      if (this.#closed) throw new Error('InvalidStateError: channel is closed');
      const data = structuredClone(message);
      sent.push(data);
      if (frozen) return;
      for (const peer of open.get(this.name) ?? []) {
        if (peer !== this) setTimeout(() => peer.#deliver(data), 0);
      }
    }
    #deliver(data: unknown): void {
      if (this.#closed) return;
      for (const listener of [...this.#listeners]) listener({ data });
    }
    addEventListener(_: 'message', listener: Listener): void {
      this.#listeners.add(listener);
    }
    removeEventListener(_: 'message', listener: Listener): void {
      this.#listeners.delete(listener);
    }
    close(): void {
      this.#closed = true;
      open.get(this.name)?.delete(this);
    }
  }

  const factory: ChannelFactory = (name) => new MemoryChannel(name);
  return {
    factory,
    sent,
    freeze: () => (frozen = true),
    openCount: () => [...open.values()].reduce((n, set) => n + set.size, 0),
  };
}
