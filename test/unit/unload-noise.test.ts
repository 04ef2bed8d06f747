import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietUnloadNoise, UNLOAD_NOISE_WINDOW_MS } from '../../src/unload-noise';

/** An `unhandledrejection` as the browser dispatches it: cancelable, with the rejection's reason. */
function rejection(target: EventTarget, reason: unknown): boolean {
  const event = Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
  target.dispatchEvent(event);
  return event.defaultPrevented;
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

  it('does nothing outside a browser', () => {
    expect(() => quietUnloadNoise(undefined)).not.toThrow();
  });
});
