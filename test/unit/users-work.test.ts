// The user's work at every end the library causes or sees: 10 annotations pending (autoSaveMode
// INTELLIGENT, the SDK's default without Instant, has not saved them yet) when the token endpoint
// says 401, the app signs out, or the session unloads the viewer. Afterwards the engine holds all
// 10, or an event counts the ones it does not and says why. The fake SDK drops unsaved changes on
// unload without a word, like the real one.
import { describe, expect, it, vi } from 'vitest';
import { useFakeTokenWorld } from '../support/renewer-harness.js';
import { status } from '../support/token-endpoint.js';
import { viewerWorld } from '../support/viewer-harness.js';
import type { FakeInstance } from '../support/fake-sdk.js';
import { guardLeaving } from '../../src/viewer/leave-guard.js';

const server = useFakeTokenWorld();

function drawTen(instance: FakeInstance, prefix = 'a'): string[] {
  const ids = Array.from({ length: 10 }, (_, i) => `${prefix}${i}`);
  for (const id of ids) expect(instance.draw(id)).toBe(true);
  return ids;
}

describe("the user's work at an end", () => {
  it('a 401 from the token endpoint: the 10 pending changes are saved before `ended`, which counts none lost', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    const instance = session.instance;
    drawTen(instance);
    expect(session.unsavedChanges).toBe(10);
    expect(world.engine.annotations.size).toBe(0);
    world.endpoint.answerNext(status(401));
    await session.renew().catch(() => {});
    await vi.waitFor(() => expect(world.ofType('ended')).toHaveLength(1));
    expect(world.engine.annotations.size).toBe(10);
    expect(world.ofType('ended')[0]).toMatchObject({ unsavedChanges: 0 });
    expect(world.ofType('save-failed')).toEqual([]);
    expect(session.unsavedChanges).toBe(0);
  });

  it('after the sign-out the viewer is read-only; a later successful renew() makes it editable again', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    world.endpoint.answerNext(status(401));
    await session.renew().catch(() => {});
    expect(session.state).toBe('ended');
    expect(session.instance.viewState.readOnly).toBe(true);
    expect(session.instance.draw('after-end')).toBe(false);
    const renewing = session.renew(); // spaced out after the failure
    await vi.advanceTimersByTimeAsync(5_000);
    await renewing;
    expect(session.instance.viewState.readOnly).toBe(false);
    expect(session.instance.draw('after-renew')).toBe(true);
  });

  it("afterSignOut 'keep' leaves the viewer editable; 'unload' unloads it after saving", async () => {
    const keep = viewerWorld(server);
    const kept = await keep.load({ afterSignOut: 'keep' });
    kept.signOut();
    expect(kept.instance.viewState.readOnly).toBe(false);

    const unload = viewerWorld(server);
    const unloaded = await unload.load({ afterSignOut: 'unload' });
    drawTen(unloaded.instance);
    unloaded.signOut();
    await vi.waitFor(() => expect(unloaded.instance.unloaded).toBe(true));
    expect(unload.engine.annotations.size).toBe(10);
    expect(unloaded.instance.lostOnUnload).toBe(0);
    expect(unload.ofType('ended')[0]).toMatchObject({ unsavedChanges: 0 });
  });

  it('signOut() saves the 10 pending changes before announcing the end', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    drawTen(session.instance);
    session.signOut();
    expect(world.ofType('ended')).toHaveLength(0); // not before the save settled
    await vi.waitFor(() => expect(world.ofType('ended')).toHaveLength(1));
    expect(world.engine.annotations.size).toBe(10);
  });

  it('session.unload() saves the 10 pending changes, then unloads the viewer', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    const instance = session.instance;
    drawTen(instance);
    await session.unload();
    expect(instance.unloaded).toBe(true);
    expect(instance.lostOnUnload).toBe(0);
    expect(world.engine.annotations.size).toBe(10);
    expect(session.state).toBe('unloaded');
  });

  it('an engine that is down: the unload goes on, and a save-failed event counts the 10 and says why', async () => {
    const world = viewerWorld(server);
    const failures: unknown[] = [];
    const session = await world.load();
    session.on('save-failed', (event) => failures.push(event));
    drawTen(session.instance);
    world.engine.setDown(true);
    await session.unload();
    expect(session.instance.unloaded).toBe(true);
    expect(failures).toEqual([{ type: 'save-failed', changes: 10, reason: 'rejected', during: 'unload' }]);
  });

  it('an engine that hangs: the end is announced after saveTimeoutMs, counting the 10 unsaved', async () => {
    const world = viewerWorld(server);
    const session = await world.load({ saveTimeoutMs: 3_000 });
    drawTen(session.instance);
    world.engine.stall(true);
    session.signOut();
    await vi.advanceTimersByTimeAsync(2_900);
    expect(world.ofType('ended')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(world.ofType('save-failed')).toEqual([{ type: 'save-failed', changes: 10, reason: 'timed-out', during: 'ended' }]);
    expect(world.ofType('ended')[0]).toMatchObject({ unsavedChanges: 10 });
    world.engine.stall(false);
  });

  it('changes the engine refuses are counted in a save-failed event, never described', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    drawTen(session.instance, 'secret-');
    world.engine.refuses = (id) => ['secret-1', 'secret-4', 'secret-7'].includes(id);
    const outcome = await session.save();
    expect(outcome).toEqual({ unsaved: 3, reason: 'refused' });
    expect(world.ofType('save-failed')).toEqual([{ type: 'save-failed', changes: 3, reason: 'refused', during: 'save' }]);
    expect(JSON.stringify(world.events)).not.toContain('secret-');
    expect(world.engine.annotations.size).toBe(7);
  });

  it('unsavedChanges counts what is pending and drops to 0 once saved', async () => {
    const world = viewerWorld(server);
    const session = await world.load();
    expect(session.unsavedChanges).toBe(0);
    drawTen(session.instance);
    session.instance.erase('a0');
    expect(session.unsavedChanges).toBe(10); // a0 drawn and erased still counts once: an upper bound
    expect(await session.save()).toEqual({ unsaved: 0, reason: undefined });
    expect(session.unsavedChanges).toBe(0);
    expect(world.engine.annotations.size).toBe(9);
  });

  it('rejects bad options with a ConfigurationError', async () => {
    const world = viewerWorld(server);
    await expect(world.load({ afterSignOut: 'later' as never })).rejects.toMatchObject({ name: 'ConfigurationError' });
    await expect(world.load({ saveTimeoutMs: -1 })).rejects.toMatchObject({ name: 'ConfigurationError' });
    await expect(world.load({ confirmLeave: 'yes' as never })).rejects.toMatchObject({ name: 'ConfigurationError' });
  });
});

describe('confirmLeave', () => {
  const target = () => {
    const listeners = new Set<(event: Event) => void>();
    return {
      addEventListener: (_: 'beforeunload', listener: (event: Event) => void) => listeners.add(listener),
      removeEventListener: (_: 'beforeunload', listener: (event: Event) => void) => listeners.delete(listener),
      leave() {
        const event = { defaultPrevented: false, returnValue: undefined as unknown, preventDefault() { this.defaultPrevented = true; } };
        for (const listener of listeners) listener(event as unknown as Event);
        return event;
      },
      listeners,
    };
  };

  it('asks the browser to confirm leaving only while changes are pending, and starts a save', () => {
    const page = target();
    let pending = 0;
    let saves = 0;
    const stop = guardLeaving(() => pending, () => saves++, page);
    expect(page.leave().defaultPrevented).toBe(false);
    pending = 3;
    const event = page.leave();
    expect(event.defaultPrevented).toBe(true);
    expect(event.returnValue).toBe('');
    expect(saves).toBe(1);
    stop();
    expect(page.listeners.size).toBe(0);
  });
});
