// A fake of the `@nutrient-sdk/viewer` default export for unit tests, wired to a FakeEngine.
// Use: vi.mock('@nutrient-sdk/viewer', () => ({ default: sdk })). Only the server-backed
// auth contract is modelled (see /work/shared/nutrient-sdk-facts.md); nothing renders.
import { FakeAuthModule } from './fake-auth-module.js';
import { delay, type FakeEngine } from './fake-engine.js';
import { FakeInstance } from './fake-instance.js';
import { decodeJwtClaims, jwtDocumentId } from './jwt.js';
import { MESSAGES, PSPDFKitError } from './sdk-errors.js';

export { FakeEngine, type FakeEngineOptions, type AuthLogEntry, type AuthKind } from './fake-engine.js';
export { FakeInstance, FakeRequestError } from './fake-instance.js';
export { PSPDFKitError, SaveError, MESSAGES, HARD_REFRESH_TIMEOUT_MS } from './sdk-errors.js';

export interface FakeSdkOptions {
  /** Time between a successful initial /auth and load() resolving. Default 0 (no timer). */
  loadDelayMs?: number;
  /** How much later the second half of requestMany() answers. Default 5 (the real SDK's second onAuthFailed came within 25 ms). */
  burstSpreadMs?: number;
}

export interface FakeSdk {
  load(config: any): Promise<FakeInstance>;
  unload(target: unknown): boolean;
  /** load() calls, failed ones included. */
  loads: number;
  /** Instances that finished loading, unloaded ones included. */
  instances: FakeInstance[];
}

const fail = (message: string): never => {
  throw new PSPDFKitError(message);
};

/** The synchronous checks the real load() makes before any network request. */
function validateConfig(config: any, mounted: FakeInstance[], loading: Set<unknown>): void {
  if (!config?.container) fail(MESSAGES.containerRequired);
  if (loading.has(config.container) || mounted.some((instance) => instance.container === config.container)) {
    fail(MESSAGES.containerInUse);
  }
  if (typeof config.serverUrl !== 'string' || !config.serverUrl.endsWith('/')) fail(MESSAGES.serverUrlSlash);
  if (typeof config.documentId !== 'string') fail(MESSAGES.documentIdType);
  if (typeof config.instant !== 'boolean') fail(MESSAGES.instantFlag);
  const claims = decodeJwtClaims(config.authPayload?.jwt);
  if (!claims || jwtDocumentId(claims) === undefined) fail(MESSAGES.invalidJwt);
}

export function createFakeSdk(engine: FakeEngine, opts: FakeSdkOptions = {}): FakeSdk {
  const loadDelayMs = opts.loadDelayMs ?? 0;
  const burstSpreadMs = opts.burstSpreadMs ?? 5;
  // Like the real load(), the container counts as used from the call on, not from when it resolves.
  const loading = new Set<unknown>();

  const sdk: FakeSdk = {
    loads: 0,
    instances: [],

    async load(config: any): Promise<FakeInstance> {
      sdk.loads++;
      validateConfig(config, sdk.instances.filter((instance) => !instance.unloaded), loading);
      loading.add(config.container);
      try {
        return await loadInto(config);
      } finally {
        loading.delete(config.container);
      }
    },

    unload(target: unknown): boolean {
      const instance = sdk.instances.find(
        (candidate) => !candidate.unloaded && (candidate === target || candidate.container === target),
      );
      if (!instance) return false;
      instance.destroy();
      return true;
    },
  };

  async function loadInto(config: any): Promise<FakeInstance> {
    if (config.documentId !== engine.documentId) {
      const error = new PSPDFKitError(`${MESSAGES.connecting}Document not found`);
      error.status = 404;
      throw error;
    }
    const jwt: string = config.authPayload.jwt;
    // The initial JWT is used directly: a rejected one fails load(), onAuthFailed is not involved.
    const initial = await engine.auth(jwt, 'load');
    await delay(loadDelayMs);

    const instance = new FakeInstance({ engine, container: config.container, burstSpreadMs });
    instance.autoSaveMode = config.autoSaveMode ?? (config.instant ? 'IMMEDIATE' : 'INTELLIGENT');
    let markAuthFailedCalled!: () => void;
    const authFailedCalled = new Promise<void>((resolve) => (markAuthFailedCalled = resolve));
    // Read config.onAuthFailed once, as the SDK does; count calls on the instance.
    const appOnAuthFailed: (() => unknown) | undefined = config.onAuthFailed;
    let layerHandle = initial.layerHandle;
    instance.attachAuth(
      new FakeAuthModule({
        jwt,
        initial,
        postAuth: (nextJwt, kind) => engine.auth(nextJwt, kind),
        onAuthFailed: appOnAuthFailed && (() => {
          instance.onAuthFailedCalls++;
          markAuthFailedCalled();
          return appOnAuthFailed();
        }),
        onStateUpdated: (state) => {
          if (state.layerHandle !== layerHandle) instance.layerHandleConflicts++;
          layerHandle = state.layerHandle;
        },
      }),
    );

    if (config.__requestDuringLoad) {
      // Test hook: the viewer fetches while loading, so onAuthFailed can run before load() resolves.
      // Resolve once that request settles or has asked the app for a JWT (the app needs the instance then).
      instance.loadRequest = instance.request();
      await Promise.race([instance.loadRequest.catch(() => {}), authFailedCalled]);
    }
    sdk.instances.push(instance);
    return instance;
  }
  return sdk;
}
