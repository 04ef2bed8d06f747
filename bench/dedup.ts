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

    const met = oursRequests === 1;
    return {
      id: 'dedup',
      title: `2. Deduplication (${concurrent} concurrent onAuthFailed), Node`,
      rows: [
        {
          metric: `refresh requests for ${concurrent} concurrent onAuthFailed`,
          ours: String(oursRequests),
          baseline: String(baseRequests),
          ratio: `1/${(baseRequests / Math.max(oursRequests, 1)).toFixed(0)}`,
          target: '1 request',
          met,
        },
      ],
      notes: [
        `Same endpoint, ours first then baseline. Ours: ${oursRequests} request(s), setSession called ${oursSetSession} time(s), ` +
          `${oursRejected} of ${concurrent} calls rejected, all settled in ${ms(oursMs, 1)}. Baseline: ${baseRequests} requests, ` +
          `setSession called ${baselineSetSession} times, ${baseRejected} rejected, all settled in ${ms(baseMs, 1)}.`,
      ],
    };
  } finally {
    await server.close();
  }
}
