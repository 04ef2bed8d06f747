// Queued misbehaviours of the token endpoint: "the next N token requests answer like this".
import { BadRequestError } from './http-errors';

// same-token: the JWT served last, again (a backend caching per user); 302: a redirect to the
// sign-in page on the same origin (LOGIN_PATH); no-date: a good answer without a Date header.
export const TOKEN_FAULT_MODES = [
  '500', '503', '429', '400', '401', '403', '302', 'html', 'malformed', 'empty', 'other-document', 'expired', 'hang',
  'same-token', 'no-date',
] as const;
export type TokenFaultMode = (typeof TOKEN_FAULT_MODES)[number];

export interface TokenFault {
  mode: TokenFaultMode;
  count?: number; // default 1
  retryAfterSec?: number; // sent as Retry-After on error statuses
}

export interface QueuedTokenFault { mode: TokenFaultMode; remaining: number; retryAfterSec?: number }

export class TokenFaultQueue {
  private queue: QueuedTokenFault[] = [];

  add(fault: TokenFault): void {
    const { mode, count = 1, retryAfterSec } = validateTokenFault(fault);
    this.queue.push({ mode, remaining: count, ...(retryAfterSec !== undefined && { retryAfterSec }) });
  }

  clear(): void {
    this.queue = [];
  }

  /** The fault for the current token request, if any (consumes one). */
  take(): QueuedTokenFault | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) this.queue.shift();
    return head;
  }

  pending(): QueuedTokenFault[] {
    return this.queue.map((fault) => ({ ...fault }));
  }
}

/** Checks an admin-API body; throws a 400 naming the problem. */
export function validateTokenFault(body: unknown): TokenFault {
  const fault = body as Partial<TokenFault> | null;
  if (typeof fault !== 'object' || fault === null) throw new BadRequestError('Expected {"mode", "count"}');
  if (!TOKEN_FAULT_MODES.includes(fault.mode as TokenFaultMode)) {
    throw new BadRequestError(`mode must be one of ${TOKEN_FAULT_MODES.join(', ')}`);
  }
  const count = fault.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new BadRequestError('count must be an integer >= 1');
  const retry = fault.retryAfterSec;
  if (retry !== undefined && (typeof retry !== 'number' || retry < 0)) throw new BadRequestError('retryAfterSec must be a number >= 0');
  return { mode: fault.mode as TokenFaultMode, count, ...(retry !== undefined && { retryAfterSec: retry }) };
}
