// Where a fake viewer mounts in a unit test (happy-dom): a fresh element in the page for each test,
// on fake timers, removed afterwards. `host` is a live binding: importers see each test's element.
import { afterEach, beforeEach, vi } from 'vitest';

export let host: HTMLElement;

/** Registers the hooks that give each test of the calling file a fresh `host` on fake timers. */
export function useHostOnFakeTimers(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => {
    host.remove();
    vi.useRealTimers();
  });
}
