import { guidePattern } from './baseline.js';
import { loadOurs } from './fake-viewer.js';
import { ms, type Result } from './stats.js';
import { startTokenServer } from './token-server.js';

const DOCUMENT_ID = 'bench-doc';

/** Deduplication: N concurrent onAuthFailed calls, refresh requests counted at the endpoint. */
export async function dedup({ concurrent = 1000 } = {}): Promise<Result> {
  const server = await startTokenServer({ documentId: DOCUMENT_ID });
  try {
    // Ours, default renewal options except no proactive timer (Node has no page to watch).
    const ours = await loadOurs({ refresh: server.url, documentId: DOCUMENT_ID, renewal: { proactive: false } });
    server.reset(); // the initial token's request is not part of the burst
    let start = performance.now();
    const oursSettled = await Promise.allSettled(Array.from({ length: concurrent }, () => ours.onAuthFailed()));
    const oursMs = performance.now() - start;
    const oursRequests = server.requests;
    const oursRejected = oursSettled.filter((s) => s.status === 'rejected').length;
    const oursSetSession = ours.instance.sessionsSetAt.length;
    ours.session.unload();

    const baseline = guidePattern(server.url);
    let baselineSetSession = 0;
    baseline.start({ setSession: () => baselineSetSession++ }, ours.instance.jwt);
    baseline.stop();
    server.reset();
    start = performance.now();
    const baseSettled = await Promise.allSettled(Array.from({ length: concurrent }, () => baseline.onAuthFailed()));
    const baseMs = performance.now() - start;
    const baseRequests = server.requests;
    const baseRejected = baseSettled.filter((s) => s.status === 'rejected').length;

    return {
      number: 'G2',
      title: `Guard: ${concurrent} concurrent onAuthFailed make one request, Node`,
      rows: [
        {
          metric: `token requests for ${concurrent} concurrent onAuthFailed`,
          ours: String(oursRequests),
          guide: String(baseRequests),
          floor: '1',
          compare: '—',
          target: '1',
          verdict: oursRequests === 1 && oursSetSession === 1 && oursRejected === 0 ? { kind: 'met' } : { kind: 'missed' },
        },
      ],
      notes: [
        `The real SDK merges concurrent auth failures itself (in real recoveries both sides made exactly one token request), so ` +
          `this cannot happen through the viewer: it guards the library's own sharing of one renewal between triggers. ` +
          `Ours: ${oursRequests} request(s), setSession ${oursSetSession} time(s), ${oursRejected} of ${concurrent} calls rejected, ` +
          `settled in ${ms(oursMs, 1)}. Guide: ${baseRequests} requests, setSession ${baselineSetSession} times, ${baseRejected} ` +
          `rejected, ${ms(baseMs, 1)}.`,
      ],
    };
  } finally {
    await server.close();
  }
}
