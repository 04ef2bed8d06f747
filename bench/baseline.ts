// BASELINE: Nutrient guide pattern
//
// The hand-written session handling the Nutrient Web SDK guide shows for server-backed mode:
//   onAuthFailed: async () => { const r = await fetch('/api/token'); const { jwt } = await r.json(); instance.setSession(jwt); }
// plus one setTimeout that renews 5 minutes before `exp` (the payload decoded with atob).
// Only the token URL is a parameter (Node needs an absolute URL); everything else is the guide's code.
// The one liberty: base64url is mapped to base64 before atob, or atob throws on '-'/'_' in a payload.

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

export function guidePattern(tokenUrl: string): GuidePattern {
  let instance: GuideInstance | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // BASELINE: Nutrient guide pattern — onAuthFailed
  const onAuthFailed = async () => {
    const r = await fetch(tokenUrl);
    const { jwt } = await r.json();
    instance!.setSession(jwt);
  };

  // BASELINE: Nutrient guide pattern — one setTimeout, 5 minutes before exp
  function scheduleRenewal(jwt: string) {
    const { exp } = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    timer = setTimeout(async () => {
      const r = await fetch(tokenUrl);
      const { jwt: next } = await r.json();
      instance!.setSession(next);
      scheduleRenewal(next);
    }, exp * 1000 - 5 * 60 * 1000 - Date.now());
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
