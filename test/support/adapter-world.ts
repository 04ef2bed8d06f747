// A fake-SDK world for the framework adapters: two documents (two fake engines behind one SDK
// object), a token function that records when it was called and whether it was cancelled, and a
// log of loads and unloads in order. Real timers: the adapters' tests wait on conditions.
import { browserEnvironment } from '../../src/session/environment.js';
import type { RefreshContext } from '../../src/tokens/refresh-source.js';
import { fakeBrowser } from './fake-browser.js';
import { createFakeSdk, FakeEngine, MESSAGES, PSPDFKitError, type FakeInstance } from './fake-sdk.js';
import { jwtFor } from './jwt.js';

export function adapterWorld({ tokenDelayMs = 20, loadDelayMs = 20 } = {}) {
  const engines = new Map(['doc-1', 'doc-2'].map((id) => [id, new FakeEngine({ documentId: id })]));
  const sdks = new Map([...engines].map(([id, engine]) => [id, createFakeSdk(engine, { loadDelayMs })]));
  const log: string[] = [];
  const tokens = { started: 0, aborted: 0, landed: 0, landedAfter: Infinity as number };
  let unmountedAt = Infinity;
  const all = () => [...sdks.values()].flatMap((sdk) => sdk.instances);
  const sdk = {
    async load(config: { documentId: string; container: unknown }): Promise<FakeInstance> {
      log.push(`load ${config.documentId}`);
      // One SDK on the page: a container another document's viewer still holds is refused too.
      if (all().some((instance) => !instance.unloaded && instance.container === config.container)) throw new PSPDFKitError(MESSAGES.containerInUse);
      return sdks.get(config.documentId)!.load(config);
    },
    unload(target: unknown): boolean {
      const done = [...sdks.entries()].some(([id, one]) => one.unload(target) && log.push(`unload ${id}`));
      return done;
    },
  };
  const refreshFor =
    (documentId: string) =>
    async ({ signal }: RefreshContext): Promise<string> => {
      tokens.started++;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, tokenDelayMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          tokens.aborted++;
          reject(signal.reason);
        });
      });
      tokens.landed++;
      if (performance.now() > unmountedAt) tokens.landedAfter = Math.min(tokens.landedAfter, performance.now());
      return jwtFor(documentId, 300);
    };
  const browser = fakeBrowser();
  return {
    sdk,
    /** Each document's engine: what it holds is what the user's work came to. */
    engines,
    log,
    tokens,
    refreshFor,
    environment: browserEnvironment(browser.globals),
    live: () => all().filter((instance) => !instance.unloaded),
    /** Marks the final unmount: a token landing after it counts in `tokens.landedAfter`. */
    unmounted() {
      unmountedAt = performance.now();
    },
    tokensLandedAfterUnmount: () => (Number.isFinite(tokens.landedAfter) ? 1 : 0),
  };
}

export const settleFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
