// A load that always ends. The SDK can report a load failure only as an uncaught error on the
// page while its load() never settles (a container without a size, docs/sdk-behaviour.md), and a
// load can hang on a server that never answers: the guard turns both into a rejection.
import { ViewerLoadError, LoadTimeoutError } from '../errors/load-errors.js';
import { explainContainerError } from './container-check.js';
import { redact } from '../tokens/redact.js';
import { watchPolicyViolations, type PolicyViolation } from './asset-check.js';

/** How long a load may take, token and SDK included, unless `loadTimeoutMs` says otherwise. */
export const DEFAULT_LOAD_TIMEOUT_MS = 120_000;

/** The SDK's own error class is named so in every version (minified, but its `name` stays). */
const sdkErrorNames = new Set(['PSPDFKitError', 'NutrientViewerError']);
const isSdkError = (value: unknown): value is Error => value instanceof Error && sdkErrorNames.has(value.name);

export interface LoadGuard {
  /** Aborts when the app's signal does, or when the guard trips: hand it to the session and the SDK. */
  readonly signal: AbortSignal;
  /** Why the guard tripped (time limit, an uncaught SDK error), if it did; never the app's own abort. */
  readonly failure: Error | undefined;
  /** `work`, or a rejection with `failure` as soon as the guard trips, whichever comes first. */
  race<T>(work: Promise<T>): Promise<T>;
  /** What the page's Content-Security-Policy blocked during the load (explains a failure). */
  readonly violations: readonly PolicyViolation[];
  /** The load is over: no more timer or listeners. */
  stop(): void;
}

interface LoadGuardOptions {
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
  container: string | HTMLElement;
}

/**
 * Starts watching one load: a time limit (`LoadTimeoutError`) and the SDK's uncaught errors on the
 * page (a `ViewerLoadError`, or a `ConfigurationError` when the SDK names the container's size).
 *
 * @example
 * const guard = guardLoad({ timeoutMs: 60_000, signal, container: '#viewer' });
 * try { return await guard.race(NutrientViewer.load({ ...configuration, signal: guard.signal })); } finally { guard.stop(); }
 */
export function guardLoad({ timeoutMs = DEFAULT_LOAD_TIMEOUT_MS, signal, container }: LoadGuardOptions): LoadGuard {
  const tripwire = new AbortController();
  let failure: Error | undefined;
  let reject!: (error: Error) => void;
  const tripped = new Promise<never>((_, fail) => (reject = fail));
  tripped.catch(() => {});
  const trip = (error: Error) => {
    if (failure || signal?.aborted) return;
    failure = error;
    reject(error);
    tripwire.abort(error);
  };
  const onError = (event: ErrorEvent) => {
    if (!isSdkError(event.error)) return;
    // Ours to report now, as the load's rejection.
    event.preventDefault();
    trip(explainContainerError(event.error, container) ?? new ViewerLoadError(`The viewer failed while loading: ${redact(event.error.message)}`, { cause: event.error }));
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    if (!isSdkError(event.reason)) return;
    event.preventDefault();
    trip(explainContainerError(event.reason, container) ?? new ViewerLoadError(`The viewer failed while loading: ${redact(event.reason.message)}`, { cause: event.reason }));
  };
  const policy = watchPolicyViolations();
  const page = (globalThis as { window?: Window }).window;
  page?.addEventListener?.('error', onError);
  page?.addEventListener?.('unhandledrejection', onRejection);
  // 0 or Infinity: no time limit.
  const limited = Number.isFinite(timeoutMs) && timeoutMs > 0;
  const timer = limited ? setTimeout(() => trip(new LoadTimeoutError(timeoutMs)), timeoutMs) : undefined;
  return {
    signal: signal ? AbortSignal.any([signal, tripwire.signal]) : tripwire.signal,
    get failure() {
      return failure;
    },
    race: (work) => Promise.race([work, tripped]),
    violations: policy.seen,
    stop() {
      policy.stop();
      clearTimeout(timer);
      page?.removeEventListener?.('error', onError);
      page?.removeEventListener?.('unhandledrejection', onRejection);
    },
  };
}
