// One page, three ways to keep the real viewer's session, called in turn by the benchmarks:
// load('ours') = loadViewer; load('guide') = bare NutrientViewer.load with the guide's pattern
// (bench/baseline.ts); load('oracle') = the same, but onAuthFailed hands over a token fetched
// beforehand (prefetch()), the SDK's own floor. The SDK module is imported once, up front.
import NutrientViewer, { type Instance } from '@nutrient-sdk/viewer';
import { guidePattern } from '../baseline.js';
import { loadViewer } from '../../src/index.js';
import type { BenchPage, Mode } from './bench-page.js';

const params = new URLSearchParams(location.search);
const serverUrl = params.get('engineUrl')!;
const documentId = params.get('documentId')!;
const baseUrl = `${location.origin}/`;
let instance: Instance | undefined;
let unloadCurrent = () => {};
let renewCurrent = async () => {};

async function loadOurs(): Promise<Instance> {
  const session = await loadViewer({
    container: '#viewer',
    serverUrl,
    documentId,
    refresh: '/api/token',
    baseUrl,
    // The recovery benchmark expires the session every few seconds: with the default loop breaker
    // (10 renewals in 30 s) ours would rightly stop renewing after the 10th. Raised for the benchmark.
    renewal: { loopLimit: Number.MAX_SAFE_INTEGER },
    onEvent(event) {
      if (event.type === 'renewing' && event.reason === 'auth-failed') page.authFailedCalls++;
      if (event.type === 'renewed' && event.reason !== 'initial') page.setSessionCalls++;
    },
  });
  unloadCurrent = () => session.unload();
  renewCurrent = async () => {
    await session.renew();
  };
  return session.instance;
}

let prefetched: string | undefined;

async function loadGuide(oracle: boolean): Promise<Instance> {
  const pattern = guidePattern('/api/token');
  const r = await fetch('/api/token');
  const { jwt } = await r.json();
  const loaded = await NutrientViewer.load({
    container: '#viewer',
    serverUrl,
    documentId,
    authPayload: { jwt },
    instant: false,
    baseUrl,
    onAuthFailed: async () => {
      page.authFailedCalls++;
      if (oracle && prefetched) {
        loaded.setSession(prefetched);
        prefetched = undefined;
      } else {
        await pattern.onAuthFailed();
      }
      page.setSessionCalls++;
    },
  });
  pattern.start(loaded, jwt);
  renewCurrent = async () => {
    const r = await fetch('/api/token'); // the guide's renewal: its timer's body
    const { jwt: next } = await r.json();
    loaded.setSession(next);
  };
  unloadCurrent = () => {
    pattern.stop();
    NutrientViewer.unload(loaded);
  };
  return loaded;
}

const page: BenchPage = {
  ready: true,
  authFailedCalls: 0,
  setSessionCalls: 0,
  async load(mode: Mode) {
    page.unload();
    page.authFailedCalls = 0;
    page.setSessionCalls = 0;
    const start = performance.now();
    instance = mode === 'ours' ? await loadOurs() : await loadGuide(mode === 'oracle');
    return performance.now() - start;
  },
  unload() {
    unloadCurrent();
    unloadCurrent = () => {};
    renewCurrent = async () => {};
    instance = undefined;
  },
  async prefetch() {
    const start = performance.now();
    const r = await fetch('/api/token');
    prefetched = ((await r.json()) as { jwt: string }).jwt;
    return performance.now() - start;
  },
  zoom(level) {
    instance!.setViewState((state) => state.set('zoom', level));
  },
  async renew(count) {
    for (let i = 0; i < count; i++) await renewCurrent();
  },
  get timerCallbacks() {
    return (window as { __timerCallbacks?: number }).__timerCallbacks ?? 0;
  },
};
window.__bench = page;
