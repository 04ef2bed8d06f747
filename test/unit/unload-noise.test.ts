import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietUnloadNoise, UNLOAD_NOISE_WINDOW_MS } from '../../src/viewer/unload-noise';

/** An `unhandledrejection` as the browser dispatches it: cancelable, with the rejection's reason. */
function rejection(target: EventTarget, reason: unknown): boolean {
  const event = Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

/** A page that counts the listeners on it (each listener and capture flag once, as EventTarget does). */
class CountingTarget extends EventTarget {
  readonly #added = new Set<string>();
  readonly #ids = new Map<unknown, number>();
  #key(listener: unknown, options?: boolean | EventListenerOptions): string {
    if (!this.#ids.has(listener)) this.#ids.set(listener, this.#ids.size);
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    return `${this.#ids.get(listener)}:${capture}`;
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    this.#added.add(`${type}:${this.#key(listener, options)}`);
    super.addEventListener(type, listener, options);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void {
    this.#added.delete(`${type}:${this.#key(listener, options)}`);
    super.removeEventListener(type, listener, options);
  }
  listeners(): number {
    return this.#added.size;
  }
}

const sdkAbort = () => {
  const controller = new AbortController();
  controller.abort();
  return controller.signal.reason as unknown;
};

describe('unload noise', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('marks only the SDK\'s bare-abort rejection handled, and only for a short while after an unload', () => {
    vi.useFakeTimers();
    const page = new EventTarget();
    expect(rejection(page, sdkAbort())).toBe(false); // no unload yet: nothing is listening
    quietUnloadNoise(page);
    expect(rejection(page, sdkAbort())).toBe(true);
    expect(rejection(page, new DOMException('Aborted', 'AbortError'))).toBe(false); // another message
    expect(rejection(page, new Error('signal is aborted without reason'))).toBe(false); // not a DOMException
    expect(rejection(page, new TypeError('an app bug'))).toBe(false);
    vi.advanceTimersByTime(UNLOAD_NOISE_WINDOW_MS + 1);
    expect(rejection(page, sdkAbort())).toBe(false);
    quietUnloadNoise(page); // a later unload opens the window again, with the same one listener
    expect(rejection(page, sdkAbort())).toBe(true);
  });

  it('stops the noise before any listener added after it, and lets everything else through', () => {
    vi.useFakeTimers();
    const page = new EventTarget();
    quietUnloadNoise(page);
    const reported: unknown[] = [];
    page.addEventListener('unhandledrejection', (event) => reported.push((event as Event & { reason: unknown }).reason));
    const appBug = new TypeError('an app bug');
    rejection(page, sdkAbort());
    rejection(page, appBug);
    expect(reported).toEqual([appBug]);
  });

  it('leaves no listener on the page once the window has passed, however many unloads opened it', () => {
    vi.useFakeTimers();
    const page = new CountingTarget();
    quietUnloadNoise(page);
    expect(page.listeners()).toBe(1);
    vi.advanceTimersByTime(UNLOAD_NOISE_WINDOW_MS - 1000);
    quietUnloadNoise(page); // a second unload extends the window, with the same one listener
    expect(page.listeners()).toBe(1);
    vi.advanceTimersByTime(UNLOAD_NOISE_WINDOW_MS - 1);
    expect(rejection(page, sdkAbort())).toBe(true);
    vi.advanceTimersByTime(2);
    expect(page.listeners()).toBe(0);
    quietUnloadNoise(page); // a later unload opens it again
    expect(page.listeners()).toBe(1);
    expect(rejection(page, sdkAbort())).toBe(true);
    vi.advanceTimersByTime(UNLOAD_NOISE_WINDOW_MS + 1);
    expect(page.listeners()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('moves to another page without leaving its listener on the first', () => {
    vi.useFakeTimers();
    const first = new CountingTarget();
    const second = new CountingTarget();
    quietUnloadNoise(first);
    quietUnloadNoise(second);
    expect([first.listeners(), second.listeners()]).toEqual([0, 1]);
    vi.advanceTimersByTime(UNLOAD_NOISE_WINDOW_MS + 1);
    expect([first.listeners(), second.listeners()]).toEqual([0, 0]);
  });

  it('does nothing outside a browser', () => {
    expect(() => quietUnloadNoise(undefined)).not.toThrow();
  });
});
