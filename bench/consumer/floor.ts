// The physical floor of a cold start: the guide's code with the token request and the SDK's
// download started together (they do not depend on each other), then load().
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
