// Runs in its own process (node --expose-gc --import tsx): counts live timers and page-event
// subscriptions after N renewal cycles and unload, and the heap before/after. Prints one JSON line.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

// Every timer made from here on, with who made it (our src/, the baseline, or anyone else).
type Owner = 'ours' | 'baseline' | 'other';
const live = new Map<unknown, Owner>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
function ownerOfCaller(): Owner {
  const stack = new Error().stack ?? '';
  if (stack.includes(`${root}src/`)) return 'ours';
  if (stack.includes(`${root}bench/baseline.ts`)) return 'baseline';
  return 'other';
}
globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const handle = realSetTimeout((...a: unknown[]) => {
    live.delete(handle);
    callback(...a);
  }, ms, ...args);
  live.set(handle, ownerOfCaller());
  return handle;
}) as typeof setTimeout;
globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
  live.delete(handle);
  realClearTimeout(handle);
}) as typeof clearTimeout;
const liveTimers = (owner: Owner) => [...live.values()].filter((o) => o === owner).length;

const settle = () => new Promise((resolve) => setImmediate(resolve));
async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    await settle();
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

const { loadOurs } = await import('./fake-viewer.js');
const { guidePattern } = await import('./baseline.js');
// The token endpoint runs in the parent process, so this heap holds only the client side.
const tokenUrl = process.argv[2]!;
const cycles = Number(process.argv[3] ?? 1000);
const warmup = Number(process.argv[4] ?? 300);
const DOCUMENT_ID = process.argv[5] ?? 'bench-doc';
const server = { url: tokenUrl };

// Page events: an environment that counts subscriptions still in place.
let subscriptions = 0;
let subscribedEver = 0;
const environment = {
  isOnline: () => true,
  watch() {
    subscriptions++;
    subscribedEver++;
    let active = true;
    return () => {
      if (active) subscriptions--;
      active = false;
    };
  },
};

// --- ours: default options (proactive renewal on: timer + page events), loop breaker raised ---
let ours: Awaited<ReturnType<typeof loadOurs>> | undefined = await loadOurs({
  refresh: server.url,
  documentId: DOCUMENT_ID,
  environment,
  renewal: { loopLimit: Number.MAX_SAFE_INTEGER },
});
let eventListenerCalls = 0;
ours.session.on('renewed', () => eventListenerCalls++);
for (let i = 0; i < warmup; i++) await ours.onAuthFailed(); // warm-up: JIT, connection pool
const heapBefore = await heapAfterGc();
const oursTimersBeforeCycles = liveTimers('ours');
for (let i = 0; i < cycles; i++) {
  // Alternate the two triggers that share the renewal path: the viewer's and the app's.
  if (i % 2 === 0) await ours.onAuthFailed();
  else await ours.session.renew();
}
const heapAfterCycles = await heapAfterGc();
const duringTimers = liveTimers('ours');
const duringSubscriptions = subscriptions;
const setSessionCalls = ours.instance.sessionsSetAt.length;
ours.session.unload();
await settle();
const afterTimers = liveTimers('ours');
const afterSubscriptions = subscriptions;
const sessionRef = new WeakRef(ours.session);
ours = undefined;
const heapAfterUnload = await heapAfterGc();
const sessionCollected = sessionRef.deref() === undefined;

// --- baseline: the guide's pattern; "unload" is NutrientViewer.unload(), which its timer does not know about ---
const baseline = guidePattern(server.url);
const baselineInstance = { calls: 0, setSession() { this.calls++; } };
baseline.start(baselineInstance, await (await fetch(server.url)).json().then((b) => (b as { jwt: string }).jwt));
for (let i = 0; i < warmup; i++) await baseline.onAuthFailed();
const baselineHeapBefore = await heapAfterGc();
for (let i = 0; i < cycles; i++) await baseline.onAuthFailed();
const baselineHeapAfter = await heapAfterGc();
const baselineTimersAfterUnload = liveTimers('baseline');
baseline.stop();

console.log(
  JSON.stringify({
    cycles,
    warmup,
    ours: {
      setSessionCalls,
      eventListenerCalls,
      timers: { beforeCycles: oursTimersBeforeCycles, duringSession: duringTimers, afterUnload: afterTimers },
      subscriptions: { everMade: subscribedEver, duringSession: duringSubscriptions, afterUnload: afterSubscriptions },
      heap: { before: heapBefore, afterCycles: heapAfterCycles, afterUnload: heapAfterUnload },
      sessionCollected,
    },
    baseline: {
      timersAfterUnload: baselineTimersAfterUnload,
      setSessionCalls: baselineInstance.calls,
      heap: { before: baselineHeapBefore, afterCycles: baselineHeapAfter },
    },
  }),
);
