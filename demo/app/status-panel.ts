// The Session block: state badge, live countdown to expiry (every 250 ms), next renewal, totals.
import { byId } from './dom';
import type { DemoSession } from './demo-session';
import { duration, plural, relative, shortClockTime } from './format';
import { RENEWAL_REASONS, type SessionStats } from './session-stats';

const TICK_MS = 250;

export class StatusPanel {
  readonly #badge = byId('state-badge');
  readonly #countdown = byId('expiry-countdown');
  readonly #barFill = byId('expiry-bar-fill');
  readonly #nextRenewal = byId('next-renewal');
  readonly #renewalCount = byId('renewal-count');
  readonly #reasons = byId('renewal-reasons');
  readonly #lastRenewal = byId('last-renewal');
  readonly #retryCount = byId('retry-count');
  readonly #errorCount = byId('error-count');
  readonly #lastError = byId('last-error');
  readonly #reasonChips = RENEWAL_REASONS.map((reason) => {
    const chip = document.createElement('span');
    chip.className = 'reason-chip';
    chip.dataset.reason = reason;
    return chip;
  });

  constructor(private readonly demo: DemoSession, private readonly stats: SessionStats, private readonly proactive: () => boolean) {
    this.#reasons.replaceChildren(...this.#reasonChips);
    setInterval(() => this.render(), TICK_MS);
  }

  render(now = Date.now()): void {
    // Until the viewer has loaded the badge says so; then it shows the library's own state.
    const { kind } = this.demo.status;
    const state = kind === 'loaded' ? (this.demo.session?.state ?? this.stats.state) : kind;
    this.#badge.textContent = state;
    this.#badge.dataset.state = state;
    this.#renderExpiry(now);
    this.#renderTotals();
  }

  #renderExpiry(now: number): void {
    const session = this.demo.session;
    const expiresAt = session?.expiresAt;
    if (expiresAt === undefined) {
      this.#countdown.textContent = '—';
      this.#barFill.style.width = '0%';
    } else {
      const left = expiresAt - now;
      this.#countdown.textContent = left >= 0 ? duration(left) : `expired ${duration(left)} ago`;
      this.#countdown.dataset.expired = String(left < 0);
      const lifetime = expiresAt - (this.stats.tokenReceivedAt ?? now);
      this.#barFill.style.width = `${lifetime > 0 ? Math.max(0, Math.min(100, (left / lifetime) * 100)) : 0}%`;
    }
    const renewAt = session?.renewAt;
    if (!this.proactive()) this.#nextRenewal.textContent = 'off (only on onAuthFailed)';
    else if (renewAt === undefined || session?.state === 'ended') this.#nextRenewal.textContent = '—';
    else this.#nextRenewal.textContent = `${relative(renewAt, now)} (${shortClockTime(renewAt)})`;
  }

  #renderTotals(): void {
    const { stats } = this;
    this.#renewalCount.textContent = String(stats.renewals);
    RENEWAL_REASONS.forEach((reason, i) => {
      const chip = this.#reasonChips[i]!;
      chip.dataset.zero = String(stats.byReason[reason] === 0);
      chip.textContent = `${reason} ${stats.byReason[reason]}`;
    });
    const last = stats.lastRenewal;
    this.#lastRenewal.textContent = last
      ? `${last.reason}, ${duration(last.durationMs)}, ${plural(last.attempts, 'attempt')} at ${shortClockTime(last.at)}`
      : '—';
    this.#retryCount.textContent = String(stats.retries);
    const unexplained = stats.errors - stats.explainedErrors;
    this.#errorCount.textContent = stats.explainedErrors === 0 ? String(stats.errors) : `${stats.errors} (${unexplained === 0 ? 'all' : stats.explainedErrors} from QA's faults)`;
    this.#errorCount.dataset.bad = String(unexplained > 0);
    const error = stats.lastError;
    this.#lastError.textContent = error ? `last: ${error.name}: ${error.message}` : '';
    this.#lastError.title = error ? `${error.name} at ${shortClockTime(error.at)}: ${error.message}` : '';
    // Greyed once a later renewal succeeded: history, not the current problem.
    this.#lastError.dataset.recovered = String(!!error && ((!!last && last.at > error.at) || unexplained === 0));
  }
}
