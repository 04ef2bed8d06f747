// What the page did to the viewer's files during a load that failed: its Content-Security-Policy
// blocked them (WebAssembly needs 'wasm-unsafe-eval', the SDK's workers start from blob: URLs), or
// the server sent a .wasm with another type than application/wasm (the browser refuses to stream it).
import { ViewerAssetsError } from '../errors/load-errors.js';

/** The parts of a `securitypolicyviolation` event the explanation needs. */
export interface PolicyViolation {
  blockedURI: string;
  effectiveDirective: string;
}

/**
 * Records the page's CSP violations until `stop()`, which returns them.
 * @example const watch = watchPolicyViolations(); await load(); const violations = watch.stop();
 * Also `seen`, the list so far.
 */
export function watchPolicyViolations(): { seen: PolicyViolation[]; stop(): PolicyViolation[] } {
  const seen: PolicyViolation[] = [];
  const doc = (globalThis as { document?: Document }).document;
  const record = (event: Event) => {
    const { blockedURI = '', effectiveDirective = '' } = event as Partial<SecurityPolicyViolationEvent>;
    seen.push({ blockedURI, effectiveDirective });
  };
  doc?.addEventListener?.('securitypolicyviolation', record);
  return {
    seen,
    stop() {
      doc?.removeEventListener?.('securitypolicyviolation', record);
      return seen;
    },
  };
}

/** A ViewerAssetsError naming what the CSP blocked and the directive that fixes it; undefined if it blocked nothing of the viewer's. */
export function explainViolations(violations: PolicyViolation[], baseUrl: string | undefined, loadError: unknown): ViewerAssetsError | undefined {
  for (const { blockedURI, effectiveDirective } of violations) {
    if (blockedURI === 'wasm-eval' || blockedURI === 'wasm-unsafe-eval') {
      return new ViewerAssetsError(
        undefined,
        "The page's Content-Security-Policy blocked the viewer's WebAssembly: add 'wasm-unsafe-eval' to script-src",
        loadError,
      );
    }
    if (effectiveDirective === 'worker-src') {
      return new ViewerAssetsError(
        blockedURI || undefined,
        `The page's Content-Security-Policy blocked the viewer's worker (${blockedURI || 'worker'}): add blob: to worker-src ` +
          "(or pass inlineWorkers: false and allow baseUrl's origin in worker-src)",
        loadError,
      );
    }
    if (baseUrl && blockedURI.startsWith(new URL(baseUrl).origin)) {
      return new ViewerAssetsError(
        blockedURI,
        `The page's Content-Security-Policy blocked ${blockedURI} (${effectiveDirective}): allow ${new URL(baseUrl).origin} in ${effectiveDirective}`,
        loadError,
      );
    }
  }
  return undefined;
}

/**
 * A ViewerAssetsError for a `.wasm` file under `baseUrl` the page requested that is not served as
 * `application/wasm`; undefined when there is none (or no way to tell).
 */
export async function checkWasmTypes(baseUrl: string | undefined, loadError: unknown): Promise<ViewerAssetsError | undefined> {
  const entries = (globalThis as { performance?: Performance }).performance?.getEntriesByType?.('resource') ?? [];
  const wasm = [...new Set(entries.map((entry) => entry.name))].filter((url) => baseUrl && url.startsWith(baseUrl) && /\.wasm(\?|$)/.test(url));
  for (const url of wasm) {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store' }).catch(() => undefined);
    const type = response?.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    if (response?.ok && type !== 'application/wasm') {
      return new ViewerAssetsError(
        url,
        `The viewer's WebAssembly ${url} is served as '${type || 'no type'}': serve .wasm files as application/wasm ` +
          '(a MIME type in your server or CDN configuration)',
        loadError,
      );
    }
  }
  return undefined;
}
