// The "Viewer session" track in Chrome's and Edge's Performance panel: each renewal's request,
// check and hand-over as a `performance.measure` entry with `detail.devtools` (DevTools'
// extensibility API). Other browsers keep the measures and ignore the detail.

/** The track's name in the Performance panel. */
export const TRACK = 'Viewer session';

/** What a measure is of: one token request, the token's checks, or handing it to the viewer. */
export type MeasureKind = 'Token request' | 'Token check' | 'Hand-over';

/** `performance.now()`, or undefined where there is none: the track is then off. */
export const perfNow = (): number | undefined => globalThis.performance?.now?.();

/**
 * Puts one entry on the track. Never throws: a browser without `measure` options just has no track.
 * `properties` are numbers and words only, never token text.
 */
export function measure(kind: MeasureKind, start: number | undefined, properties: [string, string | number][], failed = false): void {
  const performance = globalThis.performance;
  if (start === undefined || typeof performance?.measure !== 'function') return;
  try {
    const devtools = {
      dataType: 'track-entry',
      track: TRACK,
      trackGroup: 'nutrient-viewer-session',
      color: failed ? 'error' : 'primary',
      properties: properties.map(([key, value]) => [key, String(value)]),
      tooltipText: failed ? `${kind} failed` : kind,
    };
    performance.measure(kind, { start, end: performance.now(), detail: { devtools } });
  } catch {
    // An old browser's measure(name, startMark) reads the options as a mark name: no track there.
  }
}
