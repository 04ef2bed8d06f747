// Checks several scenarios share: the engine refused nothing, and the engine took a renewal's token.
import type { RequestEntry } from '../admin-api';
import type { ScenarioContext } from './context';
import { ScenarioFailure } from './scenario';

export async function noRefusals(t: ScenarioContext): Promise<void> {
  const refused = await t.refusals();
  t.check(refused.length === 0, 'no auth failure at the engine', `the engine refused ${refused.length} request(s): ${refused.map((r) => `${r.kind} ${r.status} ${r.detail ?? ''}`).join(', ')}`);
}

/** The viewer's /auth with the new token reached the engine and was accepted. */
export async function tokenTaken(t: ScenarioContext, renewedAt: number): Promise<void> {
  // A later (re)load's /auth carries the load's own token: it proves nothing about this renewal's.
  const nextLoad = t.demo.nextLoadAfter(renewedAt);
  const isAuth = (entry: RequestEntry) => entry.server === 'engine' && entry.kind === 'auth' && entry.method === 'POST' && entry.time >= renewedAt - 5 && entry.time < nextLoad;
  try {
    const auth = await t.waitForRequest('/auth 200 after the renewal', (entry) => isAuth(entry) && entry.status === 200, 10_000);
    t.check(true, `the engine took the new token: /auth 200 → ${auth.session}`);
  } catch {
    const seen = (await t.requests(isAuth)).map((entry) => `${entry.status} ${entry.detail ?? ''}`.trim());
    throw new ScenarioFailure(`the engine did not take the new token within 10 s; /auth answers after the renewal: ${seen.join(', ') || 'none'}`);
  }
}
