import type { SessionClock } from './clock.js';
import { ConfigurationError, type SessionEndReason } from './errors.js';
import type { RenewalReason } from './events.js';
import { readSharingMessage, type SharingMessage } from './sharing-messages.js';
import { browserChannel, type ChannelFactory, type ChannelLike } from './tab-channel.js';

/**
 * Same-origin tabs (and viewers in one page) on the same engine and document share fresh tokens
 * in memory, so one token request per lifetime serves them all, and a sign-out reaches them all.
 *
 * @example
 * ```ts
 * loadViewer({ ...options, sharing: { scope: currentUser.id } });
 * ```
 */
export interface SharingOptions {
  /** Whose tokens these are, e.g. the user id: only sessions with the same scope share. Required. */
  scope: string;
  /** How long a tab waits for another tab's announced renewal before asking itself. Default 5 000. */
  graceMs?: number;
  /** The transport; default `BroadcastChannel`. Where there is none, each tab works alone. */
  channel?: ChannelFactory;
}

export interface SharingHandlers {
  /** Another tab's token for our document: check it like any token. */
  token(jwt: string, remainingMs: number, reason: RenewalReason): void;
  /** Another tab learned the user is signed out. */
  ended(reason: SessionEndReason, status: number): void;
  /** Another tab announced a renewal: our own may wait for it. */
  claimed(): void;
}

const CHANNEL_PREFIX = 'nutrient-viewer-session:';
/** How long a tab that announced its turn listens for a competing announcement before it asks. */
const SETTLE_MS = 250;

/**
 * One tab's side of the sharing. It never blocks a renewal: it only moves this tab's proactive
 * renewal by a short, jittered wait (visible tabs first), or by a grace period after another tab
 * announced one, and never past its own cap (50–60 % of the way from due to expiry, 75 % right
 * after a fresh announcement). A reactive renewal never waits.
 */
export class TokenSharing {
  readonly tab = Math.random().toString(36).slice(2);
  readonly #channel: ChannelLike | undefined;
  readonly #graceMs: number;
  /** When another tab announced a renewal that wins over ours. */
  #claimedAt: number | undefined;
  /** When this tab announced its own proactive renewal, still settling. */
  #ownClaimAt: number | undefined;
  #jitterMs = 0;
  /** Where between halfway and 60 % of the way to expiry this tab stops waiting on others (0..1). */
  #capShare = 0;
  readonly #onMessage = (event: { data: unknown }) => this.#receive(readSharingMessage(event.data));

  constructor(
    options: SharingOptions,
    readonly key: string,
    private readonly clock: SessionClock,
    private readonly handlers: SharingHandlers,
    private readonly isVisible: () => boolean,
  ) {
    if (typeof options.scope !== 'string' || options.scope === '') {
      throw new ConfigurationError('"sharing.scope" is required: a key for whose tokens these are, e.g. the user id');
    }
    this.#graceMs = options.graceMs ?? 5_000;
    this.#channel = (options.channel ?? browserChannel)(CHANNEL_PREFIX + options.scope);
    this.#channel?.addEventListener('message', this.#onMessage);
    this.newLifetime();
  }

  /** A new token: pick this tab's place in the queue for its renewal. Visible tabs go first. */
  newLifetime(): void {
    const visible = this.isVisible();
    this.#jitterMs = visible ? Math.random() * 250 : 1_000 + Math.random() * 2_000;
    this.#capShare = (visible ? 0 : 0.5) + Math.random() * 0.5;
    this.#claimedAt = undefined;
    this.#ownClaimAt = undefined;
  }

  /**
   * When this tab should start its own proactive renewal, given when it is due and when the token
   * expires (session time): after its jitter, or after a grace period when another tab announced one,
   * and no later than its cap, between halfway and 60 % of the way from `due` to expiry. Caps are
   * spread (visible tabs first), and a tab that announced just before the cap gets its settle to ask
   * (up to three quarters of the way): tabs that all waited on one that died take one turn, not one each.
   */
  renewalDue(due: number, expiry: number): number {
    const window = Math.max(0, expiry - due);
    const heard = this.#claimedAt === undefined ? -Infinity : this.#claimedAt + 2 * SETTLE_MS;
    const latest = Math.min(Math.max(due + window * (0.5 + 0.1 * this.#capShare), heard), due + window * 0.75);
    const claimed = this.#claimedAt === undefined ? -Infinity : this.#claimedAt + this.#graceMs + this.#jitterMs;
    const settled = this.#ownClaimAt === undefined ? -Infinity : this.#ownClaimAt + SETTLE_MS;
    // Our own announcement always gets its settle time: clipped by the cap, the timer would spin until it ends.
    return Math.max(Math.min(Math.max(due + this.#jitterMs, claimed), latest), settled);
  }

  /**
   * A proactive renewal is due here. The first call announces this tab's turn and says "not yet";
   * once the announcement has settled with no competing one from a tab that wins (lower id), "go".
   */
  takeTurn(now: number): boolean {
    if (this.#ownClaimAt === undefined) {
      this.#ownClaimAt = now;
      this.claim();
      return false;
    }
    if (now < this.#ownClaimAt + SETTLE_MS) return false;
    this.#ownClaimAt = undefined;
    return true;
  }

  /** This tab starts a renewal: the others hold back theirs for a grace period. */
  claim(): void {
    this.#post({ v: 1, kind: 'claim', tab: this.tab, key: this.key });
  }

  share(jwt: string, remainingMs: number, reason: RenewalReason): void {
    this.#post({ v: 1, kind: 'token', tab: this.tab, key: this.key, jwt, remainingMs, reason });
  }

  end(reason: SessionEndReason, status: number): void {
    this.#post({ v: 1, kind: 'ended', tab: this.tab, reason, status });
  }

  close(): void {
    this.#channel?.removeEventListener('message', this.#onMessage);
    this.#channel?.close();
  }

  #post(message: SharingMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed or broken channel: sharing is an optimisation, this tab goes on alone.
    }
  }

  #receive(message: SharingMessage | undefined): void {
    if (!message || message.tab === this.tab) return;
    if (message.kind === 'ended') return this.handlers.ended(message.reason, message.status);
    if (message.key !== this.key) return;
    if (message.kind === 'claim') {
      // Two announcements crossed: the lower tab id goes on, the other waits for its token.
      if (this.#ownClaimAt !== undefined && message.tab > this.tab) return;
      this.#ownClaimAt = undefined;
      this.#claimedAt = this.clock.now();
      this.handlers.claimed();
    } else this.handlers.token(message.jwt, message.remainingMs, message.reason);
  }
}
