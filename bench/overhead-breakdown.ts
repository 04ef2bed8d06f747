import ky from 'ky';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { median } from './stats.js';
import { startTokenServer } from './token-server.js';

/**
 * Where ours' extra time goes: the same request made by plain fetch, by ky with the options
 * src/fetch-token.ts uses, and fetch plus jose's decode, alternating. Medians in ms.
 */
export async function overheadBreakdown({ iterations = 200, warmup = 50 } = {}) {
  const server = await startTokenServer({ documentId: 'bench-doc' });
  const variants = {
    fetch: async () => (await fetch(server.url)).json(),
    ky: async () => {
      const response = await ky(server.url, {
        retry: 0, timeout: false, throwHttpErrors: false, cache: 'no-store', credentials: 'same-origin',
        signal: new AbortController().signal,
      });
      return JSON.parse(await response.text());
    },
    fetchAndDecode: async () => {
      const { jwt } = (await (await fetch(server.url)).json()) as { jwt: string };
      decodeProtectedHeader(jwt);
      return decodeJwt(jwt);
    },
  };
  const times: Record<keyof typeof variants, number[]> = { fetch: [], ky: [], fetchAndDecode: [] };
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      for (const name of Object.keys(variants) as Array<keyof typeof variants>) {
        const start = performance.now();
        await variants[name]();
        if (i >= warmup) times[name].push(performance.now() - start);
      }
    }
  } finally {
    await server.close();
  }
  const fetchMs = median(times.fetch);
  return { fetchMs, kyExtraMs: median(times.ky) - fetchMs, decodeExtraMs: median(times.fetchAndDecode) - fetchMs };
}
