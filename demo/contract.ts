// The smallest page that loads the real viewer against a Document Engine (here: the stand-in),
// using the SDK bare, without this library, to pin the protocol the library depends on.
// The JWT comes from /api/token (proxied to the control server), never from the URL.
import NutrientViewer, { type Instance } from '@nutrient-sdk/viewer';
import type { ContractPage } from './contract-api';

class TokenRequestError extends Error {
  constructor(status: number) {
    super(`Token endpoint answered ${status}`);
    this.name = 'TokenRequestError';
  }
}

async function fetchJwt(): Promise<string> {
  const response = await fetch('/api/token', { method: 'POST' });
  if (!response.ok) throw new TokenRequestError(response.status);
  return ((await response.json()) as { jwt: string }).jwt;
}

const params = new URLSearchParams(location.search);
const page: ContractPage = { status: 'loading', authFailedCalls: 0, setSessionCalls: 0 };
window.__contract = page;
window.NutrientViewer = NutrientViewer; // lets the test build annotations in page.evaluate

// onAuthFailed is configured before load() resolves, so it reaches the instance through this.
let instance: Instance | undefined;

try {
  instance = await NutrientViewer.load({
    container: '#viewer',
    serverUrl: params.get('engineUrl') ?? 'http://127.0.0.1:5181/',
    documentId: params.get('documentId') ?? 'sample',
    authPayload: { jwt: await fetchJwt() },
    instant: params.get('instant') === 'true', // default false; true adds the websocket and long poll
    baseUrl: `${location.origin}/`,
    onAuthFailed: async () => {
      page.authFailedCalls += 1;
      const jwt = await fetchJwt();
      instance?.setSession(jwt);
      page.setSessionCalls += 1;
    },
  });
  window.__viewer = instance;
  page.status = 'loaded';
} catch (error) {
  page.status = 'failed';
  page.error = error instanceof Error ? error.message : String(error);
}
