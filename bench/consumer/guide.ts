// A consumer page with the guide's code (bench/baseline.ts): the SDK imported lazily (so it stays
// out of the initial chunk, as ours does), then the token, then load(), one step after the other.
import { guidePattern } from '../baseline.js';

const params = new URLSearchParams(location.search);
const pattern = guidePattern('/api/token');
const { default: NutrientViewer } = await import('@nutrient-sdk/viewer');
const r = await fetch('/api/token');
const { jwt } = await r.json();
const instance = await NutrientViewer.load({
  container: '#viewer',
  serverUrl: params.get('engineUrl')!,
  documentId: params.get('documentId')!,
  authPayload: { jwt },
  instant: false,
  baseUrl: `${location.origin}/`,
  onAuthFailed: pattern.onAuthFailed,
});
pattern.start(instance, jwt);
(window as { __loadedAt?: number }).__loadedAt = performance.now();
