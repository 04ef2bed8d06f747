// The smallest page that loads the real viewer against a Document Engine (here: the stand-in),
// using the SDK bare, without this library, to pin the protocol the library depends on.
// `?sdk=1.14.0` picks one of the SDK versions installed under npm aliases (demo/vite/sdk-versions.ts).
// The JWT comes from /api/token (proxied to the control server), never from the URL.
import type NutrientViewer from '@nutrient-sdk/viewer';
import type { Instance } from '@nutrient-sdk/viewer';
import type { ContractPage, LoadErrorShape } from './contract-api';
import { type ContractSdkVersion, DEFAULT_CONTRACT_SDK, isContractSdkVersion, sdkAssetsRoute } from './vite/sdk-versions';

type Sdk = typeof NutrientViewer;

class TokenRequestError extends Error {
  constructor(status: number) {
    super(`Token endpoint answered ${status}`);
    this.name = 'TokenRequestError';
  }
}

class UnknownSdkVersionError extends Error {
  constructor(version: string) {
    super(`No SDK ${version} on this page; see demo/vite/sdk-versions.ts`);
    this.name = 'UnknownSdkVersionError';
  }
}

// Literal specifiers, so that Vite pre-bundles each one. Older versions' types differ in
// details this page does not use; it drives them through the main version's types.
const SDK_LOADERS: Record<ContractSdkVersion, () => Promise<{ default: unknown }>> = {
  '1.22.0': () => import('@nutrient-sdk/viewer'),
  '1.18.0': () => import('nutrient-viewer-1.18'),
  '1.14.0': () => import('nutrient-viewer-1.14'),
};

async function fetchJwt(): Promise<string> {
  const response = await fetch('/api/token', { method: 'POST' });
  if (!response.ok) throw new TokenRequestError(response.status);
  return ((await response.json()) as { jwt: string }).jwt;
}

function shapeOf(error: unknown): LoadErrorShape {
  const { name, message, status, body } = (error ?? {}) as Record<string, unknown>;
  return {
    name: String(name),
    message: String(message ?? error),
    ...(typeof status === 'number' && { status }),
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  };
}

/** Like src/viewer-sdk.ts isAuthLoadError, kept separate so the page stays free of library code. */
const looksLikeAuthFailure = ({ status }: LoadErrorShape) => status === 401 || status === 403;

const params = new URLSearchParams(location.search);
const page: ContractPage = {
  status: 'loading', authFailedCalls: 0, setSessionCalls: 0, loads: 0,
  renewNow: () => Promise.reject(new Error('not loaded')),
  loadAgain: () => Promise.reject(new Error('not loaded')),
};
window.__contract = page;

// onAuthFailed is configured before load() resolves, so it reaches the instance through this.
let instance: Instance | undefined;

async function start(): Promise<void> {
  const version = params.get('sdk') ?? DEFAULT_CONTRACT_SDK;
  if (!isContractSdkVersion(version)) throw new UnknownSdkVersionError(version);
  const sdk = (await SDK_LOADERS[version]()).default as Sdk;
  window.NutrientViewer = sdk; // lets the test build annotations in page.evaluate
  page.sdkVersion = sdk.version;
  const setSession = (jwt: string) => {
    instance?.setSession(jwt);
    page.setSessionCalls += 1;
  };
  const load = async (instant: boolean) =>
    sdk.load({
      container: '#viewer',
      serverUrl: params.get('engineUrl') ?? 'http://127.0.0.1:5181/',
      documentId: params.get('documentId') ?? 'sample',
      authPayload: { jwt: await fetchJwt() },
      instant, // true adds the websocket and the sync long poll
      baseUrl: `${location.origin}${sdkAssetsRoute(version)}`,
      onAuthFailed: async () => {
        page.authFailedCalls += 1;
        setSession(await fetchJwt());
      },
    });
  const loadWithRecovery = async (instant: boolean) => {
    page.loads += 1;
    try {
      instance = await load(instant);
    } catch (error) {
      // A refused first token: what the library does (see src/load-viewer.ts), done bare.
      page.firstLoadError = shapeOf(error);
      if (!looksLikeAuthFailure(page.firstLoadError)) throw error;
      sdk.unload('#viewer');
      instance = await load(instant);
    }
    window.__viewer = instance;
  };
  page.renewNow = async () => setSession(await fetchJwt());
  page.loadAgain = async ({ instant = false } = {}) => {
    if (instance) sdk.unload(instance);
    instance = undefined;
    Object.assign(page, { authFailedCalls: 0, setSessionCalls: 0, firstLoadError: undefined });
    await loadWithRecovery(instant);
  };
  await loadWithRecovery(params.get('instant') === 'true');
}

try {
  await start();
  page.status = 'loaded';
} catch (error) {
  page.status = 'failed';
  page.error = error instanceof Error ? error.message : String(error);
}
