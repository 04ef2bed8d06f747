// Test-only: `?break=<mode>` makes the demo page load the library the way four known-bad builds
// behave, so test/e2e/demo-checklist.test.ts can prove each failing card names the cause. Read by
// the demo page only, never by the library: each mode changes what the page passes to loadViewer.
//   no-proactive    the library never renews on its own (renewal.proactive forced off; the page still says on)
//   no-set-session  the viewer's setSession does nothing (the new token never reaches the engine)
//   no-retry        a failed token request is never retried (renewal.retries 0: a 503 ends the renewal)
//   retry-401       the token endpoint's 401 reaches the library as a network error, so it is retried
import type { LoadViewerOptions } from '../../src/index';

export const BREAK_MODES = ['no-proactive', 'no-set-session', 'no-retry', 'retry-401'] as const;
export type BreakMode = (typeof BREAK_MODES)[number];

/** The mode named in the page's query string, if it is one of BREAK_MODES. */
export function readBreakMode(search = location.search): BreakMode | undefined {
  const mode = new URLSearchParams(search).get('break');
  return (BREAK_MODES as readonly (string | null)[]).includes(mode) ? (mode as BreakMode) : undefined;
}

type Overrides = Partial<Pick<LoadViewerOptions, 'renewal' | 'sdk' | 'refresh'>>;
interface SdkModule { load(configuration: object): Promise<object>; unload(target: unknown): boolean }

/** The SDK with a setSession that does nothing on every viewer it loads. */
async function sdkIgnoringSetSession(): Promise<SdkModule> {
  const { default: sdk } = (await import('@nutrient-sdk/viewer')) as unknown as { default: SdkModule };
  return {
    unload: (target) => sdk.unload(target),
    async load(configuration) {
      const instance = await sdk.load(configuration);
      Object.defineProperty(instance, 'setSession', { value: () => undefined, configurable: true });
      return instance;
    },
  };
}

/** GET /api/token as the library would, but a 401 or 403 becomes fetch's own network error. */
async function refreshLosing401({ signal }: { signal: AbortSignal }): Promise<string> {
  const response = await fetch('/api/token', { signal, headers: { accept: 'application/json' }, cache: 'no-store' });
  if (response.status === 401 || response.status === 403) throw new TypeError('Failed to fetch');
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
  const body = (await response.json()) as { jwt?: string; token?: string };
  return body.jwt ?? body.token ?? '';
}

/** What `mode` changes in the page's loadViewer options; `proactive` is what the page asked for. */
export function brokenOverrides(mode: BreakMode | undefined, proactive: boolean): Overrides {
  switch (mode) {
    case undefined: return { renewal: { proactive } };
    case 'no-proactive': return { renewal: { proactive: false } };
    case 'no-set-session': return { renewal: { proactive }, sdk: sdkIgnoringSetSession as never };
    case 'no-retry': return { renewal: { proactive, retries: 0 } };
    case 'retry-401': return { renewal: { proactive }, refresh: refreshLosing401 };
  }
}
