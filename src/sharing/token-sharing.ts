// sharing/: tabs of one user on one engine and document share fresh tokens and sign-outs over a
// same-origin BroadcastChannel (`tab-channel.ts`), in messages checked on arrival
// (`sharing-messages.ts`). This side records what it hears; when to take a turn or a token is the
// policy's (`policy/renewal-policy.ts`, section 7).
import type { SessionClock } from '../session/clock.js';
import { ConfigurationError, type SessionEndReason } from '../errors/errors.js';
import type { RenewalReason } from '../session/events.js';
import { sharingPlace, winsTurn, type SharingFacts } from '../policy/renewal-policy.js';
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
  /** Another tab learned the user is signed out (or, for this document, refused). */
  ended(reason: SessionEndReason, status: number): void;
  /** Another tab announced a renewal: our own may wait for it. */
  claimed(): void;
}

const CHANNEL_PREFIX = 'nutrient-viewer-session:';

/**
 * One tab's side of the sharing: the channel, and the facts the policy reads (this tab's place in
 * the queue, what it heard). When to take a turn is decided in `renewal-policy.ts`, section 7.
 */
export class TokenSharing {
  readonly tab = Math.random().toString(36).slice(2);
  readonly #channel: ChannelLike | undefined;
  readonly #facts: Omit<SharingFacts, 'kept'>;
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
    this.#facts = { graceMs: options.graceMs ?? 5_000, claimedAt: undefined, ownClaimAt: undefined, jitterMs: 0, capShare: 0 };
    this.#channel = (options.channel ?? browserChannel)(CHANNEL_PREFIX + options.scope);
    this.#channel?.addEventListener('message', this.#onMessage);
    this.newLifetime();
  }

  get facts(): Readonly<Omit<SharingFacts, 'kept'>> {
    return this.#facts;
  }

  /** A new token: a new place in the queue for its renewal, and nothing heard yet. */
  newLifetime(): void {
    Object.assign(this.#facts, sharingPlace(this.isVisible()), { claimedAt: undefined, ownClaimAt: undefined });
  }

  /** This tab's proactive renewal is due: tell the others, and listen for a competing announcement. */
  announce(): void {
    this.#facts.ownClaimAt = this.clock.now();
    this.claim();
  }

  /** This tab's turn has come: its announcement has settled. */
  turnTaken(): void {
    this.#facts.ownClaimAt = undefined;
  }

  /** This tab starts a renewal: the others hold back theirs for a grace period. */
  claim(): void {
    this.#post({ v: 1, kind: 'claim', tab: this.tab, key: this.key });
  }

  share(jwt: string, remainingMs: number, reason: RenewalReason): void {
    this.#post({ v: 1, kind: 'token', tab: this.tab, key: this.key, jwt, remainingMs, reason });
  }

  /** A sign-out for every document of the scope, or with `forThisDocument` only for this one. */
  end(reason: SessionEndReason, status: number, forThisDocument: boolean): void {
    this.#post({ v: 1, kind: 'ended', tab: this.tab, reason, status, ...(forThisDocument && { key: this.key }) });
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
    if (message.kind === 'ended') {
      if (message.key === undefined || message.key === this.key) this.handlers.ended(message.reason, message.status);
      return;
    }
    if (message.key !== this.key) return;
    if (message.kind === 'claim') {
      if (this.#facts.ownClaimAt !== undefined && winsTurn(this.tab, message.tab)) return;
      this.#facts.ownClaimAt = undefined;
      this.#facts.claimedAt = this.clock.now();
      this.handlers.claimed();
    } else this.handlers.token(message.jwt, message.remainingMs, message.reason);
  }
}
