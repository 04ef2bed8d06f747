// The page's wall clock, set wrong on purpose for two checklist scenarios: "clock skew" (the
// browser's clock minutes off the engine's) and "sleep without a wake event" (the wall clock jumps
// ahead while no visibilitychange/focus/pageshow/online event fires, as after a laptop sleep).
// `Date` is replaced by one that adds an offset, so the library and the SDK see the wrong time
// just as on a misset laptop; the demo's own bookkeeping (event stamps, waits, comparisons with
// the stand-in's log) reads `realNow()` and is never misled. Offset 0 (the default) changes nothing.
const RealDate = Date;
const realDateNow = Date.now.bind(Date);
let offsetMs = 0;

/** The true time, whatever the page's clock says: for the demo's own records. */
export const realNow = (): number => realDateNow();

/** How far the page's clock is off (ms; positive = ahead). */
export const clockOffset = (): number => offsetMs;

class OffsetDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(realDateNow() + offsetMs);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return realDateNow() + offsetMs;
  }
}

let installed = false;

/** Sets the page's clock `ms` off the true time (0 = true time again). */
export function setClockOffset(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`clock offset must be a finite number of ms, got ${ms}`);
  if (!installed && ms !== 0) {
    globalThis.Date = OffsetDate as DateConstructor;
    installed = true;
  }
  offsetMs = ms;
}
