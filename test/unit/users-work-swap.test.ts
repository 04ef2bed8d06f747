// @vitest-environment happy-dom
// The user's work at the two ends of a viewer without setSession (the swap code as it is, issue 13):
// 10 changes pending when a swap or a reload lets the old viewer go. The old viewer must have saved
// them (nothing left unsaved) before it is unloaded: the SDK drops what is pending at unload.
import { describe, expect, it, vi } from 'vitest';
import type { ReplaceMethod } from '../../src/session/events.js';
import { ViewerReplacer } from '../../src/viewer/viewer-swap.js';
import { createFakeOldSdk, type FakeOldInstance } from '../support/fake-old-sdk.js';
import { host, useHostOnFakeTimers } from '../support/host-element.js';

useHostOnFakeTimers();

describe.each(['swap', 'reload'] as ReplaceMethod[])("the user's work at a %s", (method) => {
  it('10 pending changes are saved before the old viewer is unloaded', async () => {
    const sdk = createFakeOldSdk();
    const replacer = new ViewerReplacer({
      sdk: sdk as never,
      host,
      method,
      configure: (jwt) => ({ authPayload: { jwt } }),
      latestStartAt: () => Date.now() + 60_000,
      currentJwt: () => 'first',
    });
    const loading = sdk.load({ container: replacer.container, authPayload: { jwt: 'first' } });
    await vi.advanceTimersByTimeAsync(1_000);
    const first = await loading;
    for (let i = 0; i < 10; i++) first.change();
    // What the old viewer still had unsaved at the moment it was unloaded.
    let unsavedAtUnload: number | undefined;
    const unload = sdk.unload.bind(sdk);
    sdk.unload = (target: unknown) => {
      if (target === first || target === first.container) unsavedAtUnload ??= first.unsaved;
      return unload(target);
    };
    const replaced = replacer.replace(first, 'second', new AbortController().signal);
    await vi.advanceTimersByTimeAsync(5_000);
    const next = (await replaced) as unknown as FakeOldInstance;
    expect(next.jwt).toBe('second');
    expect(first.unloaded).toBe(true);
    expect(unsavedAtUnload).toBe(0);
    expect(first.saves).toBeGreaterThanOrEqual(1);
  });
});
