// Found by test/e2e/tabs.test.ts: with short tokens the grace after another tab's announcement
// reaches the "never past half the time left" cap, and when the announcing tab died there, every
// other tab hit the same cap at the same moment and asked the endpoint, one request each.
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { ChannelFactory } from '../../src/sharing/tab-channel.js';
import { decodeJwtClaims } from '../support/jwt.js';
import { memoryChannels } from '../support/memory-channel.js';
import { newRenewer, useFakeTokenWorld } from '../support/renewer-harness.js';
import { TOKEN_URL, tokenEndpoint } from '../support/token-endpoint.js';

const server = useFakeTokenWorld();

/** `count` tabs sharing `lifetimeSec` tokens; `claimed(i)` hears every renewal announcement tab i makes. */
function tabs(count: number, lifetimeSec: number, claimed: (index: number) => void) {
  const endpoint = tokenEndpoint({ date: 'always', lifetimeSec });
  server.use(endpoint.handler);
  // A real endpoint takes a moment: the other tabs' own turns come before its token reaches them.
  server.use(http.all(TOKEN_URL, () => new Promise<undefined>((resolve) => setTimeout(resolve, 30))));
  const channels = memoryChannels();
  let made = 0;
  const factory: ChannelFactory = (name) => {
    const index = made++;
    const channel = channels.factory(name);
    const post = channel.postMessage.bind(channel);
    channel.postMessage = (message) => {
      post(message);
      if ((message as { kind?: string }).kind === 'claim') claimed(index);
    };
    return channel;
  };
  const all = Array.from({ length: count }, () => {
    const applied: string[] = [];
    const renewer = newRenewer({
      apply: (jwt) => { applied.push(jwt); },
      sharing: { scope: 'user-1', channel: factory },
      sharingKey: 'http://engine.test/|doc-1',
    });
    return { renewer, applied };
  });
  const allValid = () =>
    all.every(({ renewer, applied }) => renewer.state === 'unloaded' || decodeJwtClaims(applied.at(-1))!.exp! * 1000 > Date.now());
  return { endpoint, all, allValid };
}

/** Five tabs; the one that announces the second lifetime's renewal dies before its request. Requests after. */
async function oneDies(lifetimeSec: number): Promise<number> {
  let victim: number | undefined;
  let listening = false;
  const world = tabs(5, lifetimeSec, (index) => {
    if (listening) victim ??= index;
  });
  for (const tab of world.all) {
    const first = tab.renewer.renew('initial');
    await vi.advanceTimersByTimeAsync(1_000); // whole-second expiries: one tab's token a second after another's
    await first;
  }
  await vi.advanceTimersByTimeAsync(lifetimeSec * 1000); // one shared lifetime, settled
  listening = true;
  while (victim === undefined) await vi.advanceTimersByTimeAsync(10);
  world.all[victim]!.renewer.dispose(); // announced its turn, closed before its request left
  const before = world.endpoint.issued();
  for (let t = 0; t < lifetimeSec * 1000 * 0.5; t += 100) {
    await vi.advanceTimersByTimeAsync(100);
    expect(world.allValid()).toBe(true);
  }
  world.all.forEach((t) => t.renewer.dispose());
  server.resetHandlers();
  return world.endpoint.issued() - before;
}

describe('the tab that announced a renewal dies before it asks', () => {
  it.each([10, 20, 300])('on %i s tokens the others make one request between them, not one each', async (lifetimeSec) => {
    const requests: number[] = [];
    for (let run = 0; run < 10; run++) requests.push(await oneDies(lifetimeSec));
    expect(requests).toEqual(Array(10).fill(1));
  }, 30_000);
});
