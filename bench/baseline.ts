// BASELINE: Nutrient guide pattern
//
// The hand-written session handling the Nutrient Web SDK guide shows for server-backed mode:
//   onAuthFailed: async () => { const r = await fetch('/api/token'); const { jwt } = await r.json(); instance.setSession(jwt); }
// plus one setTimeout that renews 5 minutes before `exp` (the payload decoded with atob).
// Only the token URL is a parameter (Node needs an absolute URL); everything else is the guide's code.
// The one liberty: base64url is mapped to base64 before atob, or atob throws on '-'/'_' in a payload.
// And one fix anyone with short tokens would make at once: the guide's fixed 5-minute margin is
// negative for tokens of 5 minutes or less (its timer fires at once, after every token: a loop), so
// by default the margin is min(5 min, half the token's lifetime), the same 5 minutes for tokens of
// 10 minutes or more. `{ literal: true }` keeps the guide's exact margin, to show the loop once.

export interface GuideInstance {
  setSession(jwt: string): void;
}

export interface GuidePattern {
  /** Pass as `onAuthFailed` to NutrientViewer.load. */
  onAuthFailed: () => Promise<void>;
  /** Call after load() with the instance and the token it was loaded with. */
  start(instance: GuideInstance, jwt: string): void;
  /** Not in the guide: lets the benchmark clear the pending timer. */
  stop(): void;
}

/** The guide's margin, 5 minutes before `exp`. */
export const GUIDE_MARGIN_MS = 5 * 60 * 1000;

/** The sane margin: the guide's 5 minutes, or half the token's lifetime when that is shorter. */
export function saneGuideMarginMs(lifetimeMs: number): number {
  return Math.min(GUIDE_MARGIN_MS, Math.max(0, lifetimeMs) / 2);
}

export function guidePattern(tokenUrl: string, { literal = false }: { literal?: boolean } = {}): GuidePattern {
  let instance: GuideInstance | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // BASELINE: Nutrient guide pattern — onAuthFailed
  const onAuthFailed = async () => {
    const r = await fetch(tokenUrl);
    const { jwt } = await r.json();
    instance!.setSession(jwt);
  };

  // BASELINE: Nutrient guide pattern — one setTimeout, 5 minutes before exp (half the lifetime if shorter, unless literal)
  function scheduleRenewal(jwt: string) {
    const { exp, iat } = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const margin = literal ? GUIDE_MARGIN_MS : saneGuideMarginMs(exp * 1000 - (typeof iat === 'number' ? iat * 1000 : Date.now()));
    timer = setTimeout(async () => {
      const r = await fetch(tokenUrl);
      const { jwt: next } = await r.json();
      instance!.setSession(next);
      scheduleRenewal(next);
    }, exp * 1000 - margin - Date.now());
  }

  return {
    onAuthFailed,
    start(loaded, jwt) {
      instance = loaded;
      scheduleRenewal(jwt);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
