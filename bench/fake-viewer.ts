// The session code itself, not the lazy front door (its dynamic import is measured by the cold-start benchmark).
import { loadViewer } from '../src/viewer/load-viewer.js';
import type { Environment, RenewalOptions, RefreshSource, ViewerSession } from '../src/index.js';

/** A viewer instance that only records setSession calls (performance.now() of each). */
export interface RecordingInstance {
  setSession(jwt: string): void;
  jwt: string;
  sessionsSetAt: number[];
}

/** Node has no page: always online, no wake events (the renewal benchmarks do not need them). */
export const quietEnvironment: Environment = { isOnline: () => true, watch: () => () => {} };

/**
 * Our library through its real entry point: loadViewer with an injected SDK whose load() captures
 * the onAuthFailed the session passes to the viewer, and returns a recording instance.
 */
export async function loadOurs(options: {
  refresh: RefreshSource;
  documentId: string;
  renewal?: RenewalOptions;
  environment?: Environment;
  jwt?: string;
  onSetSession?: (jwt: string) => void;
}): Promise<{ session: ViewerSession<RecordingInstance>; onAuthFailed: () => Promise<void>; instance: RecordingInstance }> {
  let onAuthFailed: (() => Promise<void>) | undefined;
  const sdk = {
    async load(config: { onAuthFailed: () => Promise<void>; authPayload: { jwt: string } }) {
      onAuthFailed = config.onAuthFailed;
      const instance: RecordingInstance = {
        jwt: config.authPayload.jwt,
        sessionsSetAt: [],
        setSession(jwt) {
          this.sessionsSetAt.push(performance.now());
          this.jwt = jwt;
          options.onSetSession?.(jwt);
        },
      };
      return instance;
    },
    unload: () => true,
  };
  const session = await loadViewer<RecordingInstance>({
    container: '#viewer',
    serverUrl: 'http://127.0.0.1:1/',
    documentId: options.documentId,
    refresh: options.refresh,
    ...(options.jwt ? { jwt: options.jwt } : {}),
    renewal: options.renewal,
    sdk,
    environment: options.environment ?? quietEnvironment,
  });
  return { session, onAuthFailed: onAuthFailed!, instance: session.instance };
}
