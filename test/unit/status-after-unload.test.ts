// @vitest-environment happy-dom
// Issue 22 item 10: pspdfkit 2024.8.2's toolbar dropdowns (downshift) write their screen-reader
// status from timers that outlive unload(); with the status element gone they call
// `shadowRoot.createElement` and the page gets an uncaught TypeError. After an unload of ours the
// detached root gets the element back, so those timers end quietly. The fake SDK has the habit.
import { describe, expect, it, vi } from 'vitest';
import { unloadQuietly } from '../../src/viewer/viewer-sdk.js';
import { keepStatusElement, STATUS_ID, viewerShadowRoots } from '../../src/viewer/status-after-unload.js';
import { createFakeOldSdk, type FakeOldInstance } from '../support/fake-old-sdk.js';
import { host as container, useHostOnFakeTimers } from '../support/host-element.js';

useHostOnFakeTimers();

async function loaded() {
  const sdk = createFakeOldSdk();
  const loading = sdk.load({ container, authPayload: { jwt: 'first' } });
  await vi.advanceTimersByTimeAsync(500);
  return { sdk, instance: await loading };
}

describe('the SDK dropdowns\u2019 status after an unload of ours', () => {
  it('the fake has the SDK\u2019s habit: after the SDK\u2019s own unload the late status timer throws the TypeError', async () => {
    const { sdk, instance } = await loaded();
    instance.openDropdown();
    sdk.unload(instance);
    await expect(vi.advanceTimersByTimeAsync(1_000)).rejects.toThrow(/createElement is not a function/);
  });

  it.each([
    ['the instance', (instance: FakeOldInstance) => instance as unknown],
    ['the container', () => container as unknown],
  ])('unloading %s: the dropdown\u2019s late timers find a status element in the detached root, nothing throws', async (_, target) => {
    const { sdk, instance } = await loaded();
    instance.openDropdown();
    unloadQuietly(sdk as never, target(instance));
    expect(instance.unloaded).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    // Both timers ran, into the element left for them, off the page.
    expect(instance.statusWrites).toEqual([expect.stringContaining('result'), '']);
    expect(instance.contentDocument.host.isConnected).toBe(false);
    expect(instance.contentDocument.getElementById(STATUS_ID)?.hidden).toBe(true);
    expect(document.getElementById(STATUS_ID)).toBeNull();
  });

  it('leaves a root still on the page alone (one the SDK did not let go of)', async () => {
    const { instance } = await loaded();
    const root = instance.contentDocument;
    root.getElementById(STATUS_ID)!.remove();
    keepStatusElement(viewerShadowRoots(container));
    expect(root.getElementById(STATUS_ID)).toBeNull();
  });

  it('finds no roots, and does not throw, for a target that renders nothing', () => {
    expect(viewerShadowRoots(undefined)).toEqual([]);
    expect(viewerShadowRoots('not a [selector')).toEqual([]);
    expect(viewerShadowRoots({ get contentDocument(): never { throw new Error('unloaded') } })).toEqual([]);
  });
});
