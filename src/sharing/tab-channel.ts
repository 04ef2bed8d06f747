/** The part of `BroadcastChannel` the session uses; tests and other transports fit too. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export type ChannelFactory = (name: string) => ChannelLike;

/** The browser's BroadcastChannel (same origin only, in memory), or undefined where there is none. */
export function browserChannel(name: string): ChannelLike | undefined {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  if (typeof Channel !== 'function') return undefined;
  try {
    return new Channel(name);
  } catch {
    return undefined; // e.g. an opaque origin: each tab works alone
  }
}
