// A consumer page with the guide's code (bench/baseline.ts), written as a page that cares would:
// the SDK imported lazily (so it stays out of the initial chunk, as ours does) and the token
// requested at the same time (Nutrient's snippet prescribes no order; doing them one after the
// other would be a page written to lose), then load().
import { guidePattern } from '../baseline.js';

const params = new URLSearchParams(location.search);
const pattern = guidePattern('/api/token');
const [{ default: NutrientViewer }, { jwt }] = await Promise.all([
  import('@nutrient-sdk/viewer'),
  fetch('/api/token').then((r) => r.json()),
]);
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
