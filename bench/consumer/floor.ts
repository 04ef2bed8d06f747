// The true floor of a cold start: the token is already in the HTML (rendered by the server, see
// floor.html and bench/static-server.ts), so only the SDK's download and evaluation and load()
// stand between navigation and the first tile. The guide's code otherwise.
import { guidePattern } from '../baseline.js';

const params = new URLSearchParams(location.search);
const pattern = guidePattern('/api/token');
const jwt = (window as { __benchToken?: string }).__benchToken!;
const { default: NutrientViewer } = await import('@nutrient-sdk/viewer');
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
