import { jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { isSessionError } from '../../src/errors/guards.js';
import { createViewerSession } from '../../src/session/session.js';
import { browserEnvironment } from '../../src/session/environment.js';
import { loadViewer } from '../../src/viewer/load-viewer.js';
import { fakeBrowser } from '../support/fake-browser.js';
import { createFakeSdk, FakeEngine, type FakeInstance } from '../support/fake-sdk.js';
import { startReadmeEndpoint, type ReadmeUser } from '../support/readme-endpoint.js';

// The README's endpoint (its code block, run as written) and its client snippets' calls, with two
// documents: each viewer must get a token for its own document. The endpoint refuses a request
// that does not name one, so this fails when the library stops sending the viewer's documentId.
let user: ReadmeUser | undefined;
let endpoint: Awaited<ReturnType<typeof startReadmeEndpoint>>;
const mayView = (...documents: string[]): ReadmeUser => ({ mayView: (documentId) => documents.includes(documentId) });

beforeAll(async () => {
  endpoint = await startReadmeEndpoint(() => user);
});
afterAll(() => endpoint?.close());

/** The document a JWT names, after checking it carries the README key's signature. */
async function signedDocument(jwt: string | undefined): Promise<unknown> {
  const { payload } = await jwtVerify(jwt ?? '', endpoint.publicKey);
  return payload['document_id'];
}

/** A fake SDK for one document that records the JWT each load() authenticated with. */
function viewerFor(documentId: string) {
  const sdk = createFakeSdk(new FakeEngine({ documentId }));
  const loadedWith: string[] = [];
  const load = sdk.load.bind(sdk);
  sdk.load = (config: any) => (loadedWith.push(config.authPayload?.jwt), load(config));
  return { sdk, loadedWith };
}

describe("the README's token endpoint with the README's client code", () => {
  it('gives each of two viewers (loadViewer and createViewerSession) a signed token for its own document', async () => {
    user = mayView('doc_a', 'doc_b');
    const environment = browserEnvironment(fakeBrowser().globals);
    const a = viewerFor('doc_a');
    // The "Use" snippet's call, as the React and Vue adapters make it.
    const first = await loadViewer<FakeInstance>({ container: '#a', serverUrl: 'http://engine.test/', documentId: 'doc_a', refresh: endpoint.url, sdk: a.sdk, environment });
    // The Angular snippet's: createViewerSession, then the app's own NutrientViewer.load.
    const b = viewerFor('doc_b');
    const second = createViewerSession({ documentId: 'doc_b', refresh: endpoint.url, environment });
    const instance = await b.sdk.load({ container: '#b', serverUrl: 'http://engine.test/', documentId: 'doc_b', instant: false, ...(await second.loadConfiguration()) });
    second.attach(instance as never, { sdk: b.sdk as never, container: '#b' });
    expect(first.state).toBe('active');
    expect(second.state).toBe('active');
    expect(await signedDocument(a.loadedWith[0])).toBe('doc_a');
    expect(await signedDocument(b.loadedWith[0])).toBe('doc_b');
    first.unload();
    second.unload();
  });

  it('answers 400 to a request without a document, 403 for a document the user may not view, 401 when signed out', async () => {
    user = mayView('doc_a');
    expect((await fetch(endpoint.url)).status).toBe(400);
    expect((await fetch(`${endpoint.url}?documentId=doc_b`)).status).toBe(403);
    const ok = await fetch(`${endpoint.url}?documentId=doc_a`);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await signedDocument(((await ok.json()) as { jwt: string }).jwt)).toBe('doc_a');
    user = undefined;
    expect((await fetch(`${endpoint.url}?documentId=doc_a`)).status).toBe(401);
  });

  it('ends the session of a viewer whose document the user may not view (the endpoint\'s 403)', async () => {
    user = mayView('doc_a');
    const { sdk } = viewerFor('doc_b');
    const error = await loadViewer<FakeInstance>({
      container: '#c', serverUrl: 'http://engine.test/', documentId: 'doc_b', refresh: endpoint.url, sdk,
      environment: browserEnvironment(fakeBrowser().globals),
    }).catch((failure: unknown) => failure);
    expect(isSessionError(error, 'session-ended')).toBe(true);
    expect(sdk.loads).toBe(0);
  });
});

describe("the README's Vite proxy for a token endpoint on another port", () => {
  it('brings the endpoint to the page\'s origin: the session gets its document\'s token through it, with the Date header', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const [, path, target] = /server: \{ proxy: \{ '([^']+)': '([^']+)' \} \}/.exec(readme) ?? [];
    expect(target).toBe(`http://127.0.0.1:${/app\.listen\((\d+)\)/.exec(readme)?.[1]}`); // the port the endpoint listens on
    const endpointPort = new URL(endpoint.url).port;
    const vite = await createServer({
      configFile: false,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, proxy: { [path!]: target!.replace(/:\d+$/, `:${endpointPort}`) } },
    });
    onTestFinished(() => vite.close());
    await vite.listen();
    const { port } = vite.httpServer!.address() as { port: number };
    user = mayView('doc_a', 'doc_b');
    const viaProxy = `http://127.0.0.1:${port}/api/viewer-token`;
    const answer = await fetch(`${viaProxy}?documentId=doc_b`);
    expect(answer.headers.get('date')).toBeTruthy();
    expect(await signedDocument(((await answer.json()) as { jwt: string }).jwt)).toBe('doc_b');
    const session = createViewerSession({ documentId: 'doc_a', refresh: viaProxy, environment: browserEnvironment(fakeBrowser().globals) });
    const { authPayload } = await session.loadConfiguration();
    expect(await signedDocument(authPayload.jwt)).toBe('doc_a');
    session.unload();
  });
});
