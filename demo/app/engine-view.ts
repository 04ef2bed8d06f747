// "Engine's view": what the stand-in saw of this viewer, next to the library's view. The last
// /auth, whether the last renewal's token was taken, auth failures (expected or not), sessions.
import type { DemoSession } from './demo-session';
import { byId } from './dom';
import type { EventLog } from './event-log';
import { faultExplanation } from './fault-explainer';
import { clockTime, duration, plural } from './format';
import { handoverOf, type Handover } from './handover';
import type { QaRun } from './qa-run';
import type { RequestFeed } from './request-feed';

export class EngineView {
  readonly #lastAuth = byId('engine-last-auth');
  readonly #handover = byId('engine-handover');
  readonly #failures = byId('engine-failures');
  readonly #sessions = byId('engine-sessions');
  /** Renewals whose failed handover was logged already. */
  readonly #reported = new Set<number>();
  expectedRefusals = 0;
  unexpectedRefusals = 0;

  constructor(private readonly demo: DemoSession, private readonly feed: RequestFeed, private readonly log: EventLog, private readonly run: QaRun) {}

  /** The run's last renewal's handover, or undefined before any. The first token goes to load(), not setSession. */
  lastHandover(): Handover | undefined {
    const renewed = this.demo.timed.findLast(({ at, event }) => event.type === 'renewed' && event.reason !== 'initial' && at >= this.run.startedAt);
    return renewed && handoverOf(renewed.at, this.feed.entries, this.feed.readAt, this.demo.nextLoadAfter(renewed.at));
  }

  resetCounts(): void {
    this.expectedRefusals = 0;
    this.unexpectedRefusals = 0;
  }

  render(): void {
    const report = this.feed.report;
    const auth = report?.lastAuth;
    this.#lastAuth.textContent = auth
      ? `${auth.status}${auth.session ? ` → ${auth.session}` : ''}${auth.detail ? ` ${auth.detail}` : ''} at ${clockTime(auth.at)} · ${`${report.auth.ok} accepted`}, ${report.auth.refused} refused`
      : '—';
    this.#lastAuth.dataset.bad = String(!!auth && auth.status !== 200);

    const handover = this.lastHandover();
    this.#handover.dataset.status = handover?.status ?? 'none';
    this.#handover.textContent = handover ? describeHandover(handover) : '—';
    if (handover && (handover.status === 'unconfirmed' || handover.status === 'refused') && !this.#reported.has(handover.renewedAt)) {
      this.#reported.add(handover.renewedAt);
      const text = `the engine did not take the renewed token: ${describeHandover(handover)}`;
      const why = faultExplanation(this.run, handover.renewedAt);
      this.log.add(why ? { kind: 'expected', text: `${text} (expected: ${why})` } : { kind: 'warning', text });
    }

    const failures = report?.authFailures;
    const last = failures?.last;
    this.#failures.textContent = failures
      ? `${failures.total} (${this.expectedRefusals} expected, ${this.unexpectedRefusals} unexpected)${last ? ` · last ${last.status} ${last.detail ?? ''} on ${last.kind}${last.session ? ` (${last.session})` : ''} at ${clockTime(last.at)}` : ''}`
      : '—';
    this.#failures.dataset.bad = String(this.unexpectedRefusals > 0);

    const sessions = report?.sessions.slice(0, 3) ?? [];
    this.#sessions.textContent = sessions.length
      ? sessions
          .map((s) => `${s.id}: ${plural(s.requests, 'request')}, sync ${s.sync.ok} ok${s.sync.failed ? ` / ${s.sync.failed} failed` : ''}${s.refused ? `, ${s.refused} refused` : ''}`)
          .join(' · ')
      : '—';
  }
}

export function describeHandover({ renewedAt, status, auth }: Handover): string {
  const after = auth ? ` ${duration(auth.time - renewedAt)} after the renewal` : '';
  switch (status) {
    case 'confirmed': return `taken: /auth 200 → ${auth!.session ?? '?'}${after}`;
    case 'refused': return `REFUSED: /auth ${auth!.status} ${auth!.detail ?? ''}${after}`;
    case 'waiting': return `waiting for the viewer's /auth (renewed at ${clockTime(renewedAt)})`;
    case 'unconfirmed': return `NOT taken: no /auth with the new token reached the engine within 5 s of the renewal at ${clockTime(renewedAt)} (engine down, or setSession not called)`;
  }
}
